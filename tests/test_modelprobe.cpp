// ModelProbe: the real camchat as the probe (a pair that passes, the cache), and fake
// probe programs at the process boundary for what a real model cannot do on demand (an
// abort with a known assert line, a hang, an out-of-memory kill).
#include "fixtureprofile.h"
#include "inference/inferencethread.h"
#include "inference/inferenceworker.h"
#include "inference/llama/llamabackend.h"
#include "inference/modelprobe.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <memory>
#include <optional>

#include <sys/types.h>
#include <utime.h>

using namespace camchat::inference;

namespace {

ModelProfile tinyProfile()
{
    const ProfileLoadResult result =
        ModelProfiles::parse(QJsonDocument(camchat::test::tinyProfile()).toJson(), QStringLiteral("<test>"), QDir::rootPath());
    return result.profile.value_or(ModelProfile{});
}

} // namespace

class TestModelProbe : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_temp;
    int m_scripts = 0;

    // A probe program: a shell script with `body`.
    QString script(const QString &body)
    {
        const QString path = m_temp.filePath(QStringLiteral("probe-%1.sh").arg(++m_scripts));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("#!/bin/sh\n" + body.toUtf8() + '\n');
        file.close();
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    }

    ProbeSettings settings(const QString &executable)
    {
        ProbeSettings probe;
        probe.executable = executable;
        probe.cacheFile = m_temp.filePath(QStringLiteral("cache-%1/probe.json").arg(++m_scripts));
        return probe;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_temp.isValid());
        QVERIFY2(QFile::exists(camchat::test::fixture("tiny-idefics3.gguf")), "fixtures missing: build camchat_fixtures");
        QVERIFY(!tinyProfile().files.isEmpty());
    }

    void realProbePassesAndIsCachedByFile()
    {
        // Copies, so the test can touch them.
        const QString dir = m_temp.filePath(QStringLiteral("pair"));
        QVERIFY(QDir().mkpath(dir));
        ModelProfile profile = tinyProfile();
        for (ModelFile &file : profile.files) {
            const QString copy = QDir(dir).filePath(QFileInfo(file.path).fileName());
            QVERIFY(QFile::copy(file.path, copy));
            file.path = copy;
        }
        const ProbeSettings probe = settings(QStringLiteral(CAMCHAT_EXECUTABLE));
        QList<float> fractions;
        const auto progress = [&fractions](float fraction) {
            fractions.append(fraction);
            return true;
        };

        ProbeReport report = ModelProbe::check(profile, 1, probe, progress);
        QVERIFY2(!report.error, qPrintable(report.error.detail));
        QVERIFY(report.childRan);
        QVERIFY(QFile::exists(probe.cacheFile));
        QVERIFY(!fractions.isEmpty());

        report = ModelProbe::check(profile, 1, probe, progress);
        QVERIFY(!report.error);
        QVERIFY2(!report.childRan, "a pair that passed is not probed again");

        // A rewritten file is another file.
        const QString mmproj = profile.filePath(QStringLiteral("mmproj"));
        QFile touched(mmproj);
        QVERIFY(touched.open(QIODevice::ReadWrite));
        QVERIFY(touched.setFileTime(QDateTime::currentDateTimeUtc().addSecs(-3600), QFileDevice::FileModificationTime));
        touched.close();
        report = ModelProbe::check(profile, 1, probe, progress);
        QVERIFY(!report.error);
        QVERIFY2(report.childRan, "a changed file is probed again");
    }

    void abortIsReportedWithTheAssertLine()
    {
        const QString probe = script(QStringLiteral(
            "cat > /dev/null\n"
            "echo 'progress 0.5'\n"
            "echo 'llama_model_loader: loaded meta data with 24 key-value pairs' >&2\n"
            "echo '/src/llama-model.cpp:1260: GGML_ASSERT(hparams.n_layer_all > 0) failed' >&2\n"
            "kill -ABRT $$"));
        const ProbeSettings probeSettings = settings(probe);
        ProbeReport report = ModelProbe::check(tinyProfile(), 1, probeSettings, {});
        QCOMPARE(report.error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY(report.childRan);
        QVERIFY2(report.error.detail.contains(QStringLiteral("llama-model.cpp:1260: GGML_ASSERT(hparams.n_layer_all > 0) failed")),
                 qPrintable(report.error.detail));
        QVERIFY2(report.error.detail.contains(QStringLiteral("SIGABRT")), qPrintable(report.error.detail));
        QVERIFY2(!report.error.detail.contains(QStringLiteral("key-value pairs")), qPrintable(report.error.detail));
        QVERIFY(report.error.detail.contains(tinyProfile().filePath(QStringLiteral("model"))));
        QVERIFY(!QFile::exists(probeSettings.cacheFile));

        // Not remembered: the next load probes again.
        report = ModelProbe::check(tinyProfile(), 1, probeSettings, {});
        QCOMPARE(report.error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY(report.childRan);
    }

    void backendReportsTheAbortAndStaysUnloaded()
    {
        BackendOptions options;
        options.threads = 1;
        options.probe = settings(script(QStringLiteral(
            "cat > /dev/null\necho 'ggml.c:10: GGML_ASSERT(eps >= 0.0f) failed' >&2\nkill -ABRT $$")));
        LlamaBackend backend;
        const InferenceError error = backend.load(tinyProfile(), options, {});
        QCOMPARE(error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY(error.detail.contains(QStringLiteral("GGML_ASSERT(eps >= 0.0f) failed")));
        QVERIFY(!backend.isLoaded());
    }

    void backendLoadsAfterAPassingProbe()
    {
        BackendOptions options;
        options.threads = 1;
        options.probe = settings(QStringLiteral(CAMCHAT_EXECUTABLE));
        QList<float> fractions;
        LlamaBackend backend;
        const InferenceError error = backend.load(tinyProfile(), options, [&fractions](float fraction) {
            fractions.append(fraction);
            return true;
        });
        QVERIFY2(!error, qPrintable(error.detail));
        QVERIFY(backend.isLoaded());
        QVERIFY(!fractions.isEmpty());
        QCOMPARE(fractions.last(), 1.0f);
        for (qsizetype i = 1; i < fractions.size(); ++i)
            QVERIFY2(fractions.at(i) >= fractions.at(i - 1), "progress never goes back");
    }

    void childEnvironmentKeepsCoresAndDebuggersAway()
    {
        const QString report = m_temp.filePath(QStringLiteral("environment.txt"));
        const QString probe = script(QStringLiteral(
            "cat > /dev/null\n"
            "{ echo \"backtrace=$GGML_NO_BACKTRACE\"; echo \"core=$(ulimit -c)\"; echo \"cwd=$(pwd)\"; "
            "echo \"args=$*\"; } > '%1'").arg(report));
        const ProbeReport result = ModelProbe::check(tinyProfile(), 3, settings(probe), {});
        QVERIFY(!result.error); // ended without "passed" and without a signal: not a verdict
        QFile file(report);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY2(text.contains(QStringLiteral("backtrace=1\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("core=0\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("cwd=%1\n").arg(QDir::tempPath())), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("args=probe-model --threads 3\n")), qPrintable(text));
    }

    void cancellingKillsTheChild()
    {
        const QString pidFile = m_temp.filePath(QStringLiteral("hang.pid"));
        const QString probe = script(QStringLiteral("echo $$ > '%1'\nexec sleep 60").arg(pidFile));
        int polls = 0;
        const ProbeReport report = ModelProbe::check(tinyProfile(), 1, settings(probe), [&polls](float) {
            return ++polls < 5;
        });
        QCOMPARE(report.error.code, InferenceErrorCode::Cancelled);
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const pid_t pid = file.readAll().trimmed().toInt();
        QVERIFY(pid > 0);
        QVERIFY2(::kill(pid, 0) != 0, "the child is gone (killed and reaped)");
    }

    void aChildPastTheTimeLimitIsKilled()
    {
        ProbeSettings probe = settings(script(QStringLiteral("exec sleep 60")));
        probe.timeoutMs = 200;
        const ProbeReport report = ModelProbe::check(tinyProfile(), 1, probe, {});
        QCOMPARE(report.error.code, InferenceErrorCode::ModelLoadFailed);
        QVERIFY2(report.error.detail.contains(QStringLiteral("still running")), qPrintable(report.error.detail));
    }

    void aKilledChildIsNotABrokenFile()
    {
        const ProbeReport report =
            ModelProbe::check(tinyProfile(), 1, settings(script(QStringLiteral("cat > /dev/null\nkill -KILL $$"))), {});
        QCOMPARE(report.error.code, InferenceErrorCode::ModelLoadFailed);
        QVERIFY2(report.error.detail.contains(QStringLiteral("SIGKILL")), qPrintable(report.error.detail));
    }

    void aPairThatCannotAnswerIsRefused()
    {
        const ProbeReport answerFailed = ModelProbe::check(
            tinyProfile(), 1, settings(script(QStringLiteral("cat > /dev/null\necho 'error decode_failed llama_decode failed (-1)'\nexit 5"))), {});
        QCOMPARE(answerFailed.error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY2(answerFailed.error.detail.contains(QStringLiteral("decode_failed llama_decode failed (-1)")),
                 qPrintable(answerFailed.error.detail));

        // A load that failed without a signal is left to the in-process load to report.
        const ProbeReport loadFailed = ModelProbe::check(
            tinyProfile(), 1, settings(script(QStringLiteral("cat > /dev/null\necho 'error model_load_failed no'\nexit 3"))), {});
        QVERIFY(!loadFailed.error);
        QVERIFY(loadFailed.childRan);
    }

    // The worker takes the process-wide settings (what app/main sets) into every load, on
    // the inference thread.
    void workerLoadsThroughTheProcessWideProbe()
    {
        ModelProbe::setDefaultSettings(settings(script(QStringLiteral(
            "cat > /dev/null\necho 'clip.cpp:1: GGML_ASSERT(n_merge > 0) failed' >&2\nkill -ABRT $$"))));
        std::optional<InferenceError> failure;
        bool loaded = false;
        {
            InferenceThread thread;
            QObject receiver;
            connect(thread.worker(), &InferenceWorker::modelLoadFailed, &receiver,
                    [&failure](const InferenceError &error) { failure = error; }, Qt::QueuedConnection);
            connect(thread.worker(), &InferenceWorker::modelLoaded, &receiver, [&loaded] { loaded = true; },
                    Qt::QueuedConnection);
            InferenceWorker *worker = thread.worker();
            const ModelProfile profile = tinyProfile();
            QMetaObject::invokeMethod(worker, [worker, profile] { worker->loadModel(profile, 1); }, Qt::QueuedConnection);
            QTRY_VERIFY_WITH_TIMEOUT(failure || loaded, 30000);
        }
        ModelProbe::setDefaultSettings({});
        QVERIFY(!loaded);
        QCOMPARE(failure->code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY2(failure->detail.contains(QStringLiteral("GGML_ASSERT(n_merge > 0) failed")), qPrintable(failure->detail));
    }

    // Quitting while a probe hangs (the window closed, Ctrl+C on `camchat ask`): the
    // thread's owner stops the load, and the child goes with it.
    void quittingKillsAHangingProbe()
    {
        const QString pidFile = m_temp.filePath(QStringLiteral("quit.pid"));
        ModelProbe::setDefaultSettings(settings(script(QStringLiteral("echo $$ > '%1'.tmp\nmv '%1'.tmp '%1'\nexec sleep 60").arg(pidFile))));
        auto thread = std::make_unique<InferenceThread>();
        InferenceWorker *worker = thread->worker();
        const ModelProfile profile = tinyProfile();
        QMetaObject::invokeMethod(worker, [worker, profile] { worker->loadModel(profile, 1); }, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(pidFile), 30000);
        QFile file(pidFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const pid_t pid = file.readAll().trimmed().toInt();
        QVERIFY(pid > 0);
        QVERIFY(::kill(pid, 0) == 0);
        thread.reset(); // cancel, interrupt, quit, wait
        ModelProbe::setDefaultSettings({});
        QVERIFY2(::kill(pid, 0) != 0, "the hanging child is gone (killed and reaped)");
    }

    void noProbeProgramLoadsInProcess()
    {
        const ProbeReport report =
            ModelProbe::check(tinyProfile(), 1, settings(m_temp.filePath(QStringLiteral("no-such-program"))), {});
        QVERIFY(!report.error);
        QVERIFY(!report.childRan);
    }
};

QTEST_GUILESS_MAIN(TestModelProbe)
#include "test_modelprobe.moc"
