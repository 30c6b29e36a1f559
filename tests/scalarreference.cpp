#include "scalarreference.h"

#include "capture/pixelformat.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

namespace camchat::testref {
namespace {

struct Coefficients {
    double kr;
    double kb;
};

Coefficients coefficients(YuvMatrix matrix)
{
    // ITU-R BT.601 and BT.709 luma coefficients.
    return matrix == YuvMatrix::Bt709 ? Coefficients{0.2126, 0.0722} : Coefficients{0.299, 0.114};
}

std::uint32_t hash(std::uint32_t x, std::uint32_t y, std::uint32_t seed)
{
    std::uint32_t h = x * 0x9E3779B1u ^ (y + 0x7F4A7C15u) * 0x85EBCA77u ^ seed * 0xC2B2AE3Du;
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    h *= 0x297A2D39u;
    h ^= h >> 15;
    return h;
}

std::uint8_t toByte(double v)
{
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

} // namespace

RgbImage makePattern(int width, int height, std::uint32_t seed)
{
    static constexpr std::array<std::array<std::uint8_t, 3>, 8> kPalette{{
        {0, 0, 0}, {255, 255, 255}, {255, 0, 0}, {0, 255, 0},
        {0, 0, 255}, {0, 255, 255}, {255, 0, 255}, {255, 255, 0},
    }};
    RgbImage image;
    image.width = width;
    image.height = height;
    image.rgb.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
    const double sx = width > 1 ? 255.0 / (width - 1) : 0.0;
    const double sy = height > 1 ? 255.0 / (height - 1) : 0.0;
    std::uint8_t *p = image.rgb.data();
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x, p += 3) {
            const std::uint32_t h = hash(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y), seed);
            // Block size scales a little with the image so large frames are not all noise.
            const int block = std::max(4, std::max(width, height) / 64);
            const int bx = x / block;
            const int by = y / block;
            if ((bx + 2 * by) % 5 == 0) {
                p[0] = static_cast<std::uint8_t>(h);
                p[1] = static_cast<std::uint8_t>(h >> 8);
                p[2] = static_cast<std::uint8_t>(h >> 16);
            } else if ((bx + by) % 7 == 3) {
                const auto &c = kPalette[static_cast<std::size_t>(bx + 3 * by + static_cast<int>(seed)) % kPalette.size()];
                std::memcpy(p, c.data(), 3);
            } else {
                p[0] = toByte(x * sx);
                p[1] = toByte(y * sy);
                p[2] = toByte(255.0 - 0.5 * (x * sx + y * sy));
            }
        }
    }
    return image;
}

Rgbf yuvToRgb(float y, float u, float v, YuvMatrix matrix, YuvRange range)
{
    const auto [kr, kb] = coefficients(matrix);
    const double kg = 1.0 - kr - kb;
    double luma;
    double cb;
    double cr;
    if (range == YuvRange::Limited) {
        luma = (y - 16.0) * 255.0 / 219.0;
        cb = (u - 128.0) * 255.0 / 224.0;
        cr = (v - 128.0) * 255.0 / 224.0;
    } else {
        luma = y;
        cb = u - 128.0;
        cr = v - 128.0;
    }
    const double r = luma + 2.0 * (1.0 - kr) * cr;
    const double b = luma + 2.0 * (1.0 - kb) * cb;
    const double g = (luma - kr * r - kb * b) / kg;
    auto clamp = [](double c) { return static_cast<float>(std::clamp(c, 0.0, 255.0)); };
    return {clamp(r), clamp(g), clamp(b)};
}

std::array<float, 3> rgbToYuv(float r, float g, float b, YuvMatrix matrix, YuvRange range)
{
    const auto [kr, kb] = coefficients(matrix);
    const double kg = 1.0 - kr - kb;
    const double luma = kr * r + kg * g + kb * b;
    const double cb = (b - luma) / (2.0 * (1.0 - kb));
    const double cr = (r - luma) / (2.0 * (1.0 - kr));
    if (range == YuvRange::Limited)
        return {static_cast<float>(16.0 + luma * 219.0 / 255.0), static_cast<float>(128.0 + cb * 224.0 / 255.0),
                static_cast<float>(128.0 + cr * 224.0 / 255.0)};
    return {static_cast<float>(luma), static_cast<float>(128.0 + cb), static_cast<float>(128.0 + cr)};
}

