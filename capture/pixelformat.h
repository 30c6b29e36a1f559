#pragma once

#include <drm_fourcc.h>

#include <cstdint>
#include <string_view>

namespace camchat::capture {

// Frame pixel formats are DRM fourcc codes (drm_fourcc.h). The DRM names describe a
// little-endian word, so the byte order in memory reads backwards; the comments give
// the byte order in memory, which is what the code indexes.
enum class PixelFormat : std::uint32_t {
    Invalid = 0,
    Nv12 = DRM_FORMAT_NV12,         // Y plane, then interleaved U,V at half width, half height
    Nv16 = DRM_FORMAT_NV16,         // Y plane, then interleaved U,V at half width, full height
    Nv24 = DRM_FORMAT_NV24,         // Y plane, then interleaved U,V at full width, full height
    Yuyv = DRM_FORMAT_YUYV,         // packed Y0 U Y1 V (V4L2 'YUYV')
    Bgr24 = DRM_FORMAT_RGB888,      // bytes B,G,R   (V4L2 'BGR3', libyuv "RGB24")
    Rgb24 = DRM_FORMAT_BGR888,      // bytes R,G,B   (V4L2 'RGB3', libyuv "RAW", model input)
    Xrgb8888 = DRM_FORMAT_XRGB8888, // bytes B,G,R,X (libyuv "ARGB", QImage::Format_RGB32)
};

// How many planes the format stores (NV formats: 2; packed formats: 1).
int planeCount(PixelFormat format);
// Bytes per pixel of plane 0 for packed formats; 1 for the Y plane of NV formats.
int bytesPerPixel(PixelFormat format);
// Height of a plane in rows for a frame of the given height.
int planeHeight(PixelFormat format, int plane, int frameHeight);
// Minimum bytes per row of a plane for a frame of the given width.
int minimumStride(PixelFormat format, int plane, int frameWidth);
// "NV12", "XRGB8888", ... for logs and the status bar.
std::string_view formatName(PixelFormat format);
bool isYuv(PixelFormat format);

} // namespace camchat::capture
