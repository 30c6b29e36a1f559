#include "fixtureprofile.h"
#include "inference/captionpipeline.h"

#include "inference/inferencethread.h"
#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

using namespace camchat::inference;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kThreads = 1; // llama's worker threads spin: one is plenty for the tiny model

using camchat::test::fixture;

RgbImage syntheticImage(const VisionSpec &spec, int shade = 0)
{
    const int w = spec.width;
    const int h = spec.height;
    auto pixels = std::make_shared<std::uint8_t[]>(static_cast<std::size_t>(w) * h * 3);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            std::uint8_t *p = pixels.get() + (static_cast<std::size_t>(y) * w + x) * 3;
            p[0] = static_cast<std::uint8_t>(x * 255 / w + shade);
            p[1] = static_cast<std::uint8_t>(y * 255 / h);
            p[2] = static_cast<std::uint8_t>((x + y + shade) & 0xff);
        }
    }
    return {w, h, pixels, {}};
}

// One ordered log written from every thread involved (pool, inference, test), so the
// test can check what happened before what.
class EventLog
{
public:
    void add(const QString &event)
    {
        const std::lock_guard lock(m_mutex);
        m_events.push_back(event);
    }
    std::vector<QString> events() const
    {
        const std::lock_guard lock(m_mutex);
        return m_events;
    }
    // Position of the n-th (0-based) occurrence of `event`, or -1.
    int indexOf(const QString &event, int n) const
    {
        const std::lock_guard lock(m_mutex);
        for (std::size_t i = 0; i < m_events.size(); ++i) {
            if (m_events[i] == event && n-- == 0)
                return int(i);
        }
        return -1;
    }

private:
    mutable std::mutex m_mutex;
    std::vector<QString> m_events;
};

CaptionPipelineOptions quickOptions(bool overlap)
{
    CaptionPipelineOptions options;
    options.prompt = QStringLiteral("Describe the picture.");
    SamplingParams sampling;
    sampling.maxNewTokens = 4;
    sampling.seed = 7;
    options.sampling = sampling;
    options.overlap = overlap;
    options.modelThreads = kThreads;
    options.retryInitialMs = 20;
    options.retryMaxMs = 80;
    options.reloadAfterFailures = 3;
    options.noPictureRetryMs = 20;
    return options;
}

} // namespace

class TestCaptionPipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void loadsAndCaptionsBackToBack();
    void overlapSubmitsNextBeforePreviousFinishes();
    void sequentialPreparesAfterPreviousFinishes();
    void onRequestCaptionsOnce();
    void noPictureIsNotAFailure();
    void failuresBackOffAndReload();
    void pauseHoldsCaptions();
    void stopIsQuietAndDestroyWaitsForProvider();

private:
    // Loads through the pipeline (so the reload path is the same as the first load).
    bool startLoaded(CaptionPipeline &pipeline);

    ModelProfile m_profile;
    std::unique_ptr<InferenceThread> m_thread;
};

void TestCaptionPipeline::initTestCase()
{
    const ProfileLoadResult loaded = ModelProfiles::loadFile(fixture(QStringLiteral("tiny-idefics3.json")));
    QVERIFY2(loaded.profile, qPrintable(loaded.error.detail));
    m_profile = *loaded.profile;
}

void TestCaptionPipeline::init()
{
    m_thread = std::make_unique<InferenceThread>();
}

void TestCaptionPipeline::cleanup()
{
    m_thread.reset();
}

bool TestCaptionPipeline::startLoaded(CaptionPipeline &pipeline)
{
    QSignalSpy ready(&pipeline, &CaptionPipeline::modelReady);
    pipeline.setProfile(m_profile, false);
    pipeline.start();
    return ready.wait(kTimeoutMs) || ready.count() > 0;
}

