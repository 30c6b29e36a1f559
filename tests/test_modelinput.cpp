#include "capture/modelinput.h"

#include "capture/pixelformat.h"
#include "scalarreference.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

using namespace camchat::capture;
using namespace camchat::testref;

Q_DECLARE_METATYPE(camchat::capture::PixelFormat)
Q_DECLARE_METATYPE(camchat::capture::ResizeMode)

namespace {

using Fill = std::array<std::uint8_t, 3>;

// Output samples along one axis whose two bilinear taps straddle the edge between fill
// and image (one tap on the fill, the other on the image): the seam.
std::vector<int> seamSamples(int outSize, int imageSize, int canvasSize)
{
    std::vector<int> seam;
    const int offset = (canvasSize - imageSize) / 2;
    for (int d = 0; d < outSize; ++d) {
        const double f = std::clamp((d + 0.5) * canvasSize / outSize - 0.5, 0.0, canvasSize - 1.0);
        const int c0 = static_cast<int>(std::floor(f)) - offset;
        const int c1 = std::min(static_cast<int>(std::floor(f)) + 1, canvasSize - 1) - offset;
        const bool in0 = c0 >= 0 && c0 < imageSize;
        const bool in1 = c1 >= 0 && c1 < imageSize;
        if (in0 != in1 && f != std::floor(f))
            seam.push_back(d);
    }
    return seam;
}

} // namespace

class TestModelInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesReference_data();
    void matchesReference();
    void seamBlendsImageAndFill_data();
    void seamBlendsImageAndFill();
    void fitMatchesReference_data();
    void fitMatchesReference();
    void fittedSizeAgreesWithDefinition();
    void outputLayoutAndMetadata();
    void invalidInput();
};

void TestModelInput::matchesReference_data()
{
    QTest::addColumn<PixelFormat>("format");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("outWidth");
    QTest::addColumn<int>("outHeight");
    QTest::addColumn<ResizeMode>("mode");
    QTest::addColumn<Fill>("fill");

    const auto e = ResizeMode::ExpandToSquare;
    const auto s = ResizeMode::Stretch;
    const Fill grey{128, 128, 128};
    const Fill odd{255, 0, 10};
    const Fill black{0, 0, 0};
    struct Case {
        const char *name;
        PixelFormat format;
        int w;
        int h;
        int ow;
        int oh;
        ResizeMode mode;
        Fill fill;
    };
    const Case cases[] = {
        {"landscape 640x360 to 512", PixelFormat::Xrgb8888, 640, 360, 512, 512, e, grey},
        {"landscape 640x360 to 448", PixelFormat::Xrgb8888, 640, 360, 448, 448, e, odd},
        {"landscape 641x359 to 392", PixelFormat::Xrgb8888, 641, 359, 392, 392, e, grey},
        {"landscape with seams 1001x37 to 512", PixelFormat::Xrgb8888, 1001, 37, 512, 512, e, odd},
        {"portrait with seams 50x120 to 64", PixelFormat::Nv12, 50, 120, 64, 64, e, odd},
        {"landscape odd fill 640x361 to 512", PixelFormat::Xrgb8888, 640, 361, 512, 512, e, odd},
        {"portrait odd fill 360x641 to 392", PixelFormat::Rgb24, 360, 641, 392, 392, e, grey},
        {"portrait 360x640 to 512", PixelFormat::Xrgb8888, 360, 640, 512, 512, e, odd},
        {"portrait 359x641 to 448", PixelFormat::Rgb24, 359, 641, 448, 448, e, grey},
        {"portrait 200x333 to 392", PixelFormat::Bgr24, 200, 333, 392, 392, e, black},
        {"square 300x300 to 392", PixelFormat::Xrgb8888, 300, 300, 392, 392, e, grey},
        {"square 512x512 to 512", PixelFormat::Xrgb8888, 512, 512, 512, 512, e, grey},
        {"upscale 100x60 to 512", PixelFormat::Xrgb8888, 100, 60, 512, 512, e, odd},
        {"upscale 61x97 to 448", PixelFormat::Rgb24, 61, 97, 448, 448, e, grey},
        {"tiny 1x1 to 512", PixelFormat::Xrgb8888, 1, 1, 512, 512, e, odd},
        {"tiny 2x1 to 392", PixelFormat::Xrgb8888, 2, 1, 392, 392, e, grey},
        {"tiny 3x4097 to 448", PixelFormat::Xrgb8888, 3, 4097, 448, 448, e, odd},
        {"tiny 4097x3 to 512", PixelFormat::Xrgb8888, 4097, 3, 512, 512, e, grey},
        {"large 1920x1080 to 512", PixelFormat::Xrgb8888, 1920, 1080, 512, 512, e, grey},
        {"large 1920x1080 to 392", PixelFormat::Rgb24, 1920, 1080, 392, 392, e, odd},
        {"large 3840x2160 to 448", PixelFormat::Xrgb8888, 3840, 2160, 448, 448, e, grey},
        {"nv12 1920x1080 to 512", PixelFormat::Nv12, 1920, 1080, 512, 512, e, grey},
        {"nv12 3840x2160 to 448", PixelFormat::Nv12, 3840, 2160, 448, 448, e, odd},
        {"nv12 odd 333x201 to 392", PixelFormat::Nv12, 333, 201, 392, 392, e, grey},
        {"yuyv 640x480 to 448", PixelFormat::Yuyv, 640, 480, 448, 448, e, grey},
        {"non-square output 300x200 to 448x256", PixelFormat::Xrgb8888, 300, 200, 448, 256, e, odd},
        {"stretch 640x360 to 512", PixelFormat::Xrgb8888, 640, 360, 512, 512, s, grey},
        {"stretch 37x91 to 392x200", PixelFormat::Xrgb8888, 37, 91, 392, 200, s, grey},
        {"stretch 1x1 to 448", PixelFormat::Xrgb8888, 1, 1, 448, 448, s, grey},
        {"stretch nv12 1920x1080 to 448", PixelFormat::Nv12, 1920, 1080, 448, 448, s, grey},
        {"stretch 3x4097 to 512", PixelFormat::Xrgb8888, 3, 4097, 512, 512, s, grey},
    };
    for (const Case &c : cases)
        QTest::newRow(c.name) << c.format << c.w << c.h << c.ow << c.oh << c.mode << c.fill;
}

