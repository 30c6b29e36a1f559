// `camchat devices`: the listing's text and JSON for fake devices (in process), and the
// real executable run as a process on a device directory without cameras.
#include "app/devicescommand.h"

#include "fakev4l2.h"
#include "processrunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <linux/videodev2.h>

#include <cerrno>
#include <memory>

using namespace camchat;
using capture::test::FakeV4l2Io;

namespace {

constexpr int kTimeoutMs = 60000;

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

struct Run {
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QString out;
    QString err;
};

Run runCamchat(const QStringList &arguments, const QString &deviceDir)
{
    QProcessEnvironment env = camchat::test::camchatEnvironment();
    if (deviceDir.isEmpty())
        env.remove(QLatin1String(app::DevicesCommand::kDeviceDirEnv));
    else
        env.insert(QLatin1String(app::DevicesCommand::kDeviceDirEnv), deviceDir);
    const camchat::test::ProcessResult process =
            camchat::test::runProcess(s(CAMCHAT_EXECUTABLE), arguments, env, kTimeoutMs);
    if (!process.finished)
        return {};
    return Run{process.exitCode, process.exitStatus, QString::fromUtf8(process.out), QString::fromUtf8(process.err)};
}

QJsonObject parseObject(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        qWarning("not one JSON object (%s): %s", qPrintable(error.errorString()), qPrintable(text));
        return {};
    }
    return document.object();
}

} // namespace

class TestDevicesCommand : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<FakeV4l2Io> m_io;
    QList<capture::V4l2DeviceInfo> m_devices;
    QTemporaryDir m_dir;
    QString m_emptyDevDir; // holds only a regular file named video0

private Q_SLOTS:
    void initTestCase();
    void textListsEveryKindOfNode();
    void textAllListsEverySize();
    void textOneLinePerUsableFormat();
    void textWhenNothingFound();
    void jsonDescribesDevices();
    void processWithoutCameras();
    void processJsonWithoutCameras();
    void processAll();
    void processOnThisMachine();
    void processUsageErrors();
    void processHelp();
};

