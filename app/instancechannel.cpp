#include "instancechannel.h"

#include <QDir>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTimer>

#include <unistd.h>

namespace camchat::app {

namespace {

constexpr int kReadTimeoutMs = 2000;
constexpr qint64 kMaxRequestBytes = 256;

} // namespace

InstanceChannel::InstanceChannel(QObject *parent)
    : QObject(parent)
    , m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &InstanceChannel::onConnection);
}

InstanceChannel::~InstanceChannel() = default;

QString InstanceChannel::socketPath()
{
    const QByteArray runtime = qgetenv("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty() && QDir(QString::fromLocal8Bit(runtime)).exists())
        return QDir(QString::fromLocal8Bit(runtime)).filePath(QStringLiteral("camchat-instance"));
    return QDir::temp().filePath(QStringLiteral("camchat-instance-%1").arg(::getuid()));
}

bool InstanceChannel::sendToRunning(const QByteArray &request, int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(socketPath());
    if (!socket.waitForConnected(timeoutMs))
        return false;
    socket.write(request + '\n');
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(timeoutMs))
            return false;
    }
    return socket.readLine().trimmed() == "ok";
}

bool InstanceChannel::listen()
{
    if (m_server->isListening())
        return true;
    const QString path = socketPath();
    {
        // Someone answers: that window keeps the socket.
        QLocalSocket probe;
        probe.connectToServer(path);
        if (probe.waitForConnected(200)) {
            probe.disconnectFromServer();
            return false;
        }
    }
    QLocalServer::removeServer(path); // what a crashed camchat left behind
    return m_server->listen(path);
}

bool InstanceChannel::isListening() const
{
    return m_server->isListening();
}

void InstanceChannel::onConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine()) {
                if (socket->bytesAvailable() > kMaxRequestBytes)
                    socket->abort();
                return;
            }
            const QByteArray request = socket->readLine(kMaxRequestBytes).trimmed();
            const bool known = request == kGrab || request == kGrabRegion;
            socket->write(known ? "ok\n" : "unknown\n");
            socket->flush();
            socket->disconnectFromServer();
            if (known)
                Q_EMIT requested(request);
        });
        // A client that connects and says nothing is not kept forever.
        QTimer::singleShot(kReadTimeoutMs, socket, [socket] { socket->abort(); });
    }
}

} // namespace camchat::app
