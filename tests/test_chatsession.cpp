// The whole question-and-answer loop in the main window, with the tiny random-weight model
// (tests/fixtures): choose the model, open an image, ask, watch the answer stream in,
// stop, follow up, start over with a new image, save the transcript.
#include "fakev4l2.h"
#include "fixtureprofile.h"
#include "llamaserver.h"
#include "widgettest.h"
#include "testimages.h"
#include "ui/chatview.h"
#include "ui/errortext.h"
#include "session/kioskcontroller.h"
#include "ui/kioskwindow.h"
#include "ui/latencypanel.h"
#include "ui/mainwindow.h"
#include "ui/promptarea.h"
#include "ui/promptedit.h"
#include "session/settingskeys.h"
#include "ui/statuspanel.h"

#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QScopeGuard>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QTimer>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

#include <linux/videodev2.h>

#include <atomic>
#include <memory>

using camchat::inference::InferenceWorker;
using camchat::inference::Stage;
using camchat::ui::ChatView;
using camchat::ui::MainWindow;
using camchat::ui::PromptArea;
using camchat::ui::PromptEdit;
using camchat::ui::StatusPanel;

namespace {

constexpr int kLoadTimeoutMs = 30000;
constexpr int kAnswerTimeoutMs = 60000;
const QString kTinyId = QStringLiteral("tiny-chat");
const QString kTinyName = QStringLiteral("Tiny Idefics3");
const QString kMissingId = QStringLiteral("tiny-missing");
const QString kBrokenId = QStringLiteral("tiny-broken-file");

using camchat::test::child;
using camchat::test::fixture;

const QSize kWindowSize(1100, 760);

QString stageValue(const MainWindow &window, Stage stage)
{
    const std::string_view key = camchat::inference::stageKey(stage);
    const auto *label = window.findChild<QLabel *>(QStringLiteral("stageValue_")
                                                   + QLatin1String(key.data(), qsizetype(key.size())));
    return label ? label->text() : QStringLiteral("<no label>");
}

// Stages reported started for `requestId` by a spy on InferenceWorker::stageStarted.
QSet<Stage> stagesStarted(const QSignalSpy &spy, quint64 requestId)
{
    QSet<Stage> stages;
    for (const QList<QVariant> &args : spy) {
        if (args.at(0).toULongLong() == requestId)
            stages.insert(args.at(1).value<Stage>());
    }
    return stages;
}

// Passes the worker's signals on to the GUI thread, where QSignalSpy can record them
// (QSignalSpy in Qt 6.4 is not thread-safe), and counts tokens where they are emitted.
class WorkerProbe : public QObject
{
    Q_OBJECT

public:
    explicit WorkerProbe(InferenceWorker *worker)
    {
        connect(worker, &InferenceWorker::requestStarted, this, &WorkerProbe::requestStarted, Qt::QueuedConnection);
        connect(worker, &InferenceWorker::stageStarted, this, &WorkerProbe::stageStarted, Qt::QueuedConnection);
        connect(worker, &InferenceWorker::token, this, &WorkerProbe::token, Qt::QueuedConnection);
        connect(worker, &InferenceWorker::finished, this, &WorkerProbe::finished, Qt::QueuedConnection);
        connect(worker, &InferenceWorker::failed, this, &WorkerProbe::failed, Qt::QueuedConnection);
        connect(worker, &InferenceWorker::imagePrepared, this, &WorkerProbe::imagePrepared, Qt::QueuedConnection);
        // Runs on the inference thread, at the moment of emission; the counter is shared so
        // that it outlives the probe.
        connect(worker, &InferenceWorker::token, worker, [emitted = m_emitted] { emitted->fetch_add(1); },
                Qt::DirectConnection);
    }

    int tokensEmitted() const { return m_emitted->load(); }

Q_SIGNALS:
    void requestStarted(quint64 requestId);
    void stageStarted(quint64 requestId, camchat::inference::Stage stage);
    void token(quint64 requestId, const QString &piece);
    void finished(const camchat::inference::InferenceResult &result);
    void failed(quint64 requestId, const camchat::inference::InferenceError &error);
    void imagePrepared(quint64 key, qint64 durationUs);

private:
    std::shared_ptr<std::atomic<int>> m_emitted = std::make_shared<std::atomic<int>>(0);
};

} // namespace

class TestChatSession : public QObject
{
    Q_OBJECT

public:
    explicit TestChatSession(QString home)
        : m_home(std::move(home))
    {
    }

private Q_SLOTS:
    void initTestCase();
    void init();

    void pickerShowsEveryProfile();
    void askTooltipsSayWhatIsMissing();
    void askStreamsAnswerAndFillsLatency();
    void followUpKeepsImage();
    void stopMidAnswerThenAskAgain();
    void newImageStartsNewConversation();
    void saveTranscriptWritesMarkdownAndImages();
    void chosenModelIsRemembered();
    void settingsOverrideSampling();
    void loadFailureShowsError();
    void everyInferenceErrorHasASentence();
    void kioskCaptionsByThemselvesThenChatGoesOn();
    void remoteProfileAsksTheServer();
    void encodeAheadShowsInLatencyPanel();

private:
    bool chooseModel(MainWindow &window, const QString &id);
    std::unique_ptr<MainWindow> readyWindow();
    bool openImage(MainWindow &window, const QString &path);
    // Types `question`, clicks Ask and waits until the answer is complete; returns the
    // request id (0 on failure).
    quint64 askAndWait(MainWindow &window, const QString &question);
    QString writeProfile(const QString &id, const QString &name, const QString &model, const QString &mmproj) const;

