#pragma once

#include "capture/frame.h"
#include "capture/framesource.h"
#include "capture/scenechange.h"
#include "inference/captionpipeline.h"
#include "inference/inferenceerror.h"
#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"
#include "inference/stagetimings.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

namespace camchat::capture {
class FrameMailbox;
}

namespace camchat::session {

struct KioskOptions {
    // The caption loop: prompt (empty = KioskController::defaultPrompt()), overlap,
    // retries and reloads. `continuous` and `sampling` are the controller's to set: from
    // intervalMs and maxNewTokens below.
    inference::CaptionPipelineOptions pipeline;
    int intervalMs = 10000;         // caption every N ms; 0 = back to back (as fast as the model goes)
    bool onSceneChange = true;      // also caption when the scene changes ...
    double sceneThreshold = 0.06;   // ... by more than this (capture::SceneChangeDetector)
    int minIntervalMs = 3000;       // ... but never sooner than this after the last caption started
    int maxNewTokens = 0;           // 0 = the profile's own
};

// What the kiosk shows in its status line.
enum class KioskStatus {
    WaitingForModel, // no model loaded yet, or reloading
    WaitingForPicture, // the source is starting, has no signal or is gone
    Idle,            // waiting for the next trigger
    Captioning,      // a caption is being made
    Retrying,        // the last caption failed; retrying after a pause
    Stopped,
};

struct KioskStats {
    // Captions, failures, reloads, throughput and the model's busy fraction since start().
    inference::CaptionStats pipeline;
    std::uint64_t sceneTriggers = 0; // captions started because the scene changed
    std::uint64_t timerTriggers = 0; // captions started by the interval (or back-to-back)
    std::uint64_t manualTriggers = 0;
};

// Drives unattended captioning: takes the newest frame from a live source, prepares the
// model input off the GUI thread, asks the InferenceWorker and reports each caption as it
// streams. Triggers: an interval, a scene change (cheap thumbnail difference with a
// threshold and a minimum interval) and askNow(). With `overlap`, the next frame is
// captured and preprocessed while the model is still decoding and submitted so that the
// next vision encode starts the moment the model is free (the worker still runs one
// request at a time: NPU work stays serialized). Failures are retried with exponential
// backoff; after `reloadAfterFailures` failures in a row the model is reloaded. While the
// source has no picture, captions pause and resume by themselves when it returns.
//
// Threads: GUI thread (any thread with an event loop). The worker lives in the inference
// thread and is only used through submit()/cancel() and queued signals.
class KioskController : public QObject
{
    Q_OBJECT

public:
    KioskController(capture::FrameSource *source, inference::InferenceWorker *worker,
                    QObject *parent = nullptr);
    ~KioskController() override;

    static QString defaultPrompt();

    void setOptions(const KioskOptions &options);
    KioskOptions options() const { return m_options; }
    // The profile to reload after repeated failures; also tells the controller a model is
    // (being) loaded. Call once the worker has loaded it (or set it and let the controller
    // load it with loadModel()).
    void setProfile(const inference::ModelProfile &profile, bool alreadyLoaded);

    // Follows another live source (the app reopened or switched the device); null = none.
    // Captions pause until the new source streams.
    void setSource(capture::FrameSource *source);
    capture::FrameSource *source() const;

    void start();
    void stop();
    bool isRunning() const;
    // Captions now (the Space key), unless a caption is already being made.
    void askNow();

    KioskStatus status() const { return m_status; }
    KioskStats stats() const;
    // Restarts the counters and the throughput / busy measurements (after a warm-up).
    void resetStats();
    // The scene difference (0..1) measured by the latest scene check.
    double lastSceneDifference() const;
    // The latest finished caption, its frame's capture time and its timings.
    QString lastCaption() const { return m_lastCaption; }
    std::optional<inference::StageTimings> lastTimings() const { return m_lastTimings; }

Q_SIGNALS:
    void statusChanged(camchat::session::KioskStatus status);
    // A caption started for a frame captured at `frameTimestampNs` (CLOCK_MONOTONIC).
    void captionStarted(qint64 frameTimestampNs);
    // The caption so far, growing as tokens stream in.
    void captionUpdated(const QString &textSoFar);
    void captionFinished(const QString &text, const camchat::inference::StageTimings &timings);
    // A caption failed; `retryInMs` < 0 when no retry is scheduled (stopped).
    void captionFailed(const camchat::inference::InferenceError &error, int retryInMs);
    void modelReloading();
    void statsChanged();

private:
    enum class Trigger { Timer, Scene, Manual };

    void applyOptions();
    bool trigger(Trigger kind);
    void checkScene();
    void afterCaption();
    void onSourceStateChanged(camchat::capture::FrameSource::State state);
    void updateStatus();

    struct Private;
    std::unique_ptr<Private> d;
    KioskOptions m_options;
    KioskStatus m_status = KioskStatus::Stopped;
    QString m_lastCaption;
    std::optional<inference::StageTimings> m_lastTimings;
};

} // namespace camchat::session
