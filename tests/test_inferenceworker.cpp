// Built twice: test_inferenceworker runs the worker with the llama backend on the tiny
// fixture model; test_inferenceworker_remote (CAMCHAT_WORKER_REMOTE) runs the same tests
// with the "openai" backend against a llama-server serving that model on loopback.
#include "fixtureprofile.h"
#ifdef CAMCHAT_WORKER_REMOTE
#include "llamaserver.h"

#include "capture/frame.h"
#include "capture/jpegcodec.h"
#endif

#include "inference/inferencethread.h"
#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibrary>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>

using namespace camchat::inference;

Q_DECLARE_METATYPE(camchat::inference::InferenceErrorCode)

namespace {

// Generous: the tiny models answer in milliseconds, but the sanitizer build is slow.
constexpr int kTimeoutMs = 60000;
// One compute thread: the tiny models gain nothing from more, and ggml's spinning worker
// threads turn milliseconds into seconds when the test machine is busy.
constexpr int kThreads = 1;

using camchat::test::fixture;

// The encoder-sized picture the UI would hand over: gradients and a bright box, so the
// encoder sees structure rather than a flat colour. No capture/ code involved.
RgbImage syntheticImage(const VisionSpec &spec)
{
    const int w = spec.width;
    const int h = spec.height;
    auto pixels = std::make_shared<std::uint8_t[]>(static_cast<std::size_t>(w) * h * 3);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            std::uint8_t *p = pixels.get() + (static_cast<std::size_t>(y) * w + x) * 3;
            const bool box = x > w / 4 && x < w / 2 && y > h / 3 && y < 2 * h / 3;
            p[0] = box ? 250 : static_cast<std::uint8_t>(x * 255 / w);
            p[1] = box ? 240 : static_cast<std::uint8_t>(y * 255 / h);
            p[2] = static_cast<std::uint8_t>((x + y) & 0xff);
        }
    }
    RgbImage image{w, h, pixels, {}};
#ifdef CAMCHAT_WORKER_REMOTE
    // A model server takes JPEG: what session/visioninput adds for such a profile.
    camchat::capture::Frame frame = camchat::capture::Frame::allocate(camchat::capture::PixelFormat::Rgb24, w, h);
    std::memcpy(frame.bits(0), pixels.get(), static_cast<std::size_t>(w) * h * 3);
    image.jpeg = camchat::capture::JpegEncoder().encode(frame).data;
#endif
    return image;
}

constexpr bool kRemote =
#ifdef CAMCHAT_WORKER_REMOTE
    true;
#else
    false;
#endif

InferenceRequest imageRequest(int maxNewTokens, const QString &prompt = QStringLiteral("What is in this image?"))
{
    InferenceRequest request;
    request.image = syntheticImage;
    request.prompt = prompt;
    SamplingParams sampling;
    sampling.maxNewTokens = maxNewTokens;
    sampling.seed = 42;
    request.sampling = sampling;
    return request;
}

InferenceRequest followUpRequest(int maxNewTokens)
{
    InferenceRequest request = imageRequest(maxNewTokens, QStringLiteral("And what colour is it?"));
    request.image = nullptr;
    return request;
}

// Receives the worker's signals on the test's thread. Qt 6.4's QSignalSpy appends from
// the emitting thread without a lock, so the spies watch this relay, which gets every
// signal across the thread boundary through a queued connection. It also keeps one
// ordered log of everything, for checks on ordering across signals.
class WorkerProbe : public QObject
{
    Q_OBJECT

public:
    enum class Kind { Started, StageStarted, StageFinished, Token, Finished, Failed };
    struct Event {
        Kind kind = Kind::Started;
        quint64 id = 0;
        Stage stage = Stage::Preprocess;
        qint64 durationUs = 0;
        QString piece;
        InferenceResult result;
        InferenceError error;
    };

    explicit WorkerProbe(InferenceWorker *worker)
    {
        const auto relay = [&](auto signal, auto mine) {
            connect(worker, signal, this, mine, Qt::QueuedConnection);
        };
        relay(&InferenceWorker::modelLoadProgress, &WorkerProbe::modelLoadProgress);
        relay(&InferenceWorker::modelLoaded, &WorkerProbe::modelLoaded);
        relay(&InferenceWorker::modelLoadFailed, &WorkerProbe::modelLoadFailed);
        relay(&InferenceWorker::requestStarted, &WorkerProbe::requestStarted);
        relay(&InferenceWorker::stageStarted, &WorkerProbe::stageStarted);
        relay(&InferenceWorker::stageFinished, &WorkerProbe::stageFinished);
        relay(&InferenceWorker::token, &WorkerProbe::token);
        relay(&InferenceWorker::finished, &WorkerProbe::finished);
        relay(&InferenceWorker::failed, &WorkerProbe::failed);
        relay(&InferenceWorker::imagePrepared, &WorkerProbe::imagePrepared);

        connect(this, &WorkerProbe::requestStarted, this, [this](quint64 id) { push(Kind::Started, id); });
        connect(this, &WorkerProbe::stageStarted, this,
                [this](quint64 id, Stage stage) { push(Kind::StageStarted, id).stage = stage; });
        connect(this, &WorkerProbe::stageFinished, this, [this](quint64 id, Stage stage, qint64 us) {
            Event &e = push(Kind::StageFinished, id);
            e.stage = stage;
            e.durationUs = us;
        });
        connect(this, &WorkerProbe::token, this,
                [this](quint64 id, const QString &piece) { push(Kind::Token, id).piece = piece; });
        connect(this, &WorkerProbe::finished, this,
                [this](const InferenceResult &result) { push(Kind::Finished, result.requestId).result = result; });
        connect(this, &WorkerProbe::failed, this,
                [this](quint64 id, const InferenceError &error) { push(Kind::Failed, id).error = error; });
    }

