// ScreenGrabber against a fake xdg-desktop-portal on a private D-Bus session bus, plus
// the promise that the hidden window always comes back.
#include "widgettest.h"
#include "ui/screengrabber.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>
#include <QWidget>

#include <memory>

using camchat::ui::ScreenGrabber;

namespace {

const QString kPortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString kPortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
constexpr int kTimeoutMs = 5000;

} // namespace

// Plays org.freedesktop.portal.Screenshot: answers on the Request object the caller's
// bus name and handle_token imply, as xdg-desktop-portal does.
class FakePortal : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Screenshot")

public:
    explicit FakePortal(const QDBusConnection &bus)
        : m_bus(bus)
    {
    }

    uint response = 0;
    QString uri;
    bool answer = true;
    bool ignoreToken = false; // like portals older than handle_token
    const QWidget *watchedWindow = nullptr;

    int calls = 0;
    QString parentWindow;
    QVariantMap options;
    bool windowVisibleAtCall = true;

public Q_SLOTS:
    QDBusObjectPath Screenshot(const QString &parent, const QVariantMap &callOptions, const QDBusMessage &message)
    {
        ++calls;
        parentWindow = parent;
        options = callOptions;
        windowVisibleAtCall = watchedWindow && watchedWindow->isVisible();
        const QString sender = message.service().mid(1).replace(QLatin1Char('.'), QLatin1Char('_'));
        const QString token = ignoreToken ? QStringLiteral("portalchosen") : callOptions.value(QStringLiteral("handle_token")).toString();
        const QString path = QStringLiteral("%1/request/%2/%3").arg(kPortalPath, sender, token);
        if (answer) {
            QTimer::singleShot(50, this, [this, path] {
                QDBusMessage signal = QDBusMessage::createSignal(path, QStringLiteral("org.freedesktop.portal.Request"),
                                                                 QStringLiteral("Response"));
                signal << response << QVariantMap{{QStringLiteral("uri"), uri}};
                m_bus.send(signal);
            });
        }
        return QDBusObjectPath(path);
    }

private:
    QDBusConnection m_bus;
};

class TestScreenGrabber : public QObject
{
    Q_OBJECT

public:
    explicit TestScreenGrabber(QString busAddress)
        : m_busAddress(std::move(busAddress))
    {
    }

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void portalDeliversScreenshot();
    void portalChoosingItsOwnRequestPath();
    void portalDenied();
    void portalFailure();
    void portalNeverAnswers();
    void portalMissing();
    void screenMethodAlwaysRestoresWindow();
    void secondGrabWhileBusyIsRefused();
    void destroyedMidGrabRestoresWindow();

private:
    void startPortal();

    QString m_busAddress;
    QTemporaryDir m_dir;
    QString m_shotUri;
    std::unique_ptr<QDBusConnection> m_portalBus;
    std::unique_ptr<FakePortal> m_portal;
    std::unique_ptr<QWidget> m_window;
};

void TestScreenGrabber::initTestCase()
{
    if (m_busAddress.isEmpty())
        QSKIP("dbus-daemon could not be started");
    QVERIFY(QDBusConnection::sessionBus().isConnected());
    QVERIFY(m_dir.isValid());
    QImage shot(96, 64, QImage::Format_RGB32);
    shot.fill(QColor(12, 34, 56));
    const QString path = m_dir.filePath(QStringLiteral("Screenshot.png"));
    QVERIFY(shot.save(path));
    m_shotUri = QUrl::fromLocalFile(path).toString();
}

void TestScreenGrabber::init()
{
    m_window = std::make_unique<QWidget>();
    QVERIFY(camchat::test::showWindow(m_window.get(), QSize(200, 100)));
}

void TestScreenGrabber::cleanup()
{
    if (m_portalBus) {
        m_portalBus->unregisterService(kPortalService);
        m_portalBus->unregisterObject(kPortalPath);
        const QString name = m_portalBus->name();
        m_portalBus.reset();
        QDBusConnection::disconnectFromBus(name);
    }
    m_portal.reset();
    m_window.reset();
}

