#include "frameconvert.h"

#include <libyuv/convert_argb.h>
#include <libyuv/convert_from_argb.h>
#include <libyuv/planar_functions.h>
#include <libyuv/row.h>
#include <libyuv/scale.h>
#include <libyuv/scale_argb.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace camchat::capture {
namespace {

// libyuv names byte orders by the little-endian word, like DRM, but its names differ:
//   our Xrgb8888 = libyuv ARGB (B,G,R,X), our Bgr24 = libyuv RGB24 (B,G,R),
//   our Rgb24 = libyuv RAW (R,G,B).
// libyuv writes R,G,B byte order from YUV by swapping the U and V planes and using the
// mirrored "Yvu" constants, which is what its own *ToRAWMatrix macros do.
struct Matrices {
    const libyuv::YuvConstants *yuv = nullptr; // output B,G,R order
    const libyuv::YuvConstants *yvu = nullptr; // with U and V swapped: output R,G,B order
};

// libyuv's fixed-point YUV -> RGB coefficients: U/V terms scaled by 64, Y scale by
// 64 * 65536 / 257 (Y is widened to Y * 0x0101), Y bias with rounding.
struct Coefficients {
    int yg;
    int yb;
    int ub;
    int ug;
    int vg;
    int vr;
};

// Limited range from the textbook equations (Y 16..235 -> 0..255, C 16..240 -> about +-127).
// (libyuv's own tables also round the Y gain from 1.164 instead of 255/219.)
Coefficients limitedRangeCoefficients(YuvMatrix matrix)
{
    const double kr = matrix == YuvMatrix::Bt709 ? 0.2126 : 0.299;
    const double kb = matrix == YuvMatrix::Bt709 ? 0.0722 : 0.114;
    const double kg = 1.0 - kr - kb;
    const double ys = 255.0 / 219.0;
    const double cs = 255.0 / 224.0;
    auto q = [](double v) { return static_cast<int>(std::lround(v)); };
    return {q(ys * 64 * 65536 / 257), q(ys * 64 * -16 + 32),
            q(2 * (1 - kb) * cs * 64), q(2 * kb * (1 - kb) / kg * cs * 64),
            q(2 * kr * (1 - kr) / kg * cs * 64), q(2 * (1 - kr) * cs * 64)};
}

// The same memory layout libyuv's YUVCONSTANTSBODY macro produces (row.h declares the
// struct per architecture). Checked byte for byte against libyuv's own tables below.
libyuv::YuvConstants makeConstants(const Coefficients &c)
{
    libyuv::YuvConstants k{};
#if defined(__aarch64__) || defined(__arm__)
    k.kUVCoeff[0] = static_cast<std::uint8_t>(c.ub);
    k.kUVCoeff[1] = static_cast<std::uint8_t>(c.vr);
    k.kUVCoeff[2] = static_cast<std::uint8_t>(c.ug);
    k.kUVCoeff[3] = static_cast<std::uint8_t>(c.vg);
    k.kRGBCoeffBias[0] = static_cast<std::int16_t>(c.yg);
    k.kRGBCoeffBias[1] = static_cast<std::int16_t>(c.ub * 128 - c.yb);
    k.kRGBCoeffBias[2] = static_cast<std::int16_t>(c.ug * 128 + c.vg * 128 + c.yb);
    k.kRGBCoeffBias[3] = static_cast<std::int16_t>(c.vr * 128 - c.yb);
    k.kRGBCoeffBias[4] = static_cast<std::int16_t>(c.yb);
#else
    for (int i = 0; i < 32; i += 2) {
        k.kUVToB[i] = static_cast<std::uint8_t>(c.ub);
        k.kUVToG[i] = static_cast<std::uint8_t>(c.ug);
        k.kUVToG[i + 1] = static_cast<std::uint8_t>(c.vg);
        k.kUVToR[i + 1] = static_cast<std::uint8_t>(c.vr);
    }
    for (int i = 0; i < 16; ++i) {
        k.kYToRgb[i] = static_cast<std::int16_t>(c.yg);
        k.kYBiasToRgb[i] = static_cast<std::int16_t>(c.yb);
    }
#endif
    return k;
}

Coefficients mirrored(const Coefficients &c)
{
    return {c.yg, c.yb, c.vr, c.vg, c.ug, c.ub};
}

bool sameBytes(const libyuv::YuvConstants &a, const libyuv::YuvConstants &b)
{
    return std::memcmp(&a, &b, sizeof(libyuv::YuvConstants)) == 0;
}

// libyuv's SIMD code loads the tables with aligned moves.
struct alignas(64) AlignedConstants {
    libyuv::YuvConstants value{};
};

// Limited-range constants with the true U->B gain.
//
// Debian's libyuv is built without LIBYUV_UNLIMITED_DATA, so its limited-range tables
// clamp the U->B coefficient to 128 (2.0): BT.601 needs round(2.018 * 64) = 129 and
// BT.709 round(2.112 * 64) = 135. With the stock kYuvH709Constants saturated blues and
// yellows come out up to 14 levels wrong in B (BT.601: up to 3). The conversion row
// code itself handles the larger coefficient on x86 (pmaddubsw takes the coefficient
// unsigned) and on ARM (16-bit unsigned sums stay below 65536 for any coefficient up
// to 181), so we hand libyuv corrected tables -- but only after checking that our
// table layout reproduces libyuv's own tables exactly and that a probe conversion with
// the corrected tables is right; otherwise the stock tables are used.
class LimitedRangeConstants
{
public:
    LimitedRangeConstants()
    {
        const Coefficients c601 = limitedRangeCoefficients(YuvMatrix::Bt601);
        const Coefficients c709 = limitedRangeCoefficients(YuvMatrix::Bt709);
        m_yuv601.value = makeConstants(c601);
        m_yvu601.value = makeConstants(mirrored(c601));
        m_yuv709.value = makeConstants(c709);
        m_yvu709.value = makeConstants(mirrored(c709));
        m_ok = layoutMatchesLibyuv() && probe(YuvMatrix::Bt601) && probe(YuvMatrix::Bt709);
    }

