#include "capture/exiforientation.h"
#include "capture/imageloader.h"
#include "capture/jpegcodec.h"
#include "capture/qimageframe.h"

#include "testimages.h"

#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

#include <memory>
#include <vector>

using namespace camchat::capture;
namespace ti = camchat::testimages;

Q_DECLARE_METATYPE(camchat::capture::ImageErrorCode)

namespace {

// Quality-95 4:4:4 JPEG of the smooth test pattern stays well within this.
constexpr int kJpegTolerance = 24;

// An exact-size heap copy, so ASan sees any read past the end (a QByteArray has a
// terminating NUL behind its data).
std::vector<std::uint8_t> exactCopy(const QByteArray &data)
{
    return std::vector<std::uint8_t>(data.cbegin(), data.cend());
}

int readOrientation(const QByteArray &jpeg)
{
    const std::vector<std::uint8_t> copy = exactCopy(jpeg);
    return readJpegExifOrientation(copy);
}

// Where the pixel shown at (dx, dy) of the upright image is stored, for a stored image of
// width x height, straight from the EXIF 2.32 description of the Orientation tag.
QPoint storedPosition(int orientation, int dx, int dy, int width, int height)
{
    switch (orientation) {
    case 2: return {width - 1 - dx, dy};
    case 3: return {width - 1 - dx, height - 1 - dy};
    case 4: return {dx, height - 1 - dy};
    case 5: return {dy, dx};
    case 6: return {dy, height - 1 - dx};
    case 7: return {width - 1 - dy, height - 1 - dx};
    case 8: return {width - 1 - dy, dx};
    default: return {dx, dy};
    }
}

// Compares sample points of a decoded pattern with the pattern, skipping the pixels
// next to the quadrant borders where JPEG rings.
void comparePatternSamples(const Frame &frame, int storedWidth, int storedHeight, int orientation,
                           int tolerance)
{
    const int w = frame.width();
    const int h = frame.height();
    for (int sy = 0; sy < 7; ++sy) {
        for (int sx = 0; sx < 7; ++sx) {
            const int dx = sx * (w - 1) / 6;
            const int dy = sy * (h - 1) / 6;
            const QPoint s = storedPosition(orientation, dx, dy, storedWidth, storedHeight);
            if (tolerance > 0 && storedWidth > 8 && std::abs(s.x() - storedWidth / 2) < 4)
                continue;
            if (tolerance > 0 && storedHeight > 8 && std::abs(s.y() - storedHeight / 2) < 4)
                continue;
            const QRgb expected = ti::patternColor(s.x(), s.y(), storedWidth, storedHeight);
            const QRgb actual = ti::pixelAt(frame, dx, dy);
            if (ti::colorDistance(expected, actual) > tolerance) {
                QFAIL(qPrintable(QStringLiteral("pixel (%1,%2) [stored (%3,%4)] is %5, expected %6")
                                     .arg(dx).arg(dy).arg(s.x()).arg(s.y())
                                     .arg(actual, 8, 16, QLatin1Char('0'))
                                     .arg(expected, 8, 16, QLatin1Char('0'))));
            }
        }
    }
}

bool isProgressive(const QByteArray &jpeg)
{
    return jpeg.contains(QByteArrayView("\xFF\xC2", 2));
}

// The classic 43-byte 1x1 GIF89a (one white pixel, LZW minimum code size 2).
QByteArray tinyGif()
{
    static const unsigned char bytes[] = {
        'G', 'I', 'F', '8', '9', 'a', 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, // header + LSD
        0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00,                                     // global table
        0x21, 0xF9, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,                         // GCE
        0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,             // descriptor
        0x02, 0x02, 0x44, 0x01, 0x00,                                           // LZW data
        0x3B};
    return QByteArray(reinterpret_cast<const char *>(bytes), sizeof bytes);
}

} // namespace

class TestImageLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // EXIF parsing and orientation
    void orientationMatrix3x2_data();
    void orientationMatrix3x2();
    void readExifOrientation_data();
    void readExifOrientation();
    void malformedExifIsOrientation1_data();
    void malformedExifIsOrientation1();
    void exifFuzzNeverOverreads();

    // decoding
    void loadValid_data();
    void loadValid();
    void decodedXByteIsOpaque();
    void exifRotatedJpeg_data();
    void exifRotatedJpeg();
    void exifNotApplied();
    void progressiveJpeg();
    void grayscaleAndSubsampledJpeg_data();
    void grayscaleAndSubsampledJpeg();
    void cmykJpegFallsBackToQt();
    void scaledSizeChoice_data();
    void scaledSizeChoice();
    void dctScaledDecode_data();
    void dctScaledDecode();
    void loadDataMatchesLoadFile();

    // errors
    void brokenData_data();
    void brokenData();
    void emptyAndMissingFiles();
    void notAnImage();
    void permissionDenied();
    void hugeHeaderRejectedFast_data();
    void hugeHeaderRejectedFast();
    void fileTooLarge();
    void hostileBmpHeaders_data();
    void hostileBmpHeaders();
    void otherQtFormats_data();
    void otherQtFormats();
    void gifThroughQt();

    // QImage bridge
    void fromImageComposesAlphaOverWhite();
    void fromImageCopiesPixels();
    void imageFromFrameSharesPixels();
    void imageFromFrameConvertsYuv();

private:
    QTemporaryDir m_dir;
};

void TestImageLoader::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

// ---------------------------------------------------------------------------------------

