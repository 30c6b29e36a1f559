// The kiosk screen: the caption over the live picture with its age and speed, the
// controller's states in words, the keys, the cursor, the layout at 720p and 1080p, and
// (with the tiny model and a fake camera) captions that change by themselves.
#include "fixtureprofile.h"
#include "widgettest.h"
#include "fakev4l2.h"

#include "session/kioskcontroller.h"
#include "ui/kioskwindow.h"
#include "ui/previewview.h"
#include "ui/settingsdialog.h"
#include "session/settingskeys.h"

#include "capture/v4l2/v4l2source.h"
#include "inference/inferencethread.h"
#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"

#include <QCheckBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QImage>
#include <QLineEdit>
#include <QMouseEvent>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

#include <chrono>
#include <memory>

using camchat::capture::V4l2Source;
using camchat::capture::V4l2SourceOptions;
using camchat::capture::test::FakeV4l2Io;
using camchat::inference::InferenceError;
using camchat::inference::InferenceErrorCode;
using camchat::inference::InferenceThread;
using camchat::inference::StageTimings;
using camchat::session::KioskController;
using camchat::session::KioskStatus;
using camchat::ui::KioskWindow;

namespace {

const std::string kCamera = "/dev/video0";
constexpr int kModelTimeoutMs = 30000;
constexpr int kCaptionsTimeoutMs = 90000;
constexpr qint64 kNsPerS = 1000000000;

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

using camchat::test::fixture;

StageTimings timingsAt(int tokens, qint64 decodeUs)
{
    StageTimings timings;
    timings.decodeTokens = tokens;
    timings.decodeUs = decodeUs;
    timings.totalUs = decodeUs;
    return timings;
}

QWidget *band(const KioskWindow &window)
{
    return window.findChild<QWidget *>(QStringLiteral("kioskCaptionBand"));
}

// A fake UVC camera, its V4l2Source (not started) and an inference thread without a model:
// what a KioskController needs to exist.
struct Rig {
    std::shared_ptr<FakeV4l2Io> io = std::make_shared<FakeV4l2Io>();
    std::unique_ptr<V4l2Source> source;
    InferenceThread thread;
    std::unique_ptr<KioskController> controller;

    explicit Rig(int width = 1280, int height = 720)
    {
        io->addUvcCamera(kCamera, {{V4L2_PIX_FMT_MJPEG, width, height, 30}});
        V4l2SourceOptions options;
        options.devicePath = kCamera;
        options.io = io;
        options.reopenIntervalMs = 100;
        source = std::make_unique<V4l2Source>(options);
        controller = std::make_unique<KioskController>(source.get(), thread.worker());
    }
    ~Rig()
    {
        controller.reset();
        source->stop();
    }

    // Loads the tiny random-weight model (one thread: llama threads busy-wait) and tells
    // the controller it is loaded.
    bool loadTinyModel(camchat::session::KioskOptions options)
    {
        const auto loaded = camchat::inference::ModelProfiles::loadFile(fixture(QStringLiteral("tiny-idefics3.json")));
        if (!loaded.profile) {
            qWarning("%s", qPrintable(loaded.error.detail));
            return false;
        }
        const camchat::inference::ModelProfile profile = *loaded.profile;
        camchat::inference::InferenceWorker *worker = thread.worker();
        bool ready = false;
        bool failed = false;
        QObject guard;
        QObject::connect(worker, &camchat::inference::InferenceWorker::modelLoaded, &guard, [&] { ready = true; },
                         Qt::QueuedConnection);
        QObject::connect(worker, &camchat::inference::InferenceWorker::modelLoadFailed, &guard, [&] { failed = true; },
                         Qt::QueuedConnection);
        QMetaObject::invokeMethod(worker, [worker, profile] { worker->loadModel(profile, 1); }, Qt::QueuedConnection);
        if (!QTest::qWaitFor([&] { return ready || failed; }, kModelTimeoutMs) || failed)
            return false;
        options.pipeline.modelThreads = 1;
        options.maxNewTokens = 12;
        controller->setOptions(options);
        controller->setProfile(profile, true);
        return true;
    }
};

} // namespace

class TestKioskWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void framelessWithLivePreview();
    void captionGrowsThenShowsAgeAndSpeed();
    void statusInWords();
    void failedCaptionKeepsTheLastWholeOne();
    void escapeAsksToLeave();
    void spaceAsksNow();
    void cursorHidesWhenIdle();
    void layoutScalesWithTheScreen();
    void captionsByThemselves();
    void spaceAsksNowWithModel();
    void settingsKioskPage();
};

void TestKioskWindow::initTestCase()
{
    QLocale::setDefault(QLocale::c());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("camchat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_kioskwindow"));
    QSettings().clear();
}

void TestKioskWindow::framelessWithLivePreview()
{
    Rig rig;
    KioskWindow window(rig.source.get(), rig.controller.get());
    QVERIFY(window.windowFlags().testFlag(Qt::FramelessWindowHint));
    QVERIFY(window.preview()->isLive());
    QCOMPARE(window.preview()->liveSource(), rig.source.get());
    QVERIFY(!window.preview()->isOverlayVisible());
    QVERIFY(camchat::test::showWindow(&window, QSize(1280, 720)));
    QCOMPARE(window.preview()->geometry(), window.rect());
    QCOMPARE(window.palette().color(QPalette::Window), QColor(Qt::black));

    window.showKiosk();
    QTRY_VERIFY(window.windowState().testFlag(Qt::WindowFullScreen));
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTRY_VERIFY(window.hasFocus());
    QCOMPARE(window.preview()->geometry(), window.rect());
}

void TestKioskWindow::captionGrowsThenShowsAgeAndSpeed()
{
    Rig rig;
    KioskWindow window(rig.source.get(), rig.controller.get());
    QVERIFY(camchat::test::showWindow(&window, QSize(1280, 720)));
    QVERIFY(window.captionText().isEmpty());

    // The frame was captured 12.5 s ago.
    Q_EMIT rig.controller->captionStarted(nowNs() - 12 * kNsPerS - kNsPerS / 2);
    Q_EMIT rig.controller->captionUpdated(QStringLiteral("A cat"));
    QCOMPARE(window.captionText(), QStringLiteral("A cat"));
    QVERIFY(band(window)->isVisible());
    Q_EMIT rig.controller->captionUpdated(QStringLiteral("A cat on a mat"));
    QCOMPARE(window.captionText(), QStringLiteral("A cat on a mat"));
    // No speed while it is still being written.
    QVERIFY(!window.detailText().contains(QStringLiteral("tokens/s")));

    // 55 tokens in 3 s.
    Q_EMIT rig.controller->captionFinished(QStringLiteral(" A cat on a mat. "), timingsAt(55, 3000000));
    QCOMPARE(window.captionText(), QStringLiteral("A cat on a mat."));
    QVERIFY2(window.detailText().contains(QStringLiteral("12 s ago")), qPrintable(window.detailText()));
    QVERIFY2(window.detailText().contains(QStringLiteral("18.3 tokens/s")), qPrintable(window.detailText()));
    // The age goes on by itself.
    QTRY_VERIFY2_WITH_TIMEOUT(window.detailText().contains(QStringLiteral("13 s ago")),
                              qPrintable(window.detailText()), 3000);

    // The next caption replaces it only when it has words, and takes its own frame's age.
    Q_EMIT rig.controller->captionStarted(nowNs() - 2 * kNsPerS - kNsPerS / 2);
    Q_EMIT rig.controller->captionUpdated(QStringLiteral("  "));
    QCOMPARE(window.captionText(), QStringLiteral("A cat on a mat."));
    Q_EMIT rig.controller->captionUpdated(QStringLiteral("A dog"));
    QCOMPARE(window.captionText(), QStringLiteral("A dog"));
    QVERIFY2(window.detailText().contains(QStringLiteral("2 s ago")), qPrintable(window.detailText()));
    Q_EMIT rig.controller->captionFinished(QStringLiteral("A dog."), timingsAt(10, 1000000));
    QVERIFY2(window.detailText().contains(QStringLiteral("10.0 tokens/s")), qPrintable(window.detailText()));
    QCOMPARE(window.accessibleDescription(), QStringLiteral("A dog."));
}

