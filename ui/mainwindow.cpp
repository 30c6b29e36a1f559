#include "mainwindow.h"

#include "chatview.h"
#include "errortext.h"
#include "kioskcontroller.h"
#include "kioskwindow.h"
#include "latencypanel.h"
#include "npufallback.h"
#include "previewview.h"
#include "promptedit.h"
#include "screengrabber.h"
#include "settingsdialog.h"
#include "settingskeys.h"
#include "sourcepicker.h"
#include "systemcheckdialog.h"

#include "capture/jpegcodec.h"
#include "capture/pixelformat.h"
#include "capture/qimageframe.h"
#include "capture/snapshotwriter.h"
#include "inference/inferencethread.h"
#include "inference/modelprofile.h"
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
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QIcon>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QMimeDatabase>
#include <QProgressBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScreen>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTextCursor>
#include <QTextEdit>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cstring>
#include <utility>

namespace camchat::ui {

namespace {

constexpr int kStatusTimeoutMs = 6000;
const QSize kDefaultWindowSize(1280, 800);

QString key(const char *name)
{
    return QLatin1String(name);
}

QIcon themedIcon(const QString &name, const QStyle *style, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(name, style->standardIcon(fallback));
}

// The local image file a drop or paste names, or an empty string. Only local files:
// camchat never downloads anything.
QString firstLocalFile(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    const QList<QUrl> urls = mime->urls();
    for (const QUrl &url : urls) {
        if (url.isLocalFile())
            return url.toLocalFile();
    }
    return {};
}

bool looksLikeImageFile(const QString &path)
{
    const QMimeType type = QMimeDatabase().mimeTypeForFile(path, QMimeDatabase::MatchExtension);
    return type.name().startsWith(QLatin1String("image/"));
}

QString firstImageFormat(const QMimeData *mime)
{
    const QStringList formats = mime->formats();
    for (const QString &format : formats) {
        if (format.startsWith(QLatin1String("image/")))
            return format;
    }
    return {};
}

QString backendName(inference::BackendKind kind)
{
    switch (kind) {
    case inference::BackendKind::Llama: return QStringLiteral("llama");
    case inference::BackendKind::Rk: return QStringLiteral("rknn");
    }
    return {};
}

// Two frames are the same picture when they share their pixels (Frame is a shared value).
bool samePicture(const capture::Frame &a, const capture::Frame &b)
{
    return a.constBits() == b.constBits() && a.width() == b.width() && a.height() == b.height();
}

// Widgets that do something with the space bar themselves.
bool takesSpaceKey(const QWidget *widget)
{
    return qobject_cast<const QAbstractButton *>(widget) || qobject_cast<const QComboBox *>(widget)
        || qobject_cast<const QLineEdit *>(widget) || qobject_cast<const QTextEdit *>(widget)
        || qobject_cast<const QPlainTextEdit *>(widget) || qobject_cast<const QAbstractSpinBox *>(widget)
        || qobject_cast<const QAbstractItemView *>(widget) || qobject_cast<const QAbstractSlider *>(widget);
}

// A copy of `frame` with its own pixels. A raw V4L2 frame holds one of the driver's few
// buffers until its last copy goes away: a snap kept for a whole conversation must not.
capture::Frame detachedCopy(const capture::Frame &frame)
{
    if (!frame.isValid())
        return {};
    capture::Frame copy = capture::Frame::allocate(frame.format(), frame.width(), frame.height());
    if (!copy.isValid())
        return {};
    for (int plane = 0; plane < copy.planeCount(); ++plane) {
        const int rows = capture::planeHeight(frame.format(), plane, frame.height());
        const auto rowBytes = std::size_t(std::min(copy.stride(plane), frame.stride(plane)));
        const std::uint8_t *from = frame.constBits(plane);
        std::uint8_t *to = copy.bits(plane);
        for (int row = 0; row < rows; ++row)
            std::memcpy(to + std::ptrdiff_t(row) * copy.stride(plane), from + std::ptrdiff_t(row) * frame.stride(plane),
                        rowBytes);
    }
    copy.setSequence(frame.sequence());
    copy.setTimestampNs(frame.timestampNs());
    copy.setSourceName(frame.sourceName());
    copy.setYuvEncoding(frame.yuvMatrix(), frame.yuvRange());
    return copy;
}

// A live frame as a picture to keep: full resolution, own pixels. Any thread.
capture::Frame keepableFrame(const capture::Frame &frame)
{
    const capture::Frame full = capture::fullResolutionFrame(frame);
    if (full.isValid() && full.constBits() != frame.constBits())
        return full; // freshly decoded: already its own
    return detachedCopy(frame);
}

// What the background transcript writer reports back; sentences are made on the GUI thread.
struct TranscriptResult {
    capture::SaveError imageError;
    QString imagePath;
    QString markdownError; // QSaveFile's error string
};

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : MainWindow(LiveCaptureOptions{}, parent)
{
}

MainWindow::MainWindow(LiveCaptureOptions liveOptions, QWidget *parent)
    : QMainWindow(parent)
    , m_inference(std::make_unique<inference::InferenceThread>())
    , m_grabber(new ScreenGrabber(this))
    , m_live(new LiveCapture(std::move(liveOptions), this))
{
    setWindowTitle(QStringLiteral("camchat"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/camchat.svg")));
    setAcceptDrops(true);

    createActions();
    createCentralWidget();
    createMenus();
    createToolBar();
    createStatusBar();

    connect(m_grabber, &ScreenGrabber::grabbed, this, [this](const QImage &image) {
        m_grabAction->setEnabled(true);
        startLoad([image] { return capture::ImageLoader::fromImage(image); }, tr("Screen grab"), {});
    });
    connect(m_grabber, &ScreenGrabber::failed, this, [this](const QString &reason, const QString &detail) {
        m_grabAction->setEnabled(true);
        showError(reason, detail);
    });

    connect(m_live, &LiveCapture::currentSourceChanged, this, &MainWindow::onLiveSourceChanged);
    connect(m_live, &LiveCapture::currentStateChanged, this, [this] {
        updateImageInfo();
        updateActions();
    });
    connect(m_live, &LiveCapture::sourcesChanged, this, &MainWindow::updateImageInfo);
    connect(m_live, &LiveCapture::sourcesChanged, this, [this] {
        // A kiosk started before any camera was plugged in takes the first one that comes.
        if (m_kioskWindow && !m_live->currentSource())
            openFirstLiveSource();
    });
    connect(m_preview, &PreviewView::liveFramePainted, this, &MainWindow::onLiveFramePainted);
    connect(m_picker, &SourcePicker::screenChosen, this, &MainWindow::grabScreen);

    connectWorker();
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
    // The preview lets go of the live source before LiveCapture stops and deletes it.
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
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openImage);

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
        QSettings().setValue(key(settings::kPreviewOverlay), on);
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
    auto *area = new QWidget;
    area->setObjectName(QStringLiteral("promptArea"));

    struct Preset {
        QString label;
        QString question;
        const char *objectName;
    };
    const Preset presets[] = {
        {tr("Describe this image"), tr("Describe this image in detail."), "presetDescribe"},
        {tr("Read all the text"), tr("Read all the text in this image, exactly as written."), "presetReadText"},
        {tr("What is unusual here?"), tr("What is unusual or unexpected in this image?"), "presetUnusual"},
    };
    auto *presetRow = new QHBoxLayout;
    presetRow->setSpacing(6);
    for (const Preset &preset : presets) {
        auto *button = new QPushButton(preset.label, area);
        button->setObjectName(QLatin1String(preset.objectName));
        button->setToolTip(tr("Puts “%1” into the prompt box").arg(preset.question));
        button->setFocusPolicy(Qt::TabFocus);
        connect(button, &QPushButton::clicked, this, [this, question = preset.question] { usePreset(question); });
        presetRow->addWidget(button);
    }
    presetRow->addStretch();

    m_prompt = new PromptEdit(area);
    m_prompt->setObjectName(QStringLiteral("promptEdit"));
    m_prompt->installEventFilter(this);
    m_prompt->viewport()->installEventFilter(this);
    connect(m_prompt, &PromptEdit::submitRequested, this, &MainWindow::ask);

    m_stopButton = new QPushButton(themedIcon(QStringLiteral("process-stop"), style(), QStyle::SP_BrowserStop),
                                   tr("Stop"), area);
    m_stopButton->setObjectName(QStringLiteral("stopButton"));
    m_stopButton->setEnabled(false); // nothing can run without a model
    m_stopButton->setToolTip(tr("Stop the answer that is being written"));
    connect(m_stopButton, &QPushButton::clicked, this, &MainWindow::stop);

    m_askButton = new QPushButton(tr("Ask"), area);
    m_askButton->setObjectName(QStringLiteral("askButton"));
    m_askButton->setEnabled(false);
    m_askButton->setToolTip(tr("No model is configured, so there is nothing to ask yet."));
    m_askButton->setMinimumWidth(m_askButton->sizeHint().width() * 3 / 2);
    connect(m_askButton, &QPushButton::clicked, this, &MainWindow::ask);
    connect(m_prompt, &QPlainTextEdit::textChanged, this, &MainWindow::updateAskButton);

    m_modelPicker = new QComboBox(area);
    m_modelPicker->setObjectName(QStringLiteral("modelPicker"));
    m_modelPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_modelPicker->setMinimumContentsLength(12);
    m_modelPicker->setFocusPolicy(Qt::TabFocus);
    connect(m_modelPicker, &QComboBox::activated, this, &MainWindow::chooseModel);
    auto *modelLabel = new QLabel(tr("&Model:"), area);
    modelLabel->setBuddy(m_modelPicker);

    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(modelLabel);
    buttonRow->addWidget(m_modelPicker);
    buttonRow->addStretch();
    buttonRow->addWidget(m_stopButton);
    buttonRow->addWidget(m_askButton);

    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 6, 0, 6);
    layout->setSpacing(6);
    layout->addLayout(presetRow);
    layout->addWidget(m_prompt, 1);
    layout->addLayout(buttonRow);
    return area;
}

QWidget *MainWindow::createErrorBar()
{
    m_errorBar = new QFrame;
    m_errorBar->setObjectName(QStringLiteral("errorBar"));
    m_errorBar->setStyleSheet(QStringLiteral(
        "#errorBar { background: #fbe9e7; border-bottom: 1px solid #e8a39b; }"
        "#errorBar QLabel { color: #5d1a12; background: transparent; }"));

    auto *icon = new QLabel(m_errorBar);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    icon->setAlignment(Qt::AlignTop);

    m_errorMessage = new QLabel(m_errorBar);
    m_errorMessage->setObjectName(QStringLiteral("errorMessage"));
    m_errorMessage->setWordWrap(true);
    m_errorMessage->setTextFormat(Qt::PlainText);
    m_errorMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_errorDetails = new QLabel(m_errorBar);
    m_errorDetails->setObjectName(QStringLiteral("errorDetails"));
    m_errorDetails->setWordWrap(true);
    m_errorDetails->setTextFormat(Qt::PlainText);
    m_errorDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorDetails->setVisible(false);

    m_errorDetailsButton = new QToolButton(m_errorBar);
    m_errorDetailsButton->setObjectName(QStringLiteral("errorDetailsButton"));
    m_errorDetailsButton->setCheckable(true);
    m_errorDetailsButton->setAutoRaise(true);
    m_errorDetailsButton->setText(tr("Show details"));
    connect(m_errorDetailsButton, &QToolButton::toggled, this, [this](bool on) {
        m_errorDetails->setVisible(on);
        m_errorDetailsButton->setText(on ? tr("Hide details") : tr("Show details"));
    });

    auto *close = new QToolButton(m_errorBar);
    close->setObjectName(QStringLiteral("errorCloseButton"));
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Dismiss"));
    close->setAccessibleName(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, &MainWindow::hideError);

    auto *texts = new QVBoxLayout;
    texts->setSpacing(4);
    texts->addWidget(m_errorMessage);
    texts->addWidget(m_errorDetails);

    auto *layout = new QHBoxLayout(m_errorBar);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addLayout(texts, 1);
    // createPromptArea() has made the picker already.
    m_npuFallback = new NpuFallback(m_errorBar, m_modelPicker);
    layout->addWidget(m_npuFallback->button(), 0, Qt::AlignTop);
    layout->addWidget(m_errorDetailsButton, 0, Qt::AlignTop);
    layout->addWidget(close, 0, Qt::AlignTop);

    m_errorBar->setVisible(false);
    return m_errorBar;
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
    layout->addWidget(createErrorBar());
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
    if (!restoreGeometry(settings.value(key(settings::kGeometry)).toByteArray())) {
        QSize size = kDefaultWindowSize;
        if (const QScreen *scr = screen())
            size = size.boundedTo(scr->availableSize() * 9 / 10);
        resize(size);
    }
    restoreState(settings.value(key(settings::kWindowState)).toByteArray());

    // Without saved proportions, showEvent() splits the space once the real size is known.
    const bool mainRestored = m_mainSplitter->restoreState(settings.value(key(settings::kMainSplitter)).toByteArray());
    const bool chatRestored = m_chatSplitter->restoreState(settings.value(key(settings::kChatSplitter)).toByteArray());
    m_needsDefaultSplit = !mainRestored || !chatRestored;

    m_lastDirectory = settings.value(key(settings::kLastDirectory)).toString();
    if (m_lastDirectory.isEmpty() || !QFileInfo(m_lastDirectory).isDir())
        m_lastDirectory = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    m_prompt->setHistory(settings.value(key(settings::kPromptHistory)).toStringList());
    const bool overlay = settings.value(key(settings::kPreviewOverlay), true).toBool();
    m_overlayAction->setChecked(overlay);
    m_preview->setOverlayVisible(overlay);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(key(settings::kGeometry), saveGeometry());
    settings.setValue(key(settings::kWindowState), saveState());
    settings.setValue(key(settings::kMainSplitter), m_mainSplitter->saveState());
    settings.setValue(key(settings::kChatSplitter), m_chatSplitter->saveState());
    settings.setValue(key(settings::kLastDirectory), m_lastDirectory);
    settings.setValue(key(settings::kPromptHistory), m_prompt->history());
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

void MainWindow::openImageFile(const QString &path)
{
    const QFileInfo info(path);
    startLoad([path] { return capture::ImageLoader::loadFile(path, capture::ImageLoadOptions{}); },
              info.fileName(), info.absolutePath());
}

void MainWindow::openImage()
{
    QStringList patterns;
    const QList<QByteArray> formats = QImageReader::supportedImageFormats();
    for (const QByteArray &format : formats)
        patterns << QStringLiteral("*.") + QString::fromLatin1(format);
    // JPEG goes through TurboJPEG, whatever Qt's plugins say.
    for (const char *jpeg : {"*.jpg", "*.jpeg"}) {
        if (!patterns.contains(QLatin1String(jpeg)))
            patterns << QLatin1String(jpeg);
    }
    const QString filters = tr("Images (%1)").arg(patterns.join(QLatin1Char(' '))) + QStringLiteral(";;")
        + tr("All files (*)");
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Image"), m_lastDirectory, filters);
    if (!path.isEmpty())
        openImageFile(path);
}

void MainWindow::pasteImage()
{
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    if (!loadMimeData(mime, tr("Clipboard")))
        statusBar()->showMessage(tr("The clipboard holds no image."), kStatusTimeoutMs);
}

void MainWindow::grabScreen()
{
    if (m_grabber->grab(this, grabDelayFromSettings()))
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
            m_stillFrame = m_frame;
            m_frame = {};
            m_newImage = false;
            m_preview->setSnapshotInset({});
        }
        m_preview->setLiveSource(source);
        m_preview->setLiveSourceName(liveSourceName());
    } else if (m_preview->isLive()) {
        m_preview->setLiveSource(nullptr);
        m_preview->setSnapshotInset({});
        m_frame = m_stillFrame;
        m_stillFrame = {};
        m_preview->setFrame(m_frame);
        m_newImage = m_frame.isValid();
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
    if (m_activeRequest)
        stop();
    if (!m_live->currentSource())
        openFirstLiveSource();
    capture::FrameSource *source = m_live->currentSource();
    m_kioskController = std::make_unique<KioskController>(source, inferenceWorker());
    m_kioskController->setOptions(kioskOptionsFromSettings());
    m_kioskHasProfile = m_loadedProfile.has_value() && m_pendingLoads == 0;
    if (m_kioskHasProfile)
        m_kioskController->setProfile(*m_loadedProfile, true);
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
    m_hasConversation = false;
    m_newImage = m_frame.isValid();
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
    m_frame = frame;
    m_frame.setSourceName(liveSourceName());
    m_preview->setSnapshotInset(m_frame);
    m_newImage = true;
    updateImageInfo();
    updateActions();
    Q_EMIT snapTaken();
    Q_EMIT imageChanged();
    if (askNext)
        ask();
}

void MainWindow::saveSnapshot()
{
    if (!m_frame.isValid() && !liveFrameReady())
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
    const capture::Frame frame = m_frame.isValid() ? m_frame
        : liveFrameReady()                         ? m_preview->latestFrame()
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
    if (modelSettingsFromSettings().threads == m_loadedThreads)
        return;
    if (m_pendingLoads > 0)
        loadProfile(m_loadingProfile);
    else if (m_loadedProfile)
        loadProfile(*m_loadedProfile);
}

void MainWindow::showAbout()
{
    const QString text = QStringLiteral("<h3>%1</h3><p>%2</p><p>%3</p>")
                             .arg(tr("camchat %1").arg(QCoreApplication::applicationVersion()),
                                  tr("Ask a vision-language model about what your camera sees."),
                                  tr("Free software under the MIT licence."));
    QMessageBox::about(this, tr("About camchat"), text);
}

void MainWindow::usePreset(const QString &question)
{
    const bool hadDraft = !m_prompt->toPlainText().trimmed().isEmpty() && m_prompt->toPlainText() != question;
    // One edit block replacing the whole document: a single Ctrl+Z brings the draft back.
    QTextCursor cursor(m_prompt->document());
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(question);
    cursor.endEditBlock();
    m_prompt->moveCursor(QTextCursor::End);
    m_prompt->setFocus();
    if (hadDraft)
        statusBar()->showMessage(tr("Your draft was replaced; press Ctrl+Z to get it back."), kStatusTimeoutMs);
}

void MainWindow::ask()
{
    updateAskButton();
    if (!m_askButton->isEnabled()) {
        statusBar()->showMessage(m_askButton->toolTip(), kStatusTimeoutMs);
        return;
    }
    if (m_preview->isLive() && !m_frame.isValid()) {
        // Live without a snap: the question is about the newest frame; ask once it is kept.
        m_askAfterSnap = snap();
        return;
    }
    const QString prompt = m_prompt->prompt();
    inference::InferenceRequest request;
    request.prompt = prompt;
    request.sampling = modelSettingsFromSettings().applyTo(m_loadedProfile->sampling);

    // A picture not asked about yet (or one whose conversation was lost) goes along with
    // the question; otherwise this is a follow-up about the picture already encoded.
    const bool withImage = m_frame.isValid() && (m_newImage || !m_hasConversation);
    if (withImage) {
        if (m_newImage)
            m_chat->startNewConversation(); // does nothing on an empty transcript
        request.image = session::makeImagePreparer(m_frame);
        m_chat->addUserTurn(prompt, capture::imageFromFrame(m_frame));
        m_askedImages.append(m_frame);
        m_newImage = false;
        m_hasConversation = false;
    } else {
        m_chat->addUserTurn(prompt);
    }
    m_chat->beginAssistantTurn();
    m_prompt->addToHistory(prompt);
    m_prompt->clear();
    m_latency->clear();

    m_activeHasImage = withImage;
    m_answerStarted = false;
    m_stopRequested = false;
    m_activeRequest = m_inference->worker()->submit(std::move(request));
    updateActions();
}

void MainWindow::stop()
{
    if (m_activeRequest == 0 || m_stopRequested)
        return;
    // Pieces already on their way are not shown: the answer ends where the user saw it.
    m_stopRequested = true;
    m_inference->worker()->cancel();
    updateActions();
}

void MainWindow::connectWorker()
{
    inference::InferenceWorker *worker = m_inference->worker();
    // Queued explicitly: a few of the worker's signals can come from this thread (a
    // dropped waiting request), and every one of them should arrive the same way.
    const auto queued = Qt::QueuedConnection;
    connect(worker, &inference::InferenceWorker::modelLoadProgress, this, [this](float fraction) {
        if (m_pendingLoads > 0)
            m_loadProgress->setValue(int(std::clamp(fraction, 0.0f, 1.0f) * float(m_loadProgress->maximum())));
    }, queued);
    connect(worker, &inference::InferenceWorker::modelLoaded, this, &MainWindow::onModelLoaded, queued);
    connect(worker, &inference::InferenceWorker::modelLoadFailed, this, &MainWindow::onModelLoadFailed, queued);
    connect(worker, &inference::InferenceWorker::stageStarted, this, &MainWindow::onStageStarted, queued);
    connect(worker, &inference::InferenceWorker::stageFinished, this, &MainWindow::onStageFinished, queued);
    connect(worker, &inference::InferenceWorker::token, this, &MainWindow::onToken, queued);
    connect(worker, &inference::InferenceWorker::finished, this, &MainWindow::onFinished, queued);
    connect(worker, &inference::InferenceWorker::failed, this, &MainWindow::onFailed, queued);
}

void MainWindow::reloadModelList()
{
    const QList<inference::ProfileLoadResult> results = inference::ModelProfiles::all();
    const QString chosen = m_modelPicker->currentIndex() >= 0
        ? m_modelPicker->currentData().toString()
        : QSettings().value(key(settings::kModelProfile)).toString();

    m_profiles.clear();
    m_modelAvailable = false;
    m_modelPicker->clear();
    QStringList problems;
    const QString userDir = QDir::toNativeSeparators(inference::ModelProfiles::userProfileDir());
    auto *items = qobject_cast<QStandardItemModel *>(m_modelPicker->model());
    for (const inference::ProfileLoadResult &result : results) {
        if (!result.profile) {
            problems << result.error.detail;
            continue;
        }
        const inference::ModelProfile &profile = *result.profile;
        m_profiles.insert(profile.id, profile);
        const QStringList missing = profile.missingFiles();
        if (missing.isEmpty()) {
            m_modelAvailable = true;
            m_modelPicker->addItem(profile.name, profile.id);
            m_modelPicker->setItemData(m_modelPicker->count() - 1,
                                       tr("%1 on the %2 backend").arg(profile.name, backendName(profile.backend)),
                                       Qt::ToolTipRole);
            continue;
        }
        m_modelPicker->addItem(tr("%1 (files missing)").arg(profile.name), profile.id);
        const int row = m_modelPicker->count() - 1;
        QStringList names;
        for (const QString &path : missing)
            names << QDir::toNativeSeparators(path);
        m_modelPicker->setItemData(row,
            tr("Missing: %1\nPut the model files in %2, or add a profile there that says where they are.")
                .arg(names.join(QStringLiteral(", ")), userDir),
            Qt::ToolTipRole);
        if (items && items->item(row))
            items->item(row)->setEnabled(false);
    }

    m_modelPicker->setPlaceholderText(m_profiles.isEmpty() ? tr("No models") : tr("Choose a model"));
    m_modelPicker->setToolTip(tr("The vision-language model that answers. Model files and your own "
                                 "profiles go in %1.").arg(userDir));
    m_modelPicker->setCurrentIndex(-1);
    if (!problems.isEmpty()) {
        showError(tr("%n model profile(s) could not be read and are not in the list.", nullptr, int(problems.size())),
                  problems.join(QLatin1Char('\n')));
    }

    const int index = m_modelPicker->findData(chosen);
    if (index >= 0 && (items == nullptr || items->item(index)->isEnabled())) {
        m_modelPicker->setCurrentIndex(index);
        const inference::ModelProfile &profile = m_profiles[chosen];
        const bool current = (m_loadedProfile && m_loadedProfile->id == profile.id)
            || (m_pendingLoads > 0 && m_loadingProfile.id == profile.id);
        if (!current)
            loadProfile(profile);
    }
    updateModelState();
    updateActions();
}

void MainWindow::chooseModel(int pickerIndex)
{
    const QString id = m_modelPicker->itemData(pickerIndex).toString();
    const auto it = m_profiles.constFind(id);
    if (it == m_profiles.cend() || !it->filesPresent())
        return;
    QSettings().setValue(key(settings::kModelProfile), id);
    const bool current = (m_pendingLoads > 0 && m_loadingProfile.id == id)
        || (m_pendingLoads == 0 && m_loadedProfile && m_loadedProfile->id == id);
    if (!current)
        loadProfile(*it);
}

void MainWindow::loadProfile(const inference::ModelProfile &profile)
{
    stop();
    // The new model knows nothing of the old conversation: the next question starts one.
    m_loadedProfile.reset();
    m_loadingProfile = profile;
    m_hasConversation = false;
    m_newImage = m_frame.isValid();
    ++m_pendingLoads;
    m_loadedThreads = modelSettingsFromSettings().threads;
    m_loadProgress->setValue(0);
    m_loadProgress->setVisible(true);

    inference::InferenceWorker *worker = m_inference->worker();
    QMetaObject::invokeMethod(worker, [worker, profile, threads = m_loadedThreads] {
        worker->loadModel(profile, threads);
    }, Qt::QueuedConnection);
    updateModelState();
    updateActions();
}

void MainWindow::onModelLoaded(const inference::ModelProfile &profile)
{
    m_pendingLoads = std::max(m_pendingLoads - 1, 0);
    if (m_pendingLoads > 0)
        return; // a newer choice is on its way
    m_loadedProfile = profile;
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

void MainWindow::onModelLoadFailed(const inference::InferenceError &error)
{
    m_pendingLoads = std::max(m_pendingLoads - 1, 0);
    if (m_pendingLoads > 0)
        return;
    m_loadedProfile.reset();
    m_loadProgress->setVisible(false);
    const QString message = tr("Could not load the model %1. %2").arg(m_loadingProfile.name, describeInferenceError(error));
    showError(message, error.detail);
    m_npuFallback->offer(m_loadingProfile, error, m_profiles.values());
    updateModelState();
    updateActions();
    Q_EMIT modelLoadFailed(message);
}

void MainWindow::onStageStarted(quint64 requestId, inference::Stage stage)
{
    if (requestId != m_activeRequest || m_stopRequested)
        return;
    m_latency->setStageRunning(stage);
}

void MainWindow::onStageFinished(quint64 requestId, inference::Stage stage, qint64 durationUs)
{
    if (requestId != m_activeRequest)
        return;
    m_latency->setStageDuration(stage, durationUs);
}

void MainWindow::onToken(quint64 requestId, const QString &piece)
{
    if (requestId != m_activeRequest || m_stopRequested)
        return;
    if (m_answerStarted) {
        m_chat->appendAssistantText(piece);
        return;
    }
    // Models tend to open with a space or a line break; the answer starts at its first word.
    qsizetype start = 0;
    while (start < piece.size() && piece.at(start).isSpace())
        ++start;
    if (start == piece.size())
        return;
    m_answerStarted = true;
    m_chat->appendAssistantText(piece.sliced(start));
}

void MainWindow::onFinished(const inference::InferenceResult &result)
{
    if (result.requestId != m_activeRequest)
        return;
    const bool stopped = m_stopRequested;
    endRequest();
    m_hasConversation = true;
    m_latency->setTimings(result.timings);
    if (stopped)
        m_chat->addAssistantNote(tr("stopped"));
    else if (result.text.trimmed().isEmpty())
        m_chat->addAssistantNote(tr("no answer"));
    m_chat->endAssistantTurn();
    updateActions();
    Q_EMIT answerFinished();
}

void MainWindow::onFailed(quint64 requestId, const inference::InferenceError &error)
{
    if (requestId != m_activeRequest)
        return;
    const bool hadImage = m_activeHasImage;
    endRequest();
    m_latency->stopRunning();

    using Code = inference::InferenceErrorCode;
    if (error.code == Code::Cancelled)
        m_chat->addAssistantNote(tr("stopped"));
    else
        m_chat->addError(describeInferenceError(error), error.detail);

    // A first question that did not finish leaves nothing to follow up on: the next one
    // sends the picture again. A follow-up that failed leaves the conversation as it was.
    if (hadImage || error.code == Code::NoConversation || error.code == Code::NotLoaded)
        m_hasConversation = false;
    if (error.code == Code::ContextFull) {
        // The next question starts over with the same picture, below a divider.
        m_hasConversation = false;
        m_newImage = m_frame.isValid();
    }
    m_chat->endAssistantTurn();
    updateActions();
    Q_EMIT answerFinished();
}

void MainWindow::endRequest()
{
    m_activeRequest = 0;
    m_stopRequested = false;
    m_activeHasImage = false;
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
    if (m_chat->isEmpty() || m_savingTranscript)
        return;
    capture::SnapshotOptions options = snapshotOptionsFromSettings();
    options.overwrite = true; // named after the transcript, which the user agreed to replace
    const QString suffix = options.format == capture::SnapshotFormat::Png ? QStringLiteral("png") : QStringLiteral("jpg");
    const QFileInfo info(path);
    const QDir dir = info.absoluteDir();

    // One file per distinct picture; a picture asked about again links to the same file.
    QList<capture::Frame> images;
    QStringList imageNames;
    QStringList links;
    for (const capture::Frame &frame : std::as_const(m_askedImages)) {
        const auto same = std::find_if(images.cbegin(), images.cend(),
                                       [&frame](const capture::Frame &other) { return samePicture(frame, other); });
        if (same != images.cend()) {
            links << imageNames.at(same - images.cbegin());
            continue;
        }
        images.append(frame);
        imageNames << QStringLiteral("%1-%2.%3").arg(info.completeBaseName()).arg(images.size()).arg(suffix);
        links << imageNames.constLast();
    }
    const QString title = QStringLiteral("# ")
        + tr("camchat conversation, %1").arg(QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat));
    QString model;
    if (m_loadedProfile)
        model = QLatin1Char('*') + tr("Model: %1").arg(m_loadedProfile->name) + QStringLiteral("*\n\n");
    const QByteArray markdown = (title + QStringLiteral("\n\n") + model + m_chat->toMarkdown(links)).toUtf8();

    m_savingTranscript = true;
    updateActions();
    statusBar()->showMessage(tr("Saving %1…").arg(QDir::toNativeSeparators(path)));

    auto *watcher = new QFutureWatcher<TranscriptResult>(this);
    connect(watcher, &QFutureWatcher<TranscriptResult>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        m_savingTranscript = false;
        updateActions();
        const TranscriptResult result = watcher->result();
        QString message;
        QString detail;
        if (result.imageError) {
            message = tr("The transcript was not saved: the image %1 could not be written. %2")
                          .arg(QDir::toNativeSeparators(result.imagePath), describeSaveError(result.imageError));
            detail = result.imageError.detail;
        } else if (!result.markdownError.isNull()) {
            message = tr("The transcript could not be written to %1.").arg(QDir::toNativeSeparators(path));
            detail = result.markdownError;
        }
        if (!message.isEmpty()) {
            statusBar()->clearMessage();
            showError(message, detail);
            Q_EMIT transcriptSaveFailed(message);
            return;
        }
        m_lastDirectory = QFileInfo(path).absolutePath();
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), kStatusTimeoutMs);
        Q_EMIT transcriptSaved(path);
    });
    watcher->setFuture(QtConcurrent::run([images, imageNames, dir, path, markdown, options] {
        TranscriptResult result;
        for (qsizetype i = 0; i < images.size(); ++i) {
            const QString imagePath = dir.filePath(imageNames.at(i));
            result.imageError = capture::SnapshotWriter::save(images.at(i), imagePath, options);
            if (result.imageError) {
                result.imagePath = imagePath;
                return result;
            }
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(markdown) != markdown.size() || !file.commit())
            result.markdownError = file.errorString().isEmpty() ? QStringLiteral("write failed") : file.errorString();
        return result;
    }));
}

