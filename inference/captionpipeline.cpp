#include "captionpipeline.h"

#include "inferenceworker.h"

#include <QMetaObject>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>

namespace camchat::inference {

namespace {

// Caption request ids are chosen here, not by the worker: the provider submits from the
// pool thread, and the worker's first signals for a request can reach us before the pool
// has told us what it submitted. The high range keeps clear of the worker's own ids
// (counted from 1) for requests other code submits to the same worker.
constexpr quint64 kCaptionIdBase = quint64(1) << 62;
std::atomic<quint64> g_nextCaptionId{kCaptionIdBase};

bool countsAsBusy(Stage stage)
{
    return stage == Stage::VisionEncode || stage == Stage::Prefill || stage == Stage::Decode;
}

} // namespace

// What the pool thread shares with the pipeline. Kept alive by both, so a late pool task
// never touches a destroyed pipeline's members.
struct CaptionPipeline::Shared {
    struct Picture {
        std::int64_t timestampNs = 0;
        std::shared_ptr<const void> context;
    };

    CaptionImageProvider provider;
    InferenceWorker *worker = nullptr;

    std::mutex mutex; // guards the members below; submit() is called under it
    // Bumped by stop(): a provider call that returns after it submits nothing, so a
    // stopped pipeline can never leave a request behind on the worker.
    std::uint64_t generation = 0;
    std::map<quint64, Picture> pictures; // submitted, not yet started
};

CaptionPipeline::CaptionPipeline(InferenceWorker *worker, CaptionImageProvider provider, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_shared(std::make_shared<Shared>())
    , m_pool(std::make_unique<QThreadPool>())
    , m_waitTimer(new QTimer(this))
{
    qRegisterMetaType<std::shared_ptr<const void>>();
    m_shared->provider = std::move(provider);
    m_shared->worker = worker;
    // One thread, kept for the pipeline's life: one picture is prepared at a time, and a
    // thread that came and went with every caption would only churn.
    m_pool->setMaxThreadCount(1);
    m_pool->setExpiryTimeout(-1);
    m_pool->setObjectName(QStringLiteral("camchat-caption-prep"));

    m_waitTimer->setSingleShot(true);
    // A coarse timer may fire up to 5 % early: "retry in 40 ms" and the kiosk's interval
    // are promises of at least that long.
    m_waitTimer->setTimerType(Qt::PreciseTimer);
    connect(m_waitTimer, &QTimer::timeout, this, &CaptionPipeline::pump);

    // Auto connections: queued from the inference (or pool) thread; direct only for the
    // failed(Cancelled) that worker->cancel() emits on our own thread.
    connect(worker, &InferenceWorker::requestStarted, this, &CaptionPipeline::onRequestStarted);
    connect(worker, &InferenceWorker::stageStarted, this, &CaptionPipeline::onStageStarted);
    connect(worker, &InferenceWorker::stageFinished, this, &CaptionPipeline::onStageFinished);
    connect(worker, &InferenceWorker::token, this, &CaptionPipeline::onToken);
    connect(worker, &InferenceWorker::finished, this, &CaptionPipeline::onFinished);
    connect(worker, &InferenceWorker::failed, this, &CaptionPipeline::onFailed);
    connect(worker, &InferenceWorker::modelLoaded, this, &CaptionPipeline::onModelLoaded);
    connect(worker, &InferenceWorker::modelLoadFailed, this, &CaptionPipeline::onModelLoadFailed);
}

CaptionPipeline::~CaptionPipeline()
{
    stop();
    // The provider may be mid-capture: it returns within its own short wait.
    m_pool->waitForDone();
}

void CaptionPipeline::setOptions(const CaptionPipelineOptions &options)
{
    m_options = options;
    pump();
}

void CaptionPipeline::setProfile(const ModelProfile &profile, bool loaded)
{
    m_profile = profile;
    m_modelReady = loaded;
    m_needLoad = !loaded;
    m_loadIsReload = false;
    pump();
}

void CaptionPipeline::start()
{
    if (m_running)
        return;
    m_running = true;
    m_wall.start();
    if (m_profile && !m_modelReady && !m_loading)
        m_needLoad = true;
    pump();
}

void CaptionPipeline::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_wallBeforeUs += m_wall.nsecsElapsed() / 1000;
    m_wall.invalidate();
    m_waitTimer->stop();
    m_wantCaption = false;
    {
        const std::lock_guard lock(m_shared->mutex);
        ++m_shared->generation;
    }
    if (!m_inflight.empty()) {
        // Forget them first: cancel() may report a dropped request right here.
        for (const Caption &caption : m_inflight)
            m_abandoned.insert(caption.id);
        m_inflight.clear();
        m_worker->cancel();
    }
    Q_EMIT statsChanged();
}

void CaptionPipeline::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused)
        pump();
}