    bool ok() const { return m_ok; }
    Matrices bt601() const { return {&m_yuv601.value, &m_yvu601.value}; }
    Matrices bt709() const { return {&m_yuv709.value, &m_yvu709.value}; }

private:
    static bool layoutMatchesLibyuv()
    {
        // The coefficients libyuv's own tables are built from (row_common.cc).
        const Coefficients i601{18997, -1160, 128, 25, 52, 102};
        const Coefficients jpeg{16320, 32, 113, 22, 46, 90};
        const Coefficients h709{18997, -1160, 128, 14, 34, 115};
        const Coefficients f709{16320, 32, 119, 12, 30, 101};
        return sameBytes(makeConstants(i601), libyuv::kYuvI601Constants)
            && sameBytes(makeConstants(mirrored(i601)), libyuv::kYvuI601Constants)
            && sameBytes(makeConstants(jpeg), libyuv::kYuvJPEGConstants)
            && sameBytes(makeConstants(mirrored(jpeg)), libyuv::kYvuJPEGConstants)
            && sameBytes(makeConstants(h709), libyuv::kYuvH709Constants)
            && sameBytes(makeConstants(mirrored(h709)), libyuv::kYvuH709Constants)
            && sameBytes(makeConstants(f709), libyuv::kYuvF709Constants)
            && sameBytes(makeConstants(mirrored(f709)), libyuv::kYvuF709Constants);
    }

