#include "v4l2formats.h"

#include <linux/videodev2.h>

#include <algorithm>
#include <array>

namespace camchat::capture {

namespace {

// V4L2 names RGB formats by the byte order in memory (mostly), DRM by the little-endian
// word: 'XR24' (V4L2_PIX_FMT_XBGR32) is B,G,R,X in memory = DRM XRGB8888, 'XB24'
// (V4L2_PIX_FMT_RGBX32) is R,G,B,X = DRM XBGR8888. The alpha of 'AR24'/'AB24' is ignored.
constexpr std::array<V4l2FormatMapping, 17> kFormats{{
    {V4L2_PIX_FMT_NV12, PixelFormat::Nv12, false},
    {V4L2_PIX_FMT_NV21, PixelFormat::Nv21, false},
    {V4L2_PIX_FMT_NV16, PixelFormat::Nv16, false},
    {V4L2_PIX_FMT_NV24, PixelFormat::Nv24, false},
    {V4L2_PIX_FMT_YUV420, PixelFormat::Yuv420, false}, // 'YU12'
    {V4L2_PIX_FMT_YVU420, PixelFormat::Yvu420, false}, // 'YV12'
    {V4L2_PIX_FMT_YUYV, PixelFormat::Yuyv, false},
    {V4L2_PIX_FMT_UYVY, PixelFormat::Uyvy, false},
    {V4L2_PIX_FMT_YVYU, PixelFormat::Yvyu, false},
    {V4L2_PIX_FMT_BGR24, PixelFormat::Bgr24, false}, // what rk_hdmirx sends for RGB signals
    {V4L2_PIX_FMT_RGB24, PixelFormat::Rgb24, false},
    {V4L2_PIX_FMT_XBGR32, PixelFormat::Xrgb8888, false}, // 'XR24'
    {V4L2_PIX_FMT_ABGR32, PixelFormat::Xrgb8888, false}, // 'AR24'
    {V4L2_PIX_FMT_RGBX32, PixelFormat::Xbgr8888, false}, // 'XB24'
    {V4L2_PIX_FMT_RGBA32, PixelFormat::Xbgr8888, false}, // 'AB24'
    {V4L2_PIX_FMT_GREY, PixelFormat::Grey, false},
    {V4L2_PIX_FMT_MJPEG, PixelFormat::Invalid, true}, // decoded with TurboJPEG
}};

const V4l2FormatMapping *find(std::uint32_t fourcc)
{
    const auto it = std::find_if(kFormats.begin(), kFormats.end(),
                                 [fourcc](const V4l2FormatMapping &m) { return m.fourcc == fourcc; });
    return it == kFormats.end() ? nullptr : &*it;
}

} // namespace

std::span<const V4l2FormatMapping> v4l2CaptureFormats()
{
    return kFormats;
}

PixelFormat pixelFormatForFourcc(std::uint32_t fourcc)
{
    const V4l2FormatMapping *mapping = find(fourcc);
    return mapping ? mapping->pixelFormat : PixelFormat::Invalid;
}

bool isCapturableFourcc(std::uint32_t fourcc)
{
    return find(fourcc) != nullptr;
}

} // namespace camchat::capture
