// Runs the real camchat executable (`camchat ask`, `camchat models`) as a process against
// the tiny random-weight GGUF fixtures: exit codes, streaming, the JSON output. `ask
// --device` also runs in-process, against a fake HDMI input.
#include "app/askcommand.h"

#include "capturedoutput.h"
#include "fixtureprofile.h"
#include "processrunner.h"
#include "fakev4l2.h"
#include "testimages.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>

#include <linux/videodev2.h>
#include <signal.h>
#include <unistd.h>

namespace {

constexpr int kTimeoutMs = 180000; // generous: the sanitizer build is slow

using camchat::test::fixture;

struct Run {
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;
};

QJsonObject parseObject(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        qWarning("not one JSON object (%s): %s", qPrintable(error.errorString()), bytes.constData());
        return {};
    }
    return document.object();
}

// Runs AskCommand in this process with `io`, capturing what it writes to stdout/stderr.
Run runInProcess(const QStringList &arguments, std::shared_ptr<camchat::capture::V4l2Io> io)
{
    const camchat::test::CapturedOutput output = camchat::test::runCapturingOutput([&] {
        return camchat::app::AskCommand::run(QStringList{QStringLiteral("camchat")} + arguments, std::move(io));
    });
    return Run{output.exitCode, QProcess::NormalExit, output.out, output.err};
}

} // namespace