void TestScreenGrabber::startPortal()
{
    // Its own connection, so the portal is a separate peer on the bus as in real life.
    m_portalBus = std::make_unique<QDBusConnection>(
        QDBusConnection::connectToBus(m_busAddress, QStringLiteral("fakeportal")));
    QVERIFY(m_portalBus->isConnected());
    m_portal = std::make_unique<FakePortal>(*m_portalBus);
    m_portal->uri = m_shotUri;
    m_portal->watchedWindow = m_window.get();
    QVERIFY(m_portalBus->registerObject(kPortalPath, m_portal.get(), QDBusConnection::ExportAllSlots));
    QVERIFY(m_portalBus->registerService(kPortalService));
}

void TestScreenGrabber::portalDeliversScreenshot()
{
    startPortal();
    ScreenGrabber grabber;
    grabber.setMethod(ScreenGrabber::Method::Portal);
    QSignalSpy grabbed(&grabber, &ScreenGrabber::grabbed);
    QSignalSpy failed(&grabber, &ScreenGrabber::failed);

    QVERIFY(grabber.grab(m_window.get(), 50));
    QVERIFY(!m_window->isVisible());
    QVERIFY(grabbed.wait(kTimeoutMs));
    QCOMPARE(failed.count(), 0);

    const QImage image = grabbed.first().first().value<QImage>();
    QCOMPARE(image.size(), QSize(96, 64));
    QCOMPARE(QColor(image.pixel(5, 5)), QColor(12, 34, 56));
    QVERIFY(m_window->isVisible());
    QVERIFY(!grabber.isBusy());

    QCOMPARE(m_portal->calls, 1);
    QVERIFY(!m_portal->windowVisibleAtCall);
    QCOMPARE(m_portal->parentWindow, QString());
    QVERIFY(!m_portal->options.value(QStringLiteral("handle_token")).toString().isEmpty());
    QCOMPARE(m_portal->options.value(QStringLiteral("interactive")).toBool(), false);
}

void TestScreenGrabber::portalChoosingItsOwnRequestPath()
{
    startPortal();
    m_portal->ignoreToken = true;
    ScreenGrabber grabber;
    grabber.setMethod(ScreenGrabber::Method::Portal);
    QSignalSpy grabbed(&grabber, &ScreenGrabber::grabbed);
    QVERIFY(grabber.grab(m_window.get(), 0));
    QVERIFY(grabbed.wait(kTimeoutMs));
    QCOMPARE(grabbed.first().first().value<QImage>().size(), QSize(96, 64));
    QVERIFY(m_window->isVisible());
}

void TestScreenGrabber::portalDenied()
{
    startPortal();
    m_portal->response = 1;
    m_portal->uri.clear();
    ScreenGrabber grabber;
    grabber.setMethod(ScreenGrabber::Method::Portal);
    QSignalSpy grabbed(&grabber, &ScreenGrabber::grabbed);
    QSignalSpy failed(&grabber, &ScreenGrabber::failed);
    QVERIFY(grabber.grab(m_window.get(), 0));
    QVERIFY(failed.wait(kTimeoutMs));
    QCOMPARE(grabbed.count(), 0);
    QVERIFY(!failed.first().first().toString().isEmpty());
    QVERIFY(m_window->isVisible());
    QVERIFY(!grabber.isBusy());
}

void TestScreenGrabber::portalFailure()
{
    startPortal();
    m_portal->response = 2;
    ScreenGrabber grabber;
    grabber.setMethod(ScreenGrabber::Method::Portal);
    QSignalSpy failed(&grabber, &ScreenGrabber::failed);
    QVERIFY(grabber.grab(m_window.get(), 0));
    QVERIFY(failed.wait(kTimeoutMs));
    QVERIFY(failed.first().at(1).toString().contains(QLatin1String("2")));
    QVERIFY(m_window->isVisible());
}

