#include "v4l2layout.h"

#include "capture/v4l2/v4l2discovery.h"
#include "capture/v4l2/v4l2formats.h"

#include <algorithm>
#include <memory>
#include <span>

namespace camchat::capture {

namespace {

// Which YUV matrix and range the driver says the frames use, as V4L2 defines the
// defaults of each colorspace; a driver that says nothing at all gets what HDMI sources
// and cameras normally send (BT.709 from 720p up, limited range).
void readColorimetry(std::uint32_t colorspace, std::uint32_t encoding, std::uint32_t quantization, int height,
                     V4l2Negotiated *result)
{
    if (encoding == V4L2_YCBCR_ENC_709 || encoding == V4L2_YCBCR_ENC_XV709)
        result->yuvMatrix = YuvMatrix::Bt709;
    else if (encoding == V4L2_YCBCR_ENC_601 || encoding == V4L2_YCBCR_ENC_XV601)
        result->yuvMatrix = YuvMatrix::Bt601;
    else if (colorspace == V4L2_COLORSPACE_DEFAULT || colorspace == V4L2_COLORSPACE_RAW)
        result->yuvMatrix = height >= 720 ? YuvMatrix::Bt709 : YuvMatrix::Bt601;
    else if (colorspace == V4L2_COLORSPACE_REC709 || colorspace == V4L2_COLORSPACE_DCI_P3
             || colorspace == V4L2_COLORSPACE_BT2020 || colorspace == V4L2_COLORSPACE_SMPTE240M)
        result->yuvMatrix = YuvMatrix::Bt709; // BT.2020 and SMPTE 240M: the nearest matrix camchat has
    else
        // The kernel's V4L2_MAP_YCBCR_ENC_DEFAULT: every other colorspace (sRGB, as
        // webcams and vivid report, SMPTE 170M, JPEG, opRGB, 470) means BT.601.
        result->yuvMatrix = YuvMatrix::Bt601;
    if (quantization == V4L2_QUANTIZATION_FULL_RANGE)
        result->yuvRange = YuvRange::Full;
    else if (quantization == V4L2_QUANTIZATION_DEFAULT && colorspace == V4L2_COLORSPACE_JPEG)
        result->yuvRange = YuvRange::Full;
    else
        result->yuvRange = YuvRange::Limited;
}

// A greyscale format is not Y'CbCr: V4L2's test pattern generator (vivid) sends GREY in
// full range when the quantization is left at its default, and v4l2-ctl reads it so.
YuvRange lumaOnlyRange(std::uint32_t fourcc, std::uint32_t quantization, YuvRange range)
{
    if (fourcc == V4L2_PIX_FMT_GREY && quantization == V4L2_QUANTIZATION_DEFAULT)
        return YuvRange::Full;
    return range;
}

} // namespace

V4l2Negotiated readFormat(const v4l2_format &format, bool multiPlanar)
{
    V4l2Negotiated result;
    result.multiPlanar = multiPlanar;
    if (multiPlanar) {
        const v4l2_pix_format_mplane &pix = format.fmt.pix_mp;
        result.fourcc = pix.pixelformat;
        result.width = static_cast<int>(pix.width);
        result.height = static_cast<int>(pix.height);
        result.bytesPerLine = static_cast<int>(pix.plane_fmt[0].bytesperline);
        readColorimetry(pix.colorspace, pix.ycbcr_enc, pix.quantization, result.height, &result);
        result.yuvRange = lumaOnlyRange(pix.pixelformat, pix.quantization, result.yuvRange);
    } else {
        const v4l2_pix_format &pix = format.fmt.pix;
        result.fourcc = pix.pixelformat;
        result.width = static_cast<int>(pix.width);
        result.height = static_cast<int>(pix.height);
        result.bytesPerLine = static_cast<int>(pix.bytesperline);
        readColorimetry(pix.colorspace, pix.ycbcr_enc, pix.quantization, result.height, &result);
        result.yuvRange = lumaOnlyRange(pix.pixelformat, pix.quantization, result.yuvRange);
    }
    return result;
}

RawLayout rawLayout(const V4l2Negotiated &format)
{
    RawLayout layout;
    layout.format = pixelFormatForFourcc(format.fourcc);
    const int stride = format.bytesPerLine > 0 ? format.bytesPerLine : minimumStride(layout.format, 0, format.width);
    layout.count = planeCount(layout.format);
    layout.planes[0] = FramePlane{0, stride};
    const std::size_t lumaBytes = static_cast<std::size_t>(stride) * static_cast<std::size_t>(format.height);
    if (layout.count == 2) {
        // One memory plane: the chroma starts at bytesperline x height.
        layout.planes[1] = FramePlane{lumaBytes, layout.format == PixelFormat::Nv24 ? stride * 2 : stride};
    } else if (layout.count == 3) {
        // YU12/YV12 in one memory plane: the two chroma planes follow the luma, each with
        // half the luma's bytesperline and half its rows.
        const int chromaStride = stride / 2;
        const std::size_t chromaBytes = static_cast<std::size_t>(chromaStride)
                * static_cast<std::size_t>(planeHeight(layout.format, 1, format.height));
        layout.planes[1] = FramePlane{lumaBytes, chromaStride};
        layout.planes[2] = FramePlane{lumaBytes + chromaBytes, chromaStride};
    }
    for (int p = 0; p < layout.count; ++p) {
        const FramePlane &plane = layout.planes[static_cast<std::size_t>(p)];
        layout.needed = std::max(layout.needed,
                                 plane.offset
                                         + static_cast<std::size_t>(plane.stride)
                                                 * static_cast<std::size_t>(planeHeight(layout.format, p, format.height)));
    }
    return layout;
}

QString layoutProblem(const V4l2Negotiated &format, const RawLayout &layout, const void *address, std::size_t length)
{
    // Not owning: only whether the layout fits is asked.
    const std::shared_ptr<const std::byte> probe(std::shared_ptr<const std::byte>(),
                                                 static_cast<const std::byte *>(address));
    if (Frame::wrap(layout.format, format.width, format.height,
                    std::span<const FramePlane>(layout.planes.data(), static_cast<std::size_t>(layout.count)), probe,
                    length)
                .isValid())
        return {};
    // What a buffer needs with rows at least as long as the picture's.
    const int minimumRow = minimumStride(layout.format, 0, format.width);
    V4l2Negotiated widened = format;
    widened.bytesPerLine = std::max(layout.planes[0].stride, minimumRow);
    return QStringLiteral("the driver's layout cannot hold %1 %2x%3: bytesperline %4 (at least %5 needed), "
                          "buffer %6 bytes (%7 needed)")
        .arg(fourccName(format.fourcc))
        .arg(format.width)
        .arg(format.height)
        .arg(layout.planes[0].stride)
        .arg(minimumRow)
        .arg(length)
        .arg(rawLayout(widened).needed);
}

} // namespace camchat::capture
