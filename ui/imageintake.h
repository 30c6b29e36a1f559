#pragma once

#include "capture/frame.h"
#include "capture/imageloader.h"
#include "regionselector.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <cstdint>
#include <functional>

class QMimeData;
class QPlainTextEdit;
class QWidget;

namespace camchat::ui {

class ScreenGrabber;

// Brings still images in: a file, the clipboard (Paste, or Ctrl+V in the prompt box when
// the clipboard holds an image and no text) or a drop on the window or the prompt box (a
// file, encoded bytes or an image another program decoded), or a screen grab. Decoding
// runs off the GUI thread; a newer load supersedes an older one still decoding (its
// result is dropped). GUI thread.
class ImageIntake : public QObject
{
    Q_OBJECT

public:
    // `window` is what hides itself during a screen grab and parents the file dialog; it
    // takes drops of images from now on.
    explicit ImageIntake(QWidget *window);

    // Images dropped on `prompt` become the image (not a file name in the text), and Ctrl+V
    // there pastes an image when the clipboard holds one and no text.
    void watchPrompt(QPlainTextEdit *prompt);

    // Asks for an image file (starting in `directory`) and opens it; false when cancelled.
    bool chooseFile(const QString &directory);
    void openFile(const QString &path);
    // Loads what a paste or drop brings; false when it holds no image.
    bool loadMimeData(const QMimeData *mime, const QString &sourceName);
    // Loads the clipboard's image; false when it holds none.
    bool paste();
    // Takes a screenshot after `delayMs` (the window hides meanwhile); with `region`, the
    // frozen screenshot is then shown full screen for the user to drag out the part to
    // keep (RegionSelector). False when a grab is under way already.
    bool grabScreen(int delayMs, bool region = false);

    // What a drop or paste would bring in, without reading any pixel data yet.
    static bool canLoadMimeData(const QMimeData *mime);
    static bool hasImageFileUrl(const QMimeData *mime);

    ScreenGrabber *grabber() const { return m_grabber; }
    // The region chooser while it is shown, else null.
    RegionSelector *regionSelector() const { return m_selector; }

Q_SIGNALS:
    void loadStarted(const QString &sourceName);
    // `frame` carries its source name; `directory` is the file's folder (empty otherwise).
    void loaded(const capture::Frame &frame, const QString &directory);
    void loadFailed(const QString &message, const QString &detail);
    // The screen grab is over (loaded() or grabFailed() also came, or is coming).
    void grabFinished();
    void grabFailed(const QString &reason, const QString &detail);
    // The user gave up choosing a region (grabFinished() follows).
    void grabCancelled();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Drags and drops on the window, or on the prompt box (`onPrompt`).
    bool filterDrop(QEvent *event, bool onPrompt);
    using LoadJob = std::function<capture::LoadedImage()>;
    void startLoad(LoadJob job, const QString &sourceName, const QString &directory);
    void finishLoad(const capture::LoadedImage &result, const QString &sourceName, const QString &directory);
    void chooseRegion(const QImage &screenshot);

    QWidget *m_window = nullptr;
    QPlainTextEdit *m_prompt = nullptr;
    ScreenGrabber *m_grabber = nullptr;
    bool m_grabRegion = false; // the grab under way asks for a region afterwards
    bool m_choosingRegion = false;
    QPointer<RegionSelector> m_selector; // while the user chooses a region
    // Incremented per load; a result whose number is no longer current is dropped.
    std::uint64_t m_loadGeneration = 0;
};

} // namespace camchat::ui
