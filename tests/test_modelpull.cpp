// `camchat models pull / remove / --json` run as a process against the loopback hub
// (camchat_fakehub): a full verified pull whose model then answers, a dropped download
// resumed with Range, checksum mismatch, 404 and 401, the token kept from the CDN, a
// server ignoring Range, Ctrl+C, two pulls at once, and files found in llama.cpp's and
// the hub's caches.
#include "fakehub.h"
#include "fixtureprofile.h"
#include "processrunner.h"
#include "testfiles.h"
#include "testimages.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <signal.h>

namespace {

using camchat::test::FakeHub;

constexpr int kTimeoutMs = 120000;
const QString kRepo = QStringLiteral("test/tiny");
const QString kId = QStringLiteral("tiny-dl");
const QString kModel = QStringLiteral("tiny-idefics3.gguf");
const QString kMmproj = QStringLiteral("tiny-idefics3-mmproj.gguf");

QString sha256Of(const QString &path)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(camchat::test::readFile(path), QCryptographicHash::Sha256).toHex());
}

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestModelPull : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeHub> m_hub;
    QString m_image;

    QString path(const QString &relative) const { return m_dir->filePath(relative); }
    QString modelDir() const { return path(QStringLiteral("data/camchat/models")); }
    QString target(const QString &name) const { return QDir(modelDir()).filePath(name); }

    QProcessEnvironment environment(const QString &token = {}) const
    {
        const QString endpoint = m_hub ? m_hub->endpoint() : QString();
        QProcessEnvironment env = camchat::test::camchatEnvironment();
        env.insert(QStringLiteral("HOME"), path(QStringLiteral("home")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), path(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), path(QStringLiteral("cache")));
        for (const char *name : {"LLAMA_CACHE", "HF_HOME", "HF_HUB_CACHE", "HF_TOKEN", "MODEL_ENDPOINT"})
            env.remove(QString::fromLatin1(name));
        env.insert(QStringLiteral("HF_ENDPOINT"), endpoint);
        if (!token.isEmpty())
            env.insert(QStringLiteral("HF_TOKEN"), token);
        return env;
    }

    Run run(const QStringList &arguments, const QProcessEnvironment &env) const
    {
        const camchat::test::ProcessResult r =
            camchat::test::runProcess(QStringLiteral(CAMCHAT_EXECUTABLE), arguments, env, kTimeoutMs);
        if (!r.finished || r.exitStatus != QProcess::NormalExit)
            return {};
        return {r.exitCode, r.out, r.err};
    }
    Run pull(const QString &token = {}) const
    {
        return run({QStringLiteral("models"), QStringLiteral("pull"), kId}, environment(token));
    }

    void writeProfile(const QString &repo = kRepo)
    {
        QVERIFY(QDir().mkpath(modelDir()));
        QVERIFY(camchat::test::writeJsonFile(QDir(modelDir()).filePath(kId + QStringLiteral(".json")),
                                             camchat::test::tinyDownloadProfile(kId, repo)));
    }

    void verifyPulled() const
    {
        for (const QString &name : {kModel, kMmproj}) {
            QVERIFY2(QFileInfo(target(name)).isFile(), qPrintable(name));
            QCOMPARE(sha256Of(target(name)), sha256Of(camchat::test::fixture(name)));
            QVERIFY(!QFileInfo::exists(target(name) + QStringLiteral(".part")));
        }
    }

    QStringList cdnRequests() const
    {
        QStringList lines;
        for (const QString &line : m_hub->log()) {
            if (line.startsWith(QLatin1String("cdn ")))
                lines.append(line);
        }
        return lines;
    }

    // Starts a pull that stays busy (the CDN sends slowly) and waits until its .part grows.
    std::unique_ptr<QProcess> startSlowPull()
    {
        auto process = std::make_unique<QProcess>();
        process->setProcessEnvironment(environment());
        process->start(QStringLiteral(CAMCHAT_EXECUTABLE), {QStringLiteral("models"), QStringLiteral("pull"), kId});
        if (!process->waitForStarted(kTimeoutMs))
            return {};
        const QString part = target(kModel) + QStringLiteral(".part");
        QDeadlineTimer deadline(kTimeoutMs);
        while (QFileInfo(part).size() == 0 && !deadline.hasExpired() && process->state() == QProcess::Running)
            QTest::qWait(20);
        if (QFileInfo(part).size() == 0)
            return {};
        return process;
    }

