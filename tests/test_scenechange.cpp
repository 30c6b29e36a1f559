#include "capture/scenechange.h"

#include "capture/frame.h"
#include "capture/pixelformat.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>

using namespace camchat::capture;

namespace {

struct Rgb {
    int r = 0;
    int g = 0;
    int b = 0;
};

// A scene: a smooth background with a bright box at (boxX, boxY), in fractions of the
// frame, so the same scene can be drawn at any size and in any format.
using Scene = std::function<Rgb(double fx, double fy)>;

Scene boxScene(double boxX, double boxY)
{
    return [boxX, boxY](double fx, double fy) {
        const bool box = fx >= boxX && fx < boxX + 0.3 && fy >= boxY && fy < boxY + 0.3;
        if (box)
            return Rgb{240, 230, 60};
        return Rgb{int(40 + 120 * fx), int(60 + 100 * fy), 90};
    };
}

// BT.601 limited range, as most cameras send it.
std::uint8_t yOf(const Rgb &c)
{
    return std::uint8_t(std::clamp(int(16 + (65.738 * c.r + 129.057 * c.g + 25.064 * c.b) / 256), 0, 255));
}
std::uint8_t uOf(const Rgb &c)
{
    return std::uint8_t(std::clamp(int(128 + (-37.945 * c.r - 74.494 * c.g + 112.439 * c.b) / 256), 0, 255));
}
std::uint8_t vOf(const Rgb &c)
{
    return std::uint8_t(std::clamp(int(128 + (112.439 * c.r - 94.154 * c.g - 18.285 * c.b) / 256), 0, 255));
}

// Draws `scene` into a frame of `format`; `noise` adds +-noise to every byte of plane 0.
Frame draw(PixelFormat format, int width, int height, const Scene &scene, int noise = 0, unsigned seed = 1)
{
    Frame frame = Frame::allocate(format, width, height);
    frame.setYuvEncoding(YuvMatrix::Bt601, YuvRange::Limited);
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> jitter(-noise, noise);
    const auto noisy = [&](int value) {
        return std::uint8_t(std::clamp(value + (noise ? jitter(random) : 0), 0, 255));
    };
    for (int y = 0; y < height; ++y) {
        std::uint8_t *row = frame.bits(0) + static_cast<std::ptrdiff_t>(y) * frame.stride(0);
        for (int x = 0; x < width; ++x) {
            const Rgb c = scene((x + 0.5) / width, (y + 0.5) / height);
            switch (format) {
            case PixelFormat::Nv12:
            case PixelFormat::Nv21:
            case PixelFormat::Nv16:
            case PixelFormat::Nv24:
            case PixelFormat::Yuv420:
            case PixelFormat::Yvu420:
            case PixelFormat::Grey:
                row[x] = noisy(yOf(c));
                break;
            case PixelFormat::Yuyv:
                row[x * 2] = noisy(yOf(c));
                row[(x / 2) * 4 + 1] = uOf(c);
                row[(x / 2) * 4 + 3] = vOf(c);
                break;
            case PixelFormat::Yvyu:
                row[x * 2] = noisy(yOf(c));
                row[(x / 2) * 4 + 1] = vOf(c);
                row[(x / 2) * 4 + 3] = uOf(c);
                break;
            case PixelFormat::Uyvy:
                row[x * 2 + 1] = noisy(yOf(c));
                row[(x / 2) * 4] = uOf(c);
                row[(x / 2) * 4 + 2] = vOf(c);
                break;
            case PixelFormat::Xbgr8888:
                row[x * 4] = noisy(c.r);
                row[x * 4 + 1] = noisy(c.g);
                row[x * 4 + 2] = noisy(c.b);
                row[x * 4 + 3] = 0xFF;
                break;
            case PixelFormat::Bgr24:
                row[x * 3] = noisy(c.b);
                row[x * 3 + 1] = noisy(c.g);
                row[x * 3 + 2] = noisy(c.r);
                break;
            case PixelFormat::Rgb24:
                row[x * 3] = noisy(c.r);
                row[x * 3 + 1] = noisy(c.g);
                row[x * 3 + 2] = noisy(c.b);
                break;
            case PixelFormat::Xrgb8888:
                row[x * 4] = noisy(c.b);
                row[x * 4 + 1] = noisy(c.g);
                row[x * 4 + 2] = noisy(c.r);
                row[x * 4 + 3] = 0xFF;
                break;
            case PixelFormat::Invalid:
                break;
            }
        }
    }
    if (planeCount(format) == 2) {
        // Chroma does not enter the thumbnail; filled anyway so the frame is a real picture.
        const int rows = planeHeight(format, 1, height);
        const int pairs = minimumStride(format, 1, width) / 2;
        for (int y = 0; y < rows; ++y) {
            std::uint8_t *row = frame.bits(1) + static_cast<std::ptrdiff_t>(y) * frame.stride(1);
            for (int i = 0; i < pairs; ++i) {
                const Rgb c = scene((i + 0.5) / pairs, (y + 0.5) / rows);
                row[i * 2] = uOf(c);
                row[i * 2 + 1] = vOf(c);
            }
        }
    }
    return frame;
}

} // namespace

