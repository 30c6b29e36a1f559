// The rk backend through the real InferenceWorker, against the fake Rockchip runtimes
// (tests/fakes): everything between the worker and the runtimes' C ABI is the real code.

#include "fakecontrol.h"
#include "inference/inferencethread.h"
#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"
#include "inference/rk/rklibrarysearch.h"
#include "inference/rk/rkruntime.h"
#include "inference/rk/systemcheck.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>

#include <atomic>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <dlfcn.h>
#include <link.h>

#include <memory>
#include <optional>

using namespace camchat::inference;
using camchat::inference::rk::LibraryLocation;
using camchat::inference::rk::locateLibrary;

Q_DECLARE_METATYPE(camchat::inference::InferenceErrorCode)

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kSize = 32;
constexpr int kTokens = 4;
constexpr int kWidth = 8;

// The fake runtimes' switches (tests/fakes), read at call time.
const char *const kSwitches[] = {
    "CAMCHAT_FAKE_RKLLM_TOKENS",         "CAMCHAT_FAKE_RKLLM_TOKEN_DELAY_MS",
    "CAMCHAT_FAKE_RKLLM_ERROR_AFTER",    "CAMCHAT_FAKE_RKLLM_FAIL_INIT",
    "CAMCHAT_FAKE_RKNN_FAIL_INIT",       "CAMCHAT_FAKE_RKNN_FAIL_RUN",
    "CAMCHAT_FAKE_RKLLM_PREFILL_MS",     "CAMCHAT_FAKE_RKNN_RUN_MS",
};

// A picture of one colour, so two requests can show the same or a different image.
ImagePreparer solidImage(std::uint8_t value)
{
    return [value](const VisionSpec &spec) {
        const std::size_t bytes = std::size_t(spec.width) * std::size_t(spec.height) * 3;
        auto pixels = std::make_shared<std::uint8_t[]>(bytes);
        for (std::size_t i = 0; i < bytes; ++i)
            pixels[i] = std::uint8_t(value + i % 3 * 20);
        return RgbImage{spec.width, spec.height, pixels, {}};
    };
}

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

// Every object loaded in this process whose file is called `fileName`, by path.
QStringList loadedLibraries(const QString &fileName)
{
    struct Search {
        QString fileName;
        QStringList paths;
    } search{fileName, {}};
    dl_iterate_phdr(
        [](dl_phdr_info *info, std::size_t, void *data) {
            auto *s = static_cast<Search *>(data);
            const QString path = QFile::decodeName(info->dlpi_name ? info->dlpi_name : "");
            if (!path.isEmpty() && QFileInfo(path).fileName() == s->fileName)
                s->paths << QFileInfo(path).absoluteFilePath();
            return 0;
        },
        &search);
    return search.paths;
}

bool copyFile(const QString &from, const QString &to)
{
    QFile::remove(to);
    return QFile::copy(from, to);
}

// Receives the worker's signals on the test thread (queued), in one ordered log.
class Probe : public QObject
{
public:
    struct Event {
        enum Kind { StageStarted, StageFinished, Token, Finished, Failed } kind;
        quint64 id = 0;
        Stage stage = Stage::Preprocess;
        QString piece;
        InferenceResult result;
        InferenceError error;
    };

    explicit Probe(InferenceWorker *worker)
    {
        connect(worker, &InferenceWorker::modelLoaded, this, [this] { loaded = true; }, Qt::QueuedConnection);
        connect(worker, &InferenceWorker::modelLoadFailed, this,
                [this](const InferenceError &error) { loadError = error; }, Qt::QueuedConnection);
        connect(worker, &InferenceWorker::stageStarted, this,
                [this](quint64 id, Stage stage) { log.append({Event::StageStarted, id, stage, {}, {}, {}}); },
                Qt::QueuedConnection);
        connect(worker, &InferenceWorker::stageFinished, this,
                [this](quint64 id, Stage stage, qint64) { log.append({Event::StageFinished, id, stage, {}, {}, {}}); },
                Qt::QueuedConnection);
        connect(worker, &InferenceWorker::token, this,
                [this](quint64 id, const QString &piece) {
                    log.append({Event::Token, id, Stage::Decode, piece, {}, {}});
                },
                Qt::QueuedConnection);
        connect(worker, &InferenceWorker::finished, this,
                [this](const InferenceResult &result) {
                    log.append({Event::Finished, result.requestId, Stage::Decode, {}, result, {}});
                },
                Qt::QueuedConnection);
        connect(worker, &InferenceWorker::failed, this,
                [this](quint64 id, const InferenceError &error) {
                    log.append({Event::Failed, id, Stage::Decode, {}, {}, error});
                },
                Qt::QueuedConnection);
    }

