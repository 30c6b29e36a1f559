#include "session/visioninput.h"

#include "capture/frame.h"
#include "capture/modelinput.h"
#include "capture/pixelformat.h"

#include <QTest>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>

using namespace camchat;

Q_DECLARE_METATYPE(camchat::inference::VisionResize)
Q_DECLARE_METATYPE(camchat::capture::ResizeMode)

namespace {

// An Xrgb8888 frame whose bytes differ everywhere (so a wrong row or offset shows).
capture::Frame gradientFrame(int width, int height)
{
    capture::Frame frame = capture::Frame::allocate(capture::PixelFormat::Xrgb8888, width, height, 64);
    for (int y = 0; y < height; ++y) {
        std::uint8_t *row = frame.bits(0) + static_cast<std::ptrdiff_t>(y) * frame.stride(0);
        for (int x = 0; x < width; ++x) {
            row[4 * x + 0] = static_cast<std::uint8_t>(x * 3 + y);
            row[4 * x + 1] = static_cast<std::uint8_t>(y * 5);
            row[4 * x + 2] = static_cast<std::uint8_t>(x ^ y);
            row[4 * x + 3] = 0xff;
        }
    }
    return frame;
}

// An Rgb24 frame with `strideAlign`-aligned rows filled with a per-pixel pattern.
capture::Frame rgbFrame(int width, int height, int strideAlign)
{
    capture::Frame frame = capture::Frame::allocate(capture::PixelFormat::Rgb24, width, height, strideAlign);
    for (int y = 0; y < height; ++y) {
        std::uint8_t *row = frame.bits(0) + static_cast<std::ptrdiff_t>(y) * frame.stride(0);
        for (int x = 0; x < 3 * width; ++x)
            row[x] = static_cast<std::uint8_t>(x * 7 + y * 13);
        // Padding bytes get a value the packed image must never contain at that spot.
        for (int x = 3 * width; x < frame.stride(0); ++x)
            row[x] = 0xEE;
    }
    return frame;
}

bool samePixels(const inference::RgbImage &image, const capture::Frame &rgb)
{
    const auto rowBytes = static_cast<std::size_t>(image.width) * 3;
    for (int y = 0; y < image.height; ++y) {
        if (std::memcmp(image.pixels.get() + static_cast<std::size_t>(y) * rowBytes,
                        rgb.constBits(0) + static_cast<std::ptrdiff_t>(y) * rgb.stride(0), rowBytes)
            != 0)
            return false;
    }
    return true;
}

} // namespace

class TestVisionInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void specMapping_data();
    void specMapping();
    void preparerMatchesModelInput_data();
    void preparerMatchesModelInput();
    void packedFrameIsShared();
    void paddedRowsAreRepacked();
    void otherFormatsAreRejected();
    void preparerOwnsItsFrame();
    void runsOnAnotherThread();
};

void TestVisionInput::specMapping_data()
{
    QTest::addColumn<inference::VisionResize>("resize");
    QTest::addColumn<capture::ResizeMode>("mode");
    QTest::newRow("fit") << inference::VisionResize::Fit << capture::ResizeMode::Fit;
    QTest::newRow("expand") << inference::VisionResize::ExpandToSquare << capture::ResizeMode::ExpandToSquare;
    QTest::newRow("stretch") << inference::VisionResize::Stretch << capture::ResizeMode::Stretch;
}

void TestVisionInput::specMapping()
{
    QFETCH(inference::VisionResize, resize);
    QFETCH(capture::ResizeMode, mode);
    inference::VisionSpec vision;
    vision.width = 448;
    vision.height = 392;
    vision.resize = resize;
    vision.fill = {1, 2, 3};
    vision.maxImageTokens = 64;
    const capture::ModelInputSpec spec = session::toModelInputSpec(vision);
    QCOMPARE(spec.width, 448);
    QCOMPARE(spec.height, 392);
    QCOMPARE(spec.mode, mode);
    QCOMPARE(spec.fill, (std::array<std::uint8_t, 3>{1, 2, 3}));
}

void TestVisionInput::preparerMatchesModelInput_data()
{
    QTest::addColumn<inference::VisionResize>("resize");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("expectedWidth");
    QTest::addColumn<int>("expectedHeight");
    QTest::newRow("fit shrinks 640x360 to 448x252") << inference::VisionResize::Fit << 448 << 448 << 448 << 252;
    QTest::newRow("fit keeps a small image") << inference::VisionResize::Fit << 1024 << 1024 << 640 << 360;
    QTest::newRow("expand to square 512") << inference::VisionResize::ExpandToSquare << 512 << 512 << 512 << 512;
    QTest::newRow("stretch 392x200") << inference::VisionResize::Stretch << 392 << 200 << 392 << 200;
}

