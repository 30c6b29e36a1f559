#include "capture/v4l2/v4l2grab.h"

#include "capture/frameconvert.h"
#include "capture/jpegcodec.h"
#include "fakev4l2.h"

#include <QElapsedTimer>
#include <QTest>

#include <linux/videodev2.h>

#include <cerrno>
#include <cstdlib>
#include <thread>

using namespace camchat::capture;
using camchat::capture::test::FakeV4l2Io;
using camchat::capture::test::fakePatternFrame;
using camchat::capture::test::fakePatternJpeg;
using namespace std::chrono_literals;

namespace {

const std::string kHdmi = "/dev/video0";
const std::string kUvc = "/dev/video2";

V4l2SourceOptions optionsFor(const std::string &path, const std::shared_ptr<FakeV4l2Io> &io)
{
    V4l2SourceOptions options;
    options.devicePath = path;
    options.io = io;
    options.reopenIntervalMs = 100;
    return options;
}

// Largest per-channel difference between two Xrgb8888 renderings.
int maxDifference(const Frame &a, const Frame &b)
{
    const Frame xa = convertFrame(a, PixelFormat::Xrgb8888);
    const Frame xb = convertFrame(b, PixelFormat::Xrgb8888);
    if (!xa.isValid() || !xb.isValid() || xa.width() != xb.width() || xa.height() != xb.height())
        return 256;
    int worst = 0;
    for (int y = 0; y < xa.height(); ++y) {
        const std::uint8_t *ra = xa.constBits() + static_cast<std::ptrdiff_t>(y) * xa.stride(0);
        const std::uint8_t *rb = xb.constBits() + static_cast<std::ptrdiff_t>(y) * xb.stride(0);
        for (int x = 0; x < xa.width() * 4; ++x) {
            if (x % 4 != 3)
                worst = std::max(worst, std::abs(int(ra[x]) - int(rb[x])));
        }
    }
    return worst;
}

Frame decodedPatternJpeg(int width, int height)
{
    const QByteArray jpeg = fakePatternJpeg(width, height);
    JpegDecoder decoder;
    ImageError error{};
    return decoder.decode(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(jpeg.constData()),
                                                        static_cast<std::size_t>(jpeg.size())),
                          QSize(), &error);
}

} // namespace