void TestCaptionPipeline::loadsAndCaptionsBackToBack()
{
    std::atomic<int> calls{0};
    CaptionPipeline pipeline(m_thread->worker(), [&](const VisionSpec &spec) -> std::optional<CaptionImage> {
        ++calls;
        CaptionImage picture;
        picture.image = syntheticImage(spec, calls);
        picture.timestampNs = 1000 + calls;
        return picture;
    });
    pipeline.setOptions(quickOptions(true));
    QSignalSpy started(&pipeline, &CaptionPipeline::captionStarted);
    QSignalSpy updated(&pipeline, &CaptionPipeline::captionUpdated);
    QSignalSpy finished(&pipeline, &CaptionPipeline::captionFinished);
    QSignalSpy failed(&pipeline, &CaptionPipeline::captionFailed);
    QVERIFY(!pipeline.isModelReady());
    QVERIFY(startLoaded(pipeline));
    QVERIFY(pipeline.isModelReady());

    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 5, kTimeoutMs);
    QCOMPARE(failed.count(), 0);
    QVERIFY(started.count() >= 5);
    // Ids are distinct, frames carry their timestamps, text streams before each finish.
    QVERIFY(started.at(0).at(0).toULongLong() != started.at(1).at(0).toULongLong());
    QVERIFY(started.at(0).at(1).toLongLong() > 1000);
    QCOMPARE(finished.at(0).at(0), started.at(0).at(0));
    const auto timings = finished.at(0).at(2).value<StageTimings>();
    QVERIFY(timings.visionEncodeUs.has_value());
    QVERIFY(timings.decodeTokens >= 1 && timings.decodeTokens <= 4);
    if (!updated.isEmpty())
        QCOMPARE(finished.at(0).at(1).toString().isEmpty(), false);

    const CaptionStats stats = pipeline.stats();
    QVERIFY(stats.captions >= 5);
    QCOMPARE(stats.failures, 0u);
    QVERIFY2(stats.busyFraction > 0.0 && stats.busyFraction <= 1.0, qPrintable(QString::number(stats.busyFraction)));
    QVERIFY(stats.busyUs > 0 && stats.busyUs <= stats.wallUs);
    QVERIFY(stats.captionsPerMinute > 0);
    qInfo("tiny model back to back: %.0f captions/min, busy %.0f %%", stats.captionsPerMinute,
          stats.busyFraction * 100);

    pipeline.resetStats();
    QCOMPARE(pipeline.stats().captions, 0u);
}

// The model stays in the decode stage for a while (a direct slot on the inference thread
// holds it there), so the order shows whether the next picture was prepared meanwhile.
void TestCaptionPipeline::overlapSubmitsNextBeforePreviousFinishes()
{
    EventLog log;
    InferenceWorker *worker = m_thread->worker();
    CaptionPipeline pipeline(worker, [&](const VisionSpec &spec) -> std::optional<CaptionImage> {
        log.add(QStringLiteral("prepared"));
        CaptionImage picture;
        picture.image = syntheticImage(spec);
        return picture;
    });
    QSignalSpy finished(&pipeline, &CaptionPipeline::captionFinished);
    connect(worker, &InferenceWorker::stageStarted, worker, [&](quint64, Stage stage) {
        if (stage == Stage::Decode)
            QThread::msleep(150);
    }, Qt::DirectConnection);
    connect(worker, &InferenceWorker::finished, worker,
            [&](const InferenceResult &) { log.add(QStringLiteral("finished")); }, Qt::DirectConnection);
    connect(worker, &InferenceWorker::requestStarted, worker,
            [&](quint64) { log.add(QStringLiteral("started")); }, Qt::DirectConnection);
    pipeline.setOptions(quickOptions(true));
    QVERIFY(startLoaded(pipeline));
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 3, kTimeoutMs);
    pipeline.stop();

    // prepared(k+1) comes before finished(k), and started(k+1) right after finished(k):
    // the model never waited for a picture.
    for (int k = 0; k < 2; ++k) {
        const int next = log.indexOf(QStringLiteral("prepared"), k + 1);
        const int done = log.indexOf(QStringLiteral("finished"), k);
        QVERIFY2(next >= 0 && done >= 0 && next < done, qPrintable(QStringLiteral("caption %1").arg(k)));
        QCOMPARE(log.events().at(std::size_t(done) + 1), QStringLiteral("started"));
    }
    QVERIFY(pipeline.stats().busyFraction > 0);
}