    QList<Event> events(quint64 id) const
    {
        QList<Event> out;
        for (const Event &e : log) {
            if (e.id == id)
                out.append(e);
        }
        return out;
    }
    int count(quint64 id, Kind kind) const
    {
        int n = 0;
        for (const Event &e : log)
            n += e.id == id && e.kind == kind;
        return n;
    }
    std::optional<Event> end(quint64 id) const
    {
        for (const Event &e : log) {
            if (e.id == id && (e.kind == Kind::Finished || e.kind == Kind::Failed))
                return e;
        }
        return std::nullopt;
    }
    bool waitForEnd(quint64 id, int timeoutMs = kTimeoutMs) const
    {
        return QTest::qWaitFor([&] { return end(id).has_value(); }, timeoutMs);
    }
    QString tokensText(quint64 id) const
    {
        QString text;
        for (const Event &e : log) {
            if (e.id == id && e.kind == Kind::Token)
                text += e.piece;
        }
        return text;
    }

    QList<Event> log;

private:
    Event &push(Kind kind, quint64 id)
    {
        log.append(Event{});
        Event &e = log.last();
        e.kind = kind;
        e.id = id;
        return e;
    }

Q_SIGNALS:
    void modelLoadProgress(float fraction);
    void modelLoaded(const camchat::inference::ModelProfile &profile);
    void modelLoadFailed(const camchat::inference::InferenceError &error);
    void requestStarted(quint64 requestId);
    void stageStarted(quint64 requestId, camchat::inference::Stage stage);
    void stageFinished(quint64 requestId, camchat::inference::Stage stage, qint64 durationUs);
    void token(quint64 requestId, const QString &piece);
    void finished(const camchat::inference::InferenceResult &result);
    void failed(quint64 requestId, const camchat::inference::InferenceError &error);
    void imagePrepared(quint64 key, qint64 durationUs);
};

// Holds the inference thread inside the token signal (a direct connection runs on the
// emitting thread), so the test can act while a request is provably mid-stream. Also
// counts the tokens as they are emitted, without the delay of a queued connection.
class StreamGate
{
public:
    StreamGate(InferenceWorker *worker, int pauseAtToken, int slowdownMs = 0)
        : m_state(std::make_shared<State>())
    {
        m_state->pauseAt = pauseAtToken;
        m_state->slowdownMs = slowdownMs;
        // The slot owns the state too: a call still running on the inference thread
        // when the gate goes away must not touch freed memory.
        m_connection = QObject::connect(
            worker, &InferenceWorker::token, worker,
            [state = m_state](quint64, const QString &) {
                const int n = ++state->emitted;
                if (n == state->pauseAt) {
                    state->reached.release();
                    state->resume.acquire();
                }
                if (state->slowdownMs > 0)
                    QThread::msleep(static_cast<unsigned long>(state->slowdownMs));
            },
            Qt::DirectConnection);
    }
    ~StreamGate()
    {
        QObject::disconnect(m_connection);
        m_state->resume.release(); // never leave the inference thread stuck
    }
    StreamGate(const StreamGate &) = delete;
    StreamGate &operator=(const StreamGate &) = delete;

    bool waitUntilPaused() { return m_state->reached.tryAcquire(1, kTimeoutMs); }
    void resume() { m_state->resume.release(); }
    int emitted() const { return m_state->emitted.load(); }

private:
    struct State {
        int pauseAt = 0;
        int slowdownMs = 0;
        std::atomic<int> emitted{0};
        QSemaphore reached;
        QSemaphore resume;
    };
    std::shared_ptr<State> m_state;
    QMetaObject::Connection m_connection;
};

// An image preparer that counts its calls and, when asked to, waits inside the first one
// until released: the test acts while a preparation is provably under way.
class CountingPreparer
{
public:
    explicit CountingPreparer(bool holdFirstCall = false)
        : m_state(std::make_shared<State>())
    {
        m_state->hold = holdFirstCall;
    }
    ~CountingPreparer() { m_state->release.release(100); } // never leave the inference thread stuck

    ImagePreparer preparer() const
    {
        return [state = m_state](const VisionSpec &spec) {
            if (++state->calls == 1 && state->hold) {
                state->entered.release();
                state->release.acquire();
            }
            return syntheticImage(spec);
        };
    }
    bool waitUntilEntered() { return m_state->entered.tryAcquire(1, kTimeoutMs); }
    void release() { m_state->release.release(); }
    int calls() const { return m_state->calls.load(); }

private:
    struct State {
        bool hold = false;
        std::atomic<int> calls{0};
        QSemaphore entered;
        QSemaphore release;
    };
    std::shared_ptr<State> m_state;
};

// The same question about the same picture, greedy, so that two runs can be compared.
InferenceRequest greedyRequest(ImagePreparer image, std::uint64_t imageKey = 0)
{
    InferenceRequest request = imageRequest(12);
    request.image = std::move(image);
    request.imageKey = imageKey;
    request.sampling->temperature = 0.0f;
    return request;
}

// What the UI does: the slot runs on the worker's thread.
void requestLoad(InferenceWorker *worker, const ModelProfile &profile)
{
    QMetaObject::invokeMethod(worker, [worker, profile] { worker->loadModel(profile, kThreads); },
                              Qt::QueuedConnection);
}

std::optional<ModelProfile> tinyProfile(const QString &flavour)
{
    const ProfileLoadResult loaded = ModelProfiles::loadFile(fixture(QStringLiteral("tiny-%1.json").arg(flavour)));
    if (!loaded.profile)
        qWarning("%s", qPrintable(loaded.error.detail));
    return loaded.profile;
}

} // namespace

class TestInferenceWorker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void runsOnNamedThread();
    void loadStreamFinish_data();
    void loadStreamFinish();
    void tokensAreStreamedOneByOne();
    void timingsAreComplete();
    void cancelStopsWithinOneToken();
    void cancelDropsWaitingRequest();
    void cancelBetweenRequestsDoesNotPoisonNext();
    void followUpSkipsVisionStage();
    void newerRequestSupersedesWaitingOne();
    void noConversationWithoutImage();
    void notLoaded();
    void badModelFiles_data();
    void badModelFiles();
    void backendUnavailable();
    void corruptImage_data();
    void corruptImage();
    void destroyWhileStreaming();
    void loadDuringAnswerWaitsForIt();
    void preparedImageAnswersLikeCold();
    void questionDuringPreparationWaitsForIt();
    void newImageDuringPreparationReplacesIt();
    void stopDropsPreparation();
    void modelChangePreparesForNewModel();

private:
    bool load(const ModelProfile &profile);
    InferenceResult run(InferenceRequest request);

    ModelProfile m_idefics3;
