#include "capture/filepublish.h"
#include "capture/imageloader.h"
#include "capture/snapshotwriter.h"

#include "scalarreference.h"
#include "testimages.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

#include <csignal>
#include <cmath>
#include <functional>
#include <memory>

using namespace camchat::capture;
namespace ti = camchat::testimages;

Q_DECLARE_METATYPE(camchat::capture::PixelFormat)
Q_DECLARE_METATYPE(camchat::capture::SnapshotFormat)
Q_DECLARE_METATYPE(camchat::capture::YuvMatrix)
Q_DECLARE_METATYPE(camchat::capture::YuvRange)

using camchat::test::dirEntries;
using camchat::test::readFile;
using camchat::test::writeFile;

namespace {

struct Yuv {
    int y;
    int u;
    int v;
};

// RGB -> Y'CbCr from the definitions (ITU-R BT.601 / BT.709 luma weights, studio or
// full swing), written independently of the encoder under test.
Yuv toYuv(QRgb c, YuvMatrix matrix, YuvRange range)
{
    const double kr = matrix == YuvMatrix::Bt709 ? 0.2126 : 0.299;
    const double kb = matrix == YuvMatrix::Bt709 ? 0.0722 : 0.114;
    const double r = qRed(c) / 255.0;
    const double g = qGreen(c) / 255.0;
    const double b = qBlue(c) / 255.0;
    const double y = kr * r + (1 - kr - kb) * g + kb * b;
    const double pb = (b - y) / (2 * (1 - kb));
    const double pr = (r - y) / (2 * (1 - kr));
    if (range == YuvRange::Limited)
        return {int(std::lround(16 + 219 * y)), int(std::lround(128 + 224 * pb)), int(std::lround(128 + 224 * pr))};
    return {int(std::lround(255 * y)), int(std::lround(128 + 255 * pb)), int(std::lround(128 + 255 * pr))};
}

// A YUV frame in a deliberately awkward layout: odd padding after every row, a gap
// between the planes, and padding bytes set to a value that would show if read.
Frame makeYuvFrame(PixelFormat format, int width, int height, YuvMatrix matrix, YuvRange range,
                   const std::function<QRgb(int, int)> &colorAt)
{
    const int sx = format == PixelFormat::Nv24 ? 1 : 2;
    const int sy = format == PixelFormat::Nv12 ? 2 : 1;
    const int stride0 = minimumStride(format, 0, width) + 13;
    const int rows0 = planeHeight(format, 0, height);
    std::array<FramePlane, 2> planes{{{0, stride0}, {0, 0}}};
    std::size_t size = std::size_t(stride0) * std::size_t(rows0);
    if (format != PixelFormat::Yuyv) {
        planes[1].offset = size + 7;
        planes[1].stride = minimumStride(format, 1, width) + 21;
        size = planes[1].offset + std::size_t(planes[1].stride) * std::size_t(planeHeight(format, 1, height));
    }
    std::shared_ptr<std::uint8_t[]> storage(new std::uint8_t[size]);
    std::fill_n(storage.get(), size, std::uint8_t(0xEE));

    std::uint8_t *base = storage.get();
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const Yuv s = toYuv(colorAt(x, y), matrix, range);
            if (format == PixelFormat::Yuyv) {
                std::uint8_t *pair = base + std::size_t(y) * std::size_t(stride0) + std::size_t(x / 2) * 4;
                pair[(x % 2) * 2] = std::uint8_t(s.y);
                if (x % 2 == 0) {
                    pair[1] = std::uint8_t(s.u);
                    pair[3] = std::uint8_t(s.v);
                }
                continue;
            }
            base[std::size_t(y) * std::size_t(stride0) + std::size_t(x)] = std::uint8_t(s.y);
            if (x % sx == 0 && y % sy == 0) {
                std::uint8_t *uv = base + planes[1].offset + std::size_t(y / sy) * std::size_t(planes[1].stride)
                    + std::size_t(x / sx) * 2;
                uv[0] = std::uint8_t(s.u);
                uv[1] = std::uint8_t(s.v);
            }
        }
    }
    Frame frame = Frame::wrap(format, width, height,
                              std::span(planes.data(), std::size_t(planeCount(format))),
                              std::shared_ptr<const std::byte>(storage, reinterpret_cast<const std::byte *>(base)),
                              size);
    frame.setYuvEncoding(matrix, range);
    return frame;
}