    // Converts extreme Y/U/V combinations through both byte orders and compares with
    // the textbook equations (libyuv's 6-bit coefficients stay well within 3 levels).
    bool probe(YuvMatrix matrix) const
    {
        constexpr int kCount = 64; // long enough for the widest SIMD row functions
        static constexpr std::uint8_t kY[] = {16, 235, 0, 255, 128, 81, 41, 210};
        static constexpr std::uint8_t kC[] = {16, 240, 0, 255, 128, 90, 200, 54};
        std::uint8_t y[kCount];
        std::uint8_t u[kCount];
        std::uint8_t v[kCount];
        for (int i = 0; i < kCount; ++i) {
            y[i] = kY[i % 8];
            u[i] = kC[(i / 8) % 8];
            v[i] = kC[(i + i / 8) % 8];
        }
        const Matrices m = matrix == YuvMatrix::Bt709 ? bt709() : bt601();
        std::uint8_t bgra[kCount * 4];
        std::uint8_t rgb[kCount * 3];
        if (libyuv::I444ToARGBMatrix(y, kCount, u, kCount, v, kCount, bgra, kCount * 4, m.yuv, kCount, 1) != 0
            || libyuv::I444ToRGB24Matrix(y, kCount, v, kCount, u, kCount, rgb, kCount * 3, m.yvu, kCount, 1) != 0)
            return false;

        const double kr = matrix == YuvMatrix::Bt709 ? 0.2126 : 0.299;
        const double kb = matrix == YuvMatrix::Bt709 ? 0.0722 : 0.114;
        const double kg = 1.0 - kr - kb;
        for (int i = 0; i < kCount; ++i) {
            const double l = (y[i] - 16) * 255.0 / 219.0;
            const double cb = (u[i] - 128) * 255.0 / 224.0;
            const double cr = (v[i] - 128) * 255.0 / 224.0;
            const double r = l + 2 * (1 - kr) * cr;
            const double b = l + 2 * (1 - kb) * cb;
            const double g = (l - kr * r - kb * b) / kg;
            const double expected[3] = {r, g, b};
            const int fromBgra[3] = {bgra[4 * i + 2], bgra[4 * i + 1], bgra[4 * i]};
            const int fromRgb[3] = {rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]};
            for (int ch = 0; ch < 3; ++ch) {
                const double e = std::clamp(expected[ch], 0.0, 255.0);
                if (std::abs(fromBgra[ch] - e) > 3.0 || std::abs(fromRgb[ch] - e) > 3.0)
                    return false;
            }
        }
        return true;
    }

    AlignedConstants m_yuv601;
    AlignedConstants m_yvu601;
    AlignedConstants m_yuv709;
    AlignedConstants m_yvu709;
    bool m_ok = false;
};

Matrices matricesFor(const Frame &frame)
{
    const bool bt709 = frame.yuvMatrix() == YuvMatrix::Bt709;
    if (frame.yuvRange() == YuvRange::Full)
        return bt709 ? Matrices{&libyuv::kYuvF709Constants, &libyuv::kYvuF709Constants}
                     : Matrices{&libyuv::kYuvJPEGConstants, &libyuv::kYvuJPEGConstants};
    static const LimitedRangeConstants corrected; // thread-safe one-time set-up
    if (corrected.ok())
        return bt709 ? corrected.bt709() : corrected.bt601();
    return bt709 ? Matrices{&libyuv::kYuvH709Constants, &libyuv::kYvuH709Constants}
                 : Matrices{&libyuv::kYuvI601Constants, &libyuv::kYvuI601Constants};
}

bool isRgbTarget(PixelFormat format)
{
    return format == PixelFormat::Xrgb8888 || format == PixelFormat::Rgb24 || format == PixelFormat::Bgr24;
}

struct PlanarRows {
    const std::uint8_t *y;
    int strideY;
    const std::uint8_t *u;
    int strideU;
    const std::uint8_t *v;
    int strideV;
};

// How the chroma of planar rows is subsampled.
enum class Chroma { Half420, Half422, Full444 };

