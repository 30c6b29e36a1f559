#include "modelinput.h"

#include "frameconvert.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace camchat::capture {
namespace {

// Fixed-point weights with 12 fractional bits. The horizontal pass leaves
// value * 2^12 (at most 255 * 2^12, 20 bits); the vertical pass multiplies by another
// 2^12, which peaks at 255 * 2^24 + rounding < 2^32, so everything stays in uint32
// while the weight quantisation error stays far below one level.
constexpr int kWeightBits = 12;
constexpr std::uint32_t kOne = 1u << kWeightBits;
constexpr std::uint32_t kFinalRound = 1u << (2 * kWeightBits - 1);

constexpr int kMaxOutputSide = 16384;

// One output sample along an axis: indices of the two source samples and the weight of
// the second. Indices are image coordinates; anything outside [0, imageSize) lies on
// the fill part of the canvas.
struct Taps {
    std::vector<int> first;
    std::vector<int> second;
    std::vector<std::uint32_t> weight0;
    std::vector<std::uint32_t> weight1;
};

// Half-pixel-centre bilinear taps from a canvas of `canvasSize` samples (holding the
// image at `imageOffset`) to `outSize` samples; coordinates are clamped to the canvas
// edge like OpenCV's INTER_LINEAR.
Taps makeTaps(int outSize, int canvasSize, int imageOffset)
{
    Taps taps;
    const auto n = static_cast<std::size_t>(outSize);
    taps.first.resize(n);
    taps.second.resize(n);
    taps.weight0.resize(n);
    taps.weight1.resize(n);
    const double scale = static_cast<double>(canvasSize) / outSize;
    const double last = canvasSize - 1;
    for (int d = 0; d < outSize; ++d) {
        const double f = std::clamp((d + 0.5) * scale - 0.5, 0.0, last);
        const int c0 = static_cast<int>(std::floor(f));
        const int c1 = std::min(c0 + 1, canvasSize - 1);
        auto w1 = static_cast<std::uint32_t>(std::lround((f - c0) * kOne));
        const auto i = static_cast<std::size_t>(d);
        taps.first[i] = c0 - imageOffset;
        // A zero weight must not make the caller fetch a row or pixel it does not need.
        taps.second[i] = w1 == 0 ? c0 - imageOffset : c1 - imageOffset;
        taps.weight0[i] = kOne - w1;
        taps.weight1[i] = w1;
    }
    return taps;
}

class Resampler
{
public:
    Resampler(const Frame &xrgb, int outWidth, int outHeight, int canvasWidth, int canvasHeight,
              const std::array<std::uint8_t, 3> &fill)
        : m_src(xrgb.constBits(0))
        , m_srcStride(xrgb.stride(0))
        , m_width(xrgb.width())
        , m_height(xrgb.height())
        , m_outWidth(outWidth)
        , m_outHeight(outHeight)
        , m_rowTaps(makeTaps(outHeight, canvasHeight, (canvasHeight - xrgb.height()) / 2))
    {
        const Taps cols = makeTaps(outWidth, canvasWidth, (canvasWidth - xrgb.width()) / 2);
        const auto n = static_cast<std::size_t>(outWidth);
        m_colOffset0.resize(n);
        m_colOffset1.resize(n);
        m_colWeight0 = cols.weight0;
        m_colWeight1 = cols.weight1;
        // Columns left or right of the image read a fill pixel placed just outside the
        // row, so the hot loop has no branch. Only needed when the canvas is wider.
        for (std::size_t i = 0; i < n; ++i)
            m_padRows = m_padRows || cols.first[i] < 0 || cols.second[i] >= m_width;
        const int shift = m_padRows ? 1 : 0;
        for (std::size_t i = 0; i < n; ++i) {
            m_colOffset0[i] = static_cast<std::uint32_t>(std::clamp(cols.first[i], -1, m_width) + shift) * 4;
            m_colOffset1[i] = static_cast<std::uint32_t>(std::clamp(cols.second[i], -1, m_width) + shift) * 4;
        }
        if (m_padRows) {
            m_padded.resize(static_cast<std::size_t>(m_width + 2) * 4);
            const std::uint8_t px[4] = {fill[2], fill[1], fill[0], 0xff}; // B,G,R,X
            std::memcpy(m_padded.data(), px, 4);
            std::memcpy(m_padded.data() + static_cast<std::size_t>(m_width + 1) * 4, px, 4);
        }

        const std::size_t rowValues = n * 3;
        m_fillRow.resize(rowValues);
        for (std::size_t i = 0; i < rowValues; i += 3) {
            m_fillRow[i + 0] = fill[0] * kOne;
            m_fillRow[i + 1] = fill[1] * kOne;
            m_fillRow[i + 2] = fill[2] * kOne;
        }
        for (auto &row : m_cache)
            row.resize(rowValues);
    }

