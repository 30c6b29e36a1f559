#pragma once

#include "capture/framesource.h"
#include "capture/v4l2/v4l2discovery.h"

#include <QCameraDevice>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>

class QMediaDevices;

namespace camchat::capture {
class V4l2Io;
class V4l2Monitor;
}

namespace camchat::session {

// One live source the user can pick.
struct LiveSourceInfo {
    enum class Kind { V4l2, QtCamera };
    Kind kind = Kind::V4l2;
    QString id;            // "/dev/video0", or "qt:<camera id>"
    QString name;          // the device's own name ("USB Camera", "rk_hdmirx")
    bool hdmiInput = false;
    // False while the current device is unplugged: it stays listed until it returns.
    bool present = true;
    capture::V4l2DeviceInfo v4l2; // Kind::V4l2
    QCameraDevice camera;         // Kind::QtCamera
};

// One entry of the format picker: pixel format x size x rate.
struct LiveFormat {
    QString pixelFormat;   // "MJPG", "YUYV", "NV12" (Qt cameras: Qt's pixel format name)
    std::uint32_t fourcc = 0; // V4L2 only
    int width = 0;
    int height = 0;
    double fps = 0;
    bool isAutomatic() const { return width <= 0 || height <= 0; }
    // "MJPG 1280x720@30": stored in the settings and shown in the picker.
    QString key() const;
    // The inverse of key(); automatic for an empty or unreadable text.
    static LiveFormat fromKey(const QString &key);
    friend bool operator==(const LiveFormat &a, const LiveFormat &b) { return a.key() == b.key(); }
};

struct SourceManagerOptions {
    std::shared_ptr<capture::V4l2Io> io; // null: the real kernel
    // Where the video nodes are; empty: $CAMCHAT_V4L2_DEVICE_DIR, or "/dev".
    QString deviceDir;
    // List Qt Multimedia cameras too (off in tests that want only the fake devices).
    bool qtCameras = true;
    // Remember the chosen source and format in QSettings and reopen them on start.
    bool rememberChoice = true;
};

// The live side of the main window (and the kiosk): which sources exist (V4L2 devices
// from a V4l2Monitor, hotplug included, plus Qt cameras the V4L2 list does not cover),
// which one is open, with which format. The last choice is kept in QSettings and opened
// again at start-up, or as soon as the device appears.
//
// Sources are created here and live in this object's thread (the GUI thread); they
// capture on their own threads. Opening and stopping a source is quick; device scans
// run in the monitor. GUI thread.
class SourceManager : public QObject
{
    Q_OBJECT

public:
    explicit SourceManager(SourceManagerOptions options = {}, QObject *parent = nullptr);
    ~SourceManager() override;

    // Starts the monitor, lists the sources and reopens the remembered one if present.
    void start();

    QList<LiveSourceInfo> sources() const;
    std::optional<LiveSourceInfo> sourceInfo(const QString &id) const;

    // Opens `id` (replacing the current source) with `format` (automatic: camchat's
    // choice) and remembers both. False when no such source is listed.
    bool openSource(const QString &id, const LiveFormat &format = {});
    // Opens the first source that is present (the kiosk is about a live picture); false
    // when there is none.
    bool openFirstSource();
    // Stops the current source; the user went back to still images (forgotten too).
    void closeSource();
    // Reopens the current source with another format (renegotiates).
    bool setFormat(const LiveFormat &format);

    capture::FrameSource *currentSource() const { return m_current.data(); }
    QString currentSourceId() const { return m_currentId; }
    // The current source's name as the user knows it (its id when it is not listed).
    QString currentSourceName() const;
    LiveFormat currentFormatChoice() const { return m_currentFormat; }
    // What the current source offers (empty for an HDMI receiver: it follows the signal).
    QList<LiveFormat> formatChoices() const;
    static QList<LiveFormat> formatChoices(const LiveSourceInfo &info);

    capture::V4l2Monitor *monitor() const { return m_monitor; }
    QString deviceDir() const { return m_deviceDir; }

public Q_SLOTS:
    // The V4L2 capture devices present now (the monitor's devicesChanged() lands here).
    void setV4l2Devices(const QList<camchat::capture::V4l2DeviceInfo> &devices);

Q_SIGNALS:
    // The list of sources changed (hotplug, a camera added or removed).
    void sourcesChanged();
    // Another source is current (null: none). Consumers move their mailboxes to it; the
    // old one is stopped and deleted later in the event loop.
    void currentSourceChanged(camchat::capture::FrameSource *source);
    // The current source's state (from the GUI thread).
    void currentStateChanged(camchat::capture::FrameSource::State state);

private:
    void refreshQtCameras();
    void rebuildList();
    void replaceCurrent(capture::FrameSource *source, const QString &id, const LiveFormat &format);
    capture::FrameSource *createSource(const LiveSourceInfo &info, const LiveFormat &format);
    void remember() const;
    void restoreIfPresent();

    SourceManagerOptions m_options;
    QString m_deviceDir;
    std::shared_ptr<capture::V4l2Io> m_io;
    capture::V4l2Monitor *m_monitor = nullptr;
    QMediaDevices *m_mediaDevices = nullptr;
    QList<capture::V4l2DeviceInfo> m_v4l2Devices;
    QList<QCameraDevice> m_qtCameras;
    QList<LiveSourceInfo> m_sources;

    QPointer<capture::FrameSource> m_current;
    QString m_currentId;
    LiveFormat m_currentFormat;
    std::optional<LiveSourceInfo> m_currentInfo; // kept while the device is unplugged
    // The remembered choice, still to be opened when it shows up.
    QString m_pendingId;
    LiveFormat m_pendingFormat;
};

} // namespace camchat::session
