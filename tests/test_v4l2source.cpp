#include "capture/v4l2/v4l2source.h"

#include "capture/frameconvert.h"
#include "capture/framemailbox.h"
#include "capture/jpegcodec.h"
#include "capture/v4l2/v4l2discovery.h"
#include "fakev4l2.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <linux/videodev2.h>

#include <cerrno>
#include <mutex>
#include <set>

using namespace camchat::capture;
using camchat::capture::test::FakeV4l2Io;
using camchat::capture::test::fakePatternFrame;
using camchat::capture::test::fakePatternJpeg;

namespace {

const std::string kHdmi = "/dev/video0";
const std::string kUvc = "/dev/video2";

// Keeps the newest delivered frame (holding more would starve the 4 driver buffers).
class Collector
{
public:
    std::function<void(const Frame &)> callback()
    {
        return [this](const Frame &frame) {
            std::lock_guard lock(m_mutex);
            m_latest = frame;
            ++m_count;
            m_sequences.insert(frame.sequence());
            if (!frame.isValid())
                ++m_invalid;
        };
    }
    std::set<std::uint64_t> sequences() const
    {
        std::lock_guard lock(m_mutex);
        return m_sequences;
    }
    int invalidCount() const
    {
        std::lock_guard lock(m_mutex);
        return m_invalid;
    }
    Frame latest() const
    {
        std::lock_guard lock(m_mutex);
        return m_latest;
    }
    int count() const
    {
        std::lock_guard lock(m_mutex);
        return m_count;
    }
    void reset()
    {
        std::lock_guard lock(m_mutex);
        m_latest = Frame();
        m_count = 0;
        m_sequences.clear();
        m_invalid = 0;
    }

private:
    mutable std::mutex m_mutex;
    Frame m_latest;
    int m_count = 0;
    int m_invalid = 0;
    std::set<std::uint64_t> m_sequences;
};

QByteArray xrgbChecksum(const Frame &frame)
{
    const Frame xrgb = convertFrame(frame, PixelFormat::Xrgb8888);
    if (!xrgb.isValid())
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (int y = 0; y < xrgb.height(); ++y)
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(xrgb.constBits() + static_cast<std::ptrdiff_t>(y) * xrgb.stride(0)),
                                    xrgb.width() * 4));
    return hash.result().toHex();
}

// What the fake's pattern looks like after conversion, with the frame's YUV encoding.
QByteArray referenceChecksum(std::uint32_t fourcc, const Frame &delivered)
{
    if (fourcc == V4L2_PIX_FMT_MJPEG) {
        const QByteArray jpeg = fakePatternJpeg(delivered.width(), delivered.height());
        JpegDecoder decoder;
        ImageError error{};
        return xrgbChecksum(decoder.decode(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(jpeg.constData()),
                                                                         static_cast<std::size_t>(jpeg.size())),
                                           QSize(), &error));
    }
    Frame pattern = fakePatternFrame(delivered.format(), delivered.width(), delivered.height());
    pattern.setYuvEncoding(delivered.yuvMatrix(), delivered.yuvRange());
    return xrgbChecksum(pattern);
}

int align64(int value)
{
    return (value + 63) / 64 * 64;
}

V4l2SourceOptions optionsFor(const std::string &path, const std::shared_ptr<FakeV4l2Io> &io)
{
    V4l2SourceOptions options;
    options.devicePath = path;
    options.io = io;
    options.reopenIntervalMs = 100;
    return options;
}

std::vector<FakeV4l2Io::Mode> typicalUvcModes()
{
    return {
        {V4L2_PIX_FMT_MJPEG, 2560, 1440, 30}, {V4L2_PIX_FMT_MJPEG, 1920, 1080, 30},
        {V4L2_PIX_FMT_MJPEG, 1280, 720, 30},  {V4L2_PIX_FMT_YUYV, 1920, 1080, 5},
        {V4L2_PIX_FMT_YUYV, 1280, 720, 10},   {V4L2_PIX_FMT_YUYV, 640, 480, 30},
    };
}

} // namespace

class TestV4l2Source : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hdmiFollowsSignal_data();
    void hdmiFollowsSignal();
    void hdmiRefusedSetFormatFallsBackToGetFormat();
    void unterminatedIdentityIsBounded();
    void uvcDefaultMode_data();
    void uvcDefaultMode();
    void uvcChosenMode_data();
    void uvcChosenMode();
    void uvcRawFormats_data();
    void uvcRawFormats();
    void colorimetryAsTheDriverSays_data();
    void colorimetryAsTheDriverSays();
    void dvReceiverKeepsSourceSizeAndFormat_data();
    void dvReceiverKeepsSourceSizeAndFormat();
    void dvReceiverSizeFromTimingsNotStaleFormat();
    void dvReceiverChoosesFormatOnlyWhenItMust();
    void dvReceiverNoSignalIsAStateNotAPicture_data();
    void dvReceiverNoSignalIsAStateNotAPicture();
    void dvReceiverWithoutSignalAtStart();
    void dvReceiverFollowsNewTimings();
    void hdmiColorimetryFromFormat();
    void renegotiatesOnSourceChange();
    void renegotiatesWithoutEvents();
    void noSignalThenRecovery();
    void unplugIsDeviceGoneThenBack();
    void openErrors_data();
    void openErrors();
    void corruptMjpegSkippedAndCounted();
    void shortFramesDroppedAndCounted_data();
    void shortFramesDroppedAndCounted();
    void onlyShortFramesIsNoSignal();
    void rejectedLayoutIsAnError_data();
    void rejectedLayoutIsAnError();
    void stopIsQuickWithoutSignal();
    void publishesIntoMailbox();
    void mjpegDecodesAtMinimumSize();
    void rockchipSignalLostIsPromptNoSignal();
    void cableUnplugIsPromptNoSignal_data();
    void cableUnplugIsPromptNoSignal();
};

void TestV4l2Source::hdmiFollowsSignal_data()
{
    QTest::addColumn<std::uint32_t>("fourcc");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<PixelFormat>("format");
    QTest::newRow("NV12 1080p") << std::uint32_t(V4L2_PIX_FMT_NV12) << 1920 << 1080 << PixelFormat::Nv12;
    QTest::newRow("NV16 720p") << std::uint32_t(V4L2_PIX_FMT_NV16) << 1280 << 720 << PixelFormat::Nv16;
    QTest::newRow("NV24 1366x768") << std::uint32_t(V4L2_PIX_FMT_NV24) << 1366 << 768 << PixelFormat::Nv24;
    QTest::newRow("BGR3 1366x768") << std::uint32_t(V4L2_PIX_FMT_BGR24) << 1366 << 768 << PixelFormat::Bgr24;
    // What HDMI-to-CSI bridges (tc358743, adv76xx) deliver.
    QTest::newRow("UYVY 720p") << std::uint32_t(V4L2_PIX_FMT_UYVY) << 1280 << 720 << PixelFormat::Uyvy;
    QTest::newRow("NV21 1366x768") << std::uint32_t(V4L2_PIX_FMT_NV21) << 1366 << 768 << PixelFormat::Nv21;
    QTest::newRow("YU12 1366x768") << std::uint32_t(V4L2_PIX_FMT_YUV420) << 1366 << 768 << PixelFormat::Yuv420;
    QTest::newRow("XR24 720p") << std::uint32_t(V4L2_PIX_FMT_XBGR32) << 1280 << 720 << PixelFormat::Xrgb8888;
}

