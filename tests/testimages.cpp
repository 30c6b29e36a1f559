#include "testimages.h"

#include <QBuffer>
#include <QFile>
#include <QImageWriter>
#include <QTemporaryDir>

#include <turbojpeg.h>

#include <array>
#include <cstring>
#include <cstdlib>
#include <vector>

namespace camchat::testimages {

using capture::Frame;
using capture::PixelFormat;

namespace {

void appendBe16(QByteArray &out, std::uint32_t value)
{
    out.append(static_cast<char>((value >> 8) & 0xFF));
    out.append(static_cast<char>(value & 0xFF));
}

void appendBe32(QByteArray &out, std::uint32_t value)
{
    appendBe16(out, value >> 16);
    appendBe16(out, value & 0xFFFF);
}

void append16(QByteArray &out, std::uint32_t value, bool bigEndian)
{
    if (bigEndian) {
        appendBe16(out, value);
    } else {
        out.append(static_cast<char>(value & 0xFF));
        out.append(static_cast<char>((value >> 8) & 0xFF));
    }
}

void append32(QByteArray &out, std::uint32_t value, bool bigEndian)
{
    if (bigEndian) {
        appendBe32(out, value);
    } else {
        append16(out, value & 0xFFFF, false);
        append16(out, value >> 16, false);
    }
}

void appendPngChunk(QByteArray &out, const char type[4], const QByteArray &payload)
{
    appendBe32(out, static_cast<std::uint32_t>(payload.size()));
    QByteArray typed(type, 4);
    typed.append(payload);
    out.append(typed);
    appendBe32(out, crc32(typed));
}

} // namespace

QRgb patternColor(int x, int y, int width, int height)
{
    const int r = width > 1 ? x * 255 / (width - 1) : 128;
    const int g = height > 1 ? y * 255 / (height - 1) : 128;
    const int quadrant = (x >= width / 2 ? 1 : 0) + (y >= height / 2 ? 2 : 0);
    return qRgb(r, g, 40 + 60 * quadrant);
}

Frame patternFrame(int width, int height, int strideAlign)
{
    Frame frame = Frame::allocate(PixelFormat::Xrgb8888, width, height, strideAlign);
    for (int y = 0; y < height; ++y) {
        std::uint8_t *line = frame.bits(0) + static_cast<std::ptrdiff_t>(y) * frame.stride(0);
        for (int x = 0; x < width; ++x) {
            const QRgb c = patternColor(x, y, width, height);
            line[4 * x + 0] = static_cast<std::uint8_t>(qBlue(c));
            line[4 * x + 1] = static_cast<std::uint8_t>(qGreen(c));
            line[4 * x + 2] = static_cast<std::uint8_t>(qRed(c));
            line[4 * x + 3] = 0xFF;
        }
    }
    return frame;
}

Frame solidFrame(int width, int height, QRgb color)
{
    Frame frame = Frame::allocate(PixelFormat::Xrgb8888, width, height);
    for (int y = 0; y < height; ++y) {
        std::uint8_t *line = frame.bits(0) + static_cast<std::ptrdiff_t>(y) * frame.stride(0);
        for (int x = 0; x < width; ++x) {
            line[4 * x + 0] = static_cast<std::uint8_t>(qBlue(color));
            line[4 * x + 1] = static_cast<std::uint8_t>(qGreen(color));
            line[4 * x + 2] = static_cast<std::uint8_t>(qRed(color));
            line[4 * x + 3] = 0xFF;
        }
    }
    return frame;
}

QRgb pixelAt(const Frame &xrgb, int x, int y)
{
    if (xrgb.format() != PixelFormat::Xrgb8888 || x < 0 || y < 0 || x >= xrgb.width() || y >= xrgb.height())
        return 0;
    const std::uint8_t *p = xrgb.constBits(0) + static_cast<std::ptrdiff_t>(y) * xrgb.stride(0) + 4 * x;
    return qRgb(p[2], p[1], p[0]);
}

int colorDistance(QRgb a, QRgb b)
{
    return std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                     std::abs(qBlue(a) - qBlue(b))});
}