// Saturated colours, near-black and near-white: a range or matrix mix-up moves them well
// beyond the JPEG tolerance.
const QRgb kQuadrantColors[4] = {qRgb(220, 40, 30), qRgb(30, 200, 60), qRgb(8, 8, 8), qRgb(250, 250, 250)};

QRgb quadrantColor(int x, int y, int width, int height)
{
    return kQuadrantColors[(x >= width / 2 ? 1 : 0) + (y >= height / 2 ? 2 : 0)];
}

// Caps the size of files this process may write, with SIGXFSZ ignored so write() fails
// with EFBIG instead of killing the process; restores everything when destroyed.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        m_ok = ::getrlimit(RLIMIT_FSIZE, &m_old) == 0;
        m_oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = m_old;
        limited.rlim_cur = bytes;
        m_ok = m_ok && ::setrlimit(RLIMIT_FSIZE, &limited) == 0;
    }
    ~FileSizeLimit()
    {
        ::setrlimit(RLIMIT_FSIZE, &m_old);
        std::signal(SIGXFSZ, m_oldHandler);
    }
    FileSizeLimit(const FileSizeLimit &) = delete;
    FileSizeLimit &operator=(const FileSizeLimit &) = delete;
    bool ok() const { return m_ok; }

private:
    rlimit m_old{};
    void (*m_oldHandler)(int) = nullptr;
    bool m_ok = false;
};

} // namespace

class TestSnapshotWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void formatForPath_data();
    void formatForPath();
    void jpegRoundTrip();
    void jpegQualityMatters();
    void pngRoundTripIsExact();
    void packedRgbFrames_data();
    void packedRgbFrames();
    void yuvFramesToJpeg_data();
    void yuvFramesToJpeg();
    void yuvFrameToPng();
    void everyCaptureFormatToJpegAndPng_data();
    void everyCaptureFormatToJpegAndPng();
    void refusesToOverwrite();
    void fileAppearingDuringSaveIsKept_data();
    void fileAppearingDuringSaveIsKept();
    void invalidInput();
    void failureHalfWayKeepsOldFile_data();
    void failureHalfWayKeepsOldFile();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSnapshotWriter::cleanup()
{
    setBeforePublishHookForTesting({});
}

void TestSnapshotWriter::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSnapshotWriter::formatForPath_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<SnapshotFormat>("format");
    QTest::newRow("png") << QStringLiteral("/tmp/a.png") << SnapshotFormat::Png;
    QTest::newRow("PNG") << QStringLiteral("shot.PNG") << SnapshotFormat::Png;
    QTest::newRow("jpg") << QStringLiteral("a.jpg") << SnapshotFormat::Jpeg;
    QTest::newRow("jpeg") << QStringLiteral("a.jpeg") << SnapshotFormat::Jpeg;
    QTest::newRow("no suffix") << QStringLiteral("snapshot") << SnapshotFormat::Jpeg;
    QTest::newRow("png directory") << QStringLiteral("/tmp/x.png/shot.jpg") << SnapshotFormat::Jpeg;
    QTest::newRow("png.jpg") << QStringLiteral("shot.png.jpg") << SnapshotFormat::Jpeg;
}

void TestSnapshotWriter::formatForPath()
{
    QFETCH(QString, path);
    QFETCH(SnapshotFormat, format);
    QCOMPARE(SnapshotWriter::formatForPath(path), format);
}

void TestSnapshotWriter::jpegRoundTrip()
{
    const Frame pattern = ti::patternFrame(160, 120, 64);
    const QString path = m_dir->filePath(QStringLiteral("snap.jpg"));
    SnapshotOptions options;
    options.jpegQuality = 95;
    const SaveError error = SnapshotWriter::save(pattern, path, options);
    QVERIFY2(!error, qPrintable(error.detail));
    QCOMPARE(dirEntries(m_dir->path()), QStringList{QStringLiteral("snap.jpg")});
    QVERIFY(QFileInfo(path).permissions().testFlag(QFileDevice::ReadOwner));

    const LoadedImage loaded = ImageLoader::loadFile(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.formatName, QStringLiteral("jpeg"));
    QCOMPARE(loaded.frame.width(), 160);
    QCOMPARE(loaded.frame.height(), 120);
    for (const QPoint p : {QPoint(10, 10), QPoint(150, 10), QPoint(10, 110), QPoint(150, 110), QPoint(40, 90)}) {
        const QRgb expected = ti::patternColor(p.x(), p.y(), 160, 120);
        QVERIFY2(ti::colorDistance(ti::pixelAt(loaded.frame, p.x(), p.y()), expected) <= 24,
                 qPrintable(QStringLiteral("(%1,%2)").arg(p.x()).arg(p.y())));
    }
}

