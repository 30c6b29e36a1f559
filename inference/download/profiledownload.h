#pragma once

#include "filehasher.h"

#include "inference/inferenceerror.h"
#include "inference/modelprofile.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace camchat::inference {

class FileDownload;

// Brings every missing file of one profile into place from its source:
//  1. the files that are not there yet (a target that exists is left alone);
//  2. for a hub source whose file lacks a size or sha256: the hub's tree API
//     ({endpoint}/api/models/{repo}/tree/{revision}); the hub's size wins over the
//     profile's (the difference is logged), a sha256 pinned in the profile is kept;
//     for a file with its own URL and no size: a HEAD (X-Linked-Size or Content-Length,
//     X-Linked-Etag as the sha256 when it is one);
//  3. free space (statvfs) for what is still to fetch;
//  4. per file: a copy in llama.cpp's or the hub's cache of the right size and sha256
//     (remembered in VerifiedFiles) becomes a symbolic link at the target; otherwise a
//     FileDownload fetches it.
//
// Threads: lives in the GUI thread (or any thread with an event loop); owns its network
// access manager, so several profiles download side by side.
class ProfileDownload : public QObject
{
    Q_OBJECT

public:
    explicit ProfileDownload(ModelProfile profile, QObject *parent = nullptr);
    ~ProfileDownload() override;

    const ModelProfile &profile() const { return m_profile; }
    void start();
    // Stops; partial files are kept; finished(Cancelled) follows at once.
    void cancel();

    qint64 received() const;    // bytes of the files to fetch that are here (parts included)
    qint64 total() const;       // bytes of the files to fetch; -1 while a size is unknown
    QString currentFile() const { return m_current; }

Q_SIGNALS:
    void progressChanged();
    // Once. None: every file is in place and verified.
    void finished(const camchat::inference::InferenceError &error);

private:
    struct Item {
        SourceFile source;
        QString target;
        qint64 received = 0;
        bool done = false;
        bool headDone = false;
    };

    // A request whose redirects are followed here (the token to the endpoint only).
    void follow(const QByteArray &method, const QUrl &url, int redirects, std::function<void(QNetworkReply *)> done);
    void fetchTree();
    void fetchHeads();
    void onTreeReply(QNetworkReply *reply, const QString &folder);
    void afterMetadata();
    void next();
    void tryCache(int index, QStringList candidates);
    void download(int index);
    void finish(const InferenceError &error);

    ModelProfile m_profile;
    QList<Item> m_items;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QPointer<QNetworkReply> m_metaReply;
    QStringList m_pendingFolders;
    FileHasher m_hasher;
    FileDownload *m_file = nullptr;
    QString m_current;
    int m_index = -1;
    bool m_done = false;
};

} // namespace camchat::inference
