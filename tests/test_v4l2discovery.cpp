// V4l2Discovery against the fake kernel (tests/fakev4l2.h): which nodes are listed, what
// is reported about each, and that every node opened is closed again.
#include "capture/v4l2/v4l2discovery.h"

#include "capture/v4l2/v4l2formats.h"

#include "fakev4l2.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <linux/videodev2.h>

#include <cerrno>
#include <memory>

using namespace camchat::capture;
using camchat::capture::test::FakeV4l2Io;

Q_DECLARE_METATYPE(camchat::capture::V4l2SignalInfo::State)
Q_DECLARE_METATYPE(camchat::capture::V4l2Error)

namespace {

const V4l2FormatInfo *findFormat(const V4l2DeviceInfo &info, std::uint32_t fourcc)
{
    for (const V4l2FormatInfo &format : info.formats) {
        if (format.fourcc == fourcc)
            return &format;
    }
    return nullptr;
}

QString s(const char *text)
{
    return QString::fromLatin1(text);
}

} // namespace

class TestV4l2Discovery : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<FakeV4l2Io> m_io;

    V4l2Discovery discovery() const { return V4l2Discovery(m_io); }

private Q_SLOTS:
    void init();
    void cleanup();
    void uvcCameraFormatsSizesRates();
    void metadataNodeSkipped();
    void hdmiReceiverMarked_data();
    void hdmiReceiverMarked();
    void dvReceiverByCapabilityNotName_data();
    void dvReceiverByCapabilityNotName();
    void hdmiSignalState_data();
    void hdmiSignalState();
    void openErrorsListedWithReason_data();
    void openErrorsListedWithReason();
    void goneNodesSkipped();
    void listsInGivenOrder();
    void candidateNodesNumericOrder();
    void regularFilesAreNotDevices();
    void fourccNames();
    void supportedFollowsFormatTable();
};

void TestV4l2Discovery::init()
{
    m_io = std::make_shared<FakeV4l2Io>();
}

void TestV4l2Discovery::cleanup()
{
    // Probing must never leak a descriptor or a mapping, whatever happened.
    QCOMPARE(m_io->openFdCount(), 0);
    QCOMPARE(m_io->liveMappings(), 0);
    m_io.reset();
}

void TestV4l2Discovery::uvcCameraFormatsSizesRates()
{
    m_io->addUvcCamera("/dev/video0", {
                                          {V4L2_PIX_FMT_MJPEG, 1280, 720, 60},
                                          {V4L2_PIX_FMT_MJPEG, 1920, 1080, 30},
                                          {V4L2_PIX_FMT_MJPEG, 640, 480, 30},
                                          {V4L2_PIX_FMT_YUYV, 640, 480, 30},
                                          {V4L2_PIX_FMT_YUYV, 1920, 1080, 5},
                                      });
    const std::optional<V4l2DeviceInfo> info = discovery().probe(s("/dev/video0"));
    QVERIFY(info);
    QCOMPARE(info->path, s("/dev/video0"));
    QCOMPARE(info->name, s("Fake USB Camera"));
    QCOMPARE(info->driver, s("uvcvideo"));
    QCOMPARE(info->bus, s("usb-xhci-hcd.0-1"));
    QVERIFY(info->capabilities & V4L2_CAP_VIDEO_CAPTURE);
    QVERIFY(info->capabilities & V4L2_CAP_STREAMING);
    QVERIFY(!info->multiPlanar);
    QVERIFY(!info->hdmiReceiver);
    QCOMPARE(info->error, V4l2Error::None);
    QCOMPARE(info->signal.state, V4l2SignalInfo::State::Unknown);

    QCOMPARE(info->formats.size(), 2);
    QCOMPARE(info->formats[0].fourcc, static_cast<std::uint32_t>(V4L2_PIX_FMT_MJPEG)); // the driver's order
    const V4l2FormatInfo *mjpeg = findFormat(*info, V4L2_PIX_FMT_MJPEG);
    QVERIFY(mjpeg);
    QVERIFY(mjpeg->compressed);
    QVERIFY(mjpeg->supported);
    QVERIFY(!mjpeg->stepwise);
    QCOMPARE(mjpeg->description, s("fake"));
    // Largest first, whatever order the driver used.
    QCOMPARE(mjpeg->sizes.size(), 3);
    QCOMPARE(mjpeg->sizes[0].width, 1920);
    QCOMPARE(mjpeg->sizes[0].height, 1080);
    QCOMPARE(mjpeg->sizes[0].framesPerSecond, QList<double>{30.0});
    QCOMPARE(mjpeg->sizes[1].width, 1280);
    QCOMPARE(mjpeg->sizes[1].framesPerSecond, QList<double>{60.0});
    QCOMPARE(mjpeg->sizes[2].width, 640);
    QCOMPARE(mjpeg->sizes[2].height, 480);

    const V4l2FormatInfo *yuyv = findFormat(*info, V4L2_PIX_FMT_YUYV);
    QVERIFY(yuyv);
    QVERIFY(!yuyv->compressed);
    QVERIFY(yuyv->supported);
    QCOMPARE(yuyv->sizes.size(), 2);
    QCOMPARE(yuyv->sizes[0].width, 1920);
    QCOMPARE(yuyv->sizes[0].framesPerSecond, QList<double>{5.0});
    QCOMPARE(yuyv->sizes[1].framesPerSecond, QList<double>{30.0});
}