void TestKioskWindow::statusInWords()
{
    Rig rig;
    KioskWindow window(rig.source.get(), rig.controller.get());
    window.resize(1280, 720);
    window.show();

    Q_EMIT rig.controller->statusChanged(KioskStatus::WaitingForModel);
    QVERIFY2(window.detailText().contains(QStringLiteral("Waiting for the model")), qPrintable(window.detailText()));
    QVERIFY(band(window)->isVisible());

    Q_EMIT rig.controller->statusChanged(KioskStatus::WaitingForPicture);
    QVERIFY2(window.detailText().contains(QStringLiteral("Waiting for a picture")), qPrintable(window.detailText()));
    // It says which source it waits for, and what to do about it.
    window.setSourceName(QStringLiteral("Desk camera"));
    QVERIFY2(window.detailText().contains(QStringLiteral("from Desk camera"))
                 && window.detailText().contains(QStringLiteral("plugged in")),
             qPrintable(window.detailText()));
    window.setSource(nullptr);
    QVERIFY2(window.detailText().contains(QStringLiteral("plug one in")), qPrintable(window.detailText()));

    Q_EMIT rig.controller->statusChanged(KioskStatus::Captioning);
    Q_EMIT rig.controller->captionFinished(QStringLiteral("A red bus."), timingsAt(20, 2000000));
    Q_EMIT rig.controller->statusChanged(KioskStatus::Idle);
    // With a fresh caption and nothing wrong, only the caption's own line.
    QVERIFY2(!window.detailText().contains(QLatin1Char('\n')), qPrintable(window.detailText()));
    QVERIFY(window.detailText().contains(QStringLiteral("10.0 tokens/s")));

    // A failure: the caption stays, the retry counts down under it.
    Q_EMIT rig.controller->captionStarted(nowNs());
    Q_EMIT rig.controller->captionFailed(InferenceError{InferenceErrorCode::DecodeFailed, QStringLiteral("llama_decode -1")},
                                         60000); // long: a starved test machine still sees it count
    Q_EMIT rig.controller->statusChanged(KioskStatus::Retrying);
    QCOMPARE(window.captionText(), QStringLiteral("A red bus."));
    QVERIFY2(window.detailText().contains(QStringLiteral("Retrying in 60 s — The model failed while writing the answer.")),
             qPrintable(window.detailText()));
    QVERIFY(!window.detailText().contains(QStringLiteral("llama_decode"))); // no technical detail on the screen
    QTRY_VERIFY2_WITH_TIMEOUT(window.detailText().contains(QStringLiteral("Retrying in 59 s")),
                              qPrintable(window.detailText()), 30000);

    // Repeated failures: the model is reloaded.
    Q_EMIT rig.controller->modelReloading();
    Q_EMIT rig.controller->statusChanged(KioskStatus::WaitingForModel);
    QVERIFY2(window.detailText().contains(QStringLiteral("Reloading the model")), qPrintable(window.detailText()));
    QVERIFY(!window.detailText().contains(QStringLiteral("Retrying")));

    // Back to work: the status line goes away.
    Q_EMIT rig.controller->statusChanged(KioskStatus::Captioning);
    Q_EMIT rig.controller->captionFinished(QStringLiteral("A blue bus."), timingsAt(20, 1000000));
    QCOMPARE(window.captionText(), QStringLiteral("A blue bus."));
    QVERIFY2(!window.detailText().contains(QLatin1Char('\n')), qPrintable(window.detailText()));
    QVERIFY(!window.detailText().contains(QStringLiteral("Reloading")));
}

void TestKioskWindow::failedCaptionKeepsTheLastWholeOne()
{
    Rig rig;
    KioskWindow window(rig.source.get(), rig.controller.get());
    window.resize(1280, 720);
    window.show();
    Q_EMIT rig.controller->captionStarted(nowNs() - 5 * kNsPerS);
    Q_EMIT rig.controller->captionFinished(QStringLiteral("A kitchen."), timingsAt(8, 1000000));
    Q_EMIT rig.controller->captionStarted(nowNs());
    Q_EMIT rig.controller->captionUpdated(QStringLiteral("A half-written"));
    QCOMPARE(window.captionText(), QStringLiteral("A half-written"));
    Q_EMIT rig.controller->captionFailed(InferenceError{InferenceErrorCode::Cancelled, {}}, -1);
    QCOMPARE(window.captionText(), QStringLiteral("A kitchen."));
    QVERIFY2(window.detailText().contains(QStringLiteral("5 s ago")), qPrintable(window.detailText()));
}