// Planar 4:2:0, 4:2:2 or 4:4:4 rows -> target. Going through the planar libyuv entry
// points (rather than e.g. YUY2ToARGB) is what lets every source honour the frame's matrix.
int planarToRgb(Chroma chroma, const PlanarRows &in, std::uint8_t *dst, int dstStride, PixelFormat target,
                const Matrices &m, int width, int rows)
{
    switch (target) {
    case PixelFormat::Xrgb8888:
        switch (chroma) {
        case Chroma::Full444:
            return libyuv::I444ToARGBMatrix(in.y, in.strideY, in.u, in.strideU, in.v, in.strideV, dst, dstStride,
                                            m.yuv, width, rows);
        case Chroma::Half422:
            return libyuv::I422ToARGBMatrix(in.y, in.strideY, in.u, in.strideU, in.v, in.strideV, dst, dstStride,
                                            m.yuv, width, rows);
        case Chroma::Half420:
            return libyuv::I420ToARGBMatrix(in.y, in.strideY, in.u, in.strideU, in.v, in.strideV, dst, dstStride,
                                            m.yuv, width, rows);
        }
        break;
    case PixelFormat::Bgr24:
    case PixelFormat::Rgb24: {
        // R,G,B byte order: U and V swapped with the mirrored constants.
        const bool raw = target == PixelFormat::Rgb24;
        const std::uint8_t *u = raw ? in.v : in.u;
        const int strideU = raw ? in.strideV : in.strideU;
        const std::uint8_t *v = raw ? in.u : in.v;
        const int strideV = raw ? in.strideU : in.strideV;
        const libyuv::YuvConstants *k = raw ? m.yvu : m.yuv;
        switch (chroma) {
        case Chroma::Full444:
            return libyuv::I444ToRGB24Matrix(in.y, in.strideY, u, strideU, v, strideV, dst, dstStride, k, width, rows);
        case Chroma::Half422:
            return libyuv::I422ToRGB24Matrix(in.y, in.strideY, u, strideU, v, strideV, dst, dstStride, k, width, rows);
        case Chroma::Half420:
            return libyuv::I420ToRGB24Matrix(in.y, in.strideY, u, strideU, v, strideV, dst, dstStride, k, width, rows);
        }
        break;
    }
    default:
        break;
    }
    return -1;
}

// Rows are converted in bands so the de-interleaved chroma stays in cache and the
// scratch memory stays small even for 4K frames.
constexpr int kBandRows = 32;

// NV12 and NV21 (4:2:0 with interleaved chroma): libyuv reads them directly.
bool convertNv12(const Frame &src, Frame &dst, PixelFormat target)
{
    const Matrices m = matricesFor(src);
    const std::uint8_t *y = src.constBits(0);
    const std::uint8_t *uv = src.constBits(1);
    std::uint8_t *out = dst.bits(0);
    const int w = src.width();
    const int h = src.height();
    const bool vu = src.format() == PixelFormat::Nv21;
    int rc = -1;
    switch (target) {
    case PixelFormat::Xrgb8888:
        rc = vu ? libyuv::NV21ToARGBMatrix(y, src.stride(0), uv, src.stride(1), out, dst.stride(0), m.yuv, w, h)
                : libyuv::NV12ToARGBMatrix(y, src.stride(0), uv, src.stride(1), out, dst.stride(0), m.yuv, w, h);
        break;
    case PixelFormat::Bgr24:
        rc = vu ? libyuv::NV21ToRGB24Matrix(y, src.stride(0), uv, src.stride(1), out, dst.stride(0), m.yuv, w, h)
                : libyuv::NV12ToRGB24Matrix(y, src.stride(0), uv, src.stride(1), out, dst.stride(0), m.yuv, w, h);
        break;
    case PixelFormat::Rgb24:
        // Read with U and V the other way round, the Yvu constants swap them back and
        // produce R,G,B byte order (libyuv's NV12ToRAWMatrix macro).
        rc = vu ? libyuv::NV12ToRGB24Matrix(y, src.stride(0), uv, src.stride(1), out, dst.stride(0), m.yvu, w, h)
                : libyuv::NV21ToRGB24Matrix(y, src.stride(0), uv, src.stride(1), out, dst.stride(0), m.yvu, w, h);
        break;
    default:
        break;
    }
    return rc == 0;
}

// YUV420 / YVU420: three planes, libyuv reads them directly.
bool convertI420(const Frame &src, Frame &dst, PixelFormat target)
{
    const bool yvu = src.format() == PixelFormat::Yvu420;
    const int u = yvu ? 2 : 1;
    const int v = yvu ? 1 : 2;
    const PlanarRows in{src.constBits(0), src.stride(0), src.constBits(u), src.stride(u), src.constBits(v), src.stride(v)};
    return planarToRgb(Chroma::Half420, in, dst.bits(0), dst.stride(0), target, matricesFor(src), src.width(),
                       src.height())
        == 0;
}

