#include "modelcatalog.h"

#include "remoteserver.h"
#include "settingskeys.h"

#include "inference/inferenceworker.h"

#include <QFileInfo>
#include <QSettings>

#include <algorithm>

namespace camchat::session {

namespace {

qsizetype commonStart(const QString &a, const QString &b)
{
    const qsizetype n = std::min(a.size(), b.size());
    qsizetype i = 0;
    while (i < n && a.at(i) == b.at(i))
        ++i;
    return i;
}

QString knownProfileIds(const QList<inference::ProfileLoadResult> &results)
{
    QStringList ids;
    for (const inference::ProfileLoadResult &result : results) {
        if (result.profile)
            ids.append(result.profile->id);
    }
    return ids.join(QStringLiteral(", "));
}

} // namespace

QString fileDownloadStateName(FileDownloadState state)
{
    switch (state) {
    case FileDownloadState::Missing: return QStringLiteral("missing");
    case FileDownloadState::Partial: return QStringLiteral("partial");
    case FileDownloadState::Ready: return QStringLiteral("ready");
    }
    return QStringLiteral("missing");
}

bool ModelEntry::partiallyDownloaded() const
{
    return std::any_of(fileStatus.cbegin(), fileStatus.cend(),
                       [](const ModelFileStatus &file) { return file.state == FileDownloadState::Partial; });
}

bool ModelEntry::hasDownloadedFiles() const
{
    return std::any_of(fileStatus.cbegin(), fileStatus.cend(),
                       [](const ModelFileStatus &file) { return file.state != FileDownloadState::Missing; });
}

ModelEntry entryFor(const inference::ModelProfile &profile)
{
    ModelEntry entry;
    entry.profile = profile;
    entry.missingFiles = profile.missingFiles();
    entry.downloadable = profile.source.has_value();
    qint64 total = 0;
    qint64 toFetch = 0;
    for (const inference::ModelFile &file : profile.files) {
        ModelFileStatus status;
        status.role = file.role;
        status.path = file.path;
        if (profile.source) {
            if (const inference::SourceFile *source = profile.source->file(file.role)) {
                status.name = source->name;
                status.bytes = source->bytes;
                status.sha256 = source->sha256;
            }
        }
        const QFileInfo info(file.path);
        const QFileInfo part(file.path + QStringLiteral(".part"));
        if (file.exists()) {
            status.state = FileDownloadState::Ready;
            if (status.bytes < 0)
                status.bytes = info.size();
        } else if (part.isFile()) {
            status.state = FileDownloadState::Partial;
            status.partBytes = part.size();
        }
        total = (total < 0 || status.bytes < 0) ? -1 : total + status.bytes;
        if (status.state != FileDownloadState::Ready)
            toFetch = (toFetch < 0 || status.bytes < 0) ? -1 : toFetch + std::max<qint64>(0, status.bytes - status.partBytes);
        entry.fileStatus.append(status);
    }
    entry.totalBytes = total;
    entry.downloadBytes = toFetch;
    return entry;
}

std::optional<inference::ModelProfile> cpuFallbackFor(const inference::ModelProfile &chosen,
                                                      const QList<inference::ModelProfile> &profiles)
{
    if (chosen.backend == inference::BackendKind::Llama || chosen.family.isEmpty())
        return std::nullopt;
    std::optional<inference::ModelProfile> best;
    qsizetype bestShared = -1;
    for (const inference::ModelProfile &candidate : profiles) {
        if (candidate.backend != inference::BackendKind::Llama || candidate.family != chosen.family
            || !candidate.filesPresent())
            continue;
        // The same size of the same model is the closest stand-in; ties go to the smallest
        // id so the offer does not depend on the order the profiles came in.
        const qsizetype shared = commonStart(candidate.id, chosen.id);
        if (!best || shared > bestShared || (shared == bestShared && candidate.id < best->id)) {
            best = candidate;
            bestShared = shared;
        }
    }
    return best;
}

bool cpuFallbackHelps(inference::InferenceErrorCode code)
{
    using inference::InferenceErrorCode;
    switch (code) {
    case InferenceErrorCode::BackendUnavailable:
    case InferenceErrorCode::ModelLoadFailed:
    // A model server that is down or too slow: the local model answers meanwhile.
    case InferenceErrorCode::ServerUnreachable:
    case InferenceErrorCode::ServerTimeout:
    case InferenceErrorCode::ServerStalled:
    case InferenceErrorCode::ConnectionDropped:
        return true;
    default:
        return false;
    }
}

ModelCatalog::ModelCatalog(inference::InferenceWorker *worker, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
{
    if (!m_worker)
        return;
    // Queued explicitly: the worker lives in the inference thread, and every answer should
    // arrive the same way whichever thread sent it.
    const auto queued = Qt::QueuedConnection;
    connect(m_worker, &inference::InferenceWorker::modelLoadProgress, this, [this](float fraction) {
        if (m_pendingLoads > 0)
            Q_EMIT loadProgress(std::clamp(fraction, 0.0f, 1.0f));
    }, queued);
    connect(m_worker, &inference::InferenceWorker::modelLoaded, this, &ModelCatalog::onLoaded, queued);
    connect(m_worker, &inference::InferenceWorker::modelLoadFailed, this, &ModelCatalog::onLoadFailed, queued);
}

void ModelCatalog::reload()
{
    m_entries.clear();
    m_problems.clear();
    const QList<inference::ProfileLoadResult> results = inference::ModelProfiles::all();
    for (const inference::ProfileLoadResult &result : results) {
        if (!result.profile) {
            m_problems.append(result.error);
            continue;
        }
        m_entries.append(entryFor(*result.profile));
    }
    // The server set in Settings → Remote server, unless a profile file has taken its id.
    if (!entry(QLatin1String(kRemoteServerProfileId))) {
        const inference::ProfileLoadResult remote = remoteServerProfile(remoteServerFromSettings(), profiles());
        if (remote.profile)
            m_entries.append(entryFor(*remote.profile));
        else if (remote.error)
            m_problems.append(remote.error);
    }
    Q_EMIT profilesChanged();
}

QList<inference::ModelProfile> ModelCatalog::profiles() const
{
    QList<inference::ModelProfile> list;
    list.reserve(m_entries.size());
    for (const ModelEntry &entry : m_entries)
        list.append(entry.profile);
    return list;
}

std::optional<ModelEntry> ModelCatalog::entry(const QString &id) const
{
    for (const ModelEntry &entry : m_entries) {
        if (entry.profile.id == id)
            return entry;
    }
    return std::nullopt;
}

bool ModelCatalog::anyReady() const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(), [](const ModelEntry &entry) { return entry.isReady(); });
}

