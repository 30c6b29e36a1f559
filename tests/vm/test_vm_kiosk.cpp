// The kiosk (KioskController, the real inference thread with the tiny fixture model) on
// vivid inputs in the VM: captions come, pause while the input has no picture, and
// resume by themselves. Two vivid devices: /dev/video0 a webcam (no picture = every
// buffer dropped), /dev/video1 an HDMI input on the multi-planar API (no signal =
// dv_timings_signal_mode 1, while vivid goes on sending noise). Booted by ctest as
// vm_kiosk (vivid options in tests/vm/CMakeLists.txt).
#include "vmtest.h"

#include "fixtureprofile.h"

#include "capture/v4l2/v4l2source.h"
#include "inference/inferencethread.h"
#include "inference/modelprofile.h"
#include "session/kioskcontroller.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace camchat;
using namespace camchat::test::vm;
using capture::FrameSource;
using session::KioskController;
using session::KioskStatus;

namespace {

constexpr int kWaitMs = 120000; // the tiny model under emulation: seconds per caption
const QString kWebcam = QStringLiteral("/dev/video0");
const QString kHdmi = QStringLiteral("/dev/video1");

session::KioskOptions kioskOptions()
{
    session::KioskOptions options;
    options.pipeline.prompt = QStringLiteral("What do you see?");
    options.intervalMs = 300;
    options.onSceneChange = false;
    options.maxNewTokens = 3;
    options.pipeline.modelThreads = 1;
    options.pipeline.retryInitialMs = 50;
    options.pipeline.retryMaxMs = 200;
    return options;
}

} // namespace

class TestVmKiosk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void captionsPauseWithoutPictureThenResume_data();
    void captionsPauseWithoutPictureThenResume();

private:
    inference::ModelProfile m_profile;
    std::unique_ptr<inference::InferenceThread> m_thread;
};

void TestVmKiosk::initTestCase()
{
    if (!insideVm())
        QSKIP("runs inside the vivid VM only (ctest -L vm, or tests/vm/run-in-vm)");
    QVERIFY2(QFileInfo::exists(kWebcam) && QFileInfo::exists(kHdmi), qPrintable(vividOptions()));
    const inference::ProfileLoadResult loaded =
            inference::ModelProfiles::loadFile(test::fixture(QStringLiteral("tiny-idefics3.json")));
    QVERIFY2(loaded.profile, qPrintable(loaded.error.detail));
    m_profile = *loaded.profile;
}

void TestVmKiosk::init()
{
    m_thread = std::make_unique<inference::InferenceThread>();
}

void TestVmKiosk::cleanup()
{
    m_thread.reset();
}

void TestVmKiosk::captionsPauseWithoutPictureThenResume_data()
{
    QTest::addColumn<QString>("device");
    QTest::addColumn<QString>("noPicture");
    QTest::addColumn<QString>("pictureBack");
    QTest::newRow("webcam, every buffer dropped")
            << kWebcam << QStringLiteral("percentage_of_dropped_buffers=100")
            << QStringLiteral("percentage_of_dropped_buffers=0");
    QTest::newRow("HDMI, no signal") << kHdmi << QStringLiteral("dv_timings_signal_mode=1")
                                     << QStringLiteral("dv_timings_signal_mode=0");
}

void TestVmKiosk::captionsPauseWithoutPictureThenResume()
{
    QFETCH(QString, device);
    QFETCH(QString, noPicture);
    QFETCH(QString, pictureBack);
    QString error;
    QVERIFY2(setControls({pictureBack}, &error, device), qPrintable(error));

    capture::V4l2Source source(liveSourceOptions(device));
    KioskController kiosk(&source, m_thread->worker());
    kiosk.setOptions(kioskOptions());
    kiosk.setProfile(m_profile, false); // the controller loads it
    QSignalSpy started(&kiosk, &KioskController::captionStarted);
    QSignalSpy finished(&kiosk, &KioskController::captionFinished);
    QSignalSpy failed(&kiosk, &KioskController::captionFailed);
    source.start();
    kiosk.start();
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 2, kWaitMs);

    QVERIFY2(setControls({noPicture}, &error, device), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(kiosk.status(), KioskStatus::WaitingForPicture, kWaitMs);
    // A caption already under way may end; then nothing more starts.
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), started.count(), kWaitMs);
    const qsizetype paused = started.count();
    QTest::qWait(3000);
    QCOMPARE(started.count(), paused);
    QCOMPARE(kiosk.status(), KioskStatus::WaitingForPicture);

    QVERIFY2(setControls({pictureBack}, &error, device), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= paused + 2, kWaitMs);
    QCOMPARE(failed.count(), 0);
    kiosk.stop();
    source.stop();
}

QTEST_GUILESS_MAIN(TestVmKiosk)
#include "test_vm_kiosk.moc"
