#pragma once

#include "pixelformat.h"

#include <QByteArray>
#include <QSize>
#include <QString>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace camchat::capture {

// Which YUV -> RGB matrix applies to a YUV frame.
enum class YuvMatrix : std::uint8_t { Bt601, Bt709 };
enum class YuvRange : std::uint8_t { Limited, Full };

struct FramePlane {
    std::size_t offset = 0; // bytes from the start of the storage
    int stride = 0;         // bytes per row, as the producer (driver, decoder) laid it out
};

// One image, cheap to copy: the pixels are shared and immutable once published.
// Storage is either owned bytes or a producer-owned mapping kept alive by `owner`
// (e.g. a V4L2 buffer that is re-queued when the last Frame referring to it goes away).
class Frame
{
public:
    static constexpr int kMaxPlanes = 3;

    Frame() = default;

    // A frame with freshly allocated, zeroed storage and tightly packed rows
    // (each stride rounded up to `strideAlign` bytes).
    static Frame allocate(PixelFormat format, int width, int height, int strideAlign = 1);

    // Wraps memory the caller keeps alive through `owner`; nothing is copied.
    static Frame wrap(PixelFormat format, int width, int height,
                      std::span<const FramePlane> planes,
                      std::shared_ptr<const std::byte> data, std::size_t size);

    // The same picture with pixels of its own (tightly packed rows) and the same sequence,
    // timestamp, source name, YUV encoding and compressed original; no DMA-BUF. A frame
    // wrapping a driver buffer holds that buffer until its last copy goes away: one kept
    // for long (a snap asked about for a whole conversation) must not. Invalid for an
    // invalid frame.
    Frame detached() const;

    bool isValid() const { return m_format != PixelFormat::Invalid && m_width > 0 && m_height > 0 && m_data; }

    PixelFormat format() const { return m_format; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    int planeCount() const { return m_planeCount; }
    const FramePlane &plane(int index) const { return m_planes.at(static_cast<std::size_t>(index)); }
    int stride(int index) const { return plane(index).stride; }

    const std::uint8_t *constBits(int plane = 0) const;
    // Only for the producer filling a frame it just allocated, before sharing it.
    std::uint8_t *bits(int plane = 0);
    std::size_t byteSize() const { return m_size; }

    std::uint64_t sequence() const { return m_sequence; }
    void setSequence(std::uint64_t sequence) { m_sequence = sequence; }
    // CLOCK_MONOTONIC, nanoseconds.
    std::int64_t timestampNs() const { return m_timestampNs; }
    void setTimestampNs(std::int64_t ns) { m_timestampNs = ns; }
    const QString &sourceName() const { return m_sourceName; }
    void setSourceName(const QString &name) { m_sourceName = name; }

    YuvMatrix yuvMatrix() const { return m_matrix; }
    YuvRange yuvRange() const { return m_range; }
    void setYuvEncoding(YuvMatrix matrix, YuvRange range) { m_matrix = matrix; m_range = range; }

    // Exported DMA-BUF fd of the storage, or -1. The fd is owned by whoever exported it
    // and stays valid as long as `owner` of the storage lives.
    int dmabufFd() const { return m_dmabufFd; }
    void setDmabufFd(int fd) { m_dmabufFd = fd; }

    // The compressed picture this frame was decoded from (an MJPEG camera frame), kept so
    // a snapshot can be written as-is or decoded again at full size; null otherwise.
    // encodedSize() is that picture's full size, larger than width() x height() when the
    // decoder scaled down for a small preview.
    const std::shared_ptr<const QByteArray> &encodedJpeg() const { return m_encodedJpeg; }
    QSize encodedSize() const { return m_encodedSize; }
    void setEncodedJpeg(std::shared_ptr<const QByteArray> jpeg, QSize fullSize)
    {
        m_encodedJpeg = std::move(jpeg);
        m_encodedSize = fullSize;
    }

private:
    PixelFormat m_format = PixelFormat::Invalid;
    int m_width = 0;
    int m_height = 0;
    int m_planeCount = 0;
    std::array<FramePlane, kMaxPlanes> m_planes{};
    std::shared_ptr<const std::byte> m_data;
    std::size_t m_size = 0;
    std::uint64_t m_sequence = 0;
    std::int64_t m_timestampNs = 0;
    QString m_sourceName;
    YuvMatrix m_matrix = YuvMatrix::Bt601;
    YuvRange m_range = YuvRange::Limited;
    int m_dmabufFd = -1;
    std::shared_ptr<const QByteArray> m_encodedJpeg;
    QSize m_encodedSize;
};

// CLOCK_MONOTONIC now, in nanoseconds (the clock of Frame::timestampNs).
std::int64_t monotonicNowNs();

} // namespace camchat::capture