#ifdef CAMCHAT_WORKER_REMOTE
    camchat::test::LlamaServer m_server;
#endif
    std::unique_ptr<InferenceThread> m_thread;
    std::unique_ptr<WorkerProbe> m_probe;
};

void TestInferenceWorker::initTestCase()
{
    qRegisterMetaType<InferenceErrorCode>();
    const std::optional<ModelProfile> profile = tinyProfile(QStringLiteral("idefics3"));
    QVERIFY2(profile, "tiny-idefics3.json must load (generated by the camchat_fixtures target)");
    m_idefics3 = *profile;
    QVERIFY(m_idefics3.filesPresent());
#ifdef CAMCHAT_WORKER_REMOTE
    QVERIFY2(m_server.start({}), qPrintable(m_server.error()));
    // The same model, served: the profile keeps the tiny model's picture size.
    m_idefics3.backend = BackendKind::OpenAi;
    m_idefics3.files.clear();
    m_idefics3.remote.endpoint = m_server.endpoint();
    m_idefics3.vision.jpegQuality = 90;
#endif
}

void TestInferenceWorker::init()
{
    m_thread = std::make_unique<InferenceThread>();
    m_probe = std::make_unique<WorkerProbe>(m_thread->worker());
}

void TestInferenceWorker::cleanup()
{
    m_thread.reset();
    m_probe.reset();
}

bool TestInferenceWorker::load(const ModelProfile &profile)
{
    QSignalSpy loaded(m_probe.get(), &WorkerProbe::modelLoaded);
    QSignalSpy loadFailed(m_probe.get(), &WorkerProbe::modelLoadFailed);
    InferenceWorker *worker = m_thread->worker();
    requestLoad(worker, profile);
    if (!QTest::qWaitFor([&] { return !loaded.isEmpty() || !loadFailed.isEmpty(); }, kTimeoutMs))
        return false;
    if (!loadFailed.isEmpty()) {
        qWarning("load failed: %s", qPrintable(loadFailed.first().first().value<InferenceError>().detail));
        return false;
    }
    return loaded.first().first().value<ModelProfile>().id == profile.id;
}

// Runs one request to its end; returns its result (requestId 0 when it failed).
InferenceResult TestInferenceWorker::run(InferenceRequest request)
{
    const quint64 id = m_thread->worker()->submit(std::move(request));
    if (!m_probe->waitForEnd(id))
        return {};
    const WorkerProbe::Event end = *m_probe->end(id);
    if (end.kind != WorkerProbe::Kind::Finished) {
        qWarning("request %llu failed: %s: %s", static_cast<unsigned long long>(id), errorKey(end.error.code),
                 qPrintable(end.error.detail));
        return {};
    }
    return end.result;
}

void TestInferenceWorker::runsOnNamedThread()
{
    InferenceWorker *worker = m_thread->worker();
    QThread *thread = worker->thread();
    QVERIFY(thread != QThread::currentThread());
    QCOMPARE(thread->objectName(), QStringLiteral("camchat-inference"));
    QVERIFY(thread->isRunning());

    // Loading and running happen on that thread.
    std::atomic<QThread *> loadThread{nullptr};
    std::atomic<QThread *> runThread{nullptr};
    connect(worker, &InferenceWorker::modelLoadProgress, worker,
            [&] { loadThread = QThread::currentThread(); }, Qt::DirectConnection);
    connect(worker, &InferenceWorker::requestStarted, worker,
            [&] { runThread = QThread::currentThread(); }, Qt::DirectConnection);
    QVERIFY(load(m_idefics3));
    QVERIFY(run(imageRequest(4)).requestId != 0);
    QCOMPARE(loadThread.load(), thread);
    QCOMPARE(runThread.load(), thread);

    // And the worker (with the backend) is destroyed there too, before the thread ends.
    QString destroyedOn;
    connect(worker, &QObject::destroyed, worker,
            [&] { destroyedOn = QThread::currentThread()->objectName(); }, Qt::DirectConnection);
    m_thread.reset();
    QCOMPARE(destroyedOn, QStringLiteral("camchat-inference"));
}

void TestInferenceWorker::loadStreamFinish_data()
{
    QTest::addColumn<QString>("flavour");
    QTest::newRow("idefics3") << QStringLiteral("idefics3");
    if (!kRemote) // the server serves one model
        QTest::newRow("internvl") << QStringLiteral("internvl");
}

void TestInferenceWorker::loadStreamFinish()
{
    QFETCH(QString, flavour);
    std::optional<ModelProfile> profile = tinyProfile(flavour);
    QVERIFY(profile);
    if (kRemote)
        profile = m_idefics3;

    QSignalSpy progress(m_probe.get(), &WorkerProbe::modelLoadProgress);
    QElapsedTimer loadTimer;
    loadTimer.start();
    QVERIFY(load(*profile));
    const qint64 loadMs = loadTimer.elapsed();
    // Progress: at least the final 1.0, never going backwards, throttled to ~20 Hz.
    QVERIFY(!progress.isEmpty());
    float previous = -1.0f;
    for (const QList<QVariant> &args : progress) {
        const float fraction = args.first().toFloat();
        QVERIFY(fraction >= previous);
        QVERIFY(fraction >= 0.0f && fraction <= 1.0f);
        previous = fraction;
    }
    QCOMPARE(previous, 1.0f);
    QVERIFY2(progress.size() <= loadMs / 50 + 3, qPrintable(QString::number(progress.size())));

    QSignalSpy started(m_probe.get(), &WorkerProbe::requestStarted);
    QSignalSpy tokens(m_probe.get(), &WorkerProbe::token);
    QSignalSpy finished(m_probe.get(), &WorkerProbe::finished);
    const quint64 id = m_thread->worker()->submit(imageRequest(16));
    QVERIFY(id != 0);
    QVERIFY(m_probe->waitForEnd(id));
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.first().first().value<quint64>(), id);
    QCOMPARE(finished.size(), 1);
    const auto result = finished.first().first().value<InferenceResult>();
    QCOMPARE(result.requestId, id);
    QVERIFY(!tokens.isEmpty());
    QVERIFY(!result.text.isEmpty());
    QCOMPARE(m_probe->tokensText(id), result.text);
    QVERIFY(result.timings.decodeTokens <= 16);
}