    QString m_home;
    QString m_profileDir;
    QString m_imageA;
    QString m_imageB;
    QTemporaryDir m_dir;
    int m_contextLength = 0;
};

void TestChatSession::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("camchat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_chatsession"));
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(fixture(QStringLiteral("tiny-idefics3.json"))),
             "the tiny models are generated by the camchat_fixtures target");

    // main() pointed XDG_DATA_HOME into a temporary directory: user profiles go there.
    m_profileDir = camchat::inference::ModelProfiles::userProfileDir();
    QVERIFY2(m_profileDir.startsWith(m_home), qPrintable(m_profileDir));
    QVERIFY(QDir().mkpath(m_profileDir));
    QVERIFY(!writeProfile(kTinyId, kTinyName, fixture(QStringLiteral("tiny-idefics3.gguf")),
                          fixture(QStringLiteral("tiny-idefics3-mmproj.gguf")))
                 .isEmpty());
    QVERIFY(!writeProfile(kMissingId, QStringLiteral("Tiny Missing"),
                          m_dir.filePath(QStringLiteral("no-such-model.gguf")),
                          fixture(QStringLiteral("tiny-idefics3-mmproj.gguf")))
                 .isEmpty());
    QVERIFY(!writeProfile(kBrokenId, QStringLiteral("Tiny Broken"), fixture(QStringLiteral("bad-not-gguf.gguf")),
                          fixture(QStringLiteral("tiny-idefics3-mmproj.gguf")))
                 .isEmpty());
    m_contextLength = camchat::test::tinyProfile().value(QStringLiteral("contextLength")).toInt(4096);
    QFile invalid(QDir(m_profileDir).filePath(QStringLiteral("zz-invalid.json")));
    QVERIFY(invalid.open(QIODevice::WriteOnly));
    invalid.write(R"({"schema": 1, "id": "oops", "name": "Oops", "backend": "llama", "files": {"model": 7}})");
    invalid.close();

    using namespace camchat::testimages;
    m_imageA = writeTempFile(m_dir, QStringLiteral("first.png"), encodePng(patternFrame(320, 240)));
    m_imageB = writeTempFile(m_dir, QStringLiteral("second.png"), encodePng(solidFrame(200, 150, qRgb(30, 90, 200))));
    QVERIFY(!m_imageA.isEmpty() && !m_imageB.isEmpty());
}

void TestChatSession::init()
{
    QSettings().clear();
    // These tests watch every stage of a question: the image is encoded when it is asked
    // about (encodeAheadShowsInLatencyPanel turns encode on snap back on).
    QSettings().setValue(QLatin1String(camchat::session::settings::kEncodeAhead), false);
}

QString TestChatSession::writeProfile(const QString &id, const QString &name, const QString &model,
                                      const QString &mmproj) const
{
    // A fixed seed: the same answers every run.
    return camchat::test::writeTinyProfile(
            m_profileDir, id,
            QJsonObject{{QStringLiteral("name"), name},
                        {QStringLiteral("files"), QJsonObject{{QStringLiteral("model"), model},
                                                              {QStringLiteral("mmproj"), mmproj}}},
                        {QStringLiteral("sampling"), QJsonObject{{QStringLiteral("seed"), 1234}}}});
}

bool TestChatSession::chooseModel(MainWindow &window, const QString &id)
{
    auto *picker = child<QComboBox>(window, "modelPicker");
    const int index = picker ? picker->findData(id) : -1;
    if (index < 0)
        return false;
    QSignalSpy ready(&window, &MainWindow::modelReady);
    QSignalSpy failed(&window, &MainWindow::modelLoadFailed);
    // What a click in the list does.
    picker->setCurrentIndex(index);
    Q_EMIT picker->activated(index);
    if (!ready.wait(kLoadTimeoutMs) && failed.isEmpty())
        return false;
    return !ready.isEmpty() && ready.first().first().toString() == id;
}

std::unique_ptr<MainWindow> TestChatSession::readyWindow()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>(), kWindowSize);
    if (!window || !chooseModel(*window, kTinyId))
        return nullptr;
    return window;
}

bool TestChatSession::openImage(MainWindow &window, const QString &path)
{
    QSignalSpy changed(&window, &MainWindow::imageChanged);
    window.openImageFile(path);
    return changed.wait(kLoadTimeoutMs);
}

quint64 TestChatSession::askAndWait(MainWindow &window, const QString &question)
{
    auto *prompt = child<PromptEdit>(window, "promptEdit");
    auto *ask = child<QPushButton>(window, "askButton");
    WorkerProbe probe(window.inferenceWorker());
    QSignalSpy started(&probe, &WorkerProbe::requestStarted);
    QSignalSpy done(&window, &MainWindow::answerFinished);
    prompt->setPlainText(question);
    if (!ask->isEnabled()) {
        qWarning() << "Ask disabled:" << ask->toolTip();
        return 0;
    }
    QTest::mouseClick(ask, Qt::LeftButton);
    if (!done.wait(kAnswerTimeoutMs) || started.isEmpty())
        return 0;
    return started.first().first().toULongLong();
}

