#include "scriptedchatserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QPointer>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

namespace camchat::test {

// Lives on the server's thread: accepts connections, reads one request from each and
// plays the handler's response.
class ScriptedChatServer::Worker : public QObject
{
public:
    explicit Worker(ScriptedChatServer &owner)
        : m_owner(owner)
    {
    }

    quint16 listen()
    {
        m_server = new QTcpServer(this);
        if (!m_server->listen(QHostAddress::LocalHost, 0))
            return 0;
        connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server->nextPendingConnection())
                accept(socket);
        });
        return m_server->serverPort();
    }

private:
    void accept(QTcpSocket *socket)
    {
        socket->setParent(this);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            Request request;
            const QList<QByteArray> lines = buffer->left(headerEnd).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            request.path = first.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                           lines[i].mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length", "0").toLongLong();
            if (buffer->size() < headerEnd + 4 + length)
                return;
            request.body = buffer->mid(headerEnd + 4, length);
            buffer->clear();
            disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
            m_owner.record(request);
            play(socket, m_owner.m_handler(request));
        });
    }

    void play(QTcpSocket *socket, const Response &response)
    {
        QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + " Scripted\r\nContent-Type: "
            + response.contentType + "\r\nConnection: close\r\n";
        if (response.chunked)
            head += "Transfer-Encoding: chunked\r\n";
        if (response.contentLength) {
            qsizetype length = 0;
            for (const Step &step : response.steps)
                length += step.bytes.size();
            head += "Content-Length: " + QByteArray::number(length) + "\r\n";
        }
        head += "\r\n";
        socket->write(head);
        socket->flush();
        playStep(QPointer<QTcpSocket>(socket), response, 0);
    }

    void playStep(QPointer<QTcpSocket> socket, Response response, qsizetype index)
    {
        if (!socket)
            return;
        if (index == response.steps.size()) {
            if (response.hang)
                return;
            if (response.chunked && !response.cutOff)
                socket->write("0\r\n\r\n");
            socket->flush();
            socket->disconnectFromHost();
            return;
        }
        const Step &step = response.steps[index];
        const auto write = [this, socket, response, index] {
            if (!socket)
                return;
            const QByteArray &bytes = response.steps[index].bytes;
            if (response.chunked)
                socket->write(QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n");
            else
                socket->write(bytes);
            socket->flush();
            playStep(socket, response, index + 1);
        };
        if (step.delayMs > 0)
            QTimer::singleShot(step.delayMs, this, write);
        else
            QMetaObject::invokeMethod(this, write, Qt::QueuedConnection);
    }

    ScriptedChatServer &m_owner;
    QTcpServer *m_server = nullptr;
};

ScriptedChatServer::Response ScriptedChatServer::Response::json(int status, const QByteArray &body)
{
    Response response;
    response.status = status;
    response.contentType = "application/json";
    response.steps = {{body, 0}};
    response.contentLength = true;
    return response;
}

ScriptedChatServer::Response ScriptedChatServer::Response::events(const QList<QByteArray> &events, int delayMs)
{
    Response response;
    for (const QByteArray &event : events)
        response.steps.append({"data: " + event + "\n\n", delayMs});
    return response;
}

ScriptedChatServer::ScriptedChatServer(Handler handler)
    : m_handler(std::move(handler))
    , m_thread(std::make_unique<QThread>())
{
    m_thread->setObjectName(QStringLiteral("scripted-chat-server"));
    m_worker = new Worker(*this);
    m_worker->moveToThread(m_thread.get());
    QObject::connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, [this] { m_port = m_worker->listen(); }, Qt::BlockingQueuedConnection);
}

ScriptedChatServer::~ScriptedChatServer()
{
    m_thread->quit();
    m_thread->wait();
}

QString ScriptedChatServer::endpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1/v1").arg(m_port);
}

QList<ScriptedChatServer::Request> ScriptedChatServer::requests() const
{
    const std::lock_guard lock(m_mutex);
    return m_requests;
}

void ScriptedChatServer::record(const Request &request)
{
    const std::lock_guard lock(m_mutex);
    m_requests.append(request);
}

QByteArray ScriptedChatServer::contentChunk(const QString &content)
{
    const QJsonObject chunk{
        {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
        {QStringLiteral("choices"),
         QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                {QStringLiteral("delta"), QJsonObject{{QStringLiteral("content"), content}}},
                                {QStringLiteral("finish_reason"), QJsonValue::Null}}}},
    };
    return QJsonDocument(chunk).toJson(QJsonDocument::Compact);
}

QByteArray ScriptedChatServer::finalChunk(int promptTokens, int completionTokens)
{
    const QJsonObject chunk{
        {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
        {QStringLiteral("choices"),
         QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                {QStringLiteral("delta"), QJsonObject{}},
                                {QStringLiteral("finish_reason"), QStringLiteral("stop")}}}},
        {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), promptTokens},
                                              {QStringLiteral("completion_tokens"), completionTokens}}},
    };
    return QJsonDocument(chunk).toJson(QJsonDocument::Compact);
}

QByteArray ScriptedChatServer::modelList(const QStringList &ids)
{
    QJsonArray data;
    for (const QString &id : ids)
        data.append(QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("object"), QStringLiteral("model")}});
    return QJsonDocument(QJsonObject{{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}})
        .toJson(QJsonDocument::Compact);
}

} // namespace camchat::test
