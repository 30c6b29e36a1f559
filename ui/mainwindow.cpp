#include "mainwindow.h"

#include "chatview.h"
#include "errorbar.h"
#include "errortext.h"
#include "imageintake.h"
#include "kioskwindow.h"
#include "latencypanel.h"
#include "modelpicker.h"
#include "npufallback.h"
#include "previewview.h"
#include "promptarea.h"
#include "promptedit.h"
#include "screengrabber.h"
#include "settingsdialog.h"
#include "sourcepicker.h"
#include "systemcheckdialog.h"
#include "transcriptexporter.h"

#include "capture/jpegcodec.h"
#include "capture/pixelformat.h"
#include "capture/qimageframe.h"
#include "capture/snapshotwriter.h"
#include "inference/inferencethread.h"
#include "inference/modelprofile.h"
#include "session/chatsession.h"
#include "session/kioskcontroller.h"
#include "session/modelcatalog.h"
#include "session/settingskeys.h"
#include "session/visioninput.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QDropEvent>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QIcon>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTextEdit>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <utility>

namespace camchat::ui {

using session::KioskController;
using session::LiveFormat;
using session::LiveSourceInfo;
using session::SourceManager;
using session::SourceManagerOptions;

using session::settingsKey;
namespace settings = session::settings;

namespace {

constexpr int kStatusTimeoutMs = 6000;
const QSize kDefaultWindowSize(1280, 800);

QIcon themedIcon(const QString &name, const QStyle *style, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(name, style->standardIcon(fallback));
}

// Widgets that do something with the space bar themselves.
bool takesSpaceKey(const QWidget *widget)
{
    return qobject_cast<const QAbstractButton *>(widget) || qobject_cast<const QComboBox *>(widget)
        || qobject_cast<const QLineEdit *>(widget) || qobject_cast<const QTextEdit *>(widget)
        || qobject_cast<const QPlainTextEdit *>(widget) || qobject_cast<const QAbstractSpinBox *>(widget)
        || qobject_cast<const QAbstractItemView *>(widget) || qobject_cast<const QAbstractSlider *>(widget);
}

// A live frame as a picture to keep: full resolution, own pixels. Any thread.
capture::Frame keepableFrame(const capture::Frame &frame)
{
    const capture::Frame full = capture::fullResolutionFrame(frame);
    if (full.isValid() && full.constBits() != frame.constBits())
        return full; // freshly decoded: already its own
    return frame.detached();
}

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
    , m_intake(new ImageIntake(this))
    , m_transcript(new TranscriptExporter(this))
    , m_live(new SourceManager(std::move(liveOptions), this))
{
    setWindowTitle(QStringLiteral("camchat"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/camchat.svg")));
    setAcceptDrops(true);

    createActions();
    createCentralWidget();
    createMenus();
    createToolBar();
    createStatusBar();

    connectIntake();
    connect(m_live, &SourceManager::currentSourceChanged, this, &MainWindow::onLiveSourceChanged);
    connect(m_live, &SourceManager::currentStateChanged, this, [this] {
        updateImageInfo();
        updateActions();
    });
    connect(m_live, &SourceManager::sourcesChanged, this, &MainWindow::updateImageInfo);
    connect(m_live, &SourceManager::sourcesChanged, this, [this] {
        // A kiosk started before any camera was plugged in takes the first one that comes.
        if (m_kioskWindow && !m_live->currentSource())
            openFirstLiveSource();
    });
    connect(m_preview, &PreviewView::liveFramePainted, this, &MainWindow::onLiveFramePainted);
    connect(m_picker, &SourcePicker::screenChosen, this, &MainWindow::grabScreen);

    connectSession();
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
    m_kioskWindow.reset();
    m_kioskController.reset();
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

void MainWindow::createActions()
{
    const QStyle *st = style();

    m_openAction = new QAction(themedIcon(QStringLiteral("document-open"), st, QStyle::SP_DialogOpenButton),
                               tr("&Open Image…"), this);
    m_openAction->setObjectName(QStringLiteral("actionOpenImage"));
    m_openAction->setShortcuts(QKeySequence::Open);
    m_openAction->setToolTip(tr("Open an image file"));
    connect(m_openAction, &QAction::triggered, this, [this] { m_intake->chooseFile(m_lastDirectory); });

    m_pasteAction = new QAction(themedIcon(QStringLiteral("edit-paste"), st, QStyle::SP_FileIcon),
                                tr("&Paste Image"), this);
    m_pasteAction->setObjectName(QStringLiteral("actionPasteImage"));
    // While the prompt box has focus and the clipboard holds text, eventFilter() lets the
    // box take the key, so text pastes as usual.
    m_pasteAction->setShortcuts(QKeySequence::Paste);
    m_pasteAction->setToolTip(tr("Use the image on the clipboard"));
    connect(m_pasteAction, &QAction::triggered, this, &MainWindow::pasteImage);

    m_grabAction = new QAction(themedIcon(QStringLiteral("camera-photo"), st, QStyle::SP_DesktopIcon),
                               tr("&Grab Screen"), this);
    m_grabAction->setObjectName(QStringLiteral("actionGrabScreen"));
    m_grabAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    m_grabAction->setToolTip(tr("Take a screenshot (camchat hides itself meanwhile)"));
    connect(m_grabAction, &QAction::triggered, this, &MainWindow::grabScreen);

    m_snapAction = new QAction(themedIcon(QStringLiteral("media-record"), st, QStyle::SP_DialogApplyButton),
                               tr("S&nap"), this);
    m_snapAction->setObjectName(QStringLiteral("actionSnap"));
    m_snapAction->setToolTip(tr("Freeze the current live picture as the image to ask about (Space)"));
    connect(m_snapAction, &QAction::triggered, this, [this] { snap(); });
    // Space snaps, unless the focused widget has its own use for it (a space in the
    // prompt, pressing a focused button, opening a combo box): a separate shortcut,
    // switched off while such a widget has the focus.
    m_snapShortcut = new QShortcut(QKeySequence(Qt::Key_Space), this);
    m_snapShortcut->setObjectName(QStringLiteral("snapShortcut"));
    connect(m_snapShortcut, &QShortcut::activated, this, [this] {
        if (m_snapAction->isEnabled())
            snap();
    });
    // The shortcut is the context and the only thing touched: focus changes while the
    // window is being destroyed must not reach a half-destroyed MainWindow.
    connect(qApp, &QApplication::focusChanged, m_snapShortcut,
            [shortcut = m_snapShortcut](QWidget *, QWidget *now) { shortcut->setEnabled(!takesSpaceKey(now)); });

    m_kioskAction = new QAction(tr("&Kiosk Mode"), this);
    m_kioskAction->setObjectName(QStringLiteral("actionKiosk"));
    m_kioskAction->setShortcut(QKeySequence(Qt::Key_F11));
    m_kioskAction->setToolTip(tr("Show the live picture full screen with captions made by themselves (Esc leaves)"));
    connect(m_kioskAction, &QAction::triggered, this, &MainWindow::enterKioskMode);

    m_overlayAction = new QAction(tr("Show Capture &Details"), this);
    m_overlayAction->setObjectName(QStringLiteral("actionShowOverlay"));
    m_overlayAction->setCheckable(true);
    m_overlayAction->setToolTip(tr("Frame rate, size, pixel format and dropped frames over the live picture"));
    connect(m_overlayAction, &QAction::toggled, this, [this](bool on) {
        m_preview->setOverlayVisible(on);
        QSettings().setValue(settingsKey(settings::kPreviewOverlay), on);
    });

    m_saveAction = new QAction(themedIcon(QStringLiteral("document-save"), st, QStyle::SP_DialogSaveButton),
                               tr("&Save Snapshot…"), this);
    m_saveAction->setObjectName(QStringLiteral("actionSaveSnapshot"));
    m_saveAction->setShortcuts(QKeySequence::Save);
    m_saveAction->setToolTip(tr("Save the current image to a file"));
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::saveSnapshot);

    m_saveTranscriptAction = new QAction(QIcon::fromTheme(QStringLiteral("document-save-as")),
                                         tr("Save &Transcript…"), this);
    m_saveTranscriptAction->setObjectName(QStringLiteral("actionSaveTranscript"));
    m_saveTranscriptAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_saveTranscriptAction->setToolTip(tr("Save the conversation as Markdown, with the images asked about"));
    connect(m_saveTranscriptAction, &QAction::triggered, this, &MainWindow::saveTranscript);

    m_copyAnswerAction = new QAction(QIcon::fromTheme(QStringLiteral("edit-copy")), tr("&Copy Answer"), this);
    m_copyAnswerAction->setObjectName(QStringLiteral("actionCopyAnswer"));
    m_copyAnswerAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(m_copyAnswerAction, &QAction::triggered, this, &MainWindow::copyAnswer);

    m_settingsAction = new QAction(QIcon::fromTheme(QStringLiteral("preferences-system")), tr("Se&ttings…"), this);
    m_settingsAction->setObjectName(QStringLiteral("actionSettings"));
    m_settingsAction->setShortcuts(QKeySequence::Preferences);
    if (m_settingsAction->shortcuts().isEmpty()) // the generic X11 theme defines none
        m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);

    m_aboutAction = new QAction(QIcon(QStringLiteral(":/icons/camchat.svg")), tr("&About camchat"), this);
    m_aboutAction->setObjectName(QStringLiteral("actionAbout"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);

    m_aboutQtAction = new QAction(tr("About &Qt"), this);
    m_aboutQtAction->setObjectName(QStringLiteral("actionAboutQt"));
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);

    m_quitAction = new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("actionQuit"));
    m_quitAction->setShortcuts(QKeySequence::Quit);
    if (m_quitAction->shortcuts().isEmpty()) // not every platform defines one
        m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    // Shortcuts work even while the toolbar or menu bar is hidden.
    addActions({m_openAction, m_pasteAction, m_grabAction, m_snapAction, m_saveAction, m_saveTranscriptAction,
                m_copyAnswerAction, m_settingsAction, m_quitAction});
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    file->addAction(m_openAction);
    file->addAction(m_grabAction);
    file->addAction(m_snapAction);
    file->addSeparator();
    file->addAction(m_saveAction);
    file->addAction(m_saveTranscriptAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("menuEdit"));
    edit->addAction(m_pasteAction);
    edit->addAction(m_copyAnswerAction);
    edit->addSeparator();
    edit->addAction(m_settingsAction);

    // Filled by createToolBar().
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menuView"));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menuHelp"));
    QAction *systemCheck = help->addAction(tr("System &Check…"), this, [this] {
        auto *dialog = new SystemCheckDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    systemCheck->setObjectName(QStringLiteral("actionSystemCheck"));
    help->addSeparator();
    help->addAction(m_aboutAction);
    help->addAction(m_aboutQtAction);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main Toolbar"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_openAction);
    bar->addAction(m_pasteAction);
    bar->addAction(m_grabAction);
    bar->addSeparator();
    m_picker = new SourcePicker(m_live, bar);
    m_picker->setObjectName(QStringLiteral("sourcePickerWidget"));
    bar->addWidget(m_picker);
    bar->addAction(m_snapAction);
    bar->addSeparator();
    bar->addAction(m_saveAction);

    QAction *toggle = bar->toggleViewAction();
    toggle->setObjectName(QStringLiteral("actionShowToolBar"));
    toggle->setText(tr("Show &Toolbar"));
    if (auto *view = menuBar()->findChild<QMenu *>(QStringLiteral("menuView"))) {
        view->addAction(toggle);
        view->addAction(m_overlayAction);
        view->addSeparator();
        view->addAction(m_kioskAction);
    }
}

QWidget *MainWindow::createPromptArea()
{
    auto *area = new PromptArea(m_models);
    m_prompt = area->edit();
    m_askButton = area->askButton();
    m_stopButton = area->stopButton();
    m_modelPicker = area->modelPicker();
    m_prompt->installEventFilter(this);
    m_prompt->viewport()->installEventFilter(this);
    connect(m_prompt, &PromptEdit::submitRequested, this, &MainWindow::ask);
    connect(m_prompt, &QPlainTextEdit::textChanged, this, &MainWindow::updateAskButton);
    connect(m_stopButton, &QPushButton::clicked, this, &MainWindow::stop);
    connect(m_askButton, &QPushButton::clicked, this, &MainWindow::ask);
    connect(m_modelPicker, &ModelPicker::loadRequested, this, &MainWindow::loadProfile);
    connect(area, &PromptArea::draftReplaced, this, [this] {
        statusBar()->showMessage(tr("Your draft was replaced; press Ctrl+Z to get it back."), kStatusTimeoutMs);
    });
    return area;
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
    m_errorBar = new ErrorBar(m_modelPicker);
    layout->addWidget(m_errorBar);
    layout->addWidget(m_mainSplitter, 1);
    setCentralWidget(central);
}

void MainWindow::createStatusBar()
{
    m_imageInfo = new QLabel(this);
    m_imageInfo->setObjectName(QStringLiteral("imageInfo"));
    m_imageInfo->setContentsMargins(6, 0, 0, 0);
    statusBar()->addWidget(m_imageInfo, 1);

    m_loadProgress = new QProgressBar(this);
    m_loadProgress->setObjectName(QStringLiteral("modelLoadProgress"));
    m_loadProgress->setRange(0, 1000);
    m_loadProgress->setTextVisible(false);
    m_loadProgress->setMaximumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 16);
    m_loadProgress->setMaximumHeight(fontMetrics().height());
    m_loadProgress->setVisible(false);
    statusBar()->addPermanentWidget(m_loadProgress);

    m_modelState = new QLabel(tr("No model configured"), this);
    m_modelState->setObjectName(QStringLiteral("modelState"));
    m_modelState->setContentsMargins(0, 0, 6, 0);
    m_modelState->setToolTip(tr("camchat answers questions once a vision-language model is set up."));
    statusBar()->addPermanentWidget(m_modelState);
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(settingsKey(settings::kGeometry)).toByteArray())) {
        QSize size = kDefaultWindowSize;
        if (const QScreen *scr = screen())
            size = size.boundedTo(scr->availableSize() * 9 / 10);
        resize(size);
    }
    restoreState(settings.value(settingsKey(settings::kWindowState)).toByteArray());

    // Without saved proportions, showEvent() splits the space once the real size is known.
    const bool mainRestored = m_mainSplitter->restoreState(settings.value(settingsKey(settings::kMainSplitter)).toByteArray());
    const bool chatRestored = m_chatSplitter->restoreState(settings.value(settingsKey(settings::kChatSplitter)).toByteArray());
    m_needsDefaultSplit = !mainRestored || !chatRestored;

    m_lastDirectory = settings.value(settingsKey(settings::kLastDirectory)).toString();
    if (m_lastDirectory.isEmpty() || !QFileInfo(m_lastDirectory).isDir())
        m_lastDirectory = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    m_prompt->setHistory(settings.value(settingsKey(settings::kPromptHistory)).toStringList());
    const bool overlay = settings.value(settingsKey(settings::kPreviewOverlay), true).toBool();
    m_overlayAction->setChecked(overlay);
    m_preview->setOverlayVisible(overlay);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(settingsKey(settings::kGeometry), saveGeometry());
    settings.setValue(settingsKey(settings::kWindowState), saveState());
    settings.setValue(settingsKey(settings::kMainSplitter), m_mainSplitter->saveState());
    settings.setValue(settingsKey(settings::kChatSplitter), m_chatSplitter->saveState());
    settings.setValue(settingsKey(settings::kLastDirectory), m_lastDirectory);
    settings.setValue(settingsKey(settings::kPromptHistory), m_prompt->history());
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_needsDefaultSplit)
        return;
    m_needsDefaultSplit = false;
    // The preview gets about 60 % of the width; the conversation the height the prompt
    // area and the latency panel leave.
    const int width = m_mainSplitter->width();
    m_mainSplitter->setSizes({width * 3 / 5, width - width * 3 / 5});
    const int height = m_chatSplitter->height();
    const int prompt = m_chatSplitter->widget(1)->sizeHint().height();
    const int latency = m_latency->sizeHint().height();
    m_chatSplitter->setSizes({std::max(height - prompt - latency, height / 2), prompt, latency});
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
        showError(message, detail);
        Q_EMIT imageLoadFailed(message);
    });
    connect(m_intake, &ImageIntake::grabFinished, this, [this] { m_grabAction->setEnabled(true); });
    connect(m_intake, &ImageIntake::grabFailed, this, &MainWindow::showError);
}

