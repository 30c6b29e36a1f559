#include "fixtureprofile.h"
#include "llamaserver.h"
#include "session/kioskcontroller.h"

#include "capture/framesource.h"
#include "capture/v4l2/v4l2source.h"
#include "fakev4l2.h"
#include "inference/inferencethread.h"
#include "inference/modelprofile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <memory>
#include <vector>

using namespace camchat;
using capture::FrameSource;
using capture::test::FakeV4l2Io;

namespace {

constexpr int kTimeoutMs = 60000;
const std::string kCamera = "/dev/video0";
const std::string kHdmi = "/dev/video1";

using camchat::test::fixture;
using camchat::test::LlamaServer;

session::KioskOptions quickOptions(int intervalMs, bool onSceneChange)
{
    session::KioskOptions options;
    options.pipeline.prompt = QStringLiteral("What do you see?");
    options.intervalMs = intervalMs;
    options.onSceneChange = onSceneChange;
    options.minIntervalMs = 200;
    options.maxNewTokens = 3;
    options.pipeline.modelThreads = 1; // llama's worker threads spin: one is plenty for the tiny model
    options.pipeline.retryInitialMs = 50;
    options.pipeline.retryMaxMs = 200;
    return options;
}

capture::V4l2SourceOptions sourceOptions(const std::string &path, const std::shared_ptr<FakeV4l2Io> &io)
{
    capture::V4l2SourceOptions options;
    options.devicePath = path;
    options.io = io;
    options.reopenIntervalMs = 100;
    options.noFrameTimeoutMs = 500;
    return options;
}

// A live source whose picture the test controls: the fake V4L2 device always sends the
// same pattern, so scene changes are staged here. Publishes NV12 frames at ~30 fps from
// the test thread (a mailbox accepts frames from any thread).
class ScriptedSource : public FrameSource
{
    Q_OBJECT

public:
    ScriptedSource()
    {
        m_timer.setInterval(33);
        connect(&m_timer, &QTimer::timeout, this, &ScriptedSource::publishNext);
    }

    // 0..255: where the bright bar is, across the picture.
    void setScene(int barX) { m_barX = barX; }

    void start() override
    {
        m_timer.start();
        m_state = State::Streaming;
        Q_EMIT stateChanged(m_state);
    }
    void stop() override
    {
        m_timer.stop();
        clearMailboxes();
        m_state = State::Stopped;
        Q_EMIT stateChanged(m_state);
    }
    State state() const override { return m_state; }
    QString errorDetail() const override { return {}; }
    QString sourceId() const override { return QStringLiteral("scripted"); }
    capture::SourceFormat currentFormat() const override { return {QStringLiteral("NV12"), 320, 180, 30}; }

private:
    void publishNext()
    {
        capture::Frame frame = capture::Frame::allocate(capture::PixelFormat::Nv12, 320, 180);
        ++m_sequence;
        for (int y = 0; y < 180; ++y) {
            std::uint8_t *row = frame.bits(0) + y * frame.stride(0);
            for (int x = 0; x < 320; ++x) {
                const bool bar = std::abs(x - m_barX) < 50;
                // A little sensor noise that changes every frame.
                const int noise = int((x * 13 + y * 7 + m_sequence * 31) % 7) - 3;
                row[x] = std::uint8_t((bar ? 220 : 40 + y / 3) + noise);
            }
        }
        std::fill_n(frame.bits(1), frame.stride(1) * 90, std::uint8_t(128));
        frame.setSequence(m_sequence);
        frame.setTimestampNs(capture::monotonicNowNs());
        publishFrame(frame);
    }

    QTimer m_timer;
    State m_state = State::Stopped;
    int m_barX = 40;
    std::uint64_t m_sequence = 0;
};

} // namespace

class TestKioskController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void captionsOnTheInterval();
    void backToBackWhenIntervalIsZero();
    void staticCameraDoesNotTriggerSceneCaptions();
    void sceneChangeTriggersACaption();
    void askNowCaptionsOnce();
    void unplugWaitsThenResumes();
    void hdmiWithoutSignalWaitsThenResumes();
    void stopIsQuiet();
    void remoteServerGoneThenBack();

private:
    // The caller owns the controller and declares it after the source it watches, so that
    // the controller is gone before the source and the test's locals are.
    std::unique_ptr<session::KioskController> makeKiosk(FrameSource *source, const session::KioskOptions &options);

    inference::ModelProfile m_profile;
    std::unique_ptr<inference::InferenceThread> m_thread;
};

void TestKioskController::initTestCase()
{
    const inference::ProfileLoadResult loaded =
        inference::ModelProfiles::loadFile(fixture(QStringLiteral("tiny-idefics3.json")));
    QVERIFY2(loaded.profile, qPrintable(loaded.error.detail));
    m_profile = *loaded.profile;
}

