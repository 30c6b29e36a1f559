#include "frame.h"

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