// NV16 (4:2:2) and NV24 (4:4:4): semi-planar chroma is split into U and V per band.
bool convertSemiPlanar(const Frame &src, Frame &dst, PixelFormat target, bool full444)
{
    const Matrices m = matricesFor(src);
    const int w = src.width();
    const int h = src.height();
    const int chromaWidth = full444 ? w : (w + 1) / 2;
    std::vector<std::uint8_t> u(static_cast<std::size_t>(chromaWidth) * kBandRows);
    std::vector<std::uint8_t> v(u.size());
    const std::uint8_t *y = src.constBits(0);
    const std::uint8_t *uv = src.constBits(1);
    std::uint8_t *out = dst.bits(0);
    for (int row = 0; row < h; row += kBandRows) {
        const int rows = std::min(kBandRows, h - row);
        libyuv::SplitUVPlane(uv + static_cast<std::ptrdiff_t>(row) * src.stride(1), src.stride(1),
                             u.data(), chromaWidth, v.data(), chromaWidth, chromaWidth, rows);
        const PlanarRows in{y + static_cast<std::ptrdiff_t>(row) * src.stride(0), src.stride(0),
                            u.data(), chromaWidth, v.data(), chromaWidth};
        if (planarToRgb(full444 ? Chroma::Full444 : Chroma::Half422, in,
                        out + static_cast<std::ptrdiff_t>(row) * dst.stride(0), dst.stride(0), target, m, w, rows)
            != 0)
            return false;
    }
    return true;
}

// Packed 4:2:2 (YUYV, UYVY, YVYU) rows -> I422 planes. YVYU is YUYV with U and V
// swapped, so it is unpacked as YUYV into swapped planes.
int unpack422(PixelFormat format, const std::uint8_t *packed, int stride, std::uint8_t *y, int strideY,
              std::uint8_t *u, int strideU, std::uint8_t *v, int strideV, int width, int rows)
{
    switch (format) {
    case PixelFormat::Yuyv:
        return libyuv::YUY2ToI422(packed, stride, y, strideY, u, strideU, v, strideV, width, rows);
    case PixelFormat::Yvyu:
        return libyuv::YUY2ToI422(packed, stride, y, strideY, v, strideV, u, strideU, width, rows);
    case PixelFormat::Uyvy:
        return libyuv::UYVYToI422(packed, stride, y, strideY, u, strideU, v, strideV, width, rows);
    default:
        return -1;
    }
}

bool convertPacked422(const Frame &src, Frame &dst, PixelFormat target)
{
    const Matrices m = matricesFor(src);
    const int w = src.width();
    const int h = src.height();
    const int chromaWidth = (w + 1) / 2;
    std::vector<std::uint8_t> y(static_cast<std::size_t>(w) * kBandRows);
    std::vector<std::uint8_t> u(static_cast<std::size_t>(chromaWidth) * kBandRows);
    std::vector<std::uint8_t> v(u.size());
    const std::uint8_t *packed = src.constBits(0);
    std::uint8_t *out = dst.bits(0);
    for (int row = 0; row < h; row += kBandRows) {
        const int rows = std::min(kBandRows, h - row);
        if (unpack422(src.format(), packed + static_cast<std::ptrdiff_t>(row) * src.stride(0), src.stride(0),
                      y.data(), w, u.data(), chromaWidth, v.data(), chromaWidth, w, rows)
            != 0)
            return false;
        const PlanarRows in{y.data(), w, u.data(), chromaWidth, v.data(), chromaWidth};
        if (planarToRgb(Chroma::Half422, in, out + static_cast<std::ptrdiff_t>(row) * dst.stride(0), dst.stride(0),
                        target, m, w, rows)
            != 0)
            return false;
    }
    return true;
}

