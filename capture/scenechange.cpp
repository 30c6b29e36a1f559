#include "scenechange.h"

#include <algorithm>
#include <cstdlib>

namespace camchat::capture {

namespace {

// Samples per thumbnail cell along each axis: 4 x 4 = 16 reads per cell, 9216 per frame
// whatever its size, so a 4K frame costs the same as a VGA one (and never touches most of
// its cache lines). Averaging 16 samples also smooths sensor noise.
constexpr int kSamplesPerAxis = 4;

// Full-range luma 0..255 of one pixel, read straight from the frame's bytes.
class LumaReader
{
public:
    explicit LumaReader(const Frame &frame)
        : m_format(frame.format())
        , m_bits(frame.constBits(0))
        , m_stride(frame.stride(0))
        , m_limited(hasYuvRange(frame.format()) && frame.yuvRange() == YuvRange::Limited)
    {
    }

    int at(int x, int y) const
    {
        const std::uint8_t *row = m_bits + static_cast<std::ptrdiff_t>(y) * m_stride;
        switch (m_format) {
        case PixelFormat::Nv12:
        case PixelFormat::Nv21:
        case PixelFormat::Nv16:
        case PixelFormat::Nv24:
        case PixelFormat::Yuv420:
        case PixelFormat::Yvu420:
        case PixelFormat::Grey:
            return expand(row[x]);
        case PixelFormat::Yuyv:
        case PixelFormat::Yvyu:
            return expand(row[x * 2]);
        case PixelFormat::Uyvy:
            return expand(row[x * 2 + 1]);
        case PixelFormat::Bgr24:
            return luma(row[x * 3 + 2], row[x * 3 + 1], row[x * 3]);
        case PixelFormat::Rgb24:
            return luma(row[x * 3], row[x * 3 + 1], row[x * 3 + 2]);
        case PixelFormat::Xrgb8888:
            return luma(row[x * 4 + 2], row[x * 4 + 1], row[x * 4]);
        case PixelFormat::Xbgr8888:
            return luma(row[x * 4], row[x * 4 + 1], row[x * 4 + 2]);
        case PixelFormat::Invalid:
            break;
        }
        return 0;
    }

private:
    // BT.601 weights in 8.8 fixed point (77 + 150 + 29 = 256). The matrix barely matters
    // for a change measure; what matters is that RGB and YUV sources land on one scale.
    static int luma(int r, int g, int b) { return (77 * r + 150 * g + 29 * b + 128) >> 8; }

    // Limited-range Y (16..235) stretched to 0..255 so it compares with RGB luma.
    int expand(int y) const
    {
        if (!m_limited)
            return y;
        return std::clamp((y - 16) * 255 / 219, 0, 255);
    }

    PixelFormat m_format;
    const std::uint8_t *m_bits;
    int m_stride;
    bool m_limited;
};

} // namespace

SceneThumbnail SceneThumbnail::of(const Frame &frame)
{
    SceneThumbnail thumb;
    if (!frame.isValid() || planeCount(frame.format()) == 0 || !frame.constBits(0))
        return thumb;
    const LumaReader reader(frame);
    const int width = frame.width();
    const int height = frame.height();
    for (int cy = 0; cy < kThumbHeight; ++cy) {
        for (int cx = 0; cx < kThumbWidth; ++cx) {
            int sum = 0;
            for (int sy = 0; sy < kSamplesPerAxis; ++sy) {
                // Sample centres of a kSamplesPerAxis grid inside the cell, in 64-bit so
                // huge frames cannot overflow.
                const auto y = static_cast<int>(
                    ((static_cast<std::int64_t>(cy) * kSamplesPerAxis + sy) * 2 + 1) * height
                    / (2 * static_cast<std::int64_t>(kThumbHeight) * kSamplesPerAxis));
                for (int sx = 0; sx < kSamplesPerAxis; ++sx) {
                    const auto x = static_cast<int>(
                        ((static_cast<std::int64_t>(cx) * kSamplesPerAxis + sx) * 2 + 1) * width
                        / (2 * static_cast<std::int64_t>(kThumbWidth) * kSamplesPerAxis));
                    sum += reader.at(std::min(x, width - 1), std::min(y, height - 1));
                }
            }
            constexpr int kCount = kSamplesPerAxis * kSamplesPerAxis;
            thumb.m_luma[static_cast<std::size_t>(cy * kThumbWidth + cx)] =
                static_cast<std::uint8_t>((sum + kCount / 2) / kCount);
        }
    }
    thumb.m_valid = true;
    return thumb;
}

double SceneThumbnail::difference(const SceneThumbnail &other) const
{
    if (!m_valid || !other.m_valid)
        return 1.0;
    long total = 0;
    for (std::size_t i = 0; i < m_luma.size(); ++i)
        total += std::abs(int(m_luma[i]) - int(other.m_luma[i]));
    return static_cast<double>(total) / (255.0 * static_cast<double>(m_luma.size()));
}

SceneChangeDetector::SceneChangeDetector(SceneChangeOptions options)
    : m_options(options)
{
}

void SceneChangeDetector::setOptions(SceneChangeOptions options)
{
    m_options = options;
    m_streak = 0;
}

void SceneChangeDetector::setReference(const Frame &frame)
{
    setReference(SceneThumbnail::of(frame));
}

void SceneChangeDetector::setReference(const SceneThumbnail &thumbnail)
{
    m_reference = thumbnail;
    m_streak = 0;
}

void SceneChangeDetector::clearReference()
{
    m_reference = {};
    m_streak = 0;
}

bool SceneChangeDetector::check(const Frame &frame)
{
    return check(SceneThumbnail::of(frame));
}

bool SceneChangeDetector::check(const SceneThumbnail &thumbnail)
{
    if (!thumbnail.isValid()) {
        // Nothing to judge: a broken frame neither confirms nor breaks a streak.
        return false;
    }
    if (!m_reference.isValid()) {
        m_lastDifference = 1.0;
        return true;
    }
    m_lastDifference = thumbnail.difference(m_reference);
    if (m_lastDifference > m_options.threshold)
        ++m_streak;
    else
        m_streak = 0;
    return m_streak >= std::max(1, m_options.confirmFrames);
}

} // namespace camchat::capture
