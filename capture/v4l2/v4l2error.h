#pragma once

#include <cstdint>

namespace camchat::capture {

// Why a V4L2 device gave no picture: one code for the probe (V4l2Discovery), the
// one-shot grab (grabV4l2Frame) and the live source (V4l2Source). Core code carries it
// with a technical detail; ui::describeV4l2Error() words it for users.
enum class V4l2Error : std::uint8_t {
    None,
    DeviceMissing,     // ENOENT/ENODEV/ENXIO on open: no such node
    PermissionDenied,  // EACCES/EPERM: typically not in the 'video' group
    Busy,              // EBUSY: another program holds the device
    NotCapture,        // not a (streaming) video capture device
    UnsupportedFormat, // the device sends a pixel format camchat cannot take
    NoSignal,          // open, but no good frame (HDMI without signal, a stalled camera)
    Unplugged,         // the device went away while in use
    Failed,            // anything else (an ioctl, mmap, poll, a decode); see the detail
};

// The code for an errno from open(): DeviceMissing, PermissionDenied, Busy or Failed.
V4l2Error v4l2ErrorForOpen(int error);

// A stable key for JSON output and logs: "none", "device_missing", "permission_denied",
// "busy", "not_capture", "unsupported_format", "no_signal", "unplugged", "failed".
const char *v4l2ErrorKey(V4l2Error error);

} // namespace camchat::capture
