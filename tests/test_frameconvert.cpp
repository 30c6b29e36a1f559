#include "capture/frameconvert.h"

#include "capture/pixelformat.h"
#include "scalarreference.h"

#include <QTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace camchat::capture;
using namespace camchat::testref;

Q_DECLARE_METATYPE(camchat::capture::PixelFormat)
Q_DECLARE_METATYPE(camchat::capture::YuvMatrix)
Q_DECLARE_METATYPE(camchat::capture::YuvRange)

namespace {

// The float reference decode of every pixel of `src`, row-major.
std::vector<Rgbf> referenceImage(const Frame &src)
{
    std::vector<Rgbf> image;
    image.reserve(static_cast<std::size_t>(src.width()) * static_cast<std::size_t>(src.height()));
    for (int y = 0; y < src.height(); ++y)
        for (int x = 0; x < src.width(); ++x)
            image.push_back(referencePixel(src, x, y));
    return image;
}

const char *matrixName(YuvMatrix m, YuvRange r)
{
    if (m == YuvMatrix::Bt601)
        return r == YuvRange::Limited ? "601L" : "601F";
    return r == YuvRange::Limited ? "709L" : "709F";
}

// RK3588's HDMI receiver pads rows to 64 bytes; the odd offsets make sure nothing
// assumes aligned planes either.
const FrameLayout kTight{};
const FrameLayout kPadded{5, 64, 4096 + 3, 29};
const FrameLayout kOddPadding{13, 1, 7, 1};

} // namespace

class TestFrameConvert : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesReference_data();
    void matchesReference();
    void resultIsTightAndKeepsMetadata();
    void sameFormatSharesStorage();
    void invalidInput();
    void yuvMatrixIsHonoured();
    void limitedRangeSaturatedBlue();
    void colourBars_data();
    void colourBars();
    void scaleSizesAndColours();
    void scaleRejectsBadInput();
    void displayMatchesConvertThenScale_data();
    void displayMatchesConvertThenScale();
    void displayKeepsMetadataAndRejectsBadInput();
};

void TestFrameConvert::matchesReference_data()
{
    QTest::addColumn<PixelFormat>("format");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<YuvMatrix>("matrix");
    QTest::addColumn<YuvRange>("range");
    QTest::addColumn<int>("layout");
    QTest::addColumn<bool>("scrambled");

    struct Size {
        int w;
        int h;
        int layout; // 0 tight, 1 padded, 2 odd padding
        bool scrambled;
    };
    const Size sizes[] = {
        {1, 1, 0, false},   {2, 2, 1, false},    {33, 17, 0, false},     {33, 17, 1, false},
        {33, 17, 2, true},  {5, 64, 2, false},   {255, 63, 1, true},     {641, 359, 2, false},
        {1920, 1080, 1, false},
    };
    const PixelFormat yuvFormats[] = {PixelFormat::Nv12,   PixelFormat::Nv21,   PixelFormat::Nv16,
                                      PixelFormat::Nv24,   PixelFormat::Yuv420, PixelFormat::Yvu420,
                                      PixelFormat::Yuyv,   PixelFormat::Uyvy,   PixelFormat::Yvyu,
                                      PixelFormat::Grey};
    const PixelFormat rgbFormats[] = {PixelFormat::Bgr24, PixelFormat::Rgb24, PixelFormat::Xrgb8888,
                                      PixelFormat::Xbgr8888};
    const std::pair<YuvMatrix, YuvRange> encodings[] = {
        {YuvMatrix::Bt601, YuvRange::Limited}, {YuvMatrix::Bt601, YuvRange::Full},
        {YuvMatrix::Bt709, YuvRange::Limited}, {YuvMatrix::Bt709, YuvRange::Full}};
    const char *layoutNames[] = {"tight", "padded64", "oddpad"};

    auto add = [&](PixelFormat f, const Size &s, YuvMatrix m, YuvRange r) {
        const QByteArray name = QByteArray(formatName(f).data()) + ' ' + QByteArray::number(s.w) + 'x'
            + QByteArray::number(s.h) + ' ' + matrixName(m, r) + ' ' + layoutNames[s.layout]
            + (s.scrambled ? " scrambled" : "");
        QTest::newRow(name.constData()) << f << s.w << s.h << m << r << s.layout << s.scrambled;
    };
    // The formats that run through the same libyuv paths as NV12/NV16/NV24/YUYV get the
    // full-HD size in one encoding only: their other rows cover every encoding, and the
    // float reference decode of 1080p is what makes a row slow.
    const auto sharesCode = [](PixelFormat f) {
        return f == PixelFormat::Nv21 || f == PixelFormat::Yvu420 || f == PixelFormat::Uyvy || f == PixelFormat::Yvyu
            || f == PixelFormat::Grey || f == PixelFormat::Yuv420;
    };
    for (PixelFormat f : yuvFormats)
        for (const auto &[m, r] : encodings)
            for (const Size &s : sizes)
                if (!sharesCode(f) || s.w < 1920 || (m == YuvMatrix::Bt709 && r == YuvRange::Limited))
                    add(f, s, m, r);
    for (PixelFormat f : rgbFormats)
        for (const Size &s : sizes)
            add(f, s, YuvMatrix::Bt601, YuvRange::Limited);
}