void TestImageLoader::orientationMatrix3x2_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<int>("width");
    QTest::addColumn<QString>("expected"); // rows of the upright image, letters = stored pixels

    // Stored:  A B C
    //          D E F
    // Upright images per the EXIF spec's description of each value ("0th row is the
    // visual ..., 0th column is the visual ...").
    QTest::newRow("1 top-left") << 1 << 3 << QStringLiteral("ABC" "DEF");
    QTest::newRow("2 top-right") << 2 << 3 << QStringLiteral("CBA" "FED");
    QTest::newRow("3 bottom-right") << 3 << 3 << QStringLiteral("FED" "CBA");
    QTest::newRow("4 bottom-left") << 4 << 3 << QStringLiteral("DEF" "ABC");
    QTest::newRow("5 left-top") << 5 << 2 << QStringLiteral("AD" "BE" "CF");
    QTest::newRow("6 right-top") << 6 << 2 << QStringLiteral("DA" "EB" "FC");
    QTest::newRow("7 right-bottom") << 7 << 2 << QStringLiteral("FC" "EB" "DA");
    QTest::newRow("8 left-bottom") << 8 << 2 << QStringLiteral("CF" "BE" "AD");
}

void TestImageLoader::orientationMatrix3x2()
{
    QFETCH(int, orientation);
    QFETCH(int, width);
    QFETCH(QString, expected);

    // Pixel "A" + i has colour (10 * (i + 1), 200 - i, i); 64-byte rows to check strides.
    Frame stored = Frame::allocate(PixelFormat::Xrgb8888, 3, 2, 64);
    stored.setSequence(17);
    const auto colorOf = [](QChar letter) {
        const int i = letter.unicode() - u'A';
        return qRgb(10 * (i + 1), 200 - i, i);
    };
    for (int y = 0; y < 2; ++y) {
        for (int x = 0; x < 3; ++x) {
            const QRgb c = colorOf(QChar(u'A' + y * 3 + x));
            std::uint8_t *p = stored.bits(0) + y * stored.stride(0) + 4 * x;
            p[0] = static_cast<std::uint8_t>(qBlue(c));
            p[1] = static_cast<std::uint8_t>(qGreen(c));
            p[2] = static_cast<std::uint8_t>(qRed(c));
            p[3] = 0xFF;
        }
    }
    const Frame upright = applyExifOrientation(stored, orientation);
    QVERIFY(upright.isValid());
    QCOMPARE(upright.format(), PixelFormat::Xrgb8888);
    QCOMPARE(upright.width(), width);
    QCOMPARE(upright.height(), 6 / width);
    QCOMPARE(upright.sequence(), std::uint64_t(17));
    for (int i = 0; i < expected.size(); ++i) {
        const int x = i % width;
        const int y = i / width;
        QCOMPARE(ti::pixelAt(upright, x, y), colorOf(expected.at(i)));
    }
}

void TestImageLoader::readExifOrientation_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<bool>("bigEndian");
    for (int o = 1; o <= 8; ++o) {
        QTest::addRow("%d little-endian", o) << o << false;
        QTest::addRow("%d big-endian", o) << o << true;
    }
}

void TestImageLoader::readExifOrientation()
{
    QFETCH(int, orientation);
    QFETCH(bool, bigEndian);
    const QByteArray jpeg = ti::encodeJpeg(ti::patternFrame(16, 8));
    QVERIFY(!jpeg.isEmpty());
    QCOMPARE(readOrientation(jpeg), 1);
    QCOMPARE(readOrientation(ti::withExifOrientation(jpeg, orientation, bigEndian)), orientation);

    // Behind an XMP APP1 and a COM segment, still found.
    QByteArray xmp("\xFF\xE1\x00\x1F" "http://ns.adobe.com/xap/1.0/\0", 33);
    QByteArray comment("\xFF\xFE\x00\x05hi!", 7);
    QByteArray withExif = ti::withExifOrientation(jpeg, orientation, bigEndian);
    withExif.insert(2, xmp + comment);
    QCOMPARE(readOrientation(withExif), orientation);
}

void TestImageLoader::malformedExifIsOrientation1_data()
{
    QTest::addColumn<QByteArray>("tiff");

    const QByteArray good = ti::tiffWithOrientation(6);
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("bad byte order") << QByteArray("XX").append(good.mid(2));
    QTest::newRow("bad magic") << QByteArray(good).replace(2, 2, QByteArray("\x2B\x00", 2));
    QTest::newRow("ifd offset past end") << QByteArray(good).replace(4, 4, QByteArray("\xF0\x00\x00\x00", 4));
    QTest::newRow("ifd offset huge") << QByteArray(good).replace(4, 4, QByteArray("\xFF\xFF\xFF\xFF", 4));
    // 65535 entries announced, one present and not the one looked for: the walk runs
    // into the end of the data.
    QTest::newRow("entry count huge") << QByteArray(good)
                                             .replace(8, 2, QByteArray("\xFF\xFF", 2))
                                             .replace(10, 2, QByteArray("\x00\x01", 2));
    QTest::newRow("value 0") << QByteArray(ti::tiffWithOrientation(0));
    QTest::newRow("value 9") << QByteArray(ti::tiffWithOrientation(9));
    QTest::newRow("value 0x106") << QByteArray(ti::tiffWithOrientation(0x106));
    QTest::newRow("count 0") << QByteArray(good).replace(14, 4, QByteArray(4, '\0'));
    QTest::newRow("type ASCII") << QByteArray(good).replace(12, 2, QByteArray("\x02\x00", 2));
    // The Orientation entry ends at byte 22; any cut before that loses it.
    for (int keep = 0; keep < 22; keep += 3)
        QTest::addRow("cut to %d bytes", keep) << good.left(keep);
    QTest::newRow("cut to 21 bytes") << good.left(21);
}

