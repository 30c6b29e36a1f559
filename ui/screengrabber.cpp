#include "screengrabber.h"

#include <QDBusConnection>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QPixmap>
#include <QRandomGenerator>
#include <QScreen>
#include <QUrl>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace camchat::ui {

namespace {

const QString kPortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString kPortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString kScreenshotInterface = QStringLiteral("org.freedesktop.portal.Screenshot");
const QString kRequestInterface = QStringLiteral("org.freedesktop.portal.Request");
const QString kResponseSignal = QStringLiteral("Response");

// Portal Request.Response codes.
constexpr uint kResponseSuccess = 0;
constexpr uint kResponseCancelled = 1;

} // namespace

ScreenGrabber::ScreenGrabber(QObject *parent)
    : QObject(parent)
{
    m_delay.setSingleShot(true);
    connect(&m_delay, &QTimer::timeout, this, &ScreenGrabber::grabNow);
    m_portalTimeout.setSingleShot(true);
    connect(&m_portalTimeout, &QTimer::timeout, this, &ScreenGrabber::portalTimedOut);
}

ScreenGrabber::~ScreenGrabber()
{
    unwatchRequest();
    // Being destroyed half-way must not leave the window hidden.
    if (m_busy)
        restoreWindow();
}

bool ScreenGrabber::usesPortal()
{
    return QGuiApplication::platformName().startsWith(QLatin1String("wayland"));
}

bool ScreenGrabber::grab(QWidget *window, int delayMs)
{
    if (m_busy)
        return false;
    m_busy = true;
    m_window = window ? window->window() : nullptr;
    m_windowWasVisible = m_window && m_window->isVisible();
    if (m_windowWasVisible)
        m_window->hide();
    // Even with no delay, return to the event loop first so the hide reaches the
    // window system before the grab.
    m_delay.start(std::max(0, delayMs));
    return true;
}

void ScreenGrabber::grabNow()
{
    if (m_method == Method::Portal || (m_method == Method::Auto && usesPortal()))
        grabThroughPortal();
    else
        grabThroughScreen();
}

void ScreenGrabber::grabThroughScreen()
{
    QScreen *screen = m_window ? m_window->screen() : nullptr;
    if (!screen)
        screen = QGuiApplication::primaryScreen();
    if (!screen) {
        finishWithError(tr("There is no screen to take a picture of."), {});
        return;
    }
    const QPixmap shot = screen->grabWindow(0);
    if (shot.isNull()) {
        finishWithError(tr("The screen could not be captured."),
                        QStringLiteral("QScreen::grabWindow(0) returned nothing on platform \"%1\"")
                            .arg(QGuiApplication::platformName()));
        return;
    }
    finishWithImage(shot.toImage());
}

void ScreenGrabber::grabThroughPortal()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected()) {
        finishWithError(tr("The desktop's screenshot service is not available."),
                        bus.lastError().message());
        return;
    }
    // The portal derives the request object's path from our bus name and this token.
    // Subscribing before the call means an answer can never arrive unheard.
    const QString token = QStringLiteral("camchat%1").arg(QRandomGenerator::global()->generate());
    QString sender = bus.baseService().mid(1);
    sender.replace(QLatin1Char('.'), QLatin1Char('_'));
    watchRequest(QStringLiteral("%1/request/%2/%3").arg(kPortalPath, sender, token));

    QDBusMessage call = QDBusMessage::createMethodCall(kPortalService, kPortalPath,
                                                       kScreenshotInterface, QStringLiteral("Screenshot"));
    const QVariantMap options{
        {QStringLiteral("handle_token"), token},
        {QStringLiteral("interactive"), false},
    };
    call << QString() << options;
    auto *watcher = new QDBusPendingCallWatcher(bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *w) {
        w->deleteLater();
        const QDBusPendingReply<QDBusObjectPath> reply = *w;
        if (!m_busy || m_requestPath.isEmpty())
            return; // already answered or timed out
        if (reply.isError()) {
            unwatchRequest();
            finishWithError(tr("The desktop's screenshot service is not available."),
                            reply.error().message());
            return;
        }
        // Older portals did not honour handle_token and chose their own path.
        const QString path = reply.value().path();
        if (path != m_requestPath)
            watchRequest(path);
    });
    m_portalTimeout.start(m_portalTimeoutMs);
}

void ScreenGrabber::watchRequest(const QString &path)
{
    unwatchRequest();
    m_requestPath = path;
    QDBusConnection::sessionBus().connect(kPortalService, m_requestPath, kRequestInterface, kResponseSignal,
                                          this, SLOT(onPortalResponse(uint,QVariantMap)));
}

void ScreenGrabber::unwatchRequest()
{
    if (m_requestPath.isEmpty())
        return;
    QDBusConnection::sessionBus().disconnect(kPortalService, m_requestPath, kRequestInterface, kResponseSignal,
                                             this, SLOT(onPortalResponse(uint,QVariantMap)));
    m_requestPath.clear();
}

void ScreenGrabber::portalTimedOut()
{
    unwatchRequest();
    finishWithError(tr("The desktop did not answer the screenshot request."),
                    QStringLiteral("no Response from %1 within %2 ms").arg(kPortalService).arg(m_portalTimeoutMs));
}

void ScreenGrabber::onPortalResponse(uint response, const QVariantMap &results)
{
    if (!m_busy)
        return;
    m_portalTimeout.stop();
    unwatchRequest();
    if (response == kResponseCancelled) {
        finishWithError(tr("The screenshot was cancelled or not allowed."), {});
        return;
    }
    const QUrl uri(results.value(QStringLiteral("uri")).toString());
    if (response != kResponseSuccess || !uri.isLocalFile()) {
        finishWithError(tr("The desktop refused to take a screenshot."),
                        QStringLiteral("portal response %1, uri \"%2\"").arg(response).arg(uri.toString()));
        return;
    }
    // The picture is taken: the window may come back while the file is decoded.
    restoreWindow();
    const QString path = uri.toLocalFile();
    auto *watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcher<QImage>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        const QImage image = watcher->result();
        if (image.isNull())
            finishWithError(tr("The screenshot could not be read."), path);
        else
            finishWithImage(image);
    });
    watcher->setFuture(QtConcurrent::run([path] { return QImage(path); }));
}

void ScreenGrabber::finishWithImage(const QImage &image)
{
    restoreWindow();
    m_busy = false;
    Q_EMIT grabbed(image);
}

void ScreenGrabber::finishWithError(const QString &reason, const QString &detail)
{
    m_portalTimeout.stop();
    restoreWindow();
    m_busy = false;
    Q_EMIT failed(reason, detail);
}

void ScreenGrabber::restoreWindow()
{
    if (m_window && m_windowWasVisible) {
        m_window->show();
        m_window->raise();
        m_window->activateWindow();
    }
    m_windowWasVisible = false;
}

} // namespace camchat::ui