Frame makeFrame(const RgbImage &image, PixelFormat format, YuvMatrix matrix, YuvRange range,
                const FrameLayout &layout)
{
    const int w = image.width;
    const int h = image.height;
    const int planes = capture::planeCount(format);
    std::array<capture::FramePlane, Frame::kMaxPlanes> plane{};
    std::size_t size = layout.firstOffset;
    for (int i = 0; i < planes; ++i) {
        int stride = capture::minimumStride(format, i, w) + layout.extraStride;
        stride = (stride + layout.strideAlign - 1) / layout.strideAlign * layout.strideAlign;
        if (i > 0)
            size += layout.planeGap;
        plane[static_cast<std::size_t>(i)] = {size, stride};
        size += static_cast<std::size_t>(stride) * static_cast<std::size_t>(capture::planeHeight(format, i, h));
    }
    size += 11; // trailing junk after the last plane

    std::shared_ptr<std::byte[]> bytes(new std::byte[size]);
    auto *base = reinterpret_cast<std::uint8_t *>(bytes.get());
    for (std::size_t i = 0; i < size; ++i)
        base[i] = static_cast<std::uint8_t>(0xA5 ^ (i * 7));

    auto row = [&](int p, int y) {
        const auto &pl = plane[static_cast<std::size_t>(p)];
        return base + pl.offset + static_cast<std::size_t>(pl.stride) * static_cast<std::size_t>(y);
    };
    auto yuvAt = [&](int x, int y) {
        const auto c = image.at(x, y);
        return rgbToYuv(c[0], c[1], c[2], matrix, range);
    };
    // Mean U,V over the pixels [x0, x0+nx) x [y0, y0+ny) that exist.
    auto chroma = [&](int x0, int y0, int nx, int ny) {
        double u = 0;
        double v = 0;
        int count = 0;
        for (int y = y0; y < std::min(y0 + ny, h); ++y) {
            for (int x = x0; x < std::min(x0 + nx, w); ++x) {
                const auto yuv = yuvAt(x, y);
                u += yuv[1];
                v += yuv[2];
                ++count;
            }
        }
        return std::array<std::uint8_t, 2>{toByte(u / count), toByte(v / count)};
    };

    switch (format) {
    case PixelFormat::Nv12:
    case PixelFormat::Nv21:
    case PixelFormat::Nv16:
    case PixelFormat::Nv24: {
        const int cx = format == PixelFormat::Nv24 ? 1 : 2;
        const int cy = format == PixelFormat::Nv12 || format == PixelFormat::Nv21 ? 2 : 1;
        const int first = format == PixelFormat::Nv21 ? 1 : 0; // NV21 stores V first
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                row(0, y)[x] = toByte(yuvAt(x, y)[0]);
        for (int y = 0; y < capture::planeHeight(format, 1, h); ++y) {
            for (int x = 0; x < (w + cx - 1) / cx; ++x) {
                const auto uv = chroma(x * cx, y * cy, cx, cy);
                row(1, y)[2 * x] = uv[static_cast<std::size_t>(first)];
                row(1, y)[2 * x + 1] = uv[static_cast<std::size_t>(1 - first)];
            }
        }
        break;
    }
    case PixelFormat::Yuv420:
    case PixelFormat::Yvu420: {
        const int uPlane = format == PixelFormat::Yuv420 ? 1 : 2;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                row(0, y)[x] = toByte(yuvAt(x, y)[0]);
        for (int y = 0; y < (h + 1) / 2; ++y) {
            for (int x = 0; x < (w + 1) / 2; ++x) {
                const auto uv = chroma(x * 2, y * 2, 2, 2);
                row(uPlane, y)[x] = uv[0];
                row(3 - uPlane, y)[x] = uv[1];
            }
        }
        break;
    }
    case PixelFormat::Yuyv:
    case PixelFormat::Uyvy:
    case PixelFormat::Yvyu: {
        // Byte positions of Y0, U, Y1, V in a 4-byte group.
        const std::array<int, 4> at = format == PixelFormat::Yuyv ? std::array<int, 4>{0, 1, 2, 3}
                : format == PixelFormat::Uyvy                     ? std::array<int, 4>{1, 0, 3, 2}
                                                                  : std::array<int, 4>{0, 3, 2, 1};
        for (int y = 0; y < h; ++y) {
            for (int x = 0; x < w; x += 2) {
                std::uint8_t *p = row(0, y) + 2 * x;
                const auto uv = chroma(x, y, 2, 1);
                p[at[0]] = toByte(yuvAt(x, y)[0]);
                p[at[1]] = uv[0];
                // An odd width still stores a whole group; Y1 repeats Y0.
                p[at[2]] = toByte(yuvAt(std::min(x + 1, w - 1), y)[0]);
                p[at[3]] = uv[1];
            }
        }
        break;
    }
    case PixelFormat::Grey:
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                row(0, y)[x] = toByte(yuvAt(x, y)[0]);
        break;
    case PixelFormat::Bgr24:
    case PixelFormat::Rgb24:
    case PixelFormat::Xrgb8888:
    case PixelFormat::Xbgr8888:
        for (int y = 0; y < h; ++y) {
            for (int x = 0; x < w; ++x) {
                const auto c = image.at(x, y);
                if (format == PixelFormat::Rgb24 || format == PixelFormat::Xbgr8888) {
                    std::uint8_t *p = row(0, y) + (format == PixelFormat::Rgb24 ? 3 : 4) * x;
                    std::memcpy(p, c.data(), 3);
                    if (format == PixelFormat::Xbgr8888)
                        p[3] = static_cast<std::uint8_t>(x * 37 + y); // X is don't-care: junk
                } else {
                    std::uint8_t *p = row(0, y) + (format == PixelFormat::Bgr24 ? 3 : 4) * x;
                    p[0] = c[2];
                    p[1] = c[1];
                    p[2] = c[0];
                    if (format == PixelFormat::Xrgb8888)
                        p[3] = static_cast<std::uint8_t>(x * 37 + y); // X is don't-care: junk
                }
            }
        }
        break;
    case PixelFormat::Invalid:
        return {};
    }

    Frame frame = Frame::wrap(format, w, h, std::span(plane.data(), static_cast<std::size_t>(planes)),
                              std::shared_ptr<const std::byte>(bytes, bytes.get()), size);
    frame.setYuvEncoding(matrix, range);
    return frame;
}