void TestV4l2Source::hdmiFollowsSignal()
{
    QFETCH(std::uint32_t, fourcc);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(PixelFormat, format);
    auto io = std::make_shared<FakeV4l2Io>();
    io->addHdmiReceiver(kHdmi);
    io->setHdmiSignal(kHdmi, fourcc, width, height);
    Collector collector;
    V4l2Source source(optionsFor(kHdmi, io));
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    QTRY_VERIFY(collector.count() >= 2);

    const V4l2Negotiated negotiated = source.negotiated();
    QVERIFY(negotiated.hdmiReceiver);
    QVERIFY(negotiated.multiPlanar);
    QCOMPARE(negotiated.fourcc, fourcc);
    QCOMPARE(negotiated.width, width);
    QCOMPARE(negotiated.height, height);
    QCOMPARE(negotiated.fps, 60); // from the DV timings
    QCOMPARE(io->rejectedSetFormats(kHdmi), 0); // G_FMT first: no S_FMT guessing
    QVERIFY(io->setDvTimingsCalls(kHdmi) >= 1);

    const Frame frame = collector.latest();
    QCOMPARE(frame.format(), format);
    QCOMPARE(frame.width(), width);
    QCOMPARE(frame.height(), height);
    const int bytesPerLine = align64(minimumStride(format, 0, width));
    QCOMPARE(frame.stride(0), bytesPerLine);
    if (frame.planeCount() == 2) {
        QCOMPARE(frame.plane(1).offset, std::size_t(bytesPerLine) * std::size_t(height));
        QCOMPARE(frame.stride(1), format == PixelFormat::Nv24 ? 2 * bytesPerLine : bytesPerLine);
    }
    if (frame.planeCount() == 3) {
        // YU12 in one memory plane: U, then V, each at half the bytesperline.
        QCOMPARE(frame.plane(1).offset, std::size_t(bytesPerLine) * std::size_t(height));
        QCOMPARE(frame.stride(1), bytesPerLine / 2);
        QCOMPARE(frame.plane(2).offset,
                 std::size_t(bytesPerLine) * std::size_t(height) + std::size_t(bytesPerLine / 2) * std::size_t(height / 2));
        QCOMPARE(frame.stride(2), bytesPerLine / 2);
    }
    QVERIFY(frame.dmabufFd() >= 0);
    QVERIFY(frame.timestampNs() > 0);
    QVERIFY(frame.timestampNs() <= monotonicNowNs());
    if (isYuv(format)) {
        QCOMPARE(frame.yuvMatrix(), YuvMatrix::Bt709);
        QCOMPARE(frame.yuvRange(), YuvRange::Limited);
    }
    QCOMPARE(frame.sourceName(), QString::fromStdString(kHdmi));
    const QByteArray checksum = xrgbChecksum(frame);
    QVERIFY(!checksum.isEmpty());
    QCOMPARE(checksum, referenceChecksum(fourcc, frame));

    source.stop();
    QCOMPARE(source.state(), V4l2Source::State::Stopped);
    QVERIFY(!io->isStreaming(kHdmi));
}

void TestV4l2Source::hdmiRefusedSetFormatFallsBackToGetFormat()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addHdmiReceiver(kHdmi);
    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_BGR24, 1280, 720);
    V4l2SourceOptions options = optionsFor(kHdmi, io);
    options.fourcc = V4L2_PIX_FMT_NV12; // listed by ENUM_FMT, but not what the signal carries
    Collector collector;
    V4l2Source source(options);
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    QVERIFY(io->rejectedSetFormats(kHdmi) >= 1);
    QCOMPARE(source.negotiated().fourcc, std::uint32_t(V4L2_PIX_FMT_BGR24));
    QTRY_VERIFY(collector.count() >= 1);
    QCOMPARE(collector.latest().format(), PixelFormat::Bgr24);
}

// A driver name that fills its 16 bytes has no NUL: reading on would run into the card
// name ("...hdmi" + "rx ...") and take a USB camera for the HDMI receiver.
void TestV4l2Source::unterminatedIdentityIsBounded()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kUvc, {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    const std::string driver = "abcdefghijklhdmi";
    QCOMPARE(driver.size(), std::size_t(16));
    io->setIdentity(kUvc, driver, "rx camera with a name of 32 byte");
    Collector collector;
    V4l2Source source(optionsFor(kUvc, io));
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    QVERIFY(!source.isHdmiInput());
    QTRY_VERIFY(collector.count() >= 1);
}

void TestV4l2Source::uvcDefaultMode_data()
{
    QTest::addColumn<std::vector<FakeV4l2Io::Mode>>("modes");
    QTest::addColumn<std::uint32_t>("fourcc");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("MJPEG 1080p30 beats 1440p and slow YUYV")
        << typicalUvcModes() << std::uint32_t(V4L2_PIX_FMT_MJPEG) << 1920 << 1080;
    QTest::newRow("raw preferred at equal size and rate")
        << std::vector<FakeV4l2Io::Mode>{{V4L2_PIX_FMT_MJPEG, 1280, 720, 30}, {V4L2_PIX_FMT_YUYV, 1280, 720, 30}}
        << std::uint32_t(V4L2_PIX_FMT_YUYV) << 1280 << 720;
    QTest::newRow("formats camchat cannot capture are skipped")
        << std::vector<FakeV4l2Io::Mode>{{V4L2_PIX_FMT_H264, 1920, 1080, 30}, {V4L2_PIX_FMT_YUYV, 640, 480, 30}}
        << std::uint32_t(V4L2_PIX_FMT_YUYV) << 640 << 480;
    QTest::newRow("fast enough beats larger")
        << std::vector<FakeV4l2Io::Mode>{{V4L2_PIX_FMT_YUYV, 1920, 1080, 5}, {V4L2_PIX_FMT_YUYV, 640, 480, 30}}
        << std::uint32_t(V4L2_PIX_FMT_YUYV) << 640 << 480;
}

void TestV4l2Source::uvcDefaultMode()
{
    QFETCH(std::vector<FakeV4l2Io::Mode>, modes);
    QFETCH(std::uint32_t, fourcc);
    QFETCH(int, width);
    QFETCH(int, height);
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kUvc, modes);
    Collector collector;
    V4l2Source source(optionsFor(kUvc, io));
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    QCOMPARE(source.negotiated().fourcc, fourcc);
    QCOMPARE(source.negotiated().width, width);
    QCOMPARE(source.negotiated().height, height);
    QVERIFY(!source.negotiated().multiPlanar);
    QCOMPARE(io->currentMode(kUvc).width, width);
    QTRY_VERIFY(collector.count() >= 1);
    QCOMPARE(collector.latest().width(), width);
    QCOMPARE(collector.latest().height(), height);
}