void TestKioskController::init()
{
    m_thread = std::make_unique<inference::InferenceThread>();
}

void TestKioskController::cleanup()
{
    m_thread.reset();
}

std::unique_ptr<session::KioskController> TestKioskController::makeKiosk(FrameSource *source,
                                                                      const session::KioskOptions &options)
{
    auto kiosk = std::make_unique<session::KioskController>(source, m_thread->worker());
    kiosk->setOptions(options);
    kiosk->setProfile(m_profile, false); // the controller loads it
    return kiosk;
}

void TestKioskController::captionsOnTheInterval()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kCamera, {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    capture::V4l2Source source(sourceOptions(kCamera, io));
    std::unique_ptr<session::KioskController> owner = makeKiosk(&source, quickOptions(400, false));
    session::KioskController *kiosk = owner.get();
    QCOMPARE(kiosk->status(), session::KioskStatus::Stopped);
    QVERIFY(session::KioskController::defaultPrompt().size() > 0);

    std::vector<qint64> startedAtMs;
    std::vector<qint64> frameTimes;
    QElapsedTimer clock;
    clock.start();
    std::vector<session::KioskStatus> statuses;
    QObject receiver; // disconnects the lambdas before the locals they write to go away
    connect(kiosk, &session::KioskController::captionStarted, &receiver, [&](qint64 frameNs) {
        startedAtMs.push_back(clock.elapsed());
        frameTimes.push_back(frameNs);
    });
    connect(kiosk, &session::KioskController::statusChanged, &receiver,
            [&](session::KioskStatus status) { statuses.push_back(status); });
    QSignalSpy updated(kiosk, &session::KioskController::captionUpdated);
    QSignalSpy finished(kiosk, &session::KioskController::captionFinished);
    QSignalSpy failed(kiosk, &session::KioskController::captionFailed);

    source.start();
    kiosk->start();
    QVERIFY(kiosk->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 3, kTimeoutMs);
    QCOMPARE(failed.count(), 0);

    // Captions come by themselves, one per interval (start to start).
    QVERIFY(startedAtMs.size() >= 3);
    for (std::size_t i = 1; i < startedAtMs.size(); ++i)
        QVERIFY2(startedAtMs[i] - startedAtMs[i - 1] >= 350, qPrintable(QString::number(startedAtMs[i] - startedAtMs[i - 1])));
    // Each caption is of a live frame, taken just before it.
    const qint64 now = capture::monotonicNowNs();
    QVERIFY(frameTimes.back() > 0 && frameTimes.back() < now);
    QVERIFY(frameTimes.back() > frameTimes.front());

    QCOMPARE(kiosk->lastCaption(), finished.last().at(0).toString());
    QVERIFY(kiosk->lastTimings().has_value());
    QVERIFY(kiosk->lastTimings()->decodeTokens <= 3);
    const session::KioskStats stats = kiosk->stats();
    QVERIFY(stats.pipeline.captions >= 3);
    QVERIFY(stats.timerTriggers >= 3);
    QCOMPARE(stats.sceneTriggers, 0u);
    QCOMPARE(stats.manualTriggers, 0u);
    QVERIFY(stats.pipeline.busyFraction > 0 && stats.pipeline.busyFraction <= 1);
    QVERIFY(stats.pipeline.captionsPerMinute > 0);

    QCOMPARE(statuses.front(), session::KioskStatus::WaitingForModel);
    QVERIFY(std::count(statuses.begin(), statuses.end(), session::KioskStatus::Captioning) >= 2);
    QVERIFY(std::count(statuses.begin(), statuses.end(), session::KioskStatus::Idle) >= 2);

    kiosk->stop();
    QCOMPARE(kiosk->status(), session::KioskStatus::Stopped);
    source.stop();
}

void TestKioskController::backToBackWhenIntervalIsZero()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kCamera, {{V4L2_PIX_FMT_YUYV, 640, 480, 60}});
    capture::V4l2Source source(sourceOptions(kCamera, io));
    std::unique_ptr<session::KioskController> owner = makeKiosk(&source, quickOptions(0, true));
    session::KioskController *kiosk = owner.get();
    QSignalSpy finished(kiosk, &session::KioskController::captionFinished);
    source.start();
    kiosk->start();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 10, kTimeoutMs);
    const session::KioskStats stats = kiosk->stats();
    QVERIFY(stats.timerTriggers >= 10);
    QCOMPARE(stats.pipeline.failures, 0u);
    QVERIFY(stats.pipeline.busyFraction > 0);
    kiosk->askNow(); // back to back already: nothing extra
    QCOMPARE(kiosk->stats().manualTriggers, 0u);
    qInfo("back to back with the tiny model: %.0f captions/min, busy %.0f %%", stats.pipeline.captionsPerMinute,
          stats.pipeline.busyFraction * 100);
    kiosk->stop();
    source.stop();
}