void scrambleFrame(Frame &frame, std::uint32_t seed)
{
    for (int p = 0; p < frame.planeCount(); ++p) {
        const int rows = capture::planeHeight(frame.format(), p, frame.height());
        const int bytes = capture::minimumStride(frame.format(), p, frame.width());
        for (int y = 0; y < rows; ++y) {
            std::uint8_t *row = frame.bits(p) + static_cast<std::ptrdiff_t>(y) * frame.stride(p);
            for (int x = 0; x < bytes; ++x)
                row[x] = static_cast<std::uint8_t>(hash(static_cast<std::uint32_t>(x),
                                                        static_cast<std::uint32_t>(y * 3 + p), seed) >> 7);
        }
    }
}

Rgbf referencePixel(const Frame &frame, int x, int y)
{
    const auto row = [&](int p, int r) {
        return frame.constBits(p) + static_cast<std::ptrdiff_t>(r) * frame.stride(p);
    };
    const auto yuv = [&](std::uint8_t luma, std::uint8_t u, std::uint8_t v) {
        return yuvToRgb(luma, u, v, frame.yuvMatrix(), frame.yuvRange());
    };
    switch (frame.format()) {
    case PixelFormat::Nv12: {
        const std::uint8_t *uv = row(1, y / 2) + (x / 2) * 2;
        return yuv(row(0, y)[x], uv[0], uv[1]);
    }
    case PixelFormat::Nv21: {
        const std::uint8_t *vu = row(1, y / 2) + (x / 2) * 2;
        return yuv(row(0, y)[x], vu[1], vu[0]);
    }
    case PixelFormat::Yuv420:
        return yuv(row(0, y)[x], row(1, y / 2)[x / 2], row(2, y / 2)[x / 2]);
    case PixelFormat::Yvu420:
        return yuv(row(0, y)[x], row(2, y / 2)[x / 2], row(1, y / 2)[x / 2]);
    case PixelFormat::Uyvy: {
        const std::uint8_t *p = row(0, y) + (x / 2) * 4;
        return yuv(p[(x % 2) * 2 + 1], p[0], p[2]);
    }
    case PixelFormat::Yvyu: {
        const std::uint8_t *p = row(0, y) + (x / 2) * 4;
        return yuv(p[(x % 2) * 2], p[3], p[1]);
    }
    case PixelFormat::Grey:
        // Luma only: neutral chroma, so the matrix does not matter; the range does.
        return yuv(row(0, y)[x], 128, 128);
    case PixelFormat::Nv16: {
        const std::uint8_t *uv = row(1, y) + (x / 2) * 2;
        return yuv(row(0, y)[x], uv[0], uv[1]);
    }
    case PixelFormat::Nv24: {
        const std::uint8_t *uv = row(1, y) + x * 2;
        return yuv(row(0, y)[x], uv[0], uv[1]);
    }
    case PixelFormat::Yuyv: {
        const std::uint8_t *p = row(0, y) + (x / 2) * 4;
        return yuv(p[(x % 2) * 2], p[1], p[3]);
    }
    case PixelFormat::Bgr24:
    case PixelFormat::Rgb24:
    case PixelFormat::Xrgb8888:
    case PixelFormat::Xbgr8888: {
        const auto c = packedPixel(frame, x, y);
        return {static_cast<float>(c[0]), static_cast<float>(c[1]), static_cast<float>(c[2])};
    }
    case PixelFormat::Invalid:
        break;
    }
    return {};
}