void TestInferenceWorker::tokensAreStreamedOneByOne()
{
    QVERIFY(load(m_idefics3));
    InferenceWorker *worker = m_thread->worker();
    StreamGate gate(worker, 2);
    QSignalSpy tokens(m_probe.get(), &WorkerProbe::token);
    const quint64 id = worker->submit(imageRequest(12));
    QVERIFY(gate.waitUntilPaused());
    // The inference thread is stuck in the second token: the tokens so far have already
    // crossed to this thread, one signal each, while the answer is still being generated.
    QTRY_COMPARE_WITH_TIMEOUT(tokens.size(), 2, kTimeoutMs);
    QCOMPARE(m_probe->count(id, WorkerProbe::Kind::Finished), 0);
    gate.resume();
    QVERIFY(m_probe->waitForEnd(id));

    const QList<WorkerProbe::Event> events = m_probe->events(id);
    QCOMPARE(events.last().kind, WorkerProbe::Kind::Finished);
    const InferenceResult result = events.last().result;
    // Every token came as its own signal, each a non-empty piece, all before finished.
    int tokenCount = 0;
    for (qsizetype i = 0; i + 1 < events.size(); ++i) {
        if (events[i].kind == WorkerProbe::Kind::Token) {
            ++tokenCount;
            QVERIFY(!events[i].piece.isEmpty());
        }
    }
    QCOMPARE(tokenCount, gate.emitted());
    QVERIFY(tokenCount >= 2);
    QCOMPARE(m_probe->tokensText(id), result.text);
}

void TestInferenceWorker::timingsAreComplete()
{
    QVERIFY(load(m_idefics3));
    const InferenceResult result = run(imageRequest(16));
    QVERIFY(result.requestId != 0);
    const StageTimings &t = result.timings;
    const quint64 id = result.requestId;

    // A model server encodes the image inside its prompt processing (reported as prefill,
    // from llama-server's timings) and the upload is a stage of its own; local backends
    // never upload.
    const QList<Stage> reported = kRemote
        ? QList<Stage>{Stage::Preprocess, Stage::Upload, Stage::Prefill, Stage::FirstToken, Stage::Decode}
        : QList<Stage>{Stage::Preprocess, Stage::VisionEncode, Stage::Prefill, Stage::FirstToken, Stage::Decode};
    for (const Stage stage : kAllStages) {
        QVERIFY2(t.durationUs(stage).has_value() == reported.contains(stage), stageKey(stage).data());
        QVERIFY2(t.durationUs(stage).value_or(0) >= 0, stageKey(stage).data());
    }
    const std::int64_t beforeAnswer =
        *t.preprocessUs + (kRemote ? *t.uploadUs + *t.prefillUs : *t.visionEncodeUs + *t.prefillUs);
    QVERIFY(beforeAnswer + *t.decodeUs <= t.totalUs);
    QVERIFY(*t.firstTokenUs <= t.totalUs);
    // The first token comes after preprocessing, encoding and prefill.
    QVERIFY(beforeAnswer <= *t.firstTokenUs);
    if (kRemote) {
        // llama-server's own figures reached the timings.
        QVERIFY(t.server.promptMs.has_value());
        QVERIFY(t.server.promptTokens.value_or(0) > 0);
        QVERIFY(t.server.decodeTokensPerSecond.has_value());
        QCOMPARE(t.server.decodeTokens.value_or(-1), t.decodeTokens);
    }
    QVERIFY(t.totalUs > 0);
    QVERIFY(t.prefillTokens > 0);
    QVERIFY(t.decodeTokens > 0);
    // One signal per decoded token, except where the model spelled a multi-byte
    // character byte by byte: its pieces are held back and sent as one.
    const int tokenSignals = m_probe->count(id, WorkerProbe::Kind::Token);
    int merged = 0;
    for (const QChar c : result.text)
        merged += c.isLowSurrogate() ? 1 : (c.unicode() >= 0x800 ? 2 : (c.unicode() >= 0x80 ? 1 : 0));
    // A server may also send several tokens in one chunk (a partial character, a
    // possible stop word held back): there only the first bound holds.
    QVERIFY2(tokenSignals <= t.decodeTokens && (kRemote || t.decodeTokens <= tokenSignals + merged),
             qPrintable(QStringLiteral("%1 signals, %2 tokens, %3 bytes merged, text \"%4\"")
                            .arg(tokenSignals)
                            .arg(t.decodeTokens)
                            .arg(merged)
                            .arg(result.text)));
    if (merged == 0 && !kRemote)
        QCOMPARE(t.decodeTokens, tokenSignals);
    QVERIFY(t.decodeTokensPerSecond().has_value());
    QVERIFY(t.peakRssBytes > 0);

    // The stage signals: each stage started before it finished, in pipeline order, with
    // durations that add up to the timings (a backend may report a stage in parts).
    QList<Stage> startedOrder;
    QList<Stage> finishedOrder;
    std::map<Stage, qint64> signalled;
    for (const WorkerProbe::Event &e : m_probe->events(id)) {
        if (e.kind == WorkerProbe::Kind::StageStarted) {
            if (startedOrder.isEmpty() || startedOrder.last() != e.stage)
                startedOrder.append(e.stage);
        } else if (e.kind == WorkerProbe::Kind::StageFinished) {
            QVERIFY2(e.stage == Stage::FirstToken || startedOrder.contains(e.stage), stageKey(e.stage).data());
            QVERIFY(e.durationUs >= 0);
            signalled[e.stage] += e.durationUs;
            if (!finishedOrder.contains(e.stage))
                finishedOrder.append(e.stage);
        }
    }
    // The server's prompt time is known only at the end of the answer.
    const QList<Stage> expectedStarts = kRemote
        ? QList<Stage>{Stage::Preprocess, Stage::Upload, Stage::Decode, Stage::Prefill}
        : QList<Stage>{Stage::Preprocess, Stage::VisionEncode, Stage::Prefill, Stage::Decode};
    QCOMPARE(startedOrder, expectedStarts);
    QCOMPARE(finishedOrder.size(), 5);
    for (const Stage stage : reported)
        QVERIFY2(signalled[stage] == *t.durationUs(stage), stageKey(stage).data());
}

