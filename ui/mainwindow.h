#pragma once

#include "capture/frame.h"
#include "capture/framesource.h"
#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"
#include "session/sourcemanager.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class QSplitter;

namespace camchat::inference {
class InferenceThread;
}

namespace camchat::session {
class ChatSession;
class KioskController;
class ModelCatalog;
class ModelDownloads;
}

namespace camchat::ui {

class ChatView;
class ErrorBar;
class FirstRunBanner;
class ImageIntake;
class Keyring;
class KioskMode;
class KioskWindow;
class LatencyPanel;
class MainWindowActions;
class ModelsDialog;
class PreviewView;
class PromptArea;
class PromptEdit;
class SnapshotSaver;
class SnapTaker;
class SourcePicker;
class StatusPanel;
class TranscriptExporter;

// The main window, a view of the session: image preview on the left; conversation, prompt
// box and latency panel on the right. Images arrive through ImageIntake (files, the
// clipboard, drag and drop, a screen grab). Or the preview shows a live source
// (SourceManager, picked in the tool bar): Snap freezes its newest frame as the image to
// ask about while the live view goes on. The conversation is a ChatSession and the models
// a ModelCatalog, both talking to an InferenceWorker on its own thread (queued signals
// only: the GUI never waits for the model). GUI thread.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    // `liveOptions` chooses the V4L2 io and device folder (tests inject a fake) before
    // any source is listed.
    explicit MainWindow(session::SourceManagerOptions liveOptions, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The live side: sources, the current one, formats.
    session::SourceManager *sourceManager() const { return m_live; }
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
    // Takes a screenshot (camchat hides meanwhile) as the image to ask about; with
    // `region`, the user then drags out the part to keep. imageChanged() follows unless
    // it failed or was cancelled.
    void grabScreen(bool region = false);
    capture::Frame currentFrame() const;

    // Writes the current image to `path` in the background (the Save snapshot action asks
    // for the name first); snapshotSaved() or snapshotFailed() follows.
    void saveSnapshotTo(const QString &path, bool overwrite);

    // Writes the conversation as Markdown to `path`, and each image asked about next to
    // it ("<name>-1.jpg", ...), in the background (the action asks for the name first);
    // transcriptSaved() or transcriptSaveFailed() follows. An existing .md is replaced only
    // with `replaceExisting`; an image never replaces a file.
    void saveTranscriptTo(const QString &path, bool replaceExisting = false);

    // Kiosk mode: the live picture full screen with captions made by themselves (KioskMode:
    // KioskWindow + KioskController, options from Settings); the main window hides until
    // the kiosk's Esc. Without a live source it opens the first capture device, and a
    // device that appears later is picked up. A question being answered is stopped first.
    void enterKioskMode();
    void leaveKioskMode();
    bool isKioskMode() const;
    KioskWindow *kioskWindow() const;
    session::KioskController *kioskController() const;

    // The worker answering the questions; lives in the inference thread.
    inference::InferenceWorker *inferenceWorker() const;
    session::ChatSession *chatSession() const { return m_session; }
    session::ModelCatalog *modelCatalog() const { return m_models; }
    // Reads the model profiles again and refills the model picker.
    void reloadModelList();
    // Model downloads (the picker's Download entries, Manage models, the first-run banner);
    // a finished one loads at once when no model is loaded.
    session::ModelDownloads *modelDownloads() const { return m_downloads; }
    FirstRunBanner *firstRunBanner() const { return m_firstRun; }
    // Models → Manage models…: the one dialog, shown and raised, with `id` selected if given.
    ModelsDialog *showModelsDialog(const QString &id = {});

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

private:
    void connectActions();
    QWidget *createPromptArea();
    void createCentralWidget();
    void restoreSettings();
    void saveSettings() const;
    void connectIntake();
    void connectSession();
    void connectSavers();
    void connectDownloads(); // mainwindowmodels.cpp, as are the two below
    void onDownloadFinished(const QString &id);
    void offerNpuFiles();
    void connectKeyring();

    void pasteImage();
    void setStillImage(const capture::Frame &frame, const QString &directory);
    void onLiveSourceChanged(capture::FrameSource *source);
    void onLiveFramePainted();
    void setSnap(const capture::Frame &frame);
    // Live, streaming, and a frame has been shown: there is something to snap.
    bool liveFrameReady() const;
    void saveSnapshot();
    void onSaved(const QString &path);
    void onSaveFailed(const QString &message, const QString &detail);
    void copyAnswer();
    void showSettings();
    void showAbout();
    void ask();
    void stop();
    void endAnswer();
    void saveTranscript();

    void loadProfile(const inference::ModelProfile &profile);
    void onModelLoaded(const inference::ModelProfile &profile);
    void onModelLoadFailed(const inference::ModelProfile &profile, const inference::InferenceError &error);

    void updateImageInfo();
    void updateActions();
    void updateAskButton();

    // The still image shown before going live, back when the user picks "Image".
    capture::Frame m_stillFrame;
    bool m_askAfterSnap = false; // Ask while live without a snap: snap, then ask
    bool m_liveHasFrame = false; // the live preview has shown a frame of the current source
    QString m_lastDirectory;
    bool m_needsDefaultSplit = false;

    // The model's thread; the session, the catalogue and the kiosk talk to its worker.
    std::unique_ptr<inference::InferenceThread> m_inference;
    session::ChatSession *m_session = nullptr;
    session::ModelCatalog *m_models = nullptr;
    session::ModelDownloads *m_downloads = nullptr;
    std::unique_ptr<KioskMode> m_kiosk;
    ImageIntake *m_intake = nullptr;
    TranscriptExporter *m_transcript = nullptr;
    SnapshotSaver *m_snapshots = nullptr;
    SnapTaker *m_snapTaker = nullptr;
    MainWindowActions *m_actions = nullptr;
    StatusPanel *m_status = nullptr;
    Keyring *m_keyring = nullptr; // the model server's API key

    QSplitter *m_mainSplitter = nullptr;
    QSplitter *m_chatSplitter = nullptr;
    PreviewView *m_preview = nullptr;
    ChatView *m_chat = nullptr;
    PromptArea *m_promptArea = nullptr;
    PromptEdit *m_prompt = nullptr;
    LatencyPanel *m_latency = nullptr;
    ErrorBar *m_errorBar = nullptr;
    FirstRunBanner *m_firstRun = nullptr;
    QPointer<ModelsDialog> m_modelsDialog;

    session::SourceManager *m_live = nullptr;
    SourcePicker *m_picker = nullptr;
};

} // namespace camchat::ui
