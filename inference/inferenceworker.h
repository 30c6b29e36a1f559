#pragma once

#include "inferenceerror.h"
#include "modelprofile.h"
#include "stagetimings.h"
#include "vlmbackend.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace camchat::inference {

// Produces the encoder input for a profile's VisionSpec. Runs on the inference thread
// and is timed as the "preprocess" stage. The UI/app builds it from a capture::Frame, so
// this layer never depends on capture/.
using ImagePreparer = std::function<RgbImage(const VisionSpec &spec)>;

struct InferenceRequest {
    std::uint64_t id = 0;  // assigned by InferenceWorker::submit when 0
    ImagePreparer image;   // set: new conversation; empty: follow-up on the current image
    QString prompt;
    std::optional<SamplingParams> sampling; // overrides the profile's
    // Names the image (any number but 0, chosen by the caller): a request about an image
    // prepared with prepareImage() under the same key starts from that preparation.
    std::uint64_t imageKey = 0;
};

struct InferenceResult {
    std::uint64_t requestId = 0;
    QString text;
    StageTimings timings;
};

// Owns the backend and runs requests one at a time.
// Lives in the inference thread (see InferenceThread); every slot runs there, and the
// backend is created, used and destroyed only there. submit() and cancel() may be called
// from any thread. Signals are emitted on the inference thread, except failed(id,
// Cancelled) for a waiting request that submit() or cancel() dropped, which comes from
// the caller's thread: connect with the default (auto) or a queued connection.
class InferenceWorker : public QObject
{
    Q_OBJECT

public:
    explicit InferenceWorker(QObject *parent = nullptr);
    ~InferenceWorker() override;

    // Queues a request; a request still waiting is replaced (it fails with Cancelled).
    // Returns the request id. Thread-safe.
    std::uint64_t submit(InferenceRequest request);
    // Stops the running request within one token, and drops a waiting one. Thread-safe.
    // Affects only requests submitted before the call, never a later one.
    void cancel();

    // Encode on snap: starts preparing `image` for a question not asked yet (preprocess,
    // then VlmBackend::prepare) on a thread of lower CPU priority, as soon as the worker
    // is free and a model is loaded. It replaces an earlier preparation, which stops
    // between chunks. A request with the same imageKey starts from it, waiting for it
    // when it is still running; a request about another image drops it. Thread-safe.
    void prepareImage(std::uint64_t key, ImagePreparer image);
    // Stops the preparation between chunks and forgets it (Stop, a setting). Thread-safe.
    void dropPreparation();
    // Stops a running preparation between chunks, to run it again once the next model is
    // loaded (a model change). Thread-safe.
    void interruptPreparation();

public Q_SLOTS:
    // Reports progress at most ~20 times a second. A load in progress stops early when
    // the thread is asked to quit (QThread::requestInterruption).
    void loadModel(const camchat::inference::ModelProfile &profile, int threads);
    void unloadModel();

Q_SIGNALS:
    void modelLoadProgress(float fraction);
    void modelLoaded(const camchat::inference::ModelProfile &profile);
    void modelLoadFailed(const camchat::inference::InferenceError &error);
    void requestStarted(quint64 requestId);
    // Stage::FirstToken is only ever reported finished (request start -> first token),
    // when the first piece of the answer arrives.
    void stageStarted(quint64 requestId, camchat::inference::Stage stage);
    void stageFinished(quint64 requestId, camchat::inference::Stage stage, qint64 durationUs);
    void token(quint64 requestId, const QString &piece);
    void finished(const camchat::inference::InferenceResult &result);
    void failed(quint64 requestId, const camchat::inference::InferenceError &error);
    // The image prepareImage() named is ready for its question; `durationUs` from the
    // start of its preparation.
    void imagePrepared(quint64 key, qint64 durationUs);

private:
    using Clock = std::chrono::steady_clock;

    struct Pending {
        InferenceRequest request;
        std::uint64_t sequence = 0; // submission order, independent of caller-chosen ids
        Clock::time_point submitted;
    };
    struct PrepareTarget {
        std::uint64_t key = 0;
        ImagePreparer image;
        std::uint64_t sequence = 0;
        bool waitsForLoad = false; // interruptPreparation(): for the next model
    };
    struct Prepared {
        std::uint64_t key = 0;
        std::uint64_t sequence = 0;
        RgbImage image;
        Clock::time_point started;
        Clock::time_point ended;
    };
    class LowPriorityLane;

    void runPending();
    // A backend that waits for the network runs a local event loop on this thread, where
    // queued calls to this worker (a new request, a load) would run inside the one still
    // running. They are held while the worker is busy and queued again after it.
    bool deferWhileBusy(std::function<void()> call);
    void endBusy();
    InferenceError execute(const Pending &pending, InferenceResult &result);
    bool isCancelled(std::uint64_t sequence) const;
    void runPreparation();
    // Under m_mutex: the running preparation stops between chunks.
    void stopPreparationLocked();

    // Inference thread only.
    std::unique_ptr<VlmBackend> m_backend;
    std::optional<ModelProfile> m_profile;
    bool m_busy = false;                        // a load or a request is on the stack
    std::vector<std::function<void()>> m_deferred; // calls that arrived meanwhile, in order
    std::optional<Prepared> m_prepared;         // the backend holds this image's preparation
    std::unique_ptr<LowPriorityLane> m_lane;    // created for the first preparation
    bool m_prepareUnsupportedLogged = false;    // for the model loaded

    std::mutex m_mutex; // guards m_pending, m_nextId and m_nextSequence
    std::optional<Pending> m_pending;
    std::uint64_t m_nextId = 1;
    std::uint64_t m_nextSequence = 1;
    // Every request whose sequence is at most this is cancelled. A watermark rather than
    // a flag: a cancel() can never leak into a request submitted after it, and there is
    // nothing to reset between requests (a reset would race with a late cancel()).
    std::atomic<std::uint64_t> m_cancelledUpTo{0};

    // Guarded by m_mutex: the image to prepare, and the sequence for the next one.
    std::optional<PrepareTarget> m_prepareTarget;
    std::uint64_t m_nextPrepareSequence = 1;
    // Every preparation whose sequence is at most this stops (as m_cancelledUpTo).
    std::atomic<std::uint64_t> m_preparationsStoppedUpTo{0};
};

} // namespace camchat::inference

Q_DECLARE_METATYPE(camchat::inference::InferenceResult)
Q_DECLARE_METATYPE(camchat::inference::Stage)