void TestSnapshotWriter::jpegQualityMatters()
{
    const Frame pattern = ti::patternFrame(256, 192);
    const QString low = m_dir->filePath(QStringLiteral("low.jpg"));
    const QString high = m_dir->filePath(QStringLiteral("high.jpg"));
    SnapshotOptions options;
    options.jpegQuality = 20;
    QVERIFY(!SnapshotWriter::save(pattern, low, options));
    options.jpegQuality = 98;
    QVERIFY(!SnapshotWriter::save(pattern, high, options));
    QVERIFY(QFileInfo(low).size() < QFileInfo(high).size());
}

void TestSnapshotWriter::pngRoundTripIsExact()
{
    const Frame pattern = ti::patternFrame(97, 61, 32);
    const QString path = m_dir->filePath(QStringLiteral("snap.png"));
    SnapshotOptions options;
    options.format = SnapshotFormat::Png;
    const SaveError error = SnapshotWriter::save(pattern, path, options);
    QVERIFY2(!error, qPrintable(error.detail));
    QVERIFY(readFile(path).startsWith("\x89PNG"));

    const LoadedImage loaded = ImageLoader::loadFile(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.formatName, QStringLiteral("png"));
    QCOMPARE(loaded.frame.width(), 97);
    QCOMPARE(loaded.frame.height(), 61);
    for (int y = 0; y < 61; ++y)
        for (int x = 0; x < 97; ++x)
            QCOMPARE(ti::pixelAt(loaded.frame, x, y), ti::patternColor(x, y, 97, 61));
}

void TestSnapshotWriter::packedRgbFrames_data()
{
    QTest::addColumn<PixelFormat>("format");
    QTest::addColumn<SnapshotFormat>("snapshotFormat");
    QTest::newRow("bgr24 jpeg") << PixelFormat::Bgr24 << SnapshotFormat::Jpeg;
    QTest::newRow("rgb24 jpeg") << PixelFormat::Rgb24 << SnapshotFormat::Jpeg;
    QTest::newRow("bgr24 png") << PixelFormat::Bgr24 << SnapshotFormat::Png;
    QTest::newRow("rgb24 png") << PixelFormat::Rgb24 << SnapshotFormat::Png;
}

void TestSnapshotWriter::packedRgbFrames()
{
    QFETCH(PixelFormat, format);
    QFETCH(SnapshotFormat, snapshotFormat);
    constexpr int kWidth = 48;
    constexpr int kHeight = 32;
    Frame frame = Frame::allocate(format, kWidth, kHeight, 16);
    const bool rgb = format == PixelFormat::Rgb24;
    for (int y = 0; y < kHeight; ++y) {
        std::uint8_t *line = frame.bits(0) + y * frame.stride(0);
        for (int x = 0; x < kWidth; ++x) {
            const QRgb c = quadrantColor(x, y, kWidth, kHeight);
            line[3 * x + 0] = std::uint8_t(rgb ? qRed(c) : qBlue(c));
            line[3 * x + 1] = std::uint8_t(qGreen(c));
            line[3 * x + 2] = std::uint8_t(rgb ? qBlue(c) : qRed(c));
        }
    }
    const QString path = m_dir->filePath(QStringLiteral("packed"));
    SnapshotOptions options;
    options.format = snapshotFormat;
    const SaveError error = SnapshotWriter::save(frame, path, options);
    QVERIFY2(!error, qPrintable(error.detail));
    const LoadedImage loaded = ImageLoader::loadFile(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.formatName, snapshotFormat == SnapshotFormat::Png ? QStringLiteral("png") : QStringLiteral("jpeg"));
    const int tolerance = snapshotFormat == SnapshotFormat::Png ? 0 : 10;
    for (const QPoint p : {QPoint(12, 8), QPoint(36, 8), QPoint(12, 24), QPoint(36, 24)}) {
        const QRgb expected = quadrantColor(p.x(), p.y(), kWidth, kHeight);
        QVERIFY2(ti::colorDistance(ti::pixelAt(loaded.frame, p.x(), p.y()), expected) <= tolerance,
                 qPrintable(QString::number(ti::pixelAt(loaded.frame, p.x(), p.y()), 16)));
    }
}