void MainWindow::openImageFile(const QString &path)
{
    m_intake->openFile(path);
}

void MainWindow::pasteImage()
{
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    if (!m_intake->loadMimeData(mime, tr("Clipboard")))
        statusBar()->showMessage(tr("The clipboard holds no image."), kStatusTimeoutMs);
}

void MainWindow::grabScreen()
{
    if (m_intake->grabScreen(grabDelayFromSettings()))
        m_grabAction->setEnabled(false);
}

void MainWindow::onLiveSourceChanged(capture::FrameSource *source)
{
    ++m_snapGeneration; // a snap of the previous source still decoding is not wanted
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
        m_preview->setLiveSourceName(liveSourceName());
    } else if (m_preview->isLive()) {
        m_preview->setLiveSource(nullptr);
        m_preview->setSnapshotInset({});
        m_session->setImage(std::exchange(m_stillFrame, {}));
        m_preview->setFrame(m_session->image());
    }
    if (m_kioskController) {
        m_kioskController->setSource(source);
        m_kioskWindow->setSource(source);
    }
    updateImageInfo();
    updateActions();
    Q_EMIT liveSourceChanged();
}

void MainWindow::enterKioskMode()
{
    if (m_kioskWindow)
        return;
    if (m_session->isBusy())
        stop();
    if (!m_live->currentSource())
        openFirstLiveSource();
    capture::FrameSource *source = m_live->currentSource();
    m_kioskController = std::make_unique<KioskController>(source, inferenceWorker());
    m_kioskController->setOptions(kioskOptionsFromSettings());
    m_kioskHasProfile = m_models->loadedProfile().has_value() && !m_models->isLoading();
    if (m_kioskHasProfile)
        m_kioskController->setProfile(*m_models->loadedProfile(), true);
    m_kioskWindow = std::make_unique<KioskWindow>(source, m_kioskController.get());
    connect(m_kioskWindow.get(), &KioskWindow::exitRequested, this, &MainWindow::leaveKioskMode,
            Qt::QueuedConnection); // not while the kiosk's key handler is still running
    m_kioskController->start();
    hide();
    m_kioskWindow->showKiosk();
    m_kioskAction->setEnabled(false);
    Q_EMIT kioskModeChanged(true);
}