// `camchat --kiosk` as the app wires it: the main window with a (fake) camera and the
// tiny model goes into kiosk mode; captions come by themselves; Esc returns to the chat,
// and the next question is about a fresh snap of the live picture, not a kiosk frame.
void TestChatSession::kioskCaptionsByThemselvesThenChatGoesOn()
{
    QTemporaryDir devDir;
    QVERIFY(devDir.isValid());
    const QString camera = devDir.filePath(QStringLiteral("video0"));
    QFile node(camera);
    QVERIFY(node.open(QIODevice::WriteOnly));
    node.close();
    auto io = std::make_shared<camchat::capture::test::FakeV4l2Io>();
    io->addUvcCamera(camera.toStdString(), {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});

    QSettings settings;
    settings.setValue(QLatin1String(camchat::session::settings::kKioskIntervalS), 1);
    settings.setValue(QLatin1String(camchat::session::settings::kKioskSceneChange), false);
    settings.setValue(QLatin1String(camchat::session::settings::kMaxNewTokens), 6);

    camchat::session::SourceManagerOptions options;
    options.io = io;
    options.deviceDir = devDir.path();
    options.qtCameras = false;
    MainWindow window(options);
    QVERIFY(camchat::test::showWindow(&window, QSize(1100, 760)));
    QVERIFY(chooseModel(window, kTinyId));

    window.enterKioskMode();
    QVERIFY(window.isKioskMode());
    camchat::ui::KioskWindow *kiosk = window.kioskWindow();
    QVERIFY(kiosk && kiosk->isVisible());
    QCOMPARE(window.sourceManager()->currentSourceId(), camera);

    // Two captions, each shown on the kiosk screen as it finishes, with nobody pressing a key.
    QSignalSpy captions(window.kioskController(), &camchat::session::KioskController::captionFinished);
    QTRY_VERIFY_WITH_TIMEOUT(captions.count() >= 2, kAnswerTimeoutMs);
    QCOMPARE(kiosk->captionText(), captions.last().first().toString().trimmed());
    QVERIFY(kiosk->detailText().contains(QStringLiteral("tokens/s")));
    QCOMPARE(window.kioskController()->stats().pipeline.failures, 0u);

    QTest::keyClick(kiosk, Qt::Key_Escape);
    QTRY_VERIFY(!window.isKioskMode());
    QVERIFY(window.isVisible() && window.isLive());

    // The chat goes on where it was: a question snaps the live picture and is answered.
    const quint64 id = askAndWait(window, QStringLiteral("What do you see?"));
    QVERIFY(id != 0);
    QVERIFY(window.currentFrame().isValid());
    QCOMPARE(window.currentFrame().width(), 640);
}

void TestChatSession::pickerShowsEveryProfile()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>(), kWindowSize);
    QVERIFY(window);
    auto *picker = child<QComboBox>(*window, "modelPicker");
    QVERIFY(picker);
    QCOMPARE(picker->currentIndex(), -1); // nothing chosen yet: nothing loads by itself
    auto *items = qobject_cast<QStandardItemModel *>(picker->model());
    QVERIFY(items);

    const int tiny = picker->findData(kTinyId);
    QVERIFY(tiny >= 0);
    QVERIFY(items->item(tiny)->isEnabled());
    QCOMPARE(picker->itemText(tiny), kTinyName);

    // A profile whose file is missing is listed, greyed out, and says what to put where.
    const int missing = picker->findData(kMissingId);
    QVERIFY(missing >= 0);
    QVERIFY(!items->item(missing)->isEnabled());
    const QString tip = picker->itemData(missing, Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QLatin1String("no-such-model.gguf")), qPrintable(tip));
    QVERIFY2(tip.contains(QDir::toNativeSeparators(m_profileDir)), qPrintable(tip));

    // The invalid profile is not silently dropped: the error bar names it.
    auto *errorBar = child<QWidget>(*window, "errorBar");
    QVERIFY(errorBar->isVisible());
    QVERIFY(child<QLabel>(*window, "errorMessage")->text().contains(QLatin1String("1")));
    QVERIFY2(child<QLabel>(*window, "errorDetails")->text().contains(QLatin1String("zz-invalid.json")),
             qPrintable(child<QLabel>(*window, "errorDetails")->text()));
    QCOMPARE(picker->findData(QStringLiteral("oops")), -1);

    // Choosing the missing one does nothing.
    Q_EMIT picker->activated(missing);
    QTest::qWait(50);
    QVERIFY(!child<QProgressBar>(*window, "modelLoadProgress")->isVisible());
    QCOMPARE(QSettings().value(QLatin1String(camchat::session::settings::kModelProfile)).toString(), QString());
}

void TestChatSession::askTooltipsSayWhatIsMissing()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>(), kWindowSize);
    QVERIFY(window);
    auto *ask = child<QPushButton>(*window, "askButton");
    auto *state = child<QLabel>(*window, "modelState");
    QVERIFY(!ask->isEnabled());
    QCOMPARE(ask->toolTip(), PromptArea::tr("Choose a model first."));
    QCOMPARE(state->text(), StatusPanel::tr("No model loaded"));

    auto *picker = child<QComboBox>(*window, "modelPicker");
    auto *progress = child<QProgressBar>(*window, "modelLoadProgress");
    QSignalSpy ready(window.get(), &MainWindow::modelReady);
    const int index = picker->findData(kTinyId);
    picker->setCurrentIndex(index);
    Q_EMIT picker->activated(index);
    // Loading happens on the worker: the window says so at once and stays responsive.
    QVERIFY(progress->isVisible());
    QVERIFY2(state->text().contains(kTinyName), qPrintable(state->text()));
    QCOMPARE(ask->toolTip(), PromptArea::tr("The model is still loading."));
    QVERIFY(ready.wait(kLoadTimeoutMs));
    QVERIFY(!progress->isVisible());
    QCOMPARE(state->text(), QStringLiteral("llama · ") + kTinyName);

    QVERIFY(!ask->isEnabled());
    QCOMPARE(ask->toolTip(), PromptArea::tr("Open, paste or grab an image first."));
    QVERIFY(openImage(*window, m_imageA));
    QVERIFY(!ask->isEnabled());
    QCOMPARE(ask->toolTip(), PromptArea::tr("Type a question first."));
    auto *prompt = child<PromptEdit>(*window, "promptEdit");
    QTest::keyClicks(prompt, QStringLiteral("What is it?"));
    QVERIFY(ask->isEnabled());
    QCOMPARE(ask->toolTip(), PromptArea::tr("Ask about the image (Enter)"));
}