void TestSnapshotWriter::yuvFramesToJpeg_data()
{
    QTest::addColumn<PixelFormat>("format");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<YuvMatrix>("matrix");
    QTest::addColumn<YuvRange>("range");

    const struct {
        const char *name;
        PixelFormat format;
    } formats[] = {{"nv12", PixelFormat::Nv12}, {"nv16", PixelFormat::Nv16},
                   {"nv24", PixelFormat::Nv24}, {"yuyv", PixelFormat::Yuyv}};
    for (const auto &f : formats) {
        QTest::addRow("%s 64x48 601 limited", f.name) << f.format << 64 << 48 << YuvMatrix::Bt601 << YuvRange::Limited;
        QTest::addRow("%s 70x46 601 full", f.name) << f.format << 70 << 46 << YuvMatrix::Bt601 << YuvRange::Full;
        QTest::addRow("%s 71x45 709 limited", f.name) << f.format << 71 << 45 << YuvMatrix::Bt709 << YuvRange::Limited;
    }
}

void TestSnapshotWriter::yuvFramesToJpeg()
{
    QFETCH(PixelFormat, format);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(YuvMatrix, matrix);
    QFETCH(YuvRange, range);

    const Frame frame = makeYuvFrame(format, width, height, matrix, range, [&](int x, int y) {
        return quadrantColor(x, y, width, height);
    });
    QVERIFY(frame.isValid());
    QVERIFY(frame.stride(0) > minimumStride(format, 0, width));

    const QString path = m_dir->filePath(QStringLiteral("yuv.jpg"));
    SnapshotOptions options;
    options.jpegQuality = 95;
    const SaveError error = SnapshotWriter::save(frame, path, options);
    QVERIFY2(!error, qPrintable(error.detail));

    const LoadedImage loaded = ImageLoader::loadFile(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.frame.width(), width);
    QCOMPARE(loaded.frame.height(), height);
    // Quadrant centres, and points near the right and bottom edges where a stride or
    // chroma-size mistake would show first.
    const QPoint samples[] = {{width / 4, height / 4}, {3 * width / 4, height / 4},
                              {width / 4, 3 * height / 4}, {3 * width / 4, 3 * height / 4},
                              {width - 3, height - 3}, {width - 3, 2}, {2, height - 3}};
    for (const QPoint p : samples) {
        const QRgb expected = quadrantColor(p.x(), p.y(), width, height);
        const QRgb actual = ti::pixelAt(loaded.frame, p.x(), p.y());
        QVERIFY2(ti::colorDistance(actual, expected) <= 10,
                 qPrintable(QStringLiteral("(%1,%2): %3, expected %4")
                                .arg(p.x()).arg(p.y()).arg(actual, 6, 16).arg(expected, 6, 16)));
    }
}

void TestSnapshotWriter::everyCaptureFormatToJpegAndPng_data()
{
    QTest::addColumn<PixelFormat>("format");
    QTest::addColumn<SnapshotFormat>("container");
    const PixelFormat formats[] = {PixelFormat::Nv21, PixelFormat::Yuv420, PixelFormat::Yvu420, PixelFormat::Uyvy,
                                   PixelFormat::Yvyu, PixelFormat::Grey,   PixelFormat::Xbgr8888};
    for (PixelFormat f : formats) {
        QTest::addRow("%s jpeg", formatName(f).data()) << f << SnapshotFormat::Jpeg;
        QTest::addRow("%s png", formatName(f).data()) << f << SnapshotFormat::Png;
    }
}