void MainWindow::openFirstLiveSource()
{
    // The kiosk is about a live picture: take the first capture device there is.
    for (const LiveSourceInfo &info : m_live->sources()) {
        if (info.present && m_live->openSource(info.id))
            return;
    }
}

void MainWindow::leaveKioskMode()
{
    if (!m_kioskWindow)
        return;
    m_kioskController->stop();
    m_kioskWindow->hide();
    m_kioskWindow.reset();
    m_kioskController.reset();
    // The worker's conversation is now about a kiosk picture: the next question sends
    // its image again.
    m_session->forgetConversation();
    m_kioskAction->setEnabled(true);
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

QString MainWindow::liveSourceName() const
{
    const std::optional<LiveSourceInfo> info = m_live->sourceInfo(m_live->currentSourceId());
    return info ? info->name : m_live->currentSourceId();
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
    // Decoding an MJPEG frame again at full size, or copying a raw one out of the
    // driver's buffer, happens off the GUI thread.
    const std::uint64_t generation = ++m_snapGeneration;
    auto *watcher = new QFutureWatcher<capture::Frame>(this);
    connect(watcher, &QFutureWatcher<capture::Frame>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_snapGeneration)
            return;
        setSnap(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([latest] { return keepableFrame(latest); }));
    return true;
}

void MainWindow::setSnap(const capture::Frame &frame)
{
    const bool askNext = m_askAfterSnap;
    m_askAfterSnap = false;
    if (!frame.isValid()) {
        showError(tr("The live picture could not be snapped."), {});
        return;
    }
    capture::Frame snapped = frame;
    snapped.setSourceName(liveSourceName());
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
    const capture::SnapshotOptions options = snapshotOptionsFromSettings();
    const bool png = options.format == capture::SnapshotFormat::Png;
    const QString jpegFilter = tr("JPEG image (*.jpg *.jpeg)");
    const QString pngFilter = tr("PNG image (*.png)");
    QString selected = png ? pngFilter : jpegFilter;
    const QString name = QStringLiteral("camchat-%1.%2")
                             .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")),
                                  png ? QStringLiteral("png") : QStringLiteral("jpg"));
    QString path = QFileDialog::getSaveFileName(this, tr("Save Snapshot"), QDir(m_lastDirectory).filePath(name),
                                                jpegFilter + QStringLiteral(";;") + pngFilter, &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected == pngFilter ? QStringLiteral(".png") : QStringLiteral(".jpg");
    // The file dialog has already asked before replacing an existing file.
    saveSnapshotTo(path, true);
}

void MainWindow::saveSnapshotTo(const QString &path, bool overwrite)
{
    // Live without a snap: the newest frame, at full resolution.
    const capture::Frame frame = m_session->image().isValid() ? m_session->image()
        : liveFrameReady()                                    ? m_preview->latestFrame()
                                                              : capture::Frame();
    if (!frame.isValid() || m_saving)
        return;
    capture::SnapshotOptions options = snapshotOptionsFromSettings();
    // The name the user typed decides the format; the setting only chose the default.
    options.format = capture::SnapshotWriter::formatForPath(path);
    options.overwrite = overwrite;
    m_saving = true;
    updateActions();
    statusBar()->showMessage(tr("Saving %1…").arg(QDir::toNativeSeparators(path)));

    auto *watcher = new QFutureWatcher<capture::SaveError>(this);
    connect(watcher, &QFutureWatcher<capture::SaveError>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        m_saving = false;
        updateActions();
        const capture::SaveError error = watcher->result();
        if (error) {
            statusBar()->clearMessage();
            const QString message = tr("The snapshot was not saved. %1").arg(describeSaveError(error));
            showError(message, error.detail);
            Q_EMIT snapshotFailed(message);
            return;
        }
        m_lastDirectory = QFileInfo(path).absolutePath();
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), kStatusTimeoutMs);
        Q_EMIT snapshotSaved(path);
    });
    watcher->setFuture(QtConcurrent::run(
        [frame, path, options] { return capture::SnapshotWriter::save(capture::fullResolutionFrame(frame), path, options); }));
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
    SettingsDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    // The thread count is fixed when a model loads: load it again with the new one.
    if (modelSettingsFromSettings().threads == m_models->loadedThreads())
        return;
    if (m_models->isLoading())
        loadProfile(m_models->requestedProfile());
    else if (const std::optional<inference::ModelProfile> loaded = m_models->loadedProfile())
        loadProfile(*loaded);
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
    if (!m_askButton->isEnabled()) {
        statusBar()->showMessage(m_askButton->toolTip(), kStatusTimeoutMs);
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
        = m_session->ask(prompt, modelSettingsFromSettings().applyTo(m_models->loadedProfile()->sampling));
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
    connect(m_models, &session::ModelCatalog::loadProgress, this, [this](float fraction) {
        m_loadProgress->setValue(int(fraction * float(m_loadProgress->maximum())));
    });
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
        endAnswer();
    });

    connect(m_transcript, &TranscriptExporter::savingChanged, this, &MainWindow::updateActions);
    connect(m_transcript, &TranscriptExporter::failed, this, [this](const QString &message, const QString &detail) {
        statusBar()->clearMessage();
        showError(message, detail);
        Q_EMIT transcriptSaveFailed(message);
    });
    connect(m_transcript, &TranscriptExporter::saved, this, [this](const QString &path) {
        m_lastDirectory = QFileInfo(path).absolutePath();
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), kStatusTimeoutMs);
        Q_EMIT transcriptSaved(path);
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
    m_modelPicker->refill();
    if (const QList<inference::InferenceError> problems = m_models->problems(); !problems.isEmpty()) {
        QStringList details;
        for (const inference::InferenceError &problem : problems)
            details << problem.detail;
        showError(tr("%n model profile(s) could not be read and are not in the list.", nullptr, int(problems.size())),
                  details.join(QLatin1Char('\n')));
    }
    updateModelState();
    updateActions();
}

