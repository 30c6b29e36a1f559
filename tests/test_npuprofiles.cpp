// The built-in NPU (backend "rk") profiles, loaded by the real loader and compared with
// the published facts in docs/models.md: a single wrong character in a prompt piece
// makes the RKLLM runtime answer nonsense, so every string is compared exactly.
#include "inference/modelprofile.h"

#include <QFileInfo>
#include <QHash>
#include <QTest>

#include <array>
#include <cstdint>

using camchat::inference::BackendKind;
using camchat::inference::ModelProfile;
using camchat::inference::ModelProfiles;
using camchat::inference::ProfileLoadResult;
using camchat::inference::VisionResize;

namespace {

ProfileLoadResult builtIn(const QString &id)
{
    return ModelProfiles::loadFile(QStringLiteral(":/models/%1.json").arg(id));
}

} // namespace

class TestNpuProfiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyNpuProfileIsKnown();
    void profile_data();
    void profile();
    void cpuSiblingsShareTheFamily();
};

// No NPU profile slips in (or out) without this test knowing its facts.
void TestNpuProfiles::everyNpuProfileIsKnown()
{
    QStringList ids;
    for (const ProfileLoadResult &r : ModelProfiles::builtIn()) {
        QVERIFY2(r.profile, qPrintable(r.error.detail));
        if (r.profile->backend == BackendKind::Rk)
            ids << r.profile->id;
    }
    ids.sort();
    QCOMPARE(ids, (QStringList{QStringLiteral("internvl3-1b-npu"), QStringLiteral("qwen2-vl-2b-npu"),
                               QStringLiteral("smolvlm-256m-npu")}));
}

void TestNpuProfiles::profile_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("encoder");
    QTest::addColumn<QString>("llm");
    QTest::addColumn<int>("side");
    QTest::addColumn<int>("imageTokens");
    QTest::addColumn<int>("embeddingWidth");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QString>("postfix");
    QTest::addColumn<QString>("imageTag");
    QTest::addColumn<QString>("imageStart");
    QTest::addColumn<QString>("imageEnd");
    QTest::addColumn<QString>("imageContent");

    // The runtime puts the embeddings where the literal "<image>" stands, for every model
    // (docs/models.md, rknn-llm); only SmolVLM has no start/end/content tokens.
    const QString image = QStringLiteral("<image>");
    const QString chatmlPrefix = QStringLiteral("<|im_start|>user\n");
    const QString chatmlPostfix = QStringLiteral("<|im_end|>\n<|im_start|>assistant\n");

    QTest::newRow("SmolVLM-256M")
        << QStringLiteral("smolvlm-256m-npu") << QStringLiteral("smolvlm")
        << QStringLiteral("smolvlm_vision_rk3588.rknn") << QStringLiteral("smolvlm_llm_w8a8_rk3588.rkllm") << 512
        << 64 << 576 << QStringLiteral("<|im_start|>User:") << QStringLiteral("<end_of_utterance>\nAssistant:")
        << image << QString() << QString() << QString();
    QTest::newRow("InternVL3-1B")
        << QStringLiteral("internvl3-1b-npu") << QStringLiteral("internvl3")
        << QStringLiteral("internvl3-1b_vision_fp16_rk3588.rknn") << QStringLiteral("internvl3-1b_w8a8_rk3588.rkllm")
        << 448 << 256 << 896 << chatmlPrefix << chatmlPostfix << image << QStringLiteral("<img>")
        << QStringLiteral("</img>") << QStringLiteral("<IMG_CONTEXT>");
    // No NPU files are published for Qwen2-VL: the names are camchat's own convention.
    QTest::newRow("Qwen2-VL-2B")
        << QStringLiteral("qwen2-vl-2b-npu") << QStringLiteral("qwen2-vl")
        << QStringLiteral("qwen2-vl-2b_vision_rk3588.rknn") << QStringLiteral("qwen2-vl-2b_w8a8_rk3588.rkllm") << 392
        << 196 << 1536 << chatmlPrefix << chatmlPostfix << image << QStringLiteral("<|vision_start|>")
        << QStringLiteral("<|vision_end|>") << QStringLiteral("<|image_pad|>");
}