    std::optional<Event> end(quint64 id) const
    {
        for (const Event &e : log) {
            if (e.id == id && (e.kind == Event::Finished || e.kind == Event::Failed))
                return e;
        }
        return std::nullopt;
    }
    bool waitForEnd(quint64 id) const
    {
        return QTest::qWaitFor([&] { return end(id).has_value(); }, kTimeoutMs);
    }
    QStringList pieces(quint64 id) const
    {
        QStringList out;
        for (const Event &e : log) {
            if (e.id == id && e.kind == Event::Token)
                out << e.piece;
        }
        return out;
    }
    bool hasStage(quint64 id, Stage stage) const
    {
        for (const Event &e : log) {
            if (e.id == id && e.stage == stage && (e.kind == Event::StageStarted || e.kind == Event::StageFinished))
                return true;
        }
        return false;
    }

    QList<Event> log;
    bool loaded = false;
    std::optional<InferenceError> loadError;
};

} // namespace

class TestRkBackend : public QObject
{
    Q_OBJECT

private:
    ModelProfile profile(int imageTokens = kTokens) const
    {
        ModelProfile p;
        p.id = QStringLiteral("fake-npu");
        p.name = QStringLiteral("Fake NPU");
        p.backend = BackendKind::Rk;
        p.files = {{QStringLiteral("encoder"), m_models.filePath(QStringLiteral("vision.rknn"))},
                   {QStringLiteral("llm"), m_models.filePath(QStringLiteral("llm.rkllm"))}};
        p.vision.width = kSize;
        p.vision.height = kSize;
        p.vision.resize = VisionResize::ExpandToSquare;
        p.vision.imageTokens = imageTokens;
        p.vision.embeddingWidth = kWidth;
        p.prompt.prefix = QStringLiteral("<|im_start|>user\n");
        p.prompt.postfix = QStringLiteral("<|im_end|>\n<|im_start|>assistant\n");
        p.prompt.imageTag = QStringLiteral("<image>");
        p.prompt.imageStart = QStringLiteral("<img>");
        p.prompt.imageEnd = QStringLiteral("</img>");
        p.prompt.imageContent = QStringLiteral("<IMG_CONTEXT>");
        p.sampling.maxNewTokens = 64;
        p.contextLength = 1024;
        return p;
    }

    // Loads on the worker's thread; returns the load error (None on success).
    InferenceError load(InferenceThread &thread, Probe &probe, const ModelProfile &p)
    {
        InferenceWorker *worker = thread.worker();
        QMetaObject::invokeMethod(worker, [worker, p] { worker->loadModel(p, 0); }, Qt::QueuedConnection);
        if (!QTest::qWaitFor([&] { return probe.loaded || probe.loadError.has_value(); }, kTimeoutMs))
            return {InferenceErrorCode::ModelLoadFailed, QStringLiteral("timed out")};
        return probe.loadError.value_or(InferenceError{});
    }

    quint64 ask(InferenceThread &thread, std::optional<std::uint8_t> image, const QString &prompt)
    {
        InferenceRequest request;
        if (image)
            request.image = solidImage(*image);
        request.prompt = prompt;
        return thread.worker()->submit(std::move(request));
    }

    long counter(const char *name) const { return m_counter(name); }
    QString value(const char *name) const { return QString::fromUtf8(m_lastValue(name)); }
    int violations() const { return m_violations(); }
    QString lastViolation() const { return QString::fromUtf8(m_lastViolation()); }

    QTemporaryDir m_temp;
    QDir m_models;
    QDir m_empty;
    void *m_fake = nullptr;
    CamchatFakeViolationsFn m_violations = nullptr;
    CamchatFakeLastViolationFn m_lastViolation = nullptr;
    CamchatFakeResetFn m_reset = nullptr;
    CamchatFakeCounterFn m_counter = nullptr;
    CamchatFakeLastValueFn m_lastValue = nullptr;

