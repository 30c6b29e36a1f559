#pragma once

#include "frame.h"

#include <QSize>

namespace camchat::capture {

// Converts any Frame format (NV12/NV21/NV16/NV24, YUV420/YVU420, YUYV/UYVY/YVYU, GREY,
// BGR24, RGB24, XRGB8888, XBGR8888) to one of the packed RGB formats Xrgb8888 (display),
// Rgb24 (model input) or Bgr24, with libyuv. YUV and GREY input use the frame's matrix
// and range. The result has tightly packed rows.
// Returns an invalid Frame for an unsupported pair. Returns `src` itself when it already
// has the target format (shared storage, no copy).
Frame convertFrame(const Frame &src, PixelFormat target);

// Any frame to an Xrgb8888 picture of exactly `size` (the caller keeps the aspect ratio),
// the way a preview draws it: the cheapest order of scaling and conversion for the format.
// Returns an invalid Frame for an unsupported format or an empty size.
Frame convertForDisplay(const Frame &src, QSize size);

// Scales an Xrgb8888 frame (box filter when shrinking, bilinear when enlarging).
Frame scaleFrame(const Frame &xrgb, int width, int height);

} // namespace camchat::capture