class TestSceneChange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void invalidThumbnails();
    void staticSceneWithNoiseIsNoChange();
    void movedBoxIsAChange();
    void differentPictureIsAChange();
    void confirmFramesNeedsAStreak();
    void flickerDoesNotTrigger();
    void noReferenceMeansChanged();
    void formatsGiveComparableThumbnails_data();
    void formatsGiveComparableThumbnails();
    void paddedRowsAreHonoured();
    void fourKIsCheap();
};

void TestSceneChange::invalidThumbnails()
{
    const SceneThumbnail none;
    QVERIFY(!none.isValid());
    const SceneThumbnail fromInvalid = SceneThumbnail::of(Frame());
    QVERIFY(!fromInvalid.isValid());
    const SceneThumbnail real = SceneThumbnail::of(draw(PixelFormat::Rgb24, 64, 36, boxScene(0.1, 0.1)));
    QVERIFY(real.isValid());
    QCOMPARE(real.difference(none), 1.0);
    QCOMPARE(real.difference(real), 0.0);

    SceneChangeDetector detector;
    QVERIFY(!detector.check(Frame())); // a broken frame decides nothing
}

void TestSceneChange::staticSceneWithNoiseIsNoChange()
{
    SceneChangeDetector detector({0.06, 1});
    detector.setReference(draw(PixelFormat::Nv12, 640, 360, boxScene(0.2, 0.3)));
    QVERIFY(detector.hasReference());
    for (unsigned i = 0; i < 10; ++i) {
        const Frame frame = draw(PixelFormat::Nv12, 640, 360, boxScene(0.2, 0.3), 12, 100 + i);
        QVERIFY2(!detector.check(frame), qPrintable(QString::number(detector.lastDifference())));
        QVERIFY(detector.lastDifference() < 0.02);
    }
}

void TestSceneChange::movedBoxIsAChange()
{
    SceneChangeDetector detector({0.06, 1});
    detector.setReference(draw(PixelFormat::Nv12, 640, 360, boxScene(0.1, 0.1)));
    QVERIFY(detector.check(draw(PixelFormat::Nv12, 640, 360, boxScene(0.6, 0.6), 8)));
    QVERIFY(detector.lastDifference() > 0.06);
}

void TestSceneChange::differentPictureIsAChange()
{
    SceneChangeDetector detector({0.06, 1});
    detector.setReference(draw(PixelFormat::Rgb24, 320, 180, boxScene(0.2, 0.2)));
    const Scene dark = [](double, double) { return Rgb{10, 10, 10}; };
    QVERIFY(detector.check(draw(PixelFormat::Rgb24, 320, 180, dark)));
    QVERIFY(detector.lastDifference() > 0.3);
    // Black against white is the whole scale.
    const Scene white = [](double, double) { return Rgb{255, 255, 255}; };
    const Scene black = [](double, double) { return Rgb{0, 0, 0}; };
    QCOMPARE(SceneThumbnail::of(draw(PixelFormat::Rgb24, 64, 64, white))
                 .difference(SceneThumbnail::of(draw(PixelFormat::Rgb24, 64, 64, black))),
             1.0);
}

void TestSceneChange::confirmFramesNeedsAStreak()
{
    SceneChangeDetector detector({0.06, 3});
    detector.setReference(draw(PixelFormat::Nv12, 320, 180, boxScene(0.1, 0.1)));
    const Frame moved = draw(PixelFormat::Nv12, 320, 180, boxScene(0.6, 0.5));
    QVERIFY(!detector.check(moved));
    QVERIFY(!detector.check(moved));
    QVERIFY(detector.check(moved));
    QVERIFY(detector.check(moved)); // stays changed until a new reference
    detector.setReference(moved);
    QVERIFY(!detector.check(moved));
}

void TestSceneChange::flickerDoesNotTrigger()
{
    SceneChangeDetector detector({0.06, 2});
    const Frame calm = draw(PixelFormat::Nv12, 320, 180, boxScene(0.1, 0.1));
    const Frame flash = draw(PixelFormat::Nv12, 320, 180, [](double, double) { return Rgb{255, 255, 255}; });
    detector.setReference(calm);
    for (int i = 0; i < 5; ++i) {
        QVERIFY(!detector.check(flash)); // one odd frame ...
        QVERIFY(!detector.check(calm));  // ... then back: the streak breaks
    }
}