void TestKioskWindow::escapeAsksToLeave()
{
    Rig rig;
    KioskWindow window(rig.source.get(), rig.controller.get());
    QSignalSpy exit(&window, &KioskWindow::exitRequested);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_A);
    QCOMPARE(exit.count(), 0);
    QTest::keyClick(&window, Qt::Key_Escape);
    QCOMPARE(exit.count(), 1);
    // The preview never takes the keys away from the window.
    QCOMPARE(window.preview()->focusPolicy(), Qt::NoFocus);
}

void TestKioskWindow::spaceAsksNow()
{
    Rig rig;
    KioskWindow window(rig.source.get(), rig.controller.get());
    QSignalSpy exit(&window, &KioskWindow::exitRequested);
    window.resize(1280, 720);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    // No model, no picture: askNow() cannot caption, but it must not crash nor leave.
    QTest::keyClick(&window, Qt::Key_Space);
    QCOMPARE(exit.count(), 0);
}

void TestKioskWindow::cursorHidesWhenIdle()
{
    Rig rig;
    KioskWindow window(rig.source.get(), rig.controller.get());
    QVERIFY(camchat::test::showWindow(&window, QSize(640, 360)));
    QCOMPARE(window.cursor().shape(), Qt::ArrowCursor);
    QTRY_COMPARE_WITH_TIMEOUT(window.cursor().shape(), Qt::BlankCursor, KioskWindow::kCursorHideMs + 2000);
    // Moving the mouse over the picture brings it back.
    const QPointF at(100, 100);
    QMouseEvent move(QEvent::MouseMove, at, window.preview()->mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QCoreApplication::sendEvent(window.preview(), &move);
    QCOMPARE(window.cursor().shape(), Qt::ArrowCursor);
}

void TestKioskWindow::layoutScalesWithTheScreen()
{
    Rig rig;
    rig.source->start();
    KioskWindow window(rig.source.get(), rig.controller.get());
    QVERIFY(camchat::test::showWindow(&window, QSize(1280, 720)));
    QSignalSpy painted(window.preview(), &camchat::ui::PreviewView::liveFramePainted);
    QTRY_VERIFY_WITH_TIMEOUT(painted.count() >= 2, 5000);

    Q_EMIT rig.controller->captionStarted(nowNs() - 3 * kNsPerS);
    Q_EMIT rig.controller->captionFinished(
        QStringLiteral("A test pattern of coloured vertical bars with a bright square moving across it, "
                       "shown on a monitor in a dim room."),
        timingsAt(30, 1500000));

    QWidget *captionBand = band(window);
    QVERIFY(captionBand && captionBand->isVisible());
    // The band sits at the bottom, full width, and leaves most of the picture free.
    QCOMPARE(captionBand->geometry().bottom(), window.rect().bottom());
    QCOMPARE(captionBand->width(), window.width());
    QVERIFY2(captionBand->height() < window.height() / 2, qPrintable(QString::number(captionBand->height())));
    const int bandAt720 = captionBand->height();
    window.grab().save(QStringLiteral("/tmp/kiosk-720.png"));

    window.resize(1920, 1080);
    QTRY_COMPARE(window.preview()->size(), QSize(1920, 1080));
    QCOMPARE(captionBand->geometry().bottom(), window.rect().bottom());
    QCOMPARE(captionBand->width(), 1920);
    // The text grows with the screen.
    QVERIFY2(captionBand->height() > bandAt720, qPrintable(QString::number(captionBand->height())));
    QVERIFY(captionBand->height() < window.height() / 2);
    window.grab().save(QStringLiteral("/tmp/kiosk-1080.png"));

    // A caption far too long for the screen shrinks and is cut, never covers the picture.
    QString endless;
    for (int i = 0; i < 60; ++i)
        endless += QStringLiteral("and then another long sentence about the scene ");
    Q_EMIT rig.controller->captionFinished(endless, timingsAt(30, 1500000));
    QVERIFY2(captionBand->height() < window.height() / 2, qPrintable(QString::number(captionBand->height())));
    QCOMPARE(window.captionText(), endless.trimmed());
    window.grab().save(QStringLiteral("/tmp/kiosk-long.png"));
}

// The whole loop: fake camera -> controller -> tiny model -> the window, by itself.
void TestKioskWindow::captionsByThemselves()
{
    Rig rig(640, 480);
    camchat::session::KioskOptions options;
    options.intervalMs = 300;
    options.onSceneChange = false;
    QVERIFY(rig.loadTinyModel(options));
    rig.source->start();

    KioskWindow window(rig.source.get(), rig.controller.get());
    QVERIFY(camchat::test::showWindow(&window, QSize(1280, 720)));

    // What the window shows, each time the controller has something new (connected after
    // the window, so the window has already taken it).
    QStringList shown;
    int finished = 0;
    const auto sample = [&] {
        if (shown.isEmpty() || shown.constLast() != window.captionText())
            shown << window.captionText();
    };
    connect(rig.controller.get(), &KioskController::captionUpdated, &window, sample);
    connect(rig.controller.get(), &KioskController::captionFinished, &window,
            [&](const QString &text) {
                ++finished;
                sample();
                if (!text.trimmed().isEmpty())
                    QCOMPARE(window.captionText(), text.trimmed());
            });
    rig.controller->start();
    QTRY_VERIFY_WITH_TIMEOUT(finished >= 3, kCaptionsTimeoutMs);
    rig.controller->stop();
    // Changed by itself, more than twice: each caption grows token by token, then the next.
    QVERIFY2(shown.size() >= 3, qPrintable(shown.join(QStringLiteral(" | "))));
    QVERIFY(!window.captionText().isEmpty());
    QVERIFY2(window.detailText().contains(QStringLiteral(" s ago")), qPrintable(window.detailText()));
    QVERIFY2(window.detailText().contains(QStringLiteral("tokens/s")), qPrintable(window.detailText()));
    QVERIFY(rig.controller->stats().timerTriggers >= 3);

    QTRY_VERIFY(window.preview()->paintedFrames() > 0);
    window.grab().save(QStringLiteral("/tmp/kiosk.png"));
}

void TestKioskWindow::spaceAsksNowWithModel()
{
    Rig rig(640, 480);
    camchat::session::KioskOptions options;
    options.intervalMs = 600000; // only the first caption comes by itself
    options.onSceneChange = false;
    QVERIFY(rig.loadTinyModel(options));
    rig.source->start();

    KioskWindow window(rig.source.get(), rig.controller.get());
    window.resize(640, 360);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QSignalSpy finished(rig.controller.get(), &KioskController::captionFinished);
    rig.controller->start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kCaptionsTimeoutMs);
    QTRY_COMPARE(rig.controller->status(), KioskStatus::Idle);
    QCOMPARE(rig.controller->stats().manualTriggers, 0u);

    QTest::keyClick(&window, Qt::Key_Space);
    QCOMPARE(rig.controller->stats().manualTriggers, 1u);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kCaptionsTimeoutMs);
}