void TestImageLoader::malformedExifIsOrientation1()
{
    QFETCH(QByteArray, tiff);
    const std::vector<std::uint8_t> copy = exactCopy(tiff);
    QCOMPARE(readTiffOrientation(copy), 1);
    const QByteArray jpeg = ti::withExifPayload(ti::encodeJpeg(ti::patternFrame(8, 8)), tiff);
    QCOMPARE(readOrientation(jpeg), 1);
    // Still a fine image.
    const LoadedImage loaded = ImageLoader::loadData(jpeg);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.exifOrientation, 1);
}

void TestImageLoader::exifFuzzNeverOverreads()
{
    const QByteArray jpeg = ti::withExifOrientation(ti::encodeJpeg(ti::patternFrame(8, 8)), 6, true);
    QCOMPARE(readOrientation(jpeg), 6);
    // The APP1 segment is bytes 2..37 (marker, length, "Exif\0\0", 26 bytes of TIFF).
    // Every byte of it, and every cut through it, set to values that stress lengths and
    // offsets: the reader must stay inside the buffer (ASan checks) and only ever answer
    // 1..8.
    const std::uint8_t values[] = {0x00, 0x01, 0x07, 0x2A, 0x7F, 0x80, 0xFE, 0xFF};
    for (int pos = 0; pos < 40; ++pos) {
        for (const std::uint8_t v : values) {
            QByteArray mutated = jpeg;
            mutated[pos] = static_cast<char>(v);
            const int o = readOrientation(mutated);
            QVERIFY(o >= 1 && o <= 8);
        }
        if (pos < 38)
            QCOMPARE(readOrientation(jpeg.left(pos)), 1);
        else
            QCOMPARE(readOrientation(jpeg.left(pos)), 6);
    }
    // A segment length that points past the end of the data.
    QByteArray longSegment = jpeg.left(40);
    longSegment[4] = static_cast<char>(0x7F);
    QCOMPARE(readOrientation(longSegment), 1);
}

// ---------------------------------------------------------------------------------------

void TestImageLoader::loadValid_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    for (const char *format : {"jpeg", "png"}) {
        QTest::addRow("%s 1x1", format) << QString::fromLatin1(format) << 1 << 1;
        QTest::addRow("%s 4097x3", format) << QString::fromLatin1(format) << 4097 << 3;
        QTest::addRow("%s 3x4097", format) << QString::fromLatin1(format) << 3 << 4097;
        QTest::addRow("%s 640x480", format) << QString::fromLatin1(format) << 640 << 480;
    }
}

void TestImageLoader::loadValid()
{
    QFETCH(QString, format);
    QFETCH(int, width);
    QFETCH(int, height);

    const Frame pattern = ti::patternFrame(width, height);
    const bool jpeg = format == QLatin1String("jpeg");
    const QByteArray bytes = jpeg ? ti::encodeJpeg(pattern) : ti::encodePng(pattern);
    QVERIFY(!bytes.isEmpty());
    const QString path = ti::writeTempFile(m_dir, QStringLiteral("valid.") + format, bytes);
    QVERIFY(!path.isEmpty());

    const LoadedImage loaded = ImageLoader::loadFile(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.error.code, ImageErrorCode::None);
    QCOMPARE(loaded.formatName, format);
    QCOMPARE(loaded.storedSize, QSize(width, height));
    QCOMPARE(loaded.exifOrientation, 1);
    QCOMPARE(loaded.frame.format(), PixelFormat::Xrgb8888);
    QCOMPARE(loaded.frame.width(), width);
    QCOMPARE(loaded.frame.height(), height);
    QVERIFY(loaded.frame.stride(0) >= width * 4);
    // PNG is lossless: every sample exact, even at the quadrant borders.
    comparePatternSamples(loaded.frame, width, height, 1, jpeg ? kJpegTolerance : 0);
    if (!jpeg) {
        QCOMPARE(ti::pixelAt(loaded.frame, width - 1, height - 1),
                 ti::patternColor(width - 1, height - 1, width, height));
        QCOMPARE(ti::pixelAt(loaded.frame, width / 2, height / 2),
                 ti::patternColor(width / 2, height / 2, width, height));
    }
}

void TestImageLoader::decodedXByteIsOpaque()
{
    const LoadedImage loaded = ImageLoader::loadData(ti::encodeJpeg(ti::patternFrame(9, 7)));
    QVERIFY(loaded.ok());
    for (int y = 0; y < 7; ++y) {
        const std::uint8_t *line = loaded.frame.constBits(0) + y * loaded.frame.stride(0);
        for (int x = 0; x < 9; ++x)
            QCOMPARE(line[4 * x + 3], std::uint8_t(0xFF));
    }
}

void TestImageLoader::exifRotatedJpeg_data()
{
    QTest::addColumn<int>("orientation");
    QTest::addColumn<bool>("bigEndian");
    for (int o = 1; o <= 8; ++o)
        QTest::addRow("orientation %d", o) << o << (o % 2 == 0);
    QTest::newRow("orientation 6 little-endian") << 6 << false;
    QTest::newRow("orientation 8 big-endian") << 8 << true;
}