void TestCaptionPipeline::sequentialPreparesAfterPreviousFinishes()
{
    EventLog log;
    InferenceWorker *worker = m_thread->worker();
    CaptionPipeline pipeline(worker, [&](const VisionSpec &spec) -> std::optional<CaptionImage> {
        log.add(QStringLiteral("prepared"));
        CaptionImage picture;
        picture.image = syntheticImage(spec);
        return picture;
    });
    QSignalSpy finished(&pipeline, &CaptionPipeline::captionFinished);
    connect(worker, &InferenceWorker::stageStarted, worker, [&](quint64, Stage stage) {
        if (stage == Stage::Decode)
            QThread::msleep(100);
    }, Qt::DirectConnection);
    connect(worker, &InferenceWorker::finished, worker,
            [&](const InferenceResult &) { log.add(QStringLiteral("finished")); }, Qt::DirectConnection);
    pipeline.setOptions(quickOptions(false));
    const int before = 0;
    QVERIFY(startLoaded(pipeline));
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 3, kTimeoutMs);
    pipeline.stop();

    // From the restart on: prepared, finished, prepared, finished, ...
    const std::vector<QString> events = log.events();
    QStringList order;
    for (std::size_t i = std::size_t(before); i < events.size(); ++i)
        order << events[i];
    for (int i = 0; i + 1 < order.size() && i < 6; ++i) {
        QCOMPARE(order.at(i), i % 2 == 0 ? QStringLiteral("prepared") : QStringLiteral("finished"));
    }
}

void TestCaptionPipeline::onRequestCaptionsOnce()
{
    std::atomic<int> calls{0};
    CaptionPipeline pipeline(m_thread->worker(), [&](const VisionSpec &spec) -> std::optional<CaptionImage> {
        ++calls;
        CaptionImage picture;
        picture.image = syntheticImage(spec);
        return picture;
    });
    CaptionPipelineOptions options = quickOptions(true);
    options.continuous = false;
    pipeline.setOptions(options);
    QSignalSpy finished(&pipeline, &CaptionPipeline::captionFinished);
    QVERIFY(startLoaded(pipeline));
    QTest::qWait(100);
    QCOMPARE(calls.load(), 0); // nothing until asked
    QVERIFY(!pipeline.isBusy());

    QVERIFY(pipeline.requestCaption());
    QVERIFY(pipeline.isBusy());
    QVERIFY(!pipeline.requestCaption()); // one is already waiting
    QVERIFY(finished.wait(kTimeoutMs));
    QTest::qWait(200);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(calls.load(), 1);
    QVERIFY(!pipeline.isBusy());

    QVERIFY(pipeline.requestCaption());
    QVERIFY(finished.wait(kTimeoutMs));
    QCOMPARE(finished.count(), 2);

    pipeline.stop();
    QVERIFY(!pipeline.requestCaption());
}

void TestCaptionPipeline::noPictureIsNotAFailure()
{
    std::atomic<bool> havePicture{false};
    std::atomic<int> calls{0};
    CaptionPipeline pipeline(m_thread->worker(), [&](const VisionSpec &spec) -> std::optional<CaptionImage> {
        ++calls;
        if (!havePicture)
            return std::nullopt;
        CaptionImage picture;
        picture.image = syntheticImage(spec);
        return picture;
    });
    pipeline.setOptions(quickOptions(true));
    QSignalSpy noPicture(&pipeline, &CaptionPipeline::noPicture);
    QSignalSpy finished(&pipeline, &CaptionPipeline::captionFinished);
    QSignalSpy failed(&pipeline, &CaptionPipeline::captionFailed);
    QVERIFY(startLoaded(pipeline));
    QTRY_VERIFY_WITH_TIMEOUT(noPicture.count() >= 3, kTimeoutMs); // asked again and again
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(pipeline.stats().failures, 0u);

    havePicture = true;
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, kTimeoutMs);
    QCOMPARE(failed.count(), 0);
}