void TestKioskController::staticCameraDoesNotTriggerSceneCaptions()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kCamera, {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    capture::V4l2Source source(sourceOptions(kCamera, io));
    std::unique_ptr<session::KioskController> owner = makeKiosk(&source, quickOptions(60000, true));
    session::KioskController *kiosk = owner.get();
    QSignalSpy finished(kiosk, &session::KioskController::captionFinished);
    source.start();
    kiosk->start();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, kTimeoutMs); // the first caption, at once
    QTest::qWait(1500); // many scene checks, well past the minimum interval
    QCOMPARE(finished.count(), 1);
    QCOMPARE(kiosk->stats().sceneTriggers, 0u);
    QVERIFY(kiosk->lastSceneDifference() < 0.06);
    QCOMPARE(kiosk->status(), session::KioskStatus::Idle);
    kiosk->stop();
    source.stop();
}

void TestKioskController::sceneChangeTriggersACaption()
{
    ScriptedSource source;
    std::unique_ptr<session::KioskController> owner = makeKiosk(&source, quickOptions(60000, true));
    session::KioskController *kiosk = owner.get();
    std::vector<qint64> startedAtMs;
    QElapsedTimer clock;
    clock.start();
    QObject receiver; // disconnects the lambda before the locals it writes to go away
    connect(kiosk, &session::KioskController::captionStarted, &receiver, [&](qint64) { startedAtMs.push_back(clock.elapsed()); });
    QSignalSpy finished(kiosk, &session::KioskController::captionFinished);
    source.start();
    kiosk->start();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, kTimeoutMs);
    QTest::qWait(800); // static (noisy) scene: nothing
    QCOMPARE(finished.count(), 1);
    QCOMPARE(kiosk->stats().sceneTriggers, 0u);

    source.setScene(260); // the bar moves to the other side
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 2, kTimeoutMs);
    QCOMPARE(kiosk->stats().sceneTriggers, 1u);
    QTest::qWait(800); // it stays there: the new caption's picture is the new reference
    QCOMPARE(finished.count(), 2);

    // A change right after a caption waits for the minimum interval.
    session::KioskOptions options = quickOptions(60000, true);
    options.minIntervalMs = 1500;
    kiosk->setOptions(options);
    source.setScene(40);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 3, kTimeoutMs);
    QCOMPARE(kiosk->stats().sceneTriggers, 2u);
    QVERIFY(startedAtMs.size() == 3);
    QVERIFY2(startedAtMs[2] - startedAtMs[1] >= 1500, qPrintable(QString::number(startedAtMs[2] - startedAtMs[1])));
    kiosk->stop();
    source.stop();
}

void TestKioskController::askNowCaptionsOnce()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kCamera, {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    capture::V4l2Source source(sourceOptions(kCamera, io));
    std::unique_ptr<session::KioskController> owner = makeKiosk(&source, quickOptions(60000, false));
    session::KioskController *kiosk = owner.get();
    QSignalSpy finished(kiosk, &session::KioskController::captionFinished);
    kiosk->askNow(); // not running: nothing
    source.start();
    kiosk->start();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(kiosk->status(), session::KioskStatus::Idle, kTimeoutMs);
    kiosk->askNow();
    QCOMPARE(kiosk->status(), session::KioskStatus::Captioning);
    kiosk->askNow(); // already captioning: ignored
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 2, kTimeoutMs);
    QTest::qWait(300);
    QCOMPARE(finished.count(), 2);
    QCOMPARE(kiosk->stats().manualTriggers, 1u);
    kiosk->stop();
    source.stop();
}

void TestKioskController::unplugWaitsThenResumes()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kCamera, {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    capture::V4l2Source source(sourceOptions(kCamera, io));
    std::unique_ptr<session::KioskController> owner = makeKiosk(&source, quickOptions(250, false));
    session::KioskController *kiosk = owner.get();
    QSignalSpy started(kiosk, &session::KioskController::captionStarted);
    QSignalSpy finished(kiosk, &session::KioskController::captionFinished);
    QSignalSpy failed(kiosk, &session::KioskController::captionFailed);
    source.start();
    kiosk->start();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 2, kTimeoutMs);

    io->unplugAfterFrames(kCamera, 0);
    QTRY_COMPARE_WITH_TIMEOUT(kiosk->status(), session::KioskStatus::WaitingForPicture, kTimeoutMs);
    QCOMPARE(source.state(), FrameSource::State::DeviceGone);
    // A caption that was under way may still finish.
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), started.count(), kTimeoutMs);
    const int before = finished.count();
    QTest::qWait(800);
    QCOMPARE(finished.count(), before); // no captions without a picture
    QCOMPARE(kiosk->status(), session::KioskStatus::WaitingForPicture);
    QCOMPARE(failed.count(), 0); // no picture is not a failure

    io->replug(kCamera);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= before + 2, kTimeoutMs);
    QVERIFY(kiosk->status() != session::KioskStatus::WaitingForPicture);
    QCOMPARE(failed.count(), 0);
    kiosk->stop();
    source.stop();
}