class TestCliAsk : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_image;        // 320x240 PNG
    QString m_jpeg;         // 200x150 JPEG
    QString m_dataHome;     // XDG_DATA_HOME of the child: no user profiles unless a test adds some
    QString m_profileId;    // id in tiny-idefics3.json

    QProcessEnvironment environment(const QString &dataHome = {}) const
    {
        QProcessEnvironment env = camchat::test::camchatEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), dataHome.isEmpty() ? m_dataHome : dataHome);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        return env;
    }

    Run run(const QStringList &arguments, const QString &dataHome = {}) const
    {
        const camchat::test::ProcessResult process = camchat::test::runProcess(
                QStringLiteral(CAMCHAT_EXECUTABLE), arguments, environment(dataHome), kTimeoutMs);
        return Run{process.exitCode, process.exitStatus, process.out, process.err};
    }

    QStringList tinyModel() const
    {
        return {QStringLiteral("--model-file"), fixture("tiny-idefics3.gguf"),
                QStringLiteral("--mmproj"), fixture("tiny-idefics3-mmproj.gguf")};
    }

    // One thread: ggml's worker threads spin while they wait, so with more threads than
    // idle cores (a busy test machine, ctest -j) the tiny model takes seconds instead of
    // milliseconds.
    QStringList askArgs(const QStringList &extra) const
    {
        return QStringList{QStringLiteral("ask"), QStringLiteral("--image"), m_image, QStringLiteral("--threads"),
                           QStringLiteral("1")}
               + extra;
    }

    // A user profile folder holding a copy of the fixture profile and its model files.
    QString makeUserProfiles(const QString &name)
    {
        const QString dataHome = m_dir.filePath(name);
        const QString models = dataHome + QStringLiteral("/camchat/models");
        if (!QDir().mkpath(models))
            return {};
        QFile json(fixture("tiny-idefics3.json"));
        if (!json.open(QIODevice::ReadOnly))
            return {};
        const QJsonObject profile = parseObject(json.readAll());
        if (!QFile::copy(json.fileName(), models + QStringLiteral("/tiny.json")))
            return {};
        const QJsonObject files = profile.value(QStringLiteral("files")).toObject();
        for (auto it = files.begin(); it != files.end(); ++it) {
            const QString relative = it.value().toString();
            const QString target = models + QLatin1Char('/') + relative;
            QDir().mkpath(QFileInfo(target).absolutePath());
            if (!QFile::copy(fixture(relative), target))
                return {};
        }
        return dataHome;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const char *name : {"tiny-idefics3.gguf", "tiny-idefics3-mmproj.gguf", "tiny-internvl.gguf",
                                 "tiny-internvl-mmproj.gguf", "tiny-idefics3.json", "bad-not-gguf.gguf",
                                 "bad-mmproj-no-scale-factor.gguf"}) {
            QVERIFY2(QFileInfo::exists(fixture(name)), name);
        }
        using namespace camchat::testimages;
        m_image = writeTempFile(m_dir, QStringLiteral("pattern.png"), encodePng(patternFrame(320, 240)));
        m_jpeg = writeTempFile(m_dir, QStringLiteral("pattern.jpg"), encodeJpeg(patternFrame(200, 150)));
        QVERIFY(!m_image.isEmpty());
        QVERIFY(!m_jpeg.isEmpty());
        m_dataHome = m_dir.filePath(QStringLiteral("empty-data"));
        QVERIFY(QDir().mkpath(m_dataHome));

        QFile json(fixture("tiny-idefics3.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        m_profileId = parseObject(json.readAll()).value(QStringLiteral("id")).toString();
        QVERIFY(!m_profileId.isEmpty());
    }

    void jsonHasEveryField_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("mmproj");
        QTest::addColumn<QString>("image");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::newRow("idefics3, png") << fixture("tiny-idefics3.gguf") << fixture("tiny-idefics3-mmproj.gguf")
                                       << QStringLiteral("pattern.png") << 320 << 240;
        QTest::newRow("internvl, jpeg") << fixture("tiny-internvl.gguf") << fixture("tiny-internvl-mmproj.gguf")
                                        << QStringLiteral("pattern.jpg") << 200 << 150;
    }

    void jsonHasEveryField()
    {
        QFETCH(QString, model);
        QFETCH(QString, mmproj);
        QFETCH(QString, image);
        QFETCH(int, width);
        QFETCH(int, height);
        const QString imagePath = m_dir.filePath(image);
        const QString prompt = QStringLiteral("What colour is the top left corner?");
        const Run r = run({QStringLiteral("ask"), QStringLiteral("--image"), imagePath, QStringLiteral("--prompt"),
                           prompt, QStringLiteral("--model-file"), model, QStringLiteral("--mmproj"), mmproj,
                           QStringLiteral("--max-tokens"), QStringLiteral("12"), QStringLiteral("--seed"),
                           QStringLiteral("7"), QStringLiteral("--threads"), QStringLiteral("1"),
                           QStringLiteral("--json")});
        QCOMPARE(r.exitStatus, QProcess::NormalExit);
        QVERIFY2(r.exitCode == 0, r.err.constData());

        // Exactly one object on stdout and nothing streamed before it.
        QVERIFY(r.out.startsWith('{'));
        const QJsonObject root = parseObject(r.out);
        QVERIFY(!root.isEmpty());

        QVERIFY(root.value(QStringLiteral("answer")).isString());
        QVERIFY(!root.value(QStringLiteral("answer")).toString().isEmpty());
        QCOMPARE(root.value(QStringLiteral("prompt")).toString(), prompt);

        const QJsonObject modelObject = root.value(QStringLiteral("model")).toObject();
        QCOMPARE(modelObject.value(QStringLiteral("backend")).toString(), QStringLiteral("llama"));
        QVERIFY(!modelObject.value(QStringLiteral("id")).toString().isEmpty());
        QVERIFY(!modelObject.value(QStringLiteral("name")).toString().isEmpty());

        const QJsonObject imageObject = root.value(QStringLiteral("image")).toObject();
        QCOMPARE(imageObject.value(QStringLiteral("path")).toString(), QFileInfo(imagePath).absoluteFilePath());
        QCOMPARE(imageObject.value(QStringLiteral("width")).toInt(), width);
        QCOMPARE(imageObject.value(QStringLiteral("height")).toInt(), height);

        const QJsonObject timings = root.value(QStringLiteral("timings")).toObject();
        const char *keys[] = {"preprocess_us", "vision_encode_us", "prefill_us", "prefill_tokens",
                              "first_token_us", "decode_us", "decode_tokens", "decode_tokens_per_s",
                              "total_us", "peak_rss_bytes"};
        for (const char *key : keys) {
            const QJsonValue value = timings.value(QLatin1String(key));
            // A first question with an image runs every stage: nothing may be null here.
            QVERIFY2(value.isDouble(), key);
            QVERIFY2(value.toDouble() >= 0, key);
        }
        // The llama backend reports no runtime memory figure of its own (the RKLLM one does).
        QVERIFY(timings.value(QStringLiteral("runtime_memory_bytes")).isNull());
        QCOMPARE(timings.size(), int(std::size(keys)) + 1);
        const int decodeTokens = timings.value(QStringLiteral("decode_tokens")).toInt();
        QVERIFY(decodeTokens > 0);
        QVERIFY(decodeTokens <= 12);
        QVERIFY(timings.value(QStringLiteral("prefill_tokens")).toInt() > 0);
        QVERIFY(timings.value(QStringLiteral("decode_tokens_per_s")).toDouble() > 0);
        QVERIFY(timings.value(QStringLiteral("peak_rss_bytes")).toDouble() > 0);
        const double stages = timings.value(QStringLiteral("preprocess_us")).toDouble()
                              + timings.value(QStringLiteral("vision_encode_us")).toDouble()
                              + timings.value(QStringLiteral("prefill_us")).toDouble()
                              + timings.value(QStringLiteral("decode_us")).toDouble();
        QVERIFY(stages <= timings.value(QStringLiteral("total_us")).toDouble());
        QVERIFY(timings.value(QStringLiteral("first_token_us")).toDouble()
                <= timings.value(QStringLiteral("total_us")).toDouble());
    }

    // Text mode: tokens reach stdout while the model still generates, not all at exit.
    void textModeStreams()
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        int reads = 0;
        QByteArray out;
        bool finishedBeforeSomeRead = false;
        connect(&process, &QProcess::readyReadStandardOutput, this, [&] {
            ++reads;
            out += process.readAllStandardOutput();
            if (process.state() == QProcess::NotRunning)
                finishedBeforeSomeRead = true;
        });
        process.start(QStringLiteral(CAMCHAT_EXECUTABLE),
                      askArgs(tinyModel() + QStringList{QStringLiteral("--max-tokens"), QStringLiteral("48"),
                                                        QStringLiteral("--seed"), QStringLiteral("3")}));
        QVERIFY(process.waitForFinished(kTimeoutMs));
        out += process.readAllStandardOutput();
        const QByteArray err = process.readAllStandardError();
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() == 0, err.constData());
        QVERIFY2(reads >= 2, qPrintable(QStringLiteral("stdout arrived in %1 read(s)").arg(reads)));
        QVERIFY(!finishedBeforeSomeRead);
        QVERIFY(out.endsWith('\n'));
        QVERIFY(out.trimmed().size() > 0);
        // The timings go to stderr, one line per stage; stdout holds only the answer.
        for (const char *stage : {"preprocess", "vision_encode", "prefill", "first_token", "decode", "total"}) {
            QVERIFY2(err.contains("\n" + QByteArray(stage) + ' ') || err.startsWith(QByteArray(stage) + ' '), stage);
            QVERIFY2(!out.contains(QByteArray(stage) + "  "), stage);
        }
        QVERIFY(!out.contains("tokens/s"));
    }

    void profileJsonPath()
    {
        const Run r = run(askArgs({QStringLiteral("--model"), fixture("tiny-idefics3.json"),
                                   QStringLiteral("--max-tokens"), QStringLiteral("4"), QStringLiteral("--json")}));
        QCOMPARE(r.exitStatus, QProcess::NormalExit);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject root = parseObject(r.out);
        QCOMPARE(root.value(QStringLiteral("model")).toObject().value(QStringLiteral("id")).toString(), m_profileId);
    }

    // A user profile is found by its id, and is the default when it is the only one whose
    // files are present (the built-in profiles' files are not in the test's data dir).
    void profileIdAndDefault()
    {
        const QString dataHome = makeUserProfiles(QStringLiteral("user-data"));
        QVERIFY(!dataHome.isEmpty());
        for (const QStringList &model : {QStringList{QStringLiteral("--model"), m_profileId}, QStringList{}}) {
            const Run r = run(askArgs(model + QStringList{QStringLiteral("--max-tokens"), QStringLiteral("4"),
                                                          QStringLiteral("--json")}),
                              dataHome);
            QCOMPARE(r.exitStatus, QProcess::NormalExit);
            QVERIFY2(r.exitCode == 0, r.err.constData());
            QCOMPARE(parseObject(r.out).value(QStringLiteral("model")).toObject().value(QStringLiteral("id")).toString(),
                     m_profileId);
        }
    }

    void maxTokensCapsTheAnswer()
    {
        const Run r = run(askArgs(tinyModel() + QStringList{QStringLiteral("--max-tokens"), QStringLiteral("3"),
                                                            QStringLiteral("--temperature"), QStringLiteral("0"),
                                                            QStringLiteral("--json")}));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject timings = parseObject(r.out).value(QStringLiteral("timings")).toObject();
        const int decoded = timings.value(QStringLiteral("decode_tokens")).toInt(-1);
        QVERIFY(decoded >= 1);
        QVERIFY(decoded <= 3);
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("expected");

        QDir dir(m_dir.path());
        using namespace camchat::testimages;
        const QByteArray jpeg = encodeJpeg(patternFrame(160, 120));
        const QString truncatedJpeg = writeTempFile(m_dir, QStringLiteral("truncated.jpg"), truncated(jpeg, jpeg.size() / 2));
        const QString garbage = writeTempFile(m_dir, QStringLiteral("garbage.png"), QByteArray(3000, '\x5a'));
        const QString empty = writeTempFile(m_dir, QStringLiteral("empty.jpg"), QByteArray());
        const QString notJson = writeTempFile(m_dir, QStringLiteral("broken.json"), QByteArrayLiteral("{\"schema\": 1,"));
        const QString missing = dir.filePath(QStringLiteral("no-such-file.png"));

        const auto ask = [this](const QStringList &extra) { return askArgs(extra); };
        const auto pair = [](const char *model, const char *mmproj) {
            return QStringList{QStringLiteral("--model-file"), fixture(model), QStringLiteral("--mmproj"), fixture(mmproj)};
        };
        const QStringList tiny = tinyModel();
        const QStringList tinyNoImage = QStringList{QStringLiteral("ask")} + tiny;

        QTest::newRow("no --image") << tinyNoImage << 2;
        QTest::newRow("unknown option") << ask(tiny + QStringList{QStringLiteral("--bogus")}) << 2;
        QTest::newRow("stray argument") << ask(tiny + QStringList{QStringLiteral("extra.png")}) << 2;
        QTest::newRow("max-tokens 0") << ask(tiny + QStringList{QStringLiteral("--max-tokens"), QStringLiteral("0")}) << 2;
        QTest::newRow("max-tokens text") << ask(tiny + QStringList{QStringLiteral("--max-tokens"), QStringLiteral("many")}) << 2;
        QTest::newRow("temperature 5") << ask(tiny + QStringList{QStringLiteral("--temperature"), QStringLiteral("5")}) << 2;
        QTest::newRow("model-file without mmproj")
            << ask({QStringLiteral("--model-file"), fixture("tiny-idefics3.gguf")}) << 2;
        QTest::newRow("model and model-file")
            << ask(tiny + QStringList{QStringLiteral("--model"), fixture("tiny-idefics3.json")}) << 2;

        QTest::newRow("image and screen") << ask(tiny + QStringList{QStringLiteral("--screen")}) << 2;
        QTest::newRow("region without screen")
            << ask(tiny + QStringList{QStringLiteral("--region"), QStringLiteral("0,0,10,10")}) << 2;
        QTest::newRow("region of no size")
            << QStringList{QStringLiteral("ask"), QStringLiteral("--screen"), QStringLiteral("--region"),
                           QStringLiteral("0,0,0,10")} + tiny << 2;
        QTest::newRow("region not numbers")
            << QStringList{QStringLiteral("ask"), QStringLiteral("--screen"), QStringLiteral("--region"),
                           QStringLiteral("left,top")} + tiny << 2;
        QTest::newRow("region off the screen")
            << QStringList{QStringLiteral("ask"), QStringLiteral("--screen"), QStringLiteral("--region"),
                           QStringLiteral("0,0,100000,10")} + tiny << 4;
        QTest::newRow("image and device")
            << ask(tiny + QStringList{QStringLiteral("--device"), QStringLiteral("/dev/video0")}) << 2;
        QTest::newRow("timeout without device")
            << ask(tiny + QStringList{QStringLiteral("--timeout"), QStringLiteral("1")}) << 2;
        QTest::newRow("bad timeout")
            << QStringList{QStringLiteral("ask"), QStringLiteral("--device"), QStringLiteral("/dev/video0"),
                           QStringLiteral("--timeout"), QStringLiteral("-3")} + tiny << 2;
        QTest::newRow("missing device")
            << QStringList{QStringLiteral("ask"), QStringLiteral("--device"), QStringLiteral("/dev/nonexistent")} + tiny
            << 4;
        QTest::newRow("missing image") << QStringList{QStringLiteral("ask"), QStringLiteral("--image"), missing} + tiny << 4;
        QTest::newRow("truncated image") << QStringList{QStringLiteral("ask"), QStringLiteral("--image"), truncatedJpeg} + tiny << 4;
        QTest::newRow("not an image") << QStringList{QStringLiteral("ask"), QStringLiteral("--image"), garbage} + tiny << 4;
        QTest::newRow("empty image") << QStringList{QStringLiteral("ask"), QStringLiteral("--image"), empty} + tiny << 4;

        QTest::newRow("missing model file")
            << ask({QStringLiteral("--model-file"), dir.filePath(QStringLiteral("nope.gguf")), QStringLiteral("--mmproj"),
                    fixture("tiny-idefics3-mmproj.gguf")}) << 3;
        QTest::newRow("not gguf") << ask(pair("bad-not-gguf.gguf", "tiny-idefics3-mmproj.gguf")) << 3;
        QTest::newRow("empty gguf") << ask(pair("bad-empty.gguf", "tiny-idefics3-mmproj.gguf")) << 3;
        QTest::newRow("truncated gguf") << ask(pair("bad-truncated.gguf", "tiny-idefics3-mmproj.gguf")) << 3;
        QTest::newRow("wrong architecture") << ask(pair("bad-wrong-arch.gguf", "tiny-idefics3-mmproj.gguf")) << 3;
        QTest::newRow("mmproj without scale factor")
            << ask(pair("tiny-idefics3.gguf", "bad-mmproj-no-scale-factor.gguf")) << 3;
        QTest::newRow("text model as mmproj") << ask(pair("tiny-idefics3.gguf", "tiny-idefics3.gguf")) << 3;
        QTest::newRow("unknown profile id") << ask({QStringLiteral("--model"), QStringLiteral("no-such-profile")}) << 3;
        QTest::newRow("profile json missing") << ask({QStringLiteral("--model"), dir.filePath(QStringLiteral("gone.json"))}) << 3;
        QTest::newRow("profile json broken") << ask({QStringLiteral("--model"), notJson}) << 3;
        // The test's data dir has no model files, so there is no default profile.
        QTest::newRow("no model at all") << ask({}) << 3;
    }

    void exitCodes()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, expected);
        const Run r = run(arguments);
        // A bad file must be an error code, never an abort inside llama.cpp.
        QCOMPARE(r.exitStatus, QProcess::NormalExit);
        if (r.exitCode != expected)
            qWarning("stderr: %s", r.err.constData());
        QCOMPARE(r.exitCode, expected);
        // Every failure explains itself on stderr; nothing half-written on stdout.
        QVERIFY(!r.err.trimmed().isEmpty());
        QVERIFY(r.out.isEmpty());
    }

    // `--device` instead of `--image`: device problems are input errors, worded like snap's.
    void missingDevice()
    {
        const Run r = run(QStringList{QStringLiteral("ask"), QStringLiteral("--device"),
                                      QStringLiteral("/dev/nonexistent"), QStringLiteral("--threads"),
                                      QStringLiteral("1")}
                          + tinyModel());
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains("camchat ask: /dev/nonexistent does not exist. Run `camchat devices` to list "
                                "capture devices."),
                 r.err.constData());
        QVERIFY(r.out.isEmpty());

        const Run json = run(QStringList{QStringLiteral("ask"), QStringLiteral("--device"),
                                         QStringLiteral("/dev/nonexistent"), QStringLiteral("--json")}
                             + tinyModel());
        QCOMPARE(json.exitCode, 4);
        const QJsonObject error = parseObject(json.out).value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("image_invalid"));
        QVERIFY(error.value(QStringLiteral("message")).toString().contains(QStringLiteral("/dev/nonexistent")));
    }

    // A fresh frame from a (fake) HDMI input goes to the model like an image file would.
    void deviceFrameIsAnswered()
    {
        using camchat::capture::test::FakeV4l2Io;
        auto io = std::make_shared<FakeV4l2Io>();
        io->addHdmiReceiver("/dev/video0");
        io->setHdmiSignal("/dev/video0", V4L2_PIX_FMT_NV12, 640, 360, 60);
        const Run r = runInProcess(QStringList{QStringLiteral("--device"), QStringLiteral("/dev/video0"),
                                               QStringLiteral("--json"), QStringLiteral("--threads"),
                                               QStringLiteral("1"), QStringLiteral("--max-tokens"),
                                               QStringLiteral("3"), QStringLiteral("--temperature"),
                                               QStringLiteral("0")}
                                       + tinyModel(),
                                   io);
        if (r.exitCode != 0)
            qWarning("stderr: %s", r.err.constData());
        QCOMPARE(r.exitCode, 0);
        const QJsonObject root = parseObject(r.out);
        QVERIFY(root.contains(QStringLiteral("answer")));
        const QJsonObject image = root.value(QStringLiteral("image")).toObject();
        QCOMPARE(image.value(QStringLiteral("device")).toString(), QStringLiteral("/dev/video0"));
        QCOMPARE(image.value(QStringLiteral("width")).toInt(), 640);
        QCOMPARE(image.value(QStringLiteral("height")).toInt(), 360);
        QVERIFY(io->framesDequeued("/dev/video0") >= 1);
        QCOMPARE(io->openFdCount(), 0); // the device is closed before the model runs
    }

    // `ask --screen` grabs the screen (the offscreen platform's here) headless, like the
    // window's region grab: only the region goes to the model.
    void screenRegionIsAnswered()
    {
        const Run r = run(QStringList{QStringLiteral("ask"), QStringLiteral("--screen"), QStringLiteral("--region"),
                                      QStringLiteral("10,20,200,100"), QStringLiteral("--json"),
                                      QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--max-tokens"),
                                      QStringLiteral("3")}
                          + tinyModel());
        if (r.exitCode != 0)
            qWarning("stderr: %s", r.err.constData());
        QCOMPARE(r.exitCode, 0);
        const QJsonObject root = parseObject(r.out);
        QVERIFY(root.contains(QStringLiteral("answer")));
        const QJsonObject image = root.value(QStringLiteral("image")).toObject();
        QCOMPARE(image.value(QStringLiteral("screen")).toBool(), true);
        QCOMPARE(image.value(QStringLiteral("width")).toInt(), 200);
        QCOMPARE(image.value(QStringLiteral("height")).toInt(), 100);
        QCOMPARE(image.value(QStringLiteral("region")).toArray(), (QJsonArray{10, 20, 200, 100}));

        // The whole screen without --region.
        const Run whole = run(QStringList{QStringLiteral("ask"), QStringLiteral("--screen"), QStringLiteral("--json"),
                                          QStringLiteral("--threads"), QStringLiteral("1"),
                                          QStringLiteral("--max-tokens"), QStringLiteral("2")}
                              + tinyModel());
        QCOMPARE(whole.exitCode, 0);
        const QJsonObject screen = parseObject(whole.out).value(QStringLiteral("image")).toObject();
        QVERIFY(screen.value(QStringLiteral("width")).toInt() > 200);
        QVERIFY(!screen.contains(QStringLiteral("region")));
    }

    void screenWithoutDisplay()
    {
        QProcessEnvironment env = environment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QLatin1String(name));
        const camchat::test::ProcessResult r = camchat::test::runProcess(
                QStringLiteral(CAMCHAT_EXECUTABLE), QStringList{QStringLiteral("ask"), QStringLiteral("--screen")} + tinyModel(),
                env, kTimeoutMs);
        QCOMPARE(r.exitStatus, QProcess::NormalExit);
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains("There is no screen to grab: --screen needs a desktop session."), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void deviceWithoutSignal()
    {
        using camchat::capture::test::FakeV4l2Io;
        auto io = std::make_shared<FakeV4l2Io>();
        io->addHdmiReceiver("/dev/video0");
        const Run r = runInProcess(QStringList{QStringLiteral("--device"), QStringLiteral("/dev/video0"),
                                               QStringLiteral("--timeout"), QStringLiteral("0.25")}
                                       + tinyModel(),
                                   io);
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains("No signal on the HDMI input within 0.25 s — check the cable and the source."),
                 r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    // With --json a failure is still one parseable object, with the machine-readable code.
    void jsonErrorObject()
    {
        const Run r = run(askArgs({QStringLiteral("--model-file"), fixture("bad-not-gguf.gguf"), QStringLiteral("--mmproj"),
                                   fixture("tiny-idefics3-mmproj.gguf"), QStringLiteral("--json")}));
        QCOMPARE(r.exitCode, 3);
        const QJsonObject error = parseObject(r.out).value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("model_file_invalid"));
        QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(error.value(QStringLiteral("detail")).toString().contains(QStringLiteral("bad-not-gguf.gguf")));
    }