void TestChatSession::askStreamsAnswerAndFillsLatency()
{
    QSettings().setValue(QLatin1String(camchat::session::settings::kMaxNewTokens), 24);
    auto window = readyWindow();
    QVERIFY(window);
    QVERIFY(openImage(*window, m_imageA));
    auto *chat = child<ChatView>(*window, "chatView");
    auto *prompt = child<PromptEdit>(*window, "promptEdit");
    auto *ask = child<QPushButton>(*window, "askButton");
    auto *stop = child<QPushButton>(*window, "stopButton");

    WorkerProbe probe(window->inferenceWorker());
    QSignalSpy tokens(&probe, &WorkerProbe::token);
    QSignalSpy finished(&probe, &WorkerProbe::finished);
    QSignalSpy done(window.get(), &MainWindow::answerFinished);
    QList<qsizetype> lengths;
    connect(chat, &ChatView::lastAnswerChanged, this, [&] { lengths << chat->lastAnswer().size(); });

    prompt->setFocus();
    QTest::keyClicks(prompt, QStringLiteral("What is in this picture?"));
    QTest::keyClick(prompt, Qt::Key_Return); // Enter asks, like the button
    // Asked: the box is empty again, the question is in the history and the transcript.
    QCOMPARE(prompt->toPlainText(), QString());
    QCOMPARE(prompt->history().constLast(), QStringLiteral("What is in this picture?"));
    QVERIFY(chat->toPlainText().contains(QLatin1String("What is in this picture?")));
    QCOMPARE(chat->imageTurnCount(), 1);
    QVERIFY(!ask->isEnabled());
    QVERIFY(stop->isEnabled());

    QVERIFY(done.wait(kAnswerTimeoutMs));
    QTRY_COMPARE(finished.count(), 1);
    const auto result = finished.first().first().value<camchat::inference::InferenceResult>();
    // Streamed piece by piece, and the transcript grew with every piece.
    QVERIFY2(tokens.count() >= 2, qPrintable(QString::number(tokens.count())));
    QVERIFY(lengths.size() >= 2);
    for (qsizetype i = 1; i < lengths.size(); ++i)
        QVERIFY(lengths[i] > lengths[i - 1]);
    QVERIFY(!result.text.trimmed().isEmpty());
    // The whole answer, from its first word (leading spaces are dropped).
    QString expected = result.text;
    while (expected.front().isSpace())
        expected.remove(0, 1);
    QCOMPARE(chat->lastAnswer(), expected);
    QVERIFY(chat->toPlainText().contains(expected));
    QVERIFY(!chat->lastAnswer().front().isSpace());

    // Every stage has a value in the latency panel (but the upload: a local model has none).
    for (const Stage stage : camchat::inference::kAllStages) {
        if (stage == Stage::Upload)
            continue;
        const QString value = stageValue(*window, stage);
        QVERIFY2(value.contains(QLatin1String("ms")) || value.contains(QLatin1String(" s")),
                 qPrintable(QString::fromLatin1(camchat::inference::stageKey(stage).data()) + QLatin1String(": ") + value));
    }
    QVERIFY(child<camchat::ui::LatencyPanel>(*window, "latencyPanel")->hasTimings());
    QVERIFY(!stop->isEnabled());
    QVERIFY(child<QAction>(*window, "actionCopyAnswer")->isEnabled());
    QVERIFY(child<QAction>(*window, "actionSaveTranscript")->isEnabled());
}

void TestChatSession::followUpKeepsImage()
{
    QSettings().setValue(QLatin1String(camchat::session::settings::kMaxNewTokens), 12);
    auto window = readyWindow();
    QVERIFY(window);
    QVERIFY(openImage(*window, m_imageA));
    auto *chat = child<ChatView>(*window, "chatView");
    WorkerProbe probe(window->inferenceWorker());
    QSignalSpy stages(&probe, &WorkerProbe::stageStarted);

    const quint64 first = askAndWait(*window, QStringLiteral("Describe it."));
    QVERIFY(first != 0);
    QVERIFY(stagesStarted(stages, first).contains(Stage::VisionEncode));
    child<PromptEdit>(*window, "promptEdit")->setPlainText(QStringLiteral("x"));
    QCOMPARE(child<QPushButton>(*window, "askButton")->toolTip(),
             PromptArea::tr("Ask a follow-up question about the same image (Enter)"));

    const quint64 second = askAndWait(*window, QStringLiteral("And the colours?"));
    QVERIFY(second != 0);
    const QSet<Stage> followUp = stagesStarted(stages, second);
    QVERIFY(!followUp.contains(Stage::VisionEncode));
    QVERIFY(!followUp.contains(Stage::Preprocess));
    QVERIFY(followUp.contains(Stage::Prefill));
    // Same conversation: no second image, no divider; the panel says the encoder did not run.
    QCOMPARE(chat->imageTurnCount(), 1);
    QVERIFY(!chat->toPlainText().contains(ChatView::tr("New conversation")));
    QCOMPARE(stageValue(*window, Stage::VisionEncode), camchat::ui::LatencyPanel::tr("—"));
    QVERIFY(stageValue(*window, Stage::Decode).contains(QLatin1String("s")));
}

