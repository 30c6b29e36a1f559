#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

namespace camchat::capture {

enum class PublishStatus {
    Published,     // `to` now holds what was `from`; `from` is gone
    TargetExists,  // something is at `to` already; it is untouched and `from` is still there
    Failed,        // any other error (errno in PublishResult::error); `from` is still there
};

struct PublishResult {
    PublishStatus status = PublishStatus::Failed;
    int error = 0; // errno of the failing call
};

enum class PublishMethod {
    Auto,     // renameat2(RENAME_NOREPLACE), link()+unlink() where the kernel or file system lacks it
    LinkOnly, // the fallback alone (tests)
};

// Moves the finished file `from` to `to` without ever replacing a file at `to`, also one
// that appears after any earlier existence check: the kernel makes the check and the
// rename one step. Both paths must be on the same file system. Any thread.
PublishResult publishNoReplace(const QString &from, const QString &to, PublishMethod method = PublishMethod::Auto);

enum class NewFileError {
    None,
    AlreadyExists, // `path` existed, or appeared while the data was being written: it is kept
    OpenFailed,    // the temporary file next to `path` could not be created
    WriteFailed,   // e.g. disk full, file size limit
    CommitFailed,  // the file could be published neither by rename, link nor exclusive create
};

struct NewFileResult {
    NewFileError code = NewFileError::None;
    QString detail; // technical: path and system error text
    explicit operator bool() const { return code != NewFileError::None; }
};

// Writes `data` to a temporary file next to `path` and publishes it there with
// publishNoReplace(): `path` is created complete or not at all, and an existing file is
// never replaced. The new file gets the usual 0666 & ~umask permissions. Any thread.
NewFileResult writeNewFile(const QString &path, const QByteArray &data);

// Tests only: runs right before writeNewFile() publishes its temporary file, so a test
// can make a file appear between the existence check and the rename. Not thread-safe to
// change while saves run; pass an empty function to remove it.
void setBeforePublishHookForTesting(std::function<void(const QString &path)> hook);

namespace detail {
// Calls the hook above, if one is set (for writers that publish on their own).
void runBeforePublishHook(const QString &path);
} // namespace detail

} // namespace camchat::capture
