#pragma once

#include "inferenceerror.h"
#include "inferenceworker.h"
#include "modelprofile.h"
#include "stagetimings.h"
#include "vlmbackend.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>

class QThreadPool;
class QTimer;

namespace camchat::inference {

// A picture ready for the encoder, made by the caller's provider.
struct CaptionImage {
    RgbImage image;                      // an invalid image makes the caption fail (ImageInvalid)
    std::int64_t timestampNs = 0;        // when the picture was taken (the caller's clock)
    std::shared_ptr<const void> context; // the caller's own data, handed back with the caption
};

// Captures and prepares the next picture for `spec`, or returns nothing when there is no
// picture right now (the pipeline asks again a little later). Runs on the pipeline's
// background thread, never on the caller's or the inference thread: must be thread-safe
// with respect to the caller's own use of its data.
using CaptionImageProvider = std::function<std::optional<CaptionImage>(const VisionSpec &spec)>;

struct CaptionPipelineOptions {
    QString prompt;
    std::optional<SamplingParams> sampling; // empty: the profile's
    // Captions back to back while running; false: only when requestCaption() asks.
    bool continuous = true;
    // Prepares the next picture while the model decodes, so the next vision encode
    // follows the previous answer without a gap. Off: capture + preprocess only after the
    // previous caption has finished.
    bool overlap = true;
    int retryInitialMs = 1000; // first retry after a failed caption, doubling ...
    int retryMaxMs = 30000;    // ... up to this
    int reloadAfterFailures = 3; // consecutive failures before the model is reloaded (0 = never)
    int modelThreads = 0;      // for reloads (0 = the backend's default)
    int noPictureRetryMs = 100; // ask the provider again after this when it had nothing
};

struct CaptionStats {
    std::uint64_t captions = 0;
    std::uint64_t failures = 0;
    std::uint64_t reloads = 0;
    int consecutiveFailures = 0;
    std::int64_t wallUs = 0; // running time since start() / resetStats()
    std::int64_t busyUs = 0; // of it, vision encode + prefill + decode
    double busyFraction = 0;      // busyUs / wallUs, 0..1
    double captionsPerMinute = 0;
};

// Keeps the model busy with captions of whatever the provider sees, one request at a time
// through the InferenceWorker; retries failures with exponential backoff and reloads the
// model after repeated failures. Qt Core only.
//
// Threads: lives in its creator's thread (needs an event loop; normally the GUI thread);
// every public function is called there and every signal is emitted there. The provider
// runs on a private one-thread pool. The worker (in the inference thread) is used only
// through submit()/cancel(), queued loadModel() and its signals; it must outlive this.
class CaptionPipeline : public QObject
{
    Q_OBJECT

public:
    CaptionPipeline(InferenceWorker *worker, CaptionImageProvider provider, QObject *parent = nullptr);
    // Stops, cancels our request on the worker and waits for the provider to return.
    ~CaptionPipeline() override;

    void setOptions(const CaptionPipelineOptions &options);
    CaptionPipelineOptions options() const { return m_options; }

    // The profile the worker runs (its VisionSpec is what the provider prepares for) and
    // the one reloaded after repeated failures. `loaded` = the worker has it loaded now;
    // otherwise the pipeline loads it when started (and reports modelReady()).
    void setProfile(const ModelProfile &profile, bool loaded);
    bool isModelReady() const { return m_modelReady; }

    void start();
    // Cancels the caption in progress; nothing is emitted for it afterwards.
    void stop();
    bool isRunning() const { return m_running; }

    // Paused: no new caption starts (one already on the worker finishes); a retry or a
    // request waits for resume. For a source without a picture.
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    // Captions once as soon as possible (in continuous mode: nothing to do). Returns false
    // when not running or when a caption is already on its way and nothing can be added.
    bool requestCaption();
    // A caption is being prepared, waiting on the worker or running.
    bool isBusy() const;

    CaptionStats stats() const;
    // Restarts the throughput and busy measurements (e.g. after a warm-up).
    void resetStats();

Q_SIGNALS:
    // Emitted when the worker starts the caption's request.
    void captionStarted(quint64 captionId, qint64 frameTimestampNs, std::shared_ptr<const void> context);
    void captionUpdated(quint64 captionId, const QString &textSoFar);
    void captionFinished(quint64 captionId, const QString &text, const camchat::inference::StageTimings &timings);
    // `retryInMs`: when the next attempt comes; 0 when one is already on its way, -1 when
    // a reload comes first (modelReloading()).
    void captionFailed(quint64 captionId, const camchat::inference::InferenceError &error, int retryInMs);
    // The provider had no picture; asked again after noPictureRetryMs.
    void noPicture();
    void modelReloading();
    void modelReady();
    void modelLoadFailed(const camchat::inference::InferenceError &error, int retryInMs);
    void statsChanged();

private:
    struct Shared;
    // One caption from the provider call to the worker's answer.
    struct Caption {
        quint64 id = 0;
        bool submitted = false; // handed to the worker (false: the provider is running)
        bool started = false;   // the worker started it
        bool decoding = false;  // the worker is decoding its answer
        QString text;
    };

    void pump();
    void launchPrepare();
    void onPrepared(quint64 id, bool submitted);
    void onRequestStarted(quint64 id);
    void onStageStarted(quint64 id, camchat::inference::Stage stage);
    void onStageFinished(quint64 id, camchat::inference::Stage stage, qint64 durationUs);
    void onToken(quint64 id, const QString &piece);
    void onFinished(const camchat::inference::InferenceResult &result);
    void onFailed(quint64 id, const camchat::inference::InferenceError &error);
    void onModelLoaded(const camchat::inference::ModelProfile &profile);
    void onModelLoadFailed(const camchat::inference::InferenceError &error);
    void requestLoad();
    void waitThenPump(int ms);
    void forget(quint64 id);
    int nextBackoffMs();
    Caption *find(quint64 id);
    void remove(quint64 id);

    InferenceWorker *m_worker;
    std::shared_ptr<Shared> m_shared;
    std::unique_ptr<QThreadPool> m_pool;
    QTimer *m_waitTimer; // backoff or no-picture pause; pump() waits while it runs
    CaptionPipelineOptions m_options;
    std::optional<ModelProfile> m_profile;

    bool m_running = false;
    bool m_paused = false;
    bool m_modelReady = false;
    bool m_loading = false;     // our loadModel() is on its way
    bool m_needLoad = false;    // load (or reload) before the next caption
    bool m_loadIsReload = false;
    bool m_wantCaption = false; // requestCaption() (or its retry) waits to be served
    // In submission order: at most one running and one behind it (overlap). The last may
    // still be with the provider.
    std::deque<Caption> m_inflight;
    std::set<quint64> m_abandoned; // cancelled by stop(): their late signals are ignored
    int m_backoffMs = 0;

    // Measurements.
    QElapsedTimer m_wall;
    std::int64_t m_wallBeforeUs = 0; // accumulated over earlier start()/stop() periods
    std::int64_t m_busyUs = 0;
    std::uint64_t m_captions = 0;
    std::uint64_t m_failures = 0;
    std::uint64_t m_reloads = 0;
    int m_consecutiveFailures = 0;
};

} // namespace camchat::inference

Q_DECLARE_METATYPE(std::shared_ptr<const void>)
