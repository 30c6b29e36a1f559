#pragma once

#include "downloadlock.h"
#include "filehasher.h"

#include "inference/inferenceerror.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace camchat::inference {

// What to fetch and what it must be.
struct FileDownloadSpec {
    QUrl url;             // the resolve URL or the source's own URL
    QString target;       // where the verified file goes
    qint64 bytes = -1;    // expected size; -1 unknown
    QString sha256;       // expected lower-case hex; "" unknown (then only the size is checked)
    QUrl authOrigin;      // the hub endpoint: the token goes to this origin only
    QByteArray token;     // HF_TOKEN, may be empty
};

// One file from the network into `target`, the way the issue asks:
//  - NAME.lock beside the target keeps a second process off the same file;
//  - bytes go to NAME.part, the server's ETag to NAME.part.etag; a later run resumes the
//    part with Range + If-Range after hashing what is there (on FileHasher's thread);
//    a 200 answer to a Range request (Range ignored, or the file changed) starts over;
//  - redirects are followed here, the token only to the endpoint's origin;
//  - a dropped connection is retried 3 times with backoff (0.5, 1, 2 s), the part kept;
//  - the sha256 is computed as the bytes arrive; a file of the wrong size or hash is
//    deleted with its part; a verified one is renamed into place (never over a file
//    that appeared there meanwhile).
//
// Threads: lives in the thread of the QNetworkAccessManager (the GUI thread); only
// the hashing of an existing part runs elsewhere.
class FileDownload : public QObject
{
    Q_OBJECT

public:
    FileDownload(QNetworkAccessManager *network, FileDownloadSpec spec, QObject *parent = nullptr);
    ~FileDownload() override;

    void start();
    // Stops and keeps NAME.part; finished(Cancelled) follows at once.
    void cancel();

    qint64 received() const { return m_offset; }
    qint64 total() const { return m_spec.bytes; }

    static QString partPath(const QString &target) { return target + QStringLiteral(".part"); }
    static QString etagPath(const QString &target) { return target + QStringLiteral(".part.etag"); }
    static QString lockPath(const QString &target) { return target + QStringLiteral(".lock"); }

    // How many times a dropped connection is tried again.
    static constexpr int kRetries = 3;

Q_SIGNALS:
    void progress(qint64 received, qint64 total);
    // Once; error None when the file is verified and in place.
    void finished(const camchat::inference::InferenceError &error);

private:
    void beginFresh();
    void request(const QUrl &url);
    void onMetaData();
    void onReadyRead();
    void onReplyFinished();
    void retryOrFail(const QString &detail);
    void complete();
    // A write to the part failed: DiskFull when the disk is full, else DownloadWriteFailed.
    void failWriting(qint64 wanted);
    void restartFromZero(const QString &why);
    void fail(const InferenceError &error);
    void deletePart();
    void dropReply();

    QNetworkAccessManager *m_network;
    FileDownloadSpec m_spec;
    DownloadLock m_lock;
    FileHasher m_hasher;
    QFile m_part;
    std::shared_ptr<QCryptographicHash> m_hash;
    QPointer<QNetworkReply> m_reply;
    QTimer m_retryTimer;
    QByteArray m_etag;        // validator of the bytes in the part ("" = none: no resume)
    qint64 m_offset = 0;      // bytes in the part, all hashed
    int m_redirects = 0;
    int m_retries = 0;
    int m_status = 0;         // HTTP status of the current reply
    bool m_accepting = false; // the current reply's body goes into the part
    bool m_done = false;
};

} // namespace camchat::inference
