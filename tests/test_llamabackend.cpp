#include "fixtureprofile.h"
#include "inference/cputopology.h"
#include "inference/llama/llamabackend.h"

#include "inference/modelprofile.h"

#include <QFile>
#include <QTest>

#include <cstdint>
#include <memory>
#include <optional>

using namespace camchat::inference;

namespace {

using camchat::test::fixture;

ModelProfile tinyProfile(const QString &flavour)
{
    ModelProfile profile;
    profile.id = QStringLiteral("tiny-") + flavour;
    profile.name = profile.id;
    profile.backend = BackendKind::Llama;
    profile.files = {{QStringLiteral("model"), fixture(QStringLiteral("tiny-%1.gguf").arg(flavour))},
                     {QStringLiteral("mmproj"), fixture(QStringLiteral("tiny-%1-mmproj.gguf").arg(flavour))}};
    profile.vision.width = 64;
    profile.vision.height = 64;
    profile.vision.maxImageTokens = 16;
    profile.sampling.temperature = 0.2f;
    profile.sampling.maxNewTokens = 48;
    profile.sampling.seed = 42;
    profile.contextLength = 2048;
    return profile;
}

RgbImage makeImage(int width, int height)
{
    auto pixels = std::make_shared<std::uint8_t[]>(std::size_t(width) * std::size_t(height) * 3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint8_t *p = pixels.get() + (std::size_t(y) * std::size_t(width) + std::size_t(x)) * 3;
            p[0] = std::uint8_t(x * 4);
            p[1] = std::uint8_t(y * 5);
            p[2] = std::uint8_t((x + y) * 2);
        }
    }
    RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels = pixels;
    return image;
}

struct Event {
    enum Kind { Started, Finished, Token } kind;
    Stage stage = Stage::Preprocess;
    std::int64_t durationUs = 0;
    int tokens = 0;
    QString text;
};

// Records what the backend reports; can cancel after a number of token calls.
class RecordingSink final : public GenerationSink
{
public:
    void stageStarted(Stage stage) override { events.push_back({Event::Started, stage, 0, 0, {}}); }
    void stageFinished(Stage stage, std::int64_t durationUs, int tokens) override
    {
        events.push_back({Event::Finished, stage, durationUs, tokens, {}});
    }
    void token(const QString &piece) override
    {
        events.push_back({Event::Token, Stage::Decode, 0, 0, piece});
        ++tokenCalls;
        if (cancelAfterTokens > 0 && tokenCalls >= cancelAfterTokens)
            cancelled = true;
    }
    bool isCancelled() const override { return cancelled; }

    QString text() const
    {
        QString all;
        for (const Event &event : events) {
            if (event.kind == Event::Token)
                all += event.text;
        }
        return all;
    }
    std::optional<Event> finished(Stage stage) const
    {
        for (const Event &event : events) {
            if (event.kind == Event::Finished && event.stage == stage)
                return event;
        }
        return std::nullopt;
    }
    bool started(Stage stage) const
    {
        for (const Event &event : events) {
            if (event.kind == Event::Started && event.stage == stage)
                return true;
        }
        return false;
    }
    // The stage events in order, e.g. "+vision_encode -vision_encode +prefill ...".
    QString stageTrace() const
    {
        QStringList parts;
        for (const Event &event : events) {
            if (event.kind == Event::Token)
                continue;
            parts << (event.kind == Event::Started ? QStringLiteral("+") : QStringLiteral("-"))
                    + QString::fromLatin1(stageKey(event.stage).data(), qsizetype(stageKey(event.stage).size()));
        }
        return parts.join(QLatin1Char(' '));
    }

    std::vector<Event> events;
    int tokenCalls = 0;
    int cancelAfterTokens = 0;
    bool cancelled = false;
};

// One thread: the tiny models gain nothing from more, and on a busy machine ggml's
// threads spin at their barriers.
const BackendOptions kOneThread{1, {}, {}};

} // namespace

class TestLlamaBackend : public QObject
{
    Q_OBJECT

private:
    RgbImage m_image = makeImage(64, 48);

