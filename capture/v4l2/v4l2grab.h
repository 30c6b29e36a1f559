#pragma once

#include "capture/frame.h"
#include "capture/v4l2/v4l2error.h"
#include "capture/v4l2/v4l2source.h"

#include <QString>

#include <chrono>

namespace camchat::capture {

// Outcome of grabbing one frame from a V4L2 device.
struct V4l2GrabResult {
    // None, or why there is no frame: DeviceMissing, Busy, PermissionDenied, NotCapture,
    // UnsupportedFormat, NoSignal (opened, but no good frame before the timeout),
    // Unplugged (while waiting) or Failed (see detail).
    V4l2Error error = V4l2Error::Failed;
    Frame frame;           // valid when error is None; full resolution (MJPEG decoded at full size)
    V4l2Negotiated format; // what was negotiated, when known
    bool hdmiInput = false; // a DV (HDMI) receiver (known once the node was opened)
    QString detail;        // technical: ioctl + strerror
    bool ok() const { return error == V4l2Error::None && frame.isValid(); }
};

// Opens the device, waits up to `timeout` for the first good frame (skipping
// `skipFrames` frames first, so auto-exposure can settle on cameras), stops and returns
// it. Blocking: call from a command-line tool or a worker thread, never the GUI thread.
V4l2GrabResult grabV4l2Frame(V4l2SourceOptions options, std::chrono::milliseconds timeout,
                             int skipFrames = 0);

} // namespace camchat::capture