// The formats HDMI bridges, USB grabbers and vivid add: saved with the right colours.
void TestSnapshotWriter::everyCaptureFormatToJpegAndPng()
{
    QFETCH(PixelFormat, format);
    QFETCH(SnapshotFormat, container);
    constexpr int kWidth = 70;
    constexpr int kHeight = 46;
    camchat::testref::RgbImage image;
    image.width = kWidth;
    image.height = kHeight;
    for (int y = 0; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) {
            const QRgb c = quadrantColor(x, y, kWidth, kHeight);
            image.rgb.insert(image.rgb.end(), {std::uint8_t(qRed(c)), std::uint8_t(qGreen(c)), std::uint8_t(qBlue(c))});
        }
    }
    const camchat::testref::FrameLayout padded{6, 16, 3, 5};
    const Frame frame = camchat::testref::makeFrame(image, format, YuvMatrix::Bt709, YuvRange::Limited, padded);
    QVERIFY(frame.isValid());

    const QString path = m_dir->filePath(container == SnapshotFormat::Jpeg ? QStringLiteral("f.jpg") : QStringLiteral("f.png"));
    SnapshotOptions options;
    options.format = container;
    options.jpegQuality = 95;
    const SaveError error = SnapshotWriter::save(frame, path, options);
    QVERIFY2(!error, qPrintable(error.detail));
    const LoadedImage loaded = ImageLoader::loadFile(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.frame.width(), kWidth);
    QCOMPARE(loaded.frame.height(), kHeight);
    const QPoint samples[] = {{kWidth / 4, kHeight / 4}, {3 * kWidth / 4, kHeight / 4},
                              {kWidth / 4, 3 * kHeight / 4}, {3 * kWidth / 4, 3 * kHeight / 4}};
    for (const QPoint p : samples) {
        QRgb expected = quadrantColor(p.x(), p.y(), kWidth, kHeight);
        if (format == PixelFormat::Grey) {
            // Luma only: BT.709 weights, as the frame was encoded.
            const auto luma = static_cast<int>(std::lround(0.2126 * qRed(expected) + 0.7152 * qGreen(expected)
                                                           + 0.0722 * qBlue(expected)));
            expected = qRgb(luma, luma, luma);
        }
        const QRgb actual = ti::pixelAt(loaded.frame, p.x(), p.y());
        QVERIFY2(ti::colorDistance(actual, expected) <= 10,
                 qPrintable(QStringLiteral("(%1,%2): %3, expected %4")
                                .arg(p.x()).arg(p.y()).arg(actual, 6, 16).arg(expected, 6, 16)));
    }
}

void TestSnapshotWriter::yuvFrameToPng()
{
    // PNG goes through an RGB conversion (frameconvert) first.
    const Frame frame = makeYuvFrame(PixelFormat::Nv12, 64, 48, YuvMatrix::Bt601, YuvRange::Limited,
                                     [](int x, int y) { return quadrantColor(x, y, 64, 48); });
    const QString path = m_dir->filePath(QStringLiteral("yuv.png"));
    SnapshotOptions options;
    options.format = SnapshotFormat::Png;
    const SaveError error = SnapshotWriter::save(frame, path, options);
    QVERIFY2(!error, qPrintable(error.detail));
    const LoadedImage loaded = ImageLoader::loadFile(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error.detail));
    QCOMPARE(loaded.formatName, QStringLiteral("png"));
    for (const QPoint p : {QPoint(16, 12), QPoint(48, 12), QPoint(16, 36), QPoint(48, 36)})
        QVERIFY(ti::colorDistance(ti::pixelAt(loaded.frame, p.x(), p.y()), quadrantColor(p.x(), p.y(), 64, 48)) <= 6);
}

void TestSnapshotWriter::refusesToOverwrite()
{
    const QString path = m_dir->filePath(QStringLiteral("existing.jpg"));
    const QByteArray old = "not really a jpeg, but precious";
    QVERIFY(!ti::writeTempFile(*m_dir, QStringLiteral("existing.jpg"), old).isEmpty());

    SnapshotOptions options;
    SaveError error = SnapshotWriter::save(ti::patternFrame(32, 32), path, options);
    QCOMPARE(error.code, SaveErrorCode::AlreadyExists);
    QCOMPARE(readFile(path), old);
    QCOMPARE(dirEntries(m_dir->path()), QStringList{QStringLiteral("existing.jpg")});

    // A dangling symlink is "something there" too.
    const QString link = m_dir->filePath(QStringLiteral("link.jpg"));
    QVERIFY(QFile::link(m_dir->filePath(QStringLiteral("nowhere")), link));
    QCOMPARE(SnapshotWriter::save(ti::patternFrame(8, 8), link, options).code, SaveErrorCode::AlreadyExists);

    options.overwrite = true;
    error = SnapshotWriter::save(ti::patternFrame(32, 32), path, options);
    QVERIFY2(!error, qPrintable(error.detail));
    const LoadedImage loaded = ImageLoader::loadFile(path);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.frame.width(), 32);
}

void TestSnapshotWriter::fileAppearingDuringSaveIsKept_data()
{
    QTest::addColumn<SnapshotFormat>("format");
    QTest::newRow("jpeg") << SnapshotFormat::Jpeg;
    QTest::newRow("png") << SnapshotFormat::Png;
}

