#pragma once

// The input a V4L2 capture node is switched to, as VIDIOC_ENUMINPUT describes it: whether
// it is a DV (HDMI, DVI, DisplayPort) receiver and what its status bits say about the
// signal. Shared by V4l2Discovery (what `camchat devices` shows) and V4l2Source.

#include "capture/v4l2/v4l2device.h"

#include <cstdint>

namespace camchat::capture {

struct V4l2InputInfo {
    bool known = false;       // ENUMINPUT answered for the current input
    std::uint32_t index = 0;  // the current input (G_INPUT; 0 when the driver has no inputs ioctl)
    bool dvTimings = false;   // V4L2_IN_CAP_DV_TIMINGS: a DV receiver, sized by its source's timings
    std::uint32_t status = 0; // V4L2_IN_ST_*

    // The status says there is no picture: no signal, no power, no sync or no horizontal
    // lock (vivid reports no lock and out-of-range timings as NO_H_LOCK).
    bool noSignal() const;
};

// Reads the current input of `fd`. A driver without input ioctls (ENOTTY) gives an
// unknown input: not a DV receiver, no status.
V4l2InputInfo queryCurrentInput(V4l2Io &io, int fd);

// Whether an errno from VIDIOC_QUERY_DV_TIMINGS means "no usable signal" (ENOLINK: no
// cable or 5 V, ENOLCK: cannot lock, ERANGE: timings out of range, ENODATA: nothing to
// query on this input) rather than a failure.
bool isNoSignalErrno(int error);

} // namespace camchat::capture