void TestModelInput::matchesReference()
{
    QFETCH(PixelFormat, format);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, outWidth);
    QFETCH(int, outHeight);
    QFETCH(ResizeMode, mode);
    QFETCH(Fill, fill);

    // Padded rows and an odd plane offset, as real producers hand them over.
    const FrameLayout layout{9, 64, 5, 17};
    const Frame src = makeFrame(makePattern(width, height, static_cast<std::uint32_t>(width ^ height)), format,
                                YuvMatrix::Bt709, YuvRange::Limited, layout);
    QVERIFY(src.isValid());

    ModelInputSpec spec;
    spec.width = outWidth;
    spec.height = outHeight;
    spec.mode = mode;
    spec.fill = fill;
    const Frame out = makeModelInput(src, spec);
    QVERIFY(out.isValid());
    QCOMPARE(out.format(), PixelFormat::Rgb24);
    QCOMPARE(out.width(), outWidth);
    QCOMPARE(out.height(), outHeight);
    QCOMPARE(out.stride(0), 3 * outWidth);

    const std::vector<Rgbf> reference =
        modelInputReference([&](int x, int y) { return referencePixel(src, x, y); }, width, height, spec);
    const Worst worst = worstDifference(out, reference, 0, outWidth, 0, outHeight);
    if (qEnvironmentVariableIsSet("CAMCHAT_SHOW_DIFF"))
        qInfo("%s", qPrintable(worst.describe()));
    QVERIFY2(worst.diff <= 2.0f, qPrintable(worst.describe()));

    if (mode != ResizeMode::ExpandToSquare || width == height)
        return;
    // The seam rows/columns where image meets fill, on their own (they are inside the
    // whole-image comparison too). A strong reduction can step over a thin image
    // entirely (3x4097 to 448): then there is no seam, as in the definition.
    const int side = std::max(width, height);
    const std::vector<int> seamCols = seamSamples(outWidth, width, side);
    const std::vector<int> seamRows = seamSamples(outHeight, height, side);
    for (int x : seamCols) {
        const Worst w = worstDifference(out, reference, x, x + 1, 0, outHeight);
        QVERIFY2(w.diff <= 2.0f, qPrintable(QStringLiteral("seam column: ") + w.describe()));
    }
    for (int y : seamRows) {
        const Worst w = worstDifference(out, reference, 0, outWidth, y, y + 1);
        QVERIFY2(w.diff <= 2.0f, qPrintable(QStringLiteral("seam row: ") + w.describe()));
    }
}