void TestV4l2Source::uvcChosenMode_data()
{
    QTest::addColumn<std::uint32_t>("fourcc");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<PixelFormat>("delivered");
    QTest::newRow("YUYV 640x480") << std::uint32_t(V4L2_PIX_FMT_YUYV) << 640 << 480 << PixelFormat::Yuyv;
    QTest::newRow("YUYV 1280x720") << std::uint32_t(V4L2_PIX_FMT_YUYV) << 1280 << 720 << PixelFormat::Yuyv;
    QTest::newRow("MJPEG 1280x720") << std::uint32_t(V4L2_PIX_FMT_MJPEG) << 1280 << 720 << PixelFormat::Xrgb8888;
}

// Every raw format a USB grabber or vivid may offer: listed, chosen when it is all there
// is, wrapped without a copy and converted like the reference.
void TestV4l2Source::uvcRawFormats_data()
{
    QTest::addColumn<std::uint32_t>("fourcc");
    QTest::addColumn<PixelFormat>("delivered");
    QTest::newRow("UYVY") << std::uint32_t(V4L2_PIX_FMT_UYVY) << PixelFormat::Uyvy;
    QTest::newRow("YVYU") << std::uint32_t(V4L2_PIX_FMT_YVYU) << PixelFormat::Yvyu;
    QTest::newRow("NV21") << std::uint32_t(V4L2_PIX_FMT_NV21) << PixelFormat::Nv21;
    QTest::newRow("YU12") << std::uint32_t(V4L2_PIX_FMT_YUV420) << PixelFormat::Yuv420;
    QTest::newRow("YV12") << std::uint32_t(V4L2_PIX_FMT_YVU420) << PixelFormat::Yvu420;
    QTest::newRow("XR24") << std::uint32_t(V4L2_PIX_FMT_XBGR32) << PixelFormat::Xrgb8888;
    QTest::newRow("AR24") << std::uint32_t(V4L2_PIX_FMT_ABGR32) << PixelFormat::Xrgb8888;
    QTest::newRow("XB24") << std::uint32_t(V4L2_PIX_FMT_RGBX32) << PixelFormat::Xbgr8888;
    QTest::newRow("AB24") << std::uint32_t(V4L2_PIX_FMT_RGBA32) << PixelFormat::Xbgr8888;
    QTest::newRow("RGB3") << std::uint32_t(V4L2_PIX_FMT_RGB24) << PixelFormat::Rgb24;
    QTest::newRow("GREY") << std::uint32_t(V4L2_PIX_FMT_GREY) << PixelFormat::Grey;
}

void TestV4l2Source::uvcRawFormats()
{
    QFETCH(std::uint32_t, fourcc);
    QFETCH(PixelFormat, delivered);
    auto io = std::make_shared<FakeV4l2Io>();
    // Beside a format camchat cannot take, so the choice is the raw one.
    io->addUvcCamera(kUvc, {{V4L2_PIX_FMT_H264, 1280, 720, 30}, {fourcc, 640, 360, 30}});
    Collector collector;
    V4l2Source source(optionsFor(kUvc, io));
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_VERIFY(collector.count() >= 1);
    QCOMPARE(source.state(), V4l2Source::State::Streaming);
    QCOMPARE(source.negotiated().fourcc, fourcc);
    QCOMPARE(source.currentFormat().pixelFormat, fourccName(fourcc));
    const Frame frame = collector.latest();
    QCOMPARE(frame.format(), delivered);
    QCOMPARE(frame.width(), 640);
    QCOMPARE(frame.height(), 360);
    QCOMPARE(xrgbChecksum(frame), referenceChecksum(fourcc, frame));
}

void TestV4l2Source::uvcChosenMode()
{
    QFETCH(std::uint32_t, fourcc);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(PixelFormat, delivered);
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kUvc, typicalUvcModes());
    V4l2SourceOptions options = optionsFor(kUvc, io);
    options.fourcc = fourcc;
    options.width = width;
    options.height = height;
    Collector collector;
    V4l2Source source(options);
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_VERIFY(collector.count() >= 1);
    QCOMPARE(source.negotiated().fourcc, fourcc);
    const Frame frame = collector.latest();
    QCOMPARE(frame.format(), delivered);
    QCOMPARE(frame.width(), width);
    QCOMPARE(frame.height(), height);
    QVERIFY(frame.stride(0) >= minimumStride(delivered, 0, width));
    QCOMPARE(xrgbChecksum(frame), referenceChecksum(fourcc, frame));
}

void TestV4l2Source::colorimetryAsTheDriverSays_data()
{
    QTest::addColumn<std::uint32_t>("colorspace");
    QTest::addColumn<std::uint32_t>("encoding");
    QTest::addColumn<std::uint32_t>("quantization");
    QTest::addColumn<YuvMatrix>("matrix");
    QTest::addColumn<YuvRange>("range");
    const auto row = [](const char *name, std::uint32_t cs, std::uint32_t enc, std::uint32_t q, YuvMatrix m, YuvRange r) {
        QTest::newRow(name) << cs << enc << q << m << r;
    };
    // 1280x720 throughout: a driver saying nothing gets BT.709 there.
    row("nothing said", V4L2_COLORSPACE_DEFAULT, V4L2_YCBCR_ENC_DEFAULT, V4L2_QUANTIZATION_DEFAULT, YuvMatrix::Bt709,
        YuvRange::Limited);
    // vivid's webcam (and uvcvideo) report sRGB: by V4L2's defaults that is BT.601.
    row("sRGB", V4L2_COLORSPACE_SRGB, V4L2_YCBCR_ENC_DEFAULT, V4L2_QUANTIZATION_DEFAULT, YuvMatrix::Bt601,
        YuvRange::Limited);
    row("Rec. 709", V4L2_COLORSPACE_REC709, V4L2_YCBCR_ENC_DEFAULT, V4L2_QUANTIZATION_DEFAULT, YuvMatrix::Bt709,
        YuvRange::Limited);
    row("SMPTE 170M", V4L2_COLORSPACE_SMPTE170M, V4L2_YCBCR_ENC_DEFAULT, V4L2_QUANTIZATION_DEFAULT, YuvMatrix::Bt601,
        YuvRange::Limited);
    row("JPEG", V4L2_COLORSPACE_JPEG, V4L2_YCBCR_ENC_DEFAULT, V4L2_QUANTIZATION_DEFAULT, YuvMatrix::Bt601,
        YuvRange::Full);
    row("sRGB with 709 full", V4L2_COLORSPACE_SRGB, V4L2_YCBCR_ENC_709, V4L2_QUANTIZATION_FULL_RANGE,
        YuvMatrix::Bt709, YuvRange::Full);
    row("Rec. 709 with 601 limited", V4L2_COLORSPACE_REC709, V4L2_YCBCR_ENC_601, V4L2_QUANTIZATION_LIM_RANGE,
        YuvMatrix::Bt601, YuvRange::Limited);
}