void TestImageLoader::exifRotatedJpeg()
{
    QFETCH(int, orientation);
    QFETCH(bool, bigEndian);

    constexpr int kWidth = 96;
    constexpr int kHeight = 64;
    const QByteArray jpeg = ti::withExifOrientation(ti::encodeJpeg(ti::patternFrame(kWidth, kHeight)),
                                                    orientation, bigEndian);
    const QString path = ti::writeTempFile(m_dir, QStringLiteral("rotated.jpg"), jpeg);
    const LoadedImage loaded = ImageLoader::loadFile(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.exifOrientation, orientation);
    QCOMPARE(loaded.storedSize, QSize(kWidth, kHeight));
    const bool swapped = orientation >= 5;
    QCOMPARE(loaded.frame.width(), swapped ? kHeight : kWidth);
    QCOMPARE(loaded.frame.height(), swapped ? kWidth : kHeight);
    comparePatternSamples(loaded.frame, kWidth, kHeight, orientation, kJpegTolerance);
}

void TestImageLoader::exifNotApplied()
{
    const QByteArray jpeg = ti::withExifOrientation(ti::encodeJpeg(ti::patternFrame(48, 32)), 6);
    ImageLoadOptions options;
    options.applyExifOrientation = false;
    const LoadedImage loaded = ImageLoader::loadData(jpeg, options);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.exifOrientation, 6); // reported, not applied
    QCOMPARE(loaded.frame.width(), 48);
    QCOMPARE(loaded.frame.height(), 32);
    comparePatternSamples(loaded.frame, 48, 32, 1, kJpegTolerance);
}

void TestImageLoader::progressiveJpeg()
{
    ti::JpegOptions options;
    options.progressive = true;
    options.subsampling = ti::Subsampling::S420;
    const QByteArray jpeg = ti::encodeJpeg(ti::patternFrame(300, 200), options);
    QVERIFY(isProgressive(jpeg));
    const LoadedImage loaded = ImageLoader::loadData(jpeg);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.frame.width(), 300);
    QCOMPARE(loaded.frame.height(), 200);
    comparePatternSamples(loaded.frame, 300, 200, 1, kJpegTolerance);

    // A progressive file cut after its first scans is still a cut file.
    const LoadedImage cut = ImageLoader::loadData(ti::truncated(jpeg, jpeg.size() * 2 / 3));
    QCOMPARE(cut.error.code, ImageErrorCode::Truncated);
    QVERIFY(!cut.frame.isValid());
}

void TestImageLoader::grayscaleAndSubsampledJpeg_data()
{
    QTest::addColumn<int>("subsampling");
    QTest::newRow("4:2:2") << int(ti::Subsampling::S422);
    QTest::newRow("4:2:0") << int(ti::Subsampling::S420);
    QTest::newRow("gray") << int(ti::Subsampling::Gray);
}

void TestImageLoader::grayscaleAndSubsampledJpeg()
{
    QFETCH(int, subsampling);
    ti::JpegOptions options;
    options.subsampling = static_cast<ti::Subsampling>(subsampling);
    const bool gray = options.subsampling == ti::Subsampling::Gray;
    const QRgb color = qRgb(200, 120, 40);
    const LoadedImage loaded = ImageLoader::loadData(ti::encodeJpeg(ti::solidFrame(33, 17, color), options));
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.frame.width(), 33);
    const QRgb expected = gray ? qRgb(qGray(color), qGray(color), qGray(color)) : color;
    for (const QPoint p : {QPoint(0, 0), QPoint(32, 16), QPoint(16, 8)})
        QVERIFY2(ti::colorDistance(ti::pixelAt(loaded.frame, p.x(), p.y()), expected) <= 4,
                 qPrintable(QString::number(ti::pixelAt(loaded.frame, p.x(), p.y()), 16)));
}

void TestImageLoader::cmykJpegFallsBackToQt()
{
    // TurboJPEG cannot turn CMYK into RGB; the loader hands such files to Qt, which
    // reads Adobe's inverted CMYK. Pure cyan ink: (0, 255, 255, 255) inverted.
    constexpr int kWidth = 24;
    constexpr int kHeight = 16;
    const QByteArray jpeg = ti::encodeCmykJpeg(kWidth, kHeight, 0, 255, 255, 255);
    QVERIFY(!jpeg.isEmpty());
    const LoadedImage loaded = ImageLoader::loadData(jpeg);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.formatName, QStringLiteral("jpeg"));
    QCOMPARE(loaded.storedSize, QSize(kWidth, kHeight));
    QCOMPARE(loaded.frame.width(), kWidth);
    QCOMPARE(loaded.frame.height(), kHeight);
    QVERIFY2(ti::colorDistance(ti::pixelAt(loaded.frame, 5, 5), qRgb(0, 255, 255)) <= 8,
             qPrintable(QString::number(ti::pixelAt(loaded.frame, 5, 5), 16)));
}

