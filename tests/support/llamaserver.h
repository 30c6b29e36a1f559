#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace camchat::test {

// The pinned llama.cpp's llama-server (built with the tools by scripts/bootstrap), run
// on 127.0.0.1 at a free port with the tiny fixture model. Killed by its PID in the
// destructor, and by the kernel if the test process dies first (PR_SET_PDEATHSIG).
class LlamaServer
{
public:
    struct Options {
        bool mmproj = true;   // false: a server whose model cannot see images
        QString apiKey;       // non-empty: --api-key
        QStringList extra;    // more arguments
        quint16 port = 0;     // 0: a free one; else this one (a server started again)
    };

    // Where the binary is (empty when this build has none).
    static QString binary();

    LlamaServer();
    ~LlamaServer();
    LlamaServer(const LlamaServer &) = delete;
    LlamaServer &operator=(const LlamaServer &) = delete;

    // Starts it and waits until /health answers 200; false (see error()) otherwise.
    bool start(const Options &options);
    // SIGKILL now and reap (a server dying mid-answer).
    void kill();
    bool isRunning() const;

    quint16 port() const { return m_port; }
    QString endpoint() const; // "http://127.0.0.1:PORT/v1"
    qint64 pid() const;
    QString error() const { return m_error; }
    // What the server printed (stdout and stderr), for failure messages.
    QByteArray output() const;

private:
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_error;
};

// A short HTTP GET on 127.0.0.1 (no QNetworkAccessManager: usable from any thread):
// the status code, or 0 when nothing answered.
int httpGetStatus(quint16 port, const QByteArray &path, int timeoutMs);

// A port nothing listens on right now.
quint16 freeLoopbackPort();

} // namespace camchat::test