QString ModelCatalog::rememberedId()
{
    return QSettings().value(settingsKey(settings::kModelProfile)).toString();
}

bool ModelCatalog::isCurrent(const QString &id) const
{
    return (m_pendingLoads > 0 && m_requested.id == id) || (m_pendingLoads == 0 && m_loaded && m_loaded->id == id);
}

bool ModelCatalog::choose(const QString &id)
{
    const std::optional<ModelEntry> chosen = entry(id);
    if (!chosen || !chosen->profile.filesPresent())
        return false;
    QSettings().setValue(settingsKey(settings::kModelProfile), id);
    return true;
}

void ModelCatalog::load(const inference::ModelProfile &profile, int threads)
{
    m_loaded.reset();
    m_requested = profile;
    m_threads = threads;
    ++m_pendingLoads;
    Q_EMIT loadStarted(profile);
    if (!m_worker)
        return;
    inference::InferenceWorker *worker = m_worker;
    // An image being prepared for the old model is prepared again for the new one.
    worker->interruptPreparation();
    QMetaObject::invokeMethod(worker, [worker, profile, threads] { worker->loadModel(profile, threads); },
                              Qt::QueuedConnection);
}

std::optional<inference::ModelProfile> ModelCatalog::reloadFor(int threads) const
{
    if (threads == m_threads)
        return std::nullopt;
    if (isLoading())
        return m_requested;
    return m_loaded;
}

void ModelCatalog::onLoaded(const inference::ModelProfile &profile)
{
    m_pendingLoads = std::max(m_pendingLoads - 1, 0);
    if (m_pendingLoads > 0)
        return; // a newer choice is on its way
    m_loaded = profile;
    Q_EMIT modelReady(profile);
}

void ModelCatalog::onLoadFailed(const inference::InferenceError &error)
{
    m_pendingLoads = std::max(m_pendingLoads - 1, 0);
    if (m_pendingLoads > 0)
        return;
    m_loaded.reset();
    Q_EMIT loadFailed(m_requested, error);
}

std::optional<inference::ModelProfile> ModelCatalog::fallbackAfter(const inference::ModelProfile &failed,
                                                                   const inference::InferenceError &error) const
{
    if (!cpuFallbackHelps(error.code))
        return std::nullopt;
    return cpuFallbackFor(failed, profiles());
}

ProfileResolution ModelCatalog::resolve(const QString &idOrPath)
{
    using inference::InferenceErrorCode;
    using inference::ModelProfiles;
    ProfileResolution resolution;
    const QList<inference::ProfileLoadResult> results = ModelProfiles::all();
    if (idOrPath.isEmpty()) {
        for (const inference::ProfileLoadResult &result : results) {
            if (result.profile && result.profile->filesPresent()) {
                resolution.profile = result.profile;
                return resolution;
            }
        }
        resolution.problem = ProfileResolution::Problem::NoneReady;
        resolution.error = {InferenceErrorCode::ModelFileMissing,
                            QStringLiteral("no profile has its model files present (profiles: %1; user profiles in %2)")
                                .arg(knownProfileIds(results), ModelProfiles::userProfileDir())};
        return resolution;
    }

    for (const inference::ProfileLoadResult &result : results) {
        if (result.profile && result.profile->id == idOrPath) {
            resolution.profile = result.profile;
            return resolution;
        }
    }
    const QFileInfo file(idOrPath);
    if (file.isFile() || idOrPath.endsWith(QLatin1String(".json"), Qt::CaseInsensitive)
        || idOrPath.contains(QLatin1Char('/'))) {
        inference::ProfileLoadResult loaded = ModelProfiles::loadFile(file.absoluteFilePath());
        if (!loaded.profile) {
            resolution.problem = ProfileResolution::Problem::Invalid;
            resolution.error = loaded.error ? loaded.error
                                            : inference::InferenceError{InferenceErrorCode::ProfileInvalid,
                                                                        file.absoluteFilePath()};
            return resolution;
        }
        resolution.profile = loaded.profile;
        return resolution;
    }
    resolution.problem = ProfileResolution::Problem::UnknownId;
    resolution.error = {InferenceErrorCode::ProfileInvalid,
                        QStringLiteral("no profile with id '%1' and no such file (profiles: %2)")
                            .arg(idOrPath, knownProfileIds(results))};
    return resolution;
}

} // namespace camchat::session