void TestV4l2Source::colorimetryAsTheDriverSays()
{
    QFETCH(std::uint32_t, colorspace);
    QFETCH(std::uint32_t, encoding);
    QFETCH(std::uint32_t, quantization);
    QFETCH(YuvMatrix, matrix);
    QFETCH(YuvRange, range);
    for (const std::uint32_t fourcc : {std::uint32_t(V4L2_PIX_FMT_UYVY), std::uint32_t(V4L2_PIX_FMT_YUV420),
                                       std::uint32_t(V4L2_PIX_FMT_GREY)}) {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addUvcCamera(kUvc, {{fourcc, 1280, 720, 30}});
        io->setColorimetry(kUvc, colorspace, encoding, quantization);
        Collector collector;
        V4l2Source source(optionsFor(kUvc, io));
        source.setFrameCallback(collector.callback());
        source.start();
        QTRY_VERIFY(collector.count() >= 1);
        const Frame frame = collector.latest();
        QCOMPARE(frame.yuvMatrix(), matrix);
        // Greyscale is not Y'CbCr: its default is full range, as vivid sends it.
        const bool greyDefault = fourcc == V4L2_PIX_FMT_GREY && quantization == V4L2_QUANTIZATION_DEFAULT;
        QCOMPARE(frame.yuvRange(), greyDefault ? YuvRange::Full : range);
        QCOMPARE(xrgbChecksum(frame), referenceChecksum(fourcc, frame));
    }
}

namespace {

const std::string kDv = "/dev/video3";

FakeV4l2Io::DvReceiverOptions vividHdmi(std::uint32_t fourcc, bool multiPlanar, int width = 1280, int height = 720)
{
    FakeV4l2Io::DvReceiverOptions options;
    options.multiPlanar = multiPlanar;
    options.initial = {fourcc, width, height, 60};
    return options;
}

} // namespace

// vivid's HDMI input (nothing in its name says HDMI) sends 720p60 in the format it was
// left in: camchat keeps both, where a camera's choice would force 1920x1080 YUYV and
// leave the picture in a corner of a green frame.
void TestV4l2Source::dvReceiverKeepsSourceSizeAndFormat_data()
{
    QTest::addColumn<std::uint32_t>("fourcc");
    QTest::addColumn<bool>("multiPlanar");
    for (const bool mplane : {false, true}) {
        for (const std::uint32_t fourcc : {std::uint32_t(V4L2_PIX_FMT_NV12), std::uint32_t(V4L2_PIX_FMT_NV16),
                                           std::uint32_t(V4L2_PIX_FMT_NV24), std::uint32_t(V4L2_PIX_FMT_BGR24),
                                           std::uint32_t(V4L2_PIX_FMT_YUYV), std::uint32_t(V4L2_PIX_FMT_UYVY)}) {
            QTest::addRow("%s %s", qPrintable(fourccName(fourcc)), mplane ? "mplane" : "single-planar")
                << fourcc << mplane;
        }
    }
}

void TestV4l2Source::dvReceiverKeepsSourceSizeAndFormat()
{
    QFETCH(std::uint32_t, fourcc);
    QFETCH(bool, multiPlanar);
    auto io = std::make_shared<FakeV4l2Io>();
    FakeV4l2Io::DvReceiverOptions options = vividHdmi(fourcc, multiPlanar);
    options.formats = {V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_UYVY, V4L2_PIX_FMT_NV12,
                       V4L2_PIX_FMT_NV16, V4L2_PIX_FMT_NV24, V4L2_PIX_FMT_BGR24};
    io->addDvReceiver(kDv, options);
    Collector collector;
    V4l2Source source(optionsFor(kDv, io));
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_VERIFY(collector.count() >= 2);
    const V4l2Negotiated negotiated = source.negotiated();
    QCOMPARE(fourccName(negotiated.fourcc), fourccName(fourcc));
    QCOMPARE(negotiated.width, 1280);
    QCOMPARE(negotiated.height, 720);
    QVERIFY(source.isHdmiInput());
    QVERIFY(negotiated.hdmiReceiver);
    QCOMPARE(negotiated.multiPlanar, multiPlanar);
    QCOMPARE(negotiated.fps, 60);
    QCOMPARE(io->currentMode(kDv).width, 1280);
    QCOMPARE(io->currentMode(kDv).height, 720);
    const Frame frame = collector.latest();
    QCOMPARE(frame.width(), 1280);
    QCOMPARE(frame.height(), 720);
    QCOMPARE(xrgbChecksum(frame), referenceChecksum(fourcc, frame));
}

// Another program left the receiver at 1920x1080 while the source sends 720p (vivid
// then composes the picture into a corner): the size comes from the timings.
void TestV4l2Source::dvReceiverSizeFromTimingsNotStaleFormat()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addDvReceiver(kDv, vividHdmi(V4L2_PIX_FMT_NV16, false));
    {
        const int fd = io->open(kDv);
        QVERIFY(fd >= 0);
        v4l2_format format{};
        format.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        format.fmt.pix.pixelformat = V4L2_PIX_FMT_NV16;
        format.fmt.pix.width = 1920;
        format.fmt.pix.height = 1080;
        QCOMPARE(io->ioctl(fd, VIDIOC_S_FMT, &format), 0);
        io->close(fd);
    }
    QCOMPARE(io->currentMode(kDv).width, 1920);
    Collector collector;
    V4l2Source source(optionsFor(kDv, io));
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_VERIFY(collector.count() >= 1);
    QCOMPARE(source.negotiated().fourcc, std::uint32_t(V4L2_PIX_FMT_NV16));
    QCOMPARE(source.negotiated().width, 1280);
    QCOMPARE(source.negotiated().height, 720);
    QCOMPARE(collector.latest().width(), 1280);
}

// The driver's format is changed only when camchat cannot take it (Bayer here), or when
// the user asked for one; then the first usable format the driver lists.
void TestV4l2Source::dvReceiverChoosesFormatOnlyWhenItMust()
{
    {
        auto io = std::make_shared<FakeV4l2Io>();
        FakeV4l2Io::DvReceiverOptions options = vividHdmi(V4L2_PIX_FMT_SBGGR8, true);
        options.formats = {V4L2_PIX_FMT_SBGGR8, V4L2_PIX_FMT_H264, V4L2_PIX_FMT_NV24, V4L2_PIX_FMT_YUYV};
        io->addDvReceiver(kDv, options);
        Collector collector;
        V4l2Source source(optionsFor(kDv, io));
        source.setFrameCallback(collector.callback());
        source.start();
        QTRY_VERIFY(collector.count() >= 1);
        QCOMPARE(fourccName(source.negotiated().fourcc), QStringLiteral("NV24"));
        QCOMPARE(source.negotiated().width, 1280);
        QCOMPARE(collector.latest().format(), PixelFormat::Nv24);
    }
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addDvReceiver(kDv, vividHdmi(V4L2_PIX_FMT_YUYV, false));
        V4l2SourceOptions options = optionsFor(kDv, io);
        options.fourcc = V4L2_PIX_FMT_BGR24;
        options.width = 640; // a size is the source's to choose: ignored
        options.height = 480;
        Collector collector;
        V4l2Source source(options);
        source.setFrameCallback(collector.callback());
        source.start();
        QTRY_VERIFY(collector.count() >= 1);
        QCOMPARE(fourccName(source.negotiated().fourcc), QStringLiteral("BGR3"));
        QCOMPARE(source.negotiated().width, 1280);
        QCOMPARE(source.negotiated().height, 720);
    }
}