void TestChatSession::stopMidAnswerThenAskAgain()
{
    // A long answer, so there is time to stop it.
    QSettings().setValue(QLatin1String(camchat::session::settings::kMaxNewTokens), std::max(64, m_contextLength / 2));
    auto window = readyWindow();
    QVERIFY(window);
    QVERIFY(openImage(*window, m_imageA));
    auto *chat = child<ChatView>(*window, "chatView");
    auto *stop = child<QPushButton>(*window, "stopButton");
    auto *ask = child<QPushButton>(*window, "askButton");
    WorkerProbe probe(window->inferenceWorker());
    QSignalSpy failed(&probe, &WorkerProbe::failed);
    QSignalSpy finished(&probe, &WorkerProbe::finished);
    QSignalSpy done(window.get(), &MainWindow::answerFinished);
    QSignalSpy shown(chat, &ChatView::lastAnswerChanged);
    child<PromptEdit>(*window, "promptEdit")->setPlainText(QStringLiteral("Tell me everything."));
    QTest::mouseClick(ask, Qt::LeftButton);
    // Stopped once a few pieces are on screen.
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 3, kAnswerTimeoutMs);
    QVERIFY2(finished.isEmpty(), "the answer ended before it could be stopped");

    QVERIFY(stop->isEnabled());
    QTest::mouseClick(stop, Qt::LeftButton);
    const int emittedAtStop = probe.tokensEmitted();
    const qsizetype shownAtStop = shown.count();
    const QString answerAtStop = chat->lastAnswer();
    QVERIFY(!stop->isEnabled());
    QVERIFY(done.wait(kAnswerTimeoutMs));
    QTRY_COMPARE(failed.count(), 1);
    // Within one token, and the window shows the answer as stopped.
    QVERIFY2(probe.tokensEmitted() - emittedAtStop <= 1,
             qPrintable(QStringLiteral("%1 more").arg(probe.tokensEmitted() - emittedAtStop)));
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.first().at(1).value<camchat::inference::InferenceError>().code,
             camchat::inference::InferenceErrorCode::Cancelled);
    const QString stoppedNote = QStringLiteral("[%1]").arg(MainWindow::tr("stopped"));
    QVERIFY2(chat->toPlainText().contains(stoppedNote), qPrintable(chat->toPlainText()));
    QVERIFY(chat->toMarkdown().contains(stoppedNote));
    QVERIFY(!stop->isEnabled());
    // The answer ends where it was when Stop was pressed; nothing arrives after.
    QCOMPARE(shown.count(), shownAtStop);
    QCOMPARE(chat->lastAnswer(), answerAtStop);
    QVERIFY(chat->toPlainText().contains(answerAtStop + QLatin1Char(' ') + stoppedNote)
            || chat->toPlainText().contains(answerAtStop + stoppedNote));

    // The next question runs normally.
    QSettings().setValue(QLatin1String(camchat::session::settings::kMaxNewTokens), 8);
    const QString before = chat->toPlainText();
    QVERIFY(askAndWait(*window, QStringLiteral("Shorter, please.")) != 0);
    QTRY_COMPARE(finished.count(), 1);
    QCOMPARE(failed.count(), 1);
    QVERIFY(chat->toPlainText().startsWith(before));
    QVERIFY(chat->toPlainText().size() > before.size());
    QVERIFY(chat->lastAnswer() != answerAtStop);
    // The stopped first answer left nothing to follow up on, so the picture went again,
    // in the same conversation.
    QCOMPARE(chat->imageTurnCount(), 2);
    QVERIFY(!chat->toPlainText().contains(ChatView::tr("New conversation")));
}

void TestChatSession::newImageStartsNewConversation()
{
    QSettings().setValue(QLatin1String(camchat::session::settings::kMaxNewTokens), 8);
    auto window = readyWindow();
    QVERIFY(window);
    auto *chat = child<ChatView>(*window, "chatView");
    WorkerProbe probe(window->inferenceWorker());
    QSignalSpy stages(&probe, &WorkerProbe::stageStarted);

    QVERIFY(openImage(*window, m_imageA));
    QVERIFY(askAndWait(*window, QStringLiteral("first picture question")) != 0);
    const QString oldAnswer = chat->lastAnswer();
    QVERIFY(!oldAnswer.isEmpty());

    QVERIFY(openImage(*window, m_imageB));
    child<PromptEdit>(*window, "promptEdit")->setPlainText(QStringLiteral("x"));
    QCOMPARE(child<QPushButton>(*window, "askButton")->toolTip(),
             PromptArea::tr("Ask about the new image; this starts a new conversation (Enter)"));
    const quint64 second = askAndWait(*window, QStringLiteral("second picture question"));
    QVERIFY(second != 0);
    QVERIFY(stagesStarted(stages, second).contains(Stage::VisionEncode));
    QCOMPARE(chat->imageTurnCount(), 2);
    const QString text = chat->toPlainText();
    const qsizetype divider = text.indexOf(ChatView::tr("New conversation"));
    QVERIFY(divider > 0);
    QVERIFY(text.indexOf(QLatin1String("first picture question")) < divider);
    QVERIFY(text.indexOf(oldAnswer) < divider);
    QVERIFY(text.indexOf(QLatin1String("second picture question")) > divider);
}