bool MainWindow::hasImageFileUrl(const QMimeData *mime)
{
    const QString path = firstLocalFile(mime);
    return !path.isEmpty() && looksLikeImageFile(path);
}

bool MainWindow::canLoadMimeData(const QMimeData *mime)
{
    if (!mime)
        return false;
    return !firstLocalFile(mime).isEmpty() || mime->hasImage() || !firstImageFormat(mime).isEmpty();
}

bool MainWindow::loadMimeData(const QMimeData *mime, const QString &sourceName)
{
    if (!mime)
        return false;
    // Prefer a file (its name is known), then encoded bytes (ImageLoader checks the size
    // before decoding), and only then an image some other program already decoded.
    if (const QString path = firstLocalFile(mime); !path.isEmpty()) {
        startLoad([path] { return capture::ImageLoader::loadFile(path, capture::ImageLoadOptions{}); },
                  QFileInfo(path).fileName(), {});
        return true;
    }
    if (const QString format = firstImageFormat(mime); !format.isEmpty()) {
        const QByteArray bytes = mime->data(format);
        if (!bytes.isEmpty()) {
            startLoad([bytes] { return capture::ImageLoader::loadData(bytes, capture::ImageLoadOptions{}); },
                      sourceName, {});
            return true;
        }
    }
    if (mime->hasImage()) {
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        if (!image.isNull()) {
            startLoad([image] { return capture::ImageLoader::fromImage(image); }, sourceName, {});
            return true;
        }
    }
    return false;
}

