#pragma once

#include <QString>

namespace camchat::inference {

// One download per file across processes: an flock(2) on NAME.lock beside the target,
// holding the owner's PID as text. The kernel drops the lock when the process ends, so a
// crashed pull never blocks the next one; the file itself is removed on release.
class DownloadLock
{
public:
    DownloadLock() = default;
    ~DownloadLock();
    DownloadLock(const DownloadLock &) = delete;
    DownloadLock &operator=(const DownloadLock &) = delete;

    // True when this process now holds the lock. False with `holderPid` set (0 if it
    // could not be read) when another process holds it; false with `error` set when the
    // lock file cannot be created.
    bool acquire(const QString &lockPath, qint64 *holderPid, QString *error);
    void release();
    bool isHeld() const { return m_fd >= 0; }

private:
    int m_fd = -1;
    QString m_path;
};

} // namespace camchat::inference