void TestV4l2Discovery::metadataNodeSkipped()
{
    m_io->addUvcCamera("/dev/video0", {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    m_io->addMetadataNode("/dev/video1");
    QVERIFY(!discovery().probe(s("/dev/video1")));
    const QList<V4l2DeviceInfo> devices = discovery().devices({s("/dev/video0"), s("/dev/video1")});
    QCOMPARE(devices.size(), 1);
    QCOMPARE(devices[0].path, s("/dev/video0"));
}

void TestV4l2Discovery::hdmiReceiverMarked_data()
{
    QTest::addColumn<QString>("driver");
    QTest::newRow("rockchip kernel") << s("rk_hdmirx");
    QTest::newRow("mainline") << s("snps_hdmirx");
}

void TestV4l2Discovery::hdmiReceiverMarked()
{
    QFETCH(QString, driver);
    m_io->addHdmiReceiver("/dev/video0", driver.toStdString());
    const std::optional<V4l2DeviceInfo> info = discovery().probe(s("/dev/video0"));
    QVERIFY(info);
    QVERIFY(info->hdmiReceiver);
    QVERIFY(info->multiPlanar);
    QCOMPARE(info->driver, driver);
    QVERIFY(info->capabilities & V4L2_CAP_VIDEO_CAPTURE_MPLANE);
    QCOMPARE(info->bus, s("platform:fdee0000.hdmirx"));
    // All four signal formats, enumerated with the multi-planar buffer type.
    QCOMPARE(info->formats.size(), 4);
    for (const std::uint32_t fourcc : {V4L2_PIX_FMT_BGR24, V4L2_PIX_FMT_NV16, V4L2_PIX_FMT_NV24, V4L2_PIX_FMT_NV12}) {
        const V4l2FormatInfo *format = findFormat(*info, fourcc);
        QVERIFY2(format, qPrintable(fourccName(fourcc)));
        QVERIFY(format->supported);
        QVERIFY(!format->compressed);
    }
}

// tc358743, adv76xx and vivid have no "hdmirx" in their names: their input's
// V4L2_IN_CAP_DV_TIMINGS makes them HDMI inputs. A camera named like one is not.
void TestV4l2Discovery::dvReceiverByCapabilityNotName_data()
{
    QTest::addColumn<QString>("driver");
    QTest::addColumn<bool>("multiPlanar");
    QTest::addColumn<int>("noSignalError");
    QTest::addColumn<V4l2SignalInfo::State>("state");
    QTest::newRow("vivid") << s("vivid") << false << 0 << V4l2SignalInfo::State::Locked;
    QTest::newRow("vivid mplane") << s("vivid") << true << 0 << V4l2SignalInfo::State::Locked;
    QTest::newRow("tc358743") << s("tc358743") << false << 0 << V4l2SignalInfo::State::Locked;
    QTest::newRow("adv76xx no signal") << s("adv7604") << false << ENOLINK << V4l2SignalInfo::State::NoCable;
    QTest::newRow("vivid no lock") << s("vivid") << false << ENOLCK << V4l2SignalInfo::State::NotLocked;
    QTest::newRow("vivid out of range") << s("vivid") << true << ERANGE << V4l2SignalInfo::State::OutOfRange;
}

void TestV4l2Discovery::dvReceiverByCapabilityNotName()
{
    QFETCH(QString, driver);
    QFETCH(bool, multiPlanar);
    QFETCH(int, noSignalError);
    QFETCH(V4l2SignalInfo::State, state);
    FakeV4l2Io::DvReceiverOptions options;
    options.driver = driver.toStdString();
    options.multiPlanar = multiPlanar;
    options.initial = {V4L2_PIX_FMT_UYVY, 1280, 720, 60};
    m_io->addDvReceiver("/dev/video0", options);
    if (noSignalError != 0)
        m_io->setHdmiNoSignal("/dev/video0", noSignalError);
    m_io->addUvcCamera("/dev/video2", {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    m_io->setIdentity("/dev/video2", "uvcvideo", "USB hdmirx grabber");

    const QList<V4l2DeviceInfo> devices = discovery().devices({s("/dev/video0"), s("/dev/video2")});
    QCOMPARE(devices.size(), 2);
    QVERIFY(devices[0].hdmiReceiver);
    QCOMPARE(devices[0].driver, driver);
    QCOMPARE(devices[0].multiPlanar, multiPlanar);
    QCOMPARE(devices[0].signal.state, state);
    if (state == V4l2SignalInfo::State::Locked) {
        QCOMPARE(devices[0].signal.width, 1280);
        QCOMPARE(devices[0].signal.height, 720);
    }
    QVERIFY(findFormat(devices[0], V4L2_PIX_FMT_UYVY)->supported);
    QVERIFY(!devices[1].hdmiReceiver);
    QCOMPARE(devices[1].signal.state, V4l2SignalInfo::State::Unknown);
}

void TestV4l2Discovery::hdmiSignalState_data()
{
    QTest::addColumn<int>("noSignalError"); // 0: a signal is locked
    QTest::addColumn<V4l2SignalInfo::State>("state");
    QTest::newRow("no cable") << ENOLINK << V4l2SignalInfo::State::NoCable;
    QTest::newRow("not locked") << ENOLCK << V4l2SignalInfo::State::NotLocked;
    QTest::newRow("out of range") << ERANGE << V4l2SignalInfo::State::OutOfRange;
    QTest::newRow("locked") << 0 << V4l2SignalInfo::State::Locked;
}

void TestV4l2Discovery::hdmiSignalState()
{
    QFETCH(int, noSignalError);
    QFETCH(V4l2SignalInfo::State, state);
    m_io->addHdmiReceiver("/dev/video3");
    if (noSignalError != 0)
        m_io->setHdmiNoSignal("/dev/video3", noSignalError);
    else
        m_io->setHdmiSignal("/dev/video3", V4L2_PIX_FMT_NV16, 1920, 1080, 60);

    const std::optional<V4l2DeviceInfo> info = discovery().probe(s("/dev/video3"));
    QVERIFY(info);
    QCOMPARE(info->signal.state, state);
    if (state == V4l2SignalInfo::State::Locked) {
        QCOMPARE(info->signal.width, 1920);
        QCOMPARE(info->signal.height, 1080);
        QCOMPARE(qRound(info->signal.framesPerSecond), 60);
        QVERIFY(!info->signal.interlaced);
    } else {
        QCOMPARE(info->signal.width, 0);
        QCOMPARE(info->signal.framesPerSecond, 0.0);
    }
    // Discovery only looks: it never reprograms the receiver.
    QCOMPARE(m_io->setDvTimingsCalls("/dev/video3"), 0);
    QVERIFY(!m_io->isStreaming("/dev/video3"));
}

void TestV4l2Discovery::openErrorsListedWithReason_data()
{
    QTest::addColumn<int>("error");
    QTest::addColumn<V4l2Error>("expected");
    QTest::newRow("EACCES") << EACCES << V4l2Error::PermissionDenied;
    QTest::newRow("EPERM") << EPERM << V4l2Error::PermissionDenied;
    QTest::newRow("EBUSY") << EBUSY << V4l2Error::Busy;
    QTest::newRow("EIO") << EIO << V4l2Error::Failed;
}

void TestV4l2Discovery::openErrorsListedWithReason()
{
    QFETCH(int, error);
    QFETCH(V4l2Error, expected);
    m_io->addUvcCamera("/dev/video0", {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    m_io->setOpenError("/dev/video0", error);
    const QList<V4l2DeviceInfo> devices = discovery().devices({s("/dev/video0")});
    QCOMPARE(devices.size(), 1);
    QCOMPARE(devices[0].path, s("/dev/video0"));
    QCOMPARE(devices[0].error, expected);
    QCOMPARE(devices[0].errorNumber, error);
    QVERIFY(devices[0].formats.isEmpty());
    QVERIFY(devices[0].name.isEmpty());
}

void TestV4l2Discovery::goneNodesSkipped()
{
    m_io->addUvcCamera("/dev/video0", {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    m_io->addUvcCamera("/dev/video2", {{V4L2_PIX_FMT_MJPEG, 1280, 720, 30}});
    m_io->unplugAfterFrames("/dev/video0", 0);
    const QList<V4l2DeviceInfo> devices
        = discovery().devices({s("/dev/video0"), s("/dev/video2"), s("/dev/video9")});
    QCOMPARE(devices.size(), 1);
    QCOMPARE(devices[0].path, s("/dev/video2"));

    m_io->replug("/dev/video0");
    QCOMPARE(discovery().devices({s("/dev/video0"), s("/dev/video2")}).size(), 2);
}

void TestV4l2Discovery::listsInGivenOrder()
{
    m_io->addHdmiReceiver("/dev/video10");
    m_io->addUvcCamera("/dev/video2", {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    m_io->addMetadataNode("/dev/video3");
    const QList<V4l2DeviceInfo> devices
        = discovery().devices({s("/dev/video2"), s("/dev/video3"), s("/dev/video10")});
    QCOMPARE(devices.size(), 2);
    QCOMPARE(devices[0].path, s("/dev/video2"));
    QVERIFY(!devices[0].hdmiReceiver);
    QCOMPARE(devices[1].path, s("/dev/video10"));
    QVERIFY(devices[1].hdmiReceiver);
}

void TestV4l2Discovery::candidateNodesNumericOrder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const char *name : {"video10", "video2", "video0", "videoX", "video1a", "media0", "v4l-subdev0"}) {
        QFile file(dir.filePath(QLatin1String(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    const V4l2Discovery inDir(m_io, dir.path());
    QCOMPARE(inDir.candidateNodes(), QStringList({dir.filePath(s("video0")), dir.filePath(s("video2")),
                                                  dir.filePath(s("video10"))}));

    const V4l2Discovery nowhere(m_io, dir.filePath(s("missing")));
    QVERIFY(nowhere.candidateNodes().isEmpty());
    QVERIFY(nowhere.devices().isEmpty());
}

void TestV4l2Discovery::regularFilesAreNotDevices()
{
    // Through the real seam: a file named like a node is opened, QUERYCAP fails (ENOTTY)
    // and it is left out rather than reported as a broken camera.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile file(dir.filePath(s("video0")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a camera");
    file.close();
    const V4l2Discovery real(systemV4l2Io(), dir.path());
    QCOMPARE(real.candidateNodes().size(), 1);
    QVERIFY(real.devices().isEmpty());
}

void TestV4l2Discovery::fourccNames()
{
    QCOMPARE(fourccName(V4L2_PIX_FMT_MJPEG), s("MJPG"));
    QCOMPARE(fourccName(V4L2_PIX_FMT_NV12), s("NV12"));
    QCOMPARE(fourccName(V4L2_PIX_FMT_BGR24), s("BGR3"));
    QCOMPARE(fourccName(V4L2_PIX_FMT_YUYV), s("YUYV"));
    QCOMPARE(fourccName(v4l2_fourcc('Y', '1', '6', ' ')), s("Y16"));
    QCOMPARE(fourccName(v4l2_fourcc_be('Y', '1', '6', ' ')), s("Y16-BE"));
}

void TestV4l2Discovery::supportedFollowsFormatTable()
{
    // The one table V4l2Source also negotiates with.
    for (const V4l2FormatMapping &mapping : v4l2CaptureFormats()) {
        QVERIFY(isCapturableFourcc(mapping.fourcc));
        QCOMPARE(pixelFormatForFourcc(mapping.fourcc), mapping.pixelFormat);
        QCOMPARE(mapping.pixelFormat == PixelFormat::Invalid, mapping.compressed);
    }
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_NV12), PixelFormat::Nv12);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_NV16), PixelFormat::Nv16);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_NV24), PixelFormat::Nv24);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_BGR24), PixelFormat::Bgr24);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_RGB24), PixelFormat::Rgb24);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_YUYV), PixelFormat::Yuyv);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_MJPEG), PixelFormat::Invalid);
    QVERIFY(isCapturableFourcc(V4L2_PIX_FMT_MJPEG));
    QVERIFY(!isCapturableFourcc(V4L2_PIX_FMT_H264));
    // The formats HDMI bridges, grabbers and vivid add.
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_NV21), PixelFormat::Nv21);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_YUV420), PixelFormat::Yuv420);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_YVU420), PixelFormat::Yvu420);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_UYVY), PixelFormat::Uyvy);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_YVYU), PixelFormat::Yvyu);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_GREY), PixelFormat::Grey);
    // V4L2 'XR24'/'AR24' are B,G,R,X in memory, 'XB24'/'AB24' R,G,B,X.
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_XBGR32), PixelFormat::Xrgb8888);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_ABGR32), PixelFormat::Xrgb8888);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_RGBX32), PixelFormat::Xbgr8888);
    QCOMPARE(pixelFormatForFourcc(V4L2_PIX_FMT_RGBA32), PixelFormat::Xbgr8888);
    QVERIFY(!isCapturableFourcc(V4L2_PIX_FMT_SBGGR8));
    QVERIFY(!isCapturableFourcc(V4L2_PIX_FMT_NV61));

    m_io->addUvcCamera("/dev/video0", {
                                          {V4L2_PIX_FMT_H264, 1920, 1080, 30},
                                          {V4L2_PIX_FMT_MJPEG, 1920, 1080, 30},
                                          {V4L2_PIX_FMT_SBGGR8, 640, 480, 30},
                                          {V4L2_PIX_FMT_NV12, 640, 480, 30},
                                          {V4L2_PIX_FMT_YUYV, 640, 480, 30},
                                          {V4L2_PIX_FMT_UYVY, 640, 480, 30},
                                          {V4L2_PIX_FMT_GREY, 640, 480, 30},
                                      });
    const std::optional<V4l2DeviceInfo> info = discovery().probe(s("/dev/video0"));
    QVERIFY(info);
    QCOMPARE(info->formats.size(), 7);
    for (const V4l2FormatInfo &format : info->formats)
        QCOMPARE(format.supported, isCapturableFourcc(format.fourcc));
    QVERIFY(!findFormat(*info, V4L2_PIX_FMT_H264)->supported);
    QVERIFY(!findFormat(*info, V4L2_PIX_FMT_SBGGR8)->supported);
    QVERIFY(findFormat(*info, V4L2_PIX_FMT_NV12)->supported);
    QVERIFY(findFormat(*info, V4L2_PIX_FMT_MJPEG)->supported);
    QVERIFY(findFormat(*info, V4L2_PIX_FMT_UYVY)->supported);
    QVERIFY(findFormat(*info, V4L2_PIX_FMT_GREY)->supported);
}

QTEST_GUILESS_MAIN(TestV4l2Discovery)
#include "test_v4l2discovery.moc"
