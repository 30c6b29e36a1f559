#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>

namespace camchat::inference {

// SHA-256 of a file's first bytes, computed on a thread of its own so that hashing
// hundreds of megabytes never blocks the event loop. The result comes back in the
// thread of this object (queued); the running hash is handed over so a download can
// continue it with the bytes that follow.
//
// Threads: the object lives in its creator's thread (with an event loop); the hashing
// runs on a std::thread it owns. The destructor stops and joins it; no callback runs after.
class FileHasher : public QObject
{
    Q_OBJECT

public:
    struct Result {
        bool ok = false;
        QString error;                          // why reading failed
        qint64 bytes = 0;                       // bytes hashed
        std::shared_ptr<QCryptographicHash> hash; // the running hash after those bytes
    };
    using Callback = std::function<void(const Result &)>;

    explicit FileHasher(QObject *parent = nullptr);
    ~FileHasher() override;

    // Hashes the first `bytes` bytes of `path` (all of it with -1). One at a time: a
    // second call while one runs stops the first (whose callback is then not called).
    void start(const QString &path, qint64 bytes, Callback done);
    void stop();

private:
    std::thread m_thread;
    std::shared_ptr<std::atomic<bool>> m_stop;
    quint64 m_generation = 0;
};

} // namespace camchat::inference