void TestChatSession::saveTranscriptWritesMarkdownAndImages()
{
    QSettings().setValue(QLatin1String(camchat::session::settings::kMaxNewTokens), 6);
    auto window = readyWindow();
    QVERIFY(window);
    auto *save = child<QAction>(*window, "actionSaveTranscript");
    QVERIFY(save);
    QVERIFY(!save->isEnabled()); // nothing to save yet

    QVERIFY(openImage(*window, m_imageA));
    QVERIFY(askAndWait(*window, QStringLiteral("question one")) != 0);
    QVERIFY(askAndWait(*window, QStringLiteral("question two")) != 0);
    QVERIFY(openImage(*window, m_imageB));
    QVERIFY(askAndWait(*window, QStringLiteral("question three")) != 0);
    QVERIFY(save->isEnabled());

    QTemporaryDir out;
    QVERIFY(out.isValid());
    const QString path = out.filePath(QStringLiteral("transcript.md"));
    QSignalSpy saved(window.get(), &MainWindow::transcriptSaved);
    QSignalSpy failed(window.get(), &MainWindow::transcriptSaveFailed);
    window->saveTranscriptTo(path);
    QVERIFY(saved.wait(kLoadTimeoutMs));
    QCOMPARE(failed.count(), 0);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString markdown = QString::fromUtf8(file.readAll());
    const auto *chat = child<ChatView>(*window, "chatView");
    QVERIFY(markdown.contains(chat->lastAnswer()));
    for (const char *question : {"question one", "question two", "question three"})
        QVERIFY2(markdown.contains(QLatin1String(question)), question);
    QVERIFY2(markdown.contains(QLatin1String("](transcript-1.jpg)")), qPrintable(markdown));
    QVERIFY2(markdown.contains(QLatin1String("](transcript-2.jpg)")), qPrintable(markdown));
    QVERIFY(markdown.indexOf(QLatin1String("transcript-1.jpg")) < markdown.indexOf(QLatin1String("question three")));
    QVERIFY(markdown.indexOf(QLatin1String("transcript-2.jpg")) > markdown.indexOf(QLatin1String("question two")));
    QVERIFY(markdown.contains(QLatin1String("\n---\n")));

    const QImage first(out.filePath(QStringLiteral("transcript-1.jpg")));
    const QImage second(out.filePath(QStringLiteral("transcript-2.jpg")));
    QCOMPARE(first.size(), QSize(320, 240));
    QCOMPARE(second.size(), QSize(200, 150));
    QVERIFY(camchat::testimages::colorDistance(second.pixel(100, 75), qRgb(30, 90, 200)) < 12);
    QCOMPARE(QDir(out.path()).entryList(QDir::Files).size(), 3);

    // PNG when the snapshot setting says so.
    QSettings().setValue(QLatin1String(camchat::session::settings::kSnapshotFormat), QStringLiteral("png"));
    const QString pngPath = out.filePath(QStringLiteral("again.md"));
    window->saveTranscriptTo(pngPath);
    QVERIFY(saved.wait(kLoadTimeoutMs));
    QCOMPARE(QImage(out.filePath(QStringLiteral("again-2.png"))).pixel(10, 10), qRgb(30, 90, 200));

    // An unwritable place fails with a message, and nothing is claimed saved.
    window->saveTranscriptTo(out.filePath(QStringLiteral("no-such-dir/transcript.md")));
    QVERIFY(failed.wait(kLoadTimeoutMs));
    QVERIFY(child<QWidget>(*window, "errorBar")->isVisible());
    QCOMPARE(saved.count(), 2);
}

void TestChatSession::chosenModelIsRemembered()
{
    {
        auto window = readyWindow();
        QVERIFY(window);
    }
    QCOMPARE(QSettings().value(QLatin1String(camchat::session::settings::kModelProfile)).toString(), kTinyId);
    // The next window loads it without being asked.
    auto window = std::make_unique<MainWindow>();
    QSignalSpy ready(window.get(), &MainWindow::modelReady);
    window->show();
    QVERIFY(ready.wait(kLoadTimeoutMs));
    QCOMPARE(ready.first().first().toString(), kTinyId);
    auto *picker = child<QComboBox>(*window, "modelPicker");
    QCOMPARE(picker->currentData().toString(), kTinyId);
}

void TestChatSession::settingsOverrideSampling()
{
    QSettings().setValue(QLatin1String(camchat::session::settings::kMaxNewTokens), 3);
    auto window = readyWindow();
    QVERIFY(window);
    QVERIFY(openImage(*window, m_imageA));
    WorkerProbe probe(window->inferenceWorker());
    QSignalSpy finished(&probe, &WorkerProbe::finished);
    QVERIFY(askAndWait(*window, QStringLiteral("Short answer?")) != 0);
    QTRY_COMPARE(finished.count(), 1);
    const auto result = finished.first().first().value<camchat::inference::InferenceResult>();
    QVERIFY2(result.timings.decodeTokens <= 3, qPrintable(QString::number(result.timings.decodeTokens)));
}