// No signal is a state, not a picture: vivid keeps streaming noise, which must never
// be published, whether the driver says so with an event, QUERY_DV_TIMINGS or only the
// input's status bits.
void TestV4l2Source::dvReceiverNoSignalIsAStateNotAPicture_data()
{
    QTest::addColumn<int>("error");
    QTest::addColumn<bool>("events");
    QTest::addColumn<bool>("multiPlanar");
    QTest::newRow("ENOLINK") << ENOLINK << true << false;
    QTest::newRow("ENOLCK") << ENOLCK << true << true;
    QTest::newRow("ERANGE") << ERANGE << true << false;
    QTest::newRow("ENOLINK, no events: status bits") << ENOLINK << false << true;
    QTest::newRow("ENOLCK, no events: status bits") << ENOLCK << false << false;
}

void TestV4l2Source::dvReceiverNoSignalIsAStateNotAPicture()
{
    QFETCH(int, error);
    QFETCH(bool, events);
    QFETCH(bool, multiPlanar);
    auto io = std::make_shared<FakeV4l2Io>();
    io->addDvReceiver(kDv, vividHdmi(V4L2_PIX_FMT_NV12, multiPlanar));
    io->setEventsSupported(kDv, events);
    Collector collector;
    V4l2SourceOptions options = optionsFor(kDv, io);
    options.noFrameTimeoutMs = 60000; // only the driver's word counts here, not a timeout
    V4l2Source source(options);
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_VERIFY(collector.count() >= 2);
    QCOMPARE(source.state(), V4l2Source::State::Streaming);

    io->setHdmiNoSignal(kDv, error);
    QTRY_COMPARE(source.state(), V4l2Source::State::NoSignal);
    // Every frame that went out was the picture, none of the noise.
    const Frame last = collector.latest();
    QCOMPARE(xrgbChecksum(last), referenceChecksum(V4L2_PIX_FMT_NV12, last));
    const int published = collector.count();
    QTest::qWait(300);
    QCOMPARE(collector.count(), published);
    QCOMPARE(source.state(), V4l2Source::State::NoSignal);

    // Signal back: pictures again.
    io->setHdmiSignal(kDv, V4L2_PIX_FMT_NV12, 1280, 720, 60);
    QTRY_VERIFY(collector.count() > published + 1);
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    const Frame again = collector.latest();
    QCOMPARE(xrgbChecksum(again), referenceChecksum(V4L2_PIX_FMT_NV12, again));
}

void TestV4l2Source::dvReceiverWithoutSignalAtStart()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addDvReceiver(kDv, vividHdmi(V4L2_PIX_FMT_YUYV, false));
    io->setHdmiNoSignal(kDv, ENOLINK);
    Collector collector;
    V4l2Source source(optionsFor(kDv, io));
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::NoSignal);
    QTest::qWait(300);
    QCOMPARE(collector.count(), 0);
    QCOMPARE(source.state(), V4l2Source::State::NoSignal);
    QVERIFY(source.isHdmiInput());
}

// V4L2_EVENT_SOURCE_CHANGE while streaming: streaming restarts at the new timings'
// size, in the same format.
void TestV4l2Source::dvReceiverFollowsNewTimings()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addDvReceiver(kDv, vividHdmi(V4L2_PIX_FMT_NV12, true));
    Collector collector;
    V4l2Source source(optionsFor(kDv, io));
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_VERIFY(collector.count() >= 1);
    QCOMPARE(collector.latest().width(), 1280);

    io->setHdmiSignal(kDv, V4L2_PIX_FMT_NV12, 1920, 1080, 30);
    QTRY_COMPARE(collector.latest().width(), 1920);
    QCOMPARE(collector.latest().height(), 1080);
    QCOMPARE(collector.latest().format(), PixelFormat::Nv12);
    QCOMPARE(source.negotiated().width, 1920);
    QCOMPARE(source.negotiated().fps, 30);
    QCOMPARE(source.currentFormat().width, 1920);
    QVERIFY(source.stats().renegotiations >= 1);
    QCOMPARE(io->currentMode(kDv).width, 1920);
}

void TestV4l2Source::hdmiColorimetryFromFormat()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addHdmiReceiver(kHdmi);
    io->setHdmiColorimetry(kHdmi, V4L2_YCBCR_ENC_601, V4L2_QUANTIZATION_FULL_RANGE);
    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_NV12, 1920, 1080);
    Collector collector;
    V4l2Source source(optionsFor(kHdmi, io));
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_VERIFY(collector.count() >= 1);
    const Frame frame = collector.latest();
    QCOMPARE(frame.yuvMatrix(), YuvMatrix::Bt601);
    QCOMPARE(frame.yuvRange(), YuvRange::Full);
    QCOMPARE(xrgbChecksum(frame), referenceChecksum(V4L2_PIX_FMT_NV12, frame));
}

void TestV4l2Source::renegotiatesWithoutEvents()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addHdmiReceiver(kHdmi);
    io->setEventsSupported(kHdmi, false);
    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_NV12, 1920, 1080);
    Collector collector;
    V4l2Source source(optionsFor(kHdmi, io));
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_VERIFY(collector.count() >= 1);
    QCOMPARE(collector.latest().width(), 1920);

    // No SOURCE_CHANGE: the stream just stops completing buffers.
    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_NV16, 1280, 720);
    QTRY_COMPARE(collector.latest().width(), 1280);
    QCOMPARE(collector.latest().format(), PixelFormat::Nv16);
    QCOMPARE(source.state(), V4l2Source::State::Streaming);

    io->setHdmiNoSignal(kHdmi);
    QTRY_COMPARE(source.state(), V4l2Source::State::NoSignal);
    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_NV12, 1920, 1080);
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    QTRY_COMPARE(collector.latest().width(), 1920);
}

