#pragma once

#include "capture/frame.h"
#include "capture/framesource.h"
#include "capture/imageloader.h"
#include "inference/inferenceworker.h"
#include "livecapture.h"

#include <QHash>
#include <QList>
#include <QMainWindow>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

class QAction;
class QComboBox;
class QFrame;
class QLabel;
class QMimeData;
class QProgressBar;
class QShortcut;
class QPushButton;
class QSplitter;
class QToolButton;

namespace camchat::inference {
class InferenceThread;
}

namespace camchat::ui {

class ChatView;
class KioskController;
class KioskWindow;
class LatencyPanel;
class NpuFallback;
class PreviewView;
class PromptEdit;
class ScreenGrabber;
class SourcePicker;

// The main window: image preview on the left; conversation, prompt box and latency panel
// on the right. Images arrive from files, the clipboard, drag and drop or a screen grab
// and are decoded off the GUI thread; a newer load supersedes an older one. Or the
// preview shows a live source (LiveCapture, picked in the tool bar): Snap freezes its
// newest frame as the image to ask about while the live view goes on. Questions go
// to an InferenceWorker on its own thread (queued signals only: the GUI never waits for
// the model). GUI thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    // `liveOptions` chooses the V4L2 io and device folder (tests inject a fake) before
    // any source is listed.
    explicit MainWindow(LiveCaptureOptions liveOptions, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The live side: sources, the current one, formats.
    LiveCapture *liveCapture() const { return m_live; }
    PreviewView *preview() const { return m_preview; }
    SourcePicker *sourcePicker() const { return m_picker; }
    // A live source is shown (not a still image).
    bool isLive() const;
    // Freezes the newest live frame as the image to ask about (at full resolution; an
    // MJPEG frame is decoded again off the GUI thread) and shows it as the preview's
    // inset; snapTaken() follows. False when there is no live frame.
    bool snap();

    // Loads an image file in the background; imageChanged() or imageLoadFailed() follows.
    void openImageFile(const QString &path);
    capture::Frame currentFrame() const { return m_frame; }

    // Writes the current image to `path` in the background (the Save snapshot action asks
    // for the name first); snapshotSaved() or snapshotFailed() follows.
    void saveSnapshotTo(const QString &path, bool overwrite);

    // Writes the conversation as Markdown to `path`, and each image asked about next to
    // it ("<name>-1.jpg", ...), in the background (the action asks for the name first);
    // transcriptSaved() or transcriptSaveFailed() follows. Existing files are replaced.
    void saveTranscriptTo(const QString &path);

    // Kiosk mode: the live picture full screen with captions made by themselves
    // (KioskWindow + KioskController, options from Settings); the main window hides until
    // the kiosk's Esc. Without a live source it opens the first capture device, and a
    // device that appears later is picked up. A question being answered is stopped first.
    void enterKioskMode();
    void leaveKioskMode();
    bool isKioskMode() const { return m_kioskWindow != nullptr; }
    KioskWindow *kioskWindow() const { return m_kioskWindow.get(); }
    KioskController *kioskController() const { return m_kioskController.get(); }

    // The worker answering the questions; lives in the inference thread.
    inference::InferenceWorker *inferenceWorker() const;
    // Reads the model profiles again and refills the model picker.
    void reloadModelList();

Q_SIGNALS:
    void imageChanged();
    void imageLoadFailed(const QString &message);
    void snapshotSaved(const QString &path);
    void snapshotFailed(const QString &message);
    void transcriptSaved(const QString &path);
    void transcriptSaveFailed(const QString &message);
    // The chosen model is loaded and questions can be asked.
    void modelReady(const QString &profileId);
    void modelLoadFailed(const QString &message);
    // The current question has been answered, stopped or has failed.
    void answerFinished();
    // snap() has frozen a frame: currentFrame() is it.
    void snapTaken();
    // Another live source (or none) is shown.
    void liveSourceChanged();
    void kioskModeChanged(bool active);

protected:
    void showEvent(QShowEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void openFirstLiveSource();

    using LoadJob = std::function<capture::LoadedImage()>;

    void createActions();
    void createMenus();
    void createToolBar();
    QWidget *createPromptArea();
    QWidget *createErrorBar();
    void createCentralWidget();
    void createStatusBar();
    void restoreSettings();
    void saveSettings() const;

    void openImage();
    void pasteImage();
    void grabScreen();
    void onLiveSourceChanged(capture::FrameSource *source);
    void onLiveFramePainted();
    void setSnap(const capture::Frame &frame);
    QString liveSourceName() const;
    // Live, streaming, and a frame has been shown: there is something to snap.
    bool liveFrameReady() const;
    void saveSnapshot();
    void copyAnswer();
    void showSettings();
    void showAbout();
    void usePreset(const QString &question);
    void ask();
    void stop();
    void saveTranscript();

    void chooseModel(int pickerIndex);
    void loadProfile(const inference::ModelProfile &profile);
    void connectWorker();
    void onModelLoaded(const inference::ModelProfile &profile);
    void onModelLoadFailed(const inference::InferenceError &error);
    void onStageStarted(quint64 requestId, inference::Stage stage);
    void onStageFinished(quint64 requestId, inference::Stage stage, qint64 durationUs);
    void onToken(quint64 requestId, const QString &piece);
    void onFinished(const inference::InferenceResult &result);
    void onFailed(quint64 requestId, const inference::InferenceError &error);
    void endRequest();

    // What a drop or paste would bring in, without reading any pixel data yet.
    static bool canLoadMimeData(const QMimeData *mime);
    static bool hasImageFileUrl(const QMimeData *mime);
    bool loadMimeData(const QMimeData *mime, const QString &sourceName);
    void startLoad(LoadJob job, const QString &sourceName, const QString &directory);
    void finishLoad(const capture::LoadedImage &loaded, const QString &sourceName, const QString &directory);

    void showError(const QString &message, const QString &detail);
    void hideError();
    void updateImageInfo();
    void updateActions();
    void updateAskButton();
    void updateModelState();

    // The image to ask about: a still image, or (live) the snapped frame.
    capture::Frame m_frame;
    // The still image shown before going live, back when the user picks "Image".
    capture::Frame m_stillFrame;
    // Incremented per snap; a snap finishing after a newer one (or a source change) is dropped.
    std::uint64_t m_snapGeneration = 0;
    bool m_askAfterSnap = false; // Ask while live without a snap: snap, then ask
    bool m_liveHasFrame = false; // the live preview has shown a frame of the current source
    QString m_lastDirectory;
    // Incremented per load; a result whose number is no longer current is dropped.
    std::uint64_t m_loadGeneration = 0;
    bool m_saving = false;
    bool m_savingTranscript = false;
    bool m_needsDefaultSplit = false;

    // Inference. The worker's signals arrive queued; each carries the request id, and
    // only the active request's are shown.
    std::unique_ptr<inference::InferenceThread> m_inference;
    QHash<QString, inference::ModelProfile> m_profiles; // by id: what the picker lists
    bool m_modelAvailable = false; // some profile has all its files
    std::optional<inference::ModelProfile> m_loadedProfile;
    inference::ModelProfile m_loadingProfile;
    int m_pendingLoads = 0; // loads sent to the worker and not yet answered
    int m_loadedThreads = 0;
    std::uint64_t m_activeRequest = 0;
    bool m_activeHasImage = false;
    bool m_answerStarted = false; // the active answer has shown its first word
    bool m_stopRequested = false;
    // The worker holds a conversation (an encoded image) that a follow-up can continue.
    bool m_hasConversation = false;
    // The image shown has not been asked about: the next question starts a conversation.
    bool m_newImage = false;
    // The image behind each user turn that carried one, for saving the transcript.
    QList<capture::Frame> m_askedImages;

    QAction *m_openAction = nullptr;
    QAction *m_pasteAction = nullptr;
    QAction *m_grabAction = nullptr;
    QAction *m_snapAction = nullptr;
    QAction *m_overlayAction = nullptr;
    QAction *m_kioskAction = nullptr;
    std::unique_ptr<KioskController> m_kioskController;
    std::unique_ptr<KioskWindow> m_kioskWindow;
    bool m_kioskHasProfile = false; // the kiosk was told which model is loaded
    QShortcut *m_snapShortcut = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_saveTranscriptAction = nullptr;
    QAction *m_copyAnswerAction = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
    QAction *m_quitAction = nullptr;

    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_chatSplitter = nullptr;
    PreviewView *m_preview = nullptr;
    ChatView *m_chat = nullptr;
    PromptEdit *m_prompt = nullptr;
    LatencyPanel *m_latency = nullptr;
    QPushButton *m_askButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QComboBox *m_modelPicker = nullptr;

    QFrame *m_errorBar = nullptr;
    QLabel *m_errorMessage = nullptr;
    QLabel *m_errorDetails = nullptr;
    QToolButton *m_errorDetailsButton = nullptr;

    QLabel *m_imageInfo = nullptr;
    QLabel *m_modelState = nullptr;
    QProgressBar *m_loadProgress = nullptr;

    ScreenGrabber *m_grabber = nullptr;
    LiveCapture *m_live = nullptr;
    SourcePicker *m_picker = nullptr;
    NpuFallback *m_npuFallback = nullptr; // in the error bar: "Use <CPU model> instead"
};

} // namespace camchat::ui