void TestFrameConvert::matchesReference()
{
    QFETCH(PixelFormat, format);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(YuvMatrix, matrix);
    QFETCH(YuvRange, range);
    QFETCH(int, layout);
    QFETCH(bool, scrambled);

    const FrameLayout layouts[] = {kTight, kPadded, kOddPadding};
    Frame src = makeFrame(makePattern(width, height, static_cast<std::uint32_t>(width * 31 + height)), format,
                          matrix, range, layouts[layout]);
    QVERIFY(src.isValid());
    if (scrambled)
        scrambleFrame(src, static_cast<std::uint32_t>(width + 7 * height));

    // Every packed RGB target from the same source, against one reference decode.
    const std::vector<Rgbf> reference = referenceImage(src);
    for (PixelFormat target : {PixelFormat::Xrgb8888, PixelFormat::Rgb24, PixelFormat::Bgr24}) {
        const Frame out = convertFrame(src, target);
        QVERIFY(out.isValid());
        QCOMPARE(out.format(), target);
        QCOMPARE(out.width(), width);
        QCOMPARE(out.height(), height);
        if (format == target) {
            QCOMPARE(out.constBits(), src.constBits());
            continue;
        }
        const Worst worst = worstDifference(out, reference);
        if (qEnvironmentVariableIsSet("CAMCHAT_SHOW_DIFF"))
            qInfo("%s: %s", formatName(target).data(), qPrintable(worst.describe()));
        // libyuv's 6-bit coefficients are off by at most ~1.3 once the limited-range
        // U->B gain is right (see frameconvert.cpp); 2 leaves room and still catches a
        // wrong matrix, range, channel order or row.
        QVERIFY2(worst.diff <= 2.0f, qPrintable(QStringLiteral("%1: ").arg(QLatin1String(formatName(target).data()))
                                                + worst.describe()));
    }
}

void TestFrameConvert::resultIsTightAndKeepsMetadata()
{
    Frame src = makeFrame(makePattern(37, 9), PixelFormat::Nv12, YuvMatrix::Bt709, YuvRange::Limited, kPadded);
    src.setSequence(4242);
    src.setTimestampNs(123456789);
    src.setSourceName(QStringLiteral("hdmi-in"));
    for (PixelFormat target : {PixelFormat::Xrgb8888, PixelFormat::Rgb24, PixelFormat::Bgr24}) {
        const Frame out = convertFrame(src, target);
        QVERIFY(out.isValid());
        QCOMPARE(out.stride(0), minimumStride(target, 0, 37));
        QCOMPARE(out.sequence(), std::uint64_t{4242});
        QCOMPARE(out.timestampNs(), std::int64_t{123456789});
        QCOMPARE(out.sourceName(), QStringLiteral("hdmi-in"));
        QVERIFY(out.constBits() != src.constBits());
    }
    // Display output is opaque: QImage::Format_RGB32 requires X = 0xff.
    const Frame xrgb = convertFrame(src, PixelFormat::Xrgb8888);
    for (int y = 0; y < xrgb.height(); ++y)
        for (int x = 0; x < xrgb.width(); ++x)
            QCOMPARE(xrgb.constBits()[y * xrgb.stride(0) + 4 * x + 3], std::uint8_t{0xff});
}

