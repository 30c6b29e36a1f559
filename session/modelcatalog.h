#pragma once

#include "inference/inferenceerror.h"
#include "inference/modelprofile.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace camchat::inference {
class InferenceWorker;
}

namespace camchat::session {

// The CPU (llama) profile to offer when `chosen`, an NPU (rk) or model-server (openai)
// profile, cannot run: one of the same family whose files are all present. Among several, the one whose id shares
// the longest start with `chosen`'s ("smolvlm-256m-npu" -> "smolvlm-256m-cpu" before
// "smolvlm-500m-cpu"), then the smallest id. Nothing for a non-rk or family-less profile.
std::optional<inference::ModelProfile> cpuFallbackFor(const inference::ModelProfile &chosen,
                                                      const QList<inference::ModelProfile> &profiles);

// Whether a CPU model could help after a load or a question failed with `code`: the NPU
// runtime is missing or refused the files, or the model server is unreachable, too slow
// or dropped the answer. Other codes (a missing file, a bad profile, a rejected key) are
// the user's to fix and a CPU model would only hide them.
bool cpuFallbackHelps(inference::InferenceErrorCode code);

// Where one file of a profile stands, as far as can be told offline.
enum class FileDownloadState {
    Missing, // neither the file nor a partial download is there
    Partial, // NAME.part is there: `pull` / start() resumes it
    Ready,   // the file is in place (or a link to a verified file in a llama.cpp / hub cache)
};

// The stable name of a state: "missing", "partial", "ready" (models --json).
QString fileDownloadStateName(FileDownloadState state);

struct ModelFileStatus {
    QString role;      // "model", "mmproj", "encoder", "llm"
    QString path;      // where the profile expects it (ModelFile::path)
    QString name;      // the name in the source ("" without a source)
    qint64 bytes = -1; // its size: from the source, else the file on disk; -1 unknown
    QString sha256;    // from the source; "" unknown
    FileDownloadState state = FileDownloadState::Missing;
    qint64 partBytes = 0; // bytes already in NAME.part (Partial)
};

// One profile as the catalogue lists it.
struct ModelEntry {
    inference::ModelProfile profile;
    // What keeps it from loading now: the paths of its files that are not there (in role
    // order). Empty for a profile that is ready.
    QStringList missingFiles;
    bool isReady() const { return missingFiles.isEmpty(); }

    // Download view, computed offline from the profile and the disk (no network):
    QList<ModelFileStatus> fileStatus; // one per profile file, in role order
    qint64 downloadBytes = -1;         // still to fetch for the files not ready (0 when ready); -1 unknown
    qint64 totalBytes = -1;            // all files; -1 when a size is unknown
    bool downloadable = false;         // the profile has a source block

    // Some file has a NAME.part that a download would resume.
    bool partiallyDownloaded() const;
    // Some file or partial file is in the model folder (what remove() would take away).
    bool hasDownloadedFiles() const;
};

// The entry the catalogue lists for `profile`, readiness and download view computed from
// the disk (no network).
ModelEntry entryFor(const inference::ModelProfile &profile);

// What resolve() makes of a profile id or JSON path (the command line's --model).
struct ProfileResolution {
    enum class Problem {
        None,
        NoneReady,   // no name given, and no profile has all its files
        UnknownId,   // neither a profile id nor a profile file
        Invalid,     // a profile file that does not parse
    };
    std::optional<inference::ModelProfile> profile;
    Problem problem = Problem::None;
    // The technical side of the problem (ids known, the JSON path and bad field).
    inference::InferenceError error;
};

// The models camchat knows: the built-in and the user's profiles with their readiness,
// the one the user chose (remembered in QSettings), and the one the worker has loaded or
// is loading, with its progress. After a load failed on the NPU it names the CPU profile
// to offer instead.
//
// Readiness is "every file the profile names exists": a profile that names no files (a
// backend without local files) is ready as it is.
//
// Threads: lives in the GUI thread (any thread with an event loop). The worker lives in
// the inference thread; it is told to load by a queued call and answers with queued
// signals. Without a worker the catalogue only lists and resolves.
class ModelCatalog : public QObject
{
    Q_OBJECT

public:
    explicit ModelCatalog(inference::InferenceWorker *worker = nullptr, QObject *parent = nullptr);

    // Reads the profiles again (built-in first, then the user's); profilesChanged() follows.
    void reload();
    QList<ModelEntry> entries() const { return m_entries; }
    QList<inference::ModelProfile> profiles() const;
    std::optional<ModelEntry> entry(const QString &id) const;
    // Some profile is ready to load.
    bool anyReady() const;
    // The profiles that could not be read, each with its file and the bad field.
    QList<inference::InferenceError> problems() const { return m_problems; }

    // The id the user chose last (QSettings), whether or not it is listed now.
    static QString rememberedId();
    // Remembers `id` and loads it unless it is loaded or loading already. False when no
    // ready profile has that id.
    bool choose(const QString &id);
    // Loads `profile` with `threads` (0 = automatic), replacing whatever is loaded;
    // loadStarted() follows at once, then loadProgress(), then modelReady() or loadFailed().
    void load(const inference::ModelProfile &profile, int threads);

    // The model questions go to; empty while loading or after a failure.
    std::optional<inference::ModelProfile> loadedProfile() const { return m_loaded; }
    // The latest profile asked for (loading, loaded or failed).
    inference::ModelProfile requestedProfile() const { return m_requested; }
    bool isLoading() const { return m_pendingLoads > 0; }
    // The thread count of the latest load.
    int loadedThreads() const { return m_threads; }
    // The model to load again for it to use `threads` (the thread count is fixed when a
    // model loads): the one loading or loaded; none when there is none or it uses them.
    std::optional<inference::ModelProfile> reloadFor(int threads) const;
    // `id` is what the worker has or is about to have.
    bool isCurrent(const QString &id) const;

    // After `failed` could not load with `error`: the CPU profile that could take over.
    std::optional<inference::ModelProfile> fallbackAfter(const inference::ModelProfile &failed,
                                                         const inference::InferenceError &error) const;

    // How the command line's --model is understood: empty = the first ready profile; a
    // profile id; or a profile JSON file (by path).
    static ProfileResolution resolve(const QString &idOrPath);

Q_SIGNALS:
    void profilesChanged();
    void loadStarted(const camchat::inference::ModelProfile &profile);
    // 0..1 while the newest load runs.
    void loadProgress(float fraction);
    void modelReady(const camchat::inference::ModelProfile &profile);
    void loadFailed(const camchat::inference::ModelProfile &profile, const camchat::inference::InferenceError &error);

private:
    void onLoaded(const inference::ModelProfile &profile);
    void onLoadFailed(const inference::InferenceError &error);

    inference::InferenceWorker *m_worker = nullptr;
    QList<ModelEntry> m_entries;
    QList<inference::InferenceError> m_problems;
    std::optional<inference::ModelProfile> m_loaded;
    inference::ModelProfile m_requested;
    int m_pendingLoads = 0; // loads sent to the worker and not yet answered
    int m_threads = 0;
};

} // namespace camchat::session