void TestNpuProfiles::profile()
{
    QFETCH(QString, id);
    QFETCH(QString, family);
    QFETCH(QString, encoder);
    QFETCH(QString, llm);
    QFETCH(int, side);
    QFETCH(int, imageTokens);
    QFETCH(int, embeddingWidth);
    QFETCH(QString, prefix);
    QFETCH(QString, postfix);
    QFETCH(QString, imageTag);
    QFETCH(QString, imageStart);
    QFETCH(QString, imageEnd);
    QFETCH(QString, imageContent);

    const ProfileLoadResult r = builtIn(id);
    QVERIFY2(r.profile, qPrintable(r.error.detail));
    QVERIFY(!r.error);
    const ModelProfile &p = *r.profile;

    QCOMPARE(p.id, id);
    QCOMPARE(p.family, family);
    QCOMPARE(p.backend, BackendKind::Rk);
    QVERIFY(p.name.endsWith(QLatin1String("(NPU)")));

    // Exactly the two rk roles, in role order, looked up in the user profile folder.
    QCOMPARE(p.files.size(), 2);
    QCOMPARE(p.files.at(0).role, QStringLiteral("encoder"));
    QCOMPARE(p.files.at(1).role, QStringLiteral("llm"));
    QCOMPARE(QFileInfo(p.filePath(QStringLiteral("encoder"))).fileName(), encoder);
    QCOMPARE(QFileInfo(p.filePath(QStringLiteral("llm"))).fileName(), llm);
    QCOMPARE(QFileInfo(p.filePath(QStringLiteral("encoder"))).absolutePath(), ModelProfiles::userProfileDir());

    // The reference pipeline: centre on a 128-grey square, then resize to the encoder's input.
    QCOMPARE(p.vision.width, side);
    QCOMPARE(p.vision.height, side);
    QCOMPARE(p.vision.resize, VisionResize::ExpandToSquare);
    QCOMPARE(p.vision.fill, (std::array<std::uint8_t, 3>{128, 128, 128}));
    QCOMPARE(p.vision.imageTokens, imageTokens);
    QCOMPARE(p.vision.embeddingWidth, embeddingWidth);
    QCOMPARE(p.vision.maxImageTokens, 0); // llama only

    QCOMPARE(p.prompt.chatTemplate, QString()); // llama only: rk uses the literal pieces
    QCOMPARE(p.prompt.system, QString());
    QCOMPARE(p.prompt.prefix, prefix);
    QCOMPARE(p.prompt.postfix, postfix);
    QCOMPARE(p.prompt.imageTag, imageTag);
    QCOMPARE(p.prompt.imageStart, imageStart);
    QCOMPARE(p.prompt.imageEnd, imageEnd);
    QCOMPARE(p.prompt.imageContent, imageContent);

    // RKLLM's max_context_len must hold the image, the question and the answer.
    QCOMPARE(p.contextLength, 4096);
    QVERIFY(imageTokens + p.sampling.maxNewTokens < p.contextLength);

    // The prompt pieces put together give the published prompt shape.
    if (id == QLatin1String("smolvlm-256m-npu")) {
        QCOMPARE(p.prompt.prefix + p.prompt.imageTag + QStringLiteral("What is in this image?") + p.prompt.postfix,
                 QStringLiteral("<|im_start|>User:<image>What is in this image?<end_of_utterance>\nAssistant:"));
    }

    // What the loader wrote back reads as the same profile: nothing is lost on a round trip.
    const ProfileLoadResult again = ModelProfiles::parse(ModelProfiles::toJson(p), p.sourcePath, {});
    QVERIFY2(again.profile, qPrintable(again.error.detail));
    QVERIFY(*again.profile == p);
}

// The CPU fallback finds the NPU profile's siblings through the family.
void TestNpuProfiles::cpuSiblingsShareTheFamily()
{
    QHash<QString, QString> families;
    for (const ProfileLoadResult &r : ModelProfiles::builtIn())
        families.insert(r.profile->id, r.profile->family);
    QCOMPARE(families.value(QStringLiteral("smolvlm-256m-npu")), families.value(QStringLiteral("smolvlm-256m-cpu")));
    QCOMPARE(families.value(QStringLiteral("smolvlm-256m-npu")), families.value(QStringLiteral("smolvlm-500m-cpu")));
    QCOMPARE(families.value(QStringLiteral("internvl3-1b-npu")), families.value(QStringLiteral("internvl3-1b-cpu")));
    QVERIFY(!families.value(QStringLiteral("smolvlm-256m-npu")).isEmpty());
    QVERIFY(!families.value(QStringLiteral("internvl3-1b-npu")).isEmpty());
}

QTEST_GUILESS_MAIN(TestNpuProfiles)

#include "test_npuprofiles.moc"
