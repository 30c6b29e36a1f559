#include "v4l2monitor.h"

#include <QFileSystemWatcher>
#include <QMetaObject>
#include <QSet>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <utility>

namespace camchat::capture {

namespace {

constexpr int kDefaultDebounceMs = 300;

bool sameFrameSize(const V4l2FrameSize &a, const V4l2FrameSize &b)
{
    return a.width == b.width && a.height == b.height && a.framesPerSecond == b.framesPerSecond
            && a.minFramesPerSecond == b.minFramesPerSecond && a.maxFramesPerSecond == b.maxFramesPerSecond;
}

bool sameFormat(const V4l2FormatInfo &a, const V4l2FormatInfo &b)
{
    if (a.fourcc != b.fourcc || a.description != b.description || a.compressed != b.compressed
        || a.supported != b.supported || a.stepwise != b.stepwise || a.sizes.size() != b.sizes.size())
        return false;
    for (qsizetype i = 0; i < a.sizes.size(); ++i) {
        if (!sameFrameSize(a.sizes.at(i), b.sizes.at(i)))
            return false;
    }
    return true;
}

// Everything a probe reports: a device whose formats, signal or open error changed is
// a change for the source picker too.
bool sameDevice(const V4l2DeviceInfo &a, const V4l2DeviceInfo &b)
{
    if (a.path != b.path || a.name != b.name || a.driver != b.driver || a.bus != b.bus
        || a.capabilities != b.capabilities || a.multiPlanar != b.multiPlanar || a.hdmiReceiver != b.hdmiReceiver
        || a.error != b.error || a.errorNumber != b.errorNumber || a.formats.size() != b.formats.size())
        return false;
    if (a.signal.state != b.signal.state || a.signal.width != b.signal.width || a.signal.height != b.signal.height
        || a.signal.framesPerSecond != b.signal.framesPerSecond || a.signal.interlaced != b.signal.interlaced)
        return false;
    for (qsizetype i = 0; i < a.formats.size(); ++i) {
        if (!sameFormat(a.formats.at(i), b.formats.at(i)))
            return false;
    }
    return true;
}

bool sameDevices(const QList<V4l2DeviceInfo> &a, const QList<V4l2DeviceInfo> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!sameDevice(a.at(i), b.at(i)))
            return false;
    }
    return true;
}

QSet<QString> pathsOf(const QList<V4l2DeviceInfo> &devices)
{
    QSet<QString> paths;
    for (const V4l2DeviceInfo &device : devices)
        paths.insert(device.path);
    return paths;
}

// Probes node by node so a stop() in the middle of a slow scan waits for one probe at
// most; returns nothing when cancelled.
std::optional<QList<V4l2DeviceInfo>> scanDevices(const V4l2Discovery &discovery, const std::atomic<bool> &cancelled)
{
    QList<V4l2DeviceInfo> found;
    const QStringList nodes = discovery.candidateNodes();
    for (const QString &path : nodes) {
        if (cancelled)
            return std::nullopt;
        if (std::optional<V4l2DeviceInfo> info = discovery.probe(path))
            found.append(std::move(*info));
    }
    if (cancelled)
        return std::nullopt;
    return found;
}

} // namespace

struct V4l2Monitor::Private {
    std::shared_ptr<V4l2Io> io;
    QString deviceDir;
    QFileSystemWatcher *watcher = nullptr; // child of the monitor
    QTimer *debounce = nullptr;            // child of the monitor
    QList<V4l2DeviceInfo> devices;
    bool running = false;
    // The scan in flight (one at a time); a change seen meanwhile is remembered in
    // `rescanPending` and scanned once it is done.
    std::unique_ptr<QThread> scanThread;
    std::shared_ptr<std::atomic<bool>> scanCancelled;
    bool rescanPending = false;
    // Bumped by stop(): a result posted by an older scan is dropped on arrival.
    quint64 generation = 0;

    void cancelScan()
    {
        if (!scanThread)
            return;
        *scanCancelled = true;
        scanThread->wait();
        scanThread.reset();
        scanCancelled.reset();
    }
};

V4l2Monitor::V4l2Monitor(std::shared_ptr<V4l2Io> io, QString deviceDir, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->io = std::move(io);
    d->deviceDir = std::move(deviceDir);
    d->debounce = new QTimer(this);
    d->debounce->setSingleShot(true);
    d->debounce->setInterval(kDefaultDebounceMs);
    connect(d->debounce, &QTimer::timeout, this, [this] {
        if (!d->running)
            return;
        if (d->scanThread) {
            d->rescanPending = true;
            return;
        }
        const quint64 generation = d->generation;
        auto cancelled = std::make_shared<std::atomic<bool>>(false);
        d->scanCancelled = cancelled;
        const V4l2Discovery discovery(d->io, d->deviceDir);
        // Scan thread: probes the nodes, then hands the result back to the monitor's
        // thread. The monitor waits for this thread before it goes away, so `this` is
        // still alive when the result is posted.
        d->scanThread.reset(QThread::create([this, discovery, cancelled, generation] {
            std::optional<QList<V4l2DeviceInfo>> found = scanDevices(discovery, *cancelled);
            if (!found)
                return;
            QMetaObject::invokeMethod(
                    this, [this, list = std::move(*found), generation] { scanFinished(list, generation); },
                    Qt::QueuedConnection);
        }));
        d->scanThread->setObjectName(QStringLiteral("camchat-v4l2scan"));
        d->scanThread->start();
    });
}

V4l2Monitor::~V4l2Monitor()
{
    stop();
}

void V4l2Monitor::start()
{
    if (d->running)
        return;
    d->devices = V4l2Discovery(d->io, d->deviceDir).devices();
    d->watcher = new QFileSystemWatcher(this);
    d->watcher->addPath(d->deviceDir);
    connect(d->watcher, &QFileSystemWatcher::directoryChanged, d->debounce, qOverload<>(&QTimer::start));
    d->running = true;
}

void V4l2Monitor::stop()
{
    d->running = false;
    ++d->generation;
    d->rescanPending = false;
    d->debounce->stop();
    delete d->watcher;
    d->watcher = nullptr;
    d->cancelScan();
}

QList<V4l2DeviceInfo> V4l2Monitor::devices() const
{
    return d->devices;
}

void V4l2Monitor::rescan()
{
    if (d->running)
        d->debounce->start();
}

void V4l2Monitor::setDebounceMs(int ms)
{
    d->debounce->setInterval(std::max(0, ms));
}

void V4l2Monitor::scanFinished(const QList<V4l2DeviceInfo> &found, quint64 generation)
{
    if (generation != d->generation || !d->running)
        return; // from before a stop()
    if (d->scanThread) {
        d->scanThread->wait(); // it posted this as its last step
        d->scanThread.reset();
        d->scanCancelled.reset();
    }
    if (std::exchange(d->rescanPending, false))
        d->debounce->start();

    if (sameDevices(found, d->devices))
        return;
    const QSet<QString> before = pathsOf(d->devices);
    const QSet<QString> after = pathsOf(found);
    d->devices = found;
    for (const V4l2DeviceInfo &device : std::as_const(found)) {
        if (!before.contains(device.path))
            Q_EMIT deviceAdded(device.path);
    }
    for (const QString &path : before) {
        if (!after.contains(path))
            Q_EMIT deviceRemoved(path);
    }
    Q_EMIT devicesChanged(d->devices);
}

} // namespace camchat::capture