// Between the existence check and the rename another program creates the file: it is
// kept, byte for byte, and the save says the name is taken.
void TestSnapshotWriter::fileAppearingDuringSaveIsKept()
{
    QFETCH(SnapshotFormat, format);
    const QString path = m_dir->filePath(QStringLiteral("race.img"));
    const QByteArray marker = "MARKER: written by someone else during the save";
    int calls = 0;
    setBeforePublishHookForTesting([&](const QString &target) {
        ++calls;
        QVERIFY(!ti::writeTempFile(*m_dir, QFileInfo(target).fileName(), marker).isEmpty());
    });
    SnapshotOptions options;
    options.format = format;
    const SaveError error = SnapshotWriter::save(ti::patternFrame(32, 32), path, options);
    QCOMPARE(calls, 1);
    QCOMPARE(error.code, SaveErrorCode::AlreadyExists);
    QVERIFY(error.detail.contains(path));
    QCOMPARE(readFile(path), marker);
    QCOMPARE(dirEntries(m_dir->path()), QStringList{QStringLiteral("race.img")});
}

void TestSnapshotWriter::invalidInput()
{
    const QString path = m_dir->filePath(QStringLiteral("x.jpg"));
    QCOMPARE(SnapshotWriter::save(Frame(), path, {}).code, SaveErrorCode::InvalidFrame);
    QVERIFY(!QFile::exists(path));
    const QString missingDir = m_dir->filePath(QStringLiteral("no/such/dir/x.jpg"));
    const SaveError error = SnapshotWriter::save(ti::patternFrame(8, 8), missingDir, {});
    QCOMPARE(error.code, SaveErrorCode::OpenFailed);
    QVERIFY(!error.detail.isEmpty());
    QCOMPARE(SnapshotWriter::save(ti::patternFrame(8, 8), QString(), {}).code, SaveErrorCode::OpenFailed);
    QVERIFY(dirEntries(m_dir->path()).isEmpty());
}

void TestSnapshotWriter::failureHalfWayKeepsOldFile_data()
{
    QTest::addColumn<SnapshotFormat>("format");
    QTest::newRow("jpeg") << SnapshotFormat::Jpeg;
    QTest::newRow("png") << SnapshotFormat::Png;
}

void TestSnapshotWriter::failureHalfWayKeepsOldFile()
{
    QFETCH(SnapshotFormat, format);
    const QString name = QStringLiteral("keep.img");
    const QString path = m_dir->filePath(name);
    const QByteArray old(1000, 'o');
    QVERIFY(!ti::writeTempFile(*m_dir, name, old).isEmpty());
    // Noise on top of the pattern, so PNG cannot squeeze it into a few kilobytes.
    Frame big = ti::patternFrame(1024, 768);
    std::uint32_t state = 12345;
    for (int y = 0; y < big.height(); ++y) {
        std::uint8_t *line = big.bits(0) + y * big.stride(0);
        for (int x = 0; x < big.width() * 4; ++x) {
            state = state * 1664525u + 1013904223u;
            if (x % 4 != 3)
                line[x] = std::uint8_t(line[x] ^ (state >> 27));
        }
    }

    SnapshotOptions options;
    options.format = format;
    options.overwrite = true;
    options.jpegQuality = 100;
    // How big the snapshot gets, so the limit lands somewhere in the middle of it.
    const QString probe = m_dir->filePath(QStringLiteral("probe"));
    QVERIFY(!SnapshotWriter::save(big, probe, options));
    const qint64 fullSize = QFileInfo(probe).size();
    QVERIFY(QFile::remove(probe));
    QVERIFY2(fullSize > 100000, qPrintable(QString::number(fullSize)));

    SaveError error;
    {
        const FileSizeLimit limit(rlim_t(fullSize / 3));
        QVERIFY(limit.ok());
        error = SnapshotWriter::save(big, path, options);
    }
    QCOMPARE(error.code, SaveErrorCode::WriteFailed);
    QVERIFY(!error.detail.isEmpty());
    QCOMPARE(readFile(path), old);
    QCOMPARE(dirEntries(m_dir->path()), QStringList{name});

    // With the limit gone the same save works.
    error = SnapshotWriter::save(big, path, options);
    QVERIFY2(!error, qPrintable(error.detail));
    QVERIFY(ImageLoader::loadFile(path).ok());
}

QTEST_GUILESS_MAIN(TestSnapshotWriter)
#include "test_snapshotwriter.moc"