    void run(std::uint8_t *out, int outStride)
    {
        const std::size_t values = static_cast<std::size_t>(m_outWidth) * 3;
        for (int dy = 0; dy < m_outHeight; ++dy) {
            const auto t = static_cast<std::size_t>(dy);
            const int r0 = m_rowTaps.first[t];
            const int r1 = m_rowTaps.second[t];
            const std::uint32_t *a = row(r0, r1);
            const std::uint32_t *b = row(r1, r0);
            const std::uint32_t w0 = m_rowTaps.weight0[t];
            const std::uint32_t w1 = m_rowTaps.weight1[t];
            std::uint8_t *dst = out + static_cast<std::ptrdiff_t>(dy) * outStride;
            for (std::size_t i = 0; i < values; ++i)
                dst[i] = static_cast<std::uint8_t>((a[i] * w0 + b[i] * w1 + kFinalRound) >> (2 * kWeightBits));
        }
    }

private:
    // The horizontally resampled image row `r` (or the fill row), computing it into the
    // cache slot that does not hold `keep`, the other row the current output row needs.
    const std::uint32_t *row(int r, int keep)
    {
        if (r < 0 || r >= m_height)
            return m_fillRow.data();
        for (std::size_t s = 0; s < 2; ++s) {
            if (m_cacheRow[s] == r)
                return m_cache[s].data();
        }
        const std::size_t slot = m_cacheRow[0] == keep ? 1 : 0;
        resampleRow(r, m_cache[slot].data());
        m_cacheRow[slot] = r;
        return m_cache[slot].data();
    }

    void resampleRow(int r, std::uint32_t *dst)
    {
        const std::uint8_t *src = m_src + static_cast<std::ptrdiff_t>(r) * m_srcStride;
        if (m_padRows) {
            std::memcpy(m_padded.data() + 4, src, static_cast<std::size_t>(m_width) * 4);
            src = m_padded.data();
        }
        const std::uint32_t *off0 = m_colOffset0.data();
        const std::uint32_t *off1 = m_colOffset1.data();
        const std::uint32_t *wt0 = m_colWeight0.data();
        const std::uint32_t *wt1 = m_colWeight1.data();
        const auto n = static_cast<std::size_t>(m_outWidth);
        for (std::size_t x = 0; x < n; ++x) {
            const std::uint8_t *p = src + off0[x];
            const std::uint8_t *q = src + off1[x];
            const std::uint32_t w0 = wt0[x];
            const std::uint32_t w1 = wt1[x];
            // XRGB bytes are B,G,R,X; the model wants R,G,B.
            dst[3 * x + 0] = p[2] * w0 + q[2] * w1;
            dst[3 * x + 1] = p[1] * w0 + q[1] * w1;
            dst[3 * x + 2] = p[0] * w0 + q[0] * w1;
        }
    }

    const std::uint8_t *m_src;
    int m_srcStride;
    int m_width;
    int m_height;
    int m_outWidth;
    int m_outHeight;
    Taps m_rowTaps;
    std::vector<std::uint32_t> m_colOffset0; // byte offsets into the (padded) row
    std::vector<std::uint32_t> m_colOffset1;
    std::vector<std::uint32_t> m_colWeight0;
    std::vector<std::uint32_t> m_colWeight1;
    bool m_padRows = false;
    std::vector<std::uint8_t> m_padded;
    std::vector<std::uint32_t> m_fillRow;
    std::array<std::vector<std::uint32_t>, 2> m_cache;
    std::array<int, 2> m_cacheRow{-1, -1};
};

} // namespace

ModelInputSize fittedSize(int width, int height, int maxWidth, int maxHeight)
{
    if (width <= 0 || height <= 0 || maxWidth <= 0 || maxHeight <= 0)
        return {};
    if (width <= maxWidth && height <= maxHeight)
        return {width, height};
    // Integer arithmetic so the result never depends on floating-point rounding:
    // width limits when width / maxWidth >= height / maxHeight.
    const auto w = static_cast<std::int64_t>(width);
    const auto h = static_cast<std::int64_t>(height);
    if (w * maxHeight >= h * maxWidth) {
        const auto other = (2 * h * maxWidth + w) / (2 * w);
        return {maxWidth, static_cast<int>(std::clamp<std::int64_t>(other, 1, maxHeight))};
    }
    const auto other = (2 * w * maxHeight + h) / (2 * h);
    return {static_cast<int>(std::clamp<std::int64_t>(other, 1, maxWidth)), maxHeight};
}

Frame makeModelInput(const Frame &src, const ModelInputSpec &spec)
{
    if (!src.isValid() || spec.width <= 0 || spec.height <= 0 || spec.width > kMaxOutputSide
        || spec.height > kMaxOutputSide)
        return {};
    const Frame xrgb = convertFrame(src, PixelFormat::Xrgb8888);
    if (!xrgb.isValid())
        return {};

    int canvasWidth = xrgb.width();
    int canvasHeight = xrgb.height();
    if (spec.mode == ResizeMode::ExpandToSquare) {
        const int side = std::max(canvasWidth, canvasHeight);
        canvasWidth = side;
        canvasHeight = side;
    }
    ModelInputSize outSize{spec.width, spec.height};
    if (spec.mode == ResizeMode::Fit)
        outSize = fittedSize(xrgb.width(), xrgb.height(), spec.width, spec.height);

    Frame out = Frame::allocate(PixelFormat::Rgb24, outSize.width, outSize.height);
    if (!out.isValid())
        return {};
    Resampler resampler(xrgb, outSize.width, outSize.height, canvasWidth, canvasHeight, spec.fill);
    resampler.run(out.bits(0), out.stride(0));

    out.setSequence(src.sequence());
    out.setTimestampNs(src.timestampNs());
    out.setSourceName(src.sourceName());
    return out;
}

} // namespace camchat::capture
