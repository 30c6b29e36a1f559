#pragma once

#include "frame.h"

#include <QString>

namespace camchat::capture {

enum class SnapshotFormat { Jpeg, Png };

struct SnapshotOptions {
    SnapshotFormat format = SnapshotFormat::Jpeg;
    int jpegQuality = 92;    // 1..100
    bool overwrite = false;  // the UI asks the user before it sets this
};

enum class SaveErrorCode {
    None,
    AlreadyExists,  // target exists, or appeared during the save, and overwrite is false
    InvalidFrame,
    EncodeFailed,
    OpenFailed,     // could not create the temporary file next to the target
    WriteFailed,    // e.g. disk full, file size limit
    CommitFailed,   // the final rename failed
};

struct SaveError {
    SaveErrorCode code = SaveErrorCode::None;
    QString detail;
    explicit operator bool() const { return code != SaveErrorCode::None; }
};

// Writes a Frame as JPEG (TurboJPEG; YUV frames are encoded from their planes without an
// RGB detour) or PNG. Atomic: the data goes to a temporary file in the target directory
// which replaces the target only when complete, so a failure half-way leaves any
// existing file untouched. Without `overwrite` the final step is a no-replace rename, so
// a file that appears at `path` while the snapshot is written is kept. Any thread.
class SnapshotWriter
{
public:
    static SaveError save(const Frame &frame, const QString &path, const SnapshotOptions &options);
    // Format implied by the file name's suffix (.png -> Png, anything else -> Jpeg).
    static SnapshotFormat formatForPath(const QString &path);
};

} // namespace camchat::capture
