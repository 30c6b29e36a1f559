#pragma once

#include "session/kioskcontroller.h"

#include <QWidget>

#include <memory>

namespace camchat::ui {

class PreviewView;

// The kiosk screen: full screen, no window chrome, the live preview (PreviewView, no
// QVideoWidget, so it works under eglfs and linuxfb) with the latest caption over it in
// large text, its age and the model's tokens/s in small print, and the controller's
// status (waiting for a picture, retrying, reloading) when there is no fresh caption.
// Esc emits exitRequested() (the app leaves kiosk mode), Space asks now.
//
// Threads: GUI thread.
class KioskWindow : public QWidget
{
    Q_OBJECT

public:
    // Neither is owned; both must outlive the window.
    KioskWindow(capture::FrameSource *source, session::KioskController *controller, QWidget *parent = nullptr);
    ~KioskWindow() override;

    PreviewView *preview() const { return m_preview; }
    // Shows another live source (null: none); the controller is told separately.
    void setSource(capture::FrameSource *source);
    // The source's name for people ("USB camera (video0)"); its id until this is called.
    void setSourceName(const QString &name);
    // The caption text shown now (for tests and accessibility).
    QString captionText() const;
    // The small print under the caption ("12 s ago · 18.3 tokens/s") or the status line.
    // When both apply, the caption's line comes first and the status follows on its own
    // line.
    QString detailText() const;
    // Shows the window full screen, in front, with the keyboard focus (the kiosk has no
    // window manager to do this under eglfs / linuxfb).
    void showKiosk();
    // What to say while no model is ready at all (how to get one); empty once one is.
    void setModelHint(const QString &hint);

    // How long the mouse may rest before the cursor is hidden.
    static constexpr int kCursorHideMs = 3000;

Q_SIGNALS:
    void exitRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Private;
    std::unique_ptr<Private> d;
    PreviewView *m_preview = nullptr;
};

} // namespace camchat::ui
