#include "fakev4l2.h"
#include "session/sourcemanager.h"
#include "session/settingskeys.h"

#include "capture/v4l2/v4l2discovery.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using camchat::capture::FrameSource;
using camchat::capture::V4l2Discovery;
using camchat::capture::test::FakeV4l2Io;
using camchat::session::SourceManager;
using camchat::session::SourceManagerOptions;
using camchat::session::LiveFormat;
using camchat::session::LiveSourceInfo;

namespace settings = camchat::session::settings;

class TestSourceManager : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void formatKeyRoundTrip();
    void listsFakeDevices();
    void formatChoicesOfCamera();
    void opensDeviceAndReportsState();
    void remembersChoiceInSettings();
    void reopensRememberedSourceOnStart();
    void reopensWhenDeviceAppears();
    void unpluggedCurrentDeviceStaysListed();
    void setFormatRenegotiates();

private:
    std::unique_ptr<SourceManager> makeLive();
    QList<camchat::capture::V4l2DeviceInfo> scan() const;
    QString path(const char *node) const { return m_dir->filePath(QLatin1String(node)); }
    std::string node(const char *name) const { return path(name).toStdString(); }

    std::shared_ptr<FakeV4l2Io> m_io;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestSourceManager::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("camchat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_sourcemanager"));
    QStandardPaths::setTestModeEnabled(true);
}