class TestV4l2Grab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hdmiWithSignal()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addHdmiReceiver(kHdmi);
        io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_NV12, 1280, 720, 60);
        const V4l2GrabResult result = grabV4l2Frame(optionsFor(kHdmi, io), 2000ms);
        QVERIFY2(result.ok(), qPrintable(result.detail));
        QCOMPARE(result.frame.format(), PixelFormat::Nv12);
        QCOMPARE(result.frame.width(), 1280);
        QCOMPARE(result.frame.height(), 720);
        QCOMPARE(result.format.fourcc, std::uint32_t(V4L2_PIX_FMT_NV12));
        QCOMPARE(result.format.width, 1280);
        QVERIFY(result.format.hdmiReceiver);
        Frame reference = fakePatternFrame(PixelFormat::Nv12, 1280, 720);
        reference.setYuvEncoding(result.frame.yuvMatrix(), result.frame.yuvRange());
        QCOMPARE(maxDifference(result.frame, reference), 0);
        // The frame owns its pixels: the device is closed and its buffers unmapped.
        QCOMPARE(io->openFdCount(), 0);
        QCOMPARE(io->liveMappings(), 0);
        QVERIFY(!io->isStreaming(kHdmi));
    }

    void hdmiWithoutSignalTimesOut()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addHdmiReceiver(kHdmi);
        QElapsedTimer timer;
        timer.start();
        const V4l2GrabResult result = grabV4l2Frame(optionsFor(kHdmi, io), 300ms);
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(result.error, V4l2Error::NoSignal);
        QVERIFY(!result.ok());
        // It waited for the signal the whole timeout (how long it takes at most is bench_capture's).
        QVERIFY2(elapsed >= 290, qPrintable(QString::number(elapsed)));
        QVERIFY(!result.detail.isEmpty());
        QCOMPARE(io->openFdCount(), 0);
    }

    void hdmiSignalArrivesLate()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addHdmiReceiver(kHdmi);
        std::thread plug([io] {
            std::this_thread::sleep_for(200ms);
            io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_BGR24, 1920, 1080, 60);
        });
        QElapsedTimer timer;
        timer.start();
        const V4l2GrabResult result = grabV4l2Frame(optionsFor(kHdmi, io), 2000ms);
        const qint64 elapsed = timer.elapsed();
        plug.join();
        QVERIFY2(result.ok(), qPrintable(result.detail));
        QCOMPARE(result.frame.format(), PixelFormat::Bgr24);
        QCOMPARE(result.frame.width(), 1920);
        QCOMPARE(result.frame.height(), 1080);
        QVERIFY2(elapsed >= 190, qPrintable(QString::number(elapsed)));
    }

    void skipsFrames()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addUvcCamera(kUvc, {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
        const V4l2GrabResult result = grabV4l2Frame(optionsFor(kUvc, io), 3000ms, 3);
        QVERIFY2(result.ok(), qPrintable(result.detail));
        QCOMPARE(result.frame.format(), PixelFormat::Yuyv);
        QVERIFY2(io->framesDequeued(kUvc) >= 4, qPrintable(QString::number(io->framesDequeued(kUvc))));
        QVERIFY(result.frame.sequence() >= 3);
    }

    void uvcMjpegFullSize()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addUvcCamera(kUvc, {{V4L2_PIX_FMT_MJPEG, 1920, 1080, 30}, {V4L2_PIX_FMT_MJPEG, 640, 480, 30}});
        const V4l2GrabResult result = grabV4l2Frame(optionsFor(kUvc, io), 2000ms);
        QVERIFY2(result.ok(), qPrintable(result.detail));
        QCOMPARE(result.format.fourcc, std::uint32_t(V4L2_PIX_FMT_MJPEG));
        QCOMPARE(result.frame.format(), PixelFormat::Xrgb8888);
        QCOMPARE(result.frame.width(), 1920);
        QCOMPARE(result.frame.height(), 1080);
        QCOMPARE(maxDifference(result.frame, decodedPatternJpeg(1920, 1080)), 0);
    }

    void uvcRequestedFormat()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addUvcCamera(kUvc, {{V4L2_PIX_FMT_MJPEG, 1280, 720, 30}, {V4L2_PIX_FMT_YUYV, 640, 480, 30}});
        V4l2SourceOptions options = optionsFor(kUvc, io);
        options.fourcc = V4L2_PIX_FMT_YUYV;
        options.width = 640;
        options.height = 480;
        const V4l2GrabResult result = grabV4l2Frame(options, 2000ms);
        QVERIFY2(result.ok(), qPrintable(result.detail));
        QCOMPARE(result.frame.format(), PixelFormat::Yuyv);
        QCOMPARE(result.frame.width(), 640);
        Frame reference = fakePatternFrame(PixelFormat::Yuyv, 640, 480);
        reference.setYuvEncoding(result.frame.yuvMatrix(), result.frame.yuvRange());
        QCOMPARE(maxDifference(result.frame, reference), 0);
    }

    void openErrors_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<V4l2Error>("expected");
        QTest::newRow("EBUSY") << EBUSY << V4l2Error::Busy;
        QTest::newRow("EACCES") << EACCES << V4l2Error::PermissionDenied;
        QTest::newRow("EPERM") << EPERM << V4l2Error::PermissionDenied;
    }
    void openErrors()
    {
        QFETCH(int, error);
        QFETCH(V4l2Error, expected);
        auto io = std::make_shared<FakeV4l2Io>();
        io->addUvcCamera(kUvc, {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
        io->setOpenError(kUvc, error);
        const V4l2GrabResult result = grabV4l2Frame(optionsFor(kUvc, io), 5000ms);
        QCOMPARE(result.error, expected);
        QVERIFY(result.detail.contains(QString::fromStdString(kUvc)));
    }

    // Reported as missing, not waited for until the timeout (which would say NoSignal);
    // bench_capture measures how long it takes.
    void missingNodeIsNotFound()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        const V4l2GrabResult result = grabV4l2Frame(optionsFor("/dev/video9", io), 5000ms);
        QCOMPARE(result.error, V4l2Error::DeviceMissing);
    }

    void metadataNodeIsNotCapture()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addMetadataNode("/dev/video3");
        const V4l2GrabResult result = grabV4l2Frame(optionsFor("/dev/video3", io), 5000ms);
        QCOMPARE(result.error, V4l2Error::NotCapture);
    }

    void unpluggedWhileWaiting()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addUvcCamera(kUvc, {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
        io->unplugAfterFrames(kUvc, 2);
        // More frames to skip than the device sends before it goes.
        const V4l2GrabResult result = grabV4l2Frame(optionsFor(kUvc, io), 5000ms, 10);
        QCOMPARE(result.error, V4l2Error::Unplugged);
    }
};

QTEST_GUILESS_MAIN(TestV4l2Grab)
#include "test_v4l2grab.moc"