void TestInferenceWorker::cancelStopsWithinOneToken()
{
    QVERIFY(load(m_idefics3));
    InferenceWorker *worker = m_thread->worker();
    int atCancel = 0;
    quint64 id = 0;
    {
        StreamGate gate(worker, 3);
        id = worker->submit(imageRequest(200));
        QVERIFY(gate.waitUntilPaused());
        // Called from this (test) thread while the inference thread is mid-stream.
        worker->cancel();
        atCancel = gate.emitted();
        gate.resume();
        QVERIFY(m_probe->waitForEnd(id));
        QVERIFY2(gate.emitted() - atCancel <= 1, qPrintable(QString::number(gate.emitted() - atCancel)));
    }
    const WorkerProbe::Event end = *m_probe->end(id);
    QCOMPARE(end.kind, WorkerProbe::Kind::Failed);
    QCOMPARE(end.error.code, InferenceErrorCode::Cancelled);
    QVERIFY(m_probe->count(id, WorkerProbe::Kind::Token) <= atCancel + 1);

    // The next request is not affected by the earlier cancel: it runs to its end.
    const InferenceResult next = run(imageRequest(8));
    QVERIFY(next.requestId > id);
    QVERIFY(!next.text.isEmpty());
    // Nor is a follow-up on the image of the next request.
    QVERIFY(run(followUpRequest(4)).requestId != 0);
}

void TestInferenceWorker::cancelDropsWaitingRequest()
{
    QVERIFY(load(m_idefics3));
    InferenceWorker *worker = m_thread->worker();
    StreamGate gate(worker, 1);
    const quint64 running = worker->submit(imageRequest(50));
    QVERIFY(gate.waitUntilPaused());
    const quint64 waiting = worker->submit(followUpRequest(4));
    worker->cancel();
    gate.resume();
    QVERIFY(m_probe->waitForEnd(running));
    QVERIFY(m_probe->waitForEnd(waiting));
    QCOMPARE(m_probe->end(running)->error.code, InferenceErrorCode::Cancelled);
    QCOMPARE(m_probe->end(waiting)->error.code, InferenceErrorCode::Cancelled);
    // The dropped request never started.
    QCOMPARE(m_probe->count(waiting, WorkerProbe::Kind::Started), 0);
    QVERIFY(run(imageRequest(4)).requestId != 0);
}

void TestInferenceWorker::cancelBetweenRequestsDoesNotPoisonNext()
{
    QVERIFY(load(m_idefics3));
    InferenceWorker *worker = m_thread->worker();
    QVERIFY(run(imageRequest(4)).requestId != 0);
    // Nothing runs or waits: a stray Stop must not cancel the next question.
    worker->cancel();
    worker->cancel();
    QVERIFY(run(followUpRequest(4)).requestId != 0);
    worker->cancel();
    QVERIFY(run(imageRequest(4)).requestId != 0);
}

void TestInferenceWorker::followUpSkipsVisionStage()
{
    QVERIFY(load(m_idefics3));
    // The tiny model encodes its image in about a millisecond, within timer noise of the
    // rest; a preparer as slow as converting a real camera frame makes the saving of the
    // follow-up (no preparation, no encode) stand out.
    InferenceRequest request = imageRequest(8);
    request.image = [](const VisionSpec &spec) {
        QThread::msleep(40);
        return syntheticImage(spec);
    };
    const InferenceResult first = run(std::move(request));
    QVERIFY(first.requestId != 0);
    const InferenceResult followUp = run(followUpRequest(8));
    QVERIFY(followUp.requestId != 0);

    QVERIFY(first.timings.preprocessUs.has_value());
    QVERIFY(first.timings.visionEncodeUs.has_value() != kRemote);
    QVERIFY(!followUp.timings.preprocessUs.has_value());
    QVERIFY(!followUp.timings.visionEncodeUs.has_value());
    for (const WorkerProbe::Event &e : m_probe->events(followUp.requestId)) {
        if (e.kind == WorkerProbe::Kind::StageStarted || e.kind == WorkerProbe::Kind::StageFinished) {
            QVERIFY2(e.stage != Stage::Preprocess && e.stage != Stage::VisionEncode, stageKey(e.stage).data());
        }
    }
    QVERIFY(followUp.timings.prefillUs.has_value());
    QVERIFY(followUp.timings.firstTokenUs.has_value());
    QVERIFY(*first.timings.preprocessUs >= 40000);
    // No image work before its first token: much quicker than the first question's.
    QVERIFY2(*followUp.timings.firstTokenUs * 2 < *first.timings.firstTokenUs,
             qPrintable(QStringLiteral("follow-up %1 us, first %2 us")
                            .arg(*followUp.timings.firstTokenUs)
                            .arg(*first.timings.firstTokenUs)));
}

void TestInferenceWorker::newerRequestSupersedesWaitingOne()
{
    QVERIFY(load(m_idefics3));
    InferenceWorker *worker = m_thread->worker();
    StreamGate gate(worker, 1);
    const quint64 a = worker->submit(imageRequest(24));
    QVERIFY(gate.waitUntilPaused());
    // A is running (held in its first token); B waits and is replaced by C.
    const quint64 b = worker->submit(followUpRequest(4));
    const quint64 c = worker->submit(followUpRequest(4));
    QVERIFY(a < b && b < c);
    gate.resume();
    QVERIFY(m_probe->waitForEnd(c));
    QVERIFY(m_probe->waitForEnd(a));
    QVERIFY(m_probe->waitForEnd(b));

    QCOMPARE(m_probe->end(a)->kind, WorkerProbe::Kind::Finished);
    QCOMPARE(m_probe->end(b)->kind, WorkerProbe::Kind::Failed);
    QCOMPARE(m_probe->end(b)->error.code, InferenceErrorCode::Cancelled);
    QCOMPARE(m_probe->count(b, WorkerProbe::Kind::Started), 0);
    QCOMPARE(m_probe->count(b, WorkerProbe::Kind::Token), 0);
    QCOMPARE(m_probe->end(c)->kind, WorkerProbe::Kind::Finished);
    QVERIFY(!m_probe->end(c)->result.text.isEmpty());

    // A ran to its end before C started: one request at a time.
    qsizetype aEnd = -1;
    qsizetype cStart = -1;
    for (qsizetype i = 0; i < m_probe->log.size(); ++i) {
        const WorkerProbe::Event &e = m_probe->log[i];
        if (e.id == a && e.kind == WorkerProbe::Kind::Finished)
            aEnd = i;
        if (e.id == c && e.kind == WorkerProbe::Kind::Started)
            cStart = i;
    }
    QVERIFY(aEnd >= 0 && cStart > aEnd);
}