bool CaptionPipeline::requestCaption()
{
    if (!m_running)
        return false;
    if (m_options.continuous)
        return true;
    // One caption waiting to start is enough; one behind a running caption only with
    // overlap (it is prepared once the running one decodes).
    if (m_wantCaption || m_inflight.size() >= 2)
        return false;
    if (m_inflight.size() == 1 && (!m_options.overlap || !m_inflight.front().started))
        return false;
    m_wantCaption = true;
    pump();
    return true;
}

bool CaptionPipeline::isBusy() const
{
    return !m_inflight.empty();
}

CaptionStats CaptionPipeline::stats() const
{
    CaptionStats s;
    s.captions = m_captions;
    s.failures = m_failures;
    s.reloads = m_reloads;
    s.consecutiveFailures = m_consecutiveFailures;
    s.wallUs = m_wallBeforeUs + (m_wall.isValid() ? m_wall.nsecsElapsed() / 1000 : 0);
    s.busyUs = m_busyUs;
    if (s.wallUs > 0) {
        s.busyFraction = std::clamp(double(s.busyUs) / double(s.wallUs), 0.0, 1.0);
        s.captionsPerMinute = double(s.captions) * 60e6 / double(s.wallUs);
    }
    return s;
}

void CaptionPipeline::resetStats()
{
    m_wallBeforeUs = 0;
    if (m_running)
        m_wall.start();
    m_busyUs = 0;
    m_captions = 0;
    m_failures = 0;
    m_reloads = 0;
    Q_EMIT statsChanged();
}

// Decides what happens next; called after every event that could change the answer.
void CaptionPipeline::pump()
{
    if (!m_running || m_waitTimer->isActive() || !m_profile)
        return;
    // A paused pipeline still loads its model: it is ready when the picture returns.
    if (m_needLoad || m_loading) {
        // Never load under a request: the worker would answer it with the old model or
        // fail it with NotLoaded.
        if (m_needLoad && !m_loading && m_inflight.empty())
            requestLoad();
        return;
    }
    if (!m_modelReady || m_paused)
        return;
    if (!m_options.continuous && !m_wantCaption)
        return;
    if (m_inflight.size() >= 2)
        return;
    if (m_inflight.size() == 1) {
        const Caption &running = m_inflight.front();
        // Overlap: prepare the next picture once the model is past its encoder and
        // prefill, so the provider's CPU work hides behind the decode.
        if (!m_options.overlap || !running.submitted || !running.decoding)
            return;
    }
    launchPrepare();
}

void CaptionPipeline::launchPrepare()
{
    const quint64 id = g_nextCaptionId.fetch_add(1);
    Caption caption;
    caption.id = id;
    m_inflight.push_back(caption);
    m_wantCaption = false;

    std::uint64_t generation = 0;
    {
        const std::lock_guard lock(m_shared->mutex);
        generation = m_shared->generation;
    }
    const VisionSpec spec = m_profile->vision;
    const QString prompt = m_options.prompt;
    const std::optional<SamplingParams> sampling = m_options.sampling;
    const std::shared_ptr<Shared> shared = m_shared;
    m_pool->start([this, shared, id, generation, spec, prompt, sampling] {
        std::optional<CaptionImage> picture;
        try {
            picture = shared->provider(spec);
        } catch (const std::exception &) {
            // A provider that throws gets an invalid picture: the caption fails like any
            // other and is retried with backoff.
            picture = CaptionImage{};
        }
        bool submitted = false;
        if (picture) {
            const std::lock_guard lock(shared->mutex);
            if (shared->generation == generation) {
                shared->pictures[id] = Shared::Picture{picture->timestampNs, picture->context};
                InferenceRequest request;
                request.id = id;
                request.prompt = prompt;
                request.sampling = sampling;
                // Already prepared: the worker's preprocess stage only hands it over.
                request.image = [image = picture->image](const VisionSpec &) { return image; };
                shared->worker->submit(std::move(request));
                submitted = true;
            }
        }
        // The destructor waits for this task, so `this` is alive to receive the call.
        QMetaObject::invokeMethod(this, [this, id, submitted] { onPrepared(id, submitted); }, Qt::QueuedConnection);
    });
}

void CaptionPipeline::onPrepared(quint64 id, bool submitted)
{
    if (m_abandoned.count(id)) {
        if (!submitted) {
            m_abandoned.erase(id);
            forget(id);
        }
        return;
    }
    Caption *caption = find(id);
    if (!caption)
        return; // already answered
    if (submitted) {
        caption->submitted = true;
        return;
    }
    remove(id);
    if (!m_running)
        return;
    if (!m_options.continuous)
        m_wantCaption = true;
    Q_EMIT noPicture();
    waitThenPump(m_options.noPictureRetryMs);
}

void CaptionPipeline::onRequestStarted(quint64 id)
{
    Caption *caption = find(id);
    if (!caption)
        return;
    caption->submitted = true;
    caption->started = true;
    Shared::Picture picture;
    {
        const std::lock_guard lock(m_shared->mutex);
        const auto it = m_shared->pictures.find(id);
        if (it != m_shared->pictures.end()) {
            picture = std::move(it->second);
            m_shared->pictures.erase(it);
        }
    }
    Q_EMIT captionStarted(id, picture.timestampNs, picture.context);
}