void TestSourceManager::init()
{
    QSettings().clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // The discovery lists the nodes of the folder; the fake answers for them.
    for (const char *name : {"video0", "video1", "video2"}) {
        QFile file(m_dir->filePath(QLatin1String(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    m_io = std::make_shared<FakeV4l2Io>();
    m_io->addUvcCamera(node("video0"), {{V4L2_PIX_FMT_MJPEG, 1280, 720, 30},
                                        {V4L2_PIX_FMT_MJPEG, 640, 480, 30},
                                        {V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    m_io->addMetadataNode(node("video1"));
    m_io->addHdmiReceiver(node("video2"));
    m_io->setHdmiSignal(node("video2"), V4L2_PIX_FMT_NV12, 1280, 720, 60);
}

void TestSourceManager::cleanup()
{
    QSettings().clear();
}

std::unique_ptr<SourceManager> TestSourceManager::makeLive()
{
    SourceManagerOptions options;
    options.io = m_io;
    options.deviceDir = m_dir->path();
    options.qtCameras = false;
    return std::make_unique<SourceManager>(options);
}

QList<camchat::capture::V4l2DeviceInfo> TestSourceManager::scan() const
{
    return V4l2Discovery(m_io, m_dir->path()).devices();
}

void TestSourceManager::formatKeyRoundTrip()
{
    LiveFormat format;
    format.pixelFormat = QStringLiteral("MJPG");
    format.width = 1280;
    format.height = 720;
    format.fps = 30;
    QCOMPARE(format.key(), QStringLiteral("MJPG 1280x720@30"));
    const LiveFormat back = LiveFormat::fromKey(format.key());
    QCOMPARE(back.key(), format.key());
    QCOMPARE(back.fourcc, std::uint32_t(V4L2_PIX_FMT_MJPEG));
    QVERIFY(LiveFormat::fromKey(QStringLiteral("rubbish")).isAutomatic());
    QVERIFY(LiveFormat().key().isEmpty());
}

void TestSourceManager::listsFakeDevices()
{
    auto live = makeLive();
    QCOMPARE(live->deviceDir(), m_dir->path());
    QSignalSpy changed(live.get(), &SourceManager::sourcesChanged);
    live->start();
    live->setV4l2Devices(scan());
    QVERIFY(changed.count() >= 1);

    const QList<LiveSourceInfo> sources = live->sources();
    QCOMPARE(sources.size(), 2); // the metadata node is not a source
    QCOMPARE(sources.at(0).id, path("video0"));
    QVERIFY(!sources.at(0).hdmiInput);
    QVERIFY(!sources.at(0).name.isEmpty());
    QCOMPARE(sources.at(1).id, path("video2"));
    QVERIFY(sources.at(1).hdmiInput);
    QVERIFY(sources.at(1).present);
    QVERIFY(!live->currentSource()); // nothing remembered: nothing opened
}

void TestSourceManager::formatChoicesOfCamera()
{
    auto live = makeLive();
    live->start();
    live->setV4l2Devices(scan());
    const QList<LiveFormat> camera = SourceManager::formatChoices(*live->sourceInfo(path("video0")));
    QStringList keys;
    for (const LiveFormat &format : camera)
        keys << format.key();
    QVERIFY2(keys.contains(QStringLiteral("MJPG 1280x720@30")), qPrintable(keys.join(QLatin1Char(','))));
    QVERIFY(keys.contains(QStringLiteral("MJPG 640x480@30")));
    QVERIFY(keys.contains(QStringLiteral("YUYV 640x480@30")));
    QCOMPARE(keys.size(), 3);
    // An HDMI receiver captures whatever the signal is.
    QVERIFY(SourceManager::formatChoices(*live->sourceInfo(path("video2"))).isEmpty());
}

void TestSourceManager::opensDeviceAndReportsState()
{
    auto live = makeLive();
    live->start();
    live->setV4l2Devices(scan());
    QSignalSpy current(live.get(), &SourceManager::currentSourceChanged);
    QSignalSpy states(live.get(), &SourceManager::currentStateChanged);
    QVERIFY(!live->openSource(path("video9")));
    QVERIFY(live->openSource(path("video2")));
    QCOMPARE(current.count(), 1);
    FrameSource *source = live->currentSource();
    QVERIFY(source);
    QCOMPARE(current.at(0).at(0).value<FrameSource *>(), source);
    QCOMPARE(live->currentSourceId(), path("video2"));
    QCOMPARE(source->sourceId(), path("video2"));
    QTRY_COMPARE_WITH_TIMEOUT(source->state(), FrameSource::State::Streaming, 5000);
    QTRY_VERIFY(!states.isEmpty());
    QTRY_COMPARE(states.last().at(0).value<FrameSource::State>(), FrameSource::State::Streaming);
    QCOMPARE(source->currentFormat().pixelFormat, QStringLiteral("NV12"));
    QVERIFY(source->isHdmiInput());

    // Signal lost: the state follows.
    m_io->setHdmiNoSignal(node("video2"));
    QTRY_COMPARE_WITH_TIMEOUT(source->state(), FrameSource::State::NoSignal, 5000);
    QTRY_COMPARE(states.last().at(0).value<FrameSource::State>(), FrameSource::State::NoSignal);

    live->closeSource();
    QVERIFY(!live->currentSource());
    QCOMPARE(current.count(), 2);
    QVERIFY(!current.last().at(0).value<FrameSource *>());
    QTRY_VERIFY(!m_io->isStreaming(node("video2")));
}

void TestSourceManager::remembersChoiceInSettings()
{
    auto live = makeLive();
    live->start();
    live->setV4l2Devices(scan());
    LiveFormat yuyv = LiveFormat::fromKey(QStringLiteral("YUYV 640x480@30"));
    QVERIFY(live->openSource(path("video0"), yuyv));
    {
        const QSettings settings;
        QCOMPARE(settings.value(QLatin1String(settings::kCaptureSource)).toString(), path("video0"));
        QCOMPARE(settings.value(QLatin1String(settings::kCaptureFormat)).toString(), QStringLiteral("YUYV 640x480@30"));
    }
    QVERIFY(live->setFormat({}));
    QVERIFY(!QSettings().contains(QLatin1String(settings::kCaptureFormat)));
    QCOMPARE(QSettings().value(QLatin1String(settings::kCaptureSource)).toString(), path("video0"));

    // Going back to still images is a choice too.
    live->closeSource();
    QVERIFY(!QSettings().contains(QLatin1String(settings::kCaptureSource)));

    // Closing the app is not: the source stays remembered.
    QVERIFY(live->openSource(path("video2")));
    live.reset();
    QCOMPARE(QSettings().value(QLatin1String(settings::kCaptureSource)).toString(), path("video2"));
}

void TestSourceManager::reopensRememberedSourceOnStart()
{
    {
        QSettings settings;
        settings.setValue(QLatin1String(settings::kCaptureSource), path("video0"));
        settings.setValue(QLatin1String(settings::kCaptureFormat), QStringLiteral("YUYV 640x480@30"));
    }
    auto live = makeLive();
    QSignalSpy current(live.get(), &SourceManager::currentSourceChanged);
    live->start();
    live->setV4l2Devices(scan());
    QCOMPARE(current.count(), 1);
    QVERIFY(live->currentSource());
    QCOMPARE(live->currentSourceId(), path("video0"));
    QCOMPARE(live->currentFormatChoice().key(), QStringLiteral("YUYV 640x480@30"));
    QTRY_COMPARE_WITH_TIMEOUT(live->currentSource()->state(), FrameSource::State::Streaming, 5000);
    QCOMPARE(m_io->currentMode(node("video0")).fourcc, std::uint32_t(V4L2_PIX_FMT_YUYV));
    QCOMPARE(m_io->currentMode(node("video0")).width, 640);

    // A rescan with the same devices does not reopen anything.
    live->setV4l2Devices(scan());
    QCOMPARE(current.count(), 1);
}

void TestSourceManager::reopensWhenDeviceAppears()
{
    QSettings().setValue(QLatin1String(settings::kCaptureSource), path("video2"));
    const QList<camchat::capture::V4l2DeviceInfo> devices = scan();
    QVERIFY(QFile::remove(path("video2"))); // not there when camchat starts
    auto live = makeLive();
    live->start();
    QList<camchat::capture::V4l2DeviceInfo> withoutHdmi;
    for (const auto &device : std::as_const(devices)) {
        if (device.path != path("video2"))
            withoutHdmi.append(device);
    }
    live->setV4l2Devices(withoutHdmi);
    QVERIFY(!live->currentSource());
    QCOMPARE(live->sources().size(), 1);

    QSignalSpy current(live.get(), &SourceManager::currentSourceChanged);
    QFile file(path("video2"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    live->setV4l2Devices(devices); // hotplug: it is back (what the monitor reports)
    QCOMPARE(current.count(), 1);
    QCOMPARE(live->currentSourceId(), path("video2"));
    QTRY_COMPARE_WITH_TIMEOUT(live->currentSource()->state(), FrameSource::State::Streaming, 5000);
}

void TestSourceManager::unpluggedCurrentDeviceStaysListed()
{
    auto live = makeLive();
    live->start();
    const QList<camchat::capture::V4l2DeviceInfo> devices = scan();
    live->setV4l2Devices(devices);
    QVERIFY(live->openSource(path("video0")));
    FrameSource *source = live->currentSource();
    QTRY_COMPARE_WITH_TIMEOUT(source->state(), FrameSource::State::Streaming, 5000);

    m_io->unplugAfterFrames(node("video0"), 0);
    QTRY_COMPARE_WITH_TIMEOUT(source->state(), FrameSource::State::DeviceGone, 5000);
    QList<camchat::capture::V4l2DeviceInfo> remaining;
    for (const auto &device : devices) {
        if (device.path != path("video0"))
            remaining.append(device);
    }
    live->setV4l2Devices(remaining);
    const std::optional<LiveSourceInfo> gone = live->sourceInfo(path("video0"));
    QVERIFY(gone);
    QVERIFY(!gone->present);
    QCOMPARE(live->currentSource(), source); // kept: it reopens by itself

    m_io->replug(node("video0"));
    live->setV4l2Devices(devices);
    QVERIFY(live->sourceInfo(path("video0"))->present);
    QTRY_COMPARE_WITH_TIMEOUT(source->state(), FrameSource::State::Streaming, 5000);
    QCOMPARE(live->currentSource(), source);
}

void TestSourceManager::setFormatRenegotiates()
{
    auto live = makeLive();
    live->start();
    live->setV4l2Devices(scan());
    QVERIFY(live->openSource(path("video0")));
    QTRY_COMPARE_WITH_TIMEOUT(live->currentSource()->state(), FrameSource::State::Streaming, 5000);
    QCOMPARE(m_io->currentMode(node("video0")).width, 1280); // camchat's choice

    QCOMPARE(live->formatChoices().size(), 3);
    QSignalSpy current(live.get(), &SourceManager::currentSourceChanged);
    QVERIFY(live->setFormat(LiveFormat::fromKey(QStringLiteral("YUYV 640x480@30"))));
    QCOMPARE(current.count(), 1);
    FrameSource *source = live->currentSource();
    QTRY_COMPARE_WITH_TIMEOUT(source->state(), FrameSource::State::Streaming, 5000);
    QCOMPARE(source->currentFormat().pixelFormat, QStringLiteral("YUYV"));
    QCOMPARE(source->currentFormat().width, 640);
    QCOMPARE(m_io->currentMode(node("video0")).fourcc, std::uint32_t(V4L2_PIX_FMT_YUYV));
}

QTEST_MAIN(TestSourceManager)
#include "test_sourcemanager.moc"