void TestScreenGrabber::portalNeverAnswers()
{
    startPortal();
    m_portal->answer = false;
    ScreenGrabber grabber;
    grabber.setMethod(ScreenGrabber::Method::Portal);
    grabber.setPortalTimeout(300);
    QSignalSpy failed(&grabber, &ScreenGrabber::failed);
    QVERIFY(grabber.grab(m_window.get(), 0));
    QVERIFY(failed.wait(kTimeoutMs));
    QCOMPARE(m_portal->calls, 1);
    QVERIFY(m_window->isVisible());
    // Ready for the next attempt.
    QVERIFY(grabber.grab(m_window.get(), 0));
}

void TestScreenGrabber::portalMissing()
{
    ScreenGrabber grabber;
    grabber.setMethod(ScreenGrabber::Method::Portal);
    QSignalSpy failed(&grabber, &ScreenGrabber::failed);
    QVERIFY(grabber.grab(m_window.get(), 0));
    QVERIFY(failed.wait(kTimeoutMs));
    QVERIFY(!failed.first().first().toString().isEmpty());
    QVERIFY(!failed.first().at(1).toString().isEmpty()); // the D-Bus error
    QVERIFY(m_window->isVisible());
}

void TestScreenGrabber::screenMethodAlwaysRestoresWindow()
{
    ScreenGrabber grabber;
    grabber.setMethod(ScreenGrabber::Method::Screen);
    QSignalSpy grabbed(&grabber, &ScreenGrabber::grabbed);
    QSignalSpy failed(&grabber, &ScreenGrabber::failed);
    QVERIFY(grabber.grab(m_window.get(), 20));
    QVERIFY(!m_window->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(grabbed.count() + failed.count(), 1, kTimeoutMs);
    QVERIFY(m_window->isVisible());
}

void TestScreenGrabber::secondGrabWhileBusyIsRefused()
{
    ScreenGrabber grabber;
    grabber.setMethod(ScreenGrabber::Method::Screen);
    QSignalSpy grabbed(&grabber, &ScreenGrabber::grabbed);
    QSignalSpy failed(&grabber, &ScreenGrabber::failed);
    QVERIFY(grabber.grab(m_window.get(), 100));
    QVERIFY(grabber.isBusy());
    QVERIFY(!grabber.grab(m_window.get(), 0));
    QTRY_COMPARE_WITH_TIMEOUT(grabbed.count() + failed.count(), 1, kTimeoutMs);
    QTest::qWait(150);
    QCOMPARE(grabbed.count() + failed.count(), 1);
}

void TestScreenGrabber::destroyedMidGrabRestoresWindow()
{
    auto grabber = std::make_unique<ScreenGrabber>();
    QVERIFY(grabber->grab(m_window.get(), 1000));
    QVERIFY(!m_window->isVisible());
    grabber.reset();
    QVERIFY(m_window->isVisible());
}

// A private session bus, so the test neither needs nor disturbs the desktop's.
int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QProcess daemon;
    daemon.start(QStringLiteral("dbus-daemon"),
                 {QStringLiteral("--session"), QStringLiteral("--nofork"), QStringLiteral("--print-address=1")});
    QString address;
    if (daemon.waitForStarted(5000) && daemon.waitForReadyRead(5000))
        address = QString::fromUtf8(daemon.readLine()).trimmed();
    if (!address.isEmpty())
        qputenv("DBUS_SESSION_BUS_ADDRESS", address.toUtf8());

    int result = 0;
    {
        TestScreenGrabber test(address);
        result = QTest::qExec(&test, argc, argv);
    }
    daemon.terminate();
    if (!daemon.waitForFinished(3000))
        daemon.kill();
    return result;
}

#include "test_screengrabber.moc"