void TestImageLoader::scaledSizeChoice_data()
{
    QTest::addColumn<QSize>("stored");
    QTest::addColumn<QSize>("minimum");
    QTest::addColumn<QSize>("expected");

    QTest::newRow("4000x3000 >= 512 -> 1/4") << QSize(4000, 3000) << QSize(512, 512) << QSize(1000, 750);
    QTest::newRow("2000x1500 >= 512 -> 3/8") << QSize(2000, 1500) << QSize(512, 512) << QSize(750, 563);
    QTest::newRow("2000x1500 >= 100 -> 1/8") << QSize(2000, 1500) << QSize(100, 100) << QSize(250, 188);
    QTest::newRow("exactly 1/2") << QSize(2000, 1500) << QSize(1000, 750) << QSize(1000, 750);
    QTest::newRow("one more -> 5/8") << QSize(2000, 1500) << QSize(1001, 1) << QSize(1250, 938);
    QTest::newRow("height decides") << QSize(2000, 1500) << QSize(1, 1126) << QSize(1750, 1313);
    QTest::newRow("minimum above image -> 1/1") << QSize(2000, 1500) << QSize(3000, 3000) << QSize(2000, 1500);
    QTest::newRow("no minimum -> 1/1") << QSize(2000, 1500) << QSize() << QSize(2000, 1500);
    QTest::newRow("zero minimum -> 1/1") << QSize(2000, 1500) << QSize(0, 0) << QSize(2000, 1500);
    QTest::newRow("1x1 image") << QSize(1, 1) << QSize(1, 1) << QSize(1, 1);
    QTest::newRow("tiny minimum -> 1/8") << QSize(17, 9) << QSize(1, 1) << QSize(3, 2);
}

void TestImageLoader::scaledSizeChoice()
{
    QFETCH(QSize, stored);
    QFETCH(QSize, minimum);
    QFETCH(QSize, expected);
    const QSize scaled = JpegDecoder::scaledSize(stored, minimum);
    QCOMPARE(scaled, expected);
    if (minimum.isValid() && minimum.width() <= stored.width() && minimum.height() <= stored.height()) {
        QVERIFY(scaled.width() >= minimum.width());
        QVERIFY(scaled.height() >= minimum.height());
    }
}

void TestImageLoader::dctScaledDecode_data()
{
    QTest::addColumn<QSize>("stored");
    QTest::addColumn<int>("orientation");
    QTest::addColumn<QSize>("minimum");
    QTest::addColumn<QSize>("expected"); // upright result

    QTest::newRow("4000x3000 >= 512x512") << QSize(4000, 3000) << 1 << QSize(512, 512) << QSize(1000, 750);
    QTest::newRow("1600x1200 >= 300x300") << QSize(1600, 1200) << 1 << QSize(300, 300) << QSize(400, 300);
    QTest::newRow("1600x1200 >= 301x1") << QSize(1600, 1200) << 1 << QSize(301, 1) << QSize(400, 300);
    QTest::newRow("1600x1200 >= 401x1") << QSize(1600, 1200) << 1 << QSize(401, 1) << QSize(600, 450);
    // The minimum applies to the upright image: width 900 upright is stored height 900.
    QTest::newRow("rotated 6, >= 900 wide") << QSize(1600, 1200) << 6 << QSize(900, 1) << QSize(900, 1200);
    QTest::newRow("bigger than image") << QSize(320, 240) << 1 << QSize(640, 480) << QSize(320, 240);
}

void TestImageLoader::dctScaledDecode()
{
    QFETCH(QSize, stored);
    QFETCH(int, orientation);
    QFETCH(QSize, minimum);
    QFETCH(QSize, expected);

    QByteArray jpeg = ti::encodeJpeg(ti::patternFrame(stored.width(), stored.height()));
    if (orientation != 1)
        jpeg = ti::withExifOrientation(jpeg, orientation);
    ImageLoadOptions options;
    options.minimumSize = minimum;
    const LoadedImage loaded = ImageLoader::loadData(jpeg, options);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.storedSize, stored);
    QCOMPARE(QSize(loaded.frame.width(), loaded.frame.height()), expected);
    if (minimum.width() <= expected.width() && minimum.height() <= expected.height()) {
        QVERIFY(loaded.frame.width() >= minimum.width());
        QVERIFY(loaded.frame.height() >= minimum.height());
    }
    // The scaled picture is still the pattern: sample it in stored coordinates.
    const Frame &f = loaded.frame;
    const bool swap = orientation >= 5;
    const QSize storedScaled = swap ? expected.transposed() : expected;
    for (const QPointF rel : {QPointF(0.1, 0.1), QPointF(0.8, 0.2), QPointF(0.3, 0.7), QPointF(0.9, 0.9)}) {
        const int dx = int(rel.x() * (f.width() - 1));
        const int dy = int(rel.y() * (f.height() - 1));
        const QPoint s = storedPosition(orientation, dx, dy, storedScaled.width(), storedScaled.height());
        const QRgb expectedColor = ti::patternColor(s.x(), s.y(), storedScaled.width(), storedScaled.height());
        QVERIFY2(ti::colorDistance(ti::pixelAt(f, dx, dy), expectedColor) <= kJpegTolerance,
                 qPrintable(QStringLiteral("(%1,%2)").arg(dx).arg(dy)));
    }
}

void TestImageLoader::loadDataMatchesLoadFile()
{
    const QByteArray png = ti::encodePng(ti::patternFrame(31, 17));
    const QString path = ti::writeTempFile(m_dir, QStringLiteral("same.png"), png);
    const LoadedImage fromFile = ImageLoader::loadFile(path);
    const LoadedImage fromData = ImageLoader::loadData(png);
    QVERIFY(fromFile.ok());
    QVERIFY(fromData.ok());
    QCOMPARE(fromData.formatName, fromFile.formatName);
    QCOMPARE(fromData.storedSize, fromFile.storedSize);
    for (int y = 0; y < 17; ++y)
        for (int x = 0; x < 31; ++x)
            QCOMPARE(ti::pixelAt(fromData.frame, x, y), ti::pixelAt(fromFile.frame, x, y));
}

// ---------------------------------------------------------------------------------------

