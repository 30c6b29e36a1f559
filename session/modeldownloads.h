#pragma once

#include "inference/inferenceerror.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace camchat::inference {
class ProfileDownload;
}

namespace camchat::session {

class ModelCatalog;

// How far one download (or all of them, summed) has come.
struct DownloadProgress {
    QString profileId;
    qint64 received = 0;        // bytes in place or in NAME.part, counting what a resume kept
    qint64 total = -1;          // all bytes to have; -1 while unknown (before the hub answered)
    double bytesPerSecond = 0;  // recent rate of this session's transfer
    QString currentFile;        // the file name being fetched or checked
};

// The model downloads the window and `camchat models pull` share: fetches every missing
// file of a profile from its "source" (the Hugging Face hub or plain URLs), resuming a
// NAME.part, verifying size and sha256, reusing files already in llama.cpp's or the hub's
// cache; then the catalogue reloads so the profile is ready. Several profiles may download
// at once; each is independent. Downloads run on without blocking (the network in this
// thread's event loop, hashing on a helper thread) and outlive any dialog showing them.
//
// Threads: lives in the GUI thread (any thread with an event loop); every signal is
// emitted there.
class ModelDownloads : public QObject
{
    Q_OBJECT

public:
    explicit ModelDownloads(ModelCatalog *catalog, QObject *parent = nullptr);
    ~ModelDownloads() override;

    // Fetches every missing file of `profileId`. False (and no signal) when the id is
    // unknown, the profile has no source, or it is downloading already. A profile whose
    // files are all there finishes at once (started() then finished()).
    bool start(const QString &profileId);
    // Stops the download and keeps its NAME.part for a later start(); cancelled() follows.
    void cancel(const QString &profileId);
    bool isActive(const QString &profileId) const;
    QStringList activeIds() const;
    std::optional<DownloadProgress> progress(const QString &profileId) const;
    // Summed over the active downloads (profileId empty; total -1 if any is unknown).
    DownloadProgress overall() const;

    // Deletes the profile's downloaded files and partial files in its model folder. A
    // file that is a link into a llama.cpp or hub cache loses the link only: files of
    // other programs' caches are never deleted. Refused (DownloadBusy) while downloading,
    // NoDownloadSource for a profile without a source (camchat did not download it).
    // The catalogue reloads.
    inference::InferenceError remove(const QString &profileId);

Q_SIGNALS:
    void started(const QString &profileId);
    void progressChanged(const QString &profileId);
    // Every file verified and in place; the catalogue has reloaded, so the profile is ready.
    void finished(const QString &profileId);
    void failed(const QString &profileId, const camchat::inference::InferenceError &error);
    // After cancel(): the partial files are kept.
    void cancelled(const QString &profileId);

private:
    struct Active;
    void onProgress(const QString &profileId);
    void onDone(const QString &profileId, const inference::InferenceError &error);

    QPointer<ModelCatalog> m_catalog;
    QHash<QString, std::shared_ptr<Active>> m_active;
};

} // namespace camchat::session

Q_DECLARE_METATYPE(camchat::session::DownloadProgress)