private:
    // A profile whose answer outlasts any test: greedy sampling follows the tiny model's
    // token cycle, which has no end-of-answer token, in a context far larger than the
    // answer gets before Ctrl+C. So the interrupt below always lands mid-answer.
    QString endlessProfile()
    {
        return camchat::test::writeTinyProfile(
                m_dir.path(), QStringLiteral("tiny-endless"),
                QJsonObject{{QStringLiteral("contextLength"), kEndlessContext},
                            {QStringLiteral("sampling"), QJsonObject{{QStringLiteral("temperature"), 0},
                                                                     {QStringLiteral("maxNewTokens"), kEndlessContext}}}});
    }
    static constexpr int kEndlessContext = 65536;

private Q_SLOTS:
    // Ctrl+C while the answer streams: the partial answer stays, the exit code says why.
    void interruptStopsCleanly()
    {
        const QString profile = endlessProfile();
        QVERIFY(!profile.isEmpty());
        QProcess process;
        process.setProcessEnvironment(environment());
        QByteArray out;
        bool interrupted = false;
        connect(&process, &QProcess::readyReadStandardOutput, this, [&] {
            out += process.readAllStandardOutput();
            if (!interrupted && !out.isEmpty()) {
                interrupted = true;
                ::kill(static_cast<pid_t>(process.processId()), SIGINT);
            }
        });
        process.start(QStringLiteral(CAMCHAT_EXECUTABLE), askArgs({QStringLiteral("--model"), profile}));
        QVERIFY(process.waitForFinished(kTimeoutMs));
        out += process.readAllStandardOutput();
        const QByteArray err = process.readAllStandardError();
        QVERIFY(interrupted);
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() == 5, err.constData());
        QVERIFY(!out.trimmed().isEmpty());
        // Stopped by the signal, not by the context or the token limit: no timings summary.
        QVERIFY2(err.contains("The answer was stopped."), err.constData());
        QVERIFY(!err.contains("tokens/s"));
    }

    void models()
    {
        const QString dataHome = makeUserProfiles(QStringLiteral("models-data"));
        QVERIFY(!dataHome.isEmpty());
        QVERIFY(QFile::copy(fixture("tiny-idefics3.json"), dataHome + QStringLiteral("/camchat/models/zz-duplicate.json")));
        QFile broken(dataHome + QStringLiteral("/camchat/models/broken.json"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{\"schema\": 1, \"id\": \"Bad Id!\"}");
        broken.close();

        const Run json = run({QStringLiteral("models"), QStringLiteral("--json")}, dataHome);
        QCOMPARE(json.exitStatus, QProcess::NormalExit);
        QCOMPARE(json.exitCode, 0);
        const QJsonObject root = parseObject(json.out);
        const QJsonArray profiles = root.value(QStringLiteral("profiles")).toArray();
        QStringList builtIn;
        bool tinyReady = false;
        for (const QJsonValue &value : profiles) {
            const QJsonObject profile = value.toObject();
            const QString id = profile.value(QStringLiteral("id")).toString();
            QVERIFY(!id.isEmpty());
            QVERIFY(!profile.value(QStringLiteral("name")).toString().isEmpty());
            const QString backend = profile.value(QStringLiteral("backend")).toString();
            QVERIFY(backend == QLatin1String("llama") || backend == QLatin1String("rk"));
            const QJsonArray files = profile.value(QStringLiteral("files")).toArray();
            QVERIFY(!files.isEmpty());
            bool allPresent = true;
            for (const QJsonValue &file : files) {
                const QJsonObject f = file.toObject();
                QVERIFY(QFileInfo(f.value(QStringLiteral("path")).toString()).isAbsolute());
                QVERIFY(f.value(QStringLiteral("present")).isBool());
                QCOMPARE(f.value(QStringLiteral("present")).toBool(),
                         QFileInfo::exists(f.value(QStringLiteral("path")).toString()));
                allPresent = allPresent && f.value(QStringLiteral("present")).toBool();
            }
            QCOMPARE(profile.value(QStringLiteral("ready")).toBool(), allPresent);
            if (profile.value(QStringLiteral("built_in")).toBool()) {
                builtIn.append(id);
                // Built-in profiles expect their files in the user profile folder.
                QVERIFY(!allPresent);
            }
            if (id == m_profileId)
                tinyReady = allPresent;
        }
        QVERIFY2(builtIn.size() >= 3, qPrintable(builtIn.join(QLatin1Char(','))));
        QVERIFY(tinyReady);
        // broken.json and the second profile with the fixture's id are both reported.
        const QJsonArray invalid = root.value(QStringLiteral("invalid")).toArray();
        QCOMPARE(invalid.size(), 2);
        QString details;
        for (const QJsonValue &value : invalid) {
            QCOMPARE(value.toObject().value(QStringLiteral("code")).toString(), QStringLiteral("profile_invalid"));
            details += value.toObject().value(QStringLiteral("detail")).toString();
        }
        QVERIFY(details.contains(QStringLiteral("broken.json")));
        QVERIFY(details.contains(QStringLiteral("zz-duplicate.json")));

        const Run text = run({QStringLiteral("models")}, dataHome);
        QCOMPARE(text.exitCode, 0);
        const QString listing = QString::fromUtf8(text.out);
        for (const QString &id : builtIn)
            QVERIFY2(listing.contains(id), qPrintable(id));
        QVERIFY(listing.contains(m_profileId));
        QVERIFY(listing.contains(QStringLiteral("broken.json")));
        QVERIFY(listing.contains(fixture("tiny-idefics3.gguf").section(QLatin1Char('/'), -1)));

        QCOMPARE(run({QStringLiteral("models"), QStringLiteral("--bogus")}).exitCode, 2);
    }

    void helpDocumentsOptionsAndExitCodes()
    {
        const Run ask = run({QStringLiteral("ask"), QStringLiteral("--help")});
        QCOMPARE(ask.exitCode, 0);
        for (const char *text : {"--image", "--device", "--timeout", "--prompt", "--model", "--model-file", "--mmproj", "--max-tokens",
                                 "--threads", "--temperature", "--seed", "--json", "Usage: camchat ask"}) {
            QVERIFY2(ask.out.contains(text), text);
        }
        for (const char *code : {"  0  ", "  2  ", "  3  ", "  4  ", "  5  "})
            QVERIFY2(ask.out.contains(code), code);

        const Run top = run({QStringLiteral("--help")});
        QCOMPARE(top.exitCode, 0);
        QVERIFY(top.out.contains("  ask "));
        QVERIFY(top.out.contains("  models "));
    }
};

QTEST_GUILESS_MAIN(TestCliAsk)
#include "test_cli_ask.moc"
