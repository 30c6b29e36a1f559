#pragma once

// What the driver's v4l2_format says about the frames: the negotiated format and
// colorimetry, and where the planes of a raw frame lie in its one memory plane.

#include "capture/frame.h"
#include "capture/v4l2/v4l2source.h"

#include <linux/videodev2.h>

#include <QString>

#include <array>
#include <cstddef>

namespace camchat::capture {

// Where the planes of a raw (not MJPEG) frame lie in its one memory plane, and how many
// bytes of it the picture needs (V4l2Source::handleBuffer takes it).
struct RawLayout {
    PixelFormat format = PixelFormat::Invalid;
    std::array<FramePlane, Frame::kMaxPlanes> planes{};
    int count = 0;
    std::size_t needed = 0;
};

// The format the driver chose, with the YUV matrix and range it says the frames use
// (undefined fields: what HDMI sources and cameras normally send).
V4l2Negotiated readFormat(const v4l2_format &format, bool multiPlanar);

// The planes of a raw frame of `format` and the bytes the picture needs.
RawLayout rawLayout(const V4l2Negotiated &format);

// Empty when Frame::wrap takes `layout` over a buffer of `length` bytes; otherwise the
// driver's numbers and what the picture needs, for the error detail.
QString layoutProblem(const V4l2Negotiated &format, const RawLayout &layout, const void *address, std::size_t length);

} // namespace camchat::capture