void TestInferenceWorker::noConversationWithoutImage()
{
    QVERIFY(load(m_idefics3));
    const quint64 id = m_thread->worker()->submit(followUpRequest(4));
    QVERIFY(m_probe->waitForEnd(id));
    QCOMPARE(m_probe->end(id)->kind, WorkerProbe::Kind::Failed);
    QCOMPARE(m_probe->end(id)->error.code, InferenceErrorCode::NoConversation);
    QCOMPARE(m_probe->count(id, WorkerProbe::Kind::Token), 0);
    // Usable afterwards.
    QVERIFY(run(imageRequest(4)).requestId != 0);
}

void TestInferenceWorker::notLoaded()
{
    const quint64 id = m_thread->worker()->submit(imageRequest(4));
    QVERIFY(m_probe->waitForEnd(id));
    QCOMPARE(m_probe->end(id)->error.code, InferenceErrorCode::NotLoaded);

    QVERIFY(load(m_idefics3));
    QVERIFY(run(imageRequest(4)).requestId != 0);
    QMetaObject::invokeMethod(m_thread->worker(), &InferenceWorker::unloadModel, Qt::QueuedConnection);
    const quint64 after = m_thread->worker()->submit(followUpRequest(4));
    QVERIFY(m_probe->waitForEnd(after));
    QCOMPARE(m_probe->end(after)->error.code, InferenceErrorCode::NotLoaded);
}

void TestInferenceWorker::badModelFiles_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("mmproj");
    QTest::addColumn<InferenceErrorCode>("code");

    const QString model = fixture(QStringLiteral("tiny-idefics3.gguf"));
    const QString mmproj = fixture(QStringLiteral("tiny-idefics3-mmproj.gguf"));
    const auto bad = [](const char *name) { return fixture(QString::fromLatin1(name)); };
    QTest::newRow("model missing") << QStringLiteral("no-such-model.gguf") << mmproj
                                   << InferenceErrorCode::ModelFileMissing;
    QTest::newRow("mmproj missing") << model << QStringLiteral("no-such-mmproj.gguf")
                                    << InferenceErrorCode::ModelFileMissing;
    QTest::newRow("model truncated") << bad("bad-truncated.gguf") << mmproj << InferenceErrorCode::ModelFileInvalid;
    QTest::newRow("model empty") << bad("bad-empty.gguf") << mmproj << InferenceErrorCode::ModelFileInvalid;
    QTest::newRow("model not gguf") << bad("bad-not-gguf.gguf") << mmproj << InferenceErrorCode::ModelFileInvalid;
    QTest::newRow("model wrong arch") << bad("bad-wrong-arch.gguf") << mmproj << InferenceErrorCode::ModelFileInvalid;
    QTest::newRow("mmproj is a text model") << model << model << InferenceErrorCode::ModelFileInvalid;
    QTest::newRow("mmproj without scale factor") << model << bad("bad-mmproj-no-scale-factor.gguf")
                                                 << InferenceErrorCode::ModelFileInvalid;
    QTest::newRow("mmproj empty") << model << bad("bad-empty.gguf") << InferenceErrorCode::ModelFileInvalid;
}

void TestInferenceWorker::badModelFiles()
{
    if (kRemote)
        QSKIP("model files are the server's business: test_openaibackend covers its errors");
    QFETCH(QString, model);
    QFETCH(QString, mmproj);
    QFETCH(InferenceErrorCode, code);

    // A user profile pointing at the bad files, as the app would read it from disk.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString profilePath = camchat::test::writeTinyProfile(
            dir.path(), QStringLiteral("tiny-bad"),
            QJsonObject{{QStringLiteral("files"),
                         QJsonObject{{QStringLiteral("model"), model}, {QStringLiteral("mmproj"), mmproj}}}});
    QVERIFY(!profilePath.isEmpty());
    const ProfileLoadResult loaded = ModelProfiles::loadFile(profilePath);
    QVERIFY2(loaded.profile, qPrintable(loaded.error.detail));

    // A good model first, so the failure is seen to drop it cleanly.
    QVERIFY(load(m_idefics3));
    QSignalSpy loadFailed(m_probe.get(), &WorkerProbe::modelLoadFailed);
    QSignalSpy loadedSpy(m_probe.get(), &WorkerProbe::modelLoaded);
    const ModelProfile badProfile = *loaded.profile;
    InferenceWorker *worker = m_thread->worker();
    requestLoad(worker, badProfile);
    QTRY_COMPARE_WITH_TIMEOUT(loadFailed.size(), 1, kTimeoutMs);
    const auto error = loadFailed.first().first().value<InferenceError>();
    QVERIFY2(error.code == code,
             qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(errorKey(error.code)), error.detail)));
    QVERIFY(!error.detail.isEmpty());
    QCOMPARE(loadedSpy.size(), 0);

    // No model now; a good one loads and answers.
    const quint64 id = worker->submit(imageRequest(4));
    QVERIFY(m_probe->waitForEnd(id));
    QCOMPARE(m_probe->end(id)->error.code, InferenceErrorCode::NotLoaded);
    QVERIFY(load(m_idefics3));
    QVERIFY(run(imageRequest(4)).requestId != 0);
}