void TestChatSession::loadFailureShowsError()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>(), kWindowSize);
    QVERIFY(window);
    child<QAbstractButton>(*window, "errorCloseButton")->click(); // the invalid profile's message
    auto *picker = child<QComboBox>(*window, "modelPicker");
    const int index = picker->findData(kBrokenId);
    QVERIFY(index >= 0);
    QSignalSpy failed(window.get(), &MainWindow::modelLoadFailed);
    picker->setCurrentIndex(index);
    Q_EMIT picker->activated(index);
    QVERIFY(failed.wait(kLoadTimeoutMs));

    QVERIFY(child<QWidget>(*window, "errorBar")->isVisible());
    const QString message = child<QLabel>(*window, "errorMessage")->text();
    QVERIFY2(message.contains(QLatin1String("Tiny Broken")), qPrintable(message));
    QVERIFY2(!child<QLabel>(*window, "errorDetails")->text().isEmpty(), "the technical detail is available");
    QCOMPARE(child<QLabel>(*window, "modelState")->text(), StatusPanel::tr("No model loaded"));
    QVERIFY(!child<QProgressBar>(*window, "modelLoadProgress")->isVisible());
    QVERIFY(!child<QPushButton>(*window, "askButton")->isEnabled());

    // A good model afterwards works.
    QVERIFY(chooseModel(*window, kTinyId));
    QVERIFY(openImage(*window, m_imageA));
    QSettings().setValue(QLatin1String(camchat::session::settings::kMaxNewTokens), 4);
    QVERIFY(askAndWait(*window, QStringLiteral("Still there?")) != 0);
}

void TestChatSession::everyInferenceErrorHasASentence()
{
    using camchat::inference::InferenceErrorCode;
    const InferenceErrorCode codes[] = {
        InferenceErrorCode::ProfileInvalid, InferenceErrorCode::ModelFileMissing,
        InferenceErrorCode::ModelFileInvalid, InferenceErrorCode::ModelLoadFailed,
        InferenceErrorCode::BackendUnavailable, InferenceErrorCode::NotLoaded,
        InferenceErrorCode::NoConversation, InferenceErrorCode::ImageInvalid,
        InferenceErrorCode::ImageEncodeFailed, InferenceErrorCode::ContextFull,
        InferenceErrorCode::PromptFailed, InferenceErrorCode::DecodeFailed, InferenceErrorCode::Cancelled,
        InferenceErrorCode::NoDownloadSource, InferenceErrorCode::DownloadNotFound,
        InferenceErrorCode::DownloadNotAuthorised, InferenceErrorCode::ChecksumMismatch,
        InferenceErrorCode::NetworkError, InferenceErrorCode::DiskFull, InferenceErrorCode::DownloadWriteFailed,
        InferenceErrorCode::DownloadBusy};
    QSet<QString> sentences;
    for (const InferenceErrorCode code : codes) {
        const QString sentence = camchat::ui::describeInferenceError({code, QStringLiteral("technical")});
        QVERIFY(!sentence.isEmpty());
        QVERIFY(!sentence.contains(QLatin1String("technical"))); // the detail stays apart
        sentences.insert(sentence);
    }
    // A model server's errors name what they are about: the server, the key's variable,
    // the model and what the server offers instead. Unreachable and a server error quote
    // the detail: it is the reason ("Connection refused", the server's own message).
    const auto remote = [](InferenceErrorCode code, const QString &subject, const QStringList &choices = {}) {
        return camchat::ui::describeInferenceError({code, QStringLiteral("Connection refused"), subject, choices});
    };
    QVERIFY(remote(InferenceErrorCode::ServerUnreachable, QStringLiteral("gpu-box:8000"))
                .contains(QLatin1String("gpu-box:8000: Connection refused")));
    QVERIFY(remote(InferenceErrorCode::ApiKeyRejected, QStringLiteral("MY_KEY")).contains(QLatin1String("MY_KEY")));
    QVERIFY(remote(InferenceErrorCode::ApiKeyMissing, QStringLiteral("MY_KEY")).contains(QLatin1String("MY_KEY is unset")));
    QVERIFY(remote(InferenceErrorCode::ApiKeyMissing, {}).contains(QLatin1String("apiKeyEnv")));
    const QString unknown = remote(InferenceErrorCode::RemoteModelUnknown, QStringLiteral("big"),
                                   {QStringLiteral("a"), QStringLiteral("b")});
    QVERIFY(unknown.contains(QLatin1String("\"big\"")) && unknown.contains(QLatin1String("a, b")));
    QVERIFY(remote(InferenceErrorCode::ImageNotSupported, {}).contains(QLatin1String("--mmproj")));
    for (const InferenceErrorCode code : {InferenceErrorCode::ServerTimeout, InferenceErrorCode::ServerStalled,
                                          InferenceErrorCode::ConnectionDropped, InferenceErrorCode::ServerError}) {
        const QString sentence = remote(code, QStringLiteral("gpu-box:8000"));
        QVERIFY2(sentence.contains(QLatin1String("gpu-box:8000")), qPrintable(sentence));
        sentences.insert(sentence);
    }
    QVERIFY(remote(InferenceErrorCode::ConnectionDropped, QStringLiteral("h:1")).contains(QLatin1String("cut off")));
    QCOMPARE(sentences.size(), qsizetype(std::size(codes)) + 4);
    QVERIFY(camchat::ui::describeInferenceError({}).isEmpty());
}

