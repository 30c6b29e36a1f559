#pragma once

#include <QImage>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>
#include <QVariantMap>

class QWidget;

namespace camchat::ui {

// Takes a screenshot without the app's own window in it: hides the window, waits for the
// compositor to take it off the screen, grabs, and shows the window again; the window
// comes back on every path, failures included. X11, eglfs and linuxfb grab through
// QScreen; a Wayland session asks xdg-desktop-portal over D-Bus. Lives in the GUI thread;
// every step is asynchronous, so the event loop keeps running.
class ScreenGrabber : public QObject
{
    Q_OBJECT

public:
    enum class Method {
        Auto,   // the portal on Wayland, QScreen everywhere else
        Screen, // QScreen::grabWindow(0)
        Portal, // org.freedesktop.portal.Screenshot on the session bus
    };

    explicit ScreenGrabber(QObject *parent = nullptr);
    ~ScreenGrabber() override;

    // Auto unless a test wants a particular path.
    void setMethod(Method method) { m_method = method; }
    Method method() const { return m_method; }
    // How long the portal may take to answer before the grab counts as failed.
    void setPortalTimeout(int ms) { m_portalTimeoutMs = ms; }

    // Starts a grab; `window` (may be null) is hidden for its duration. Returns false and
    // does nothing while another grab is still running.
    bool grab(QWidget *window, int delayMs);
    bool isBusy() const { return m_busy; }

    // True when grabs go through the desktop portal (Wayland sessions).
    static bool usesPortal();

Q_SIGNALS:
    void grabbed(const QImage &image);
    // `reason` is a translated sentence; `detail` the technical part, possibly empty.
    void failed(const QString &reason, const QString &detail);

private Q_SLOTS:
    // Slot syntax because QDBusConnection::connect only takes SLOT() signatures.
    void onPortalResponse(uint response, const QVariantMap &results);

private:
    void grabNow();
    void grabThroughScreen();
    void grabThroughPortal();
    void watchRequest(const QString &path);
    void unwatchRequest();
    void portalTimedOut();
    void finishWithImage(const QImage &image);
    void finishWithError(const QString &reason, const QString &detail);
    void restoreWindow();

    Method m_method = Method::Auto;
    // The portal may put up a permission dialog the first time; give the user time to
    // answer it, but never leave the window hidden for good.
    int m_portalTimeoutMs = 60 * 1000;
    QPointer<QWidget> m_window;
    bool m_windowWasVisible = false;
    bool m_busy = false;
    QTimer m_delay;
    QTimer m_portalTimeout;
    QString m_requestPath;
};

} // namespace camchat::ui
