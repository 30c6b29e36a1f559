#pragma once

#include "capture/frame.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QImage>
#include <QRgb>
#include <QString>

#include <cstdint>

class QTemporaryDir;

// Generators for test images: every test builds its own pictures and files from these,
// so no binary fixtures are needed. Encoders here call TurboJPEG and Qt directly, not
// the camchat code under test.
namespace camchat::testimages {

// --- pixels -----------------------------------------------------------------------------

// The deterministic test pattern: red rises left to right, green top to bottom, and blue
// marks the quadrant (40 top-left, 100 top-right, 160 bottom-left, 220 bottom-right), so
// every rotation, mirror, crop or offset changes what a few samples read. Smooth enough
// for JPEG: compare with a tolerance of ~24 away from the quadrant borders.
QRgb patternColor(int x, int y, int width, int height);
// An Xrgb8888 frame of the pattern (X byte 0xFF), with `strideAlign`-aligned rows.
capture::Frame patternFrame(int width, int height, int strideAlign = 1);
capture::Frame solidFrame(int width, int height, QRgb color);
// Reads a pixel of an Xrgb8888 frame (alpha forced to 0xFF).
QRgb pixelAt(const capture::Frame &xrgb, int x, int y);
// Largest per-channel difference of two colours (alpha ignored).
int colorDistance(QRgb a, QRgb b);
// A deep-copied QImage::Format_RGB32 of an Xrgb8888 frame.
QImage toImage(const capture::Frame &xrgb);

// --- encoded images ---------------------------------------------------------------------

enum class Subsampling { S444, S422, S420, Gray };

struct JpegOptions {
    int quality = 95;
    Subsampling subsampling = Subsampling::S444;
    bool progressive = false;
};

// JPEG (TurboJPEG) of an Xrgb8888, Bgr24 or Rgb24 frame. Empty on failure.
QByteArray encodeJpeg(const capture::Frame &frame, const JpegOptions &options = {});
// An Adobe-style CMYK (YCCK) JPEG of a flat colour (TurboJPEG, inverted CMYK bytes as
// Adobe writes them: 255 = no ink). Empty on failure.
QByteArray encodeCmykJpeg(int width, int height, std::uint8_t c, std::uint8_t m, std::uint8_t y, std::uint8_t k);
// PNG (Qt) of an Xrgb8888 frame. Empty on failure.
QByteArray encodePng(const capture::Frame &xrgb);
// Any format Qt can write ("bmp", "webp", "tiff", "ppm", ...). Empty when Qt cannot.
QByteArray encodeWithQt(const capture::Frame &xrgb, const char *format, int quality = -1);

// --- EXIF -------------------------------------------------------------------------------

// A TIFF structure (EXIF payload without the "Exif\0\0" prefix) whose IFD0 holds one
// Orientation entry.
QByteArray tiffWithOrientation(int orientation, bool bigEndian = false);
// `jpeg` with an APP1 segment "Exif\0\0" + `tiff` inserted right after SOI.
QByteArray withExifPayload(const QByteArray &jpeg, const QByteArray &tiff);
// `jpeg` with an EXIF APP1 carrying the given orientation, right after SOI.
QByteArray withExifOrientation(const QByteArray &jpeg, int orientation, bool bigEndian = false);

// --- hostile and broken data ------------------------------------------------------------

// A structurally complete PNG (valid CRCs, IEND) whose IHDR claims width x height.
QByteArray pngWithHeaderSize(std::uint32_t width, std::uint32_t height);
// A small valid JPEG whose SOF segment claims width x height (<= 65535).
QByteArray jpegWithHeaderSize(int width, int height);
// The first `keep` bytes of `data`.
QByteArray truncated(const QByteArray &data, qsizetype keep);
// `data` with `length` bytes from `offset` XOR-ed with a fixed pattern; bytes that would
// become a JPEG marker prefix (0xFF) are avoided so the damage stays inside the data.
QByteArray corrupted(const QByteArray &data, qsizetype offset, qsizetype length);
// CRC-32 as used by PNG and zlib.
std::uint32_t crc32(QByteArrayView data);

// --- files ------------------------------------------------------------------------------

// Writes `bytes` to `name` inside `dir`; returns the full path, or an empty string on
// failure.
QString writeTempFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes);

} // namespace camchat::testimages
