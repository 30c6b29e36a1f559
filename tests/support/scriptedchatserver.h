#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <functional>
#include <memory>
#include <mutex>

class QThread;

namespace camchat::test {

// A loopback HTTP server that answers from a script, for what a real model server will
// not do on request: events split at chosen bytes, keep-alives, an error mid-stream, a
// slow first token, a stream cut off. Listens on 127.0.0.1 only, on its own thread (the
// code under test may block the test's thread in a local event loop); stops and joins
// that thread in its destructor.
class ScriptedChatServer
{
public:
    struct Request {
        QByteArray method;
        QByteArray path;
        QMap<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;
    };

    // One write of the answer, `delayMs` after the previous one.
    struct Step {
        QByteArray bytes;
        int delayMs = 0;
    };

    struct Response {
        int status = 200;
        QByteArray contentType = "text/event-stream";
        QList<Step> steps;      // the body, piece by piece
        bool chunked = false;   // Transfer-Encoding: chunked (else the body ends with the connection)
        bool cutOff = false;    // chunked: close without the last chunk (a dropped connection)
        bool hang = false;      // after the steps, keep the connection open and send nothing
        bool contentLength = false; // announce the body's length (the steps' total)

        // A complete JSON answer.
        static Response json(int status, const QByteArray &body);
        // An event stream: each of `events` is one "data: ..." event ("[DONE]" too).
        static Response events(const QList<QByteArray> &events, int delayMs = 0);
    };

    using Handler = std::function<Response(const Request &)>;

    // Starts listening; `handler` runs on the server's thread.
    explicit ScriptedChatServer(Handler handler);
    ~ScriptedChatServer();
    ScriptedChatServer(const ScriptedChatServer &) = delete;
    ScriptedChatServer &operator=(const ScriptedChatServer &) = delete;

    quint16 port() const { return m_port; }
    // "http://127.0.0.1:PORT/v1"
    QString endpoint() const;
    // Every request so far, in order. Thread-safe.
    QList<Request> requests() const;

    // A chat.completion.chunk event carrying `content`.
    static QByteArray contentChunk(const QString &content);
    // The last chunk: finish_reason "stop", with usage.
    static QByteArray finalChunk(int promptTokens, int completionTokens);
    // {"data":[{"id":...},...]}
    static QByteArray modelList(const QStringList &ids);

private:
    class Worker;
    friend class Worker;
    void record(const Request &request);

    Handler m_handler;
    std::unique_ptr<QThread> m_thread;
    Worker *m_worker = nullptr; // lives on m_thread
    quint16 m_port = 0;
    mutable std::mutex m_mutex;
    QList<Request> m_requests;
};

} // namespace camchat::test