std::array<std::uint8_t, 3> packedPixel(const Frame &frame, int x, int y)
{
    const std::uint8_t *row = frame.constBits(0) + static_cast<std::ptrdiff_t>(y) * frame.stride(0);
    switch (frame.format()) {
    case PixelFormat::Rgb24:
        return {row[3 * x], row[3 * x + 1], row[3 * x + 2]};
    case PixelFormat::Bgr24:
        return {row[3 * x + 2], row[3 * x + 1], row[3 * x]};
    case PixelFormat::Xrgb8888:
        return {row[4 * x + 2], row[4 * x + 1], row[4 * x]};
    case PixelFormat::Xbgr8888:
        return {row[4 * x], row[4 * x + 1], row[4 * x + 2]};
    default:
        return {};
    }
}

std::vector<Rgbf> resizeBilinear(const PixelSource &pixel, int srcWidth, int srcHeight, int outWidth,
                                 int outHeight)
{
    // Source coordinate of an output sample: half-pixel centres, clamped to the edge.
    struct Sample {
        int i0;
        int i1;
        double w;
    };
    const auto sample = [](int d, int srcSize, int outSize) {
        const double f = std::clamp((d + 0.5) * srcSize / outSize - 0.5, 0.0, srcSize - 1.0);
        const int i0 = static_cast<int>(std::floor(f));
        return Sample{i0, std::min(i0 + 1, srcSize - 1), f - i0};
    };
    std::vector<Rgbf> out(static_cast<std::size_t>(outWidth) * static_cast<std::size_t>(outHeight));
    for (int dy = 0; dy < outHeight; ++dy) {
        const Sample sy = sample(dy, srcHeight, outHeight);
        for (int dx = 0; dx < outWidth; ++dx) {
            const Sample sx = sample(dx, srcWidth, outWidth);
            const Rgbf p00 = pixel(sx.i0, sy.i0);
            const Rgbf p01 = pixel(sx.i1, sy.i0);
            const Rgbf p10 = pixel(sx.i0, sy.i1);
            const Rgbf p11 = pixel(sx.i1, sy.i1);
            Rgbf &o = out[static_cast<std::size_t>(dy) * static_cast<std::size_t>(outWidth)
                          + static_cast<std::size_t>(dx)];
            for (std::size_t c = 0; c < 3; ++c) {
                const double top = p00[c] * (1.0 - sx.w) + p01[c] * sx.w;
                const double bottom = p10[c] * (1.0 - sx.w) + p11[c] * sx.w;
                o[c] = static_cast<float>(top * (1.0 - sy.w) + bottom * sy.w);
            }
        }
    }
    return out;
}

