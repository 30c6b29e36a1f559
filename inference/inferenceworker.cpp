#include "inferenceworker.h"

#include "modelprobe.h"

#include <QMetaObject>
#include <QThread>

#include <exception>
#include <fstream>
#include <string>

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

} // namespace

InferenceWorker::InferenceWorker(QObject *parent)
    : QObject(parent)
{
    registerMetaTypes();
}

// Runs on the inference thread (deleteLater from QThread::finished), so the backend and
// its model are torn down where they were used.
InferenceWorker::~InferenceWorker() = default;

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
        m_pending = Pending{std::move(request), m_nextSequence++};
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
    }
    if (dropped)
        Q_EMIT failed(dropped->request.id, cancelledError());
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
    if (error) {
        Q_EMIT modelLoadFailed(error);
        return;
    }
    if (lastFraction < 1.0f)
        Q_EMIT modelLoadProgress(1.0f);
    m_backend = std::move(backend);
    m_profile = profile;
    Q_EMIT modelLoaded(profile);
}

void InferenceWorker::unloadModel()
{
    if (deferWhileBusy([this] { unloadModel(); }))
        return;
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

    const Clock::time_point start = Clock::now();
    InferenceResult result;
    result.requestId = pending->request.id;
    Q_EMIT requestStarted(result.requestId);

    m_busy = true;
    const InferenceError error = execute(*pending, result, start);
    endBusy();
    result.timings.totalUs = microsecondsSince(start);
    result.timings.peakRssBytes = peakRssBytes();
    if (error)
        Q_EMIT failed(result.requestId, error);
    else
        Q_EMIT finished(result);
}

InferenceError InferenceWorker::execute(const Pending &pending, InferenceResult &result,
                                        Clock::time_point start)
{
    const InferenceRequest &request = pending.request;
    if (!m_backend || !m_profile || !m_backend->isLoaded())
        return {InferenceErrorCode::NotLoaded, QStringLiteral("no model loaded")};
    if (isCancelled(pending.sequence))
        return cancelledError();
    if (!request.image && !m_backend->hasConversation())
        return {InferenceErrorCode::NoConversation,
                QStringLiteral("a follow-up question needs an earlier question with an image")};

    RgbImage image;
    if (request.image) {
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
    WorkerSink sink(*this, result, start, m_cancelledUpTo, pending.sequence);
    return m_backend->run(backendRequest, sink);
}

} // namespace camchat::inference