void TestModelInput::seamBlendsImageAndFill_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("out");
    // Sizes where, when reducing, a sample falls between the last fill line and the
    // first image line on both sides (with other sizes the samples can step over it).
    QTest::newRow("landscape 120x50 to 64") << 120 << 50 << 64;
    QTest::newRow("portrait 50x120 to 64") << 50 << 120 << 64;
    QTest::newRow("landscape 1001x37 to 512") << 1001 << 37 << 512;
    QTest::newRow("portrait 38x1000 to 512") << 38 << 1000 << 512;
    QTest::newRow("portrait 7x30 to 448 (enlarging)") << 7 << 30 << 448;
    // An odd amount of fill: the extra line goes below / right of the image.
    QTest::newRow("landscape odd fill 123x50 to 64") << 123 << 50 << 64;
    QTest::newRow("portrait odd fill 360x641 to 392") << 360 << 641 << 392;
    QTest::newRow("portrait odd fill 8x31 to 448 (enlarging)") << 8 << 31 << 448;
}

// White image on black fill: each output line across the seam must be the exact
// weighted blend the definition gives, fill lines pure fill, image lines pure image.
void TestModelInput::seamBlendsImageAndFill()
{
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, out);

    RgbImage white;
    white.width = width;
    white.height = height;
    white.rgb.assign(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3, 255);
    ModelInputSpec spec;
    spec.width = out;
    spec.height = out;
    spec.fill = {0, 0, 0};
    const Frame result = makeModelInput(makeFrame(white, PixelFormat::Xrgb8888), spec);
    QVERIFY(result.isValid());

    const int side = std::max(width, height);
    const bool landscape = width > height;
    const int imageSize = landscape ? height : width;
    const int offset = (side - imageSize) / 2;
    int seams = 0;
    int fillLines = 0;
    int imageLines = 0;
    for (int d = 0; d < out; ++d) {
        const double f = std::clamp((d + 0.5) * side / out - 0.5, 0.0, side - 1.0);
        const int c0 = static_cast<int>(std::floor(f));
        const int c1 = std::min(c0 + 1, side - 1);
        const double w = f - c0;
        auto inImage = [&](int c) { return c >= offset && c < offset + imageSize ? 255.0 : 0.0; };
        const double expected = inImage(c0) * (1 - w) + inImage(c1) * w;
        if (expected > 0 && expected < 255)
            ++seams;
        else if (expected == 0)
            ++fillLines;
        else
            ++imageLines;
        // Along the seam line every sample is the same: check the whole line.
        for (int i = 0; i < out; ++i) {
            const auto px = landscape ? packedPixel(result, i, d) : packedPixel(result, d, i);
            for (int c = 0; c < 3; ++c) {
                if (std::abs(px[static_cast<std::size_t>(c)] - expected) > 1.0)
                    QFAIL(qPrintable(QStringLiteral("line %1 sample %2: expected %3, got %4")
                                         .arg(d)
                                         .arg(i)
                                         .arg(expected)
                                         .arg(px[static_cast<std::size_t>(c)])));
            }
        }
    }
    QVERIFY(seams >= 2); // one seam on each side of the image
    QVERIFY(fillLines > 0);
    QVERIFY(imageLines > 0);
}

