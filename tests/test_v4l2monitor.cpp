// V4l2Monitor on a temporary device directory: node files appear and disappear like
// udev's /dev/videoN, the devices behind them are FakeV4l2Io cameras at the same paths.
#include "capture/v4l2/v4l2monitor.h"

#include "fakev4l2.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <linux/videodev2.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

using namespace camchat::capture;
using camchat::capture::test::FakeV4l2Io;

namespace {

// Forwards to the fake kernel, remembering which threads opened nodes and optionally
// making every open() slow (a probe of a sluggish USB device).
class RecordingIo final : public V4l2Io
{
public:
    explicit RecordingIo(std::shared_ptr<FakeV4l2Io> fake) : m_fake(std::move(fake)) {}

    void setOpenDelayMs(int ms) { m_delayMs = ms; }
    int opensOffThread(const QThread *caller) const
    {
        std::lock_guard lock(m_mutex);
        int count = 0;
        for (const QThread *thread : m_openThreads)
            count += thread != caller ? 1 : 0;
        return count;
    }
    int opensOn(const QThread *caller) const
    {
        std::lock_guard lock(m_mutex);
        return static_cast<int>(std::count(m_openThreads.begin(), m_openThreads.end(), caller));
    }
    int opensInProgress() const { return m_inProgress; }

    int open(const std::string &path) override
    {
        ++m_inProgress;
        {
            std::lock_guard lock(m_mutex);
            m_openThreads.push_back(QThread::currentThread());
        }
        if (m_delayMs > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(m_delayMs.load()));
        const int fd = m_fake->open(path);
        --m_inProgress;
        return fd;
    }
    int close(int fd) override { return m_fake->close(fd); }
    int ioctl(int fd, unsigned long request, void *arg) override { return m_fake->ioctl(fd, request, arg); }
    void *mmap(std::size_t length, int fd, std::int64_t offset) override { return m_fake->mmap(length, fd, offset); }
    int munmap(void *address, std::size_t length) override { return m_fake->munmap(address, length); }
    int poll(int fd, short events, short *revents, int timeoutMs) override
    {
        return m_fake->poll(fd, events, revents, timeoutMs);
    }

private:
    std::shared_ptr<FakeV4l2Io> m_fake;
    std::atomic<int> m_delayMs{0};
    std::atomic<int> m_inProgress{0};
    mutable std::mutex m_mutex;
    std::vector<const QThread *> m_openThreads;
};

QStringList pathsOf(const QList<V4l2DeviceInfo> &devices)
{
    QStringList paths;
    for (const V4l2DeviceInfo &device : devices)
        paths.append(device.path);
    return paths;
}

bool touch(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly);
}

} // namespace

class TestV4l2Monitor : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<FakeV4l2Io> m_fake;
    std::shared_ptr<RecordingIo> m_io;

    QString node(const char *name) const { return m_dir->filePath(QLatin1String(name)); }
    // A camera at `name` in the fake kernel and its node file in the directory.
    void plugCamera(const char *name)
    {
        m_fake->addUvcCamera(node(name).toStdString(), {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
        QVERIFY(touch(node(name)));
    }

private Q_SLOTS:
    void init();
    void cleanup();
    void startScansAtOnce();
    void nodeAddedAndRemoved();
    void burstIsOneRescan();
    void unrelatedChangeIsSilent();
    void explicitRescan();
    void nothingAfterStop();
    void destroyedDuringScan();
};

void TestV4l2Monitor::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fake = std::make_shared<FakeV4l2Io>();
    m_io = std::make_shared<RecordingIo>(m_fake);
}

void TestV4l2Monitor::cleanup()
{
    // No probe may leave a descriptor open.
    QCOMPARE(m_fake->openFdCount(), 0);
    m_io.reset();
    m_fake.reset();
    m_dir.reset();
}

void TestV4l2Monitor::startScansAtOnce()
{
    plugCamera("video0");
    m_fake->addMetadataNode(node("video1").toStdString());
    QVERIFY(touch(node("video1")));
    V4l2Monitor monitor(m_io, m_dir->path());
    QVERIFY(monitor.devices().isEmpty());
    QSignalSpy changed(&monitor, &V4l2Monitor::devicesChanged);
    monitor.start();
    QCOMPARE(pathsOf(monitor.devices()), QStringList{node("video0")});
    QCOMPARE(monitor.devices().constFirst().driver, QStringLiteral("uvcvideo"));
    QTest::qWait(100);
    QCOMPARE(changed.count(), 0); // nothing changed since start()
}

void TestV4l2Monitor::nodeAddedAndRemoved()
{
    plugCamera("video0");
    V4l2Monitor monitor(m_io, m_dir->path());
    monitor.setDebounceMs(50);
    monitor.start();
    const int opensBefore = m_io->opensOn(QThread::currentThread());
    QSignalSpy changed(&monitor, &V4l2Monitor::devicesChanged);
    QSignalSpy added(&monitor, &V4l2Monitor::deviceAdded);
    QSignalSpy removed(&monitor, &V4l2Monitor::deviceRemoved);

    plugCamera("video2");
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(added.count(), 1);
    QCOMPARE(added.at(0).at(0).toString(), node("video2"));
    QCOMPARE(removed.count(), 0);
    const auto list = changed.at(0).at(0).value<QList<V4l2DeviceInfo>>();
    QCOMPARE(pathsOf(list), QStringList({node("video0"), node("video2")}));
    QCOMPARE(pathsOf(monitor.devices()), pathsOf(list));
    // The probes of the rescan ran on another thread.
    QCOMPARE(m_io->opensOn(QThread::currentThread()), opensBefore);
    QVERIFY(m_io->opensOffThread(QThread::currentThread()) >= 2);

    QVERIFY(QFile::remove(node("video2")));
    QTRY_COMPARE(changed.count(), 2);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(0).toString(), node("video2"));
    QCOMPARE(added.count(), 1);
    QCOMPARE(pathsOf(monitor.devices()), QStringList{node("video0")});
}