void TestFrameConvert::sameFormatSharesStorage()
{
    for (PixelFormat f : {PixelFormat::Xrgb8888, PixelFormat::Rgb24, PixelFormat::Bgr24}) {
        Frame src = makeFrame(makePattern(16, 8), f, YuvMatrix::Bt601, YuvRange::Limited, kPadded);
        src.setSequence(7);
        const Frame out = convertFrame(src, f);
        QVERIFY(out.isValid());
        QCOMPARE(out.constBits(), src.constBits());
        QCOMPARE(out.stride(0), src.stride(0)); // padding kept: it is the same frame
        QCOMPARE(out.sequence(), std::uint64_t{7});
    }
}

void TestFrameConvert::invalidInput()
{
    QVERIFY(!convertFrame(Frame(), PixelFormat::Xrgb8888).isValid());
    const Frame nv12 = makeFrame(makePattern(8, 8), PixelFormat::Nv12);
    QVERIFY(nv12.isValid());
    // Only packed RGB targets are supported.
    QVERIFY(!convertFrame(nv12, PixelFormat::Nv12).isValid());
    QVERIFY(!convertFrame(nv12, PixelFormat::Yuyv).isValid());
    QVERIFY(!convertFrame(nv12, PixelFormat::Invalid).isValid());
    const Frame xrgb = makeFrame(makePattern(8, 8), PixelFormat::Xrgb8888);
    QVERIFY(!convertFrame(xrgb, PixelFormat::Nv16).isValid());
}

// The same YUV bytes must decode differently under each matrix/range: a converter that
// ignored the frame's encoding (e.g. libyuv's BT.601-only YUY2ToARGB) would fail here.
void TestFrameConvert::yuvMatrixIsHonoured()
{
    for (PixelFormat f : {PixelFormat::Nv12, PixelFormat::Nv21, PixelFormat::Nv16, PixelFormat::Nv24,
                          PixelFormat::Yuv420, PixelFormat::Yvu420, PixelFormat::Yuyv, PixelFormat::Uyvy,
                          PixelFormat::Yvyu}) {
        Frame src = makeFrame(makePattern(16, 16), f);
        scrambleFrame(src, 99);
        src.setYuvEncoding(YuvMatrix::Bt601, YuvRange::Limited);
        const Frame a = convertFrame(src, PixelFormat::Rgb24);
        src.setYuvEncoding(YuvMatrix::Bt709, YuvRange::Limited);
        const Frame b = convertFrame(src, PixelFormat::Rgb24);
        src.setYuvEncoding(YuvMatrix::Bt709, YuvRange::Full);
        const Frame c = convertFrame(src, PixelFormat::Rgb24);
        QVERIFY(a.isValid() && b.isValid() && c.isValid());
        const auto bytes = static_cast<std::size_t>(a.stride(0)) * 16;
        QVERIFY2(std::memcmp(a.constBits(), b.constBits(), bytes) != 0, formatName(f).data());
        QVERIFY2(std::memcmp(b.constBits(), c.constBits(), bytes) != 0, formatName(f).data());
    }
}

