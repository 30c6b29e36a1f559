#include "inferenceworker.h"

#include "modelprobe.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <QThread>

#include <sys/resource.h>
#include <unistd.h>

#include <condition_variable>
#include <exception>
#include <fstream>
#include <string>
#include <thread>

namespace camchat::inference {

namespace {

using Clock = std::chrono::steady_clock;

// Load progress faster than this only floods the GUI thread's event queue.
constexpr auto kProgressInterval = std::chrono::milliseconds(50);

std::int64_t microsecondsSince(Clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

// The process's peak resident set size (VmHWM), or 0 where /proc is not available.
std::int64_t peakRssBytes()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) != 0)
            continue;
        try {
            return std::stoll(line.substr(6)) * 1024; // reported in kB
        } catch (const std::exception &) {
            return 0;
        }
    }
    return 0;
}

void registerMetaTypes()
{
    qRegisterMetaType<InferenceError>();
    qRegisterMetaType<InferenceResult>();
    qRegisterMetaType<ModelProfile>();
    qRegisterMetaType<Stage>();
}

Q_LOGGING_CATEGORY(lcPrepare, "camchat.inference.prepare")

// The nice value of the thread that prepares images ahead (the GUI's is 0).
constexpr int kPrepareNice = 10;

InferenceError cancelledError()
{
    return {InferenceErrorCode::Cancelled, QStringLiteral("request cancelled")};
}

// Turns what the backend reports into the worker's signals and the request's timings.
// Runs on the inference thread, inside VlmBackend::run().
class WorkerSink final : public GenerationSink
{
public:
    WorkerSink(InferenceWorker &worker, InferenceResult &result, Clock::time_point start,
               const std::atomic<std::uint64_t> &cancelledUpTo, std::uint64_t sequence)
        : m_worker(worker)
        , m_result(result)
        , m_start(start)
        , m_cancelledUpTo(cancelledUpTo)
        , m_sequence(sequence)
    {
    }

    void stageStarted(Stage stage) override
    {
        // Time to first token is measured here, from the start of the whole request.
        if (stage == Stage::FirstToken)
            return;
        Q_EMIT m_worker.stageStarted(m_result.requestId, stage);
    }

    void stageFinished(Stage stage, std::int64_t durationUs, int tokens) override
    {
        StageTimings &timings = m_result.timings;
        // Summed, not assigned: a backend may report a stage in several parts (one
        // per image chunk, say).
        const auto add = [durationUs](std::optional<std::int64_t> &slot) {
            slot = slot.value_or(0) + durationUs;
        };
        switch (stage) {
        case Stage::Preprocess:
            add(timings.preprocessUs);
            break;
        case Stage::Upload:
            add(timings.uploadUs);
            break;
        case Stage::VisionEncode:
            add(timings.visionEncodeUs);
            break;
        case Stage::Prefill:
            add(timings.prefillUs);
            timings.prefillTokens += tokens;
            break;
        case Stage::FirstToken:
            return;
        case Stage::Decode:
            add(timings.decodeUs);
            timings.decodeTokens += tokens;
            break;
        }
        Q_EMIT m_worker.stageFinished(m_result.requestId, stage, durationUs);
    }

    void token(const QString &piece) override
    {
        if (!m_result.timings.firstTokenUs) {
            const std::int64_t us = microsecondsSince(m_start);
            m_result.timings.firstTokenUs = us;
            Q_EMIT m_worker.stageFinished(m_result.requestId, Stage::FirstToken, us);
        }
        m_result.text += piece;
        Q_EMIT m_worker.token(m_result.requestId, piece);
    }

    void runtimeMemory(std::int64_t bytes) override { m_result.timings.runtimeMemoryBytes = bytes; }

    void serverTimings(const ServerTimings &timings) override { m_result.timings.server = timings; }

    bool isCancelled() const override
    {
        return m_sequence <= m_cancelledUpTo.load(std::memory_order_acquire);
    }

private:
    InferenceWorker &m_worker;
    InferenceResult &m_result;
    const Clock::time_point m_start;
    const std::atomic<std::uint64_t> &m_cancelledUpTo;
    const std::uint64_t m_sequence;
};