// Settings → Kiosk: what it shows untouched, what OK saves, and what the app reads back.
void TestKioskWindow::settingsKioskPage()
{
    using namespace camchat::ui;
    using namespace camchat::session;
    QSettings().clear();
    const KioskOptions defaults;
    KioskOptions read = kioskOptionsFromSettings();
    QVERIFY(!kioskOnStartFromSettings());
    QVERIFY(read.pipeline.prompt.isEmpty());
    QCOMPARE(read.intervalMs, defaults.intervalMs);
    QCOMPARE(read.onSceneChange, defaults.onSceneChange);
    QCOMPARE(read.sceneThreshold, defaults.sceneThreshold);
    QCOMPARE(read.minIntervalMs, defaults.minIntervalMs);
    {
        SettingsDialog dialog;
        auto *pages = dialog.findChild<QTabWidget *>(QStringLiteral("settingsPages"));
        QVERIFY(pages);
        QCOMPARE(pages->tabText(pages->count() - 1), QStringLiteral("Kiosk"));
        auto *onStart = dialog.findChild<QCheckBox *>(QStringLiteral("kioskOnStart"));
        auto *prompt = dialog.findChild<QLineEdit *>(QStringLiteral("kioskPrompt"));
        auto *interval = dialog.findChild<QSpinBox *>(QStringLiteral("kioskInterval"));
        auto *scene = dialog.findChild<QCheckBox *>(QStringLiteral("kioskSceneChange"));
        auto *threshold = dialog.findChild<QDoubleSpinBox *>(QStringLiteral("kioskSceneThreshold"));
        auto *minInterval = dialog.findChild<QSpinBox *>(QStringLiteral("kioskMinInterval"));
        QVERIFY(onStart && prompt && interval && scene && threshold && minInterval);
        QVERIFY(!onStart->isChecked());
        QVERIFY(prompt->text().isEmpty());
        // Empty means the controller's own prompt, and the box says which.
        QCOMPARE(prompt->placeholderText(), KioskController::defaultPrompt());
        QCOMPARE(interval->value(), defaults.intervalMs / 1000);
        QCOMPARE(threshold->value(), defaults.sceneThreshold * 100.0);
        QCOMPARE(minInterval->value(), defaults.minIntervalMs / 1000);
        // 0 is "back to back", in words.
        interval->setValue(0);
        QCOMPARE(interval->text(), interval->specialValueText());
        QVERIFY(!interval->specialValueText().isEmpty());
        // The scene settings only matter with scene changes on.
        QVERIFY(scene->isChecked());
        QVERIFY(threshold->isEnabled() && minInterval->isEnabled());
        pages->setCurrentIndex(pages->count() - 1);
        QVERIFY(camchat::test::showWindow(&dialog));
        dialog.grab().save(QStringLiteral("/tmp/kiosk-settings.png"));
        QTest::mouseClick(scene, Qt::LeftButton, {}, QPoint(4, scene->height() / 2));
        QVERIFY(!scene->isChecked());
        QVERIFY(!threshold->isEnabled() && !minInterval->isEnabled());
        dialog.reject();
    }
    // Cancel saves nothing.
    QCOMPARE(kioskOptionsFromSettings().intervalMs, defaults.intervalMs);
    {
        SettingsDialog dialog;
        dialog.findChild<QCheckBox *>(QStringLiteral("kioskOnStart"))->setChecked(true);
        dialog.findChild<QLineEdit *>(QStringLiteral("kioskPrompt"))->setText(QStringLiteral("  What is on the table?  "));
        dialog.findChild<QSpinBox *>(QStringLiteral("kioskInterval"))->setValue(0);
        dialog.findChild<QDoubleSpinBox *>(QStringLiteral("kioskSceneThreshold"))->setValue(12.5);
        dialog.findChild<QSpinBox *>(QStringLiteral("kioskMinInterval"))->setValue(7);
        dialog.findChild<QSpinBox *>(QStringLiteral("modelThreads"))->setValue(2);
        dialog.findChild<QSpinBox *>(QStringLiteral("maxNewTokens"))->setValue(40);
        dialog.accept();
    }
    QVERIFY(kioskOnStartFromSettings());
    read = kioskOptionsFromSettings();
    QCOMPARE(read.pipeline.prompt, QStringLiteral("What is on the table?"));
    QCOMPARE(read.intervalMs, 0);
    QVERIFY(read.onSceneChange);
    QCOMPARE(read.sceneThreshold, 0.125);
    QCOMPARE(read.minIntervalMs, 7000);
    QCOMPARE(read.pipeline.modelThreads, 2);
    QCOMPARE(read.maxNewTokens, 40);
    QCOMPARE(read.pipeline.retryInitialMs, defaults.pipeline.retryInitialMs);
    {
        SettingsDialog reopened;
        QVERIFY(reopened.findChild<QCheckBox *>(QStringLiteral("kioskOnStart"))->isChecked());
        QCOMPARE(reopened.findChild<QLineEdit *>(QStringLiteral("kioskPrompt"))->text(), QStringLiteral("What is on the table?"));
        QCOMPARE(reopened.findChild<QDoubleSpinBox *>(QStringLiteral("kioskSceneThreshold"))->value(), 12.5);
    }
    // Out-of-range values (an edited file) are clamped.
    QSettings settings;
    settings.setValue(QLatin1String(camchat::session::settings::kKioskIntervalS), -5);
    settings.setValue(QLatin1String(camchat::session::settings::kKioskSceneThreshold), 7.0);
    settings.sync();
    read = kioskOptionsFromSettings();
    QCOMPARE(read.intervalMs, 0);
    QCOMPARE(read.sceneThreshold, kMaxSceneThreshold);
    QSettings().clear();
}

QTEST_MAIN(TestKioskWindow)
#include "test_kioskwindow.moc"
