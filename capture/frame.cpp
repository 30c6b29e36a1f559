#include "frame.h"

#include <algorithm>
#include <cstring>

#include <time.h>

namespace camchat::capture {

Frame Frame::allocate(PixelFormat format, int width, int height, int strideAlign)
{
    Frame frame;
    const int planes = capture::planeCount(format);
    if (planes == 0 || width <= 0 || height <= 0 || strideAlign <= 0)
        return frame;
    std::array<FramePlane, kMaxPlanes> layout{};
    std::size_t total = 0;
    for (int i = 0; i < planes; ++i) {
        const int minStride = minimumStride(format, i, width);
        const int stride = (minStride + strideAlign - 1) / strideAlign * strideAlign;
        layout[static_cast<std::size_t>(i)] = {total, stride};
        total += static_cast<std::size_t>(stride) * static_cast<std::size_t>(planeHeight(format, i, height));
    }
    // value-initialised: zeroed bytes
    std::shared_ptr<std::byte[]> bytes(new std::byte[total]());
    return wrap(format, width, height, std::span(layout.data(), static_cast<std::size_t>(planes)),
                std::shared_ptr<const std::byte>(bytes, bytes.get()), total);
}

Frame Frame::detached() const
{
    if (!isValid())
        return {};
    Frame copy = allocate(m_format, m_width, m_height);
    if (!copy.isValid())
        return {};
    for (int p = 0; p < copy.planeCount(); ++p) {
        const int rows = planeHeight(m_format, p, m_height);
        const auto rowBytes = static_cast<std::size_t>(std::min(copy.stride(p), stride(p)));
        const std::uint8_t *from = constBits(p);
        std::uint8_t *to = copy.bits(p);
        for (int row = 0; row < rows; ++row) {
            std::memcpy(to + static_cast<std::ptrdiff_t>(row) * copy.stride(p),
                        from + static_cast<std::ptrdiff_t>(row) * stride(p), rowBytes);
        }
    }
    copy.m_sequence = m_sequence;
    copy.m_timestampNs = m_timestampNs;
    copy.m_sourceName = m_sourceName;
    copy.m_matrix = m_matrix;
    copy.m_range = m_range;
    copy.m_encodedJpeg = m_encodedJpeg;
    copy.m_encodedSize = m_encodedSize;
    return copy;
}

Frame Frame::wrap(PixelFormat format, int width, int height, std::span<const FramePlane> planes,
                  std::shared_ptr<const std::byte> data, std::size_t size)
{
    Frame frame;
    const int expected = capture::planeCount(format);
    if (expected == 0 || static_cast<int>(planes.size()) != expected || !data || width <= 0 || height <= 0)
        return frame;
    for (int i = 0; i < expected; ++i) {
        const FramePlane &p = planes[static_cast<std::size_t>(i)];
        const std::size_t rows = static_cast<std::size_t>(planeHeight(format, i, height));
        if (p.stride < minimumStride(format, i, width)
            || p.offset + static_cast<std::size_t>(p.stride) * rows > size)
            return frame; // the layout does not fit the storage: refuse rather than read past it
        frame.m_planes[static_cast<std::size_t>(i)] = p;
    }
    frame.m_format = format;
    frame.m_width = width;
    frame.m_height = height;
    frame.m_planeCount = expected;
    frame.m_data = std::move(data);
    frame.m_size = size;
    return frame;
}

const std::uint8_t *Frame::constBits(int plane) const
{
    if (!m_data || plane < 0 || plane >= m_planeCount)
        return nullptr;
    return reinterpret_cast<const std::uint8_t *>(m_data.get()) + m_planes[static_cast<std::size_t>(plane)].offset;
}

std::uint8_t *Frame::bits(int plane)
{
    return const_cast<std::uint8_t *>(constBits(plane));
}

std::int64_t monotonicNowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

} // namespace camchat::capture