// Luma only: libyuv's I400 conversion applies the frame's range (limited: Y 16..235
// stretched to 0..255; full: as is). The matrix does not matter without chroma.
bool convertGrey(const Frame &src, Frame &dst, PixelFormat target)
{
    const Matrices m = matricesFor(src);
    const int w = src.width();
    const int h = src.height();
    if (target == PixelFormat::Xrgb8888)
        return libyuv::I400ToARGBMatrix(src.constBits(0), src.stride(0), dst.bits(0), dst.stride(0), m.yuv, w, h) == 0;
    // Grey has R = G = B, so the byte order of the 3-byte targets does not matter.
    std::vector<std::uint8_t> band(static_cast<std::size_t>(w) * 4 * kBandRows);
    for (int row = 0; row < h; row += kBandRows) {
        const int rows = std::min(kBandRows, h - row);
        if (libyuv::I400ToARGBMatrix(src.constBits(0) + static_cast<std::ptrdiff_t>(row) * src.stride(0),
                                     src.stride(0), band.data(), w * 4, m.yuv, w, rows)
                != 0
            || libyuv::ARGBToRGB24(band.data(), w * 4, dst.bits(0) + static_cast<std::ptrdiff_t>(row) * dst.stride(0),
                                   dst.stride(0), w, rows)
                != 0)
            return false;
    }
    return true;
}

bool convertPacked(const Frame &src, Frame &dst, PixelFormat target)
{
    const std::uint8_t *in = src.constBits(0);
    const int inStride = src.stride(0);
    std::uint8_t *out = dst.bits(0);
    const int outStride = dst.stride(0);
    const int w = src.width();
    const int h = src.height();
    int rc = -1;
    switch (src.format()) {
    case PixelFormat::Bgr24: // libyuv RGB24
        if (target == PixelFormat::Xrgb8888)
            rc = libyuv::RGB24ToARGB(in, inStride, out, outStride, w, h);
        else if (target == PixelFormat::Rgb24)
            rc = libyuv::RGB24ToRAW(in, inStride, out, outStride, w, h);
        break;
    case PixelFormat::Rgb24: // libyuv RAW
        if (target == PixelFormat::Xrgb8888)
            rc = libyuv::RAWToARGB(in, inStride, out, outStride, w, h);
        else if (target == PixelFormat::Bgr24)
            rc = libyuv::RAWToRGB24(in, inStride, out, outStride, w, h);
        break;
    case PixelFormat::Xrgb8888: // libyuv ARGB
        if (target == PixelFormat::Rgb24)
            rc = libyuv::ARGBToRAW(in, inStride, out, outStride, w, h);
        else if (target == PixelFormat::Bgr24)
            rc = libyuv::ARGBToRGB24(in, inStride, out, outStride, w, h);
        break;
    case PixelFormat::Xbgr8888: // libyuv ABGR: R,G,B,X
        if (target == PixelFormat::Xrgb8888)
            rc = libyuv::ABGRToARGB(in, inStride, out, outStride, w, h);
        else if (target == PixelFormat::Rgb24) // drops the 4th byte, keeps R,G,B
            rc = libyuv::ARGBToRGB24(in, inStride, out, outStride, w, h);
        else if (target == PixelFormat::Bgr24) // drops the 4th byte, swaps to B,G,R
            rc = libyuv::ARGBToRAW(in, inStride, out, outStride, w, h);
        break;
    default:
        break;
    }
    return rc == 0;
}

void copyMetadata(const Frame &from, Frame &to)
{
    to.setSequence(from.sequence());
    to.setTimestampNs(from.timestampNs());
    to.setSourceName(from.sourceName());
}

} // namespace