void TestSceneChange::noReferenceMeansChanged()
{
    SceneChangeDetector detector;
    QVERIFY(!detector.hasReference());
    QVERIFY(detector.check(draw(PixelFormat::Nv12, 64, 36, boxScene(0.1, 0.1))));
    detector.setReference(draw(PixelFormat::Nv12, 64, 36, boxScene(0.1, 0.1)));
    QVERIFY(!detector.check(draw(PixelFormat::Nv12, 64, 36, boxScene(0.1, 0.1))));
    detector.clearReference();
    QVERIFY(detector.check(draw(PixelFormat::Nv12, 64, 36, boxScene(0.1, 0.1))));
}

void TestSceneChange::formatsGiveComparableThumbnails_data()
{
    QTest::addColumn<PixelFormat>("format");
    QTest::newRow("NV12") << PixelFormat::Nv12;
    QTest::newRow("NV16") << PixelFormat::Nv16;
    QTest::newRow("NV24") << PixelFormat::Nv24;
    QTest::newRow("YUYV") << PixelFormat::Yuyv;
    QTest::newRow("NV21") << PixelFormat::Nv21;
    QTest::newRow("YUV420") << PixelFormat::Yuv420;
    QTest::newRow("YVU420") << PixelFormat::Yvu420;
    QTest::newRow("UYVY") << PixelFormat::Uyvy;
    QTest::newRow("YVYU") << PixelFormat::Yvyu;
    QTest::newRow("GREY") << PixelFormat::Grey;
    QTest::newRow("XBGR8888") << PixelFormat::Xbgr8888;
    QTest::newRow("BGR24") << PixelFormat::Bgr24;
    QTest::newRow("RGB24") << PixelFormat::Rgb24;
    QTest::newRow("XRGB8888") << PixelFormat::Xrgb8888;
}

void TestSceneChange::formatsGiveComparableThumbnails()
{
    QFETCH(PixelFormat, format);
    const Scene scene = boxScene(0.35, 0.4);
    const SceneThumbnail reference = SceneThumbnail::of(draw(PixelFormat::Rgb24, 640, 360, scene));
    const SceneThumbnail thumb = SceneThumbnail::of(draw(format, 640, 360, scene));
    QVERIFY(thumb.isValid());
    // The same picture: far below the change threshold ...
    QVERIFY2(thumb.difference(reference) < 0.02, qPrintable(QString::number(thumb.difference(reference))));
    // ... and another picture in the same format is far above it.
    const SceneThumbnail other = SceneThumbnail::of(draw(format, 640, 360, boxScene(0.0, 0.0)));
    QVERIFY(other.difference(thumb) > 0.06);
    // Full-range YUV (and GREY) is read as such.
    if (hasYuvRange(format)) {
        Frame full = draw(format, 640, 360, scene);
        full.setYuvEncoding(YuvMatrix::Bt601, YuvRange::Full);
        QVERIFY(SceneThumbnail::of(full).difference(reference) > 0.01);
    }
}

void TestSceneChange::paddedRowsAreHonoured()
{
    // A frame with padded rows (like a driver buffer) gives the thumbnail of its picture.
    const Scene scene = boxScene(0.5, 0.2);
    const Frame tight = draw(PixelFormat::Bgr24, 200, 100, scene);
    Frame padded = Frame::allocate(PixelFormat::Bgr24, 200, 100, 256);
    QVERIFY(padded.stride(0) > tight.stride(0));
    for (int y = 0; y < 100; ++y) {
        std::copy_n(tight.constBits(0) + y * tight.stride(0), tight.stride(0),
                    padded.bits(0) + y * padded.stride(0));
        std::fill_n(padded.bits(0) + y * padded.stride(0) + tight.stride(0), padded.stride(0) - tight.stride(0),
                    std::uint8_t(0xEE));
    }
    QCOMPARE(SceneThumbnail::of(padded).difference(SceneThumbnail::of(tight)), 0.0);
}

void TestSceneChange::fourKIsCheap()
{
    const Frame uhd = draw(PixelFormat::Nv12, 3840, 2160, boxScene(0.3, 0.3));
    const Frame small = draw(PixelFormat::Nv12, 384, 216, boxScene(0.3, 0.3));
    QElapsedTimer timer;
    timer.start();
    SceneThumbnail thumb;
    for (int i = 0; i < 100; ++i)
        thumb = SceneThumbnail::of(uhd);
    // Only reported: the cost is a sparse read (9216 samples), whatever the frame size.
    qInfo("4K NV12 thumbnail: %.1f us each", double(timer.nsecsElapsed()) / 1000.0 / 100.0);
    QVERIFY(thumb.isValid());
    QVERIFY(thumb.difference(SceneThumbnail::of(small)) < 0.02);
}

QTEST_GUILESS_MAIN(TestSceneChange)
#include "test_scenechange.moc"
