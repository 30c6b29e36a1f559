// InstanceChannel: `camchat --grab` reaches the open window through a local socket in the
// runtime folder; a second window does not take the socket; a socket left by a crash is
// replaced; nonsense is refused.
#include "app/instancechannel.h"

#include <QFile>
#include <QLocalServer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using camchat::app::InstanceChannel;

namespace {

// sendToRunning() blocks, as it does before the app has an event loop; the listening
// side needs this thread's loop, so the sender runs on its own thread.
bool sendFromThread(const QByteArray &request)
{
    std::atomic<int> result{-1};
    std::thread sender([&] { result = InstanceChannel::sendToRunning(request) ? 1 : 0; });
    (void)QTest::qWaitFor([&] { return result >= 0; }, 10000); // the join below waits for good
    sender.join();
    return result == 1;
}

} // namespace

class TestInstanceChannel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void grabReachesTheOpenWindow();
    void secondWindowDoesNotTakeTheSocket();
    void socketLeftByCrashIsReplaced();
    void nobodyListening();

private:
    QTemporaryDir m_runtime;
};

void TestInstanceChannel::initTestCase()
{
    QVERIFY(m_runtime.isValid());
    qputenv("XDG_RUNTIME_DIR", m_runtime.path().toUtf8());
    QVERIFY(InstanceChannel::socketPath().startsWith(m_runtime.path()));
}

void TestInstanceChannel::grabReachesTheOpenWindow()
{
    InstanceChannel window;
    QVERIFY(window.listen());
    QSignalSpy requested(&window, &InstanceChannel::requested);
    QVERIFY(sendFromThread(InstanceChannel::kGrabRegion));
    QTRY_COMPARE(requested.count(), 1);
    QCOMPARE(requested.first().first().toByteArray(), QByteArray(InstanceChannel::kGrabRegion));

    QVERIFY(!sendFromThread("rm -rf /"));
    QTest::qWait(50);
    QCOMPARE(requested.count(), 1);
}

void TestInstanceChannel::secondWindowDoesNotTakeTheSocket()
{
    InstanceChannel first;
    QVERIFY(first.listen());
    InstanceChannel second;
    QVERIFY(!second.listen());
    QSignalSpy requested(&first, &InstanceChannel::requested);
    QVERIFY(sendFromThread(InstanceChannel::kGrab));
    QTRY_COMPARE(requested.count(), 1);
}

void TestInstanceChannel::socketLeftByCrashIsReplaced()
{
    {
        // A server whose socket file stays behind, as after a crash.
        QLocalServer crashed;
        crashed.setSocketOptions(QLocalServer::UserAccessOption);
        QVERIFY(crashed.listen(InstanceChannel::socketPath()));
        crashed.close();
    }
    QFile leftover(InstanceChannel::socketPath());
    if (!leftover.exists()) {
        QVERIFY(leftover.open(QIODevice::WriteOnly)); // close() removed it: leave a file instead
        leftover.close();
    }
    InstanceChannel window;
    QVERIFY(window.listen());
    QSignalSpy requested(&window, &InstanceChannel::requested);
    QVERIFY(sendFromThread(InstanceChannel::kGrab));
    QTRY_COMPARE(requested.count(), 1);
}

void TestInstanceChannel::nobodyListening()
{
    QVERIFY(!InstanceChannel::sendToRunning(InstanceChannel::kGrab, 500));
}

QTEST_MAIN(TestInstanceChannel)
#include "test_instancechannel.moc"