    BackendRequest imageRequest(const QString &prompt, const SamplingParams &sampling) const
    {
        return {&m_image, prompt, sampling};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(fixture(QStringLiteral("tiny-idefics3.gguf"))), "fixtures missing: build camchat_fixtures");
    }

    void fixtureProfilesParse_data()
    {
        QTest::addColumn<QString>("flavour");
        QTest::newRow("idefics3") << QStringLiteral("idefics3");
        QTest::newRow("internvl") << QStringLiteral("internvl");
    }
    void fixtureProfilesParse()
    {
        QFETCH(QString, flavour);
        const ProfileLoadResult loaded = ModelProfiles::loadFile(fixture(QStringLiteral("tiny-%1.json").arg(flavour)));
        QVERIFY2(loaded.profile, qPrintable(loaded.error.detail));
        QCOMPARE(loaded.profile->backend, BackendKind::Llama);
        QVERIFY(loaded.profile->filesPresent());
        QCOMPARE(loaded.profile->filePath(QStringLiteral("model")), fixture(QStringLiteral("tiny-%1.gguf").arg(flavour)));
        QVERIFY(loaded.profile->vision.maxImageTokens > 0);

        LlamaBackend backend;
        const InferenceError error = backend.load(*loaded.profile, kOneThread, {});
        QVERIFY2(!error, qPrintable(error.detail));
    }

    void firstTurnStreams_data()
    {
        QTest::addColumn<QString>("flavour");
        QTest::newRow("idefics3") << QStringLiteral("idefics3");
        QTest::newRow("internvl") << QStringLiteral("internvl");
    }
    void firstTurnStreams()
    {
        QFETCH(QString, flavour);
        LlamaBackend backend;
        QCOMPARE(backend.kind(), BackendKind::Llama);
        QVERIFY(!backend.isLoaded());

        QList<float> progress;
        const InferenceError loadError = backend.load(tinyProfile(flavour), kOneThread, [&progress](float fraction) {
            progress << fraction;
            return true;
        });
        QVERIFY2(!loadError, qPrintable(loadError.detail));
        QVERIFY(backend.isLoaded());
        QCOMPARE(backend.threads(), 1);
        QVERIFY(!backend.hasConversation());
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last(), 1.0f);
        for (qsizetype i = 1; i < progress.size(); ++i)
            QVERIFY(progress[i] >= progress[i - 1]);

        SamplingParams sampling = tinyProfile(flavour).sampling;
        sampling.maxNewTokens = 48;
        RecordingSink sink;
        const InferenceError error = backend.run(imageRequest(QStringLiteral("What is in this image?"), sampling), sink);
        QVERIFY2(!error, qPrintable(error.detail));
        QVERIFY(backend.hasConversation());

        // The stages in order, then the tokens between Decode's start and finish.
        QCOMPARE(sink.stageTrace(), QStringLiteral("+vision_encode -vision_encode +prefill -prefill +decode -decode"));
        const Event encode = *sink.finished(Stage::VisionEncode);
        const Event prefill = *sink.finished(Stage::Prefill);
        const Event decode = *sink.finished(Stage::Decode);
        QVERIFY(encode.durationUs > 0);
        QVERIFY(prefill.durationUs > 0);
        QVERIFY(decode.durationUs > 0);
        QVERIFY2(prefill.tokens > 16, "the prompt holds the image tokens and the text");
        QVERIFY(sink.events.back().kind == Event::Finished && sink.events.back().stage == Stage::Decode);

        // The tiny model never picks end-of-generation: the budget is used up.
        QCOMPARE(decode.tokens, sampling.maxNewTokens);
        QVERIFY2(sink.tokenCalls > 1, "tokens arrive one call at a time");
        // Characters spelled in byte tokens arrive as one call: fewer calls than tokens.
        QVERIFY(sink.tokenCalls < decode.tokens);
        for (const Event &event : sink.events) {
            if (event.kind != Event::Token)
                continue;
            QVERIFY(!event.text.isEmpty());
            QCOMPARE(QString::fromUtf8(event.text.toUtf8()), event.text);
            QVERIFY2(!event.text.contains(QChar(QChar::ReplacementCharacter)), qPrintable(event.text));
        }
        const QString text = sink.text();
        bool multiByte = false;
        for (const QChar c : text)
            multiByte = multiByte || c.unicode() >= 0x80;
        QVERIFY2(multiByte, qPrintable(text));
    }

    void followUpSkipsVision_data()
    {
        QTest::addColumn<QString>("flavour");
        QTest::newRow("idefics3") << QStringLiteral("idefics3");
        QTest::newRow("internvl") << QStringLiteral("internvl");
    }
    void followUpSkipsVision()
    {
        QFETCH(QString, flavour);
        LlamaBackend backend;
        QVERIFY(!backend.load(tinyProfile(flavour), kOneThread, {}));
        SamplingParams sampling = tinyProfile(flavour).sampling;
        sampling.maxNewTokens = 12;

        RecordingSink first;
        QVERIFY(!backend.run(imageRequest(QStringLiteral("Describe the picture in detail, please."), sampling), first));
        const int firstPrefill = first.finished(Stage::Prefill)->tokens;

        RecordingSink second;
        const InferenceError error = backend.run({nullptr, QStringLiteral("And the sky?"), sampling}, second);
        QVERIFY2(!error, qPrintable(error.detail));
        QVERIFY(!second.started(Stage::VisionEncode));
        QCOMPARE(second.stageTrace(), QStringLiteral("+prefill -prefill +decode -decode"));
        const int secondPrefill = second.finished(Stage::Prefill)->tokens;
        QVERIFY(secondPrefill > 0);
        QVERIFY2(secondPrefill * 2 < firstPrefill, qPrintable(QStringLiteral("%1 vs %2").arg(secondPrefill).arg(firstPrefill)));
        QCOMPARE(second.finished(Stage::Decode)->tokens, 12);
        QVERIFY(!second.text().isEmpty());

        // Earlier turns are not fed again: the same question costs the same each time.
        RecordingSink third;
        QVERIFY(!backend.run({nullptr, QStringLiteral("And the sky?"), sampling}, third));
        QCOMPARE(third.finished(Stage::Prefill)->tokens, secondPrefill);
    }

    void cancelStopsWithinOneToken()
    {
        LlamaBackend backend;
        QVERIFY(!backend.load(tinyProfile(QStringLiteral("idefics3")), kOneThread, {}));
        SamplingParams sampling = tinyProfile(QStringLiteral("idefics3")).sampling;
        sampling.maxNewTokens = 64;

        RecordingSink sink;
        sink.cancelAfterTokens = 5;
        const InferenceError error = backend.run(imageRequest(QStringLiteral("What is this?"), sampling), sink);
        QCOMPARE(error.code, InferenceErrorCode::Cancelled);
        QVERIFY2(sink.tokenCalls <= 6, qPrintable(QString::number(sink.tokenCalls)));
        QVERIFY(!sink.finished(Stage::Decode));
        // A cancelled first turn leaves no conversation to follow up on.
        QVERIFY(!backend.hasConversation());
        RecordingSink orphan;
        QCOMPARE(backend.run({nullptr, QStringLiteral("More?"), sampling}, orphan).code, InferenceErrorCode::NoConversation);

        // The next request works.
        RecordingSink next;
        const InferenceError nextError = backend.run(imageRequest(QStringLiteral("What is this?"), sampling), next);
        QVERIFY2(!nextError, qPrintable(nextError.detail));
        QCOMPARE(next.finished(Stage::Decode)->tokens, 64);
        QVERIFY(backend.hasConversation());
    }

    void cancelledFollowUpKeepsConversation()
    {
        LlamaBackend backend;
        QVERIFY(!backend.load(tinyProfile(QStringLiteral("internvl")), kOneThread, {}));
        SamplingParams sampling = tinyProfile(QStringLiteral("internvl")).sampling;
        sampling.maxNewTokens = 16;
        RecordingSink first;
        QVERIFY(!backend.run(imageRequest(QStringLiteral("What is this?"), sampling), first));

        RecordingSink stopped;
        stopped.cancelAfterTokens = 2;
        QCOMPARE(backend.run({nullptr, QStringLiteral("Tell me more."), sampling}, stopped).code,
                 InferenceErrorCode::Cancelled);
        QVERIFY(stopped.tokenCalls <= 3);
        QVERIFY(backend.hasConversation());

        // Cancelled before anything was fed: the cache is rolled back.
        RecordingSink early;
        early.cancelled = true;
        QCOMPARE(backend.run({nullptr, QStringLiteral("Anything else?"), sampling}, early).code,
                 InferenceErrorCode::Cancelled);
        QCOMPARE(early.tokenCalls, 0);

        RecordingSink after;
        const InferenceError error = backend.run({nullptr, QStringLiteral("Anything else?"), sampling}, after);
        QVERIFY2(!error, qPrintable(error.detail));
        QVERIFY(!after.started(Stage::VisionEncode));
        QCOMPARE(after.finished(Stage::Decode)->tokens, 16);
    }

    void cancelBeforeEncoding()
    {
        LlamaBackend backend;
        QVERIFY(!backend.load(tinyProfile(QStringLiteral("idefics3")), kOneThread, {}));
        RecordingSink sink;
        sink.cancelled = true;
        QCOMPARE(backend.run(imageRequest(QStringLiteral("Hi"), tinyProfile(QStringLiteral("idefics3")).sampling), sink).code,
                 InferenceErrorCode::Cancelled);
        QVERIFY(!sink.finished(Stage::VisionEncode));
        QCOMPARE(sink.tokenCalls, 0);
        QVERIFY(!backend.hasConversation());
    }

    void maxNewTokensHonoured_data()
    {
        QTest::addColumn<int>("maxNewTokens");
        QTest::newRow("1") << 1;
        QTest::newRow("7") << 7;
        QTest::newRow("30") << 30;
    }
    void maxNewTokensHonoured()
    {
        QFETCH(int, maxNewTokens);
        LlamaBackend backend;
        QVERIFY(!backend.load(tinyProfile(QStringLiteral("internvl")), kOneThread, {}));
        SamplingParams sampling = tinyProfile(QStringLiteral("internvl")).sampling;
        sampling.maxNewTokens = maxNewTokens;
        RecordingSink sink;
        QVERIFY(!backend.run(imageRequest(QStringLiteral("Caption?"), sampling), sink));
        QCOMPARE(sink.finished(Stage::Decode)->tokens, maxNewTokens);
        QVERIFY(sink.tokenCalls >= 1 && sink.tokenCalls <= maxNewTokens);

        // The token kept back at the budget's end is fed with the follow-up.
        RecordingSink followUp;
        QVERIFY(!backend.run({nullptr, QStringLiteral("More"), sampling}, followUp));
        QCOMPARE(followUp.finished(Stage::Decode)->tokens, maxNewTokens);
    }

    void samplingIsReproducible()
    {
        LlamaBackend backend;
        QVERIFY(!backend.load(tinyProfile(QStringLiteral("idefics3")), kOneThread, {}));
        SamplingParams sampling = tinyProfile(QStringLiteral("idefics3")).sampling;
        sampling.temperature = 0.8f;
        sampling.maxNewTokens = 24;
        sampling.seed = 1234;
        RecordingSink a;
        RecordingSink b;
        QVERIFY(!backend.run(imageRequest(QStringLiteral("Same question"), sampling), a));
        QVERIFY(!backend.run(imageRequest(QStringLiteral("Same question"), sampling), b));
        QCOMPARE(a.text(), b.text());

        sampling.temperature = 0.0f; // greedy
        RecordingSink c;
        RecordingSink d;
        QVERIFY(!backend.run(imageRequest(QStringLiteral("Same question"), sampling), c));
        QVERIFY(!backend.run(imageRequest(QStringLiteral("Same question"), sampling), d));
        QCOMPARE(c.text(), d.text());
        QCOMPARE(c.finished(Stage::Decode)->tokens, 24);
    }

    void badFilesGiveTypedErrors_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("mmproj");
        QTest::addColumn<InferenceErrorCode>("code");
        QTest::addColumn<QString>("detailPart");
        const QString model = QStringLiteral("tiny-idefics3.gguf");
        const QString mmproj = QStringLiteral("tiny-idefics3-mmproj.gguf");
        const auto invalid = InferenceErrorCode::ModelFileInvalid;
        QTest::newRow("missing model") << QStringLiteral("missing.gguf") << mmproj
                                       << InferenceErrorCode::ModelFileMissing << QStringLiteral("missing.gguf");
        QTest::newRow("missing mmproj") << model << QStringLiteral("missing-mmproj.gguf")
                                        << InferenceErrorCode::ModelFileMissing << QStringLiteral("missing-mmproj.gguf");
        QTest::newRow("empty") << QStringLiteral("bad-empty.gguf") << mmproj << invalid << QStringLiteral("bad-empty.gguf");
        QTest::newRow("truncated") << QStringLiteral("bad-truncated.gguf") << mmproj << invalid
                                   << QStringLiteral("truncated");
        QTest::newRow("not gguf") << QStringLiteral("bad-not-gguf.gguf") << mmproj << invalid
                                  << QStringLiteral("not a GGUF file");
        QTest::newRow("wrong architecture") << QStringLiteral("bad-wrong-arch.gguf") << mmproj << invalid
                                            << QStringLiteral("\"camchat-unknown-arch\"");
        QTest::newRow("text model as mmproj") << model << model << invalid << QStringLiteral("not a multimodal projector");
        QTest::newRow("no scale factor") << model << QStringLiteral("bad-mmproj-no-scale-factor.gguf") << invalid
                                         << QStringLiteral("clip.vision.projector.scale_factor");
    }
    void badFilesGiveTypedErrors()
    {
        QFETCH(QString, model);
        QFETCH(QString, mmproj);
        QFETCH(InferenceErrorCode, code);
        QFETCH(QString, detailPart);

        LlamaBackend backend;
        ModelProfile profile = tinyProfile(QStringLiteral("idefics3"));
        profile.files = {{QStringLiteral("model"), fixture(model)}, {QStringLiteral("mmproj"), fixture(mmproj)}};
        const InferenceError error = backend.load(profile, kOneThread, {});
        QCOMPARE(error.code, code);
        QVERIFY2(error.detail.contains(detailPart), qPrintable(error.detail));
        QVERIFY(!backend.isLoaded());

        // Still alive and able to load a good model.
        const InferenceError good = backend.load(tinyProfile(QStringLiteral("idefics3")), kOneThread, {});
        QVERIFY2(!good, qPrintable(good.detail));
        RecordingSink sink;
        QVERIFY(!backend.run(imageRequest(QStringLiteral("Hi"), tinyProfile(QStringLiteral("idefics3")).sampling), sink));
        QVERIFY(!sink.text().isEmpty());
    }

    void unknownTemplateName()
    {
        LlamaBackend backend;
        ModelProfile profile = tinyProfile(QStringLiteral("internvl"));
        profile.prompt.chatTemplate = QStringLiteral("no-such-template");
        const InferenceError error = backend.load(profile, kOneThread, {});
        QCOMPARE(error.code, InferenceErrorCode::ProfileInvalid);
        QVERIFY(error.detail.contains(QStringLiteral("no-such-template")));
        QVERIFY(!backend.isLoaded());

        profile.prompt.chatTemplate = QStringLiteral("chatml"); // a named llama.cpp template
        QVERIFY(!backend.load(profile, kOneThread, {}));
        RecordingSink sink;
        QVERIFY(!backend.run(imageRequest(QStringLiteral("Hi"), profile.sampling), sink));
    }

    void loadCanBeAborted()
    {
        LlamaBackend backend;
        const InferenceError error =
            backend.load(tinyProfile(QStringLiteral("idefics3")), kOneThread, [](float) { return false; });
        QCOMPARE(error.code, InferenceErrorCode::Cancelled);
        QVERIFY(!backend.isLoaded());
        QVERIFY(!backend.load(tinyProfile(QStringLiteral("idefics3")), kOneThread, {}));
    }

    void requestsWithoutModelOrImage()
    {
        LlamaBackend backend;
        RecordingSink sink;
        const SamplingParams sampling;
        QCOMPARE(backend.run(imageRequest(QStringLiteral("Hi"), sampling), sink).code, InferenceErrorCode::NotLoaded);

        QVERIFY(!backend.load(tinyProfile(QStringLiteral("idefics3")), kOneThread, {}));
        QCOMPARE(backend.run({nullptr, QStringLiteral("Hi"), sampling}, sink).code, InferenceErrorCode::NoConversation);
        const RgbImage empty;
        QCOMPARE(backend.run({&empty, QStringLiteral("Hi"), sampling}, sink).code, InferenceErrorCode::ImageInvalid);
        // libmtmd's image marker typed by the user is text, not a second image.
        RecordingSink marker;
        SamplingParams few;
        few.maxNewTokens = 3;
        QVERIFY(!backend.run(imageRequest(QStringLiteral("What is <__media__> here?"), few), marker));

        backend.unload();
        QVERIFY(!backend.isLoaded());
        QVERIFY(!backend.hasConversation());
        QCOMPARE(backend.run(imageRequest(QStringLiteral("Hi"), sampling), sink).code, InferenceErrorCode::NotLoaded);
    }

    void contextFull()
    {
        LlamaBackend backend;
        ModelProfile profile = tinyProfile(QStringLiteral("idefics3"));
        profile.contextLength = 32; // smaller than the prompt with its image
        QVERIFY(!backend.load(profile, kOneThread, {}));
        RecordingSink sink;
        const InferenceError error = backend.run(imageRequest(QStringLiteral("Hi"), profile.sampling), sink);
        QCOMPARE(error.code, InferenceErrorCode::ContextFull);
        QVERIFY(!backend.hasConversation());

        // Room for the first turn only: follow-ups run out, the backend stays usable.
        profile.contextLength = 200;
        QVERIFY(!backend.load(profile, kOneThread, {}));
        SamplingParams sampling = profile.sampling;
        sampling.maxNewTokens = 40;
        RecordingSink first;
        QVERIFY(!backend.run(imageRequest(QStringLiteral("Hi"), sampling), first));
        InferenceError followUpError;
        for (int i = 0; i < 10 && !followUpError; ++i) {
            RecordingSink followUp;
            followUpError = backend.run({nullptr, QStringLiteral("More please"), sampling}, followUp);
        }
        QCOMPARE(followUpError.code, InferenceErrorCode::ContextFull);
        QVERIFY(backend.hasConversation());
        RecordingSink fresh;
        QVERIFY(!backend.run(imageRequest(QStringLiteral("Hi"), sampling), fresh));
    }

    void defaultThreads()
    {
        QVERIFY(LlamaBackend::defaultThreadCount() >= 1);
        LlamaBackend backend;
        QVERIFY(!backend.load(tinyProfile(QStringLiteral("internvl")), {}, {}));
        QCOMPARE(backend.threads(), LlamaBackend::defaultThreadCount());
    }

    void pinnedThreadsAnswerAndLetGo()
    {
        // What a big.LITTLE board gets (CpuTopology's choice), here forced onto CPU 0.
        const std::optional<std::set<int>> before = CpuTopology::processAffinity();
        QVERIFY(before.has_value());
        if (!before->count(0))
            QSKIP("CPU 0 is not in this process's affinity");
        LlamaBackend backend;
        BackendOptions options;
        options.threads = 1;
        options.cpus = {0};
        QVERIFY(!backend.load(tinyProfile(QStringLiteral("idefics3")), options, {}));
        QCOMPARE(backend.pinnedCpus(), QList<int>{0});
        QCOMPARE(CpuTopology::processAffinity(), std::optional<std::set<int>>(std::set<int>{0}));
        SamplingParams sampling = tinyProfile(QStringLiteral("idefics3")).sampling;
        sampling.maxNewTokens = 4;
        RecordingSink sink;
        const InferenceError error = backend.run(imageRequest(QStringLiteral("What is this?"), sampling), sink);
        QVERIFY2(!error, qPrintable(error.detail));
        QVERIFY(!sink.text().isEmpty());
        backend.unload();
        QVERIFY(backend.pinnedCpus().isEmpty());
        QCOMPARE(CpuTopology::processAffinity(), before); // the thread is free again
    }

    void createBackendKinds()
    {
        const std::unique_ptr<VlmBackend> llama = createBackend(BackendKind::Llama);
        QVERIFY(llama);
        QCOMPARE(llama->kind(), BackendKind::Llama);
        const std::unique_ptr<VlmBackend> rk = createBackend(BackendKind::Rk);
        QVERIFY(rk);
        QCOMPARE(rk->kind(), BackendKind::Rk);
    }
};

QTEST_GUILESS_MAIN(TestLlamaBackend)
#include "test_llamabackend.moc"
