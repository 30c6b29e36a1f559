#include "fakehub.h"

#include "fixtureprofile.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryFile>

namespace camchat::test {

namespace {

constexpr int kStartMs = 10000;

bool readLine(QProcess &process, QByteArray *line)
{
    while (!process.canReadLine()) {
        if (!process.waitForReadyRead(kStartMs))
            return false;
    }
    *line = process.readLine().trimmed();
    return true;
}

} // namespace

FakeHub::FakeHub(const QString &dir, const QString &repo, const QStringList &extraArguments)
    : m_process(std::make_unique<QProcess>())
{
    m_logPath = QDir(dir).absoluteFilePath(QStringLiteral("../fakehub-%1.log").arg(reinterpret_cast<quintptr>(this)));
    QFile::remove(m_logPath);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->setReadChannel(QProcess::StandardOutput);
    m_process->start(QStringLiteral(CAMCHAT_FAKEHUB),
                     QStringList{QStringLiteral("--dir"), dir, QStringLiteral("--repo"), repo, QStringLiteral("--log"),
                                 m_logPath}
                         + extraArguments);
    QByteArray hub;
    QByteArray cdn;
    if (!m_process->waitForStarted(kStartMs) || !readLine(*m_process, &hub) || !readLine(*m_process, &cdn)) {
        qWarning("camchat_fakehub did not start: %s", m_process->readAllStandardError().constData());
        return;
    }
    m_hubPort = hub.mid(4).toInt();
    m_cdnPort = cdn.mid(4).toInt();
}

FakeHub::~FakeHub()
{
    if (m_process->state() == QProcess::NotRunning)
        return;
    m_process->closeWriteChannel();
    if (!m_process->waitForFinished(5000)) {
        m_process->kill(); // SIGKILL to its PID
        m_process->waitForFinished();
    }
}

QString FakeHub::endpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_hubPort);
}

bool FakeHub::set(const QString &command)
{
    m_process->write(command.toUtf8() + '\n');
    QByteArray line;
    if (!readLine(*m_process, &line))
        return false;
    return line == "ok " + command.toUtf8();
}

QStringList FakeHub::log() const
{
    QFile file(m_logPath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

void FakeHub::clearLog()
{
    QFile::remove(m_logPath);
}

QJsonObject tinyDownloadProfile(const QString &id, const QString &repo)
{
    QJsonObject profile = tinyProfile();
    profile.insert(QStringLiteral("id"), id);
    profile.insert(QStringLiteral("name"), QStringLiteral("Tiny download test"));
    profile.insert(QStringLiteral("files"), QJsonObject{
                                                {QStringLiteral("model"), QStringLiteral("tiny-idefics3.gguf")},
                                                {QStringLiteral("mmproj"), QStringLiteral("tiny-idefics3-mmproj.gguf")},
                                            });
    profile.insert(QStringLiteral("source"),
                   QJsonObject{
                       {QStringLiteral("huggingface"), repo},
                       {QStringLiteral("revision"), QStringLiteral("main")},
                       {QStringLiteral("files"),
                        QJsonObject{
                            {QStringLiteral("model"), QJsonObject{{QStringLiteral("name"), QStringLiteral("tiny-idefics3.gguf")}}},
                            {QStringLiteral("mmproj"),
                             QJsonObject{{QStringLiteral("name"), QStringLiteral("tiny-idefics3-mmproj.gguf")}}},
                        }},
                   });
    return profile;
}

bool copyTinyModelFiles(const QString &dir, const QString &modelName, const QString &mmprojName)
{
    if (!QDir().mkpath(dir))
        return false;
    const std::pair<const char *, QString> files[] = {{"tiny-idefics3.gguf", modelName},
                                                      {"tiny-idefics3-mmproj.gguf", mmprojName}};
    for (const auto &[fixtureName, name] : files) {
        const QString target = QDir(dir).filePath(name);
        QFile::remove(target);
        if (!QFile::copy(fixture(fixtureName), target))
            return false;
    }
    return true;
}

} // namespace camchat::test