// Stock libyuv (built without LIBYUV_UNLIMITED_DATA) clamps the limited-range U->B gain
// to 2.0; BT.709 needs 2.112, so pure blue from an HDMI source lost ~12 levels of B.
void TestFrameConvert::limitedRangeSaturatedBlue()
{
    RgbImage image;
    image.width = 64;
    image.height = 2;
    for (int i = 0; i < 64 * 2; ++i) {
        // Alternating blue and yellow columns: U at both extremes.
        const bool blue = (i % 64) / 2 % 2 == 0;
        image.rgb.insert(image.rgb.end(), {std::uint8_t(blue ? 0 : 255), std::uint8_t(blue ? 0 : 255), std::uint8_t(blue ? 255 : 0)});
    }
    for (YuvMatrix m : {YuvMatrix::Bt601, YuvMatrix::Bt709}) {
        const Frame src = makeFrame(image, PixelFormat::Nv24, m, YuvRange::Limited);
        const Frame out = convertFrame(src, PixelFormat::Rgb24);
        QVERIFY(out.isValid());
        const Worst worst = worstDifference(out, referenceImage(src));
        QVERIFY2(worst.diff <= 2.0f, qPrintable(worst.describe()));
        const auto blue = packedPixel(out, 0, 0);
        QVERIFY2(blue[2] >= 253, qPrintable(QString::number(blue[2])));
    }
}

void TestFrameConvert::colourBars_data()
{
    QTest::addColumn<PixelFormat>("format");
    QTest::addColumn<YuvMatrix>("matrix");
    QTest::addColumn<YuvRange>("range");
    const PixelFormat formats[] = {PixelFormat::Nv12,   PixelFormat::Nv21, PixelFormat::Nv16, PixelFormat::Nv24,
                                   PixelFormat::Yuv420, PixelFormat::Yvu420, PixelFormat::Yuyv, PixelFormat::Uyvy,
                                   PixelFormat::Yvyu,   PixelFormat::Grey, PixelFormat::Bgr24, PixelFormat::Rgb24,
                                   PixelFormat::Xrgb8888, PixelFormat::Xbgr8888};
    for (PixelFormat f : formats) {
        if (!hasYuvRange(f)) {
            QTest::addRow("%s", formatName(f).data()) << f << YuvMatrix::Bt601 << YuvRange::Full;
            continue;
        }
        for (YuvMatrix m : {YuvMatrix::Bt601, YuvMatrix::Bt709})
            for (YuvRange r : {YuvRange::Limited, YuvRange::Full})
                QTest::addRow("%s %s", formatName(f).data(), matrixName(m, r)) << f << m << r;
    }
}

