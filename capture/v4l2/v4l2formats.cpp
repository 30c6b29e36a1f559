#include "v4l2formats.h"

#include <linux/videodev2.h>

#include <algorithm>
#include <array>

namespace camchat::capture {

namespace {

constexpr std::array<V4l2FormatMapping, 7> kFormats{{
    {V4L2_PIX_FMT_NV12, PixelFormat::Nv12, false},
    {V4L2_PIX_FMT_NV16, PixelFormat::Nv16, false},
    {V4L2_PIX_FMT_NV24, PixelFormat::Nv24, false},
    {V4L2_PIX_FMT_YUYV, PixelFormat::Yuyv, false},
    {V4L2_PIX_FMT_BGR24, PixelFormat::Bgr24, false}, // what rk_hdmirx sends for RGB signals
    {V4L2_PIX_FMT_RGB24, PixelFormat::Rgb24, false},
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
