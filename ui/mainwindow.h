#pragma once

#include "capture/frame.h"
#include "capture/imageloader.h"
#include "inference/inferenceworker.h"

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
class QPushButton;
class QSplitter;
class QToolButton;

namespace camchat::inference {
class InferenceThread;
}

namespace camchat::ui {

class ChatView;
class LatencyPanel;
class NpuFallback;
class PreviewView;
class PromptEdit;
class ScreenGrabber;

// The main window: image preview on the left; conversation, prompt box and latency panel
// on the right. Images arrive from files, the clipboard, drag and drop or a screen grab
// and are decoded off the GUI thread; a newer load supersedes an older one. Questions go
// to an InferenceWorker on its own thread (queued signals only: the GUI never waits for
// the model). GUI thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

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

protected:
    void showEvent(QShowEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
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

    capture::Frame m_frame;
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
    NpuFallback *m_npuFallback = nullptr; // in the error bar: "Use <CPU model> instead"
};

} // namespace camchat::ui
