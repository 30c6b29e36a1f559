#include "filedownload.h"

#include "hubrequest.h"

#include <QDebug>
#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>

#include <cerrno>
#include <cstring>

#include <sys/statvfs.h>
#include <unistd.h>

namespace camchat::inference {

namespace {

QString sizeText(qint64 bytes)
{
    return bytes < 0 ? QStringLiteral("?") : QString::number(bytes);
}

qint64 freeBytes(const QString &dir)
{
    struct statvfs info = {};
    if (::statvfs(QFile::encodeName(dir).constData(), &info) != 0)
        return -1;
    return static_cast<qint64>(info.f_bavail) * static_cast<qint64>(info.f_frsize);
}

QByteArray readSmallFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.read(1024).trimmed();
}

// Puts `from` at `to` unless something is there already: a hard link then unlink, so a
// file that appeared at `to` meanwhile is never replaced. Filesystems without hard links
// (vfat) get a rename after a check.
bool publish(const QString &from, const QString &to, bool *existed, QString *error)
{
    const QByteArray source = QFile::encodeName(from);
    const QByteArray target = QFile::encodeName(to);
    *existed = false;
    if (::link(source.constData(), target.constData()) == 0) {
        ::unlink(source.constData());
        return true;
    }
    if (errno == EEXIST) {
        *existed = true;
        return true;
    }
    if (errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP) {
        if (QFileInfo::exists(to)) {
            *existed = true;
            return true;
        }
        if (::rename(source.constData(), target.constData()) == 0)
            return true;
    }
    *error = QStringLiteral("%1: cannot put in place: %2").arg(to, QString::fromLocal8Bit(std::strerror(errno)));
    return false;
}

} // namespace

FileDownload::FileDownload(QNetworkAccessManager *network, FileDownloadSpec spec, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_spec(std::move(spec))
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        m_redirects = 0;
        request(m_spec.url);
    });
}

FileDownload::~FileDownload()
{
    m_hasher.stop();
    dropReply();
}

void FileDownload::start()
{
    const QString dir = QFileInfo(m_spec.target).absolutePath();
    if (!QDir().mkpath(dir)) {
        fail({InferenceErrorCode::DownloadWriteFailed, QStringLiteral("%1: cannot create the folder").arg(dir)});
        return;
    }
    qint64 holder = 0;
    QString lockError;
    if (!m_lock.acquire(lockPath(m_spec.target), &holder, &lockError)) {
        if (!lockError.isEmpty()) {
            fail({InferenceErrorCode::DownloadWriteFailed, lockError});
        } else {
            fail({InferenceErrorCode::DownloadBusy, QStringLiteral("%1 is being downloaded by process %2 (lock %3)")
                                                        .arg(QFileInfo(m_spec.target).fileName())
                                                        .arg(holder)
                                                        .arg(lockPath(m_spec.target))});
        }
        return;
    }

    const QFileInfo part(partPath(m_spec.target));
    const QByteArray etag = readSmallFile(etagPath(m_spec.target));
    const bool resumable = part.isFile() && part.size() > 0 && !etag.isEmpty()
        && (m_spec.bytes < 0 || part.size() <= m_spec.bytes);
    if (!resumable) {
        beginFresh();
        return;
    }
    // Hash what is there first (its own thread), then continue after it.
    m_etag = etag;
    m_hasher.start(part.filePath(), part.size(), [this](const FileHasher::Result &result) {
        if (m_done)
            return;
        if (!result.ok) {
            qInfo("camchat: %s: starting over: %s", qPrintable(m_spec.target), qPrintable(result.error));
            beginFresh();
            return;
        }
        m_hash = result.hash;
        m_offset = result.bytes;
        m_part.setFileName(partPath(m_spec.target));
        if (!m_part.open(QIODevice::WriteOnly | QIODevice::Append)) {
            fail({InferenceErrorCode::DownloadWriteFailed,
                  QStringLiteral("%1: %2").arg(m_part.fileName(), m_part.errorString())});
            return;
        }
        Q_EMIT progress(m_offset, m_spec.bytes);
        if (m_spec.bytes >= 0 && m_offset == m_spec.bytes) {
            complete(); // the previous run had every byte and stopped before the check
            return;
        }
        request(m_spec.url);
    });
}

void FileDownload::beginFresh()
{
    m_hash = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
    m_offset = 0;
    m_etag.clear();
    QFile::remove(etagPath(m_spec.target));
    m_part.close();
    m_part.setFileName(partPath(m_spec.target));
    if (!m_part.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        fail({InferenceErrorCode::DownloadWriteFailed, QStringLiteral("%1: %2").arg(m_part.fileName(), m_part.errorString())});
        return;
    }
    Q_EMIT progress(0, m_spec.bytes);
    request(m_spec.url);
}