    // Held open from the first test that needs it to the end: the fakes' shared record
    // (violations, counters) lives as long as the library, and the backend's dlopen gets
    // this same copy.
    void openFake()
    {
        const QByteArray fake = QFile::encodeName(QDir(QStringLiteral(CAMCHAT_FAKE_RK_LIB_DIR))
                                                      .filePath(QStringLiteral("librkllmrt.so")));
        m_fake = dlopen(fake.constData(), RTLD_NOW | RTLD_LOCAL);
        QVERIFY2(m_fake, dlerror());
        m_violations = reinterpret_cast<CamchatFakeViolationsFn>(dlsym(m_fake, "camchat_fake_violations"));
        m_lastViolation = reinterpret_cast<CamchatFakeLastViolationFn>(dlsym(m_fake, "camchat_fake_last_violation"));
        m_reset = reinterpret_cast<CamchatFakeResetFn>(dlsym(m_fake, "camchat_fake_reset"));
        m_counter = reinterpret_cast<CamchatFakeCounterFn>(dlsym(m_fake, "camchat_fake_counter"));
        m_lastValue = reinterpret_cast<CamchatFakeLastValueFn>(dlsym(m_fake, "camchat_fake_last_value"));
        QVERIFY(m_violations && m_lastViolation && m_reset && m_counter && m_lastValue);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<InferenceErrorCode>();
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("camchat-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_rkbackend"));
        QSettings().clear();
        QVERIFY(m_temp.isValid());
        QDir root(m_temp.path());
        QVERIFY(root.mkpath(QStringLiteral("models")) && root.mkpath(QStringLiteral("empty")));
        m_models = QDir(root.filePath(QStringLiteral("models")));
        m_empty = QDir(root.filePath(QStringLiteral("empty")));
        QVERIFY(writeFile(m_models.filePath(QStringLiteral("vision.rknn")),
                          QByteArrayLiteral("camchat-fake-rknn 1\ninput_width=32\ninput_height=32\n"
                                            "output_tokens=4\noutput_width=8\n")));
        QVERIFY(writeFile(m_models.filePath(QStringLiteral("llm.rkllm")),
                          QByteArrayLiteral("camchat-fake-rkllm 1\nimage_tokens=4\nembed_width=8\n"
                                            "image_width=32\nimage_height=32\nimg_start=<img>\n"
                                            "img_end=</img>\nimg_content=<IMG_CONTEXT>\n")));
    }

    void init()
    {
        qputenv("CAMCHAT_RK_LIB_DIR", CAMCHAT_FAKE_RK_LIB_DIR);
        for (const char *name : kSwitches)
            qunsetenv(name);
        // Not for libraryMissing (the first test): a loaded librkllmrt.so would be found
        // by its soname, however the search path is set.
        if (!m_fake && qstrcmp(QTest::currentTestFunction(), "libraryMissing") != 0)
            openFake();
        if (m_fake)
            m_reset();
    }

    void cleanup()
    {
        QSettings().clear();
        if (!m_fake)
            return;
        // Every test, whatever it did: the backend never misused the runtimes, and in
        // particular never had RKNN and RKLLM on the NPU at the same time.
        QCOMPARE(violations(), 0);
        QCOMPARE(counter("live_rknn_contexts"), 0L);
        QCOMPARE(counter("live_rkllm_handles"), 0L);
    }

    void cleanupTestCase()
    {
        if (m_fake)
            dlclose(m_fake);
    }

    void libraryMissing()
    {
        qputenv("CAMCHAT_RK_LIB_DIR", QFile::encodeName(m_empty.path()));
        if (void *installed = dlopen("librkllmrt.so", RTLD_NOW | RTLD_LOCAL)) {
            dlclose(installed);
            QSKIP("a librkllmrt.so is installed on this machine");
        }
        InferenceThread thread;
        Probe probe(thread.worker());
        const InferenceError error = load(thread, probe, profile());
        QCOMPARE(error.code, InferenceErrorCode::BackendUnavailable);
        QVERIFY2(error.detail.contains(QStringLiteral("librkllmrt.so not found")), qPrintable(error.detail));
        QVERIFY2(error.detail.contains(m_empty.path()), qPrintable(error.detail));
    }

    void loadsWithProfileParameters()
    {
        {
            InferenceThread thread;
            Probe probe(thread.worker());
            const InferenceError error = load(thread, probe, profile());
            QVERIFY2(!error, qPrintable(error.detail));
            QCOMPARE(counter("rknn_core_mask"), 7L); // all three NPU cores by default
            QCOMPARE(counter("rknn_run"), 1L);       // the warm-up
            QCOMPARE(value("rkllm_prefix"), QStringLiteral("<|im_start|>user\n"));
            QCOMPARE(value("rkllm_postfix"), QStringLiteral("<|im_end|>\n<|im_start|>assistant\n"));
            QCOMPARE(value("rkllm_system"), QString());
            QCOMPARE(value("rkllm_img_start"), QStringLiteral("<img>"));
            QCOMPARE(value("rkllm_img_end"), QStringLiteral("</img>"));
            QCOMPARE(value("rkllm_img_content"), QStringLiteral("<IMG_CONTEXT>"));
            QCOMPARE(counter("live_rknn_contexts"), 1L);
            QCOMPARE(counter("live_rkllm_handles"), 1L);
        }
        // The thread's end destroyed both models.
        QCOMPARE(counter("rknn_destroy"), 1L);
        QCOMPARE(counter("rkllm_destroy"), 1L);
    }

    void npuCoresFromProfile_data()
    {
        QTest::addColumn<int>("cores");
        QTest::addColumn<long>("mask");
        QTest::newRow("one core") << 1 << 1L;
        QTest::newRow("two cores") << 2 << 3L;
        QTest::newRow("three cores") << 3 << 7L;
    }

    void npuCoresFromProfile()
    {
        QFETCH(int, cores);
        QFETCH(long, mask);
        ModelProfile p = profile();
        p.vision.npuCores = cores;
        InferenceThread thread;
        Probe probe(thread.worker());
        const InferenceError error = load(thread, probe, p);
        QVERIFY2(!error, qPrintable(error.detail));
        QCOMPARE(counter("rknn_core_mask"), mask);
    }

    void streamsWholeCharacters()
    {
        InferenceThread thread;
        Probe probe(thread.worker());
        QVERIFY(!load(thread, probe, profile()));
        const quint64 id = ask(thread, 100, QStringLiteral("What is <image>this?"));
        QVERIFY(probe.waitForEnd(id));
        const Probe::Event end = *probe.end(id);
        QVERIFY2(end.kind == Probe::Event::Finished, qPrintable(end.error.detail));

        // One signal per token, each whole characters only: "é" came after a WAITING,
        // U+1F642 split across two callbacks.
        const QStringList pieces = probe.pieces(id);
        QVERIFY2(pieces.size() >= 6, qPrintable(pieces.join(QLatin1Char('|'))));
        for (const QString &piece : pieces) {
            QVERIFY(!piece.contains(QChar::ReplacementCharacter));
            QVERIFY(!piece.isEmpty() && !piece.back().isHighSurrogate());
        }
        QVERIFY(pieces.contains(QStringLiteral("\u00e9")));
        QVERIFY(pieces.contains(QString::fromUtf8("\xf0\x9f\x99\x82")));
        QCOMPARE(end.result.text, pieces.join(QString()));
        QVERIFY2(end.result.text.contains(QStringLiteral(" turn1 caf\u00e9 ")), qPrintable(end.result.text));

        // The user's stray tag was dropped: the image tag exactly once, then the question.
        QCOMPARE(value("rkllm_prompt"), QStringLiteral("<image>What is this?"));
        QCOMPARE(value("rkllm_role"), QStringLiteral("user"));
        QCOMPARE(counter("rkllm_keep_history"), 1L);
        QCOMPARE(counter("rknn_run"), 2L); // warm-up + this image

        // The runtime's perf figures are the prefill and decode stages.
        const StageTimings &t = end.result.timings;
        QVERIFY(t.visionEncodeUs.has_value());
        QVERIFY(t.prefillUs.has_value() && t.decodeUs.has_value() && t.firstTokenUs.has_value());
        QVERIFY2(t.prefillTokens > kTokens, qPrintable(QString::number(t.prefillTokens))); // image + text
        QCOMPARE(t.decodeTokens, 8);
        QCOMPARE(t.runtimeMemoryBytes, std::int64_t(321.5 * 1024 * 1024)); // the fake's memory_usage_mb
        QVERIFY(probe.hasStage(id, Stage::VisionEncode));
    }

    void followUpDoesNotReencode()
    {
        InferenceThread thread;
        Probe probe(thread.worker());
        QVERIFY(!load(thread, probe, profile()));
        const quint64 first = ask(thread, 100, QStringLiteral("What is this?"));
        QVERIFY(probe.waitForEnd(first));
        QCOMPARE(probe.end(first)->kind, Probe::Event::Finished);
        const QString firstText = probe.end(first)->result.text;
        const QString imageMarker = firstText.section(QLatin1Char(' '), 0, 0); // "[img:xxxxxxxx]"
        const long runs = counter("rknn_run");
        const long clears = counter("rkllm_clear_kv_cache");

        const quint64 second = ask(thread, std::nullopt, QStringLiteral("And <image>the colour?"));
        QVERIFY(probe.waitForEnd(second));
        const Probe::Event end = *probe.end(second);
        QVERIFY2(end.kind == Probe::Event::Finished, qPrintable(end.error.detail));
        QVERIFY(!probe.hasStage(second, Stage::VisionEncode));
        QVERIFY(!probe.hasStage(second, Stage::Preprocess));
        QVERIFY(!end.result.timings.visionEncodeUs.has_value());
        QCOMPARE(counter("rknn_run"), runs);
        QCOMPARE(counter("rkllm_clear_kv_cache"), clears);
        QCOMPARE(value("rkllm_prompt"), QStringLiteral("And the colour?"));
        QCOMPARE(counter("rkllm_keep_history"), 1L);
        // Same image in the cache, second turn of the conversation.
        QVERIFY2(end.result.text.startsWith(imageMarker + QStringLiteral(" turn2")), qPrintable(end.result.text));
    }

    // Encode on snap: the RKNN encode runs when the picture arrives, the question uses
    // its embeddings, and the answer is about that picture.
    void preparedImageIsNotEncodedAgain()
    {
        InferenceThread thread;
        Probe probe(thread.worker());
        QVERIFY(!load(thread, probe, profile()));
        const long runsBefore = counter("rknn_run");
        std::atomic<bool> prepared{false}; // set on the inference thread
        QObject::connect(thread.worker(), &InferenceWorker::imagePrepared, thread.worker(),
                         [&prepared](quint64 key) { prepared = key == 11; }, Qt::DirectConnection);
        thread.worker()->prepareImage(11, solidImage(70));
        QTRY_VERIFY_WITH_TIMEOUT(prepared.load(), 10000);
        QCOMPARE(counter("rknn_run"), runsBefore + 1);

        InferenceRequest request;
        request.image = solidImage(70);
        request.imageKey = 11;
        request.prompt = QStringLiteral("What is this?");
        const quint64 id = thread.worker()->submit(std::move(request));
        QVERIFY(probe.waitForEnd(id));
        const Probe::Event end = *probe.end(id);
        QVERIFY2(end.kind == Probe::Event::Finished, qPrintable(end.error.detail));
        QCOMPARE(counter("rknn_run"), runsBefore + 1); // not encoded twice
        QVERIFY(!probe.hasStage(id, Stage::VisionEncode));
        QVERIFY(end.result.timings.preparedAheadUs.has_value());
        QVERIFY2(end.result.text.startsWith(QStringLiteral("[img:")), qPrintable(end.result.text));

        // The same picture asked cold gives the same answer's image marker.
        const quint64 cold = ask(thread, 70, QStringLiteral("What is this?"));
        QVERIFY(probe.waitForEnd(cold));
        QCOMPARE(probe.end(cold)->result.text.section(QLatin1Char(' '), 0, 0),
                 end.result.text.section(QLatin1Char(' '), 0, 0));
        QCOMPARE(counter("rknn_run"), runsBefore + 2);
    }

    void newImageClearsTheCache()
    {
        InferenceThread thread;
        Probe probe(thread.worker());
        QVERIFY(!load(thread, probe, profile()));
        const quint64 first = ask(thread, 100, QStringLiteral("What is this?"));
        QVERIFY(probe.waitForEnd(first));
        const QString firstMarker = probe.end(first)->result.text.section(QLatin1Char(' '), 0, 0);
        const long clears = counter("rkllm_clear_kv_cache");

        const quint64 second = ask(thread, 30, QStringLiteral("And this?"));
        QVERIFY(probe.waitForEnd(second));
        const Probe::Event end = *probe.end(second);
        QVERIFY2(end.kind == Probe::Event::Finished, qPrintable(end.error.detail));
        QCOMPARE(counter("rkllm_clear_kv_cache"), clears + 1);
        QCOMPARE(counter("old_image_answers"), 0L);
        const QString secondMarker = end.result.text.section(QLatin1Char(' '), 0, 0);
        QVERIFY(secondMarker.startsWith(QStringLiteral("[img:")));
        QVERIFY(secondMarker != firstMarker); // the answer is about the new image
        QVERIFY2(end.result.text.contains(QStringLiteral(" turn1")), qPrintable(end.result.text));
        QVERIFY(probe.hasStage(second, Stage::VisionEncode));
    }

    // Two backends on two threads (say, the app and a benchmark in one process): the NPU
    // lock is process-wide, so the fake never sees RKNN and RKLLM work overlap.
    void twoBackendsNeverOverlapOnTheNpu()
    {
        qputenv("CAMCHAT_FAKE_RKNN_RUN_MS", "20");
        qputenv("CAMCHAT_FAKE_RKLLM_TOKEN_DELAY_MS", "3");
        InferenceThread threadA;
        InferenceThread threadB;
        Probe probeA(threadA.worker());
        Probe probeB(threadB.worker());
        QVERIFY(!load(threadA, probeA, profile()));
        QVERIFY(!load(threadB, probeB, profile()));
        // Submitted together: while one backend encodes, the other may be answering.
        for (int round = 0; round < 3; ++round) {
            const quint64 a = ask(threadA, std::uint8_t(10 + round), QStringLiteral("A?"));
            const quint64 b = ask(threadB, std::uint8_t(60 + round), QStringLiteral("B?"));
            QVERIFY(probeA.waitForEnd(a) && probeB.waitForEnd(b));
            QCOMPARE(probeA.end(a)->kind, Probe::Event::Finished);
            QCOMPARE(probeB.end(b)->kind, Probe::Event::Finished);
        }
        QCOMPARE(violations(), 0);
        QCOMPARE(counter("rknn_run"), 8L); // two warm-ups, six images
    }

    void abortStopsTheRuntime()
    {
        qputenv("CAMCHAT_FAKE_RKLLM_TOKENS", "60");
        qputenv("CAMCHAT_FAKE_RKLLM_TOKEN_DELAY_MS", "50");
        InferenceThread thread;
        Probe probe(thread.worker());
        QVERIFY(!load(thread, probe, profile()));
        const quint64 id = ask(thread, 100, QStringLiteral("Describe it at length."));
        QVERIFY(QTest::qWaitFor([&] { return !probe.pieces(id).isEmpty(); }, kTimeoutMs));
        thread.worker()->cancel();
        QVERIFY(probe.waitForEnd(id));
        const Probe::Event end = *probe.end(id);
        QCOMPARE(end.kind, Probe::Event::Failed);
        QCOMPARE(end.error.code, InferenceErrorCode::Cancelled);
        QCOMPARE(counter("rkllm_abort"), 1L);
        QVERIFY(probe.pieces(id).size() < 30);

        // A stopped first answer leaves no conversation; a new image works.
        qunsetenv("CAMCHAT_FAKE_RKLLM_TOKEN_DELAY_MS");
        const quint64 followUp = ask(thread, std::nullopt, QStringLiteral("More?"));
        QVERIFY(probe.waitForEnd(followUp));
        QCOMPARE(probe.end(followUp)->error.code, InferenceErrorCode::NoConversation);
        const quint64 again = ask(thread, 100, QStringLiteral("Again?"));
        QVERIFY(probe.waitForEnd(again));
        QCOMPARE(probe.end(again)->kind, Probe::Event::Finished);
    }

    void runtimeErrorMidStream()
    {
        qputenv("CAMCHAT_FAKE_RKLLM_ERROR_AFTER", "3");
        InferenceThread thread;
        Probe probe(thread.worker());
        QVERIFY(!load(thread, probe, profile()));
        const quint64 id = ask(thread, 100, QStringLiteral("What is this?"));
        QVERIFY(probe.waitForEnd(id));
        const Probe::Event end = *probe.end(id);
        QCOMPARE(end.kind, Probe::Event::Failed);
        QCOMPARE(end.error.code, InferenceErrorCode::DecodeFailed);
        QVERIFY2(end.error.detail.contains(QStringLiteral("matmul(w8a8) run failed")), qPrintable(end.error.detail));
        QCOMPARE(probe.pieces(id).size(), 3); // what came before the error was streamed
    }

    void encoderFailure()
    {
        InferenceThread thread;
        Probe probe(thread.worker());
        QVERIFY(!load(thread, probe, profile()));
        qputenv("CAMCHAT_FAKE_RKNN_FAIL_RUN", "1"); // after the warm-up
        const quint64 id = ask(thread, 100, QStringLiteral("What is this?"));
        QVERIFY(probe.waitForEnd(id));
        QCOMPARE(probe.end(id)->error.code, InferenceErrorCode::ImageEncodeFailed);
        QVERIFY2(probe.end(id)->error.detail.contains(QStringLiteral("rknn_run")), qPrintable(probe.end(id)->error.detail));
        QCOMPARE(counter("rkllm_run"), 0L);
    }

    // Sampling is fixed at rkllm_init; a request's smaller token limit still holds.
    void requestTokenLimit()
    {
        InferenceThread thread;
        Probe probe(thread.worker());
        QVERIFY(!load(thread, probe, profile()));
        InferenceRequest request;
        request.image = solidImage(100);
        request.prompt = QStringLiteral("Short, please.");
        SamplingParams sampling = profile().sampling;
        sampling.maxNewTokens = 2;
        request.sampling = sampling;
        const quint64 id = thread.worker()->submit(std::move(request));
        QVERIFY(probe.waitForEnd(id));
        const Probe::Event end = *probe.end(id);
        QVERIFY2(end.kind == Probe::Event::Finished, qPrintable(end.error.detail));
        QCOMPARE(probe.pieces(id).size(), 2);
        QCOMPARE(counter("rkllm_abort"), 1L);
    }

    void initFailure()
    {
        qputenv("CAMCHAT_FAKE_RKLLM_FAIL_INIT", "1");
        InferenceThread thread;
        Probe probe(thread.worker());
        const InferenceError error = load(thread, probe, profile());
        QCOMPARE(error.code, InferenceErrorCode::ModelLoadFailed);
        QVERIFY2(error.detail.contains(QStringLiteral("rkllm_init")), qPrintable(error.detail));
    }

    void encoderShapeMismatchNamesBoth()
    {
        InferenceThread thread;
        Probe probe(thread.worker());
        const InferenceError error = load(thread, probe, profile(5));
        QCOMPARE(error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY2(error.detail.contains(QStringLiteral("4 x 8")) && error.detail.contains(QStringLiteral("5 x 8")),
                 qPrintable(error.detail));
    }

    void symbolMissing()
    {
        qputenv("CAMCHAT_RK_LIB_DIR", CAMCHAT_PARTIAL_RK_LIB_DIR);
        InferenceThread thread;
        Probe probe(thread.worker());
        const InferenceError error = load(thread, probe, profile());
        QCOMPARE(error.code, InferenceErrorCode::BackendUnavailable);
        for (const char *name : {"rkllm_createDefaultParam", "rkllm_abort", "rkllm_clear_kv_cache",
                                 "rkllm_set_chat_template", "rkllm_destroy"})
            QVERIFY2(error.detail.contains(QLatin1String(name)), qPrintable(error.detail));
        QVERIFY2(!error.detail.contains(QStringLiteral("rkllm_init,")), qPrintable(error.detail));
    }

    void refusesRkllm13()
    {
        qputenv("CAMCHAT_RK_LIB_DIR", CAMCHAT_FAKE_RK13_LIB_DIR);
        InferenceThread thread;
        Probe probe(thread.worker());
        const InferenceError error = load(thread, probe, profile());
        QCOMPARE(error.code, InferenceErrorCode::BackendUnavailable);
        QVERIFY2(error.detail.contains(QStringLiteral("1.3.0")), qPrintable(error.detail));
        QVERIFY2(error.detail.contains(QStringLiteral("1.2.1-1.2.3")), qPrintable(error.detail));
        // Refused before anything in it ran (the 1.3 fake counts a violation for any call).
        QCOMPARE(counter("rkllm_init"), 0L);
        QCOMPARE(counter("rkllm_createDefaultParam"), 0L);
    }
    // A profile on a USB stick with runtime libraries beside its model files: they are
    // never loaded (not even their constructors run); the runtime comes from
    // CAMCHAT_RK_LIB_DIR.
    void runtimeBesideModelIsNotLoaded()
    {
        QTemporaryDir stick;
        QVERIFY(stick.isValid());
        const QDir dir(stick.path());
        for (const char *name : {"vision.rknn", "llm.rkllm"})
            QVERIFY(copyFile(m_models.filePath(QLatin1String(name)), dir.filePath(QLatin1String(name))));
        for (const char *name : {"librkllmrt.so", "librknnrt.so"})
            QVERIFY(copyFile(QStringLiteral(CAMCHAT_PLANTED_RK_LIB), dir.filePath(QLatin1String(name))));
        qunsetenv("CAMCHAT_PLANTED_RUNTIME_RAN");

        ModelProfile p = profile();
        p.files = {{QStringLiteral("encoder"), dir.filePath(QStringLiteral("vision.rknn"))},
                   {QStringLiteral("llm"), dir.filePath(QStringLiteral("llm.rkllm"))}};
        {
            InferenceThread thread;
            Probe probe(thread.worker());
            const InferenceError error = load(thread, probe, p);
            QVERIFY2(!error, qPrintable(error.detail));
            QVERIFY(qEnvironmentVariableIsEmpty("CAMCHAT_PLANTED_RUNTIME_RAN"));
            for (const char *name : {"librkllmrt.so", "librknnrt.so"}) {
                for (const QString &loaded : loadedLibraries(QLatin1String(name)))
                    QVERIFY2(!loaded.startsWith(dir.absolutePath()), qPrintable(loaded));
            }
        }
        QVERIFY(qEnvironmentVariableIsEmpty("CAMCHAT_PLANTED_RUNTIME_RAN"));
    }

    // Started from the stick's folder with CAMCHAT_RK_LIB_DIR=. (or a relative Settings
    // folder): a relative folder is never searched, so the library beside the model is
    // not found through it.
    void relativeFolderIsNeverSearched()
    {
        QTemporaryDir stick;
        QVERIFY(stick.isValid());
        QVERIFY(copyFile(QStringLiteral(CAMCHAT_PLANTED_RK_LIB), QDir(stick.path()).filePath(QStringLiteral("librkllmrt.so"))));
        const QString before = QDir::currentPath();
        QVERIFY(QDir::setCurrent(stick.path()));
        const LibraryLocation location = locateLibrary(QStringLiteral("librkllmrt.so"),
                                                       {QStringLiteral("."), QStringLiteral("lib"), QString()});
        QVERIFY(QDir::setCurrent(before));
        QVERIFY2(location.path.isEmpty(), qPrintable(location.path));
        QVERIFY(location.searched.isEmpty());
        // The same folder given as a full path is searched.
        const LibraryLocation absolute = locateLibrary(QStringLiteral("librkllmrt.so"), {stick.path()});
        QCOMPARE(absolute.path, QDir(stick.path()).filePath(QStringLiteral("librkllmrt.so")));
    }

    // 1.2.0 predates the ABI camchat declares: refused like 1.3, the range named, nothing
    // in it called.
    void refusesRkllm120()
    {
        QTemporaryDir libs;
        QVERIFY(libs.isValid());
        const QDir fakeDir(QStringLiteral(CAMCHAT_FAKE_RK_LIB_DIR));
        QFile original(fakeDir.filePath(QStringLiteral("librkllmrt.so")));
        QVERIFY(original.open(QIODevice::ReadOnly));
        QByteArray bytes = original.readAll();
        const QByteArray marker = "rkllm-runtime version: 1.2.3";
        QVERIFY(bytes.contains(marker));
        bytes.replace(marker, QByteArray("rkllm-runtime version: 1.2.0")); // same length
        QVERIFY(!bytes.contains(marker));
        QVERIFY(writeFile(QDir(libs.path()).filePath(QStringLiteral("librkllmrt.so")), bytes));
        QVERIFY(copyFile(fakeDir.filePath(QStringLiteral("librknnrt.so")),
                         QDir(libs.path()).filePath(QStringLiteral("librknnrt.so"))));
        qputenv("CAMCHAT_RK_LIB_DIR", QFile::encodeName(libs.path()));

        InferenceThread thread;
        Probe probe(thread.worker());
        const InferenceError error = load(thread, probe, profile());
        QCOMPARE(error.code, InferenceErrorCode::BackendUnavailable);
        QVERIFY2(error.detail.contains(QStringLiteral("1.2.0")), qPrintable(error.detail));
        QVERIFY2(error.detail.contains(QStringLiteral("1.2.1-1.2.3")), qPrintable(error.detail));
        QCOMPARE(counter("rkllm_init"), 0L);
        QCOMPARE(counter("rkllm_createDefaultParam"), 0L);
        for (const QString &loaded : loadedLibraries(QStringLiteral("librkllmrt.so")))
            QVERIFY2(!loaded.startsWith(QDir(libs.path()).absolutePath()), qPrintable(loaded));
    }

    // The runtime folder set in Settings (no CAMCHAT_RK_LIB_DIR): the doctor names the
    // files the backend loads.
    void doctorNamesTheLoadedLibraries()
    {
        qunsetenv("CAMCHAT_RK_LIB_DIR");
        QSettings().setValue(QStringLiteral("npu/runtimeLibraryDir"), QStringLiteral(CAMCHAT_FAKE_RK_LIB_DIR));
        InferenceThread thread;
        Probe probe(thread.worker());
        const InferenceError error = load(thread, probe, profile());
        QVERIFY2(!error, qPrintable(error.detail));

        const SystemCheck check;
        for (const char *name : {"librkllmrt.so", "librknnrt.so"}) {
            const CheckItem item = check.runtimeItem(QLatin1String(name));
            const QString reported = item.detail.section(QLatin1Char(';'), 0, 0);
            QCOMPARE(reported, QDir(QStringLiteral(CAMCHAT_FAKE_RK_LIB_DIR)).absoluteFilePath(QLatin1String(name)));
            QVERIFY2(loadedLibraries(QLatin1String(name)).contains(reported), qPrintable(reported));
        }
        // And exactly the files the runtime resolution opens.
        InferenceError openError;
        const std::unique_ptr<RkRuntime> runtime = RkRuntime::open(openError);
        QVERIFY2(runtime, qPrintable(openError.detail));
        QCOMPARE(runtime->rkllmPath(), check.runtimeItem(QStringLiteral("librkllmrt.so")).detail);
        QCOMPARE(runtime->rknnPath(), check.runtimeItem(QStringLiteral("librknnrt.so")).detail);
    }
};

QTEST_GUILESS_MAIN(TestRkBackend)
#include "test_rkbackend.moc"