// A preparation's sink: no signals (nobody asked a question yet), only whether to stop.
class PrepareSink final : public GenerationSink
{
public:
    PrepareSink(const std::atomic<std::uint64_t> &stoppedUpTo, std::uint64_t sequence)
        : m_stoppedUpTo(stoppedUpTo)
        , m_sequence(sequence)
    {
    }
    void stageStarted(Stage) override {}
    void stageFinished(Stage, std::int64_t, int) override {}
    void token(const QString &) override {}
    bool isCancelled() const override { return m_sequence <= m_stoppedUpTo.load(std::memory_order_acquire); }

private:
    const std::atomic<std::uint64_t> &m_stoppedUpTo;
    const std::uint64_t m_sequence;
};

} // namespace

// Runs one call at a time on a thread of its own, at a lower CPU priority (nice +10),
// while the caller waits: work nobody has asked for yet (encode on snap) must not take
// the CPU from the preview. Threads the call starts (llama.cpp's) inherit the priority.
// The priority cannot be raised again without privileges, hence a thread of its own.
class InferenceWorker::LowPriorityLane
{
public:
    LowPriorityLane()
        : m_thread([this] { loop(); })
    {
    }
    ~LowPriorityLane()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_quit = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }
    LowPriorityLane(const LowPriorityLane &) = delete;
    LowPriorityLane &operator=(const LowPriorityLane &) = delete;

    void run(const std::function<void()> &job)
    {
        std::unique_lock lock(m_mutex);
        m_job = &job;
        m_done = false;
        m_wake.notify_all();
        m_wake.wait(lock, [this] { return m_done; });
    }

private:
    void loop()
    {
        // Linux: a thread's nice value is its own (PRIO_PROCESS with a thread id).
        if (setpriority(PRIO_PROCESS, id_t(gettid()), kPrepareNice) != 0)
            qCDebug(lcPrepare) << "could not lower the priority of the preparing thread";
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_wake.wait(lock, [this] { return m_quit || m_job; });
            if (m_quit)
                return;
            const std::function<void()> *job = std::exchange(m_job, nullptr);
            lock.unlock();
            (*job)();
            lock.lock();
            m_done = true;
            m_wake.notify_all();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    const std::function<void()> *m_job = nullptr;
    bool m_done = false;
    bool m_quit = false;
    std::thread m_thread; // last: starts once the rest is ready
};

InferenceWorker::InferenceWorker(QObject *parent)
    : QObject(parent)
{
    registerMetaTypes();
}

// Runs on the inference thread (deleteLater from QThread::finished), so the backend and
// its model are torn down where they were used.
InferenceWorker::~InferenceWorker()
{
    m_backend.reset(); // before the lane its threads may have been started from
    m_lane.reset();
}

std::uint64_t InferenceWorker::submit(InferenceRequest request)
{
    std::optional<Pending> dropped;
    std::uint64_t id = 0;
    {
        const std::lock_guard lock(m_mutex);
        if (request.id == 0)
            request.id = m_nextId++;
        id = request.id;
        dropped.swap(m_pending);
        // A question about another image: that image's preparation is of no use now.
        if (request.image && m_prepareTarget && m_prepareTarget->key != request.imageKey) {
            stopPreparationLocked();
            m_prepareTarget.reset();
        }
        m_pending = Pending{std::move(request), m_nextSequence++, Clock::now()};
    }
    if (dropped)
        Q_EMIT failed(dropped->request.id, cancelledError());
    // One call per submit: a call that finds nothing waiting (its request was superseded
    // and already taken) simply returns.
    QMetaObject::invokeMethod(this, &InferenceWorker::runPending, Qt::QueuedConnection);
    return id;
}

void InferenceWorker::cancel()
{
    std::optional<Pending> dropped;
    {
        const std::lock_guard lock(m_mutex);
        // Under the lock so that no submit() can slip a new request below the watermark.
        m_cancelledUpTo.store(m_nextSequence - 1, std::memory_order_release);
        dropped.swap(m_pending);
        stopPreparationLocked();
        m_prepareTarget.reset();
    }
    if (dropped)
        Q_EMIT failed(dropped->request.id, cancelledError());
}

void InferenceWorker::prepareImage(std::uint64_t key, ImagePreparer image)
{
    {
        const std::lock_guard lock(m_mutex);
        stopPreparationLocked();
        m_prepareTarget = PrepareTarget{key, std::move(image), m_nextPrepareSequence++};
    }
    QMetaObject::invokeMethod(this, &InferenceWorker::runPreparation, Qt::QueuedConnection);
}

void InferenceWorker::dropPreparation()
{
    const std::lock_guard lock(m_mutex);
    stopPreparationLocked();
    m_prepareTarget.reset();
}

