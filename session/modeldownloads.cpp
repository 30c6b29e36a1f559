#include "modeldownloads.h"

#include "modelcatalog.h"

#include "inference/download/filedownload.h"
#include "inference/download/hublocations.h"
#include "inference/download/profiledownload.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <deque>
#include <utility>

namespace camchat::session {

using inference::InferenceError;
using inference::InferenceErrorCode;

namespace {

// Progress signals at most this often per download (a fast link delivers thousands of
// chunks a second); the last state always gets one.
constexpr qint64 kProgressIntervalMs = 100;
// The speed is measured over this recent window.
constexpr qint64 kRateWindowMs = 5000;

} // namespace

struct ModelDownloads::Active {
    std::unique_ptr<inference::ProfileDownload> download;
    DownloadProgress progress;
    QElapsedTimer clock;
    qint64 lastSignalMs = -kProgressIntervalMs;
    std::deque<std::pair<qint64, qint64>> samples; // (ms, received)
};

ModelDownloads::ModelDownloads(ModelCatalog *catalog, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
{
    qRegisterMetaType<camchat::inference::InferenceError>();
    qRegisterMetaType<camchat::session::DownloadProgress>();
}

ModelDownloads::~ModelDownloads()
{
    // Partial files stay for the next run; no signal from a dying object.
    for (const std::shared_ptr<Active> &active : std::as_const(m_active))
        active->download->disconnect(this);
    m_active.clear();
}

bool ModelDownloads::start(const QString &profileId)
{
    if (m_active.contains(profileId) || !m_catalog)
        return false;
    const std::optional<ModelEntry> entry = m_catalog->entry(profileId);
    if (!entry || !entry->profile.source)
        return false;
    auto active = std::make_shared<Active>();
    active->download = std::make_unique<inference::ProfileDownload>(entry->profile);
    active->progress.profileId = profileId;
    active->clock.start();
    connect(active->download.get(), &inference::ProfileDownload::progressChanged, this,
            [this, profileId] { onProgress(profileId); });
    connect(active->download.get(), &inference::ProfileDownload::finished, this,
            [this, profileId](const InferenceError &error) { onDone(profileId, error); });
    m_active.insert(profileId, active);
    active->download->start();
    Q_EMIT started(profileId);
    return true;
}

void ModelDownloads::cancel(const QString &profileId)
{
    const auto it = m_active.constFind(profileId);
    if (it != m_active.constEnd())
        it.value()->download->cancel();
}

bool ModelDownloads::isActive(const QString &profileId) const
{
    return m_active.contains(profileId);
}

QStringList ModelDownloads::activeIds() const
{
    QStringList ids = m_active.keys();
    ids.sort();
    return ids;
}

std::optional<DownloadProgress> ModelDownloads::progress(const QString &profileId) const
{
    const auto it = m_active.constFind(profileId);
    if (it == m_active.constEnd())
        return std::nullopt;
    return it.value()->progress;
}

DownloadProgress ModelDownloads::overall() const
{
    DownloadProgress sum;
    sum.total = 0;
    for (const std::shared_ptr<Active> &active : m_active) {
        sum.received += active->progress.received;
        sum.bytesPerSecond += active->progress.bytesPerSecond;
        if (active->progress.total < 0 || sum.total < 0)
            sum.total = -1;
        else
            sum.total += active->progress.total;
        if (sum.currentFile.isEmpty())
            sum.currentFile = active->progress.currentFile;
    }
    if (m_active.isEmpty())
        sum.total = -1;
    return sum;
}

void ModelDownloads::onProgress(const QString &profileId)
{
    const auto it = m_active.constFind(profileId);
    if (it == m_active.constEnd())
        return;
    Active &active = *it.value();
    const qint64 now = active.clock.elapsed();
    DownloadProgress &p = active.progress;
    p.received = active.download->received();
    p.total = active.download->total();
    p.currentFile = active.download->currentFile();
    active.samples.emplace_back(now, p.received);
    while (active.samples.size() > 2 && active.samples.front().first < now - kRateWindowMs)
        active.samples.pop_front();
    const auto &[firstMs, firstBytes] = active.samples.front();
    if (now > firstMs && p.received >= firstBytes)
        p.bytesPerSecond = static_cast<double>(p.received - firstBytes) * 1000.0 / static_cast<double>(now - firstMs);
    else if (p.received < firstBytes) // started over: forget the old rate
        active.samples.clear();
    if (now - active.lastSignalMs < kProgressIntervalMs && !(p.total > 0 && p.received == p.total))
        return;
    active.lastSignalMs = now;
    Q_EMIT progressChanged(profileId);
}

void ModelDownloads::onDone(const QString &profileId, const InferenceError &error)
{
    const auto it = m_active.find(profileId);
    if (it == m_active.end())
        return;
    // The download object is being used by its own signal: delete it afterwards.
    std::shared_ptr<Active> active = it.value();
    m_active.erase(it);
    active->download->disconnect(this);
    active->download.release()->deleteLater();

    // The catalogue first: whoever hears finished() finds the profile ready (and after a
    // cancel or failure, its partial state).
    if (m_catalog)
        m_catalog->reload();
    if (!error)
        Q_EMIT finished(profileId);
    else if (error.code == InferenceErrorCode::Cancelled)
        Q_EMIT cancelled(profileId);
    else
        Q_EMIT failed(profileId, error);
}

InferenceError ModelDownloads::remove(const QString &profileId)
{
    if (!m_catalog)
        return {InferenceErrorCode::ProfileInvalid, QStringLiteral("no catalogue")};
    const std::optional<ModelEntry> entry = m_catalog->entry(profileId);
    if (!entry)
        return {InferenceErrorCode::ProfileInvalid, QStringLiteral("unknown profile %1").arg(profileId)};
    if (!entry->profile.source)
        return {InferenceErrorCode::NoDownloadSource,
                QStringLiteral("profile %1 has no \"source\" block: its files were not downloaded by camchat")
                    .arg(profileId)};
    if (m_active.contains(profileId))
        return {InferenceErrorCode::DownloadBusy, QStringLiteral("%1 is downloading").arg(profileId)};

    QStringList failures;
    const auto removeFile = [&failures](const QString &path) {
        QFile file(path);
        if (QFileInfo(path).isSymLink() || file.exists()) {
            if (!file.remove())
                failures.append(QStringLiteral("%1: %2").arg(path, file.errorString()));
        }
    };
    for (const inference::ModelFile &file : entry->profile.files) {
        const QFileInfo info(file.path);
        if (info.isSymLink()) {
            removeFile(file.path); // the link only: the cache's file stays
        } else if (info.exists() && !inference::hub::isInForeignCache(file.path)) {
            removeFile(file.path);
        }
        removeFile(inference::FileDownload::partPath(file.path));
        removeFile(inference::FileDownload::etagPath(file.path));
    }
    m_catalog->reload();
    if (!failures.isEmpty())
        return {InferenceErrorCode::DownloadWriteFailed, failures.join(QStringLiteral("; "))};
    return {};
}

} // namespace camchat::session