void TestImageLoader::brokenData_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<ImageErrorCode>("code");
    QTest::addColumn<QString>("formatName");

    const QByteArray jpeg = ti::encodeJpeg(ti::patternFrame(200, 150));
    const QByteArray png = ti::encodePng(ti::patternFrame(200, 150));
    const QString j = QStringLiteral("jpeg");
    const QString p = QStringLiteral("png");

    QTest::newRow("jpeg cut in half") << ti::truncated(jpeg, jpeg.size() / 2) << ImageErrorCode::Truncated << j;
    QTest::newRow("jpeg without EOI") << ti::truncated(jpeg, jpeg.size() - 2) << ImageErrorCode::Truncated << j;
    QTest::newRow("jpeg cut in headers") << ti::truncated(jpeg, 40) << ImageErrorCode::Truncated << j;
    QTest::newRow("jpeg signature only") << ti::truncated(jpeg, 3) << ImageErrorCode::Truncated << j;
    QTest::newRow("jpeg corrupt scan") << ti::corrupted(jpeg, jpeg.size() / 2, 64) << ImageErrorCode::Corrupt << j;
    {
        // SOF0 claims 7-bit samples: libjpeg refuses outright.
        QByteArray badPrecision = jpeg;
        const qsizetype sof = badPrecision.indexOf(QByteArrayView("\xFF\xC0", 2));
        QVERIFY(sof > 0);
        badPrecision[sof + 4] = 7;
        QTest::newRow("jpeg bad precision") << badPrecision << ImageErrorCode::Corrupt << j;
    }
    QTest::newRow("png cut in half") << ti::truncated(png, png.size() / 2) << ImageErrorCode::Truncated << p;
    QTest::newRow("png cut before IEND") << ti::truncated(png, png.size() - 12) << ImageErrorCode::Truncated << p;
    QTest::newRow("png cut inside IEND") << ti::truncated(png, png.size() - 3) << ImageErrorCode::Truncated << p;
    QTest::newRow("png corrupt IDAT") << ti::corrupted(png, png.size() / 2, 16) << ImageErrorCode::Corrupt << p;
}

void TestImageLoader::brokenData()
{
    QFETCH(QByteArray, data);
    QFETCH(ImageErrorCode, code);
    QFETCH(QString, formatName);

    const LoadedImage fromData = ImageLoader::loadData(data);
    QCOMPARE(fromData.error.code, code);
    QVERIFY(!fromData.error.detail.isEmpty());
    QVERIFY(!fromData.frame.isValid());
    QVERIFY(!fromData.ok());
    QCOMPARE(fromData.formatName, formatName);

    const LoadedImage fromFile = ImageLoader::loadFile(ti::writeTempFile(m_dir, QStringLiteral("broken"), data));
    QCOMPARE(fromFile.error.code, code);
    QVERIFY(!fromFile.frame.isValid());
}

void TestImageLoader::emptyAndMissingFiles()
{
    const QString empty = ti::writeTempFile(m_dir, QStringLiteral("empty.jpg"), {});
    QVERIFY(!empty.isEmpty());
    LoadedImage loaded = ImageLoader::loadFile(empty);
    QCOMPARE(loaded.error.code, ImageErrorCode::EmptyFile);
    QVERIFY(!loaded.frame.isValid());
    QCOMPARE(ImageLoader::loadData({}).error.code, ImageErrorCode::EmptyFile);

    loaded = ImageLoader::loadFile(m_dir.filePath(QStringLiteral("no-such-file.png")));
    QCOMPARE(loaded.error.code, ImageErrorCode::FileNotFound);
    QVERIFY(loaded.error.detail.contains(QStringLiteral("no-such-file.png")));
    QCOMPARE(ImageLoader::loadFile(m_dir.filePath(QStringLiteral("missing-dir/x.png"))).error.code,
             ImageErrorCode::FileNotFound);
    QCOMPARE(ImageLoader::loadFile(QString()).error.code, ImageErrorCode::FileNotFound);

    // A directory is not a readable image file.
    QCOMPARE(ImageLoader::loadFile(m_dir.path()).error.code, ImageErrorCode::ReadFailed);
}

void TestImageLoader::notAnImage()
{
    const QByteArray text = "Hello, this is a plain text file.\nIt has two lines.\n";
    const QString path = ti::writeTempFile(m_dir, QStringLiteral("notes.png"), text);
    const LoadedImage loaded = ImageLoader::loadFile(path);
    QCOMPARE(loaded.error.code, ImageErrorCode::NotAnImage);
    QVERIFY(!loaded.frame.isValid());

    // Known container, no decoder: an AVIF/HEIF-style "ftyp" box.
    const QByteArray heif("\x00\x00\x00\x18" "ftypavif\x00\x00\x00\x00mif1avif", 24);
    QCOMPARE(ImageLoader::loadData(heif).error.code, ImageErrorCode::UnsupportedFormat);
}