void MainWindow::startLoad(LoadJob job, const QString &sourceName, const QString &directory)
{
    const std::uint64_t generation = ++m_loadGeneration;
    statusBar()->showMessage(tr("Opening %1…").arg(sourceName));
    auto *watcher = new QFutureWatcher<capture::LoadedImage>(this);
    connect(watcher, &QFutureWatcher<capture::LoadedImage>::finished, this,
            [this, watcher, generation, sourceName, directory] {
                watcher->deleteLater();
                if (generation != m_loadGeneration)
                    return; // a newer load has taken over
                finishLoad(watcher->result(), sourceName, directory);
            });
    watcher->setFuture(QtConcurrent::run(std::move(job)));
}

void MainWindow::finishLoad(const capture::LoadedImage &loaded, const QString &sourceName, const QString &directory)
{
    statusBar()->clearMessage();
    if (!loaded.ok()) {
        const QString sentence = loaded.error ? describeImageError(loaded.error)
                                              : describeImageError({capture::ImageErrorCode::Corrupt, {}});
        const QString message = tr("Could not open %1. %2").arg(sourceName, sentence);
        showError(message, loaded.error.detail);
        Q_EMIT imageLoadFailed(message);
        return;
    }
    // A still image replaces the live view ("Image" in the source picker); a source
    // remembered from last time is not opened over it when it shows up later.
    m_live->closeSource();
    m_frame = loaded.frame;
    m_frame.setSourceName(sourceName);
    if (!directory.isEmpty())
        m_lastDirectory = directory;
    m_preview->setFrame(m_frame);
    m_newImage = true;
    hideError();
    updateImageInfo();
    updateActions();
    Q_EMIT imageChanged();
}

