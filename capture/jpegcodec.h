#pragma once

#include "frame.h"
#include "imageloader.h"

#include <QByteArray>
#include <QSize>
#include <QString>

#include <cstdint>
#include <span>

namespace camchat::capture {

// Chroma subsampling of a JPEG image (values match TurboJPEG's TJSAMP).
enum class JpegSubsampling { S444 = 0, S422 = 1, S420 = 2, Gray = 3, S440 = 4, S411 = 5, Unknown = -1 };
// Colour space of a JPEG image (values match TurboJPEG's TJCS).
enum class JpegColorspace { Rgb = 0, YCbCr = 1, Gray = 2, Cmyk = 3, Ycck = 4, Unknown = -1 };

struct JpegHeader {
    int width = 0;
    int height = 0;
    JpegSubsampling subsampling = JpegSubsampling::Unknown;
    JpegColorspace colorspace = JpegColorspace::Unknown;
};

// Decodes JPEG data into Xrgb8888 frames with TurboJPEG. One decoder state per object:
// create one per call (or per thread), never share an object between threads.
class JpegDecoder
{
public:
    JpegDecoder();
    ~JpegDecoder();
    JpegDecoder(const JpegDecoder &) = delete;
    JpegDecoder &operator=(const JpegDecoder &) = delete;

    // Parses the headers only; no pixel is decoded.
    ImageError readHeader(std::span<const std::uint8_t> data, JpegHeader *header);
    // The size a decode aiming at `minimumSize` produces: the smallest DCT scaling factor
    // that keeps both dimensions >= minimumSize (or 1/1 when the image is already smaller
    // or no minimum is given).
    static QSize scaledSize(QSize storedSize, QSize minimumSize);
    // Decodes to Xrgb8888 at scaledSize(header size, minimumSize). Any TurboJPEG warning
    // (corrupt or missing data) fails the whole decode: never returns a half-decoded image.
    Frame decode(std::span<const std::uint8_t> data, QSize minimumSize, ImageError *error);

private:
    ImageError lastError(std::span<const std::uint8_t> data) const;

    void *m_handle = nullptr; // tjhandle
};

// `frame` at its full resolution: when it was decoded scaled down from a JPEG it still
// carries (Frame::encodedJpeg), that JPEG is decoded again at full size (with the frame's
// sequence, timestamp and source name); otherwise the frame itself. Any thread; costs a
// full decode, so call it for a snapshot, not per preview frame.
Frame fullResolutionFrame(const Frame &frame, ImageError *error = nullptr);

struct JpegEncodeOptions {
    int quality = 92; // 1..100
    // Used for RGB input only; YUV input keeps its own chroma layout.
    JpegSubsampling subsampling = JpegSubsampling::S420;
    bool progressive = false;
};

struct JpegEncodeResult {
    QByteArray data;
    QString error; // empty on success
    bool ok() const { return error.isEmpty() && !data.isEmpty(); }
};

// Encodes frames as JPEG with TurboJPEG. Xrgb8888, Bgr24 and Rgb24 are compressed
// directly; NV12/NV16/NV24/YUYV are compressed from their planes (4:2:0/4:2:2/4:4:4/4:2:2)
// without an RGB round trip. Limited-range or BT.709 YUV is first remapped to the
// full-range BT.601 YCbCr that JFIF decoders assume. One object per call or thread.
class JpegEncoder
{
public:
    JpegEncoder();
    ~JpegEncoder();
    JpegEncoder(const JpegEncoder &) = delete;
    JpegEncoder &operator=(const JpegEncoder &) = delete;

    JpegEncodeResult encode(const Frame &frame, const JpegEncodeOptions &options = {});

private:
    JpegEncodeResult encodeRgb(const Frame &frame, const JpegEncodeOptions &options);
    JpegEncodeResult encodeYuv(const Frame &frame, const JpegEncodeOptions &options);
    JpegEncodeResult takeOutput(int rc, unsigned char *buffer, unsigned long size);

    void *m_handle = nullptr; // tjhandle
};

} // namespace camchat::capture