// A model server's profile in the window: listed in the picker, loaded (GET /models),
// asked about an image and followed up, the latency panel showing the upload.
void TestChatSession::remoteProfileAsksTheServer()
{
    camchat::test::LlamaServer server;
    QVERIFY2(server.start({}), qPrintable(server.error()));
    const QString path = QDir(m_profileDir).filePath(QStringLiteral("tiny-remote.json"));
    QVERIFY(camchat::test::writeJsonFile(path, QJsonObject{
        {QStringLiteral("schema"), 1}, {QStringLiteral("id"), QStringLiteral("tiny-remote")},
        {QStringLiteral("name"), QStringLiteral("Tiny on llama-server")},
        {QStringLiteral("backend"), QStringLiteral("openai")},
        {QStringLiteral("remote"), QJsonObject{{QStringLiteral("endpoint"), server.endpoint()}}},
        {QStringLiteral("vision"), QJsonObject{{QStringLiteral("width"), 64}, {QStringLiteral("height"), 64}}},
        {QStringLiteral("sampling"), QJsonObject{{QStringLiteral("maxNewTokens"), 8}}}}));
    const auto cleanup = qScopeGuard([&] { QFile::remove(path); });

    auto window = camchat::test::showWindow(std::make_unique<MainWindow>(), kWindowSize);
    QVERIFY(window);
    QVERIFY(chooseModel(*window, QStringLiteral("tiny-remote")));
    QVERIFY(openImage(*window, m_imageA));
    auto *chat = child<ChatView>(*window, "chatView");
    QVERIFY(askAndWait(*window, QStringLiteral("What is this?")) != 0);
    QVERIFY(!chat->lastAnswer().isEmpty());
    const QLabel *upload = child<QLabel>(*window, "stageValue_upload");
    QVERIFY(upload->isVisibleTo(window.get()));
    QVERIFY2(upload->text().contains(QLatin1String("ms")), qPrintable(upload->text()));
    // A follow-up: the conversation goes on without a new image.
    QVERIFY(askAndWait(*window, QStringLiteral("And then?")) != 0);
    QCOMPARE(chat->imageTurnCount(), 1);
    QVERIFY(!chat->lastAnswer().isEmpty());
}

// Encode on snap, on by default: an opened picture is encoded while the question is
// typed; the latency panel says so, and the answer did not wait for the encoder.
void TestChatSession::encodeAheadShowsInLatencyPanel()
{
    QSettings().remove(QLatin1String(camchat::session::settings::kEncodeAhead)); // the default
    QSettings().setValue(QLatin1String(camchat::session::settings::kMaxNewTokens), 8);
    auto window = readyWindow();
    QVERIFY(window);
    WorkerProbe probe(window->inferenceWorker());
    QSignalSpy prepared(&probe, &WorkerProbe::imagePrepared);
    QSignalSpy stages(&probe, &WorkerProbe::stageStarted);
    QVERIFY(openImage(*window, m_imageA));
    QTRY_VERIFY_WITH_TIMEOUT(!prepared.isEmpty(), kAnswerTimeoutMs);

    const quint64 first = askAndWait(*window, QStringLiteral("What is in this picture?"));
    QVERIFY(first != 0);
    QVERIFY(!stagesStarted(stages, first).contains(Stage::VisionEncode));
    auto *ahead = child<QLabel>(*window, "preparedAhead");
    QVERIFY(ahead->isVisibleTo(window.get()));
    QVERIFY2(ahead->text().startsWith(QLatin1String("Encoded while you typed: ")), qPrintable(ahead->text()));
    QCOMPARE(stageValue(*window, Stage::VisionEncode), QStringLiteral("—"));

    // A follow-up has nothing to encode, and says nothing about it.
    QVERIFY(askAndWait(*window, QStringLiteral("And the colours?")) != 0);
    QVERIFY(!ahead->isVisibleTo(window.get()));

    // Turned off in Settings → Model: the next picture is encoded when it is asked about.
    bool unchecked = false;
    QTimer::singleShot(0, window.get(), [&unchecked] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        auto *box = dialog ? dialog->findChild<QCheckBox *>(QStringLiteral("encodeAhead")) : nullptr;
        if (!box)
            return;
        unchecked = box->isChecked(); // on, as the settings say
        box->setChecked(false);
        dialog->accept();
    });
    child<QAction>(*window, "actionSettings")->trigger();
    QVERIFY(unchecked);
    QCOMPARE(QSettings().value(QLatin1String(camchat::session::settings::kEncodeAhead)).toBool(), false);
    const qsizetype preparedBefore = prepared.size();
    QVERIFY(openImage(*window, m_imageB));
    const quint64 third = askAndWait(*window, QStringLiteral("What is in this one?"));
    QVERIFY(third != 0);
    QVERIFY(stagesStarted(stages, third).contains(Stage::VisionEncode));
    QCOMPARE(prepared.size(), preparedBefore);
    QVERIFY(!ahead->isVisibleTo(window.get()));
}

// The user profile folder and the settings must be private to this test before anything
// asks QStandardPaths, so main() sets the XDG variables ahead of QApplication.
int main(int argc, char **argv)
{
    QTemporaryDir home;
    if (!home.isValid())
        return 1;
    qputenv("XDG_DATA_HOME", QDir(home.path()).filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", QDir(home.path()).filePath(QStringLiteral("config")).toLocal8Bit());
    QApplication app(argc, argv);
    TestChatSession test(home.path());
    return QTest::qExec(&test, argc, argv);
}

#include "test_chatsession.moc"
