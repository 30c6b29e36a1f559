// `camchat ask --endpoint` end to end against the real llama-server (the pinned
// llama.cpp's, serving the tiny fixture model on loopback): the streamed answer and its
// timings, exit 3 for everything wrong before the answer (unreachable, key rejected or
// missing, a model without vision), exit 5 when the server dies mid-answer.
#include "llamaserver.h"
#include "processrunner.h"
#include "testfiles.h"
#include "testimages.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using camchat::test::LlamaServer;
using camchat::test::ProcessResult;

namespace {

constexpr int kTimeoutMs = 60000;

QString camchatProgram()
{
    return QStringLiteral(CAMCHAT_EXECUTABLE);
}

} // namespace

class TestCliRemote : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void streamsAnswerWithTimings();
    void jsonReportsServerTimings();
    void unreachableExits3();
    void apiKey_data();
    void apiKey();
    void serverWithoutVision();
    void serverKilledMidAnswer();
    void remoteProfileFromTheUserFolder();

private:
    ProcessResult ask(const QStringList &arguments, const QProcessEnvironment &environment = {});
    QStringList imageArguments() const { return {QStringLiteral("--image"), m_image}; }

    QTemporaryDir m_dir;
    QString m_image;
    LlamaServer m_server; // with --mmproj, no key
};

void TestCliRemote::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_image = m_dir.filePath(QStringLiteral("pattern.jpg"));
    QFile file(m_image);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(camchat::testimages::encodeJpeg(camchat::testimages::patternFrame(200, 150)));
    file.close();
    QVERIFY2(m_server.start({}), qPrintable(m_server.error()));
}

ProcessResult TestCliRemote::ask(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcessEnvironment env = environment.isEmpty() ? camchat::test::camchatEnvironment() : environment;
    return camchat::test::runProcess(camchatProgram(), QStringList{QStringLiteral("ask")} + arguments, env, kTimeoutMs);
}

void TestCliRemote::streamsAnswerWithTimings()
{
    QProcessEnvironment env = camchat::test::camchatEnvironment();
    env.remove(QStringLiteral("CAMCHAT_API_KEY"));
    const ProcessResult result = ask(QStringList{QStringLiteral("--endpoint"), m_server.endpoint(),
                                                 QStringLiteral("--max-tokens"), QStringLiteral("12"),
                                                 QStringLiteral("--prompt"), QStringLiteral("What is this?")}
                                         + imageArguments(),
                                     env);
    QVERIFY(result.finished);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(!result.out.trimmed().isEmpty());
    // The text timings name the upload and the server's prompt processing.
    QVERIFY2(result.err.contains("upload"), result.err.constData());
    QVERIFY2(result.err.contains("server_prompt"), result.err.constData());
}

void TestCliRemote::jsonReportsServerTimings()
{
    const ProcessResult result = ask(QStringList{QStringLiteral("--endpoint"), m_server.endpoint(),
                                                 QStringLiteral("--max-tokens"), QStringLiteral("8"),
                                                 QStringLiteral("--json")}
                                     + imageArguments());
    QVERIFY2(result.exitCode == 0, result.err.constData());
    const QJsonObject root = QJsonDocument::fromJson(result.out).object();
    QVERIFY2(!root.value(QLatin1String("answer")).toString().isEmpty(), result.out.constData());
    QCOMPARE(root.value(QLatin1String("model")).toObject().value(QLatin1String("backend")).toString(),
             QStringLiteral("openai"));
    const QJsonObject timings = root.value(QLatin1String("timings")).toObject();
    QVERIFY(timings.value(QLatin1String("upload_us")).isDouble());
    QVERIFY(timings.value(QLatin1String("preprocess_us")).isDouble());
    QVERIFY(timings.value(QLatin1String("first_token_us")).isDouble());
    QVERIFY(timings.value(QLatin1String("server_prompt_ms")).isDouble());
    QVERIFY(timings.value(QLatin1String("server_prompt_tokens")).toInt() > 0);
    QVERIFY(timings.value(QLatin1String("server_decode_tokens_per_s")).isDouble());
    // Not reported by a server: null, never 0.
    QVERIFY(timings.value(QLatin1String("vision_encode_us")).isNull());
}

void TestCliRemote::unreachableExits3()
{
    const quint16 port = camchat::test::freeLoopbackPort();
    const ProcessResult result = ask(QStringList{QStringLiteral("--endpoint"),
                                                 QStringLiteral("http://127.0.0.1:%1/v1").arg(port)}
                                     + imageArguments());
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains(QStringLiteral("127.0.0.1:%1").arg(port).toUtf8()), result.err.constData());
}

void TestCliRemote::apiKey_data()
{
    QTest::addColumn<QString>("variable");  // what --api-key-env names ("" = the default)
    QTest::addColumn<QString>("value");     // its value ("" = unset)
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");   // in stderr
    QTest::newRow("right key") << QString() << QStringLiteral("sekrit-1") << 0 << QString();
    QTest::newRow("wrong key") << QString() << QStringLiteral("wrong-2") << 3 << QStringLiteral("CAMCHAT_API_KEY");
    QTest::newRow("named variable, right key") << QStringLiteral("MY_GPU_KEY") << QStringLiteral("sekrit-1") << 0
                                               << QString();
    QTest::newRow("named variable unset") << QStringLiteral("MY_GPU_KEY") << QString() << 3
                                          << QStringLiteral("MY_GPU_KEY is unset");
}

