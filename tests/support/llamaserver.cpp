#include "llamaserver.h"

#include "fixtureprofile.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <csignal>

#include <sys/prctl.h>

namespace camchat::test {

namespace {

// Model loading of the tiny model takes well under a second; a busy machine is slower.
constexpr int kStartTimeoutMs = 60000;

} // namespace

QString LlamaServer::binary()
{
#ifdef CAMCHAT_LLAMA_SERVER
    const QString path = QStringLiteral(CAMCHAT_LLAMA_SERVER);
    return QFileInfo(path).isExecutable() ? path : QString();
#else
    return {};
#endif
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

int httpGetStatus(quint16 port, const QByteArray &path, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(timeoutMs))
        return 0;
    socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray answer;
    const QDeadlineTimer deadline(timeoutMs);
    while (!answer.contains("\r\n") && !deadline.hasExpired()) {
        if (!socket.waitForReadyRead(int(deadline.remainingTime())))
            break;
        answer += socket.readAll();
    }
    const QList<QByteArray> status = answer.left(answer.indexOf("\r\n")).split(' ');
    return status.size() >= 2 ? status[1].toInt() : 0;
}

LlamaServer::LlamaServer() = default;

LlamaServer::~LlamaServer()
{
    kill();
}

bool LlamaServer::start(const Options &options)
{
    const QString program = binary();
    if (program.isEmpty()) {
        m_error = QStringLiteral("no llama-server in this build: run CAMCHAT_LLAMA_TOOLS=1 scripts/build-llama "
                                 "(scripts/bootstrap does) and configure again");
        return false;
    }
    // A port can be taken between the probe and the server's bind: try a few.
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = options.port != 0 ? options.port : freeLoopbackPort();
        QStringList arguments{QStringLiteral("-m"), fixture("tiny-idefics3.gguf"),
                              QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                              QStringLiteral("--port"), QString::number(m_port),
                              QStringLiteral("-t"), QStringLiteral("1"),
                              QStringLiteral("-c"), QStringLiteral("2048"),
                              QStringLiteral("-np"), QStringLiteral("1")};
        if (options.mmproj)
            arguments << QStringLiteral("--mmproj") << fixture("tiny-idefics3-mmproj.gguf");
        if (!options.apiKey.isEmpty())
            arguments << QStringLiteral("--api-key") << options.apiKey;
        arguments << options.extra;

        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        // Dies with the test, whatever way the test ends.
        m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        m_process->start(program, arguments);
        if (!m_process->waitForStarted()) {
            m_error = QStringLiteral("llama-server did not start: %1").arg(m_process->errorString());
            return false;
        }
        const QDeadlineTimer deadline(kStartTimeoutMs);
        while (!deadline.hasExpired() && m_process->state() == QProcess::Running) {
            if (httpGetStatus(m_port, "/health", 1000) == 200)
                return true;
            m_process->waitForFinished(100);
        }
        const bool exited = m_process->state() != QProcess::Running;
        kill();
        if (!exited) {
            m_error = QStringLiteral("llama-server did not become healthy within %1 s").arg(kStartTimeoutMs / 1000);
            return false;
        }
        m_error = QStringLiteral("llama-server exited: %1").arg(QString::fromLocal8Bit(output().right(2000)));
        if (options.port != 0)
            QThread::msleep(200); // the same port again: give the old socket a moment
    }
    return false;
}

void LlamaServer::kill()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        // By PID, this process only (QProcess::kill sends SIGKILL to it).
        m_process->kill();
        m_process->waitForFinished(10000);
    }
}

bool LlamaServer::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString LlamaServer::endpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1/v1").arg(m_port);
}

qint64 LlamaServer::pid() const
{
    return m_process ? m_process->processId() : 0;
}

QByteArray LlamaServer::output() const
{
    return m_process ? m_process->readAll() : QByteArray();
}

} // namespace camchat::test