void TestModelInput::fitMatchesReference_data()
{
    QTest::addColumn<PixelFormat>("format");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("maxWidth");
    QTest::addColumn<int>("maxHeight");
    QTest::addColumn<int>("expectedWidth");
    QTest::addColumn<int>("expectedHeight");

    struct Case {
        const char *name;
        PixelFormat format;
        int w;
        int h;
        int mw;
        int mh;
        int ew;
        int eh;
    };
    // Expected sizes worked out by hand, not by the formula under test.
    const Case cases[] = {
        {"landscape 1920x1080 in 448", PixelFormat::Xrgb8888, 1920, 1080, 448, 448, 448, 252},
        {"portrait 1080x1920 in 448", PixelFormat::Rgb24, 1080, 1920, 448, 448, 252, 448},
        {"4:3 640x480 in 512", PixelFormat::Xrgb8888, 640, 480, 512, 512, 512, 384},
        {"nv12 1920x1080 in 512", PixelFormat::Nv12, 1920, 1080, 512, 512, 512, 288},
        {"yuyv 641x479 in 392 (rounds up)", PixelFormat::Yuyv, 641, 479, 392, 392, 392, 293},
        {"only the height is too big 400x1000 in 512", PixelFormat::Bgr24, 400, 1000, 512, 512, 205, 512},
        {"just too wide 513x100 in 512", PixelFormat::Xrgb8888, 513, 100, 512, 512, 512, 100},
        {"box not square 1000x600 in 448x256", PixelFormat::Xrgb8888, 1000, 600, 448, 256, 427, 256},
        {"box not square 600x1000 in 448x256", PixelFormat::Xrgb8888, 600, 1000, 448, 256, 154, 256},
        {"half rounds up 8x3 in 4x4", PixelFormat::Xrgb8888, 8, 3, 4, 4, 4, 2},
        {"thin 4097x3 in 512 keeps one row", PixelFormat::Xrgb8888, 4097, 3, 512, 512, 512, 1},
        {"thin 3x4097 in 448 keeps one column", PixelFormat::Xrgb8888, 3, 4097, 448, 448, 1, 448},
        {"never enlarges 300x200 in 448", PixelFormat::Xrgb8888, 300, 200, 448, 448, 300, 200},
        {"never enlarges 1x1 in 512", PixelFormat::Rgb24, 1, 1, 512, 512, 1, 1},
        {"exact fit 448x448 in 448", PixelFormat::Xrgb8888, 448, 448, 448, 448, 448, 448},
        {"exact width 512x100 in 512", PixelFormat::Bgr24, 512, 100, 512, 512, 512, 100},
        {"nv12 odd 333x201 in 512 unchanged", PixelFormat::Nv12, 333, 201, 512, 512, 333, 201},
    };
    for (const Case &c : cases)
        QTest::newRow(c.name) << c.format << c.w << c.h << c.mw << c.mh << c.ew << c.eh;
}

void TestModelInput::fitMatchesReference()
{
    QFETCH(PixelFormat, format);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, maxWidth);
    QFETCH(int, maxHeight);
    QFETCH(int, expectedWidth);
    QFETCH(int, expectedHeight);

    const FrameLayout layout{9, 64, 5, 17};
    const Frame src = makeFrame(makePattern(width, height, static_cast<std::uint32_t>(width * 3 + height)), format,
                                YuvMatrix::Bt601, YuvRange::Limited, layout);
    QVERIFY(src.isValid());

    ModelInputSpec spec;
    spec.width = maxWidth;
    spec.height = maxHeight;
    spec.mode = ResizeMode::Fit;
    spec.fill = {255, 0, 10}; // must never show: Fit does not pad
    const Frame out = makeModelInput(src, spec);
    QVERIFY(out.isValid());
    QCOMPARE(out.format(), PixelFormat::Rgb24);
    QCOMPARE(out.width(), expectedWidth);
    QCOMPARE(out.height(), expectedHeight);
    QCOMPARE(out.stride(0), 3 * expectedWidth);

    const ModelInputSize refSize = fitReferenceSize(width, height, maxWidth, maxHeight);
    QCOMPARE(refSize.width, expectedWidth);
    QCOMPARE(refSize.height, expectedHeight);
    const std::vector<Rgbf> reference =
        modelInputReference([&](int x, int y) { return referencePixel(src, x, y); }, width, height, spec);
    QCOMPARE(reference.size(), static_cast<std::size_t>(expectedWidth) * static_cast<std::size_t>(expectedHeight));
    const Worst worst = worstDifference(out, reference, 0, expectedWidth, 0, expectedHeight);
    QVERIFY2(worst.diff <= 2.0f, qPrintable(worst.describe()));

    // An image that already fits passes through unchanged: packed RGB bit for bit.
    const bool packed = format == PixelFormat::Xrgb8888 || format == PixelFormat::Rgb24 || format == PixelFormat::Bgr24;
    if (packed && expectedWidth == width && expectedHeight == height)
        QVERIFY2(worst.diff == 0.0f, qPrintable(worst.describe()));
}