// The 75% colour bars a test-pattern generator (vivid, an HDMI source) sends, encoded as
// the driver says (matrix, range) in each format: every bar comes out as its own colour
// in every target, not merely close to a float decode of the same bytes. GREY keeps
// each bar's luma.
void TestFrameConvert::colourBars()
{
    QFETCH(PixelFormat, format);
    QFETCH(YuvMatrix, matrix);
    QFETCH(YuvRange, range);
    constexpr std::array<std::array<std::uint8_t, 3>, 8> kBars{{
        {191, 191, 191}, {191, 191, 0}, {0, 191, 191}, {0, 191, 0},
        {191, 0, 191},   {191, 0, 0},   {0, 0, 191},   {0, 0, 0},
    }};
    constexpr int kBarWidth = 40;
    RgbImage image;
    image.width = kBarWidth * 8;
    image.height = 24;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            image.rgb.insert(image.rgb.end(), kBars[static_cast<std::size_t>(x / kBarWidth)].begin(),
                             kBars[static_cast<std::size_t>(x / kBarWidth)].end());
    const Frame src = makeFrame(image, format, matrix, range, kPadded);
    QVERIFY(src.isValid());
    for (PixelFormat target : {PixelFormat::Xrgb8888, PixelFormat::Rgb24, PixelFormat::Bgr24}) {
        const Frame out = convertFrame(src, target);
        QVERIFY(out.isValid());
        for (int bar = 0; bar < 8; ++bar) {
            const auto &c = kBars[static_cast<std::size_t>(bar)];
            std::array<double, 3> expected{double(c[0]), double(c[1]), double(c[2])};
            if (format == PixelFormat::Grey) {
                const auto yuv = rgbToYuv(c[0], c[1], c[2], matrix, range);
                const Rgbf grey = yuvToRgb(yuv[0], 128, 128, matrix, range);
                expected = {grey[0], grey[1], grey[2]};
            }
            const auto got = packedPixel(out, bar * kBarWidth + kBarWidth / 2, image.height / 2);
            for (std::size_t ch = 0; ch < 3; ++ch) {
                // 8-bit YUV rounding and libyuv's 6-bit coefficients: a few levels. A
                // wrong matrix is off by 10 or more on some bar, a wrong range by 20+.
                QVERIFY2(std::abs(got[ch] - expected[ch]) <= 4.0,
                         qPrintable(QStringLiteral("%1 bar %2 channel %3: %4, expected %5")
                                            .arg(QLatin1String(formatName(target).data()))
                                            .arg(bar)
                                            .arg(ch)
                                            .arg(got[ch])
                                            .arg(expected[ch])));
            }
        }
    }
    if (hasYuvRange(format) && format != PixelFormat::Grey) {
        // Decoded with the other matrix (or range) the bars are visibly wrong: the test
        // above would catch a converter that ignored the frame's encoding.
        Frame wrong = src;
        wrong.setYuvEncoding(matrix == YuvMatrix::Bt601 ? YuvMatrix::Bt709 : YuvMatrix::Bt601, range);
        const Frame out = convertFrame(wrong, PixelFormat::Rgb24);
        int worst = 0;
        for (int bar = 0; bar < 8; ++bar) {
            const auto got = packedPixel(out, bar * kBarWidth + kBarWidth / 2, image.height / 2);
            for (std::size_t ch = 0; ch < 3; ++ch)
                worst = std::max(worst, std::abs(int(got[ch]) - int(kBars[static_cast<std::size_t>(bar)][ch])));
        }
        QVERIFY2(worst >= 10, qPrintable(QString::number(worst)));
    }
}

void TestFrameConvert::scaleSizesAndColours()
{
    // Left half pure red, right half pure blue.
    RgbImage image;
    image.width = 64;
    image.height = 40;
    image.rgb.resize(64 * 40 * 3);
    for (int y = 0; y < 40; ++y)
        for (int x = 0; x < 64; ++x)
            image.rgb[static_cast<std::size_t>((y * 64 + x) * 3 + (x < 32 ? 0 : 2))] = 255;
    Frame src = makeFrame(image, PixelFormat::Xrgb8888, YuvMatrix::Bt601, YuvRange::Limited, kPadded);
    src.setSequence(5);
    src.setSourceName(QStringLiteral("cam"));

    struct Case {
        int w;
        int h;
    };
    for (const Case c : {Case{16, 10}, Case{32, 20}, Case{128, 80}, Case{33, 7}, Case{200, 20}}) {
        const Frame out = scaleFrame(src, c.w, c.h);
        QVERIFY(out.isValid());
        QCOMPARE(out.format(), PixelFormat::Xrgb8888);
        QCOMPARE(out.width(), c.w);
        QCOMPARE(out.height(), c.h);
        QCOMPARE(out.stride(0), 4 * c.w);
        QCOMPARE(out.sequence(), std::uint64_t{5});
        QCOMPARE(out.sourceName(), QStringLiteral("cam"));
        // Far from the seam the colours stay; the seam may blend. libyuv's horizontal
        // filter weights add up to 127/128 (it pairs f with f ^ 0x7f), so a filtered 255
        // comes out as 253: within 2, as for the conversions.
        for (int y = 0; y < c.h; ++y) {
            const auto left = packedPixel(out, 0, y);
            const auto right = packedPixel(out, c.w - 1, y);
            QVERIFY2(left[0] >= 253 && left[2] == 0, qPrintable(QStringLiteral("row %1: R %2 B %3").arg(y).arg(left[0]).arg(left[2])));
            QVERIFY2(right[2] >= 253 && right[0] == 0, qPrintable(QStringLiteral("row %1: R %2 B %3").arg(y).arg(right[0]).arg(right[2])));
        }
        // No green anywhere: a channel mix-up would show.
        for (int y = 0; y < c.h; ++y)
            for (int x = 0; x < c.w; ++x)
                QCOMPARE(packedPixel(out, x, y)[1], std::uint8_t{0});
    }

    // Shrinking by 4 must average all 4x4 source pixels (box filter): with one lit
    // column in four the result is a quarter grey. Bilinear would sample the two dark
    // columns between the lit ones and give black.
    RgbImage columns;
    columns.width = 64;
    columns.height = 64;
    columns.rgb.resize(64 * 64 * 3);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x)
            for (int ch = 0; ch < 3; ++ch)
                columns.rgb[static_cast<std::size_t>((y * 64 + x) * 3 + ch)] = x % 4 == 0 ? 255 : 0;
    const Frame small = scaleFrame(makeFrame(columns, PixelFormat::Xrgb8888), 16, 16);
    QVERIFY(small.isValid());
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x)
            QVERIFY2(std::abs(packedPixel(small, x, y)[0] - 64) <= 2,
                     qPrintable(QString::number(packedPixel(small, x, y)[0])));

    // Same size: nothing to do, the frame comes back shared.
    const Frame same = scaleFrame(src, 64, 40);
    QCOMPARE(same.constBits(), src.constBits());
}

