#include "filehasher.h"

#include <QFile>
#include <QMetaObject>

namespace camchat::inference {

FileHasher::FileHasher(QObject *parent)
    : QObject(parent)
{
}

FileHasher::~FileHasher()
{
    stop();
}

void FileHasher::stop()
{
    ++m_generation;
    if (m_stop)
        m_stop->store(true);
    if (m_thread.joinable())
        m_thread.join();
    m_stop.reset();
}

void FileHasher::start(const QString &path, qint64 bytes, Callback done)
{
    stop();
    auto stopFlag = std::make_shared<std::atomic<bool>>(false);
    m_stop = stopFlag;
    const quint64 generation = m_generation;
    FileHasher *receiver = this;
    m_thread = std::thread([path, bytes, done = std::move(done), stopFlag, generation, receiver]() {
        Result result;
        result.hash = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            result.error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        } else {
            constexpr qint64 kChunk = 1 << 20;
            QByteArray buffer;
            result.ok = true;
            while (!stopFlag->load() && (bytes < 0 || result.bytes < bytes)) {
                const qint64 want = bytes < 0 ? kChunk : std::min(kChunk, bytes - result.bytes);
                buffer = file.read(want);
                if (buffer.isEmpty()) {
                    if (file.error() != QFileDevice::NoError) {
                        result.ok = false;
                        result.error = QStringLiteral("%1: read failed: %2").arg(path, file.errorString());
                    } else if (bytes >= 0) {
                        result.ok = false;
                        result.error = QStringLiteral("%1: shorter than %2 bytes").arg(path).arg(bytes);
                    }
                    break;
                }
                result.hash->addData(buffer);
                result.bytes += buffer.size();
            }
        }
        if (stopFlag->load())
            return;
        // The receiver outlives this thread (its destructor joins it), and Qt drops a
        // queued call whose receiver is deleted before it runs.
        QMetaObject::invokeMethod(receiver, [receiver, generation, done, result]() {
            if (receiver->m_generation != generation)
                return;
            if (receiver->m_thread.joinable())
                receiver->m_thread.join();
            done(result);
        }, Qt::QueuedConnection);
    });
}

} // namespace camchat::inference