void MainWindow::showError(const QString &message, const QString &detail)
{
    m_errorMessage->setText(message);
    m_errorDetails->setText(detail);
    m_errorDetailsButton->setChecked(false);
    m_errorDetailsButton->setVisible(!detail.isEmpty());
    m_errorMessage->setToolTip(detail);
    m_npuFallback->withdraw();
    m_errorBar->setVisible(true);
}

void MainWindow::hideError()
{
    m_errorBar->setVisible(false);
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
        if (m_frame.isValid())
            text += QStringLiteral(" · ") + tr("snapshot %1 × %2 px").arg(m_frame.width()).arg(m_frame.height());
        m_imageInfo->setText(text);
        setWindowTitle(tr("%1 – camchat").arg(name));
        return;
    }
    if (!m_frame.isValid()) {
        m_imageInfo->setText(tr("No image"));
        setWindowTitle(QStringLiteral("camchat"));
        return;
    }
    m_imageInfo->setText(tr("%1 × %2 px · %3").arg(m_frame.width()).arg(m_frame.height()).arg(m_frame.sourceName()));
    setWindowTitle(tr("%1 – camchat").arg(m_frame.sourceName()));
}

void MainWindow::updateActions()
{
    const bool liveFrame = liveFrameReady();
    m_saveAction->setEnabled((m_frame.isValid() || liveFrame) && !m_saving);
    m_snapAction->setEnabled(liveFrame);
    m_saveTranscriptAction->setEnabled(!m_chat->isEmpty() && !m_savingTranscript);
    m_copyAnswerAction->setEnabled(m_chat->hasAnswer());
    m_stopButton->setEnabled(m_activeRequest != 0 && !m_stopRequested);
    updateAskButton();
}

