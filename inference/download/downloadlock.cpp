#include "downloadlock.h"

#include <QFile>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace camchat::inference {

DownloadLock::~DownloadLock()
{
    release();
}

bool DownloadLock::acquire(const QString &lockPath, qint64 *holderPid, QString *error)
{
    release();
    const QByteArray path = QFile::encodeName(lockPath);
    // A holder may unlink the file between our open and flock: then the lock we got is on
    // a file nobody else can see, and we try again on the new one.
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            if (error)
                *error = QStringLiteral("%1: cannot create: %2").arg(lockPath, QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            char buffer[32] = {};
            const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
            ::close(fd);
            if (holderPid)
                *holderPid = n > 0 ? QByteArray(buffer, n).trimmed().toLongLong() : 0;
            return false;
        }
        struct stat opened = {};
        struct stat named = {};
        if (::fstat(fd, &opened) == 0 && ::stat(path.constData(), &named) == 0 && opened.st_ino == named.st_ino
            && opened.st_dev == named.st_dev) {
            const QByteArray pid = QByteArray::number(static_cast<qint64>(::getpid())) + '\n';
            if (::ftruncate(fd, 0) == 0) {
                [[maybe_unused]] const ssize_t written = ::pwrite(fd, pid.constData(), static_cast<size_t>(pid.size()), 0);
            }
            m_fd = fd;
            m_path = lockPath;
            return true;
        }
        ::close(fd);
    }
    if (error)
        *error = QStringLiteral("%1: the lock file keeps changing").arg(lockPath);
    return false;
}

void DownloadLock::release()
{
    if (m_fd < 0)
        return;
    // Unlink while still holding it: a process that opened the old file re-checks the
    // inode after its flock and starts over on a fresh file.
    ::unlink(QFile::encodeName(m_path).constData());
    ::close(m_fd);
    m_fd = -1;
    m_path.clear();
}

} // namespace camchat::inference
