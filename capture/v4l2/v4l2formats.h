#pragma once

#include "capture/pixelformat.h"

#include <cstdint>
#include <span>

namespace camchat::capture {

// One V4L2 pixel format camchat's own capture can take, and how its frames are handled.
struct V4l2FormatMapping {
    std::uint32_t fourcc = 0; // V4L2_PIX_FMT_*
    // The Frame format a buffer of this fourcc is wrapped as (zero copy); Invalid for
    // compressed formats, which are decoded instead (MJPEG -> Xrgb8888).
    PixelFormat pixelFormat = PixelFormat::Invalid;
    bool compressed = false;
};

// The single table of capturable V4L2 formats, shared by V4l2Source (what it negotiates
// and how it wraps buffers) and V4l2Discovery (what it reports as supported).
std::span<const V4l2FormatMapping> v4l2CaptureFormats();

// The Frame format a raw V4L2 fourcc maps to; Invalid when compressed or not capturable.
PixelFormat pixelFormatForFourcc(std::uint32_t fourcc);

// Whether camchat can capture this fourcc (a raw format it wraps, or MJPEG it decodes).
bool isCapturableFourcc(std::uint32_t fourcc);

} // namespace camchat::capture
