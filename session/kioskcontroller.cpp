#include "kioskcontroller.h"

#include "visioninput.h"

#include "capture/framemailbox.h"

#include <QPointer>

#include <algorithm>

namespace camchat::session {

namespace {

// How often an idle kiosk compares the live picture with the captioned one. The
// thumbnail costs microseconds; the period only bounds how fast a change is noticed.
constexpr int kSceneCheckMs = 100;
// How long the provider waits for a frame when its mailbox is empty (the scene check
// took the last one, or the source is between frames): a few frames at any usual rate.
constexpr auto kFrameWait = std::chrono::milliseconds(250);

bool hasPicture(capture::FrameSource::State state)
{
    return state == capture::FrameSource::State::Streaming;
}

} // namespace

struct KioskController::Private {
    QPointer<capture::FrameSource> source;
    inference::InferenceWorker *worker = nullptr;
    // Declared before the pipeline, so it outlives the provider that reads it.
    capture::FrameMailbox mailbox;
    std::unique_ptr<inference::CaptionPipeline> pipeline;
    capture::SceneChangeDetector detector;
    std::optional<inference::ModelProfile> profile;
    QTimer intervalTimer;
    QTimer sceneTimer;
    QElapsedTimer sinceCaptionStart;
    bool running = false;
    bool retrying = false;
    bool intervalDue = false; // the interval fired while a caption was under way
    std::uint64_t sceneTriggers = 0;
    std::uint64_t timerTriggers = 0;
    std::uint64_t manualTriggers = 0;
};

KioskController::KioskController(capture::FrameSource *source, inference::InferenceWorker *worker, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->source = source;
    d->worker = worker;

    // Runs on the pipeline's pool thread: it touches only the mailbox (thread-safe) and
    // pure conversion functions. The frame is released before returning, so no driver
    // buffer is held while the model works; the thumbnail goes along for the scene check.
    capture::FrameMailbox *mailbox = &d->mailbox;
    auto provider = [mailbox](const inference::VisionSpec &spec) -> std::optional<inference::CaptionImage> {
        const std::optional<capture::Frame> frame = mailbox->waitTake(kFrameWait);
        if (!frame)
            return std::nullopt;
        inference::CaptionImage picture;
        picture.image = prepareModelImage(*frame, spec);
        picture.timestampNs = frame->timestampNs();
        picture.context = std::make_shared<const capture::SceneThumbnail>(capture::SceneThumbnail::of(*frame));
        return picture;
    };
    d->pipeline = std::make_unique<inference::CaptionPipeline>(worker, provider);

    d->intervalTimer.setSingleShot(true);
    connect(&d->intervalTimer, &QTimer::timeout, this, [this] {
        if (!trigger(Trigger::Timer))
            d->intervalDue = true;
    });
    d->sceneTimer.setInterval(kSceneCheckMs);
    connect(&d->sceneTimer, &QTimer::timeout, this, &KioskController::checkScene);

    inference::CaptionPipeline *pipeline = d->pipeline.get();
    connect(pipeline, &inference::CaptionPipeline::captionStarted, this,
            [this](quint64, qint64 frameTimestampNs, const std::shared_ptr<const void> &context) {
                d->retrying = false;
                // This caption starts a new interval: one that fell due while it waited (for
                // the model, say) is used up, or the next caption would follow at once.
                d->intervalDue = false;
                d->sinceCaptionStart.start();
                // The scene this caption describes: later frames are compared with it.
                if (context)
                    d->detector.setReference(*std::static_pointer_cast<const capture::SceneThumbnail>(context));
                if (m_options.intervalMs > 0)
                    d->intervalTimer.start(m_options.intervalMs);
                else
                    ++d->timerTriggers; // back to back: every caption is the "interval"'s
                Q_EMIT captionStarted(frameTimestampNs);
                updateStatus();
            });
    connect(pipeline, &inference::CaptionPipeline::captionUpdated, this,
            [this](quint64, const QString &text) { Q_EMIT captionUpdated(text); });
    connect(pipeline, &inference::CaptionPipeline::captionFinished, this,
            [this](quint64, const QString &text, const inference::StageTimings &timings) {
                m_lastCaption = text;
                m_lastTimings = timings;
                Q_EMIT captionFinished(text, timings);
                afterCaption();
            });
    connect(pipeline, &inference::CaptionPipeline::captionFailed, this,
            [this](quint64, const inference::InferenceError &error, int retryInMs) {
                d->retrying = retryInMs > 0;
                Q_EMIT captionFailed(error, retryInMs);
                afterCaption();
            });
    connect(pipeline, &inference::CaptionPipeline::modelReloading, this, [this] {
        Q_EMIT modelReloading();
        updateStatus();
    });
    connect(pipeline, &inference::CaptionPipeline::modelReady, this, [this] {
        d->retrying = false;
        updateStatus();
    });
    connect(pipeline, &inference::CaptionPipeline::modelLoadFailed, this,
            [this](const inference::InferenceError &error, int retryInMs) {
                Q_EMIT captionFailed(error, retryInMs);
                updateStatus();
            });
    connect(pipeline, &inference::CaptionPipeline::statsChanged, this, &KioskController::statsChanged);

    if (source) {
        // Emitted from the capture thread: queued here.
        connect(source, &capture::FrameSource::stateChanged, this, &KioskController::onSourceStateChanged);
    }
}

void KioskController::setSource(capture::FrameSource *source)
{
    if (source == d->source)
        return;
    if (d->source) {
        disconnect(d->source, nullptr, this, nullptr);
        if (d->running)
            d->source->removeMailbox(&d->mailbox);
    }
    // A frame of the old source must not be captioned as the new one's.
    d->mailbox.clear();
    d->detector.clearReference();
    d->source = source;
    if (source) {
        connect(source, &capture::FrameSource::stateChanged, this, &KioskController::onSourceStateChanged);
        if (d->running)
            source->addMailbox(&d->mailbox);
    }
    onSourceStateChanged(source ? source->state() : capture::FrameSource::State::Stopped);
}

capture::FrameSource *KioskController::source() const
{
    return d->source;
}

KioskController::~KioskController()
{
    stop();
    // The pipeline waits for its provider; the mailbox is closed, so that is quick.
    d->pipeline.reset();
}

QString KioskController::defaultPrompt()
{
    return tr("Describe what you see in one short sentence.");
}

void KioskController::setOptions(const KioskOptions &options)
{
    m_options = options;
    applyOptions();
}

void KioskController::setProfile(const inference::ModelProfile &profile, bool alreadyLoaded)
{
    d->profile = profile;
    applyOptions(); // the sampling override is based on the profile's
    d->pipeline->setProfile(profile, alreadyLoaded);
    updateStatus();
}

void KioskController::applyOptions()
{
    inference::CaptionPipelineOptions options = m_options.pipeline;
    if (options.prompt.isEmpty())
        options.prompt = defaultPrompt();
    options.sampling.reset();
    if (m_options.maxNewTokens > 0) {
        inference::SamplingParams sampling = d->profile ? d->profile->sampling : inference::SamplingParams{};
        sampling.maxNewTokens = m_options.maxNewTokens;
        options.sampling = sampling;
    }
    options.continuous = m_options.intervalMs <= 0;
    d->pipeline->setOptions(options);

    capture::SceneChangeOptions scene = d->detector.options();
    scene.threshold = m_options.sceneThreshold;
    d->detector.setOptions(scene);

    if (d->running) {
        // Scene checks take frames from the mailbox: only when they can matter (back to
        // back captions already follow every change).
        if (m_options.onSceneChange && m_options.intervalMs > 0)
            d->sceneTimer.start();
        else
            d->sceneTimer.stop();
        if (m_options.intervalMs <= 0)
            d->intervalTimer.stop();
        else if (!d->intervalTimer.isActive())
            d->intervalTimer.start(m_options.intervalMs);
    }
}

void KioskController::start()
{
    if (d->running)
        return;
    d->running = true;
    d->retrying = false;
    d->intervalDue = false;
    d->detector.clearReference();
    d->mailbox.reopen();
    if (d->source)
        d->source->addMailbox(&d->mailbox);
    applyOptions();
    const bool picture = d->source && hasPicture(d->source->state());
    d->pipeline->setPaused(!picture);
    d->pipeline->start();
    // The first caption comes at once, not after a whole interval.
    if (picture && m_options.intervalMs > 0)
        trigger(Trigger::Timer);
    updateStatus();
}

void KioskController::stop()
{
    if (!d->running)
        return;
    d->running = false;
    d->intervalTimer.stop();
    d->sceneTimer.stop();
    if (d->source)
        d->source->removeMailbox(&d->mailbox);
    // Wakes a provider waiting for a frame and drops the frame (and its driver buffer).
    d->mailbox.close();
    d->pipeline->stop();
    d->retrying = false;
    updateStatus();
}

bool KioskController::isRunning() const
{
    return d->running;
}

void KioskController::askNow()
{
    if (!d->running || d->pipeline->isBusy())
        return;
    trigger(Trigger::Manual);
}

KioskStats KioskController::stats() const
{
    KioskStats s;
    s.pipeline = d->pipeline->stats();
    s.sceneTriggers = d->sceneTriggers;
    s.timerTriggers = d->timerTriggers;
    s.manualTriggers = d->manualTriggers;
    return s;
}

void KioskController::resetStats()
{
    d->sceneTriggers = 0;
    d->timerTriggers = 0;
    d->manualTriggers = 0;
    d->pipeline->resetStats();
}

double KioskController::lastSceneDifference() const
{
    return d->detector.lastDifference();
}

bool KioskController::trigger(Trigger kind)
{
    if (!d->running || m_options.intervalMs <= 0)
        return false;
    if (d->source && !hasPicture(d->source->state()))
        return false;
    if (!d->pipeline->requestCaption())
        return false;
    switch (kind) {
    case Trigger::Timer:
        ++d->timerTriggers;
        break;
    case Trigger::Scene:
        ++d->sceneTriggers;
        break;
    case Trigger::Manual:
        ++d->manualTriggers;
        break;
    }
    d->intervalDue = false;
    updateStatus();
    Q_EMIT statsChanged();
    return true;
}

void KioskController::checkScene()
{
    if (!d->running)
        return;
    const std::optional<capture::Frame> frame = d->mailbox.take();
    if (!frame)
        return;
    // Only the thumbnail is kept: the frame (a driver buffer) goes back at once.
    const bool changed = d->detector.check(capture::SceneThumbnail::of(*frame));
    if (!changed || d->pipeline->isBusy())
        return;
    if (d->sinceCaptionStart.isValid() && d->sinceCaptionStart.elapsed() < m_options.minIntervalMs)
        return;
    // On success the caption's start makes its own picture the new reference.
    trigger(Trigger::Scene);
}

void KioskController::afterCaption()
{
    if (d->intervalDue && !d->pipeline->isBusy())
        trigger(Trigger::Timer);
    updateStatus();
    Q_EMIT statsChanged();
}

void KioskController::onSourceStateChanged(capture::FrameSource::State state)
{
    if (d->running) {
        const bool picture = hasPicture(state);
        const bool resumed = picture && d->pipeline->isPaused();
        d->pipeline->setPaused(!picture);
        if (resumed && !d->pipeline->isBusy()) {
            // The picture is back: caption it now rather than at the next interval.
            trigger(Trigger::Timer);
        }
    }
    updateStatus();
}

void KioskController::updateStatus()
{
    KioskStatus status = KioskStatus::Idle;
    if (!d->running)
        status = KioskStatus::Stopped;
    else if (!d->pipeline->isModelReady())
        status = KioskStatus::WaitingForModel;
    else if (!d->source || !hasPicture(d->source->state()))
        status = KioskStatus::WaitingForPicture;
    else if (d->retrying)
        status = KioskStatus::Retrying;
    else if (d->pipeline->isBusy())
        status = KioskStatus::Captioning;
    if (status == m_status)
        return;
    m_status = status;
    Q_EMIT statusChanged(status);
}

} // namespace camchat::session