void MainWindow::loadProfile(const inference::ModelProfile &profile)
{
    stop();
    // The new model knows nothing of the old conversation: the next question starts one.
    m_session->forgetConversation();
    m_loadProgress->setValue(0);
    m_loadProgress->setVisible(true);
    m_models->load(profile, modelSettingsFromSettings().threads);
    updateModelState();
    updateActions();
}

void MainWindow::onModelLoaded(const inference::ModelProfile &profile)
{
    if (m_kioskController && !m_kioskHasProfile) {
        // The model the kiosk was waiting for. Later loads (its own reloads after
        // failures) the kiosk follows by itself.
        m_kioskController->setProfile(profile, true);
        m_kioskHasProfile = true;
    }
    m_loadProgress->setVisible(false);
    updateModelState();
    updateActions();
    Q_EMIT modelReady(profile.id);
}

void MainWindow::onModelLoadFailed(const inference::ModelProfile &profile, const inference::InferenceError &error)
{
    m_loadProgress->setVisible(false);
    const QString message = tr("Could not load the model %1. %2").arg(profile.name, describeInferenceError(error));
    showError(message, error.detail);
    m_errorBar->npuFallback()->offer(profile, m_models->fallbackAfter(profile, error));
    updateModelState();
    updateActions();
    Q_EMIT modelLoadFailed(message);
}