void InferenceWorker::interruptPreparation()
{
    const std::lock_guard lock(m_mutex);
    stopPreparationLocked();
    if (m_prepareTarget) { // runs again once loadModel() is done, under a new sequence
        m_prepareTarget->sequence = m_nextPrepareSequence++;
        m_prepareTarget->waitsForLoad = true;
    }
}

void InferenceWorker::stopPreparationLocked()
{
    m_preparationsStoppedUpTo.store(m_nextPrepareSequence - 1, std::memory_order_release);
}

void InferenceWorker::runPreparation()
{
    if (deferWhileBusy([this] { runPreparation(); }))
        return;
    PrepareTarget target;
    {
        const std::lock_guard lock(m_mutex);
        if (!m_prepareTarget || m_prepareTarget->waitsForLoad)
            return;
        target = *m_prepareTarget;
    }
    PrepareSink sink(m_preparationsStoppedUpTo, target.sequence);
    if (sink.isCancelled() || (m_prepared && m_prepared->sequence == target.sequence))
        return;
    // Without a model this waits: loadModel() calls again once one is loaded.
    if (!m_backend || !m_profile || !m_backend->isLoaded())
        return;
    if (!m_backend->preparesImages()) {
        if (m_backend->kind() != BackendKind::OpenAi && !m_prepareUnsupportedLogged) {
            qCInfo(lcPrepare).noquote() << "model" << m_profile->id
                                        << ": its chat template puts the question before the image, so images are"
                                           " encoded when the question comes, not ahead";
            m_prepareUnsupportedLogged = true;
        }
        return;
    }

    m_prepared.reset();
    const Clock::time_point started = Clock::now();
    RgbImage image;
    try {
        image = target.image(m_profile->vision);
    } catch (const std::exception &e) {
        // The question will prepare it again and report the failure.
        qCDebug(lcPrepare) << "preparing the image failed:" << e.what();
        return;
    }
    if (!image.isValid() || sink.isCancelled())
        return;
    if (!m_lane)
        m_lane = std::make_unique<LowPriorityLane>();
    InferenceError error;
    m_lane->run([&] { error = m_backend->prepare(image, sink); });
    if (error) {
        // Stopped, or failed: the question does it all, and reports what fails.
        qCDebug(lcPrepare).noquote() << "no image prepared ahead:" << error.detail;
        return;
    }
    const Clock::time_point ended = Clock::now();
    m_prepared = Prepared{target.key, target.sequence, image, started, ended};
    Q_EMIT imagePrepared(target.key, microsecondsSince(started));
}

bool InferenceWorker::isCancelled(std::uint64_t sequence) const
{
    return sequence <= m_cancelledUpTo.load(std::memory_order_acquire);
}

bool InferenceWorker::deferWhileBusy(std::function<void()> call)
{
    if (!m_busy)
        return false;
    m_deferred.push_back(std::move(call));
    return true;
}

void InferenceWorker::endBusy()
{
    m_busy = false;
    // Queued again rather than called here: each runs from the event loop as it would
    // have, in the order the calls arrived.
    std::vector<std::function<void()>> deferred;
    deferred.swap(m_deferred);
    for (std::function<void()> &call : deferred)
        QMetaObject::invokeMethod(this, std::move(call), Qt::QueuedConnection);
}

void InferenceWorker::loadModel(const ModelProfile &profile, int threads)
{
    if (deferWhileBusy([this, profile, threads] { loadModel(profile, threads); }))
        return;
    // Free the old model before loading the next: two at once may not fit in memory.
    m_prepared.reset();
    m_backend.reset();
    m_profile.reset();

    std::unique_ptr<VlmBackend> backend = createBackend(profile.backend);
    if (!backend) {
        Q_EMIT modelLoadFailed({InferenceErrorCode::BackendUnavailable,
                                QStringLiteral("no backend of the kind profile '%1' needs in this build")
                                    .arg(profile.id)});
        return;
    }

    Clock::time_point lastReport;
    bool reported = false;
    float lastFraction = -1.0f;
    const auto progress = [&](float fraction) {
        const Clock::time_point now = Clock::now();
        if (!reported || now - lastReport >= kProgressInterval) {
            reported = true;
            lastReport = now;
            lastFraction = fraction;
            Q_EMIT modelLoadProgress(fraction);
        }
        return !QThread::currentThread()->isInterruptionRequested();
    };

    BackendOptions options;
    options.threads = threads;
    options.probe = ModelProbe::defaultSettings();
    m_busy = true;
    const InferenceError error = backend->load(profile, options, progress);
    endBusy();
    {
        const std::lock_guard lock(m_mutex);
        if (m_prepareTarget)
            m_prepareTarget->waitsForLoad = false;
    }
    if (error) {
        Q_EMIT modelLoadFailed(error);
        return;
    }
    if (lastFraction < 1.0f)
        Q_EMIT modelLoadProgress(1.0f);
    m_backend = std::move(backend);
    m_profile = profile;
    m_prepareUnsupportedLogged = false;
    Q_EMIT modelLoaded(profile);
    // An image waiting to be prepared is prepared for this model.
    runPreparation();
}