void TestDevicesCommand::initTestCase()
{
    m_io = std::make_shared<FakeV4l2Io>();
    m_io->addUvcCamera("/dev/video0", {
                                          {V4L2_PIX_FMT_MJPEG, 1920, 1080, 30},
                                          {V4L2_PIX_FMT_MJPEG, 1280, 720, 60},
                                          {V4L2_PIX_FMT_YUYV, 640, 480, 30},
                                          {V4L2_PIX_FMT_H264, 1920, 1080, 30},
                                      });
    m_io->addMetadataNode("/dev/video1");
    m_io->addHdmiReceiver("/dev/video2");
    m_io->setHdmiNoSignal("/dev/video2", ENOLINK);
    m_io->addHdmiReceiver("/dev/video3", "snps_hdmirx");
    m_io->setHdmiSignal("/dev/video3", V4L2_PIX_FMT_NV16, 1920, 1080, 60);
    m_io->addUvcCamera("/dev/video4", {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    m_io->setOpenError("/dev/video4", EACCES);
    m_io->addUvcCamera("/dev/video5", {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    m_io->setOpenError("/dev/video5", EBUSY);
    const capture::V4l2Discovery discovery(m_io);
    m_devices = discovery.devices({s("/dev/video0"), s("/dev/video1"), s("/dev/video2"), s("/dev/video3"),
                                   s("/dev/video4"), s("/dev/video5")});
    QCOMPARE(m_devices.size(), 5); // the metadata node is not listed

    QVERIFY(m_dir.isValid());
    m_emptyDevDir = m_dir.filePath(s("dev"));
    QVERIFY(QDir().mkpath(m_emptyDevDir));
    QFile notADevice(m_emptyDevDir + s("/video0"));
    QVERIFY(notADevice.open(QIODevice::WriteOnly));
}

// The default listing: every kind of node, each format on one line.
void TestDevicesCommand::textListsEveryKindOfNode()
{
    const QString text = app::DevicesCommand::describe(m_devices, s("/dev"));
    const QStringList lines = text.split(QLatin1Char('\n'));

    QVERIFY2(lines.contains(s("/dev/video0  Fake USB Camera")), qPrintable(text));
    QVERIFY(text.contains(s("driver uvcvideo, bus usb-xhci-hcd.0-1\n")));
    QVERIFY2(text.contains(s("    MJPG  fake: 1920x1080 (30 fps)\n")), qPrintable(text));
    QVERIFY(!text.contains(s("1280x720")));
    QVERIFY(text.contains(s("    YUYV  fake: 640x480 (30 fps)\n")));
    QVERIFY2(text.contains(s("    not supported by camchat: H264\n")), qPrintable(text));
    QVERIFY(!text.contains(s("H264  fake")));
    QVERIFY(!text.contains(s("/dev/video1")));
    // Something was left out: the listing says how to see it.
    QVERIFY2(text.endsWith(s("\n`camchat devices --all` lists every size and frame rate.\n")), qPrintable(text));

    QVERIFY(lines.contains(s("/dev/video2  rk_hdmirx  [HDMI input]")));
    QVERIFY(text.contains(s("multi-planar")));
    QVERIFY(text.contains(s("no signal on the HDMI input — check the cable and the source")));
    QVERIFY(text.contains(s("    NV16  fake: size follows the signal\n")));
    QVERIFY(lines.contains(s("/dev/video3  snps_hdmirx  [HDMI input]")));
    QVERIFY(text.contains(s("signal: 1920x1080 at 60 fps")));

    // The sentences `camchat snap` and the window use (ui::describeV4l2Error).
    QVERIFY(text.contains(s("/dev/video4\n    No permission to open /dev/video4. Add your user to the 'video' group")));
    QVERIFY(text.contains(s("/dev/video5\n    /dev/video5 is busy: another program is capturing from it.")));

    // Listed in the order discovered.
    QVERIFY(text.indexOf(s("/dev/video0")) < text.indexOf(s("/dev/video2")));
    QVERIFY(text.indexOf(s("/dev/video2")) < text.indexOf(s("/dev/video3")));
    QVERIFY(text.indexOf(s("/dev/video3")) < text.indexOf(s("/dev/video4")));
    QVERIFY(!text.contains(s("No cameras")));
}

// --all: today's full listing, every size of every format.
void TestDevicesCommand::textAllListsEverySize()
{
    const QString text = app::DevicesCommand::describe(m_devices, s("/dev"), app::DevicesCommand::Listing::All);
    const QStringList lines = text.split(QLatin1Char('\n'));
    QVERIFY2(lines.contains(s("/dev/video0  Fake USB Camera")), qPrintable(text));
    QVERIFY2(text.contains(s("    MJPG  fake: 1920x1080 (30 fps), 1280x720 (60 fps)\n")), qPrintable(text));
    QVERIFY(text.contains(s("    YUYV  fake: 640x480 (30 fps)\n")));
    QVERIFY(text.contains(s("    H264  fake: 1920x1080 (30 fps)  (not supported by camchat)\n")));
    QVERIFY(!text.contains(s("not supported by camchat:")));
    QVERIFY(lines.contains(s("/dev/video2  rk_hdmirx  [HDMI input]")));
    QVERIFY(text.contains(s("    NV16  fake: size follows the signal\n")));
    QVERIFY(text.contains(s("signal: 1920x1080 at 60 fps")));
    QVERIFY(text.contains(s("/dev/video4\n    No permission to open /dev/video4.")));
    QVERIFY(!text.contains(s("--all")));
}

// One line per format camchat can capture (largest size, its rates), in the driver's
// order; the formats it cannot capture share one line.
void TestDevicesCommand::textOneLinePerUsableFormat()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera("/dev/video0", {
                                        {V4L2_PIX_FMT_H264, 1920, 1080, 30},
                                        {V4L2_PIX_FMT_MJPEG, 1280, 720, 60},
                                        {V4L2_PIX_FMT_MJPEG, 1920, 1080, 30},
                                        {V4L2_PIX_FMT_MJPEG, 640, 480, 60},
                                        {V4L2_PIX_FMT_YUYV, 640, 480, 30},
                                        {V4L2_PIX_FMT_YUYV, 1280, 720, 10},
                                        {V4L2_PIX_FMT_HEVC, 3840, 2160, 30},
                                    });
    io->addUvcCamera("/dev/video2", {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    const capture::V4l2Discovery discovery(io);
    const QList<capture::V4l2DeviceInfo> devices = discovery.devices({s("/dev/video0"), s("/dev/video2")});
    QCOMPARE(devices.size(), 2);

    QCOMPARE(app::DevicesCommand::describe(devices, s("/dev")),
             s("/dev/video0  Fake USB Camera\n"
               "    driver uvcvideo, bus usb-xhci-hcd.0-1\n"
               "    MJPG  fake: 1920x1080 (30 fps)\n"
               "    YUYV  fake: 1280x720 (10 fps)\n"
               "    not supported by camchat: H264, HEVC\n"
               "\n"
               "/dev/video2  Fake USB Camera\n"
               "    driver uvcvideo, bus usb-xhci-hcd.0-1\n"
               "    YUYV  fake: 640x480 (30 fps)\n"
               "\n"
               "`camchat devices --all` lists every size and frame rate.\n"));
    // Nothing left out: no pointer to --all.
    QCOMPARE(app::DevicesCommand::describe(devices.mid(1), s("/dev")),
             app::DevicesCommand::describe(devices.mid(1), s("/dev"), app::DevicesCommand::Listing::All));

    // What a grabber or vivid offers besides YUYV: usable, each on its own line; only
    // Bayer is left for the one line of formats camchat cannot use.
    io->addUvcCamera("/dev/video4", {
                                        {V4L2_PIX_FMT_UYVY, 1280, 720, 30},
                                        {V4L2_PIX_FMT_YVYU, 1280, 720, 30},
                                        {V4L2_PIX_FMT_NV21, 1280, 720, 30},
                                        {V4L2_PIX_FMT_YUV420, 1280, 720, 30},
                                        {V4L2_PIX_FMT_YVU420, 1280, 720, 30},
                                        {V4L2_PIX_FMT_XBGR32, 1280, 720, 30},
                                        {V4L2_PIX_FMT_ABGR32, 1280, 720, 30},
                                        {V4L2_PIX_FMT_RGBX32, 1280, 720, 30},
                                        {V4L2_PIX_FMT_RGBA32, 1280, 720, 30},
                                        {V4L2_PIX_FMT_RGB24, 1280, 720, 30},
                                        {V4L2_PIX_FMT_GREY, 1280, 720, 30},
                                        {V4L2_PIX_FMT_SBGGR8, 1280, 720, 30},
                                    });
    const QList<capture::V4l2DeviceInfo> grabber = discovery.devices({s("/dev/video4")});
    QCOMPARE(grabber.size(), 1);
    const QString text = app::DevicesCommand::describe(grabber, s("/dev"));
    for (const char *name : {"UYVY", "YVYU", "NV21", "YU12", "YV12", "XR24", "AR24", "XB24", "AB24", "RGB3", "GREY"})
        QVERIFY2(text.contains(s("    %1  fake: 1280x720 (30 fps)\n").arg(QLatin1String(name))), qPrintable(text));
    QVERIFY2(text.contains(s("    not supported by camchat: BA81\n")), qPrintable(text));
}

void TestDevicesCommand::textWhenNothingFound()
{
    const QString text = app::DevicesCommand::describe({}, s("/somewhere"));
    QVERIFY(text.startsWith(s("No cameras or HDMI inputs found (no video capture devices in /somewhere).\n")));
}

void TestDevicesCommand::jsonDescribesDevices()
{
    const QJsonObject root = app::DevicesCommand::toJson(m_devices, s("/dev"));
    QCOMPARE(root.value(s("device_dir")).toString(), s("/dev"));
    const QJsonArray devices = root.value(s("devices")).toArray();
    QCOMPARE(devices.size(), 5);

    const QJsonObject camera = devices[0].toObject();
    QCOMPARE(camera.value(s("path")).toString(), s("/dev/video0"));
    QCOMPARE(camera.value(s("name")).toString(), s("Fake USB Camera"));
    QCOMPARE(camera.value(s("driver")).toString(), s("uvcvideo"));
    QCOMPARE(camera.value(s("hdmi_receiver")).toBool(true), false);
    QCOMPARE(camera.value(s("multi_planar")).toBool(true), false);
    QVERIFY(!camera.contains(s("signal")));
    QVERIFY(!camera.contains(s("error")));
    const QJsonArray formats = camera.value(s("formats")).toArray();
    QCOMPARE(formats.size(), 3);
    const QJsonObject mjpeg = formats[0].toObject();
    QCOMPARE(mjpeg.value(s("fourcc")).toString(), s("MJPG"));
    QCOMPARE(mjpeg.value(s("compressed")).toBool(), true);
    QCOMPARE(mjpeg.value(s("supported")).toBool(), true);
    const QJsonObject largest = mjpeg.value(s("sizes")).toArray().first().toObject();
    QCOMPARE(largest.value(s("width")).toInt(), 1920);
    QCOMPARE(largest.value(s("height")).toInt(), 1080);
    QCOMPARE(largest.value(s("fps")).toArray(), QJsonArray{30.0});
    QCOMPARE(mjpeg.value(s("sizes")).toArray().size(), 2); // JSON always lists every size
    QCOMPARE(formats[2].toObject().value(s("supported")).toBool(true), false);

    const QJsonObject noSignal = devices[1].toObject();
    QCOMPARE(noSignal.value(s("hdmi_receiver")).toBool(), true);
    QCOMPARE(noSignal.value(s("multi_planar")).toBool(), true);
    QCOMPARE(noSignal.value(s("signal")).toObject().value(s("state")).toString(), s("no_cable"));
    QCOMPARE(noSignal.value(s("formats")).toArray().size(), 4);

    const QJsonObject locked = devices[2].toObject().value(s("signal")).toObject();
    QCOMPARE(locked.value(s("state")).toString(), s("locked"));
    QCOMPARE(locked.value(s("width")).toInt(), 1920);
    QCOMPARE(locked.value(s("height")).toInt(), 1080);
    QCOMPARE(qRound(locked.value(s("fps")).toDouble()), 60);

    const QJsonObject denied = devices[3].toObject();
    QCOMPARE(denied.value(s("path")).toString(), s("/dev/video4"));
    QCOMPARE(denied.value(s("error")).toObject().value(s("code")).toString(), s("permission_denied"));
    QCOMPARE(denied.value(s("error")).toObject().value(s("errno")).toInt(), EACCES);
    QVERIFY(!denied.contains(s("formats")));
    QCOMPARE(devices[4].toObject().value(s("error")).toObject().value(s("code")).toString(), s("busy"));
}

void TestDevicesCommand::processWithoutCameras()
{
    const Run run = runCamchat({s("devices")}, m_emptyDevDir);
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(s("No cameras or HDMI inputs found")), qPrintable(run.out));
    QVERIFY(run.out.contains(m_emptyDevDir));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
}

void TestDevicesCommand::processJsonWithoutCameras()
{
    const Run run = runCamchat({s("devices"), s("--json")}, m_emptyDevDir);
    QCOMPARE(run.exitCode, 0);
    const QJsonObject root = parseObject(run.out);
    QCOMPARE(root.value(s("device_dir")).toString(), m_emptyDevDir);
    QVERIFY(root.value(s("devices")).isArray());
    QVERIFY(root.value(s("devices")).toArray().isEmpty());
}

void TestDevicesCommand::processAll()
{
    Run run = runCamchat({s("devices"), s("--all")}, m_emptyDevDir);
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(s("No cameras or HDMI inputs found")), qPrintable(run.out));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));

    run = runCamchat({s("devices"), s("--all"), s("--json")}, m_emptyDevDir);
    QCOMPARE(run.exitCode, 0);
    const QJsonObject root = parseObject(run.out);
    QCOMPARE(root.value(s("device_dir")).toString(), m_emptyDevDir);
    QVERIFY(root.value(s("devices")).isArray());
}

void TestDevicesCommand::processOnThisMachine()
{
    // Whatever /dev holds, listing must succeed; without video nodes it says so.
    const Run run = runCamchat({s("devices")}, {});
    QCOMPARE(run.exitStatus, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 0);
    if (QDir(s("/dev")).entryList({s("video*")}, QDir::Files | QDir::System).isEmpty())
        QVERIFY2(run.out.startsWith(s("No cameras or HDMI inputs found (no video capture devices in /dev).")),
                 qPrintable(run.out));
    else
        QVERIFY(!run.out.isEmpty());
}

void TestDevicesCommand::processUsageErrors()
{
    Run run = runCamchat({s("devices"), s("--bogus")}, m_emptyDevDir);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(s("camchat devices: ")), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());

    run = runCamchat({s("devices"), s("extra")}, m_emptyDevDir);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains(s("unexpected argument 'extra'")));
}

void TestDevicesCommand::processHelp()
{
    Run run = runCamchat({s("devices"), s("--help")}, m_emptyDevDir);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(s("Usage: camchat devices [--all] [--json]")), qPrintable(run.out));
    QVERIFY(run.out.contains(s("--json")));
    QVERIFY(run.out.contains(s("--all")));

    run = runCamchat({s("--help")}, m_emptyDevDir);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(s("  devices")), qPrintable(run.out));
}

QTEST_GUILESS_MAIN(TestDevicesCommand)
#include "test_devicescommand.moc"