void TestV4l2Source::renegotiatesOnSourceChange()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addHdmiReceiver(kHdmi);
    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_NV12, 1920, 1080);
    Collector collector;
    V4l2Source source(optionsFor(kHdmi, io));
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_VERIFY(collector.count() >= 2);
    QCOMPARE(collector.latest().width(), 1920);

    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_NV12, 1280, 720);
    QTRY_COMPARE(collector.latest().width(), 1280);
    const Frame frame = collector.latest();
    QCOMPARE(frame.height(), 720);
    QCOMPARE(frame.stride(0), 1280);
    QCOMPARE(source.negotiated().width, 1280);
    QCOMPARE(source.stats().renegotiations, std::uint64_t(1));
    QCOMPARE(source.state(), V4l2Source::State::Streaming);
    QCOMPARE(xrgbChecksum(frame), referenceChecksum(V4L2_PIX_FMT_NV12, frame));
}

void TestV4l2Source::noSignalThenRecovery()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addHdmiReceiver(kHdmi); // cable plugged in, no source yet
    Collector collector;
    V4l2Source source(optionsFor(kHdmi, io));
    QSignalSpy spy(&source, &V4l2Source::stateChanged);
    // Emitted in the capture thread: a receiver in this thread gets it queued.
    QList<V4l2Source::State> queued;
    QObject receiver;
    connect(&source, &V4l2Source::stateChanged, &receiver,
            [&queued](V4l2Source::State state) { queued.append(state); }, Qt::QueuedConnection);
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::NoSignal);
    QTest::qWait(150);
    QCOMPARE(collector.count(), 0);
    QCOMPARE(source.state(), V4l2Source::State::NoSignal);
    QCOMPARE(source.errorCode(), V4l2Error::None);

    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_NV16, 1280, 720);
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    QTRY_VERIFY(collector.count() >= 1);

    io->setHdmiNoSignal(kHdmi, ENOLCK);
    QTRY_COMPARE(source.state(), V4l2Source::State::NoSignal);
    const int countAtLoss = collector.count();
    QTest::qWait(100);
    QCOMPARE(collector.count(), countAtLoss);

    collector.reset();
    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_BGR24, 1920, 1080);
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    QTRY_VERIFY(collector.count() >= 1);
    QCOMPARE(collector.latest().format(), PixelFormat::Bgr24);
    QCOMPARE(io->openCount(kHdmi), 1); // recovered on the same open device
    QVERIFY(spy.count() >= 4);
    using S = V4l2Source::State;
    const QList<S> expected{S::Starting, S::NoSignal, S::Streaming, S::NoSignal, S::Streaming};
    QTRY_COMPARE(queued, expected); // Starting comes from start(), the rest from the capture thread
}

void TestV4l2Source::unplugIsDeviceGoneThenBack()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kUvc, typicalUvcModes());
    io->unplugAfterFrames(kUvc, 5);
    Collector collector;
    V4l2Source source(optionsFor(kUvc, io));
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::DeviceGone);
    QCOMPARE(collector.count(), 5);
    QCOMPARE(source.errorCode(), V4l2Error::None);

    io->replug(kUvc);
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    QTRY_VERIFY(collector.count() > 5);
    source.stop();
    collector.reset(); // releases the last frame: every mapping is gone
    QCOMPARE(io->liveMappings(), 0);
    QCOMPARE(io->openFdCount(), 0);
}

void TestV4l2Source::openErrors_data()
{
    QTest::addColumn<int>("error");
    QTest::addColumn<V4l2Error>("code");
    QTest::newRow("EBUSY") << EBUSY << V4l2Error::Busy;
    QTest::newRow("EACCES") << EACCES << V4l2Error::PermissionDenied;
    QTest::newRow("ENOENT") << ENOENT << V4l2Error::DeviceMissing;
}

void TestV4l2Source::openErrors()
{
    QFETCH(int, error);
    QFETCH(V4l2Error, code);
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kUvc, typicalUvcModes());
    io->setOpenError(kUvc, error);
    V4l2Source source(optionsFor(kUvc, io));
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::Error);
    QCOMPARE(source.errorCode(), code);
    QVERIFY2(source.errorDetail().contains(QString::fromLocal8Bit(std::strerror(error))), qPrintable(source.errorDetail()));
    QVERIFY(source.errorDetail().contains(QString::fromStdString(kUvc)));
    source.stop();
    QCOMPARE(source.state(), V4l2Source::State::Error); // the reason stays visible
}

void TestV4l2Source::corruptMjpegSkippedAndCounted()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kUvc, {{V4L2_PIX_FMT_MJPEG, 640, 480, 60}});
    io->setCorruptFrames(kUvc, {1, 2, 6});
    Collector collector;
    V4l2Source source(optionsFor(kUvc, io));
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_VERIFY(io->framesDequeued(kUvc) >= 10);
    QTRY_VERIFY(collector.count() >= 7);
    source.stop();
    const V4l2SourceStats stats = source.stats();
    QCOMPARE(stats.corruptSkipped, std::uint64_t(3));
    QCOMPARE(stats.delivered + stats.corruptSkipped, std::uint64_t(io->framesDequeued(kUvc)));
    QCOMPARE(std::uint64_t(collector.count()), stats.delivered);
    QCOMPARE(xrgbChecksum(collector.latest()), referenceChecksum(V4L2_PIX_FMT_MJPEG, collector.latest()));
}

void TestV4l2Source::shortFramesDroppedAndCounted_data()
{
    QTest::addColumn<bool>("hdmi");
    QTest::addColumn<std::uint32_t>("fourcc");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<std::uint32_t>("bytesUsed");
    // Half the picture: a torn frame.
    QTest::newRow("YUYV, half") << false << std::uint32_t(V4L2_PIX_FMT_YUYV) << 640 << 480
                                << std::uint32_t(640 * 2 * 480 / 2);
    QTest::newRow("YUYV, one byte short") << false << std::uint32_t(V4L2_PIX_FMT_YUYV) << 640 << 480
                                          << std::uint32_t(640 * 2 * 480 - 1);
    QTest::newRow("YUYV, empty") << false << std::uint32_t(V4L2_PIX_FMT_YUYV) << 640 << 480 << std::uint32_t(0);
    // Multi-planar, one memory plane: the luma arrived, the chroma did not.
    QTest::newRow("NV12 mplane, no chroma") << true << std::uint32_t(V4L2_PIX_FMT_NV12) << 1280 << 720
                                            << std::uint32_t(align64(1280) * 720);
    QTest::newRow("BGR3 mplane, empty") << true << std::uint32_t(V4L2_PIX_FMT_BGR24) << 1280 << 720 << std::uint32_t(0);
    // A JPEG has no fixed size: only an empty one is short.
    QTest::newRow("MJPEG, empty") << false << std::uint32_t(V4L2_PIX_FMT_MJPEG) << 640 << 480 << std::uint32_t(0);
}

