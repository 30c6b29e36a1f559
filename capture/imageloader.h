#pragma once

#include "frame.h"

#include <QByteArray>
#include <QSize>
#include <QString>

#include <cstdint>

class QImage;

namespace camchat::capture {

enum class ImageErrorCode {
    None,
    FileNotFound,
    PermissionDenied,
    ReadFailed,
    EmptyFile,
    FileTooLarge,      // over ImageLoader::kMaxFileBytes
    NotAnImage,        // no known image signature
    UnsupportedFormat, // recognised, but no decoder for it
    TooManyPixels,     // header dimensions over ImageLoader::kMaxPixels: rejected before decoding
    Truncated,         // data ends before the image does
    Corrupt,           // the decoder rejected the data
    OutOfMemory,
};

// Technical detail for logs and the "details" part of an error message; the UI turns
// the code into a translated sentence.
struct ImageError {
    ImageErrorCode code = ImageErrorCode::None;
    QString detail;
    explicit operator bool() const { return code != ImageErrorCode::None; }
};

struct ImageLoadOptions {
    // When valid, the decoder may decode at a reduced size (JPEG DCT scaling) as long as
    // both dimensions stay >= this size; the result is never smaller than it.
    QSize minimumSize;
    bool applyExifOrientation = true;
};

struct LoadedImage {
    Frame frame;        // Xrgb8888, orientation applied; invalid when error is set
    ImageError error;
    QSize storedSize;   // dimensions in the file's header, before scaling and rotation
    int exifOrientation = 1; // 1..8 as stored in EXIF (1 = none)
    QString formatName; // "jpeg", "png", "webp", ...
    bool ok() const { return !error && frame.isValid(); }
};

// Decodes image files and in-memory image data into Frames. JPEG goes through
// TurboJPEG (DCT-scaled when a much smaller size is wanted), every other format through
// Qt's image plugins. Limits are checked from the header before any pixel is decoded.
// Reentrant: each call uses its own decoder state, so any thread may call it.
class ImageLoader
{
public:
    static constexpr std::int64_t kMaxFileBytes = 200LL * 1024 * 1024;
    static constexpr std::int64_t kMaxPixels = 64LL * 1000 * 1000;

    static LoadedImage loadFile(const QString &path, const ImageLoadOptions &options = {});
    static LoadedImage loadData(const QByteArray &data, const ImageLoadOptions &options = {});
    // For images that arrive already decoded (clipboard, drag and drop from another app).
    static LoadedImage fromImage(const QImage &image);
};

} // namespace camchat::capture