void FileDownload::request(const QUrl &url)
{
    m_status = 0;
    m_accepting = false;
    QNetworkRequest req = hub::makeRequest(url, m_spec.authOrigin, m_spec.token);
    if (m_offset > 0) {
        req.setRawHeader("Range", "bytes=" + QByteArray::number(m_offset) + '-');
        if (!m_etag.isEmpty())
            req.setRawHeader("If-Range", m_etag);
    }
    m_reply = m_network->get(req);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &FileDownload::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &FileDownload::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &FileDownload::onReplyFinished);
}

void FileDownload::onMetaData()
{
    if (!m_reply || m_status != 0)
        return;
    m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_status != 200 && m_status != 206)
        return;
    if (m_status == 206) {
        // "bytes START-END/TOTAL": the answer must continue exactly where the part ends.
        static const QRegularExpression range(QStringLiteral("^bytes (\\d+)-(\\d+)/(\\d+|\\*)$"));
        const auto match = range.match(QString::fromLatin1(m_reply->rawHeader("Content-Range")).trimmed());
        if (!match.hasMatch() || match.captured(1).toLongLong() != m_offset) {
            restartFromZero(QStringLiteral("the server answered another range (%1)")
                                .arg(QString::fromLatin1(m_reply->rawHeader("Content-Range"))));
            return;
        }
    } else if (m_offset > 0) {
        // 200 to a Range request: the server ignores ranges, or the file changed (If-Range).
        qInfo("camchat: %s: the server sent the whole file again; starting over", qPrintable(m_spec.target));
        m_hash = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
        m_offset = 0;
        if (!m_part.resize(0) || !m_part.seek(0)) {
            fail({InferenceErrorCode::DownloadWriteFailed, QStringLiteral("%1: %2").arg(m_part.fileName(), m_part.errorString())});
            return;
        }
        Q_EMIT progress(0, m_spec.bytes);
    }
    const QByteArray etag = m_reply->rawHeader("ETag").trimmed();
    // Only a strong validator may go into If-Range.
    if (!etag.isEmpty() && !etag.startsWith("W/")) {
        if (etag != m_etag) {
            m_etag = etag;
            QFile file(etagPath(m_spec.target));
            if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
                file.write(etag + '\n');
        }
    } else if (m_status == 200) {
        m_etag.clear();
        QFile::remove(etagPath(m_spec.target));
    }
    m_accepting = true;
}

void FileDownload::onReadyRead()
{
    if (!m_reply)
        return;
    if (m_status == 0)
        onMetaData();
    if (!m_accepting || !m_reply) {
        if (m_reply)
            m_reply->skip(m_reply->bytesAvailable());
        return;
    }
    const QByteArray data = m_reply->readAll();
    if (data.isEmpty())
        return;
    if (m_spec.bytes >= 0 && m_offset + data.size() > m_spec.bytes) {
        deletePart();
        fail({InferenceErrorCode::ChecksumMismatch,
              QStringLiteral("%1: the server sent more than the expected %2 bytes; the partial file was deleted")
                  .arg(hub::shownUrl(m_spec.url))
                  .arg(m_spec.bytes)});
        return;
    }
    if (m_part.write(data) != data.size()) {
        failWriting(data.size());
        return;
    }
    m_hash->addData(data);
    m_offset += data.size();
    m_retries = 0; // bytes arrived: the connection works, a later drop gets its retries again
    Q_EMIT progress(m_offset, m_spec.bytes);
}

void FileDownload::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply || m_done)
        return;
    if (reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_done || m_reply != reply)
        return;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->deleteLater();

    if (const std::optional<QUrl> target = hub::redirectTarget(reply)) {
        if (++m_redirects > hub::kMaxRedirects) {
            fail({InferenceErrorCode::NetworkError,
                  QStringLiteral("%1: more than %2 redirects").arg(hub::shownUrl(m_spec.url)).arg(hub::kMaxRedirects)});
            return;
        }
        request(*target);
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 416) {
        restartFromZero(QStringLiteral("the server refused the range"));
        return;
    }
    if (status >= 400) {
        const InferenceError error = hub::httpError(status, reply->url());
        if (error.code == InferenceErrorCode::NetworkError)
            retryOrFail(error.detail);
        else
            fail(error);
        return;
    }
    if (reply->error() != QNetworkReply::NoError) {
        retryOrFail(QStringLiteral("%1: %2").arg(hub::shownUrl(reply->url()), reply->errorString()));
        return;
    }
    if (status != 200 && status != 206) {
        retryOrFail(QStringLiteral("%1: unexpected HTTP status %2").arg(hub::shownUrl(reply->url())).arg(status));
        return;
    }
    if (m_spec.bytes >= 0 && m_offset < m_spec.bytes) {
        retryOrFail(QStringLiteral("%1: the connection ended after %2 of %3 bytes")
                        .arg(hub::shownUrl(reply->url()))
                        .arg(m_offset)
                        .arg(m_spec.bytes));
        return;
    }
    complete();
}