void TestImageLoader::permissionDenied()
{
    if (::geteuid() == 0)
        QSKIP("root reads any file; permission errors cannot be provoked");
    const QString path = ti::writeTempFile(m_dir, QStringLiteral("secret.png"), ti::encodePng(ti::patternFrame(4, 4)));
    QVERIFY(QFile::setPermissions(path, QFileDevice::WriteOwner));
    const LoadedImage loaded = ImageLoader::loadFile(path);
    QCOMPARE(loaded.error.code, ImageErrorCode::PermissionDenied);
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

void TestImageLoader::hugeHeaderRejectedFast_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QSize>("stored");
    QTest::newRow("png 100000x100000") << ti::pngWithHeaderSize(100000, 100000) << QSize(100000, 100000);
    QTest::newRow("png 8001x8000") << ti::pngWithHeaderSize(8001, 8000) << QSize(8001, 8000);
    QTest::newRow("jpeg 60000x60000") << ti::jpegWithHeaderSize(60000, 60000) << QSize(60000, 60000);
    QTest::newRow("jpeg 65000x1000") << ti::jpegWithHeaderSize(65000, 1000) << QSize(65000, 1000);
}

void TestImageLoader::hugeHeaderRejectedFast()
{
    QFETCH(QByteArray, data);
    QFETCH(QSize, stored);
    QVERIFY(!data.isEmpty());
    // Refused from the header, before any decoding (bench_capture measures how fast).
    const LoadedImage loaded = ImageLoader::loadFile(ti::writeTempFile(m_dir, QStringLiteral("huge"), data));
    QCOMPARE(loaded.error.code, ImageErrorCode::TooManyPixels);
    QCOMPARE(loaded.storedSize, stored);
    QVERIFY(!loaded.frame.isValid());
}

void TestImageLoader::fileTooLarge()
{
    const QString path = m_dir.filePath(QStringLiteral("huge.jpg"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write(ti::encodeJpeg(ti::patternFrame(8, 8))) > 0);
    // Sparse: no disk space or time spent.
    QVERIFY(file.resize(ImageLoader::kMaxFileBytes + 1));
    file.close();
    const LoadedImage loaded = ImageLoader::loadFile(path);
    QCOMPARE(loaded.error.code, ImageErrorCode::FileTooLarge);
    QVERIFY(!loaded.frame.isValid());
    QFile::remove(path);
}

// A BMP with a BITMAPINFOHEADER (or the OS/2 core header when `core`) and the given
// fields, a few pixel bytes after it.
static QByteArray bmpHeader(std::uint32_t width, std::uint32_t height, std::uint16_t bitCount, bool core = false)
{
    QByteArray bytes;
    const auto put = [&bytes](std::uint32_t value, int size) {
        for (int i = 0; i < size; ++i)
            bytes.append(char((value >> (8 * i)) & 0xff));
    };
    const std::uint32_t dibSize = core ? 12 : 40;
    bytes.append("BM");
    put(14 + dibSize + 16, 4); // file size
    put(0, 4);
    put(14 + dibSize, 4);      // pixel data offset
    put(dibSize, 4);
    if (core) {
        put(width, 2);
        put(height, 2);
        put(1, 2);             // planes
        put(bitCount, 2);
    } else {
        put(width, 4);
        put(height, 4);
        put(1, 2);             // planes
        put(bitCount, 2);
        put(0, 4);             // BI_RGB
        put(0, 4);             // image size
        put(2835, 4);
        put(2835, 4);
        put(0, 4);
        put(0, 4);
    }
    bytes.append(QByteArray(16, '\x55'));
    return bytes;
}

void TestImageLoader::hostileBmpHeaders_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<ImageErrorCode>("code");
    // The row-size formula used to overflow (undefined behaviour: UBSan stops the asan
    // build) on these.
    QTest::newRow("max size, bitCount 0xffff") << bmpHeader(0x7fffffff, 0x7fffffff, 0xffff) << ImageErrorCode::Corrupt;
    QTest::newRow("max size, 32 bits") << bmpHeader(0x7fffffff, 0x7fffffff, 32) << ImageErrorCode::Truncated;
    QTest::newRow("max width, most negative height") << bmpHeader(0x7fffffff, 0x80000000u, 32)
                                                     << ImageErrorCode::Truncated;
    QTest::newRow("core header, bitCount 0xffff") << bmpHeader(0xffff, 0xffff, 0xffff, true) << ImageErrorCode::Corrupt;
    QTest::newRow("core header, max size") << bmpHeader(0xffff, 0xffff, 24, true) << ImageErrorCode::Truncated;
}

void TestImageLoader::hostileBmpHeaders()
{
    QFETCH(QByteArray, bytes);
    QFETCH(ImageErrorCode, code);
    const LoadedImage loaded = ImageLoader::loadData(bytes);
    QVERIFY(!loaded.frame.isValid());
    // TooManyPixels when Qt can read the header; otherwise camchat's own check decides.
    if (loaded.error.code != ImageErrorCode::TooManyPixels)
        QCOMPARE(loaded.error.code, code);
    QVERIFY(!loaded.error.detail.isEmpty());
}

void TestImageLoader::otherQtFormats_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<int>("tolerance");
    QTest::addColumn<ImageErrorCode>("truncatedCode");
    QTest::newRow("bmp") << QByteArray("bmp") << 0 << ImageErrorCode::Truncated;
    QTest::newRow("webp") << QByteArray("webp") << 0 << ImageErrorCode::Truncated; // quality 100: lossless
    QTest::newRow("tiff") << QByteArray("tiff") << 0 << ImageErrorCode::Corrupt;
    QTest::newRow("ppm") << QByteArray("ppm") << 0 << ImageErrorCode::Corrupt;
}