void TestV4l2Monitor::burstIsOneRescan()
{
    plugCamera("video0");
    V4l2Monitor monitor(m_io, m_dir->path());
    monitor.setDebounceMs(200);
    monitor.start();
    const int opensBefore = m_fake->openCount(node("video0").toStdString());
    QSignalSpy changed(&monitor, &V4l2Monitor::devicesChanged);
    QSignalSpy added(&monitor, &V4l2Monitor::deviceAdded);

    // A camera making its nodes one after the other.
    plugCamera("video2");
    QTest::qWait(30);
    plugCamera("video3");
    QTest::qWait(30);
    plugCamera("video4");
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(added.count(), 3);
    QCOMPARE(pathsOf(monitor.devices()), QStringList({node("video0"), node("video2"), node("video3"), node("video4")}));
    QTest::qWait(400);
    QCOMPARE(changed.count(), 1);
    // One rescan: video0 probed once more.
    QCOMPARE(m_fake->openCount(node("video0").toStdString()), opensBefore + 1);
}

void TestV4l2Monitor::unrelatedChangeIsSilent()
{
    plugCamera("video0");
    V4l2Monitor monitor(m_io, m_dir->path());
    monitor.setDebounceMs(20);
    monitor.start();
    const int opensBefore = m_fake->openCount(node("video0").toStdString());
    QSignalSpy changed(&monitor, &V4l2Monitor::devicesChanged);
    QSignalSpy added(&monitor, &V4l2Monitor::deviceAdded);
    QVERIFY(touch(node("ttyUSB0")));
    QTRY_COMPARE(m_fake->openCount(node("video0").toStdString()), opensBefore + 1); // rescanned
    QTest::qWait(100);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(added.count(), 0);
}

void TestV4l2Monitor::explicitRescan()
{
    plugCamera("video0");
    m_fake->setOpenError(node("video0").toStdString(), EACCES);
    V4l2Monitor monitor(m_io, m_dir->path());
    monitor.setDebounceMs(20);
    monitor.start();
    QCOMPARE(monitor.devices().size(), 1);
    QCOMPARE(monitor.devices().constFirst().error, V4l2Error::PermissionDenied);
    QSignalSpy changed(&monitor, &V4l2Monitor::devicesChanged);
    QSignalSpy added(&monitor, &V4l2Monitor::deviceAdded);

    // udev fixed the permissions: no directory change, the picker asks for a rescan.
    m_fake->setOpenError(node("video0").toStdString(), 0);
    monitor.rescan();
    QTRY_COMPARE(changed.count(), 1);
    QCOMPARE(added.count(), 0); // same node, new probe result
    QCOMPARE(monitor.devices().constFirst().error, V4l2Error::None);
    QVERIFY(!monitor.devices().constFirst().formats.isEmpty());
}

void TestV4l2Monitor::nothingAfterStop()
{
    plugCamera("video0");
    V4l2Monitor monitor(m_io, m_dir->path());
    monitor.setDebounceMs(20);
    monitor.start();
    QSignalSpy changed(&monitor, &V4l2Monitor::devicesChanged);
    QSignalSpy added(&monitor, &V4l2Monitor::deviceAdded);
    QSignalSpy removed(&monitor, &V4l2Monitor::deviceRemoved);

    // Stop while a slow scan is probing.
    m_io->setOpenDelayMs(150);
    plugCamera("video2");
    QTRY_VERIFY(m_io->opensInProgress() > 0);
    QElapsedTimer timer;
    timer.start();
    monitor.stop();
    QVERIFY2(timer.elapsed() < 400, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(m_io->opensInProgress(), 0); // the scan thread is done

    // Neither the cancelled scan nor later changes or requests report anything.
    m_io->setOpenDelayMs(0);
    plugCamera("video3");
    QVERIFY(QFile::remove(node("video0")));
    monitor.rescan();
    QTest::qWait(300);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(added.count(), 0);
    QCOMPARE(removed.count(), 0);

    // Started again: a fresh list.
    monitor.start();
    QCOMPARE(pathsOf(monitor.devices()), QStringList({node("video2"), node("video3")}));
}

void TestV4l2Monitor::destroyedDuringScan()
{
    plugCamera("video0");
    auto monitor = std::make_unique<V4l2Monitor>(m_io, m_dir->path());
    monitor->setDebounceMs(10);
    monitor->start();
    int delivered = 0;
    QObject receiver;
    connect(monitor.get(), &V4l2Monitor::devicesChanged, &receiver, [&delivered] { ++delivered; });
    m_io->setOpenDelayMs(100);
    plugCamera("video2");
    QTRY_VERIFY(m_io->opensInProgress() > 0);
    monitor.reset(); // waits for the scan thread; its result must not arrive anywhere
    QCOMPARE(m_io->opensInProgress(), 0);
    QTest::qWait(300);
    QCOMPARE(delivered, 0);
}

QTEST_GUILESS_MAIN(TestV4l2Monitor)
#include "test_v4l2monitor.moc"