capture::ModelInputSize fitReferenceSize(int width, int height, int maxWidth, int maxHeight)
{
    const double scaleX = static_cast<double>(maxWidth) / width;
    const double scaleY = static_cast<double>(maxHeight) / height;
    if (scaleX >= 1.0 && scaleY >= 1.0)
        return {width, height};
    // size * max / limit as one division of exact integers: a result that is exactly
    // k + 0.5 stays exact and rounds up, as the definition says.
    const auto scaled = [](int size, int max, int limit) {
        return std::max(1, static_cast<int>(std::floor(static_cast<double>(size) * max / limit + 0.5)));
    };
    if (scaleX <= scaleY)
        return {maxWidth, scaled(height, maxWidth, width)};
    return {scaled(width, maxHeight, height), maxHeight};
}

std::vector<Rgbf> modelInputReference(const PixelSource &pixel, int width, int height,
                                      const capture::ModelInputSpec &spec)
{
    if (spec.mode == capture::ResizeMode::Stretch)
        return resizeBilinear(pixel, width, height, spec.width, spec.height);
    if (spec.mode == capture::ResizeMode::Fit) {
        const capture::ModelInputSize size = fitReferenceSize(width, height, spec.width, spec.height);
        return resizeBilinear(pixel, width, height, size.width, size.height);
    }
    const int side = std::max(width, height);
    const int offsetX = (side - width) / 2;
    const int offsetY = (side - height) / 2;
    const Rgbf fill{static_cast<float>(spec.fill[0]), static_cast<float>(spec.fill[1]),
                    static_cast<float>(spec.fill[2])};
    const PixelSource canvas = [&](int x, int y) {
        const int ix = x - offsetX;
        const int iy = y - offsetY;
        if (ix < 0 || iy < 0 || ix >= width || iy >= height)
            return fill;
        return pixel(ix, iy);
    };
    return resizeBilinear(canvas, side, side, spec.width, spec.height);
}

QString Worst::describe() const
{
    return QStringLiteral("max diff %1 at (%2,%3) channel %4: expected %5, got %6")
        .arg(diff)
        .arg(x)
        .arg(y)
        .arg(channel)
        .arg(expected)
        .arg(actual);
}

Worst worstDifference(const Frame &out, const std::vector<Rgbf> &reference, int x0, int x1, int y0, int y1)
{
    x1 = x1 < 0 ? out.width() : x1;
    y1 = y1 < 0 ? out.height() : y1;
    Worst worst;
    for (int y = y0; y < y1; ++y) {
        for (int x = x0; x < x1; ++x) {
            const Rgbf &expected = reference[static_cast<std::size_t>(y) * static_cast<std::size_t>(out.width())
                                             + static_cast<std::size_t>(x)];
            const auto actual = packedPixel(out, x, y);
            for (std::size_t c = 0; c < 3; ++c) {
                const float d = std::abs(expected[c] - actual[c]);
                if (d > worst.diff)
                    worst = {d, x, y, static_cast<int>(c), expected[c], actual[c]};
            }
        }
    }
    return worst;
}

} // namespace camchat::testref