void TestFrameConvert::scaleRejectsBadInput()
{
    const Frame xrgb = makeFrame(makePattern(8, 8), PixelFormat::Xrgb8888);
    QVERIFY(!scaleFrame(Frame(), 4, 4).isValid());
    QVERIFY(!scaleFrame(xrgb, 0, 4).isValid());
    QVERIFY(!scaleFrame(xrgb, 4, -1).isValid());
    QVERIFY(!scaleFrame(makeFrame(makePattern(8, 8), PixelFormat::Nv12), 4, 4).isValid());
    QVERIFY(!scaleFrame(makeFrame(makePattern(8, 8), PixelFormat::Rgb24), 4, 4).isValid());
}

namespace {

// Smooth colour gradients over the whole picture: what a camera mostly sees. Without
// hard edges, scaling the YUV planes before converting must give the same picture as
// converting then scaling, up to rounding.
RgbImage smoothImage(int width, int height)
{
    RgbImage image;
    image.width = width;
    image.height = height;
    image.rgb.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const double fx = static_cast<double>(x) / width;
            const double fy = static_cast<double>(y) / height;
            const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 3;
            image.rgb[i] = static_cast<std::uint8_t>(20 + 215 * fx);
            image.rgb[i + 1] = static_cast<std::uint8_t>(230 - 200 * fy);
            image.rgb[i + 2] = static_cast<std::uint8_t>(40 + 100 * (1 + std::sin(6.0 * (fx + fy))));
        }
    }
    return image;
}

struct Difference {
    int max = 0;
    double mean = 0;
    int x = 0;
    int y = 0;
};

Difference compareXrgb(const Frame &a, const Frame &b)
{
    Difference d;
    std::int64_t sum = 0;
    for (int y = 0; y < a.height(); ++y) {
        for (int x = 0; x < a.width(); ++x) {
            const auto pa = packedPixel(a, x, y);
            const auto pb = packedPixel(b, x, y);
            for (int c = 0; c < 3; ++c) {
                const int diff = std::abs(int(pa[static_cast<std::size_t>(c)]) - int(pb[static_cast<std::size_t>(c)]));
                if (diff > d.max) {
                    d.max = diff;
                    d.x = x;
                    d.y = y;
                }
                sum += diff;
            }
        }
    }
    d.mean = static_cast<double>(sum) / (3.0 * a.width() * a.height());
    return d;
}