void MainWindow::updateAskButton()
{
    if (!m_askButton || !m_prompt)
        return;
    const bool liveWithoutSnap = m_preview->isLive() && !m_frame.isValid();
    const bool hasPicture = m_frame.isValid() || (liveWithoutSnap && liveFrameReady());
    const bool withImage = hasPicture && (m_newImage || liveWithoutSnap || !m_hasConversation);
    QString why;
    if (m_activeRequest != 0)
        why = tr("Wait for the answer to finish, or press Stop.");
    else if (m_pendingLoads > 0)
        why = tr("The model is still loading.");
    else if (!m_loadedProfile && !m_modelAvailable)
        why = tr("No model is configured, so there is nothing to ask yet.");
    else if (!m_loadedProfile)
        why = tr("Choose a model first.");
    else if (liveWithoutSnap && !liveFrameReady())
        why = tr("Wait for the live picture, or pick another source.");
    else if (!hasPicture && !m_hasConversation)
        why = tr("Open, paste or grab an image first.");
    else if (m_prompt->prompt().isEmpty())
        why = tr("Type a question first.");

    m_askButton->setEnabled(why.isEmpty());
    if (!why.isEmpty())
        m_askButton->setToolTip(why);
    else if (liveWithoutSnap)
        m_askButton->setToolTip(tr("Snap the live picture and ask about it (Enter)"));
    else if (withImage && m_newImage && !m_chat->isEmpty())
        m_askButton->setToolTip(tr("Ask about the new image; this starts a new conversation (Enter)"));
    else if (withImage)
        m_askButton->setToolTip(tr("Ask about the image (Enter)"));
    else
        m_askButton->setToolTip(tr("Ask a follow-up question about the same image (Enter)"));
}