private Q_SLOTS:
    void initTestCase()
    {
        using namespace camchat::testimages;
        QVERIFY(QFileInfo::exists(camchat::test::fixture("tiny-idefics3.gguf")));
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(camchat::test::copyTinyModelFiles(path(QStringLiteral("hub"))));
        m_hub = std::make_unique<FakeHub>(path(QStringLiteral("hub")), kRepo);
        QVERIFY(m_hub->isRunning());
        writeProfile();
        m_image = path(QStringLiteral("pattern.png"));
        QVERIFY(camchat::test::writeFile(
            m_image, camchat::testimages::encodePng(camchat::testimages::patternFrame(64, 48))));
    }

    void cleanup()
    {
        m_hub.reset();
        m_dir.reset();
    }

    void fullPullIsVerifiedAndTheModelAnswers()
    {
        {
            const Run r = run({QStringLiteral("models"), QStringLiteral("--json")}, environment());
            QCOMPARE(r.exitCode, 0);
            const QJsonArray profiles = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("profiles")).toArray();
            QJsonObject download;
            for (const QJsonValue &p : profiles) {
                if (p.toObject().value(QStringLiteral("id")).toString() == kId) {
                    download = p.toObject().value(QStringLiteral("download")).toObject();
                    QVERIFY(p.toObject().value(QStringLiteral("source")).toString().endsWith(QLatin1String("tiny-dl.json")));
                }
            }
            QCOMPARE(download.value(QStringLiteral("repo")).toString(), kRepo);
            QCOMPARE(download.value(QStringLiteral("revision")).toString(), QStringLiteral("main"));
            QCOMPARE(download.value(QStringLiteral("ready")).toBool(true), false);
            const QJsonArray files = download.value(QStringLiteral("files")).toArray();
            QCOMPARE(files.size(), 2);
            QCOMPARE(files.at(0).toObject().value(QStringLiteral("name")).toString(), kModel);
            QCOMPARE(files.at(0).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("missing"));
            QVERIFY(files.at(0).toObject().contains(QStringLiteral("bytes")));
            QVERIFY(files.at(0).toObject().contains(QStringLiteral("sha256")));
        }

        const Run r = pull(QStringLiteral("secret"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        verifyPulled();
        QVERIFY(r.err.contains("100 %"));

        // The token went to the hub, never to the CDN (another port: another origin).
        const QStringList log = m_hub->log();
        QVERIFY(!log.isEmpty());
        bool sawCdn = false;
        for (const QString &line : log) {
            if (line.startsWith(QLatin1String("hub ")))
                QVERIFY2(line.endsWith(QLatin1String("auth=yes")), qPrintable(line));
            if (line.startsWith(QLatin1String("cdn "))) {
                sawCdn = true;
                QVERIFY2(line.endsWith(QLatin1String("auth=no")), qPrintable(line));
            }
        }
        QVERIFY(sawCdn);

        {
            const Run json = run({QStringLiteral("models"), QStringLiteral("--json")}, environment());
            const QJsonArray profiles = QJsonDocument::fromJson(json.out).object().value(QStringLiteral("profiles")).toArray();
            for (const QJsonValue &p : profiles) {
                if (p.toObject().value(QStringLiteral("id")).toString() != kId)
                    continue;
                const QJsonObject download = p.toObject().value(QStringLiteral("download")).toObject();
                QVERIFY(download.value(QStringLiteral("ready")).toBool());
                for (const QJsonValue &f : download.value(QStringLiteral("files")).toArray())
                    QCOMPARE(f.toObject().value(QStringLiteral("state")).toString(), QStringLiteral("ready"));
            }
        }

        // The pulled profile really loads and answers.
        const Run ask = run({QStringLiteral("ask"), QStringLiteral("--image"), m_image, QStringLiteral("--threads"),
                             QStringLiteral("1"), QStringLiteral("--model"), kId, QStringLiteral("--prompt"), QStringLiteral("What is this?")},
                            environment());
        QVERIFY2(ask.exitCode == 0, ask.err.constData());
        QVERIFY(!ask.out.trimmed().isEmpty());

        // A second pull has nothing to do.
        m_hub->clearLog();
        QCOMPARE(pull().exitCode, 0);
        QVERIFY(cdnRequests().isEmpty());

        // remove deletes what pull put there.
        const Run removed = run({QStringLiteral("models"), QStringLiteral("remove"), kId}, environment());
        QCOMPARE(removed.exitCode, 0);
        QVERIFY(!QFileInfo::exists(target(kModel)));
        QVERIFY(!QFileInfo::exists(target(kMmproj)));
    }

    void builtInProfilePullsFromTheHub()
    {
        // `camchat models pull smolvlm-500m-cpu` headless, end to end: the built-in profile's
        // repository on the loopback hub holds generated model files under the real names;
        // the hub's sizes replace the profile's, the hub's sha256 is checked.
        const QString repo = QStringLiteral("ggml-org/SmolVLM-500M-Instruct-GGUF");
        const QString model = QStringLiteral("SmolVLM-500M-Instruct-Q8_0.gguf");
        const QString mmproj = QStringLiteral("mmproj-SmolVLM-500M-Instruct-Q8_0.gguf");
        QVERIFY(camchat::test::copyTinyModelFiles(path(QStringLiteral("hub500")), model, mmproj));
        m_hub = std::make_unique<FakeHub>(path(QStringLiteral("hub500")), repo);
        QVERIFY(m_hub->isRunning());
        const Run r = run({QStringLiteral("models"), QStringLiteral("pull"), QStringLiteral("smolvlm-500m-cpu")},
                          environment());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(sha256Of(target(model)), sha256Of(camchat::test::fixture(kModel)));
        QCOMPARE(sha256Of(target(mmproj)), sha256Of(camchat::test::fixture(kMmproj)));

        const Run ask = run({QStringLiteral("ask"), QStringLiteral("--image"), m_image, QStringLiteral("--threads"),
                             QStringLiteral("1"), QStringLiteral("--max-tokens"), QStringLiteral("8"),
                             QStringLiteral("--model"), QStringLiteral("smolvlm-500m-cpu"), QStringLiteral("--prompt"),
                             QStringLiteral("What is this?")},
                            environment());
        QVERIFY2(ask.exitCode == 0, ask.err.constData());
    }

    void droppedPullResumesWithRange()
    {
        constexpr qint64 kDropAt = 200000;
        QVERIFY(m_hub->set(QStringLiteral("drop %1").arg(kDropAt)));
        const Run dropped = pull();
        QCOMPARE(dropped.exitCode, 6);
        QVERIFY2(dropped.err.contains("camchat models pull"), dropped.err.constData()); // says pull resumes it
        QCOMPARE(QFileInfo(target(kModel) + QStringLiteral(".part")).size(), kDropAt);
        QVERIFY(!QFileInfo::exists(target(kModel)));
        // The retries asked for the rest, with If-Range.
        QVERIFY(cdnRequests().size() >= 4);

        {
            const Run json = run({QStringLiteral("models"), QStringLiteral("--json")}, environment());
            QVERIFY(json.out.contains("\"partial\""));
        }

        QVERIFY(m_hub->set(QStringLiteral("drop 0")));
        m_hub->clearLog();
        const Run resumed = pull();
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        verifyPulled();
        const QStringList cdn = cdnRequests();
        QVERIFY(!cdn.isEmpty());
        QVERIFY2(cdn.constFirst().contains(QStringLiteral("/cdn/%1 range=bytes=%2- if-range=\"").arg(kModel).arg(kDropAt)),
                 qPrintable(cdn.constFirst()));
    }

    void serverIgnoringRangeStartsOver()
    {
        QVERIFY(m_hub->set(QStringLiteral("drop 150000")));
        QCOMPARE(pull().exitCode, 6);
        QVERIFY(m_hub->set(QStringLiteral("drop 0")));
        QVERIFY(m_hub->set(QStringLiteral("ignore-range 1")));
        m_hub->clearLog();
        const Run r = pull();
        QVERIFY2(r.exitCode == 0, r.err.constData());
        verifyPulled();
        QVERIFY(cdnRequests().constFirst().contains(QLatin1String("range=bytes=150000-")));
    }

    void checksumMismatchDeletesTheFile()
    {
        QVERIFY(m_hub->set(QStringLiteral("corrupt 1")));
        const Run r = pull();
        QCOMPARE(r.exitCode, 3);
        const QByteArray expected = sha256Of(camchat::test::fixture(kModel)).toLatin1();
        QVERIFY2(r.err.contains("expected " + expected), r.err.constData());
        QVERIFY(r.err.contains("got "));
        QVERIFY(!QFileInfo::exists(target(kModel)));
        QVERIFY(!QFileInfo::exists(target(kModel) + QStringLiteral(".part")));
    }

    void unknownRepositoryIsNotFound()
    {
        writeProfile(QStringLiteral("test/missing"));
        const Run r = pull();
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("404"), r.err.constData());
    }

    void unknownIdIsAModelError()
    {
        const Run r = run({QStringLiteral("models"), QStringLiteral("pull"), QStringLiteral("no-such-model")}, environment());
        QCOMPARE(r.exitCode, 3);
        const Run usage = run({QStringLiteral("models"), QStringLiteral("pull")}, environment());
        QCOMPARE(usage.exitCode, 2);
        // A profile without a source (the NPU ones) cannot be pulled.
        const Run npu = run({QStringLiteral("models"), QStringLiteral("pull"), QStringLiteral("smolvlm-256m-npu")}, environment());
        QCOMPARE(npu.exitCode, 3);
    }

    void unreachableServerIsANetworkError()
    {
        // A port nothing listens on: the hub's own port after it stopped.
        const QString endpoint = m_hub->endpoint();
        m_hub.reset();
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("HF_ENDPOINT"), endpoint);
        const Run r = run({QStringLiteral("models"), QStringLiteral("pull"), kId}, env);
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.contains("camchat models pull"), r.err.constData());
    }

    void gatedRepositoryWantsAToken()
    {
        QVERIFY(m_hub->set(QStringLiteral("token secret")));
        const Run refused = pull();
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("gated or private: set HF_TOKEN"), refused.err.constData());
        const Run wrong = pull(QStringLiteral("wrong"));
        QCOMPARE(wrong.exitCode, 3);

        m_hub->clearLog();
        const Run allowed = pull(QStringLiteral("secret"));
        QVERIFY2(allowed.exitCode == 0, allowed.err.constData());
        verifyPulled();
        for (const QString &line : cdnRequests())
            QVERIFY2(line.endsWith(QLatin1String("auth=no")), qPrintable(line));
    }

    void ctrlCKeepsThePartialFile()
    {
        QVERIFY(m_hub->set(QStringLiteral("rate 50000")));
        std::unique_ptr<QProcess> process = startSlowPull();
        QVERIFY(process);
        ::kill(static_cast<pid_t>(process->processId()), SIGINT);
        QVERIFY(process->waitForFinished(kTimeoutMs));
        QCOMPARE(process->exitStatus(), QProcess::NormalExit);
        QCOMPARE(process->exitCode(), 5);
        QVERIFY(QFileInfo(target(kModel) + QStringLiteral(".part")).size() > 0);
        QVERIFY(!QFileInfo::exists(target(kModel)));
        QVERIFY(process->readAllStandardError().contains("camchat models pull tiny-dl"));
    }

    void secondPullOfTheSameFileFailsAtOnce()
    {
        QVERIFY(m_hub->set(QStringLiteral("rate 50000")));
        std::unique_ptr<QProcess> first = startSlowPull();
        QVERIFY(first);
        const Run second = pull();
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains(QByteArray::number(first->processId())), second.err.constData());
        ::kill(static_cast<pid_t>(first->processId()), SIGINT);
        QVERIFY(first->waitForFinished(kTimeoutMs));
        QCOMPARE(first->exitCode(), 5);
    }

    void fileInLlamaCacheIsUsedWhereItLies()
    {
        const QString cache = path(QStringLiteral("llamacache"));
        QVERIFY(QDir().mkpath(cache));
        for (const QString &name : {kModel, kMmproj})
            QVERIFY(QFile::copy(camchat::test::fixture(name), cache + QStringLiteral("/test_tiny_") + name));
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("LLAMA_CACHE"), cache);
        m_hub->clearLog();
        const Run r = run({QStringLiteral("models"), QStringLiteral("pull"), kId}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(cdnRequests().isEmpty());
        for (const QString &line : m_hub->log())
            QVERIFY2(!line.contains(QLatin1String("/resolve/")), qPrintable(line));
        QVERIFY(QFileInfo(target(kModel)).isSymLink());
        QCOMPARE(QFileInfo(target(kModel)).canonicalFilePath(),
                 QFileInfo(cache + QStringLiteral("/test_tiny_") + kModel).canonicalFilePath());
        // The check is remembered.
        QVERIFY(QFileInfo::exists(path(QStringLiteral("cache/camchat/verified-files.json"))));

        // remove drops the link, never the cache's file.
        QCOMPARE(run({QStringLiteral("models"), QStringLiteral("remove"), kId}, env).exitCode, 0);
        QVERIFY(!QFileInfo(target(kModel)).isSymLink());
        QVERIFY(QFileInfo::exists(cache + QStringLiteral("/test_tiny_") + kModel));
    }

    void fileInXdgLlamaCacheAndHubCache()
    {
        // llama.cpp's default under $XDG_CACHE_HOME for the model, the hub cache for the mmproj.
        const QString llama = path(QStringLiteral("cache/llama.cpp"));
        QVERIFY(QDir().mkpath(llama));
        QVERIFY(QFile::copy(camchat::test::fixture(kModel), llama + QStringLiteral("/test_tiny_") + kModel));
        const QString repoDir = path(QStringLiteral("hfhub/models--test--tiny"));
        const QString sha = sha256Of(camchat::test::fixture(kMmproj));
        QVERIFY(QDir().mkpath(repoDir + QStringLiteral("/blobs")));
        QVERIFY(QDir().mkpath(repoDir + QStringLiteral("/snapshots/0123abc")));
        QVERIFY(QFile::copy(camchat::test::fixture(kMmproj), repoDir + QStringLiteral("/blobs/") + sha));
        QVERIFY(QFile::link(repoDir + QStringLiteral("/blobs/") + sha, repoDir + QStringLiteral("/snapshots/0123abc/") + kMmproj));
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("HF_HUB_CACHE"), path(QStringLiteral("hfhub")));
        m_hub->clearLog();
        const Run r = run({QStringLiteral("models"), QStringLiteral("pull"), kId}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(cdnRequests().isEmpty());
        QCOMPARE(QFileInfo(target(kMmproj)).canonicalFilePath(),
                 QFileInfo(repoDir + QStringLiteral("/blobs/") + sha).canonicalFilePath());
        QCOMPARE(sha256Of(target(kModel)), sha256Of(camchat::test::fixture(kModel)));
    }

    void fileWithItsOwnUrl()
    {
        // A "url" source (a mirror of one's own): no hub, the size from a HEAD, no token.
        QJsonObject profile = camchat::test::tinyDownloadProfile(kId, kRepo);
        const QString cdn = QStringLiteral("http://127.0.0.1:%1/cdn/").arg(m_hub->cdnPort());
        profile.insert(QStringLiteral("source"),
                       QJsonObject{{QStringLiteral("files"),
                                    QJsonObject{
                                        {QStringLiteral("model"), QJsonObject{{QStringLiteral("url"), cdn + kModel}}},
                                        {QStringLiteral("mmproj"),
                                         QJsonObject{{QStringLiteral("url"), cdn + kMmproj},
                                                     {QStringLiteral("sha256"), sha256Of(camchat::test::fixture(kMmproj))}}},
                                    }}});
        QVERIFY(camchat::test::writeJsonFile(QDir(modelDir()).filePath(kId + QStringLiteral(".json")), profile));
        const Run r = pull(QStringLiteral("secret"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        verifyPulled();
        const QStringList cdnLog = cdnRequests();
        QVERIFY2(cdnLog.constFirst().startsWith(QStringLiteral("cdn HEAD /cdn/") + kModel), qPrintable(cdnLog.join(u'\n')));
        for (const QString &line : cdnLog)
            QVERIFY2(line.endsWith(QLatin1String("auth=no")), qPrintable(line));
        for (const QString &line : m_hub->log())
            QVERIFY(!line.startsWith(QLatin1String("hub ")));

        // And a wrong checksum in the profile is caught.
        profile = QJsonDocument::fromJson(camchat::test::readFile(QDir(modelDir()).filePath(kId + QStringLiteral(".json")))).object();
        QCOMPARE(run({QStringLiteral("models"), QStringLiteral("remove"), kId}, environment()).exitCode, 0);
        QJsonObject source = profile.value(QStringLiteral("source")).toObject();
        QJsonObject files = source.value(QStringLiteral("files")).toObject();
        QJsonObject model = files.value(QStringLiteral("model")).toObject();
        model.insert(QStringLiteral("sha256"), QString(64, QLatin1Char('0')));
        files.insert(QStringLiteral("model"), model);
        source.insert(QStringLiteral("files"), files);
        profile.insert(QStringLiteral("source"), source);
        QVERIFY(camchat::test::writeJsonFile(QDir(modelDir()).filePath(kId + QStringLiteral(".json")), profile));
        const Run mismatch = pull();
        QCOMPARE(mismatch.exitCode, 3);
        QVERIFY(mismatch.err.contains("expected " + QByteArray(64, '0') + ", got "
                                      + sha256Of(camchat::test::fixture(kModel)).toLatin1()));
        QVERIFY(!QFileInfo::exists(target(kModel) + QStringLiteral(".part")));
    }

    void notEnoughFreeSpaceFailsBeforeDownloading()
    {
        // A size no disk has: statvfs says no before a byte is fetched.
        QJsonObject profile = camchat::test::tinyDownloadProfile(kId, kRepo);
        const QString cdn = QStringLiteral("http://127.0.0.1:%1/cdn/").arg(m_hub->cdnPort());
        profile.insert(QStringLiteral("source"),
                       QJsonObject{{QStringLiteral("files"),
                                    QJsonObject{
                                        {QStringLiteral("model"), QJsonObject{{QStringLiteral("url"), cdn + kModel},
                                                                              {QStringLiteral("bytes"), 4e15}}},
                                        {QStringLiteral("mmproj"), QJsonObject{{QStringLiteral("url"), cdn + kMmproj}}},
                                    }}});
        QVERIFY(camchat::test::writeJsonFile(QDir(modelDir()).filePath(kId + QStringLiteral(".json")), profile));
        const Run r = pull();
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("not enough free disk space"), r.err.constData());
        for (const QString &line : cdnRequests())
            QVERIFY2(!line.startsWith(QLatin1String("cdn GET")), qPrintable(line));
    }

    void wrongFileInCacheIsNotUsed()
    {
        const QString cache = path(QStringLiteral("llamacache"));
        QVERIFY(QDir().mkpath(cache));
        // Right size, wrong bytes.
        QByteArray bytes = camchat::test::readFile(camchat::test::fixture(kModel));
        bytes[100] = static_cast<char>(bytes.at(100) ^ 1);
        QVERIFY(camchat::test::writeFile(cache + QStringLiteral("/test_tiny_") + kModel, bytes));
        QProcessEnvironment env = environment();
        env.insert(QStringLiteral("LLAMA_CACHE"), cache);
        const Run r = run({QStringLiteral("models"), QStringLiteral("pull"), kId}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!QFileInfo(target(kModel)).isSymLink());
        verifyPulled();
    }
};

QTEST_GUILESS_MAIN(TestModelPull)
#include "test_modelpull.moc"