// An rk profile whose files are present, on a machine without the Rockchip runtimes (the
// test machines have none: the fake ones live in the tests' own folder, never on the
// library path): the load is refused as BackendUnavailable, naming the missing library,
// and the worker stays usable.
void TestInferenceWorker::backendUnavailable()
{
    QLibrary installed(QStringLiteral("rkllmrt"));
    if (installed.load()) {
        installed.unload();
        QSKIP("this machine has librkllmrt.so installed (an RK3588 board)");
    }
    qunsetenv("CAMCHAT_RK_LIB_DIR");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ModelProfile profile;
    profile.id = QStringLiteral("npu-without-runtime");
    profile.name = profile.id;
    profile.backend = BackendKind::Rk;
    for (const QString &role : {QStringLiteral("encoder"), QStringLiteral("llm")}) {
        const QString path = dir.filePath(role + QStringLiteral(".bin"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a model");
        profile.files.append({role, path});
    }
    profile.vision.width = 448;
    profile.vision.height = 448;
    profile.vision.imageTokens = 256;
    profile.vision.embeddingWidth = 1536;
    QVERIFY(profile.filesPresent());

    QSignalSpy loadFailed(m_probe.get(), &WorkerProbe::modelLoadFailed);
    requestLoad(m_thread->worker(), profile);
    QTRY_COMPARE_WITH_TIMEOUT(loadFailed.size(), 1, kTimeoutMs);
    const InferenceError error = loadFailed.first().first().value<InferenceError>();
    QCOMPARE(error.code, InferenceErrorCode::BackendUnavailable);
    QVERIFY2(error.detail.contains(QLatin1String("librk")), qPrintable(error.detail));
    QVERIFY(load(m_idefics3));
}

void TestInferenceWorker::corruptImage_data()
{
    QTest::addColumn<int>("kind");
    QTest::newRow("empty image") << 0;
    QTest::newRow("no pixels") << 1;
    QTest::newRow("zero width") << 2;
    QTest::newRow("preparer throws") << 3;
}

void TestInferenceWorker::corruptImage()
{
    QFETCH(int, kind);
    QVERIFY(load(m_idefics3));
    // A conversation exists: the failed image must not break it either.
    QVERIFY(run(imageRequest(4)).requestId != 0);

    InferenceRequest request = imageRequest(4);
    request.image = [kind](const VisionSpec &spec) -> RgbImage {
        RgbImage image = syntheticImage(spec);
        switch (kind) {
        case 0: return {};
        case 1: image.pixels.reset(); return image;
        case 2: image.width = 0; return image;
        default: throw std::runtime_error("decoder exploded");
        }
    };
    const quint64 id = m_thread->worker()->submit(std::move(request));
    QVERIFY(m_probe->waitForEnd(id));
    const WorkerProbe::Event end = *m_probe->end(id);
    QCOMPARE(end.kind, WorkerProbe::Kind::Failed);
    QCOMPARE(end.error.code, InferenceErrorCode::ImageInvalid);
    QVERIFY(!end.error.detail.isEmpty());
    QCOMPARE(m_probe->count(id, WorkerProbe::Kind::Token), 0);

    QVERIFY(run(followUpRequest(4)).requestId != 0);
    QVERIFY(run(imageRequest(4)).requestId != 0);
}

void TestInferenceWorker::destroyWhileStreaming()
{
    QVERIFY(load(m_idefics3));
    InferenceWorker *worker = m_thread->worker();
    std::atomic<int> finishedCount{0};
    std::atomic<int> cancelledCount{0};
    connect(worker, &InferenceWorker::finished, worker, [&] { ++finishedCount; }, Qt::DirectConnection);
    connect(worker, &InferenceWorker::failed, worker,
            [&](quint64, const InferenceError &error) {
                cancelledCount += error.code == InferenceErrorCode::Cancelled;
            },
            Qt::DirectConnection);
    QString destroyedOn;
    connect(worker, &QObject::destroyed, worker,
            [&] { destroyedOn = QThread::currentThread()->objectName(); }, Qt::DirectConnection);

    constexpr int kMaxTokens = 400;
    int emitted = 0;
    {
        // 5 ms per token keeps the answer going for ~2 s unless it is stopped.
        StreamGate gate(worker, 2, 5);
        worker->submit(imageRequest(kMaxTokens));
        QVERIFY(gate.waitUntilPaused());
        gate.resume();
        m_thread.reset();
        emitted = gate.emitted();
    }
    // The backend went with the worker, on its own thread, before the destructor returned.
    QCOMPARE(destroyedOn, QStringLiteral("camchat-inference"));
    QCOMPARE(finishedCount.load(), 0);
    QCOMPARE(cancelledCount.load(), 1);
    QVERIFY(emitted < kMaxTokens);
}

// A load requested while an answer streams waits for the answer to end (the remote
// backend waits for the network in a local event loop on the inference thread, where
// the queued load would otherwise run inside the answer and destroy its backend).
void TestInferenceWorker::loadDuringAnswerWaitsForIt()
{
    QVERIFY(load(m_idefics3));
    InferenceWorker *worker = m_thread->worker();
    QSignalSpy loaded(m_probe.get(), &WorkerProbe::modelLoaded);
    quint64 id = 0;
    {
        StreamGate gate(worker, 2, 2);
        id = worker->submit(imageRequest(24));
        QVERIFY(gate.waitUntilPaused());
        requestLoad(worker, m_idefics3);
        QMetaObject::invokeMethod(worker, &InferenceWorker::unloadModel, Qt::QueuedConnection);
        requestLoad(worker, m_idefics3);
        gate.resume();
        QVERIFY(m_probe->waitForEnd(id));
    }
    QCOMPARE(m_probe->end(id)->kind, WorkerProbe::Kind::Finished);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 2, kTimeoutMs);
    // Both loads came after the answer, in the order they were asked for, and the
    // worker answers with the model loaded last.
    QVERIFY(run(imageRequest(4)).requestId != 0);
}

void TestInferenceWorker::preparedImageAnswersLikeCold()
{
    QVERIFY(load(m_idefics3));
    InferenceWorker *worker = m_thread->worker();
    const InferenceResult cold = run(greedyRequest(syntheticImage));
    QVERIFY(cold.requestId != 0);
    QVERIFY(!cold.timings.preparedAheadUs);

    CountingPreparer preparer;
    QSignalSpy prepared(m_probe.get(), &WorkerProbe::imagePrepared);
    worker->prepareImage(7, preparer.preparer());
    if (kRemote) {
        // A model server has nothing to do ahead: the question does it all.
        const InferenceResult result = run(greedyRequest(preparer.preparer(), 7));
        QVERIFY(result.requestId != 0);
        QVERIFY(prepared.isEmpty());
        QCOMPARE(preparer.calls(), 1);
        QVERIFY(!result.timings.preparedAheadUs);
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT(!prepared.isEmpty(), kTimeoutMs);
    QCOMPARE(prepared.first().first().value<quint64>(), quint64(7));
    QCOMPARE(preparer.calls(), 1);

    const InferenceResult warm = run(greedyRequest(preparer.preparer(), 7));
    QVERIFY(warm.requestId != 0);
    QCOMPARE(preparer.calls(), 1); // not prepared twice
    QCOMPARE(warm.text, cold.text);
    QVERIFY(warm.timings.preparedAheadUs.has_value());
    QVERIFY(*warm.timings.preparedAheadUs > 0);
    QVERIFY(!warm.timings.preprocessUs.has_value());
    QVERIFY(!warm.timings.visionEncodeUs.has_value());
    QVERIFY(warm.timings.prefillUs.has_value());
    // Only the question's own tokens went in.
    QVERIFY2(warm.timings.prefillTokens < cold.timings.prefillTokens,
             qPrintable(QStringLiteral("%1 vs %2").arg(warm.timings.prefillTokens).arg(cold.timings.prefillTokens)));
    for (const WorkerProbe::Event &e : m_probe->events(warm.requestId)) {
        if (e.kind == WorkerProbe::Kind::StageStarted)
            QVERIFY2(e.stage != Stage::VisionEncode && e.stage != Stage::Preprocess, stageKey(e.stage).data());
    }

    // The conversation goes on from there as from a cold start.
    const InferenceResult followUp = run(followUpRequest(6));
    QVERIFY(followUp.requestId != 0);
}

void TestInferenceWorker::questionDuringPreparationWaitsForIt()
{
    if (kRemote)
        QSKIP("a model server has nothing to prepare ahead (see preparedImageAnswersLikeCold)");
    QVERIFY(load(m_idefics3));
    InferenceWorker *worker = m_thread->worker();
    const InferenceResult cold = run(greedyRequest(syntheticImage));
    QVERIFY(cold.requestId != 0);

    CountingPreparer preparer(true);
    worker->prepareImage(3, preparer.preparer());
    QVERIFY(preparer.waitUntilEntered());
    // Asked while the image is still being prepared: it waits, and nothing is done twice.
    const quint64 id = worker->submit(greedyRequest(preparer.preparer(), 3));
    preparer.release();
    QVERIFY(m_probe->waitForEnd(id));
    const WorkerProbe::Event end = *m_probe->end(id);
    QCOMPARE(end.kind, WorkerProbe::Kind::Finished);
    QCOMPARE(preparer.calls(), 1);
    QCOMPARE(end.result.text, cold.text);
    if (!kRemote)
        QVERIFY(!end.result.timings.visionEncodeUs.has_value());
}

void TestInferenceWorker::newImageDuringPreparationReplacesIt()
{
    if (kRemote)
        QSKIP("a model server has nothing to prepare ahead (see preparedImageAnswersLikeCold)");
    QVERIFY(load(m_idefics3));
    InferenceWorker *worker = m_thread->worker();
    QSignalSpy prepared(m_probe.get(), &WorkerProbe::imagePrepared);
    CountingPreparer first(true);
    CountingPreparer second;
    worker->prepareImage(1, first.preparer());
    QVERIFY(first.waitUntilEntered());
    worker->prepareImage(2, second.preparer());
    first.release();
    QTRY_VERIFY_WITH_TIMEOUT(!prepared.isEmpty(), kTimeoutMs);
    QCOMPARE(prepared.size(), 1); // the first one stopped before its encode
    QCOMPARE(prepared.first().first().value<quint64>(), quint64(2));

    // A question about the first picture (key 1) does it all itself.
    const InferenceResult result = run(greedyRequest(first.preparer(), 1));
    QVERIFY(result.requestId != 0);
    QCOMPARE(first.calls(), 2);
    QVERIFY(!result.timings.preparedAheadUs);
    QVERIFY(result.timings.visionEncodeUs.has_value());
}

void TestInferenceWorker::stopDropsPreparation()
{
    if (kRemote)
        QSKIP("a model server has nothing to prepare ahead (see preparedImageAnswersLikeCold)");
    QVERIFY(load(m_idefics3));
    InferenceWorker *worker = m_thread->worker();
    QSignalSpy prepared(m_probe.get(), &WorkerProbe::imagePrepared);
    CountingPreparer preparer(true);
    worker->prepareImage(5, preparer.preparer());
    QVERIFY(preparer.waitUntilEntered());
    worker->cancel(); // Stop
    preparer.release();
    // The worker is free again (a request after it runs), and nothing was prepared.
    const InferenceResult result = run(greedyRequest(preparer.preparer(), 5));
    QVERIFY(result.requestId != 0);
    QVERIFY(prepared.isEmpty());
    QCOMPARE(preparer.calls(), 2);
    QVERIFY(!result.timings.preparedAheadUs);
}

void TestInferenceWorker::modelChangePreparesForNewModel()
{
    if (kRemote)
        QSKIP("the server serves one model");
    QVERIFY(load(m_idefics3));
    InferenceWorker *worker = m_thread->worker();
    QSignalSpy prepared(m_probe.get(), &WorkerProbe::imagePrepared);
    CountingPreparer preparer(true);
    worker->prepareImage(9, preparer.preparer());
    QVERIFY(preparer.waitUntilEntered());
    // Another model is chosen while the picture is prepared for the first one.
    const std::optional<ModelProfile> other = tinyProfile(QStringLiteral("internvl"));
    QVERIFY(other);
    worker->interruptPreparation();
    requestLoad(worker, *other);
    preparer.release();
    QTRY_VERIFY_WITH_TIMEOUT(!prepared.isEmpty(), kTimeoutMs);
    QCOMPARE(prepared.size(), 1);
    QCOMPARE(preparer.calls(), 2); // once for each model, the first one stopped
    const InferenceResult result = run(greedyRequest(preparer.preparer(), 9));
    QVERIFY(result.requestId != 0);
    QVERIFY(result.timings.preparedAheadUs.has_value());
    QCOMPARE(preparer.calls(), 2);
}

QTEST_GUILESS_MAIN(TestInferenceWorker)

#include "test_inferenceworker.moc"
