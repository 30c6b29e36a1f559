#pragma once

#include "capture/frame.h"
#include "capture/imageloader.h"

#include <QMainWindow>

#include <cstdint>
#include <functional>

class QAction;
class QFrame;
class QLabel;
class QMimeData;
class QPushButton;
class QSplitter;
class QToolButton;

namespace camchat::ui {

class ChatView;
class LatencyPanel;
class PreviewView;
class PromptEdit;
class ScreenGrabber;

// The main window: image preview on the left; conversation, prompt box and latency panel
// on the right. Images arrive from files, the clipboard, drag and drop or a screen grab
// and are decoded off the GUI thread; a newer load supersedes an older one. GUI thread.
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

Q_SIGNALS:
    void imageChanged();
    void imageLoadFailed(const QString &message);
    void snapshotSaved(const QString &path);
    void snapshotFailed(const QString &message);

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

    capture::Frame m_frame;
    QString m_lastDirectory;
    // Incremented per load; a result whose number is no longer current is dropped.
    std::uint64_t m_loadGeneration = 0;
    bool m_saving = false;
    bool m_needsDefaultSplit = false;

    QAction *m_openAction = nullptr;
    QAction *m_pasteAction = nullptr;
    QAction *m_grabAction = nullptr;
    QAction *m_saveAction = nullptr;
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

    QFrame *m_errorBar = nullptr;
    QLabel *m_errorMessage = nullptr;
    QLabel *m_errorDetails = nullptr;
    QToolButton *m_errorDetailsButton = nullptr;

    QLabel *m_imageInfo = nullptr;
    QLabel *m_modelState = nullptr;

    ScreenGrabber *m_grabber = nullptr;
};

} // namespace camchat::ui
