#include "filepublish.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace camchat::capture {

namespace {

std::function<void(const QString &)> &beforePublishHook()
{
    static std::function<void(const QString &)> hook;
    return hook;
}

#ifndef RENAME_NOREPLACE
constexpr unsigned kRenameNoReplace = 1u << 0;
#else
constexpr unsigned kRenameNoReplace = RENAME_NOREPLACE;
#endif

// glibc 2.28+ has renameat2(), but the raw syscall also builds against older headers
// and lets a missing kernel implementation show as ENOSYS.
int renameNoReplace(const char *from, const char *to)
{
#ifdef SYS_renameat2
    return int(::syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, kRenameNoReplace));
#else
    errno = ENOSYS;
    return -1;
#endif
}

// link() fails with EEXIST instead of replacing, which is the no-replace guarantee; the
// temporary name is dropped afterwards.
PublishResult publishByLink(const char *from, const char *to)
{
    if (::link(from, to) != 0) {
        const int error = errno;
        return {error == EEXIST ? PublishStatus::TargetExists : PublishStatus::Failed, error};
    }
    ::unlink(from); // the published file is complete either way
    return {PublishStatus::Published, 0};
}

QString systemError(const QString &path, int error)
{
    return QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(error)));
}

bool writeAll(int fd, const QByteArray &data)
{
    const char *p = data.constData();
    qsizetype left = data.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, std::size_t(left));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += n;
        left -= n;
    }
    return true;
}

// Writes `data` to the open `fd` and makes it durable: a power cut on a board's SD card
// must not leave an empty file under the final name. Closes `fd`; errno on failure.
bool writeSyncClose(int fd, const QByteArray &data, int *error)
{
    bool ok = writeAll(fd, data);
    if (ok && ::fsync(fd) != 0)
        ok = false;
    *error = ok ? 0 : errno;
    // close() can report a delayed write error (e.g. on NFS).
    if (::close(fd) != 0 && ok) {
        ok = false;
        *error = errno;
    }
    return ok;
}

// The last way to publish without replacing, for file systems that can neither rename
// without replacing nor hard-link (FUSE mounts such as exfat-fuse, gvfs or some sshfs):
// create the target exclusively and write it in place. A failed write removes the file
// it created, never one that was there.
NewFileResult writeInPlaceExclusive(const QString &path, const QByteArray &data)
{
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        const int error = errno;
        return {error == EEXIST ? NewFileError::AlreadyExists : NewFileError::CommitFailed,
                systemError(path, error)};
    }
    int error = 0;
    if (!writeSyncClose(fd, data, &error)) {
        ::unlink(name.constData());
        return {NewFileError::WriteFailed, systemError(path, error)};
    }
    return {};
}

} // namespace

PublishResult publishNoReplace(const QString &from, const QString &to, PublishMethod method)
{
    const QByteArray src = QFile::encodeName(from);
    const QByteArray dst = QFile::encodeName(to);
    if (method == PublishMethod::Auto) {
        if (renameNoReplace(src.constData(), dst.constData()) == 0)
            return {PublishStatus::Published, 0};
        const int error = errno;
        // EINVAL: the file system does not support the flag (e.g. some FUSE, older NFS);
        // ENOSYS: the kernel predates renameat2 (< 3.15) or a seccomp filter hides it.
        if (error != EINVAL && error != ENOSYS)
            return {error == EEXIST ? PublishStatus::TargetExists : PublishStatus::Failed, error};
    }
    return publishByLink(src.constData(), dst.constData());
}

NewFileResult writeNewFile(const QString &path, const QByteArray &data)
{
    if (path.isEmpty())
        return {NewFileError::OpenFailed, QStringLiteral("empty path")};
    const QFileInfo target(path);
    if (target.exists() || target.isSymLink())
        return {NewFileError::AlreadyExists, path};

    // A hidden name next to the target, so the final rename stays on one file system.
    int fd = -1;
    QString tempPath;
    for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
        tempPath = target.absoluteDir().filePath(QStringLiteral(".%1.%2.part")
                                                     .arg(target.fileName())
                                                     .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0')));
        fd = ::open(QFile::encodeName(tempPath).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0)
        return {NewFileError::OpenFailed, systemError(path, errno)};
    const QByteArray tempName = QFile::encodeName(tempPath);

    int writeError = 0;
    if (!writeSyncClose(fd, data, &writeError)) {
        ::unlink(tempName.constData());
        return {NewFileError::WriteFailed, systemError(path, writeError)};
    }

    detail::runBeforePublishHook(path);
    const PublishResult published = publishNoReplace(tempPath, path);
    if (published.status == PublishStatus::Published)
        return {};
    ::unlink(tempName.constData());
    if (published.status == PublishStatus::TargetExists)
        return {NewFileError::AlreadyExists, systemError(path, published.error)};
    return writeInPlaceExclusive(path, data);
}

void setBeforePublishHookForTesting(std::function<void(const QString &path)> hook)
{
    beforePublishHook() = std::move(hook);
}

void detail::runBeforePublishHook(const QString &path)
{
    if (const auto &hook = beforePublishHook())
        hook(path);
}

} // namespace camchat::capture
