#include "pixelformat.h"

namespace camchat::capture {

int planeCount(PixelFormat format)
{
    switch (format) {
    case PixelFormat::Yuv420:
    case PixelFormat::Yvu420:
        return 3;
    case PixelFormat::Nv12:
    case PixelFormat::Nv21:
    case PixelFormat::Nv16:
    case PixelFormat::Nv24:
        return 2;
    case PixelFormat::Yuyv:
    case PixelFormat::Uyvy:
    case PixelFormat::Yvyu:
    case PixelFormat::Grey:
    case PixelFormat::Bgr24:
    case PixelFormat::Rgb24:
    case PixelFormat::Xrgb8888:
    case PixelFormat::Xbgr8888:
        return 1;
    case PixelFormat::Invalid:
        break;
    }
    return 0;
}

int bytesPerPixel(PixelFormat format)
{
    switch (format) {
    case PixelFormat::Nv12:
    case PixelFormat::Nv21:
    case PixelFormat::Nv16:
    case PixelFormat::Nv24:
    case PixelFormat::Yuv420:
    case PixelFormat::Yvu420:
    case PixelFormat::Grey:
        return 1;
    case PixelFormat::Yuyv:
    case PixelFormat::Uyvy:
    case PixelFormat::Yvyu:
        return 2;
    case PixelFormat::Bgr24:
    case PixelFormat::Rgb24:
        return 3;
    case PixelFormat::Xrgb8888:
    case PixelFormat::Xbgr8888:
        return 4;
    case PixelFormat::Invalid:
        break;
    }
    return 0;
}

namespace {

bool isPacked422(PixelFormat format)
{
    return format == PixelFormat::Yuyv || format == PixelFormat::Uyvy || format == PixelFormat::Yvyu;
}

bool isHalfHeightChroma(PixelFormat format)
{
    return format == PixelFormat::Nv12 || format == PixelFormat::Nv21 || format == PixelFormat::Yuv420
        || format == PixelFormat::Yvu420;
}

} // namespace

int planeHeight(PixelFormat format, int plane, int frameHeight)
{
    if (plane >= 1 && isHalfHeightChroma(format))
        return (frameHeight + 1) / 2;
    return frameHeight;
}

int minimumStride(PixelFormat format, int plane, int frameWidth)
{
    if (plane == 0)
        return isPacked422(format) ? ((frameWidth + 1) / 2) * 4 : frameWidth * bytesPerPixel(format);
    // Separate U and V planes of YUV420/YVU420: one byte per chroma sample.
    if (format == PixelFormat::Yuv420 || format == PixelFormat::Yvu420)
        return (frameWidth + 1) / 2;
    // Interleaved chroma plane of the NV formats: one U,V pair per chroma sample.
    if (format == PixelFormat::Nv24)
        return frameWidth * 2;
    return ((frameWidth + 1) / 2) * 2;
}

std::string_view formatName(PixelFormat format)
{
    switch (format) {
    case PixelFormat::Nv12: return "NV12";
    case PixelFormat::Nv21: return "NV21";
    case PixelFormat::Nv16: return "NV16";
    case PixelFormat::Nv24: return "NV24";
    case PixelFormat::Yuv420: return "YUV420";
    case PixelFormat::Yvu420: return "YVU420";
    case PixelFormat::Yuyv: return "YUYV";
    case PixelFormat::Uyvy: return "UYVY";
    case PixelFormat::Yvyu: return "YVYU";
    case PixelFormat::Grey: return "GREY";
    case PixelFormat::Bgr24: return "BGR24";
    case PixelFormat::Rgb24: return "RGB24";
    case PixelFormat::Xrgb8888: return "XRGB8888";
    case PixelFormat::Xbgr8888: return "XBGR8888";
    case PixelFormat::Invalid: break;
    }
    return "invalid";
}

bool isYuv(PixelFormat format)
{
    switch (format) {
    case PixelFormat::Nv12:
    case PixelFormat::Nv21:
    case PixelFormat::Nv16:
    case PixelFormat::Nv24:
    case PixelFormat::Yuv420:
    case PixelFormat::Yvu420:
    case PixelFormat::Yuyv:
    case PixelFormat::Uyvy:
    case PixelFormat::Yvyu:
        return true;
    default:
        return false;
    }
}

bool hasYuvRange(PixelFormat format)
{
    return isYuv(format) || format == PixelFormat::Grey;
}

} // namespace camchat::capture
