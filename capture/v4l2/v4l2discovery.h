#pragma once

#include "v4l2device.h"
#include "v4l2error.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <optional>

namespace camchat::capture {

// One frame size a format offers, with its frame rates (highest first).
struct V4l2FrameSize {
    int width = 0;
    int height = 0;
    QList<double> framesPerSecond; // discrete rates; empty when the driver lists none
    // Stepwise/continuous intervals: the range instead of a list (0 when discrete).
    double minFramesPerSecond = 0;
    double maxFramesPerSecond = 0;
};

struct V4l2FormatInfo {
    std::uint32_t fourcc = 0; // V4L2_PIX_FMT_*
    QString description;      // the driver's text ("Motion-JPEG", "YUYV 4:2:2")
    bool compressed = false;
    bool supported = false;   // camchat's own V4L2 capture can take this format
    // Discrete sizes, largest first. A stepwise/continuous driver gives one entry for
    // the smallest and one for the largest size and sets `stepwise`.
    QList<V4l2FrameSize> sizes;
    bool stepwise = false;
};

// What QUERY_DV_TIMINGS and the input's status bits say about an HDMI receiver's input.
struct V4l2SignalInfo {
    enum class State : std::uint8_t {
        Unknown,    // not queried, or the driver has no DV timings
        Locked,     // a signal is there; size and rate below
        NoCable,    // ENOLINK: no 5 V on the connector
        NotLocked,  // ENOLCK: something is connected but the receiver cannot lock
        OutOfRange, // ERANGE: a mode the receiver does not support
    };
    State state = State::Unknown;
    int width = 0;
    int height = 0;
    double framesPerSecond = 0;
    bool interlaced = false;
};

// A V4L2 video capture node: name, bus, capabilities and formats.
struct V4l2DeviceInfo {
    QString path;   // "/dev/video0"
    QString name;   // card
    QString driver; // "uvcvideo", "rk_hdmirx", "snps_hdmirx"
    QString bus;    // bus_info
    std::uint32_t capabilities = 0; // device caps (V4L2_CAP_*)
    bool multiPlanar = false;
    // A DV (HDMI) receiver: its current input has V4L2_IN_CAP_DV_TIMINGS (rk_hdmirx,
    // snps_hdmirx, tc358743, adv76xx, vivid's HDMI input); the size follows the source.
    bool hdmiReceiver = false;
    QList<V4l2FormatInfo> formats;
    V4l2SignalInfo signal;     // HDMI receivers only
    // Why the node could not be opened: None, PermissionDenied, Busy or Failed.
    V4l2Error error = V4l2Error::None;
    int errorNumber = 0;       // errno behind `error`
};

// "MJPG", "NV12", "BGR3" (with "-BE" for big-endian variants).
QString fourccName(std::uint32_t fourcc);

// Lists V4L2 video capture nodes through the V4l2Io seam, skipping metadata, output and
// memory-to-memory (codec, scaler) nodes. Blocking but quick (a few ioctls per node):
// fine on the GUI thread at start-up, better on a worker when rescanning on hotplug.
class V4l2Discovery
{
public:
    explicit V4l2Discovery(std::shared_ptr<V4l2Io> io = systemV4l2Io(),
                           QString deviceDir = QStringLiteral("/dev"));

    // The video* nodes in the device directory, in numeric order (video2 before video10).
    QStringList candidateNodes() const;

    // Probes every candidate node; capture devices and nodes that could not be opened
    // (with the reason) are listed, everything else is left out.
    QList<V4l2DeviceInfo> devices() const;
    QList<V4l2DeviceInfo> devices(const QStringList &paths) const;

    // Nothing if the node is gone or is not a video capture device.
    std::optional<V4l2DeviceInfo> probe(const QString &path) const;

private:
    std::shared_ptr<V4l2Io> m_io;
    QString m_deviceDir;
};

} // namespace camchat::capture