void MainWindow::saveTranscript()
{
    if (m_chat->isEmpty())
        return;
    const QString name = QStringLiteral("camchat-%1.md")
                             .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    QString path = QFileDialog::getSaveFileName(this, tr("Save Transcript"), QDir(m_lastDirectory).filePath(name),
                                                tr("Markdown (*.md)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".md");
    saveTranscriptTo(path);
}

void MainWindow::saveTranscriptTo(const QString &path)
{
    const std::optional<inference::ModelProfile> model = m_models->loadedProfile();
    if (m_transcript->save(path, *m_chat, m_session->askedImages(), model ? model->name : QString(),
                           snapshotOptionsFromSettings()))
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
    hideError();
    updateImageInfo();
    updateActions();
    Q_EMIT imageChanged();
}

void MainWindow::showError(const QString &message, const QString &detail)
{
    m_errorBar->showError(message, detail);
}

void MainWindow::hideError()
{
    m_errorBar->hideError();
}

void MainWindow::updateImageInfo()
{
    if (m_preview->isLive()) {
        const QString name = liveSourceName();
        const capture::FrameSource *source = m_live->currentSource();
        const capture::SourceFormat format = source ? source->currentFormat() : capture::SourceFormat{};
        QString text = format.pixelFormat.isEmpty()
            ? tr("Live: %1").arg(name)
            : tr("Live: %1 · %2 × %3 %4").arg(name).arg(format.width).arg(format.height).arg(format.pixelFormat);
        if (const capture::Frame snap = m_session->image(); snap.isValid())
            text += QStringLiteral(" · ") + tr("snapshot %1 × %2 px").arg(snap.width()).arg(snap.height());
        m_imageInfo->setText(text);
        setWindowTitle(tr("%1 – camchat").arg(name));
        return;
    }
    const capture::Frame image = m_session->image();
    if (!image.isValid()) {
        m_imageInfo->setText(tr("No image"));
        setWindowTitle(QStringLiteral("camchat"));
        return;
    }
    m_imageInfo->setText(tr("%1 × %2 px · %3").arg(image.width()).arg(image.height()).arg(image.sourceName()));
    setWindowTitle(tr("%1 – camchat").arg(image.sourceName()));
}

void MainWindow::updateActions()
{
    const bool liveFrame = liveFrameReady();
    m_saveAction->setEnabled((m_session->image().isValid() || liveFrame) && !m_saving);
    m_snapAction->setEnabled(liveFrame);
    m_saveTranscriptAction->setEnabled(!m_chat->isEmpty() && !m_transcript->isSaving());
    m_copyAnswerAction->setEnabled(m_chat->hasAnswer());
    m_stopButton->setEnabled(m_session->isBusy() && !m_session->isStopping());
    updateAskButton();
}

void MainWindow::updateAskButton()
{
    if (!m_askButton || !m_prompt)
        return;
    const bool hasImage = m_session->image().isValid();
    const bool liveWithoutSnap = m_preview->isLive() && !hasImage;
    const bool hasPicture = hasImage || (liveWithoutSnap && liveFrameReady());
    const bool withImage = hasPicture && (m_session->hasNewImage() || liveWithoutSnap || !m_session->hasConversation());
    const bool loaded = m_models->loadedProfile().has_value();
    QString why;
    if (m_session->isBusy())
        why = tr("Wait for the answer to finish, or press Stop.");
    else if (m_models->isLoading())
        why = tr("The model is still loading.");
    else if (!loaded && !m_models->anyReady())
        why = tr("No model is configured, so there is nothing to ask yet.");
    else if (!loaded)
        why = tr("Choose a model first.");
    else if (liveWithoutSnap && !liveFrameReady())
        why = tr("Wait for the live picture, or pick another source.");
    else if (!hasPicture && !m_session->hasConversation())
        why = tr("Open, paste or grab an image first.");
    else if (m_prompt->prompt().isEmpty())
        why = tr("Type a question first.");

    m_askButton->setEnabled(why.isEmpty());
    if (!why.isEmpty())
        m_askButton->setToolTip(why);
    else if (liveWithoutSnap)
        m_askButton->setToolTip(tr("Snap the live picture and ask about it (Enter)"));
    else if (withImage && m_session->hasNewImage() && !m_chat->isEmpty())
        m_askButton->setToolTip(tr("Ask about the new image; this starts a new conversation (Enter)"));
    else if (withImage)
        m_askButton->setToolTip(tr("Ask about the image (Enter)"));
    else
        m_askButton->setToolTip(tr("Ask a follow-up question about the same image (Enter)"));
}

void MainWindow::updateModelState()
{
    const std::optional<inference::ModelProfile> loaded = m_models->loadedProfile();
    if (m_models->isLoading()) {
        m_modelState->setText(tr("Loading %1…").arg(m_models->requestedProfile().name));
        m_modelState->setToolTip(m_models->requestedProfile().sourcePath);
    } else if (loaded) {
        m_modelState->setText(tr("%1 · %2").arg(backendName(loaded->backend), loaded->name));
        QStringList files;
        for (const inference::ModelFile &file : std::as_const(loaded->files))
            files << QStringLiteral("%1: %2").arg(file.role, QDir::toNativeSeparators(file.path));
        m_modelState->setToolTip(files.join(QLatin1Char('\n')));
    } else if (m_models->anyReady()) {
        m_modelState->setText(tr("No model loaded"));
        m_modelState->setToolTip(tr("Choose a model next to the Ask button."));
    } else {
        m_modelState->setText(tr("No model configured"));
        m_modelState->setToolTip(tr("camchat answers questions once a vision-language model is set up."));
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (ImageIntake::canLoadMimeData(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (ImageIntake::canLoadMimeData(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    if (m_intake->loadMimeData(event->mimeData(), tr("Dropped image")))
        event->acceptProposedAction();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_prompt && event->type() == QEvent::ShortcutOverride) {
        // Ctrl+V in the prompt box pastes text as usual; only when the clipboard holds
        // an image and no text does the key go to "Paste Image".
        auto *keyEvent = static_cast<QKeyEvent *>(event);
        if (keyEvent->matches(QKeySequence::Paste)) {
            const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
            if (mime && !mime->hasText() && ImageIntake::canLoadMimeData(mime)) {
                event->ignore();
                return true;
            }
        }
    } else if (watched == m_prompt->viewport()) {
        // Images dropped on the prompt box become the image, not a file name in the text.
        switch (event->type()) {
        case QEvent::DragEnter:
        case QEvent::DragMove: {
            auto *drag = static_cast<QDragMoveEvent *>(event);
            const QMimeData *mime = drag->mimeData();
            if (ImageIntake::hasImageFileUrl(mime) || (!mime->hasText() && ImageIntake::canLoadMimeData(mime))) {
                drag->acceptProposedAction();
                return true;
            }
            break;
        }
        case QEvent::Drop: {
            auto *drop = static_cast<QDropEvent *>(event);
            const QMimeData *mime = drop->mimeData();
            if ((ImageIntake::hasImageFileUrl(mime) || (!mime->hasText() && ImageIntake::canLoadMimeData(mime)))
                && m_intake->loadMimeData(mime, tr("Dropped image"))) {
                drop->acceptProposedAction();
                return true;
            }
            break;
        }
        default:
            break;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

} // namespace camchat::ui
