#pragma once

#include "capture/frame.h"
#include "capture/v4l2/v4l2source.h"

#include <QString>

#include <chrono>

namespace camchat::capture {

// Outcome of grabbing one frame from a V4L2 device.
struct V4l2GrabResult {
    enum class Status {
        Ok,
        NotFound,         // no such device node
        Busy,             // EBUSY: another program holds it
        PermissionDenied, // EACCES/EPERM
        NotCapture,       // not a video capture device
        NoSignal,         // opened, but no good frame before the timeout (HDMI without signal)
        DeviceGone,       // unplugged while waiting
        Failed,           // anything else; see detail
    };
    Status status = Status::Failed;
    Frame frame;           // valid when Ok; full resolution (MJPEG decoded at full size)
    V4l2Negotiated format; // what was negotiated, when known
    bool hdmiInput = false; // an on-chip HDMI receiver (known once the node was opened)
    QString detail;        // technical: ioctl + strerror
    bool ok() const { return status == Status::Ok && frame.isValid(); }
};

// Opens the device, waits up to `timeout` for the first good frame (skipping
// `skipFrames` frames first, so auto-exposure can settle on cameras), stops and returns
// it. Blocking: call from a command-line tool or a worker thread, never the GUI thread.
V4l2GrabResult grabV4l2Frame(V4l2SourceOptions options, std::chrono::milliseconds timeout,
                             int skipFrames = 0);

} // namespace camchat::capture