// fittedSize() (integer) against the floating-point definition over many sizes,
// including ones whose exact scaled side ends in .5.
void TestModelInput::fittedSizeAgreesWithDefinition()
{
    int checked = 0;
    for (int width = 1; width <= 1200; width += 7) {
        for (int height = 1; height <= 1200; height += 11) {
            for (const auto &[mw, mh] : {std::pair{448, 448}, std::pair{512, 288}, std::pair{28, 64}}) {
                const ModelInputSize a = fittedSize(width, height, mw, mh);
                const ModelInputSize e = fitReferenceSize(width, height, mw, mh);
                if (a.width != e.width || a.height != e.height)
                    QFAIL(qPrintable(QStringLiteral("%1x%2 in %3x%4: got %5x%6, expected %7x%8")
                                         .arg(width)
                                         .arg(height)
                                         .arg(mw)
                                         .arg(mh)
                                         .arg(a.width)
                                         .arg(a.height)
                                         .arg(e.width)
                                         .arg(e.height)));
                QVERIFY(a.width >= 1 && a.width <= mw && a.width <= width);
                QVERIFY(a.height >= 1 && a.height <= mh && a.height <= height);
                ++checked;
            }
        }
    }
    QVERIFY(checked > 10000);
    QCOMPARE(fittedSize(0, 10, 448, 448).width, 0);
    QCOMPARE(fittedSize(10, 10, 0, 448).height, 0);
}

void TestModelInput::outputLayoutAndMetadata()
{
    Frame src = makeFrame(makePattern(64, 48), PixelFormat::Nv12);
    src.setSequence(99);
    src.setTimestampNs(555);
    src.setSourceName(QStringLiteral("usb-cam"));
    ModelInputSpec spec;
    spec.width = 392;
    spec.height = 392;
    const Frame out = makeModelInput(src, spec);
    QVERIFY(out.isValid());
    QCOMPARE(out.format(), PixelFormat::Rgb24);
    QCOMPARE(out.planeCount(), 1);
    QCOMPARE(out.stride(0), 3 * 392);
    QVERIFY(out.byteSize() >= std::size_t{3} * 392 * 392);
    QCOMPARE(out.sequence(), std::uint64_t{99});
    QCOMPARE(out.timestampNs(), std::int64_t{555});
    QCOMPARE(out.sourceName(), QStringLiteral("usb-cam"));
    // Default fill is mid grey: the top-left corner of a landscape frame is fill.
    QCOMPARE(packedPixel(out, 0, 0), (std::array<std::uint8_t, 3>{128, 128, 128}));
}

void TestModelInput::invalidInput()
{
    ModelInputSpec spec;
    QVERIFY(!makeModelInput(Frame(), spec).isValid());
    const Frame src = makeFrame(makePattern(8, 8), PixelFormat::Xrgb8888);
    spec.width = 0;
    QVERIFY(!makeModelInput(src, spec).isValid());
    spec.width = 512;
    spec.height = -4;
    QVERIFY(!makeModelInput(src, spec).isValid());
    spec.height = 1 << 20;
    QVERIFY(!makeModelInput(src, spec).isValid());
    spec.mode = ResizeMode::Fit;
    spec.height = 0;
    QVERIFY(!makeModelInput(src, spec).isValid());
}

QTEST_GUILESS_MAIN(TestModelInput)
#include "test_modelinput.moc"