void FileDownload::restartFromZero(const QString &why)
{
    qInfo("camchat: %s: starting over: %s", qPrintable(m_spec.target), qPrintable(why));
    dropReply();
    m_part.close();
    m_redirects = 0;
    beginFresh();
}

void FileDownload::retryOrFail(const QString &detail)
{
    m_part.flush();
    if (m_retries < kRetries) {
        ++m_retries;
        const int delayMs = 500 << (m_retries - 1);
        qInfo("camchat: %s: %s; retry %d of %d in %d ms", qPrintable(m_spec.target), qPrintable(detail), m_retries,
              kRetries, delayMs);
        m_retryTimer.start(delayMs);
        return;
    }
    fail({InferenceErrorCode::NetworkError, QStringLiteral("%1 (after %2 retries; %3 of %4 bytes kept in %5)")
                                                .arg(detail)
                                                .arg(kRetries)
                                                .arg(m_offset)
                                                .arg(sizeText(m_spec.bytes))
                                                .arg(partPath(m_spec.target))});
}

void FileDownload::failWriting(qint64 wanted)
{
    const int error = errno;
    const QString dir = QFileInfo(m_spec.target).absolutePath();
    const qint64 free = freeBytes(dir);
    if (error == ENOSPC || error == EDQUOT || (free >= 0 && free < wanted)) {
        fail({InferenceErrorCode::DiskFull, QStringLiteral("%1: disk full (%2 bytes free); %3 bytes kept in %4")
                                                .arg(dir)
                                                .arg(free)
                                                .arg(m_offset)
                                                .arg(partPath(m_spec.target))});
    } else {
        fail({InferenceErrorCode::DownloadWriteFailed, QStringLiteral("%1: %2").arg(m_part.fileName(), m_part.errorString())});
    }
}

void FileDownload::complete()
{
    if (!m_part.flush() || ::fsync(m_part.handle()) != 0) {
        failWriting(0);
        return;
    }
    m_part.close();
    if (m_spec.bytes >= 0 && m_offset != m_spec.bytes) {
        deletePart();
        fail({InferenceErrorCode::ChecksumMismatch,
              QStringLiteral("%1: size: expected %2 bytes, got %3; the file was deleted")
                  .arg(QFileInfo(m_spec.target).fileName())
                  .arg(m_spec.bytes)
                  .arg(m_offset)});
        return;
    }
    const QString actual = QString::fromLatin1(m_hash->result().toHex());
    if (!m_spec.sha256.isEmpty() && actual != m_spec.sha256) {
        deletePart();
        fail({InferenceErrorCode::ChecksumMismatch, QStringLiteral("%1: sha256: expected %2, got %3; the file was deleted")
                                                        .arg(QFileInfo(m_spec.target).fileName(), m_spec.sha256, actual)});
        return;
    }
    bool existed = false;
    QString error;
    if (!publish(partPath(m_spec.target), m_spec.target, &existed, &error)) {
        fail({InferenceErrorCode::DownloadWriteFailed, error});
        return;
    }
    if (existed) {
        qInfo("camchat: %s appeared while downloading; keeping it", qPrintable(m_spec.target));
        QFile::remove(partPath(m_spec.target));
    }
    QFile::remove(etagPath(m_spec.target));
    m_done = true;
    m_lock.release();
    Q_EMIT finished({});
}

void FileDownload::cancel()
{
    if (m_done)
        return;
    fail({InferenceErrorCode::Cancelled,
          QStringLiteral("cancelled; %1 bytes kept in %2").arg(m_offset).arg(partPath(m_spec.target))});
}

void FileDownload::fail(const InferenceError &error)
{
    if (m_done)
        return;
    m_done = true;
    m_hasher.stop();
    m_retryTimer.stop();
    dropReply();
    if (m_part.isOpen()) {
        m_part.flush();
        m_part.close();
    }
    m_lock.release();
    Q_EMIT finished(error);
}

void FileDownload::deletePart()
{
    m_part.close();
    QFile::remove(partPath(m_spec.target));
    QFile::remove(etagPath(m_spec.target));
}

void FileDownload::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

} // namespace camchat::inference
