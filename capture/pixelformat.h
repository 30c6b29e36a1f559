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
    Nv21 = DRM_FORMAT_NV21,         // as NV12 with V,U interleaved (V4L2 'NV21')
    Yuv420 = DRM_FORMAT_YUV420,     // Y plane, U plane, V plane, chroma at half width and height (V4L2 'YU12', I420)
    Yvu420 = DRM_FORMAT_YVU420,     // Y plane, V plane, U plane (V4L2 'YV12')
    Yuyv = DRM_FORMAT_YUYV,         // packed Y0 U Y1 V (V4L2 'YUYV')
    Uyvy = DRM_FORMAT_UYVY,         // packed U Y0 V Y1 (V4L2 'UYVY')
    Yvyu = DRM_FORMAT_YVYU,         // packed Y0 V Y1 U (V4L2 'YVYU')
    Grey = DRM_FORMAT_R8,           // one luma byte per pixel (V4L2 'GREY'), range as for YUV
    Bgr24 = DRM_FORMAT_RGB888,      // bytes B,G,R   (V4L2 'BGR3', libyuv "RGB24")
    Rgb24 = DRM_FORMAT_BGR888,      // bytes R,G,B   (V4L2 'RGB3', libyuv "RAW", model input)
    Xrgb8888 = DRM_FORMAT_XRGB8888, // bytes B,G,R,X (libyuv "ARGB", QImage::Format_RGB32; V4L2 'XR24', 'AR24')
    Xbgr8888 = DRM_FORMAT_XBGR8888, // bytes R,G,B,X (libyuv "ABGR"; V4L2 'XB24', 'AB24')
};

// How many planes the format stores (NV formats: 2; YUV420/YVU420: 3; packed formats: 1).
int planeCount(PixelFormat format);
// Bytes per pixel of plane 0 for packed formats; 1 for the Y plane of planar formats.
int bytesPerPixel(PixelFormat format);
// Height of a plane in rows for a frame of the given height.
int planeHeight(PixelFormat format, int plane, int frameHeight);
// Minimum bytes per row of a plane for a frame of the given width.
int minimumStride(PixelFormat format, int plane, int frameWidth);
// "NV12", "XRGB8888", ... for logs and the status bar.
std::string_view formatName(PixelFormat format);
// Formats with chroma (NV*, YUV420/YVU420, the packed 4:2:2 ones). Not Grey: it has
// luma only, though like YUV it is limited or full range.
bool isYuv(PixelFormat format);
// Whether the frame's YuvRange applies: the YUV formats and Grey.
bool hasYuvRange(PixelFormat format);

} // namespace camchat::capture
