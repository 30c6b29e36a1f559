#pragma once

#include "v4l2discovery.h"

#include <QList>
#include <QObject>
#include <QString>

#include <memory>

namespace camchat::capture {

// Watches the device directory for video nodes appearing and disappearing (udev creates
// and removes /dev/videoN on hotplug) and keeps the list of capture devices current.
// Rescans are debounced (a camera creates several nodes at once) and run off the
// caller's thread; devicesChanged() is delivered in the monitor's thread.
//
// Threads: lives in its creator's thread (normally the GUI thread).
class V4l2Monitor : public QObject
{
    Q_OBJECT

public:
    explicit V4l2Monitor(std::shared_ptr<V4l2Io> io = systemV4l2Io(),
                         QString deviceDir = QStringLiteral("/dev"), QObject *parent = nullptr);
    ~V4l2Monitor() override;

    // Scans once now (blocking, quick) and starts watching. devices() is valid after it.
    void start();
    void stop();

    // The capture devices found by the latest scan.
    QList<V4l2DeviceInfo> devices() const;
    // Schedules a rescan (debounced), e.g. when the user opens the source picker.
    void rescan();
    // Debounce interval; default 300 ms.
    void setDebounceMs(int ms);

Q_SIGNALS:
    // The list changed: a node appeared, disappeared, or its probe result changed.
    void devicesChanged(const QList<camchat::capture::V4l2DeviceInfo> &devices);
    void deviceAdded(const QString &path);
    void deviceRemoved(const QString &path);

private:
    // In the monitor's thread, posted by a scan thread.
    void scanFinished(const QList<camchat::capture::V4l2DeviceInfo> &found, quint64 generation);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace camchat::capture