// The exact picture a shrink should give: each output pixel the mean of the source
// pixels its area covers (whole pixels, rounded to nearest).
Frame areaAverage(const RgbImage &image, QSize to)
{
    RgbImage out;
    out.width = to.width();
    out.height = to.height();
    out.rgb.resize(static_cast<std::size_t>(to.width()) * static_cast<std::size_t>(to.height()) * 3);
    const double sx = static_cast<double>(image.width) / to.width();
    const double sy = static_cast<double>(image.height) / to.height();
    for (int y = 0; y < to.height(); ++y) {
        for (int x = 0; x < to.width(); ++x) {
            std::array<double, 3> sum{};
            int n = 0;
            for (int yy = static_cast<int>(y * sy); yy < std::min(image.height, static_cast<int>((y + 1) * sy)); ++yy) {
                for (int xx = static_cast<int>(x * sx); xx < std::min(image.width, static_cast<int>((x + 1) * sx)); ++xx) {
                    const auto p = image.at(xx, yy);
                    for (std::size_t c = 0; c < 3; ++c)
                        sum[c] += p[c];
                    ++n;
                }
            }
            for (std::size_t c = 0; c < 3; ++c)
                out.rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(to.width()) + static_cast<std::size_t>(x)) * 3 + c]
                        = static_cast<std::uint8_t>(std::lround(sum[c] / std::max(n, 1)));
        }
    }
    return makeFrame(out, PixelFormat::Xrgb8888);
}

} // namespace

void TestFrameConvert::displayMatchesConvertThenScale_data()
{
    QTest::addColumn<PixelFormat>("format");
    QTest::addColumn<YuvMatrix>("matrix");
    QTest::addColumn<YuvRange>("range");
    QTest::addColumn<QSize>("from");
    QTest::addColumn<QSize>("to");
    QTest::addColumn<int>("maxDiff");
    const PixelFormat formats[] = {PixelFormat::Nv12,  PixelFormat::Nv21,   PixelFormat::Nv16,  PixelFormat::Nv24,
                                   PixelFormat::Yuv420, PixelFormat::Yvu420, PixelFormat::Yuyv, PixelFormat::Uyvy,
                                   PixelFormat::Yvyu,  PixelFormat::Grey,   PixelFormat::Bgr24, PixelFormat::Rgb24,
                                   PixelFormat::Xrgb8888, PixelFormat::Xbgr8888};
    struct Sizes {
        const char *name;
        QSize from;
        QSize to;
        int maxDiff;
    };
    // At a non-integer ratio libyuv's ARGB box filter (the convert-then-scale side) is
    // itself up to ~7 levels off the exact area average, so the two paths may differ by
    // more there; the test below checks that the display path is the closer one.
    const Sizes sizes[] = {
        {"half", QSize(640, 360), QSize(320, 180), 4},
        {"odd ratio", QSize(642, 362), QSize(211, 117), 10},
        {"enlarge", QSize(160, 90), QSize(320, 180), 4},
        {"same", QSize(96, 64), QSize(96, 64), 4},
    };
    for (PixelFormat f : formats) {
        for (const Sizes &s : sizes) {
            QTest::addRow("%s %s", formatName(f).data(), s.name)
                << f << YuvMatrix::Bt709 << YuvRange::Limited << s.from << s.to << s.maxDiff;
        }
        if (hasYuvRange(f)) {
            QTest::addRow("%s half 601F", formatName(f).data())
                << f << YuvMatrix::Bt601 << YuvRange::Full << QSize(640, 360) << QSize(320, 180) << 4;
        }
    }
}