void TestCaptionPipeline::failuresBackOffAndReload()
{
    std::atomic<bool> broken{true};
    CaptionPipeline pipeline(m_thread->worker(), [&](const VisionSpec &spec) -> std::optional<CaptionImage> {
        CaptionImage picture;
        if (!broken)
            picture.image = syntheticImage(spec);
        return picture; // broken: an empty image, which the worker rejects
    });
    pipeline.setOptions(quickOptions(true));
    QVERIFY(startLoaded(pipeline));

    QElapsedTimer clock;
    clock.start();
    std::vector<std::pair<qint64, int>> failures; // (ms since start, retryInMs)
    std::vector<InferenceErrorCode> codes;
    connect(&pipeline, &CaptionPipeline::captionFailed, this,
            [&](quint64, const InferenceError &error, int retryInMs) {
                failures.emplace_back(clock.elapsed(), retryInMs);
                codes.push_back(error.code);
            });
    QSignalSpy reloading(&pipeline, &CaptionPipeline::modelReloading);
    QSignalSpy ready(&pipeline, &CaptionPipeline::modelReady);
    QSignalSpy finished(&pipeline, &CaptionPipeline::captionFinished);

    QTRY_VERIFY_WITH_TIMEOUT(failures.size() >= 6, kTimeoutMs);
    for (InferenceErrorCode code : codes)
        QCOMPARE(code, InferenceErrorCode::ImageInvalid);
    // Backoff 20, 40, then a reload after the third failure; after the reload the
    // backoff keeps doubling up to the maximum (80) while the failures go on.
    QCOMPARE(failures[0].second, 20);
    QCOMPARE(failures[1].second, 40);
    QCOMPARE(failures[2].second, -1);
    QCOMPARE(failures[3].second, 80);
    QCOMPARE(failures[4].second, 80);
    QCOMPARE(failures[5].second, -1);
    // Each retry waited its backoff (less 1 ms: both readings are truncated to whole ms).
    QVERIFY2(failures[1].first - failures[0].first >= 20 - 1, qPrintable(QString::number(failures[1].first - failures[0].first)));
    QVERIFY2(failures[2].first - failures[1].first >= 40 - 1, qPrintable(QString::number(failures[2].first - failures[1].first)));
    QVERIFY2(failures[4].first - failures[3].first >= 80 - 1, qPrintable(QString::number(failures[4].first - failures[3].first)));
    QTRY_VERIFY_WITH_TIMEOUT(reloading.count() >= 2, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(pipeline.stats().reloads >= 2, kTimeoutMs);
    QVERIFY(ready.count() >= 2); // each reload really loaded the model again
    QVERIFY(pipeline.stats().failures >= 6);
    QCOMPARE(finished.count(), 0);

    // Healthy again: captions flow and the failure streak is over.
    broken = false;
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 2, kTimeoutMs);
    QCOMPARE(pipeline.stats().consecutiveFailures, 0);
}

void TestCaptionPipeline::pauseHoldsCaptions()
{
    std::atomic<int> calls{0};
    CaptionPipeline pipeline(m_thread->worker(), [&](const VisionSpec &spec) -> std::optional<CaptionImage> {
        ++calls;
        CaptionImage picture;
        picture.image = syntheticImage(spec);
        return picture;
    });
    pipeline.setOptions(quickOptions(true));
    QSignalSpy finished(&pipeline, &CaptionPipeline::captionFinished);
    pipeline.setPaused(true);
    QVERIFY(startLoaded(pipeline));
    QTest::qWait(150);
    QCOMPARE(calls.load(), 0);
    pipeline.setPaused(false);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 2, kTimeoutMs);
    pipeline.setPaused(true);
    QTRY_VERIFY_WITH_TIMEOUT(!pipeline.isBusy(), kTimeoutMs);
    const int held = finished.count();
    QTest::qWait(150);
    QCOMPARE(finished.count(), held);
}

void TestCaptionPipeline::stopIsQuietAndDestroyWaitsForProvider()
{
    std::atomic<bool> inProvider{false};
    std::atomic<bool> providerDone{false};
    auto pipeline = std::make_unique<CaptionPipeline>(
        m_thread->worker(), [&](const VisionSpec &spec) -> std::optional<CaptionImage> {
            inProvider = true;
            QThread::msleep(200); // a slow capture
            CaptionImage picture;
            picture.image = syntheticImage(spec);
            providerDone = true;
            return picture;
        });
    pipeline->setOptions(quickOptions(true));
    QSignalSpy started(pipeline.get(), &CaptionPipeline::captionStarted);
    QSignalSpy finished(pipeline.get(), &CaptionPipeline::captionFinished);
    QSignalSpy failed(pipeline.get(), &CaptionPipeline::captionFailed);
    QVERIFY(startLoaded(*pipeline));
    QTRY_VERIFY_WITH_TIMEOUT(inProvider.load(), kTimeoutMs);
    pipeline->stop();
    QVERIFY(!pipeline->isBusy());
    QTest::qWait(400); // the provider returns meanwhile; nothing may be submitted
    QCOMPARE(started.count(), 0);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.count(), 0);

    // Destroying while the provider runs waits for it.
    providerDone = false;
    inProvider = false;
    pipeline->start();
    QTRY_VERIFY_WITH_TIMEOUT(inProvider.load(), kTimeoutMs);
    pipeline.reset();
    QVERIFY(providerDone.load());
}

QTEST_GUILESS_MAIN(TestCaptionPipeline)
#include "test_captionpipeline.moc"
