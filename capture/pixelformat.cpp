#include "pixelformat.h"

namespace camchat::capture {

int planeCount(PixelFormat format)
{
    switch (format) {
    case PixelFormat::Nv12:
    case PixelFormat::Nv16:
    case PixelFormat::Nv24:
        return 2;
    case PixelFormat::Yuyv:
    case PixelFormat::Bgr24:
    case PixelFormat::Rgb24:
    case PixelFormat::Xrgb8888:
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
    case PixelFormat::Nv16:
    case PixelFormat::Nv24:
        return 1;
    case PixelFormat::Yuyv:
        return 2;
    case PixelFormat::Bgr24:
    case PixelFormat::Rgb24:
        return 3;
    case PixelFormat::Xrgb8888:
        return 4;
    case PixelFormat::Invalid:
        break;
    }
    return 0;
}

int planeHeight(PixelFormat format, int plane, int frameHeight)
{
    if (plane == 1 && format == PixelFormat::Nv12)
        return (frameHeight + 1) / 2;
    return frameHeight;
}

int minimumStride(PixelFormat format, int plane, int frameWidth)
{
    if (plane == 0)
        return format == PixelFormat::Yuyv ? ((frameWidth + 1) / 2) * 4 : frameWidth * bytesPerPixel(format);
    // Interleaved chroma plane of the NV formats: one U,V pair per chroma sample.
    if (format == PixelFormat::Nv24)
        return frameWidth * 2;
    return ((frameWidth + 1) / 2) * 2;
}

std::string_view formatName(PixelFormat format)
{
    switch (format) {
    case PixelFormat::Nv12: return "NV12";
    case PixelFormat::Nv16: return "NV16";
    case PixelFormat::Nv24: return "NV24";
    case PixelFormat::Yuyv: return "YUYV";
    case PixelFormat::Bgr24: return "BGR24";
    case PixelFormat::Rgb24: return "RGB24";
    case PixelFormat::Xrgb8888: return "XRGB8888";
    case PixelFormat::Invalid: break;
    }
    return "invalid";
}

bool isYuv(PixelFormat format)
{
    return format == PixelFormat::Nv12 || format == PixelFormat::Nv16 || format == PixelFormat::Nv24
        || format == PixelFormat::Yuyv;
}

} // namespace camchat::capture