void InferenceWorker::unloadModel()
{
    if (deferWhileBusy([this] { unloadModel(); }))
        return;
    m_prepared.reset();
    m_backend.reset();
    m_profile.reset();
}

void InferenceWorker::runPending()
{
    if (deferWhileBusy([this] { runPending(); }))
        return;
    std::optional<Pending> pending;
    {
        const std::lock_guard lock(m_mutex);
        pending.swap(m_pending);
    }
    if (!pending)
        return;

    InferenceResult result;
    result.requestId = pending->request.id;
    Q_EMIT requestStarted(result.requestId);

    m_busy = true;
    const InferenceError error = execute(*pending, result);
    endBusy();
    // From the question, as the user sees it: a wait for its image's preparation counts.
    result.timings.totalUs = microsecondsSince(pending->submitted);
    result.timings.peakRssBytes = peakRssBytes();
    if (error)
        Q_EMIT failed(result.requestId, error);
    else
        Q_EMIT finished(result);
}

InferenceError InferenceWorker::execute(const Pending &pending, InferenceResult &result)
{
    const InferenceRequest &request = pending.request;
    if (!m_backend || !m_profile || !m_backend->isLoaded())
        return {InferenceErrorCode::NotLoaded, QStringLiteral("no model loaded")};
    if (isCancelled(pending.sequence))
        return cancelledError();
    if (!request.image && !m_backend->hasConversation())
        return {InferenceErrorCode::NoConversation,
                QStringLiteral("a follow-up question needs an earlier question with an image")};

    std::optional<Prepared> prepared;
    if (request.image) {
        // Used now, prepared or not: it is not prepared again.
        prepared.swap(m_prepared);
        if (prepared && (request.imageKey == 0 || prepared->key != request.imageKey))
            prepared.reset();
        const std::lock_guard lock(m_mutex);
        if (m_prepareTarget && request.imageKey != 0 && m_prepareTarget->key == request.imageKey)
            m_prepareTarget.reset();
    }

    RgbImage image;
    if (prepared) {
        image = prepared->image;
        // Only what was done before the question; the rest it waited for.
        const Clock::time_point aheadUntil = std::min(prepared->ended, pending.submitted);
        result.timings.preparedAheadUs = std::max<std::int64_t>(
            0, std::chrono::duration_cast<std::chrono::microseconds>(aheadUntil - prepared->started).count());
    } else if (request.image) {
        Q_EMIT stageStarted(result.requestId, Stage::Preprocess);
        const Clock::time_point preprocessStart = Clock::now();
        QString failure;
        try {
            image = request.image(m_profile->vision);
        } catch (const std::exception &e) {
            failure = QString::fromLocal8Bit(e.what());
        }
        const std::int64_t us = microsecondsSince(preprocessStart);
        result.timings.preprocessUs = us;
        Q_EMIT stageFinished(result.requestId, Stage::Preprocess, us);
        if (!failure.isEmpty())
            return {InferenceErrorCode::ImageInvalid, QStringLiteral("image preparation failed: %1").arg(failure)};
        if (!image.isValid())
            return {InferenceErrorCode::ImageInvalid,
                    QStringLiteral("image preparation gave an empty image (%1x%2)")
                        .arg(image.width)
                        .arg(image.height)};
        if (isCancelled(pending.sequence))
            return cancelledError();
    }

    BackendRequest backendRequest;
    backendRequest.image = request.image ? &image : nullptr;
    backendRequest.prompt = request.prompt;
    backendRequest.sampling = request.sampling.value_or(m_profile->sampling);
    WorkerSink sink(*this, result, pending.submitted, m_cancelledUpTo, pending.sequence);
    return m_backend->run(backendRequest, sink);
}

} // namespace camchat::inference