QImage toImage(const Frame &xrgb)
{
    if (xrgb.format() != PixelFormat::Xrgb8888 || !xrgb.isValid())
        return {};
    QImage image(xrgb.width(), xrgb.height(), QImage::Format_RGB32);
    for (int y = 0; y < xrgb.height(); ++y) {
        const std::uint8_t *src = xrgb.constBits(0) + static_cast<std::ptrdiff_t>(y) * xrgb.stride(0);
        auto *dst = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < xrgb.width(); ++x)
            dst[x] = qRgb(src[4 * x + 2], src[4 * x + 1], src[4 * x]);
    }
    return image;
}

QByteArray encodeJpeg(const Frame &frame, const JpegOptions &options)
{
    int pixelFormat = 0;
    switch (frame.format()) {
    case PixelFormat::Xrgb8888: pixelFormat = TJPF_BGRX; break;
    case PixelFormat::Bgr24: pixelFormat = TJPF_BGR; break;
    case PixelFormat::Rgb24: pixelFormat = TJPF_RGB; break;
    default: return {};
    }
    int subsampling = TJSAMP_444;
    switch (options.subsampling) {
    case Subsampling::S444: subsampling = TJSAMP_444; break;
    case Subsampling::S422: subsampling = TJSAMP_422; break;
    case Subsampling::S420: subsampling = TJSAMP_420; break;
    case Subsampling::Gray: subsampling = TJSAMP_GRAY; break;
    }
    tjhandle handle = tjInitCompress();
    if (!handle)
        return {};
    unsigned char *buffer = nullptr;
    unsigned long size = 0;
    const int rc = tjCompress2(handle, frame.constBits(0), frame.width(), frame.stride(0), frame.height(),
                               pixelFormat, &buffer, &size, subsampling, options.quality,
                               options.progressive ? TJFLAG_PROGRESSIVE : 0);
    QByteArray out;
    if (rc == 0)
        out = QByteArray(reinterpret_cast<const char *>(buffer), static_cast<qsizetype>(size));
    tjFree(buffer);
    tjDestroy(handle);
    return out;
}