// A frame with fewer bytes than its layout needs is never published: the rest of the
// buffer is not this picture. It counts as dropped, and what does arrive is whole.
void TestV4l2Source::shortFramesDroppedAndCounted()
{
    QFETCH(bool, hdmi);
    QFETCH(std::uint32_t, fourcc);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(std::uint32_t, bytesUsed);
    auto io = std::make_shared<FakeV4l2Io>();
    const std::string path = hdmi ? kHdmi : kUvc;
    if (hdmi) {
        io->addHdmiReceiver(kHdmi);
        io->setHdmiSignal(kHdmi, fourcc, width, height);
    } else {
        io->addUvcCamera(kUvc, {{fourcc, width, height, 60}});
    }
    const std::set<int> shortFrames{1, 2, 6};
    io->setShortFrames(path, shortFrames, bytesUsed);
    Collector collector;
    FrameMailbox mailbox;
    V4l2Source source(optionsFor(path, io));
    source.setFrameCallback(collector.callback());
    source.setMailbox(&mailbox);
    source.start();
    QTRY_VERIFY(io->framesDequeued(path) >= 10);
    QTRY_VERIFY(collector.count() >= 7);
    source.stop();

    const V4l2SourceStats stats = source.stats();
    QCOMPARE(stats.shortSkipped, std::uint64_t(shortFrames.size()));
    QCOMPARE(stats.corruptSkipped, std::uint64_t(0));
    QCOMPARE(stats.delivered + stats.shortSkipped, std::uint64_t(io->framesDequeued(path)));
    QCOMPARE(std::uint64_t(collector.count()), stats.delivered);
    QCOMPARE(mailbox.stats().published, stats.delivered);
    QCOMPARE(source.rejectedFrames(), std::uint64_t(shortFrames.size()));
    for (int number : shortFrames)
        QVERIFY2(!collector.sequences().count(std::uint64_t(number)), qPrintable(QString::number(number)));
    QCOMPARE(collector.invalidCount(), 0);
    QCOMPARE(xrgbChecksum(collector.latest()), referenceChecksum(fourcc, collector.latest()));
}

// A grabber that sends nothing but empty buffers (its input lost the signal) shows no
// picture: that is "no signal", not "Streaming" and not "Opening" forever.
void TestV4l2Source::onlyShortFramesIsNoSignal()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kUvc, {{V4L2_PIX_FMT_YUYV, 640, 480, 60}});
    std::set<int> all;
    for (int i = 0; i < 100000; ++i)
        all.insert(i);
    io->setShortFrames(kUvc, all, 0);
    V4l2SourceOptions options = optionsFor(kUvc, io);
    options.noFrameTimeoutMs = 300;
    Collector collector;
    V4l2Source source(options);
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::NoSignal);
    QVERIFY(source.rejectedFrames() > 0);
    QCOMPARE(collector.count(), 0);
    source.stop();
}

void TestV4l2Source::rejectedLayoutIsAnError_data()
{
    QTest::addColumn<bool>("hdmi");
    QTest::addColumn<std::uint32_t>("fourcc");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<std::uint32_t>("bytesPerLine"); // what the driver reports; 0: a sane value
    QTest::addColumn<std::uint32_t>("sizeImage");
    QTest::addColumn<QStringList>("numbers"); // the driver's numbers, in the detail
    // Rows narrower than the picture (YUYV needs 2 bytes a pixel).
    QTest::newRow("YUYV, bytesperline below width") << false << std::uint32_t(V4L2_PIX_FMT_YUYV) << 640 << 480
                                                    << std::uint32_t(640) << std::uint32_t(0)
                                                    << QStringList{QStringLiteral("640"), QStringLiteral("1280")};
    // Buffers with no room for the chroma plane.
    QTest::newRow("NV12 mplane, buffer without chroma")
        << true << std::uint32_t(V4L2_PIX_FMT_NV12) << 1280 << 720 << std::uint32_t(0)
        << std::uint32_t(align64(1280) * 720)
        << QStringList{QString::number(align64(1280) * 720), QString::number(align64(1280) * 720 * 3 / 2)};
}

// A driver whose format and buffers cannot hold the picture is an error with its numbers,
// never "Streaming" and never a frame.
void TestV4l2Source::rejectedLayoutIsAnError()
{
    QFETCH(bool, hdmi);
    QFETCH(std::uint32_t, fourcc);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(std::uint32_t, bytesPerLine);
    QFETCH(std::uint32_t, sizeImage);
    QFETCH(QStringList, numbers);
    auto io = std::make_shared<FakeV4l2Io>();
    const std::string path = hdmi ? kHdmi : kUvc;
    if (hdmi) {
        io->addHdmiReceiver(kHdmi);
        io->setHdmiSignal(kHdmi, fourcc, width, height);
    } else {
        io->addUvcCamera(kUvc, {{fourcc, width, height, 60}});
    }
    io->setReportedLayout(path, bytesPerLine, sizeImage);
    Collector collector;
    FrameMailbox mailbox;
    V4l2Source source(optionsFor(path, io));
    QSignalSpy states(&source, &FrameSource::stateChanged);
    source.setFrameCallback(collector.callback());
    source.setMailbox(&mailbox);
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::Error);
    QTest::qWait(100); // nothing follows the error
    QCOMPARE(source.state(), V4l2Source::State::Error);
    QCOMPARE(source.errorCode(), V4l2Error::Failed);
    const QString detail = source.errorDetail();
    QVERIFY2(detail.startsWith(QString::fromStdString(path)), qPrintable(detail));
    for (const QString &number : numbers)
        QVERIFY2(detail.contains(number), qPrintable(detail + QStringLiteral(" lacks ") + number));
    QCOMPARE(collector.count(), 0);
    QCOMPARE(mailbox.stats().published, std::uint64_t(0));
    QVERIFY(source.currentFormat().pixelFormat.isEmpty());
    source.stop();
    for (const QList<QVariant> &change : std::as_const(states)) // the capture thread has ended
        QVERIFY(change.at(0).value<FrameSource::State>() != FrameSource::State::Streaming);
    QCOMPARE(source.state(), V4l2Source::State::Error);
    QVERIFY(!io->isStreaming(path));
    QCOMPARE(io->openFdCount(), 0);
    QCOMPARE(io->liveMappings(), 0);
}

void TestV4l2Source::stopIsQuickWithoutSignal()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addHdmiReceiver(kHdmi);
    V4l2Source source(optionsFor(kHdmi, io));
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::NoSignal);
    QElapsedTimer timer;
    timer.start();
    source.stop();
    QVERIFY2(timer.elapsed() < 200, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(source.state(), V4l2Source::State::Stopped);
    QCOMPARE(io->openFdCount(), 0);

    // Streamed, then the signal vanished mid-stream: DQBUF never completes.
    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_NV12, 1280, 720);
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    timer.restart();
    source.stop(); // while frames flow
    QVERIFY2(timer.elapsed() < 200, qPrintable(QString::number(timer.elapsed())));

    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    io->setHdmiNoSignal(kHdmi);
    timer.restart();
    source.stop();
    QVERIFY2(timer.elapsed() < 200, qPrintable(QString::number(timer.elapsed())));
}