void CaptionPipeline::onStageStarted(quint64 id, Stage stage)
{
    Caption *caption = find(id);
    if (!caption || stage != Stage::Decode)
        return;
    caption->decoding = true;
    pump();
}

void CaptionPipeline::onStageFinished(quint64 id, Stage stage, qint64 durationUs)
{
    if (!find(id) || !countsAsBusy(stage))
        return;
    m_busyUs += durationUs;
}

void CaptionPipeline::onToken(quint64 id, const QString &piece)
{
    Caption *caption = find(id);
    if (!caption)
        return;
    caption->text += piece;
    Q_EMIT captionUpdated(id, caption->text);
}

void CaptionPipeline::onFinished(const InferenceResult &result)
{
    const quint64 id = result.requestId;
    if (m_abandoned.erase(id)) {
        forget(id);
        return;
    }
    if (!find(id))
        return;
    remove(id);
    ++m_captions;
    m_consecutiveFailures = 0;
    m_backoffMs = 0;
    Q_EMIT captionFinished(id, result.text, result.timings);
    Q_EMIT statsChanged();
    pump();
}

void CaptionPipeline::onFailed(quint64 id, const InferenceError &error)
{
    if (m_abandoned.erase(id)) {
        forget(id);
        return;
    }
    if (!find(id))
        return;
    remove(id);
    if (error.code == InferenceErrorCode::Cancelled) {
        // Superseded by someone else's request on the same worker: not the model's
        // fault. Try again as if nothing happened.
        if (!m_options.continuous)
            m_wantCaption = true;
        pump();
        return;
    }
    ++m_failures;
    ++m_consecutiveFailures;
    if (!m_options.continuous)
        m_wantCaption = true;
    int retryInMs = 0;
    if (m_options.reloadAfterFailures > 0 && m_consecutiveFailures >= m_options.reloadAfterFailures) {
        m_needLoad = true;
        m_loadIsReload = true;
        retryInMs = -1;
    } else if (m_inflight.empty()) {
        retryInMs = nextBackoffMs();
        m_waitTimer->start(retryInMs);
    }
    // else: the next caption is already on the worker and serves as the retry.
    Q_EMIT captionFailed(id, error, retryInMs);
    if (retryInMs < 0)
        Q_EMIT modelReloading();
    Q_EMIT statsChanged();
    pump();
}

void CaptionPipeline::onModelLoaded(const ModelProfile &profile)
{
    if (!m_loading) {
        // Someone else loaded it (the app, at start-up): ready if it is ours.
        if (m_profile && profile.id == m_profile->id) {
            m_modelReady = true;
            m_needLoad = false;
            Q_EMIT modelReady();
            pump();
        }
        return;
    }
    m_loading = false;
    m_modelReady = true;
    if (m_loadIsReload) {
        ++m_reloads;
        m_consecutiveFailures = 0;
        m_loadIsReload = false;
        Q_EMIT statsChanged();
    }
    Q_EMIT modelReady();
    pump();
}

void CaptionPipeline::onModelLoadFailed(const InferenceError &error)
{
    if (!m_loading)
        return;
    m_loading = false;
    m_modelReady = false;
    m_needLoad = true;
    const int retryInMs = nextBackoffMs();
    Q_EMIT modelLoadFailed(error, retryInMs);
    if (m_running)
        m_waitTimer->start(retryInMs);
}

void CaptionPipeline::requestLoad()
{
    m_needLoad = false;
    m_loading = true;
    m_modelReady = false;
    const ModelProfile profile = *m_profile;
    const int threads = m_options.modelThreads;
    InferenceWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, profile, threads] { worker->loadModel(profile, threads); },
                              Qt::QueuedConnection);
}

void CaptionPipeline::waitThenPump(int ms)
{
    m_waitTimer->start(std::max(0, ms));
}

void CaptionPipeline::forget(quint64 id)
{
    const std::lock_guard lock(m_shared->mutex);
    m_shared->pictures.erase(id);
}

int CaptionPipeline::nextBackoffMs()
{
    const int initial = std::max(1, m_options.retryInitialMs);
    const int maximum = std::max(initial, m_options.retryMaxMs);
    m_backoffMs = m_backoffMs <= 0 ? initial : std::min(maximum, m_backoffMs * 2);
    return m_backoffMs;
}

CaptionPipeline::Caption *CaptionPipeline::find(quint64 id)
{
    for (Caption &caption : m_inflight) {
        if (caption.id == id)
            return &caption;
    }
    return nullptr;
}

void CaptionPipeline::remove(quint64 id)
{
    std::erase_if(m_inflight, [id](const Caption &caption) { return caption.id == id; });
    forget(id);
}

} // namespace camchat::inference