void TestVisionInput::preparerMatchesModelInput()
{
    QFETCH(inference::VisionResize, resize);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, expectedWidth);
    QFETCH(int, expectedHeight);

    const capture::Frame frame = gradientFrame(640, 360);
    inference::VisionSpec vision;
    vision.width = width;
    vision.height = height;
    vision.resize = resize;
    vision.fill = {200, 10, 30};

    const inference::ImagePreparer prepare = session::makeImagePreparer(frame);
    QVERIFY(prepare);
    const inference::RgbImage image = prepare(vision);
    QVERIFY(image.isValid());
    QCOMPARE(image.width, expectedWidth);
    QCOMPARE(image.height, expectedHeight);

    const capture::Frame expected = capture::makeModelInput(frame, session::toModelInputSpec(vision));
    QVERIFY(expected.isValid());
    QCOMPARE(expected.width(), expectedWidth);
    QVERIFY(samePixels(image, expected));
}

void TestVisionInput::packedFrameIsShared()
{
    const std::byte *storage = nullptr;
    inference::RgbImage image;
    {
        const capture::Frame rgb = rgbFrame(33, 7, 1);
        QCOMPARE(rgb.stride(0), 3 * 33);
        storage = reinterpret_cast<const std::byte *>(rgb.constBits(0));
        image = session::toRgbImage(rgb);
        QVERIFY(image.isValid());
        QVERIFY(samePixels(image, rgb));
    }
    // No copy: the image points into the frame's storage, which it keeps alive after
    // the last Frame is gone (ASan would report a use after free otherwise).
    QCOMPARE(reinterpret_cast<const std::byte *>(image.pixels.get()), storage);
    QCOMPARE(image.width, 33);
    QCOMPARE(image.height, 7);
    const capture::Frame again = rgbFrame(33, 7, 1);
    QVERIFY(samePixels(image, again));
}

void TestVisionInput::paddedRowsAreRepacked()
{
    const capture::Frame rgb = rgbFrame(33, 7, 64);
    QVERIFY(rgb.stride(0) > 3 * 33);
    const inference::RgbImage image = session::toRgbImage(rgb);
    QVERIFY(image.isValid());
    QVERIFY(image.pixels.get() != rgb.constBits(0));
    // Row by row against the frame: padding (0xEE) left in would shift every later row.
    QVERIFY(samePixels(image, rgb));
}

void TestVisionInput::otherFormatsAreRejected()
{
    QVERIFY(!session::toRgbImage(capture::Frame()).isValid());
    QVERIFY(!session::toRgbImage(gradientFrame(8, 8)).isValid()); // Xrgb8888, not Rgb24
    const inference::ImagePreparer prepare = session::makeImagePreparer(capture::Frame());
    QVERIFY(!prepare(inference::VisionSpec()).isValid());
    inference::VisionSpec zero;
    zero.width = 0;
    QVERIFY(!session::makeImagePreparer(gradientFrame(8, 8))(zero).isValid());
}

void TestVisionInput::preparerOwnsItsFrame()
{
    // Producer-owned storage (like a V4L2 buffer): released when the last holder goes.
    auto released = std::make_shared<std::atomic<bool>>(false);
    const capture::Frame source = gradientFrame(64, 48);
    auto *bytes = new std::byte[source.byteSize()];
    std::memcpy(bytes, source.constBits(0), source.byteSize());
    std::shared_ptr<const std::byte> owner(bytes, [released](const std::byte *p) {
        released->store(true);
        delete[] p;
    });
    const capture::FramePlane plane{0, source.stride(0)};
    auto frame = std::make_unique<capture::Frame>(capture::Frame::wrap(
        capture::PixelFormat::Xrgb8888, 64, 48, std::span(&plane, 1), std::move(owner), source.byteSize()));
    QVERIFY(frame->isValid());

    auto prepare = std::make_unique<inference::ImagePreparer>(session::makeImagePreparer(*frame));
    frame.reset();
    QVERIFY(!released->load()); // the preparer holds the frame

    inference::VisionSpec vision;
    vision.resize = inference::VisionResize::Stretch;
    vision.width = 32;
    vision.height = 24;
    const inference::RgbImage image = (*prepare)(vision);
    QVERIFY(image.isValid());
    QCOMPARE(image.width, 32);

    prepare.reset();
    QVERIFY(released->load()); // the image is new data, not the source
    const capture::Frame expected =
        capture::makeModelInput(gradientFrame(64, 48), session::toModelInputSpec(vision));
    QVERIFY(samePixels(image, expected));
}

void TestVisionInput::runsOnAnotherThread()
{
    const inference::ImagePreparer prepare = session::makeImagePreparer(gradientFrame(320, 240));
    inference::RgbImage image;
    std::thread worker([&] { image = prepare(inference::VisionSpec()); });
    worker.join();
    QVERIFY(image.isValid());
    QCOMPARE(image.width, 320); // Fit never enlarges
    QCOMPARE(image.height, 240);
}

QTEST_GUILESS_MAIN(TestVisionInput)
#include "test_visioninput.moc"