void TestImageLoader::otherQtFormats()
{
    QFETCH(QByteArray, format);
    QFETCH(int, tolerance);
    QFETCH(ImageErrorCode, truncatedCode);

    if (!QImageWriter::supportedImageFormats().contains(format))
        QSKIP("no Qt image plugin for this format");
    const QByteArray bytes = ti::encodeWithQt(ti::patternFrame(61, 43), format.constData(), 100);
    QVERIFY(!bytes.isEmpty());
    const LoadedImage loaded = ImageLoader::loadFile(
        ti::writeTempFile(m_dir, QStringLiteral("image.") + QString::fromLatin1(format), bytes));
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.formatName, QString::fromLatin1(format));
    QCOMPARE(loaded.storedSize, QSize(61, 43));
    comparePatternSamples(loaded.frame, 61, 43, 1, tolerance);

    const LoadedImage cut = ImageLoader::loadData(ti::truncated(bytes, bytes.size() * 3 / 4));
    QCOMPARE(cut.error.code, truncatedCode);
    QVERIFY(!cut.frame.isValid());
}

void TestImageLoader::gifThroughQt()
{
    if (!QImageReader::supportedImageFormats().contains("gif"))
        QSKIP("no Qt GIF plugin");
    const QByteArray gif = tinyGif();
    const LoadedImage loaded = ImageLoader::loadData(gif);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.formatName, QStringLiteral("gif"));
    QCOMPARE(loaded.frame.width(), 1);
    QCOMPARE(ti::pixelAt(loaded.frame, 0, 0), qRgb(255, 255, 255));

    // Qt's GIF reader returns a partial frame for these; the loader must not.
    for (const qsizetype keep : {qsizetype(20), qsizetype(39), qsizetype(41)}) {
        const LoadedImage cut = ImageLoader::loadData(ti::truncated(gif, keep));
        QCOMPARE(cut.error.code, ImageErrorCode::Truncated);
        QVERIFY(!cut.frame.isValid());
    }
}

// ---------------------------------------------------------------------------------------

void TestImageLoader::fromImageComposesAlphaOverWhite()
{
    QImage image(4, 2, QImage::Format_ARGB32);
    image.fill(qRgba(255, 0, 0, 128));
    image.setPixel(1, 0, qRgba(0, 0, 0, 0));
    image.setPixel(2, 0, qRgba(10, 20, 30, 255));
    const LoadedImage loaded = ImageLoader::fromImage(image);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.storedSize, QSize(4, 2));
    QCOMPARE(loaded.frame.format(), PixelFormat::Xrgb8888);
    QVERIFY(ti::colorDistance(ti::pixelAt(loaded.frame, 0, 0), qRgb(255, 127, 127)) <= 1);
    QCOMPARE(ti::pixelAt(loaded.frame, 1, 0), qRgb(255, 255, 255));
    QCOMPARE(ti::pixelAt(loaded.frame, 2, 0), qRgb(10, 20, 30));
    QCOMPARE(loaded.frame.constBits(0)[3], std::uint8_t(0xFF));

    QCOMPARE(ImageLoader::fromImage(QImage()).error.code, ImageErrorCode::NotAnImage);
}

void TestImageLoader::fromImageCopiesPixels()
{
    QImage image(3, 3, QImage::Format_RGB888);
    image.fill(qRgb(1, 2, 3));
    Frame frame = frameFromImage(image);
    QCOMPARE(ti::pixelAt(frame, 2, 2), qRgb(1, 2, 3));

    // A QImage over caller memory: the frame must not depend on that memory.
    std::vector<QRgb> pixels(4, qRgb(9, 8, 7));
    {
        const QImage wrapped(reinterpret_cast<const uchar *>(pixels.data()), 2, 2, 8, QImage::Format_RGB32);
        frame = frameFromImage(wrapped);
    }
    std::fill(pixels.begin(), pixels.end(), qRgb(0, 0, 0));
    QCOMPARE(ti::pixelAt(frame, 1, 1), qRgb(9, 8, 7));
}

void TestImageLoader::imageFromFrameSharesPixels()
{
    QImage image;
    const std::uint8_t *bits = nullptr;
    {
        const Frame frame = ti::patternFrame(20, 10, 64);
        bits = frame.constBits(0);
        image = imageFromFrame(frame);
    }
    // The frame is gone; the image keeps its storage alive and still points at it.
    QCOMPARE(image.format(), QImage::Format_RGB32);
    QCOMPARE(image.size(), QSize(20, 10));
    QCOMPARE(image.bytesPerLine(), qsizetype(128));
    QCOMPARE(image.constBits(), bits);
    QCOMPARE(image.pixel(19, 9), ti::patternColor(19, 9, 20, 10));

    // Writing to the image copies first: the frame's pixels stay immutable.
    QImage copy = image;
    copy.setPixel(0, 0, qRgb(1, 1, 1));
    QVERIFY(copy.constBits() != bits);
    QCOMPARE(image.pixel(0, 0), ti::patternColor(0, 0, 20, 10));

    QVERIFY(imageFromFrame(Frame()).isNull());
}

void TestImageLoader::imageFromFrameConvertsYuv()
{
    // A flat mid-grey NV12 frame (limited range: Y 126 -> ~128).
    Frame nv12 = Frame::allocate(PixelFormat::Nv12, 8, 4);
    std::fill_n(nv12.bits(0), 8 * 4, std::uint8_t(126));
    std::fill_n(nv12.bits(1), 8 * 2, std::uint8_t(128));
    const QImage image = imageFromFrame(nv12);
    QCOMPARE(image.size(), QSize(8, 4));
    QVERIFY(ti::colorDistance(image.pixel(3, 2), qRgb(128, 128, 128)) <= 4);
}

QTEST_MAIN(TestImageLoader)
#include "test_imageloader.moc"
