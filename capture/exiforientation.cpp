#include "exiforientation.h"

#include <libyuv/planar_functions.h>
#include <libyuv/rotate_argb.h>

#include <cstring>

namespace camchat::capture {

namespace {

constexpr std::uint16_t kOrientationTag = 0x0112;
constexpr std::uint16_t kTiffShort = 3;
constexpr std::uint16_t kTiffLong = 4;

// Bounds-checked reads from an EXIF/TIFF byte range; every offset comes from the file.
class TiffReader
{
public:
    TiffReader(std::span<const std::uint8_t> data, bool bigEndian)
        : m_data(data), m_bigEndian(bigEndian)
    {
    }

    bool has(std::uint64_t offset, std::uint64_t length) const
    {
        return offset <= m_data.size() && length <= m_data.size() - offset;
    }
    std::uint16_t u16(std::size_t offset) const
    {
        const std::uint8_t a = m_data[offset];
        const std::uint8_t b = m_data[offset + 1];
        return m_bigEndian ? static_cast<std::uint16_t>(a << 8 | b) : static_cast<std::uint16_t>(b << 8 | a);
    }
    std::uint32_t u32(std::size_t offset) const
    {
        const std::uint32_t hi = u16(offset);
        const std::uint32_t lo = u16(offset + 2);
        return m_bigEndian ? (hi << 16 | lo) : (lo << 16 | hi);
    }

private:
    std::span<const std::uint8_t> m_data;
    bool m_bigEndian;
};

bool isStandaloneMarker(std::uint8_t marker)
{
    // SOI, TEM and RSTn carry no length field.
    return marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);
}

Frame allocateLike(const Frame &src, int width, int height)
{
    Frame out = Frame::allocate(PixelFormat::Xrgb8888, width, height);
    out.setSequence(src.sequence());
    out.setTimestampNs(src.timestampNs());
    out.setSourceName(src.sourceName());
    return out;
}

} // namespace

int readTiffOrientation(std::span<const std::uint8_t> tiff)
{
    if (tiff.size() < 8)
        return 1;
    bool bigEndian = false;
    if (tiff[0] == 'I' && tiff[1] == 'I')
        bigEndian = false;
    else if (tiff[0] == 'M' && tiff[1] == 'M')
        bigEndian = true;
    else
        return 1;
    const TiffReader reader(tiff, bigEndian);
    if (reader.u16(2) != 42)
        return 1;
    const std::uint64_t ifd = reader.u32(4);
    if (!reader.has(ifd, 2))
        return 1;
    const std::uint16_t entries = reader.u16(static_cast<std::size_t>(ifd));
    for (std::uint32_t i = 0; i < entries; ++i) {
        const std::uint64_t entry = ifd + 2 + 12ULL * i;
        if (!reader.has(entry, 12))
            return 1;
        const std::size_t at = static_cast<std::size_t>(entry);
        if (reader.u16(at) != kOrientationTag)
            continue;
        const std::uint16_t type = reader.u16(at + 2);
        const std::uint32_t count = reader.u32(at + 4);
        if (count < 1)
            return 1;
        // A single SHORT sits left-aligned in the 4-byte value field; tolerate writers
        // that used LONG.
        std::uint32_t value = 0;
        if (type == kTiffShort)
            value = reader.u16(at + 8);
        else if (type == kTiffLong)
            value = reader.u32(at + 8);
        return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
    }
    return 1;
}

int readJpegExifOrientation(std::span<const std::uint8_t> jpeg)
{
    if (jpeg.size() < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        return 1;
    std::size_t pos = 2;
    while (pos < jpeg.size()) {
        if (jpeg[pos] != 0xFF)
            return 1; // not at a marker: the segment lengths are wrong
        while (pos < jpeg.size() && jpeg[pos] == 0xFF)
            ++pos; // fill bytes
        if (pos >= jpeg.size())
            return 1;
        const std::uint8_t marker = jpeg[pos++];
        if (isStandaloneMarker(marker))
            continue;
        if (marker == 0xD9 || marker == 0xDA)
            return 1; // EXIF comes before the image data; none found
        if (jpeg.size() - pos < 2)
            return 1;
        const std::size_t length = static_cast<std::size_t>(jpeg[pos]) << 8 | jpeg[pos + 1];
        if (length < 2 || length > jpeg.size() - pos)
            return 1;
        const std::span<const std::uint8_t> payload = jpeg.subspan(pos + 2, length - 2);
        // APP1 also carries XMP ("http://ns.adobe.com/xap/1.0/"); only "Exif\0" counts.
        static constexpr std::uint8_t kExif[] = {'E', 'x', 'i', 'f', 0};
        if (marker == 0xE1 && payload.size() >= 6 && std::memcmp(payload.data(), kExif, sizeof kExif) == 0)
            return readTiffOrientation(payload.subspan(6));
        pos += length;
    }
    return 1;
}

Frame applyExifOrientation(const Frame &xrgb, int orientation)
{
    if (!xrgb.isValid() || xrgb.format() != PixelFormat::Xrgb8888 || orientation <= 1 || orientation > 8)
        return xrgb;
    const int w = xrgb.width();
    const int h = xrgb.height();
    const std::uint8_t *src = xrgb.constBits(0);
    const int srcStride = xrgb.stride(0);

    const bool swap = orientationSwapsAxes(orientation);
    Frame out = allocateLike(xrgb, swap ? h : w, swap ? w : h);
    if (!out.isValid())
        return {};
    std::uint8_t *dst = out.bits(0);
    const int dstStride = out.stride(0);

    switch (orientation) {
    case 2:
        libyuv::ARGBMirror(src, srcStride, dst, dstStride, w, h);
        break;
    case 3:
        libyuv::ARGBRotate(src, srcStride, dst, dstStride, w, h, libyuv::kRotate180);
        break;
    case 4:
        // A negative height reads the source bottom-up: a top-bottom mirror.
        libyuv::ARGBCopy(src, srcStride, dst, dstStride, w, -h);
        break;
    case 6:
        libyuv::ARGBRotate(src, srcStride, dst, dstStride, w, h, libyuv::kRotate90);
        break;
    case 8:
        libyuv::ARGBRotate(src, srcStride, dst, dstStride, w, h, libyuv::kRotate270);
        break;
    case 5:
    case 7: {
        // Transpose = rotate 90 clockwise, then mirror left-right;
        // transverse = rotate 90 counter-clockwise, then mirror left-right.
        Frame rotated = Frame::allocate(PixelFormat::Xrgb8888, h, w);
        if (!rotated.isValid())
            return {};
        libyuv::ARGBRotate(src, srcStride, rotated.bits(0), rotated.stride(0), w, h,
                           orientation == 5 ? libyuv::kRotate90 : libyuv::kRotate270);
        libyuv::ARGBMirror(rotated.constBits(0), rotated.stride(0), dst, dstStride, h, w);
        break;
    }
    default:
        break;
    }
    return out;
}

} // namespace camchat::capture