void TestCliRemote::apiKey()
{
    QFETCH(QString, variable);
    QFETCH(QString, value);
    QFETCH(int, exitCode);
    QFETCH(QString, message);

    LlamaServer server;
    LlamaServer::Options options;
    options.apiKey = QStringLiteral("sekrit-1");
    QVERIFY2(server.start(options), qPrintable(server.error()));

    QProcessEnvironment env = camchat::test::camchatEnvironment();
    env.remove(QStringLiteral("CAMCHAT_API_KEY"));
    env.remove(QStringLiteral("MY_GPU_KEY"));
    const QString name = variable.isEmpty() ? QStringLiteral("CAMCHAT_API_KEY") : variable;
    if (!value.isEmpty())
        env.insert(name, value);
    QStringList arguments{QStringLiteral("--endpoint"), server.endpoint(), QStringLiteral("--max-tokens"),
                          QStringLiteral("4"), QStringLiteral("--json")};
    if (!variable.isEmpty())
        arguments << QStringLiteral("--api-key-env") << variable;
    const ProcessResult result = ask(arguments + imageArguments(), env);
    QVERIFY(result.finished);
    QVERIFY2(result.exitCode == exitCode, result.err.constData());
    if (!message.isEmpty())
        QVERIFY2(result.err.contains(message.toUtf8()), result.err.constData());
    // The key is never printed, whatever happened.
    if (!value.isEmpty()) {
        QVERIFY(!result.err.contains(value.toUtf8()));
        QVERIFY(!result.out.contains(value.toUtf8()));
    }
}

void TestCliRemote::serverWithoutVision()
{
    LlamaServer server;
    LlamaServer::Options options;
    options.mmproj = false;
    QVERIFY2(server.start(options), qPrintable(server.error()));
    const ProcessResult result = ask(QStringList{QStringLiteral("--endpoint"), server.endpoint(),
                                                 QStringLiteral("--json")}
                                     + imageArguments());
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 3);
    QVERIFY2(result.err.contains("--mmproj"), result.err.constData());
    const QJsonObject error = QJsonDocument::fromJson(result.out).object().value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("image_not_supported"));
}

void TestCliRemote::serverKilledMidAnswer()
{
    LlamaServer server;
    LlamaServer::Options options;
    options.extra = {QStringLiteral("--ignore-eos")}; // a long answer, for sure
    QVERIFY2(server.start(options), qPrintable(server.error()));

    QProcess process;
    process.setProcessEnvironment(camchat::test::camchatEnvironment());
    process.start(camchatProgram(), QStringList{QStringLiteral("ask"), QStringLiteral("--endpoint"), server.endpoint(),
                                         QStringLiteral("--max-tokens"), QStringLiteral("1900")}
                                 + imageArguments());
    QVERIFY(process.waitForStarted());
    // The answer has started streaming: kill the server under it.
    QByteArray out;
    const QDeadlineTimer deadline(kTimeoutMs);
    while (out.trimmed().isEmpty() && !deadline.hasExpired() && process.state() == QProcess::Running) {
        process.waitForReadyRead(50);
        out += process.readAllStandardOutput();
    }
    QVERIFY2(!out.trimmed().isEmpty(), process.readAllStandardError().constData());
    server.kill();
    QVERIFY(process.waitForFinished(kTimeoutMs));
    out += process.readAllStandardOutput();
    const QByteArray err = process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 5, err.constData());
    // The partial answer stayed on stdout, and the message says it is cut off.
    QVERIFY(!out.trimmed().isEmpty());
    QVERIFY2(err.contains("cut off"), err.constData());
}

// A user profile with "backend": "openai": listed as ready with its server, and
// `ask --model` with it answers from the server.
void TestCliRemote::remoteProfileFromTheUserFolder()
{
    QTemporaryDir data;
    QVERIFY(data.isValid());
    const QString profile = data.filePath(QStringLiteral("camchat/models/served.json"));
    QVERIFY(QDir().mkpath(QFileInfo(profile).absolutePath()));
    QVERIFY(camchat::test::writeFile(profile, QStringLiteral(
        "{\"schema\": 1, \"id\": \"served\", \"name\": \"Served tiny\", \"backend\": \"openai\","
        " \"remote\": {\"endpoint\": \"%1\", \"apiKeyEnv\": \"SERVED_KEY\"},"
        " \"vision\": {\"width\": 64, \"height\": 64}, \"sampling\": {\"maxNewTokens\": 6}}")
        .arg(m_server.endpoint()).toUtf8()));
    QProcessEnvironment env = camchat::test::camchatEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), data.path());

    const ProcessResult models = camchat::test::runProcess(
        camchatProgram(), {QStringLiteral("models"), QStringLiteral("--json")}, env, kTimeoutMs);
    QCOMPARE(models.exitCode, 0);
    QJsonObject served;
    for (const QJsonValue &entry : QJsonDocument::fromJson(models.out).object().value(QLatin1String("profiles")).toArray()) {
        if (entry.toObject().value(QLatin1String("id")).toString() == QLatin1String("served"))
            served = entry.toObject();
    }
    QCOMPARE(served.value(QLatin1String("backend")).toString(), QStringLiteral("openai"));
    QVERIFY(served.value(QLatin1String("ready")).toBool());
    QCOMPARE(served.value(QLatin1String("remote")).toObject().value(QLatin1String("endpoint")).toString(),
             m_server.endpoint());

    const ProcessResult result = ask(QStringList{QStringLiteral("--model"), QStringLiteral("served")} + imageArguments(), env);
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY(!result.out.trimmed().isEmpty());
}

QTEST_GUILESS_MAIN(TestCliRemote)
#include "test_cli_remote.moc"
