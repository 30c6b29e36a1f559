#include "jpegcodec.h"

#include "frameconvert.h"

#include <libyuv/planar_functions.h>
#include <turbojpeg.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <new>
#include <vector>

namespace camchat::capture {

namespace {

// libjpeg's JWRN_JPEG_EOF text: the data stopped before the image did.
constexpr char kPrematureEnd[] = "Premature end of JPEG file";

QString tjMessage(void *handle)
{
    return QString::fromLocal8Bit(tjGetErrorStr2(handle));
}

bool endsWithEoi(std::span<const std::uint8_t> data)
{
    // Some writers pad the file after EOI; zero bytes there are harmless.
    std::size_t end = data.size();
    while (end > 0 && data[end - 1] == 0)
        --end;
    return end >= 2 && data[end - 2] == 0xFF && data[end - 1] == 0xD9;
}

std::uint8_t clampByte(double value)
{
    return static_cast<std::uint8_t>(std::clamp(std::lround(value), 0L, 255L));
}

// RGB <-> (Y, Pb, Pr) with Y in [0,1] and Pb, Pr in [-0.5, 0.5].
struct LumaWeights {
    double kr;
    double kb;
};
constexpr LumaWeights kBt601{0.299, 0.114};
constexpr LumaWeights kBt709{0.2126, 0.0722};

using Matrix3 = std::array<std::array<double, 3>, 3>;

// The matrix taking (Y, Pb, Pr) encoded with `from` to (Y, Pb, Pr) encoded with `to`.
Matrix3 yuvToYuv(LumaWeights from, LumaWeights to)
{
    Matrix3 m{};
    for (int column = 0; column < 3; ++column) {
        std::array<double, 3> ypp{};
        ypp[static_cast<std::size_t>(column)] = 1.0;
        const double r = ypp[0] + 2.0 * (1.0 - from.kr) * ypp[2];
        const double b = ypp[0] + 2.0 * (1.0 - from.kb) * ypp[1];
        const double g = (ypp[0] - from.kr * r - from.kb * b) / (1.0 - from.kr - from.kb);
        const double y = to.kr * r + (1.0 - to.kr - to.kb) * g + to.kb * b;
        m[0][static_cast<std::size_t>(column)] = y;
        m[1][static_cast<std::size_t>(column)] = (b - y) / (2.0 * (1.0 - to.kb));
        m[2][static_cast<std::size_t>(column)] = (r - y) / (2.0 * (1.0 - to.kr));
    }
    return m;
}

struct YuvPlanes {
    std::array<const std::uint8_t *, 3> data{};
    std::array<int, 3> strides{};
    int chromaWidth = 0;
    int chromaHeight = 0;
    int subsampleX = 1;
    int subsampleY = 1;
    int tjSubsampling = TJSAMP_444;
};

// JFIF decoders read full-range BT.601 YCbCr. Camera frames are often limited range and
// HD sources BT.709, so remap the samples in place (Y on `y`, chroma on `u`/`v`), which
// keeps the planes as they are instead of going through RGB.
void normaliseToJfif(std::uint8_t *y, int yStride, int width, int height, std::uint8_t *u,
                     std::uint8_t *v, int cStride, const YuvPlanes &layout, YuvMatrix matrix,
                     YuvRange range)
{
    const bool limited = range == YuvRange::Limited;
    const double yOffset = limited ? 16.0 : 0.0;
    const double yScale = limited ? 219.0 : 255.0;
    const double cScale = limited ? 224.0 : 255.0;

    if (matrix == YuvMatrix::Bt601) {
        // Only the range differs: a lookup table per sample.
        std::array<std::uint8_t, 256> lutY{};
        std::array<std::uint8_t, 256> lutC{};
        for (int i = 0; i < 256; ++i) {
            lutY[static_cast<std::size_t>(i)] = clampByte((i - yOffset) * 255.0 / yScale);
            lutC[static_cast<std::size_t>(i)] = clampByte((i - 128.0) * 255.0 / cScale + 128.0);
        }
        for (int row = 0; row < height; ++row) {
            std::uint8_t *line = y + static_cast<std::ptrdiff_t>(row) * yStride;
            for (int x = 0; x < width; ++x)
                line[x] = lutY[line[x]];
        }
        for (int row = 0; row < layout.chromaHeight; ++row) {
            std::uint8_t *lineU = u + static_cast<std::ptrdiff_t>(row) * cStride;
            std::uint8_t *lineV = v + static_cast<std::ptrdiff_t>(row) * cStride;
            for (int x = 0; x < layout.chromaWidth; ++x) {
                lineU[x] = lutC[lineU[x]];
                lineV[x] = lutC[lineV[x]];
            }
        }
        return;
    }

    // BT.709: luma picks up a little of the chroma, so it is converted first, while the
    // chroma planes still hold the original samples (nearest chroma sample per pixel).
    const Matrix3 m = yuvToYuv(kBt709, kBt601);
    for (int row = 0; row < height; ++row) {
        std::uint8_t *line = y + static_cast<std::ptrdiff_t>(row) * yStride;
        const std::ptrdiff_t cRow = static_cast<std::ptrdiff_t>(row / layout.subsampleY) * cStride;
        for (int x = 0; x < width; ++x) {
            const int cx = x / layout.subsampleX;
            const double pb = (u[cRow + cx] - 128.0) / cScale;
            const double pr = (v[cRow + cx] - 128.0) / cScale;
            const double luma = (line[x] - yOffset) / yScale;
            line[x] = clampByte(255.0 * (m[0][0] * luma + m[0][1] * pb + m[0][2] * pr));
        }
    }
    for (int row = 0; row < layout.chromaHeight; ++row) {
        std::uint8_t *lineU = u + static_cast<std::ptrdiff_t>(row) * cStride;
        std::uint8_t *lineV = v + static_cast<std::ptrdiff_t>(row) * cStride;
        for (int x = 0; x < layout.chromaWidth; ++x) {
            const double pb = (lineU[x] - 128.0) / cScale;
            const double pr = (lineV[x] - 128.0) / cScale;
            lineU[x] = clampByte(128.0 + 255.0 * (m[1][1] * pb + m[1][2] * pr));
            lineV[x] = clampByte(128.0 + 255.0 * (m[2][1] * pb + m[2][2] * pr));
        }
    }
}

} // namespace

Frame fullResolutionFrame(const Frame &frame, ImageError *error)
{
    if (error)
        *error = {};
    const auto &jpeg = frame.encodedJpeg();
    if (!jpeg || frame.encodedSize() == QSize(frame.width(), frame.height()))
        return frame;
    JpegDecoder decoder;
    const auto *bytes = reinterpret_cast<const std::uint8_t *>(jpeg->constData());
    Frame full = decoder.decode(std::span(bytes, static_cast<std::size_t>(jpeg->size())), QSize(), error);
    if (!full.isValid())
        return {};
    full.setSequence(frame.sequence());
    full.setTimestampNs(frame.timestampNs());
    full.setSourceName(frame.sourceName());
    full.setEncodedJpeg(jpeg, frame.encodedSize());
    return full;
}

// ---------------------------------------------------------------------------------------

JpegDecoder::JpegDecoder()
    : m_handle(tjInitDecompress())
{
}

JpegDecoder::~JpegDecoder()
{
    if (m_handle)
        tjDestroy(m_handle);
}

ImageError JpegDecoder::lastError(std::span<const std::uint8_t> data) const
{
    const QString message = tjMessage(m_handle);
    const bool warning = tjGetErrorCode(m_handle) == TJERR_WARNING;
    ImageError error;
    error.detail = QStringLiteral("TurboJPEG %1: %2")
                       .arg(warning ? QStringLiteral("warning") : QStringLiteral("error"), message);
    // libjpeg reports running out of data as a warning and pads the image with grey;
    // a header cut short shows up as "no image" instead, hence the EOI check.
    if (message.contains(QLatin1String(kPrematureEnd)) || !endsWithEoi(data))
        error.code = ImageErrorCode::Truncated;
    else
        error.code = ImageErrorCode::Corrupt;
    return error;
}

ImageError JpegDecoder::readHeader(std::span<const std::uint8_t> data, JpegHeader *header)
{
    if (!m_handle)
        return {ImageErrorCode::OutOfMemory, QStringLiteral("tjInitDecompress: ") + tjMessage(nullptr)};
    if (data.empty())
        return {ImageErrorCode::EmptyFile, QStringLiteral("no JPEG data")};
    int width = 0;
    int height = 0;
    int subsampling = -1;
    int colorspace = -1;
    if (tjDecompressHeader3(m_handle, data.data(), static_cast<unsigned long>(data.size()), &width,
                            &height, &subsampling, &colorspace)
        != 0)
        return lastError(data);
    if (width <= 0 || height <= 0) {
        // libjpeg takes data that ends (or hits EOI) before any frame header for a
        // "tables-only" stream and reports success without a size.
        return {endsWithEoi(data) ? ImageErrorCode::Corrupt : ImageErrorCode::Truncated,
                QStringLiteral("JPEG data ends before the frame header")};
    }
    header->width = width;
    header->height = height;
    header->subsampling = subsampling >= TJSAMP_444 && subsampling <= TJSAMP_411
        ? static_cast<JpegSubsampling>(subsampling)
        : JpegSubsampling::Unknown;
    header->colorspace = colorspace >= TJCS_RGB && colorspace <= TJCS_YCCK
        ? static_cast<JpegColorspace>(colorspace)
        : JpegColorspace::Unknown;
    return {};
}

QSize JpegDecoder::scaledSize(QSize storedSize, QSize minimumSize)
{
    if (storedSize.isEmpty() || (minimumSize.width() <= 0 && minimumSize.height() <= 0))
        return storedSize;
    const int minWidth = std::max(minimumSize.width(), 1);
    const int minHeight = std::max(minimumSize.height(), 1);
    int count = 0;
    const tjscalingfactor *factors = tjGetScalingFactors(&count);
    QSize best = storedSize;
    for (int i = 0; factors && i < count; ++i) {
        const tjscalingfactor f = factors[i];
        if (f.num <= 0 || f.denom <= 0 || f.num >= f.denom)
            continue; // only reductions
        const int w = TJSCALED(storedSize.width(), f);
        const int h = TJSCALED(storedSize.height(), f);
        if (w >= minWidth && h >= minHeight
            && static_cast<std::int64_t>(w) * h < static_cast<std::int64_t>(best.width()) * best.height())
            best = QSize(w, h);
    }
    return best;
}

Frame JpegDecoder::decode(std::span<const std::uint8_t> data, QSize minimumSize, ImageError *error)
{
    ImageError ignored;
    ImageError &err = error ? *error : ignored;
    err = {};
    JpegHeader header;
    if ((err = readHeader(data, &header)))
        return {};
    if (header.colorspace == JpegColorspace::Cmyk || header.colorspace == JpegColorspace::Ycck) {
        err = {ImageErrorCode::UnsupportedFormat, QStringLiteral("CMYK/YCCK JPEG")};
        return {};
    }
    const QSize size = scaledSize(QSize(header.width, header.height), minimumSize);
    const int stride = size.width() * 4;
    const std::size_t bytes = static_cast<std::size_t>(stride) * static_cast<std::size_t>(size.height());
    // Not zeroed: every byte is written by the decoder, and a failed decode is discarded.
    std::shared_ptr<std::byte[]> storage(new (std::nothrow) std::byte[bytes]);
    if (!storage) {
        err = {ImageErrorCode::OutOfMemory,
               QStringLiteral("cannot allocate %1 bytes for %2x%3").arg(bytes).arg(size.width()).arg(size.height())};
        return {};
    }
    // STOPONWARNING: corrupt or missing data is an error, not a grey-padded image.
    // LIMITSCANS: refuse progressive files with absurd scan counts (decoder DoS).
    const int flags = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS;
    if (tjDecompress2(m_handle, data.data(), static_cast<unsigned long>(data.size()),
                      reinterpret_cast<unsigned char *>(storage.get()), size.width(), stride,
                      size.height(), TJPF_BGRX, flags)
        != 0) {
        err = lastError(data);
        return {};
    }
    const FramePlane plane{0, stride};
    return Frame::wrap(PixelFormat::Xrgb8888, size.width(), size.height(), std::span(&plane, 1),
                       std::shared_ptr<const std::byte>(storage, storage.get()), bytes);
}

// ---------------------------------------------------------------------------------------

JpegEncoder::JpegEncoder()
    : m_handle(tjInitCompress())
{
}

JpegEncoder::~JpegEncoder()
{
    if (m_handle)
        tjDestroy(m_handle);
}

JpegEncodeResult JpegEncoder::encode(const Frame &frame, const JpegEncodeOptions &options)
{
    if (!m_handle)
        return {{}, QStringLiteral("tjInitCompress: ") + tjMessage(nullptr)};
    if (!frame.isValid())
        return {{}, QStringLiteral("invalid frame")};
    if (isYuv(frame.format()))
        return encodeYuv(frame, options);
    if (frame.format() == PixelFormat::Grey) {
        // Luma only, limited or full range: the RGB path applies the range.
        const Frame rgb = convertFrame(frame, PixelFormat::Rgb24);
        if (!rgb.isValid())
            return {{}, QStringLiteral("cannot convert GREY to RGB")};
        return encodeRgb(rgb, options);
    }
    return encodeRgb(frame, options);
}

JpegEncodeResult JpegEncoder::takeOutput(int rc, unsigned char *buffer, unsigned long size)
{
    JpegEncodeResult result;
    if (rc != 0)
        result.error = QStringLiteral("TurboJPEG: ") + tjMessage(m_handle);
    else if (size > static_cast<unsigned long>(std::numeric_limits<qsizetype>::max()) || !buffer)
        result.error = QStringLiteral("TurboJPEG produced no output");
    else
        result.data = QByteArray(reinterpret_cast<const char *>(buffer), static_cast<qsizetype>(size));
    tjFree(buffer);
    return result;
}

JpegEncodeResult JpegEncoder::encodeRgb(const Frame &frame, const JpegEncodeOptions &options)
{
    int pixelFormat = 0;
    switch (frame.format()) {
    case PixelFormat::Xrgb8888: pixelFormat = TJPF_BGRX; break;
    case PixelFormat::Xbgr8888: pixelFormat = TJPF_RGBX; break;
    case PixelFormat::Bgr24: pixelFormat = TJPF_BGR; break;
    case PixelFormat::Rgb24: pixelFormat = TJPF_RGB; break;
    default:
        return {{}, QStringLiteral("cannot encode %1 as JPEG")
                        .arg(QLatin1String(formatName(frame.format())))};
    }
    const int subsampling = options.subsampling == JpegSubsampling::Unknown
        ? TJSAMP_420
        : static_cast<int>(options.subsampling);
    unsigned char *buffer = nullptr;
    unsigned long size = 0;
    const int rc = tjCompress2(m_handle, frame.constBits(0), frame.width(), frame.stride(0),
                               frame.height(), pixelFormat, &buffer, &size, subsampling,
                               std::clamp(options.quality, 1, 100),
                               options.progressive ? TJFLAG_PROGRESSIVE : 0);
    return takeOutput(rc, buffer, size);
}

JpegEncodeResult JpegEncoder::encodeYuv(const Frame &frame, const JpegEncodeOptions &options)
{
    const int width = frame.width();
    const int height = frame.height();
    YuvPlanes layout;
    switch (frame.format()) {
    case PixelFormat::Nv12:
    case PixelFormat::Nv21:
    case PixelFormat::Yuv420:
    case PixelFormat::Yvu420:
        layout.tjSubsampling = TJSAMP_420;
        layout.subsampleX = 2;
        layout.subsampleY = 2;
        break;
    case PixelFormat::Nv16:
    case PixelFormat::Yuyv:
    case PixelFormat::Uyvy:
    case PixelFormat::Yvyu:
        layout.tjSubsampling = TJSAMP_422;
        layout.subsampleX = 2;
        break;
    case PixelFormat::Nv24:
        layout.tjSubsampling = TJSAMP_444;
        break;
    default:
        return {{}, QStringLiteral("unexpected YUV format")};
    }
    layout.chromaWidth = (width + layout.subsampleX - 1) / layout.subsampleX;
    layout.chromaHeight = (height + layout.subsampleY - 1) / layout.subsampleY;

    const bool normalise = frame.yuvMatrix() != YuvMatrix::Bt601 || frame.yuvRange() != YuvRange::Full;
    const bool packed = frame.format() == PixelFormat::Yuyv || frame.format() == PixelFormat::Uyvy
        || frame.format() == PixelFormat::Yvyu;
    const bool ownLuma = normalise || packed;
    const std::size_t lumaBytes = ownLuma ? static_cast<std::size_t>(width) * static_cast<std::size_t>(height) : 0;
    const std::size_t chromaBytes =
        static_cast<std::size_t>(layout.chromaWidth) * static_cast<std::size_t>(layout.chromaHeight);
    std::unique_ptr<std::uint8_t[]> scratch(new (std::nothrow) std::uint8_t[lumaBytes + 2 * chromaBytes]);
    if (!scratch)
        return {{}, QStringLiteral("out of memory")};
    std::uint8_t *u = scratch.get() + lumaBytes;
    std::uint8_t *v = u + chromaBytes;
    std::uint8_t *y = ownLuma ? scratch.get() : nullptr;
    const int cStride = layout.chromaWidth;

    if (packed) {
        // YVYU is YUYV with U and V swapped.
        const bool swapped = frame.format() == PixelFormat::Yvyu;
        const int rc = frame.format() == PixelFormat::Uyvy
            ? libyuv::UYVYToI422(frame.constBits(0), frame.stride(0), y, width, u, cStride, v, cStride, width, height)
            : libyuv::YUY2ToI422(frame.constBits(0), frame.stride(0), y, width, swapped ? v : u, cStride,
                                 swapped ? u : v, cStride, width, height);
        if (rc != 0)
            return {{}, QStringLiteral("unpacking 4:2:2 failed")};
    } else {
        if (frame.format() == PixelFormat::Yuv420 || frame.format() == PixelFormat::Yvu420) {
            const int up = frame.format() == PixelFormat::Yvu420 ? 2 : 1;
            libyuv::CopyPlane(frame.constBits(up), frame.stride(up), u, cStride, layout.chromaWidth,
                              layout.chromaHeight);
            libyuv::CopyPlane(frame.constBits(3 - up), frame.stride(3 - up), v, cStride, layout.chromaWidth,
                              layout.chromaHeight);
        } else {
            const bool vu = frame.format() == PixelFormat::Nv21;
            libyuv::SplitUVPlane(frame.constBits(1), frame.stride(1), vu ? v : u, cStride, vu ? u : v, cStride,
                                 layout.chromaWidth, layout.chromaHeight);
        }
        if (ownLuma)
            libyuv::CopyPlane(frame.constBits(0), frame.stride(0), y, width, width, height);
    }

    if (normalise)
        normaliseToJfif(y, width, width, height, u, v, cStride, layout, frame.yuvMatrix(), frame.yuvRange());

    layout.data = {ownLuma ? y : frame.constBits(0), u, v};
    layout.strides = {ownLuma ? width : frame.stride(0), cStride, cStride};
    unsigned char *buffer = nullptr;
    unsigned long size = 0;
    const unsigned char *planes[3] = {layout.data[0], layout.data[1], layout.data[2]};
    const int rc = tjCompressFromYUVPlanes(m_handle, planes, width, layout.strides.data(), height,
                                           layout.tjSubsampling, &buffer, &size,
                                           std::clamp(options.quality, 1, 100),
                                           options.progressive ? TJFLAG_PROGRESSIVE : 0);
    return takeOutput(rc, buffer, size);
}

} // namespace camchat::capture