void MainWindow::updateModelState()
{
    if (m_pendingLoads > 0) {
        m_modelState->setText(tr("Loading %1…").arg(m_loadingProfile.name));
        m_modelState->setToolTip(m_loadingProfile.sourcePath);
    } else if (m_loadedProfile) {
        m_modelState->setText(
            tr("%1 · %2").arg(backendName(m_loadedProfile->backend), m_loadedProfile->name));
        QStringList files;
        for (const inference::ModelFile &file : std::as_const(m_loadedProfile->files))
            files << QStringLiteral("%1: %2").arg(file.role, QDir::toNativeSeparators(file.path));
        m_modelState->setToolTip(files.join(QLatin1Char('\n')));
    } else if (m_modelAvailable) {
        m_modelState->setText(tr("No model loaded"));
        m_modelState->setToolTip(tr("Choose a model next to the Ask button."));
    } else {
        m_modelState->setText(tr("No model configured"));
        m_modelState->setToolTip(tr("camchat answers questions once a vision-language model is set up."));
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (canLoadMimeData(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (canLoadMimeData(event->mimeData()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    if (loadMimeData(event->mimeData(), tr("Dropped image")))
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
            if (mime && !mime->hasText() && canLoadMimeData(mime)) {
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
            if (hasImageFileUrl(mime) || (!mime->hasText() && canLoadMimeData(mime))) {
                drag->acceptProposedAction();
                return true;
            }
            break;
        }
        case QEvent::Drop: {
            auto *drop = static_cast<QDropEvent *>(event);
            const QMimeData *mime = drop->mimeData();
            if ((hasImageFileUrl(mime) || (!mime->hasText() && canLoadMimeData(mime)))
                && loadMimeData(mime, tr("Dropped image"))) {
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