void TestKioskController::hdmiWithoutSignalWaitsThenResumes()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addHdmiReceiver(kHdmi); // cable in, no source yet
    capture::V4l2Source source(sourceOptions(kHdmi, io));
    std::unique_ptr<session::KioskController> owner = makeKiosk(&source, quickOptions(250, true));
    session::KioskController *kiosk = owner.get();
    QSignalSpy started(kiosk, &session::KioskController::captionStarted);
    QSignalSpy finished(kiosk, &session::KioskController::captionFinished);
    source.start();
    kiosk->start();
    QTRY_COMPARE_WITH_TIMEOUT(kiosk->status(), session::KioskStatus::WaitingForPicture, kTimeoutMs);
    QTest::qWait(700);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(kiosk->status(), session::KioskStatus::WaitingForPicture);

    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_NV12, 1280, 720, 30);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 2, kTimeoutMs);

    io->setHdmiNoSignal(kHdmi);
    QTRY_COMPARE_WITH_TIMEOUT(kiosk->status(), session::KioskStatus::WaitingForPicture, kTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), started.count(), kTimeoutMs);
    const int before = finished.count();
    QTest::qWait(700);
    QCOMPARE(finished.count(), before);

    io->setHdmiSignal(kHdmi, V4L2_PIX_FMT_BGR24, 640, 480, 30);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= before + 2, kTimeoutMs);
    QCOMPARE(kiosk->stats().pipeline.failures, 0u);
    kiosk->stop();
    source.stop();
}

void TestKioskController::stopIsQuiet()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kCamera, {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    capture::V4l2Source source(sourceOptions(kCamera, io));
    std::unique_ptr<session::KioskController> owner = makeKiosk(&source, quickOptions(0, false));
    session::KioskController *kiosk = owner.get();
    QSignalSpy started(kiosk, &session::KioskController::captionStarted);
    QSignalSpy finished(kiosk, &session::KioskController::captionFinished);
    QSignalSpy failed(kiosk, &session::KioskController::captionFailed);
    source.start();
    kiosk->start();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 3, kTimeoutMs);
    kiosk->stop();
    const int starts = started.count();
    const int ends = finished.count();
    QTest::qWait(300);
    QCOMPARE(started.count(), starts);
    QCOMPARE(finished.count(), ends);
    QCOMPARE(failed.count(), 0);
    // Restart works, and a controller destroyed while running leaves nothing behind.
    kiosk->start();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= ends + 2, kTimeoutMs);
    owner.reset();
    source.stop();
}

// The kiosk with a model server (backend "openai", the real llama-server): captions
// come; the server goes away and the kiosk reports it and retries with its backoff; the
// server comes back on the same address and captions resume by themselves.
void TestKioskController::remoteServerGoneThenBack()
{
    LlamaServer server;
    QVERIFY2(server.start({}), qPrintable(server.error()));
    const quint16 port = server.port();
    inference::ModelProfile remote = m_profile;
    remote.id = QStringLiteral("tiny-remote");
    remote.backend = inference::BackendKind::OpenAi;
    remote.files.clear();
    remote.remote.endpoint = server.endpoint();
    remote.vision.jpegQuality = 90;

    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kCamera, {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
    capture::V4l2Source source(sourceOptions(kCamera, io));
    session::KioskController kiosk(&source, m_thread->worker());
    kiosk.setOptions(quickOptions(250, false));
    kiosk.setProfile(remote, false);
    QSignalSpy finished(&kiosk, &session::KioskController::captionFinished);
    QSignalSpy failed(&kiosk, &session::KioskController::captionFailed);
    source.start();
    kiosk.start();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 2, kTimeoutMs);

    server.kill();
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), kTimeoutMs);
    const auto error = failed.first().at(0).value<inference::InferenceError>();
    QVERIFY2(error.code == inference::InferenceErrorCode::ServerUnreachable
                 || error.code == inference::InferenceErrorCode::ConnectionDropped,
             qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(inference::errorKey(error.code)), error.detail)));
    QCOMPARE(error.subject, QStringLiteral("127.0.0.1:%1").arg(port));
    QVERIFY(failed.first().at(1).toInt() != 0); // a retry is planned

    LlamaServer again;
    LlamaServer::Options options;
    options.port = port;
    QVERIFY2(again.start(options), qPrintable(again.error()));
    const int before = int(finished.count());
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= before + 2, kTimeoutMs);
    kiosk.stop();
    source.stop();
}

QTEST_GUILESS_MAIN(TestKioskController)
#include "test_kioskcontroller.moc"