void TestV4l2Source::publishesIntoMailbox()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kUvc, {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    FrameMailbox mailbox;
    V4l2Source source(optionsFor(kUvc, io));
    source.setMailbox(&mailbox);
    source.start();
    const std::optional<Frame> frame = mailbox.waitTake(std::chrono::seconds(5));
    QVERIFY(frame.has_value());
    QCOMPARE(frame->format(), PixelFormat::Yuyv);
    QCOMPARE(frame->width(), 640);
    source.stop();
    QVERIFY(!mailbox.stats().pending); // no stale frame left behind
}

void TestV4l2Source::mjpegDecodesAtMinimumSize()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kUvc, {{V4L2_PIX_FMT_MJPEG, 1920, 1080, 30}});
    Collector collector;
    V4l2Source source(optionsFor(kUvc, io));
    source.setFrameCallback(collector.callback());
    source.start();

    // No hint: full size, and the compressed picture comes along.
    QTRY_VERIFY(collector.count() >= 1);
    Frame frame = collector.latest();
    QCOMPARE(frame.width(), 1920);
    QCOMPARE(frame.height(), 1080);
    QVERIFY(frame.encodedJpeg());
    QCOMPARE(frame.encodedSize(), QSize(1920, 1080));
    QCOMPARE(xrgbChecksum(frame), referenceChecksum(V4L2_PIX_FMT_MJPEG, frame));

    // TurboJPEG's smallest factor keeping >= 640x360 is 3/8 (720x405); 1/4 (480x270)
    // would be too small.
    const QSize expectedSize = JpegDecoder::scaledSize(QSize(1920, 1080), QSize(640, 360));
    QCOMPARE(expectedSize, QSize(720, 405));
    source.setMinimumDecodeSize(QSize(640, 360));
    QCOMPARE(source.minimumDecodeSize(), QSize(640, 360));
    QTRY_COMPARE(collector.latest().width(), expectedSize.width());
    frame = collector.latest();
    QCOMPARE(frame.height(), expectedSize.height());
    QCOMPARE(frame.format(), PixelFormat::Xrgb8888);
    QCOMPARE(frame.sourceName(), QString::fromStdString(kUvc));
    QVERIFY(frame.encodedJpeg());
    QCOMPARE(frame.encodedSize(), QSize(1920, 1080));
    {
        // The scaled picture is the pattern, decoded the same way.
        const QByteArray jpeg = fakePatternJpeg(1920, 1080);
        JpegDecoder decoder;
        ImageError error{};
        const Frame expected = decoder.decode(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(jpeg.constData()),
                                                                            static_cast<std::size_t>(jpeg.size())),
                                              QSize(640, 360), &error);
        QCOMPARE(expected.width(), expectedSize.width());
        QCOMPARE(xrgbChecksum(frame), xrgbChecksum(expected));
    }

    // A snapshot at full resolution from the same frame.
    ImageError error{};
    const Frame full = fullResolutionFrame(frame, &error);
    QVERIFY(!error);
    QCOMPARE(full.width(), 1920);
    QCOMPARE(full.height(), 1080);
    QCOMPARE(full.sequence(), frame.sequence());
    QCOMPARE(full.timestampNs(), frame.timestampNs());
    QCOMPARE(xrgbChecksum(full), referenceChecksum(V4L2_PIX_FMT_MJPEG, full));

    // A hint of exactly half the size decodes at 1/2.
    source.setMinimumDecodeSize(QSize(960, 540));
    QTRY_COMPARE(collector.latest().width(), 960);
    QCOMPARE(collector.latest().height(), 540);

    // Clearing the hint goes back to full size.
    source.setMinimumDecodeSize(QSize());
    QTRY_COMPARE(collector.latest().width(), 1920);
    QCOMPARE(source.stats().corruptSkipped, std::uint64_t(0));
}

void TestV4l2Source::rockchipSignalLostIsPromptNoSignal()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addHdmiReceiver(kHdmi, "rk_hdmirx");
    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_NV12, 1280, 720);
    V4l2SourceOptions options = optionsFor(kHdmi, io);
    options.noFrameTimeoutMs = 1500;
    Collector collector;
    V4l2Source source(options);
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    QTRY_VERIFY(collector.count() >= 2);

    // Only the private event: no SOURCE_CHANGE, frames just stop.
    QElapsedTimer timer;
    timer.start();
    io->sendRockchipSignalLost(kHdmi);
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), V4l2Source::State::NoSignal, options.noFrameTimeoutMs);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed < options.noFrameTimeoutMs / 3, qPrintable(QString::number(elapsed)));
    QCOMPARE(source.errorCode(), V4l2Error::None);

    // Lock again (the driver sends SOURCE_CHANGE): renegotiated, streaming.
    collector.reset();
    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_NV16, 1920, 1080);
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    QTRY_VERIFY(collector.count() >= 1);
    QCOMPARE(collector.latest().format(), PixelFormat::Nv16);
    QCOMPARE(collector.latest().width(), 1920);
    QCOMPARE(io->openCount(kHdmi), 1);
}

void TestV4l2Source::cableUnplugIsPromptNoSignal_data()
{
    QTest::addColumn<QString>("driver");
    QTest::newRow("rk_hdmirx") << QStringLiteral("rk_hdmirx");
    QTest::newRow("snps_hdmirx") << QStringLiteral("snps_hdmirx");
}

void TestV4l2Source::cableUnplugIsPromptNoSignal()
{
    QFETCH(QString, driver);
    auto io = std::make_shared<FakeV4l2Io>();
    io->addHdmiReceiver(kHdmi, driver.toStdString());
    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_BGR24, 1280, 720);
    V4l2SourceOptions options = optionsFor(kHdmi, io);
    options.noFrameTimeoutMs = 1500;
    Collector collector;
    V4l2Source source(options);
    source.setFrameCallback(collector.callback());
    source.start();
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    QTRY_VERIFY(collector.count() >= 2);
    const std::uint64_t renegotiations = source.stats().renegotiations;

    QElapsedTimer timer;
    timer.start();
    io->setHdmiPowerPresent(kHdmi, false); // V4L2_EVENT_CTRL, DV_RX_POWER_PRESENT = 0
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), V4l2Source::State::NoSignal, options.noFrameTimeoutMs);
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(elapsed < options.noFrameTimeoutMs / 3, qPrintable(QString::number(elapsed)));
    QTest::qWait(150);
    QCOMPARE(source.state(), V4l2Source::State::NoSignal);

    // Plugged in again: only the control event (value 1); the source re-queries the input.
    collector.reset();
    io->setHdmiPowerPresent(kHdmi, true);
    QTRY_COMPARE(source.state(), V4l2Source::State::Streaming);
    QTRY_VERIFY(collector.count() >= 1);
    QCOMPARE(collector.latest().format(), PixelFormat::Bgr24);
    QVERIFY(source.stats().renegotiations > renegotiations);
    QCOMPARE(xrgbChecksum(collector.latest()), referenceChecksum(V4L2_PIX_FMT_BGR24, collector.latest()));
}

QTEST_GUILESS_MAIN(TestV4l2Source)
#include "test_v4l2source.moc"
