#include "mainwindow.h"

#include "chatview.h"
#include "errorbar.h"
#include "errortext.h"
#include "firstrunbanner.h"
#include "imageintake.h"
#include "keyring.h"
#include "kioskmode.h"
#include "kioskwindow.h"
#include "latencypanel.h"
#include "mainwindowactions.h"
#include "modelpicker.h"
#include "npufallback.h"
#include "previewview.h"
#include "promptarea.h"
#include "promptedit.h"
#include "settingsdialog.h"
#include "snapshotsaver.h"
#include "snaptaker.h"
#include "sourcepicker.h"
#include "statuspanel.h"
#include "systemcheckdialog.h"
#include "transcriptexporter.h"
#include "windowlayout.h"

#include "capture/qimageframe.h"
#include "inference/inferencethread.h"
#include "inference/modelprofile.h"
#include "session/askstate.h"
#include "session/chatsession.h"
#include "session/modelcatalog.h"
#include "session/modeldownloads.h"
#include "session/remoteserver.h"
#include "session/settingskeys.h"
#include "session/usersettings.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QVBoxLayout>

#include <utility>

namespace camchat::ui {

using session::SourceManager;
using session::SourceManagerOptions;

using session::settingsKey;
namespace settings = session::settings;

namespace {

constexpr int kStatusTimeoutMs = 6000;

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : MainWindow(SourceManagerOptions{}, parent)
{
}

MainWindow::MainWindow(SourceManagerOptions liveOptions, QWidget *parent)
    : QMainWindow(parent)
    , m_inference(std::make_unique<inference::InferenceThread>())
    , m_session(new session::ChatSession(m_inference->worker(), this))
    , m_models(new session::ModelCatalog(m_inference->worker(), this))
    , m_downloads(new session::ModelDownloads(m_models, this))
    , m_kiosk(std::make_unique<KioskMode>(m_inference->worker()))
    , m_intake(new ImageIntake(this))
    , m_transcript(new TranscriptExporter(this))
    , m_snapshots(new SnapshotSaver(this))
    , m_snapTaker(new SnapTaker(this))
    , m_live(new SourceManager(std::move(liveOptions), this))
{
    setWindowTitle(QStringLiteral("camchat"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/camchat.svg")));

    m_actions = new MainWindowActions(this);
    connectActions();
    createCentralWidget();
    m_picker = new SourcePicker(m_live);
    m_picker->setObjectName(QStringLiteral("sourcePickerWidget"));
    m_actions->buildMenusAndToolBar(m_picker);
    m_status = new StatusPanel(statusBar(), m_models);
    connectDownloads();

    connectIntake();
    connect(m_live, &SourceManager::currentSourceChanged, this, &MainWindow::onLiveSourceChanged);
    connect(m_live, &SourceManager::currentStateChanged, this, [this] {
        updateImageInfo();
        updateActions();
    });
    connect(m_live, &SourceManager::sourcesChanged, this, &MainWindow::updateImageInfo);
    connect(m_live, &SourceManager::sourcesChanged, this, [this] {
        // A kiosk started before any camera was plugged in takes the first one that comes.
        if (m_kiosk->isActive() && !m_live->currentSource())
            m_live->openFirstSource();
    });
    connect(m_preview, &PreviewView::liveFramePainted, this, &MainWindow::onLiveFramePainted);
    connect(m_snapTaker, &SnapTaker::taken, this, &MainWindow::setSnap);
    connect(m_picker, &SourcePicker::screenChosen, this, [this] { grabScreen(false); });
    connect(m_kiosk.get(), &KioskMode::exitRequested, this, &MainWindow::leaveKioskMode);

    connectSession();
    m_session->setEncodeAhead(session::modelSettingsFromSettings().encodeAhead);
    connectSavers();
    connectKeyring();
    restoreSettings();
    reloadModelList();
    updateImageInfo();
    updateActions();
    m_prompt->setFocus();
    // Lists the sources and reopens the one used last, if it is there.
    m_live->start();
}

MainWindow::~MainWindow()
{
    // The kiosk uses the worker and the live source: it goes first.
    m_kiosk.reset();
    // Stop the model first: nothing it still sends may reach a half-destroyed window.
    m_inference.reset();
    // The preview lets go of the live source before SourceManager stops and deletes it.
    m_preview->setLiveSource(nullptr);
    delete m_live;
    m_live = nullptr;
}

bool MainWindow::isLive() const
{
    return m_preview->isLive();
}

bool MainWindow::liveFrameReady() const
{
    const capture::FrameSource *source = m_preview->liveSource();
    return source && m_liveHasFrame && source->state() == capture::FrameSource::State::Streaming;
}

capture::Frame MainWindow::currentFrame() const
{
    return m_session->image();
}

inference::InferenceWorker *MainWindow::inferenceWorker() const
{
    return m_inference->worker();
}

bool MainWindow::isKioskMode() const
{
    return m_kiosk->isActive();
}

KioskWindow *MainWindow::kioskWindow() const
{
    return m_kiosk->window();
}

session::KioskController *MainWindow::kioskController() const
{
    return m_kiosk->controller();
}

void MainWindow::connectActions()
{
    const MainWindowActions *a = m_actions;
    connect(a->open, &QAction::triggered, this, [this] { m_intake->chooseFile(m_lastDirectory); });
    connect(a->paste, &QAction::triggered, this, &MainWindow::pasteImage);
    connect(a->grab, &QAction::triggered, this, [this] { grabScreen(false); });
    connect(a->grabRegion, &QAction::triggered, this, [this] { grabScreen(true); });
    connect(a->snap, &QAction::triggered, this, [this] { snap(); });
    connect(a->kiosk, &QAction::triggered, this, &MainWindow::enterKioskMode);
    connect(a->overlay, &QAction::toggled, this, [this](bool on) {
        m_preview->setOverlayVisible(on);
        QSettings().setValue(settingsKey(settings::kPreviewOverlay), on);
    });
    connect(a->save, &QAction::triggered, this, &MainWindow::saveSnapshot);
    connect(a->saveTranscript, &QAction::triggered, this, &MainWindow::saveTranscript);
    connect(a->copyAnswer, &QAction::triggered, this, &MainWindow::copyAnswer);
    connect(a->settings, &QAction::triggered, this, &MainWindow::showSettings);
    connect(a->systemCheck, &QAction::triggered, this, [this] {
        auto *dialog = new SystemCheckDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    connect(a->about, &QAction::triggered, this, &MainWindow::showAbout);
}

QWidget *MainWindow::createPromptArea()
{
    m_promptArea = new PromptArea(m_models);
    m_prompt = m_promptArea->edit();
    m_intake->watchPrompt(m_prompt);
    connect(m_prompt, &PromptEdit::submitRequested, this, &MainWindow::ask);
    connect(m_prompt, &QPlainTextEdit::textChanged, this, &MainWindow::updateAskButton);
    connect(m_promptArea->stopButton(), &QPushButton::clicked, this, &MainWindow::stop);
    connect(m_promptArea->askButton(), &QPushButton::clicked, this, &MainWindow::ask);
    connect(m_promptArea->modelPicker(), &ModelPicker::loadRequested, this, &MainWindow::loadProfile);
    connect(m_promptArea, &PromptArea::draftReplaced, this, [this] {
        statusBar()->showMessage(tr("Your draft was replaced; press Ctrl+Z to get it back."), kStatusTimeoutMs);
    });
    return m_promptArea;
}

void MainWindow::createCentralWidget()
{
    m_preview = new PreviewView;
    m_preview->setObjectName(QStringLiteral("previewView"));

    m_chat = new ChatView;
    m_chat->setObjectName(QStringLiteral("chatView"));
    connect(m_chat, &ChatView::lastAnswerChanged, this, &MainWindow::updateActions);

    m_latency = new LatencyPanel;
    m_latency->setObjectName(QStringLiteral("latencyPanel"));

    m_chatSplitter = new QSplitter(Qt::Vertical);
    m_chatSplitter->setObjectName(QStringLiteral("chatSplitter"));
    m_chatSplitter->setChildrenCollapsible(false);
    m_chatSplitter->addWidget(m_chat);
    m_chatSplitter->addWidget(createPromptArea());
    m_chatSplitter->addWidget(m_latency);
    m_chatSplitter->setStretchFactor(0, 1);
    m_chatSplitter->setStretchFactor(1, 0);
    m_chatSplitter->setStretchFactor(2, 0);

    // Margins around the conversation column; the preview runs edge to edge.
    auto *chatColumn = new QWidget;
    chatColumn->setObjectName(QStringLiteral("chatColumn"));
    auto *columnLayout = new QVBoxLayout(chatColumn);
    columnLayout->setContentsMargins(8, 8, 8, 4);
    columnLayout->addWidget(m_chatSplitter);

    m_mainSplitter = new QSplitter(Qt::Horizontal);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->addWidget(m_preview);
    m_mainSplitter->addWidget(chatColumn);
    m_mainSplitter->setStretchFactor(0, 3);
    m_mainSplitter->setStretchFactor(1, 2);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    // createPromptArea() has made the picker the NPU fallback switches.
    m_errorBar = new ErrorBar(m_promptArea->modelPicker());
    m_firstRun = new FirstRunBanner(m_models, m_downloads);
    layout->addWidget(m_firstRun);
    layout->addWidget(m_errorBar);
    layout->addWidget(m_mainSplitter, 1);
    setCentralWidget(central);
}

void MainWindow::restoreSettings()
{
    m_needsDefaultSplit = !restoreWindowLayout(this, m_mainSplitter, m_chatSplitter);
    const QSettings settings;
    m_lastDirectory = settings.value(settingsKey(settings::kLastDirectory)).toString();
    if (m_lastDirectory.isEmpty() || !QFileInfo(m_lastDirectory).isDir())
        m_lastDirectory = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    m_prompt->setHistory(settings.value(settingsKey(settings::kPromptHistory)).toStringList());
    const bool overlay = settings.value(settingsKey(settings::kPreviewOverlay), true).toBool();
    m_actions->overlay->setChecked(overlay);
    m_preview->setOverlayVisible(overlay);
}

void MainWindow::saveSettings() const
{
    saveWindowLayout(this, m_mainSplitter, m_chatSplitter);
    QSettings settings;
    settings.setValue(settingsKey(settings::kLastDirectory), m_lastDirectory);
    settings.setValue(settingsKey(settings::kPromptHistory), m_prompt->history());
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (std::exchange(m_needsDefaultSplit, false))
        applyDefaultSplit(m_mainSplitter, m_chatSplitter);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::connectIntake()
{
    connect(m_intake, &ImageIntake::loadStarted, this,
            [this](const QString &name) { statusBar()->showMessage(tr("Opening %1…").arg(name)); });
    connect(m_intake, &ImageIntake::loaded, this, &MainWindow::setStillImage);
    connect(m_intake, &ImageIntake::loadFailed, this, [this](const QString &message, const QString &detail) {
        statusBar()->clearMessage();
        m_errorBar->showError(message, detail);
        Q_EMIT imageLoadFailed(message);
    });
    connect(m_intake, &ImageIntake::grabFinished, this, [this] {
        m_actions->grab->setEnabled(true);
        m_actions->grabRegion->setEnabled(true);
    });
    connect(m_intake, &ImageIntake::grabFailed, m_errorBar, &ErrorBar::showError);
}

void MainWindow::openImageFile(const QString &path)
{
    m_intake->openFile(path);
}

void MainWindow::pasteImage()
{
    if (!m_intake->paste())
        statusBar()->showMessage(tr("The clipboard holds no image."), kStatusTimeoutMs);
}

void MainWindow::grabScreen(bool region)
{
    if (m_intake->grabScreen(session::grabDelayFromSettings(), region)) {
        m_actions->grab->setEnabled(false);
        m_actions->grabRegion->setEnabled(false);
    }
}

void MainWindow::onLiveSourceChanged(capture::FrameSource *source)
{
    m_snapTaker->cancel(); // a snap of the previous source still decoding is not wanted
    m_askAfterSnap = false;
    m_liveHasFrame = false;
    if (source) {
        if (!m_preview->isLive()) {
            // Going live: the still image waits for the user to come back to "Image";
            // the next question is about a snap of the live picture.
            m_stillFrame = m_session->image();
            m_session->setImage({});
            m_preview->setSnapshotInset({});
        }
        m_preview->setLiveSource(source);
        m_preview->setLiveSourceName(m_live->currentSourceName());
    } else if (m_preview->isLive()) {
        m_preview->setLiveSource(nullptr);
        m_preview->setSnapshotInset({});
        m_session->setImage(std::exchange(m_stillFrame, {}));
        m_preview->setFrame(m_session->image());
    }
    m_kiosk->setSource(source);
    if (m_kiosk->isActive() && source)
        m_kiosk->window()->setSourceName(m_live->currentSourceName());
    updateImageInfo();
    updateActions();
    Q_EMIT liveSourceChanged();
}

void MainWindow::enterKioskMode()
{
    if (m_kiosk->isActive())
        return;
    if (m_session->isBusy())
        stop();
    if (!m_live->currentSource())
        m_live->openFirstSource();
    const bool ready = m_models->loadedProfile().has_value() && !m_models->isLoading();
    m_kiosk->enter(m_live->currentSource(), ready ? m_models->loadedProfile() : std::nullopt, *m_models);
    if (m_live->currentSource())
        m_kiosk->window()->setSourceName(m_live->currentSourceName());
    hide();
    m_kiosk->show();
    m_actions->kiosk->setEnabled(false);
    Q_EMIT kioskModeChanged(true);
}

void MainWindow::leaveKioskMode()
{
    if (!m_kiosk->isActive())
        return;
    m_kiosk->leave();
    // The worker's conversation is now about a kiosk picture: the next question sends
    // its image again.
    m_session->forgetConversation();
    m_actions->kiosk->setEnabled(true);
    show();
    raise();
    activateWindow();
    updateActions();
    Q_EMIT kioskModeChanged(false);
}

void MainWindow::onLiveFramePainted()
{
    if (m_liveHasFrame)
        return;
    m_liveHasFrame = true;
    updateActions();
}

bool MainWindow::snap()
{
    if (!m_preview->isLive())
        return false;
    const capture::Frame latest = m_preview->latestFrame();
    // While the source shows no pictures the last frame is stale: nothing to snap.
    if (!latest.isValid() || m_preview->liveSource()->state() != capture::FrameSource::State::Streaming) {
        statusBar()->showMessage(tr("There is no live picture to snap yet."), kStatusTimeoutMs);
        return false;
    }
    m_snapTaker->take(latest);
    return true;
}

void MainWindow::setSnap(const capture::Frame &frame)
{
    const bool askNext = m_askAfterSnap;
    m_askAfterSnap = false;
    if (!frame.isValid()) {
        m_errorBar->showError(tr("The live picture could not be snapped."), {});
        return;
    }
    capture::Frame snapped = frame;
    snapped.setSourceName(m_live->currentSourceName());
    m_session->setImage(snapped);
    m_preview->setSnapshotInset(snapped);
    updateImageInfo();
    updateActions();
    Q_EMIT snapTaken();
    Q_EMIT imageChanged();
    if (askNext)
        ask();
}

void MainWindow::saveSnapshot()
{
    if (!m_session->image().isValid() && !liveFrameReady())
        return;
    // The file dialog has asked before replacing a file that was there; one that appears later is kept.
    if (const QString path = SnapshotSaver::askForPath(this, m_lastDirectory); !path.isEmpty())
        saveSnapshotTo(path, QFileInfo::exists(path));
}

void MainWindow::saveSnapshotTo(const QString &path, bool overwrite)
{
    // Live without a snap: the newest frame, at full resolution.
    const capture::Frame frame = m_session->image().isValid() ? m_session->image()
        : liveFrameReady()                                    ? m_preview->latestFrame()
                                                              : capture::Frame();
    if (m_snapshots->save(frame, path, overwrite))
        statusBar()->showMessage(tr("Saving %1…").arg(QDir::toNativeSeparators(path)));
}

void MainWindow::connectSavers()
{
    connect(m_snapshots, &SnapshotSaver::savingChanged, this, &MainWindow::updateActions);
    connect(m_snapshots, &SnapshotSaver::saved, this, [this](const QString &path) {
        onSaved(path);
        Q_EMIT snapshotSaved(path);
    });
    connect(m_snapshots, &SnapshotSaver::failed, this, [this](const QString &message, const QString &detail) {
        onSaveFailed(message, detail);
        Q_EMIT snapshotFailed(message);
    });
    connect(m_transcript, &TranscriptExporter::savingChanged, this, &MainWindow::updateActions);
    connect(m_transcript, &TranscriptExporter::saved, this, [this](const QString &path) {
        onSaved(path);
        Q_EMIT transcriptSaved(path);
    });
    connect(m_transcript, &TranscriptExporter::failed, this, [this](const QString &message, const QString &detail) {
        onSaveFailed(message, detail);
        Q_EMIT transcriptSaveFailed(message);
    });
}

void MainWindow::onSaved(const QString &path)
{
    m_lastDirectory = QFileInfo(path).absolutePath();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), kStatusTimeoutMs);
}

void MainWindow::onSaveFailed(const QString &message, const QString &detail)
{
    statusBar()->clearMessage();
    m_errorBar->showError(message, detail);
}

void MainWindow::copyAnswer()
{
    if (!m_chat->hasAnswer())
        return;
    QGuiApplication::clipboard()->setText(m_chat->lastAnswer());
    statusBar()->showMessage(tr("Answer copied to the clipboard."), kStatusTimeoutMs);
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_keyring, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_session->setEncodeAhead(session::modelSettingsFromSettings().encodeAhead);
    if (dialog.remoteServerChanged()) {
        // The server, its model or its key changed: a loaded server profile loads again.
        const bool serverInUse = m_models->isCurrent(QLatin1String(session::kRemoteServerProfileId));
        reloadModelList();
        if (const auto entry = m_models->entry(QLatin1String(session::kRemoteServerProfileId)); entry && serverInUse) {
            loadProfile(entry->profile);
            return;
        }
    }
    if (const auto reload = m_models->reloadFor(session::modelSettingsFromSettings().threads))
        loadProfile(*reload);
}

void MainWindow::connectKeyring()
{
    m_keyring = new Keyring(this);
    connect(m_keyring, &Keyring::stored, this, [this](bool inKeyring, const QString &detail) {
        if (!inKeyring)
            statusBar()->showMessage(tr("No keyring is running (%1): the API key is kept until camchat quits.")
                                         .arg(detail),
                                     kStatusTimeoutMs * 2);
    });
    // The model may have started loading before the keyring answered: then again, with the key.
    connect(m_keyring, &Keyring::loaded, this, [this](bool found) {
        if (found && m_models->requestedProfile().id == QLatin1String(session::kRemoteServerProfileId)
            && !m_models->loadedProfile())
            loadProfile(m_models->requestedProfile());
    });
    if (const QString endpoint = session::remoteServerFromSettings().endpoint; !endpoint.isEmpty())
        m_keyring->load(endpoint);
}

void MainWindow::showAbout()
{
    const QString text = QStringLiteral("<h3>%1</h3><p>%2</p><p>%3</p>")
                             .arg(tr("camchat %1").arg(QCoreApplication::applicationVersion()),
                                  tr("Ask a vision-language model about what your camera sees."),
                                  tr("Free software under the MIT licence."));
    QMessageBox::about(this, tr("About camchat"), text);
}

void MainWindow::ask()
{
    updateAskButton();
    if (const QPushButton *button = m_promptArea->askButton(); !button->isEnabled()) {
        statusBar()->showMessage(button->toolTip(), kStatusTimeoutMs);
        return;
    }
    if (m_preview->isLive() && !m_session->image().isValid()) {
        // Live without a snap: the question is about the newest frame; ask once it is kept.
        m_askAfterSnap = snap();
        return;
    }
    const QString prompt = m_prompt->prompt();
    const capture::Frame image = m_session->image();
    const session::AskedQuestion asked
        = m_session->ask(prompt, session::modelSettingsFromSettings().applyTo(m_models->loadedProfile()->sampling));
    if (asked.withImage) {
        if (asked.startsNewConversation)
            m_chat->startNewConversation(); // does nothing on an empty transcript
        m_chat->addUserTurn(prompt, capture::imageFromFrame(image));
    } else {
        m_chat->addUserTurn(prompt);
    }
    m_chat->beginAssistantTurn();
    m_prompt->addToHistory(prompt);
    m_prompt->clear();
    m_latency->clear();
    updateActions();
}

void MainWindow::stop()
{
    m_session->stop();
    updateActions();
}

void MainWindow::connectSession()
{
    connect(m_models, &session::ModelCatalog::modelReady, this, &MainWindow::onModelLoaded);
    connect(m_models, &session::ModelCatalog::loadFailed, this, &MainWindow::onModelLoadFailed);

    connect(m_session, &session::ChatSession::stageStarted, m_latency, &LatencyPanel::setStageRunning);
    connect(m_session, &session::ChatSession::stageFinished, m_latency, &LatencyPanel::setStageDuration);
    connect(m_session, &session::ChatSession::answerText, m_chat, &ChatView::appendAssistantText);
    connect(m_session, &session::ChatSession::finished, this,
            [this](const inference::InferenceResult &result, bool stopped) {
                m_latency->setTimings(result.timings);
                if (stopped)
                    m_chat->addAssistantNote(tr("stopped"));
                else if (result.text.trimmed().isEmpty())
                    m_chat->addAssistantNote(tr("no answer"));
                endAnswer();
            });
    connect(m_session, &session::ChatSession::failed, this, [this](const inference::InferenceError &error) {
        m_latency->stopRunning();
        if (error.code == inference::InferenceErrorCode::Cancelled)
            m_chat->addAssistantNote(tr("stopped"));
        else
            m_chat->addError(describeInferenceError(error), error.detail);
        // A model server that went away: offer the local model of the same family.
        if (const std::optional<inference::ModelProfile> loaded = m_models->loadedProfile()) {
            if (const std::optional<inference::ModelProfile> local = m_models->fallbackAfter(*loaded, error)) {
                m_errorBar->showError(tr("%1 did not answer. %2").arg(loaded->name, describeInferenceError(error)),
                                      error.detail);
                m_errorBar->npuFallback()->offer(*loaded, local);
            }
        }
        endAnswer();
    });
}

void MainWindow::endAnswer()
{
    m_chat->endAssistantTurn();
    updateActions();
    Q_EMIT answerFinished();
}

void MainWindow::reloadModelList()
{
    m_models->reload();
    m_promptArea->modelPicker()->refill();
    if (const QList<inference::InferenceError> problems = m_models->problems(); !problems.isEmpty()) {
        QStringList details;
        for (const inference::InferenceError &problem : problems)
            details << problem.detail;
        const int count = int(problems.size());
        m_errorBar->showError(tr("%n model profile(s) could not be read and are not in the list.", nullptr, count),
                              details.join(QLatin1Char('\n')));
    }
    m_status->showModelState();
    updateActions();
}

void MainWindow::loadProfile(const inference::ModelProfile &profile)
{
    stop();
    // The new model knows nothing of the old conversation: the next question starts one.
    m_session->forgetConversation();
    m_models->load(profile, session::modelSettingsFromSettings().threads);
    updateActions();
}

void MainWindow::onModelLoaded(const inference::ModelProfile &profile)
{
    m_kiosk->modelLoaded(profile);
    updateActions();
    Q_EMIT modelReady(profile.id);
}

void MainWindow::onModelLoadFailed(const inference::ModelProfile &profile, const inference::InferenceError &error)
{
    const QString message = tr("Could not load the model %1. %2").arg(profile.name, describeInferenceError(error));
    m_errorBar->showError(message, error.detail);
    m_errorBar->npuFallback()->offer(profile, m_models->fallbackAfter(profile, error));
    updateActions();
    Q_EMIT modelLoadFailed(message);
}

void MainWindow::saveTranscript()
{
    if (m_chat->isEmpty())
        return;
    if (const QString path = TranscriptExporter::askForPath(this, m_lastDirectory); !path.isEmpty())
        saveTranscriptTo(path, QFileInfo::exists(path)); // the dialog asked before replacing it
}

void MainWindow::saveTranscriptTo(const QString &path, bool replaceExisting)
{
    const std::optional<inference::ModelProfile> model = m_models->loadedProfile();
    if (m_transcript->save(path, *m_chat, m_session->askedImages(), model ? model->name : QString(),
                           session::snapshotOptionsFromSettings(),
                           replaceExisting ? TranscriptExporter::ReplaceMarkdown : TranscriptExporter::KeepExistingMarkdown))
        statusBar()->showMessage(tr("Saving %1…").arg(QDir::toNativeSeparators(path)));
}

void MainWindow::setStillImage(const capture::Frame &frame, const QString &directory)
{
    statusBar()->clearMessage();
    // A still image replaces the live view ("Image" in the source picker); a source
    // remembered from last time is not opened over it when it shows up later.
    m_live->closeSource();
    m_session->setImage(frame);
    if (!directory.isEmpty())
        m_lastDirectory = directory;
    m_preview->setFrame(frame);
    m_errorBar->hideError();
    updateImageInfo();
    updateActions();
    Q_EMIT imageChanged();
}

void MainWindow::updateImageInfo()
{
    if (m_preview->isLive()) {
        const QString name = m_live->currentSourceName();
        const capture::FrameSource *source = m_live->currentSource();
        m_status->showLive(name, source ? source->currentFormat() : capture::SourceFormat{}, m_session->image());
        setWindowTitle(tr("%1 – camchat").arg(name));
        return;
    }
    const capture::Frame image = m_session->image();
    m_status->showImage(image);
    setWindowTitle(image.isValid() ? tr("%1 – camchat").arg(image.sourceName()) : QStringLiteral("camchat"));
}

void MainWindow::updateActions()
{
    const bool liveFrame = liveFrameReady();
    m_actions->save->setEnabled((m_session->image().isValid() || liveFrame) && !m_snapshots->isSaving());
    m_actions->snap->setEnabled(liveFrame);
    m_actions->saveTranscript->setEnabled(!m_chat->isEmpty() && !m_transcript->isSaving());
    m_actions->copyAnswer->setEnabled(m_chat->hasAnswer());
    m_promptArea->stopButton()->setEnabled(m_session->isBusy() && !m_session->isStopping());
    updateAskButton();
}

void MainWindow::updateAskButton()
{
    if (!m_promptArea)
        return;
    session::AskContext context;
    context.live = m_preview->isLive();
    context.liveFrameReady = liveFrameReady();
    context.promptEmpty = m_prompt->prompt().isEmpty();
    context.transcriptEmpty = m_chat->isEmpty();
    m_promptArea->showAskState(session::askState(*m_session, *m_models, context));
}

} // namespace camchat::ui