void TestFrameConvert::displayMatchesConvertThenScale()
{
    QFETCH(PixelFormat, format);
    QFETCH(YuvMatrix, matrix);
    QFETCH(YuvRange, range);
    QFETCH(QSize, from);
    QFETCH(QSize, to);
    QFETCH(int, maxDiff);

    // Padded rows and offset planes like the HDMI receiver's.
    const Frame smooth = makeFrame(smoothImage(from.width(), from.height()), format, matrix, range, kPadded);
    QVERIFY(smooth.isValid());
    const Frame display = convertForDisplay(smooth, to);
    QVERIFY(display.isValid());
    QCOMPARE(display.format(), PixelFormat::Xrgb8888);
    QCOMPARE(display.width(), to.width());
    QCOMPARE(display.height(), to.height());
    if (format != PixelFormat::Xrgb8888 || from != to)
        QCOMPARE(display.stride(0), 4 * to.width());
    const Frame expected = scaleFrame(convertFrame(smooth, PixelFormat::Xrgb8888), to.width(), to.height());
    const Difference d = compareXrgb(display, expected);
    // A few levels: rounding of the scalers plus chroma resampled in YUV rather than RGB.
    QVERIFY2(d.max <= maxDiff && d.mean <= 1.5,
             qPrintable(QStringLiteral("max %1 at %3,%4 mean %2").arg(d.max).arg(d.mean).arg(d.x).arg(d.y)));
    if (to.width() < from.width()) {
        // Against the exact area average the display path is no worse than the other.
        const Frame ideal = areaAverage(smoothImage(from.width(), from.height()), to);
        const Difference mine = compareXrgb(display, ideal);
        const Difference theirs = compareXrgb(expected, ideal);
        QVERIFY2(mine.max <= std::max(theirs.max, 3) && mine.mean <= theirs.mean + 0.3,
                 qPrintable(QStringLiteral("display: max %1 mean %2; convert+scale: max %3 mean %4")
                                    .arg(mine.max).arg(mine.mean).arg(theirs.max).arg(theirs.mean)));
    }

    // A busy picture (saturated blocks, per-pixel noise): at an odd ratio both paths
    // alias, so each is measured against the exact area average of the RGB pattern and
    // the display path must not be the worse one.
    const RgbImage pattern = makePattern(from.width(), from.height(), 7);
    const Frame busy = makeFrame(pattern, format, matrix, range, kOddPadding);
    const Frame busyDisplay = convertForDisplay(busy, to);
    const Frame busyExpected = scaleFrame(convertFrame(busy, PixelFormat::Xrgb8888), to.width(), to.height());
    if (to.width() < from.width()) {
        const Frame ideal = areaAverage(pattern, to);
        const Difference mine = compareXrgb(busyDisplay, ideal);
        const Difference theirs = compareXrgb(busyExpected, ideal);
        QVERIFY2(mine.mean <= theirs.mean + 0.3,
                 qPrintable(QStringLiteral("display: max %1 mean %2; convert+scale: max %3 mean %4")
                                    .arg(mine.max).arg(mine.mean).arg(theirs.max).arg(theirs.mean)));
    } else {
        const Difference b = compareXrgb(busyDisplay, busyExpected);
        QVERIFY2(b.mean <= 0.5, qPrintable(QStringLiteral("max %1 mean %2").arg(b.max).arg(b.mean)));
    }
}

void TestFrameConvert::displayKeepsMetadataAndRejectsBadInput()
{
    for (PixelFormat f : {PixelFormat::Nv12, PixelFormat::Nv24, PixelFormat::Yuyv, PixelFormat::Bgr24}) {
        Frame src = makeFrame(makePattern(64, 48), f, YuvMatrix::Bt601, YuvRange::Limited, kPadded);
        src.setSequence(42);
        src.setTimestampNs(1234);
        src.setSourceName(QStringLiteral("cam"));
        const Frame out = convertForDisplay(src, QSize(16, 12));
        QVERIFY(out.isValid());
        QCOMPARE(out.sequence(), std::uint64_t{42});
        QCOMPARE(out.timestampNs(), std::int64_t{1234});
        QCOMPARE(out.sourceName(), QStringLiteral("cam"));
    }
    const Frame xrgb = makeFrame(makePattern(8, 8), PixelFormat::Xrgb8888);
    QVERIFY(!convertForDisplay(Frame(), QSize(4, 4)).isValid());
    QVERIFY(!convertForDisplay(xrgb, QSize()).isValid());
    QVERIFY(!convertForDisplay(xrgb, QSize(0, 4)).isValid());
    // Same size Xrgb8888: nothing to do.
    QCOMPARE(convertForDisplay(xrgb, QSize(8, 8)).constBits(), xrgb.constBits());
}

QTEST_GUILESS_MAIN(TestFrameConvert)
#include "test_frameconvert.moc"