QByteArray encodeCmykJpeg(int width, int height, std::uint8_t c, std::uint8_t m, std::uint8_t y, std::uint8_t k)
{
    std::vector<unsigned char> cmyk(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    for (std::size_t i = 0; i < cmyk.size(); i += 4) {
        cmyk[i] = c;
        cmyk[i + 1] = m;
        cmyk[i + 2] = y;
        cmyk[i + 3] = k;
    }
    tjhandle handle = tjInitCompress();
    if (!handle)
        return {};
    unsigned char *buffer = nullptr;
    unsigned long size = 0;
    QByteArray out;
    if (tjCompress2(handle, cmyk.data(), width, 0, height, TJPF_CMYK, &buffer, &size, TJSAMP_444, 95, 0) == 0)
        out = QByteArray(reinterpret_cast<const char *>(buffer), static_cast<qsizetype>(size));
    tjFree(buffer);
    tjDestroy(handle);
    return out;
}

QByteArray encodeWithQt(const Frame &xrgb, const char *format, int quality)
{
    const QImage image = toImage(xrgb);
    if (image.isNull())
        return {};
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (quality >= 0)
        writer.setQuality(quality);
    if (!writer.write(image))
        return {};
    return out;
}

QByteArray encodePng(const Frame &xrgb)
{
    return encodeWithQt(xrgb, "png");
}

QByteArray tiffWithOrientation(int orientation, bool bigEndian)
{
    QByteArray tiff;
    tiff.append(bigEndian ? "MM" : "II");
    append16(tiff, 42, bigEndian);
    append32(tiff, 8, bigEndian);  // IFD0 right after the header
    append16(tiff, 1, bigEndian);  // one entry
    append16(tiff, 0x0112, bigEndian);
    append16(tiff, 3, bigEndian);  // SHORT
    append32(tiff, 1, bigEndian);  // count
    append16(tiff, static_cast<std::uint32_t>(orientation), bigEndian);
    append16(tiff, 0, bigEndian);  // value field padding
    append32(tiff, 0, bigEndian);  // no next IFD
    return tiff;
}

QByteArray withExifPayload(const QByteArray &jpeg, const QByteArray &tiff)
{
    if (jpeg.size() < 2)
        return {};
    QByteArray segment;
    segment.append(static_cast<char>(0xFF));
    segment.append(static_cast<char>(0xE1));
    appendBe16(segment, static_cast<std::uint32_t>(2 + 6 + tiff.size()));
    segment.append("Exif", 4);
    segment.append('\0');
    segment.append('\0');
    segment.append(tiff);
    QByteArray out = jpeg;
    out.insert(2, segment);
    return out;
}

QByteArray withExifOrientation(const QByteArray &jpeg, int orientation, bool bigEndian)
{
    return withExifPayload(jpeg, tiffWithOrientation(orientation, bigEndian));
}

QByteArray pngWithHeaderSize(std::uint32_t width, std::uint32_t height)
{
    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    QByteArray ihdr;
    appendBe32(ihdr, width);
    appendBe32(ihdr, height);
    ihdr.append(static_cast<char>(8)); // bit depth
    ihdr.append(static_cast<char>(2)); // RGB
    ihdr.append(3, '\0');              // compression, filter, interlace
    appendPngChunk(png, "IHDR", ihdr);
    // A valid zlib stream of nothing: far too little data for the claimed size, which
    // only a decoder that gets this far would notice.
    appendPngChunk(png, "IDAT", QByteArray("\x78\x9c\x03\x00\x00\x00\x00\x01", 8));
    appendPngChunk(png, "IEND", {});
    return png;
}

QByteArray jpegWithHeaderSize(int width, int height)
{
    QByteArray jpeg = encodeJpeg(patternFrame(16, 16));
    qsizetype pos = 2;
    while (pos + 4 <= jpeg.size()) {
        if (static_cast<std::uint8_t>(jpeg[pos]) != 0xFF)
            return {};
        const auto marker = static_cast<std::uint8_t>(jpeg[pos + 1]);
        const int length = static_cast<std::uint8_t>(jpeg[pos + 2]) << 8 | static_cast<std::uint8_t>(jpeg[pos + 3]);
        if (marker >= 0xC0 && marker <= 0xC2) {
            // SOFn: length(2) precision(1) height(2) width(2)
            jpeg[pos + 5] = static_cast<char>((height >> 8) & 0xFF);
            jpeg[pos + 6] = static_cast<char>(height & 0xFF);
            jpeg[pos + 7] = static_cast<char>((width >> 8) & 0xFF);
            jpeg[pos + 8] = static_cast<char>(width & 0xFF);
            return jpeg;
        }
        pos += 2 + length;
    }
    return {};
}

QByteArray truncated(const QByteArray &data, qsizetype keep)
{
    return data.left(keep);
}

QByteArray corrupted(const QByteArray &data, qsizetype offset, qsizetype length)
{
    QByteArray out = data;
    for (qsizetype i = offset; i < offset + length && i < out.size(); ++i) {
        auto byte = static_cast<std::uint8_t>(out[i]);
        byte = static_cast<std::uint8_t>(byte ^ (0x5A + 13 * (i - offset)));
        if (byte == 0xFF)
            byte = 0xFE;
        out[i] = static_cast<char>(byte);
    }
    return out;
}

std::uint32_t crc32(QByteArrayView data)
{
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t crc = 0xFFFFFFFFu;
    for (const char ch : data)
        crc = table[(crc ^ static_cast<std::uint8_t>(ch)) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

QString writeTempFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return {};
    file.close();
    return file.error() == QFileDevice::NoError ? path : QString();
}

} // namespace camchat::testimages