Frame convertFrame(const Frame &src, PixelFormat target)
{
    if (!src.isValid() || !isRgbTarget(target))
        return {};
    if (src.format() == target)
        return src;

    Frame dst = Frame::allocate(target, src.width(), src.height());
    if (!dst.isValid())
        return {};

    bool ok = false;
    switch (src.format()) {
    case PixelFormat::Nv12:
    case PixelFormat::Nv21:
        ok = convertNv12(src, dst, target);
        break;
    case PixelFormat::Nv16:
        ok = convertSemiPlanar(src, dst, target, false);
        break;
    case PixelFormat::Nv24:
        ok = convertSemiPlanar(src, dst, target, true);
        break;
    case PixelFormat::Yuv420:
    case PixelFormat::Yvu420:
        ok = convertI420(src, dst, target);
        break;
    case PixelFormat::Yuyv:
    case PixelFormat::Uyvy:
    case PixelFormat::Yvyu:
        ok = convertPacked422(src, dst, target);
        break;
    case PixelFormat::Grey:
        ok = convertGrey(src, dst, target);
        break;
    case PixelFormat::Bgr24:
    case PixelFormat::Rgb24:
    case PixelFormat::Xrgb8888:
    case PixelFormat::Xbgr8888:
        ok = convertPacked(src, dst, target);
        break;
    case PixelFormat::Invalid:
        break;
    }
    if (!ok)
        return {};
    copyMetadata(src, dst);
    return dst;
}

Frame scaleFrame(const Frame &xrgb, int width, int height)
{
    if (!xrgb.isValid() || xrgb.format() != PixelFormat::Xrgb8888 || width <= 0 || height <= 0)
        return {};
    if (width == xrgb.width() && height == xrgb.height())
        return xrgb;

    Frame dst = Frame::allocate(PixelFormat::Xrgb8888, width, height);
    if (!dst.isValid())
        return {};
    // The box filter averages every source pixel when shrinking (no aliasing); when
    // enlarging in either direction it has nothing to average and bilinear is right.
    const bool shrinking = width <= xrgb.width() && height <= xrgb.height();
    const int rc = libyuv::ARGBScale(xrgb.constBits(0), xrgb.stride(0), xrgb.width(), xrgb.height(),
                                     dst.bits(0), dst.stride(0), width, height,
                                     shrinking ? libyuv::kFilterBox : libyuv::kFilterBilinear);
    if (rc != 0)
        return {};
    copyMetadata(xrgb, dst);
    return dst;
}

namespace {

// Scratch planes of the display path, kept per thread so a preview does not allocate
// full-size planes for every frame.
struct DisplayScratch {
    std::vector<std::uint8_t> fullY; // YUYV only: unpacked luma
    std::vector<std::uint8_t> fullU;
    std::vector<std::uint8_t> fullV;
    std::vector<std::uint8_t> smallY;
    std::vector<std::uint8_t> smallU;
    std::vector<std::uint8_t> smallV;
};

std::uint8_t *sized(std::vector<std::uint8_t> &buffer, int width, int height)
{
    buffer.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    return buffer.data();
}

// A YUV frame shrunk straight to an Xrgb8888 picture of `width` x `height`: the planes
// are box-filtered to the target size first, so only the small picture is converted.
// The chroma gets one sample per output pixel (4:4:4), as converting first and scaling
// the RGB picture would give; a 4:2:0 result would halve the preview's colour
// resolution. Planes are split rather than scaled interleaved because libyuv's UVScale
// has no box filter and bilinear skips source samples when shrinking more than 2x.
// Uses the frame's matrix and range (the corrected limited-range tables).
Frame shrinkYuvForDisplay(const Frame &src, int width, int height)
{
    thread_local DisplayScratch scratch;
    const int w = src.width();
    const int h = src.height();
    const std::uint8_t *y = src.constBits(0);
    int strideY = src.stride(0);
    int chromaWidth = (w + 1) / 2;
    int chromaHeight = h;
    switch (src.format()) {
    case PixelFormat::Nv12:
    case PixelFormat::Nv21:
    case PixelFormat::Yuv420:
    case PixelFormat::Yvu420:
        chromaHeight = (h + 1) / 2;
        break;
    case PixelFormat::Nv16:
    case PixelFormat::Yuyv:
    case PixelFormat::Uyvy:
    case PixelFormat::Yvyu:
        break;
    case PixelFormat::Nv24:
        chromaWidth = w;
        break;
    default:
        return {};
    }
    // Full-size U and V planes: the frame's own (YUV420/YVU420) or unpacked into scratch.
    const std::uint8_t *fullU = nullptr;
    const std::uint8_t *fullV = nullptr;
    int strideU = chromaWidth;
    int strideV = chromaWidth;
    switch (src.format()) {
    case PixelFormat::Yuv420:
    case PixelFormat::Yvu420: {
        const int u = src.format() == PixelFormat::Yvu420 ? 2 : 1;
        const int v = 3 - u;
        fullU = src.constBits(u);
        strideU = src.stride(u);
        fullV = src.constBits(v);
        strideV = src.stride(v);
        break;
    }
    case PixelFormat::Yuyv:
    case PixelFormat::Uyvy:
    case PixelFormat::Yvyu: {
        std::uint8_t *unpackedY = sized(scratch.fullY, w, h);
        std::uint8_t *u = sized(scratch.fullU, chromaWidth, chromaHeight);
        std::uint8_t *v = sized(scratch.fullV, chromaWidth, chromaHeight);
        if (unpack422(src.format(), src.constBits(0), src.stride(0), unpackedY, w, u, chromaWidth, v, chromaWidth, w,
                      h)
            != 0)
            return {};
        y = unpackedY;
        strideY = w;
        fullU = u;
        fullV = v;
        break;
    }
    default: {
        // NV formats; NV21 has V first.
        std::uint8_t *u = sized(scratch.fullU, chromaWidth, chromaHeight);
        std::uint8_t *v = sized(scratch.fullV, chromaWidth, chromaHeight);
        const bool vu = src.format() == PixelFormat::Nv21;
        libyuv::SplitUVPlane(src.constBits(1), src.stride(1), vu ? v : u, chromaWidth, vu ? u : v, chromaWidth,
                             chromaWidth, chromaHeight);
        fullU = u;
        fullV = v;
        break;
    }
    }

    std::uint8_t *smallY = sized(scratch.smallY, width, height);
    libyuv::ScalePlane(y, strideY, w, h, smallY, width, width, height, libyuv::kFilterBox);
    const std::uint8_t *u = fullU;
    const std::uint8_t *v = fullV;
    if (chromaWidth != width || chromaHeight != height) {
        std::uint8_t *smallU = sized(scratch.smallU, width, height);
        std::uint8_t *smallV = sized(scratch.smallV, width, height);
        libyuv::ScalePlane(fullU, strideU, chromaWidth, chromaHeight, smallU, width, width, height,
                           libyuv::kFilterBox);
        libyuv::ScalePlane(fullV, strideV, chromaWidth, chromaHeight, smallV, width, width, height,
                           libyuv::kFilterBox);
        u = smallU;
        v = smallV;
        strideU = width;
        strideV = width;
    }

    Frame dst = Frame::allocate(PixelFormat::Xrgb8888, width, height);
    if (!dst.isValid())
        return {};
    const PlanarRows in{smallY, width, u, strideU, v, strideV};
    if (planarToRgb(Chroma::Full444, in, dst.bits(0), dst.stride(0), PixelFormat::Xrgb8888, matricesFor(src), width, height) != 0)
        return {};
    copyMetadata(src, dst);
    return dst;
}

} // namespace

Frame convertForDisplay(const Frame &src, QSize size)
{
    if (!src.isValid() || size.isEmpty())
        return {};
    const int width = size.width();
    const int height = size.height();
    const bool same = width == src.width() && height == src.height();
    const bool shrinking = width <= src.width() && height <= src.height() && !same;
    if (shrinking && isYuv(src.format())) {
        // Scale the YUV planes, then convert the few remaining pixels.
        return shrinkYuvForDisplay(src, width, height);
    }
    // Packed RGB (Xrgb8888 is returned as is by convertFrame), enlarging, or same size:
    // convert, then scale.
    const Frame xrgb = convertFrame(src, PixelFormat::Xrgb8888);
    if (!xrgb.isValid() || same)
        return xrgb;
    return scaleFrame(xrgb, width, height);
}

} // namespace camchat::capture
