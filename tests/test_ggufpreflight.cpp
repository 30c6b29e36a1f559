#include "fixtureprofile.h"
#include "inference/llama/ggufpreflight.h"

#include <gguf.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

using namespace camchat::inference;

Q_DECLARE_METATYPE(std::function<void(gguf_context *)>)

namespace {

using camchat::test::fixture;

// Copies a GGUF file with edited metadata: the tensor data section is copied byte for
// byte, which stays valid as long as the edit leaves the tensor list alone.
bool rewriteMetadata(const QString &source, const QString &target, const std::function<void(gguf_context *)> &edit)
{
    gguf_init_params params{};
    params.no_alloc = true;
    params.ctx = nullptr;
    gguf_context *gguf = gguf_init_from_file(QFile::encodeName(source).constData(), params);
    if (!gguf)
        return false;
    const auto dataOffset = qint64(gguf_get_data_offset(gguf));
    edit(gguf);
    const bool written = gguf_write_to_file(gguf, QFile::encodeName(target).constData(), true);
    gguf_free(gguf);
    if (!written)
        return false;
    QFile in(source);
    QFile out(target);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::Append))
        return false;
    in.seek(dataOffset);
    return out.write(in.readAll()) >= 0;
}

bool writeHead(const QString &source, const QString &target, qint64 bytes)
{
    QFile in(source);
    QFile out(target);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly))
        return false;
    return out.write(in.read(bytes)) == bytes;
}

} // namespace

class TestGgufPreflight : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(fixture(QStringLiteral("tiny-idefics3.gguf"))), "fixtures missing: build camchat_fixtures");
        QVERIFY(m_temp.isValid());
    }

    void goodPairsPass_data()
    {
        QTest::addColumn<QString>("flavour");
        QTest::newRow("idefics3") << QStringLiteral("idefics3");
        QTest::newRow("internvl") << QStringLiteral("internvl");
    }
    void goodPairsPass()
    {
        QFETCH(QString, flavour);
        const QString model = fixture(QStringLiteral("tiny-%1.gguf").arg(flavour));
        const QString mmproj = fixture(QStringLiteral("tiny-%1-mmproj.gguf").arg(flavour));

        const GgufPreflightResult text = GgufPreflight::checkTextModel(model);
        QVERIFY2(!text.error, qPrintable(text.error.detail));
        QCOMPARE(text.summary.architecture, QStringLiteral("llama"));
        QCOMPARE(text.summary.embeddingWidth, std::int64_t(64));

        const GgufPreflightResult projector = GgufPreflight::checkProjector(mmproj);
        QVERIFY2(!projector.error, qPrintable(projector.error.detail));
        QCOMPARE(projector.summary.architecture, QStringLiteral("clip"));
        QCOMPARE(projector.summary.projectorType, flavour);
        QCOMPARE(projector.summary.embeddingWidth, std::int64_t(64));

        GgufSummary modelSummary;
        GgufSummary mmprojSummary;
        const InferenceError pair = GgufPreflight::checkPair(model, mmproj, &modelSummary, &mmprojSummary);
        QVERIFY2(!pair, qPrintable(pair.detail));
        QCOMPARE(modelSummary.architecture, QStringLiteral("llama"));
        QCOMPARE(mmprojSummary.projectorType, flavour);
    }

    void badFilesRejected_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("asProjector");
        QTest::addColumn<InferenceErrorCode>("code");
        QTest::addColumn<QString>("detailPart");

        const auto invalid = InferenceErrorCode::ModelFileInvalid;
        QTest::newRow("missing") << QStringLiteral("no-such-model.gguf") << false
                                 << InferenceErrorCode::ModelFileMissing << QStringLiteral("does not exist");
        QTest::newRow("missing mmproj") << QStringLiteral("no-such-mmproj.gguf") << true
                                        << InferenceErrorCode::ModelFileMissing << QStringLiteral("mmproj file does not exist");
        QTest::newRow("empty") << QStringLiteral("bad-empty.gguf") << false << invalid << QStringLiteral("empty file");
        QTest::newRow("empty mmproj") << QStringLiteral("bad-empty.gguf") << true << invalid << QStringLiteral("empty file");
        QTest::newRow("not gguf") << QStringLiteral("bad-not-gguf.gguf") << false << invalid
                                  << QStringLiteral("not a GGUF file");
        QTest::newRow("truncated") << QStringLiteral("bad-truncated.gguf") << false << invalid
                                   << QStringLiteral("truncated");
        QTest::newRow("text model as mmproj") << QStringLiteral("tiny-idefics3.gguf") << true << invalid
                                              << QStringLiteral("text model (general.architecture = llama)");
        QTest::newRow("mmproj as text model") << QStringLiteral("tiny-internvl-mmproj.gguf") << false << invalid
                                              << QStringLiteral("multimodal projector");
        QTest::newRow("no scale factor") << QStringLiteral("bad-mmproj-no-scale-factor.gguf") << true << invalid
                                         << QStringLiteral("missing key clip.vision.projector.scale_factor");
        QTest::newRow("not gguf as mmproj") << QStringLiteral("bad-not-gguf.gguf") << true << invalid
                                            << QStringLiteral("not a GGUF file");
    }
    void badFilesRejected()
    {
        QFETCH(QString, file);
        QFETCH(bool, asProjector);
        QFETCH(InferenceErrorCode, code);
        QFETCH(QString, detailPart);

        const QString path = fixture(file);
        const GgufPreflightResult result =
            asProjector ? GgufPreflight::checkProjector(path) : GgufPreflight::checkTextModel(path);
        QCOMPARE(result.error.code, code);
        QVERIFY2(result.error.detail.contains(detailPart), qPrintable(result.error.detail));
        QVERIFY2(result.error.detail.contains(path), qPrintable(result.error.detail));
    }

    void pairReportsTheBadFile()
    {
        const InferenceError error = GgufPreflight::checkPair(fixture(QStringLiteral("tiny-idefics3.gguf")),
                                                              fixture(QStringLiteral("bad-mmproj-no-scale-factor.gguf")));
        QCOMPARE(error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY(error.detail.contains(QStringLiteral("bad-mmproj-no-scale-factor.gguf")));

        const InferenceError swapped = GgufPreflight::checkPair(fixture(QStringLiteral("tiny-idefics3-mmproj.gguf")),
                                                                fixture(QStringLiteral("tiny-idefics3.gguf")));
        QCOMPARE(swapped.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY(swapped.detail.contains(QStringLiteral("not a text model")));
    }

    void unknownArchitectureIsLeftToLlama()
    {
        // The architecture list belongs to llama.cpp: the preflight passes the file on and
        // reports the name, so the backend can say which one was refused.
        const GgufPreflightResult result = GgufPreflight::checkTextModel(fixture(QStringLiteral("bad-wrong-arch.gguf")));
        QVERIFY2(!result.error, qPrintable(result.error.detail));
        QCOMPARE(result.summary.architecture, QStringLiteral("camchat-unknown-arch"));
    }

    void truncatedMetadataRejected()
    {
        const QString path = m_temp.filePath(QStringLiteral("head.gguf"));
        QVERIFY(writeHead(fixture(QStringLiteral("tiny-idefics3-mmproj.gguf")), path, 200));
        const GgufPreflightResult result = GgufPreflight::checkProjector(path);
        QCOMPARE(result.error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY2(result.error.detail.contains(QStringLiteral("corrupt or truncated")), qPrintable(result.error.detail));
    }

    void wronglyTypedKeyRejected()
    {
        // libmtmd would read it with gguf_get_val_u32, which asserts on a string.
        const QString path = m_temp.filePath(QStringLiteral("typed.gguf"));
        QVERIFY(rewriteMetadata(fixture(QStringLiteral("tiny-idefics3-mmproj.gguf")), path, [](gguf_context *gguf) {
            gguf_set_val_str(gguf, "clip.vision.image_size", "large");
        }));
        const GgufPreflightResult result = GgufPreflight::checkProjector(path);
        QCOMPARE(result.error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY2(result.error.detail.contains(QStringLiteral("clip.vision.image_size has type str")),
                 qPrintable(result.error.detail));
    }

    void editedProjectorRejected_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("detailPart");
        QTest::newRow("internvl without scale factor")
            << QStringLiteral("tiny-internvl-mmproj.gguf") << QStringLiteral("clip.vision.projector.scale_factor")
            << QStringLiteral("missing key clip.vision.projector.scale_factor (required by the internvl projector)");
        QTest::newRow("no vision encoder flag")
            << QStringLiteral("tiny-idefics3-mmproj.gguf") << QStringLiteral("clip.has_vision_encoder")
            << QStringLiteral("missing key clip.has_vision_encoder");
        QTest::newRow("no image mean")
            << QStringLiteral("tiny-internvl-mmproj.gguf") << QStringLiteral("clip.vision.image_mean")
            << QStringLiteral("missing key clip.vision.image_mean");
        QTest::newRow("no patch size")
            << QStringLiteral("tiny-idefics3-mmproj.gguf") << QStringLiteral("clip.vision.patch_size")
            << QStringLiteral("missing key clip.vision.patch_size");
    }
    void editedProjectorRejected()
    {
        QFETCH(QString, file);
        QFETCH(QString, key);
        QFETCH(QString, detailPart);
        const QString path = m_temp.filePath(QStringLiteral("edited.gguf"));
        QVERIFY(rewriteMetadata(fixture(file), path, [&key](gguf_context *gguf) {
            gguf_remove_key(gguf, key.toUtf8().constData());
        }));
        const GgufPreflightResult result = GgufPreflight::checkProjector(path);
        QCOMPARE(result.error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY2(result.error.detail.contains(detailPart), qPrintable(result.error.detail));
    }

    void unsupportedProjectorRejected()
    {
        const QString path = m_temp.filePath(QStringLiteral("audio.gguf"));
        QVERIFY(rewriteMetadata(fixture(QStringLiteral("tiny-idefics3-mmproj.gguf")), path, [](gguf_context *gguf) {
            gguf_set_val_str(gguf, "clip.projector_type", "ultravox");
        }));
        const GgufPreflightResult result = GgufPreflight::checkProjector(path);
        QCOMPARE(result.error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY2(result.error.detail.contains(QStringLiteral("\"ultravox\"")), qPrintable(result.error.detail));
    }

    void mismatchedPairRejected()
    {
        // A text model whose embeddings are not what the projector produces.
        const QString path = m_temp.filePath(QStringLiteral("wide.gguf"));
        QVERIFY(rewriteMetadata(fixture(QStringLiteral("tiny-internvl.gguf")), path, [](gguf_context *gguf) {
            gguf_set_val_u32(gguf, "llama.embedding_length", 96);
        }));
        const InferenceError error = GgufPreflight::checkPair(path, fixture(QStringLiteral("tiny-internvl-mmproj.gguf")));
        QCOMPARE(error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY2(error.detail.contains(QStringLiteral("64-wide")) && error.detail.contains(QStringLiteral("96")),
                 qPrintable(error.detail));
    }

    void textModelWithoutTokenizerRejected()
    {
        const QString path = m_temp.filePath(QStringLiteral("notokens.gguf"));
        QVERIFY(rewriteMetadata(fixture(QStringLiteral("tiny-idefics3.gguf")), path, [](gguf_context *gguf) {
            gguf_remove_key(gguf, "tokenizer.ggml.tokens");
        }));
        const GgufPreflightResult result = GgufPreflight::checkTextModel(path);
        QCOMPARE(result.error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY2(result.error.detail.contains(QStringLiteral("missing key tokenizer.ggml.tokens")),
                 qPrintable(result.error.detail));
    }

    // Values llama.cpp asserts on (each row: the case named in issue 14).
    void assertedValuesRejected_data()
    {
        using Edit = std::function<void(gguf_context *)>;
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("asProjector");
        QTest::addColumn<Edit>("edit");
        QTest::addColumn<QString>("detailPart");
        const QString text = QStringLiteral("tiny-internvl.gguf");
        const QString mmproj = QStringLiteral("tiny-internvl-mmproj.gguf");
        QTest::newRow("block_count 0") << text << false << Edit([](gguf_context *g) {
            gguf_set_val_u32(g, "llama.block_count", 0);
        }) << QStringLiteral("llama.block_count is 0") ;
        QTest::newRow("block_count 513") << text << false << Edit([](gguf_context *g) {
            gguf_set_val_u32(g, "llama.block_count", 513);
        }) << QStringLiteral("llama-model.cpp:1260");
        QTest::newRow("unknown rope scaling") << text << false << Edit([](gguf_context *g) {
            gguf_set_val_str(g, "llama.rope.scaling.type", "bogus");
        }) << QStringLiteral("llama-model.cpp:1352");
        QTest::newRow("expert_count 1025") << text << false << Edit([](gguf_context *g) {
            gguf_set_val_u32(g, "llama.expert_count", 1025);
            gguf_set_val_u32(g, "llama.expert_used_count", 2);
        }) << QStringLiteral("llama-model.cpp:1293");
        QTest::newRow("used above count") << text << false << Edit([](gguf_context *g) {
            gguf_set_val_u32(g, "llama.expert_count", 2);
            gguf_set_val_u32(g, "llama.expert_used_count", 3);
        }) << QStringLiteral("llama-model.cpp:1294");
        QTest::newRow("experts, none used") << text << false << Edit([](gguf_context *g) {
            gguf_set_val_u32(g, "llama.expert_count", 4);
        }) << QStringLiteral("llama-model.cpp:1296");
        QTest::newRow("used without experts") << text << false << Edit([](gguf_context *g) {
            gguf_set_val_u32(g, "llama.expert_used_count", 2);
        }) << QStringLiteral("llama-model.cpp:1304");
        QTest::newRow("groups without experts") << text << false << Edit([](gguf_context *g) {
            gguf_set_val_u32(g, "llama.expert_group_count", 2);
        }) << QStringLiteral("llama-model.cpp:1305");
        QTest::newRow("groups not below experts") << text << false << Edit([](gguf_context *g) {
            gguf_set_val_u32(g, "llama.expert_count", 4);
            gguf_set_val_u32(g, "llama.expert_used_count", 2);
            gguf_set_val_u32(g, "llama.expert_group_count", 4);
        }) << QStringLiteral("llama-model.cpp:1297");
        QTest::newRow("nextn not below block_count") << text << false << Edit([](gguf_context *g) {
            gguf_set_val_u32(g, "llama.nextn_predict_layers", 512);
        }) << QStringLiteral("llama-model.cpp:1262");
        QTest::newRow("token twice") << text << false << Edit([](gguf_context *g) {
            const std::int64_t id = gguf_find_key(g, "tokenizer.ggml.tokens");
            const std::size_t n = gguf_get_arr_n(g, id);
            std::vector<std::string> tokens;
            for (std::size_t i = 0; i < n; ++i)
                tokens.emplace_back(gguf_get_arr_str(g, id, i));
            tokens[n - 1] = tokens[n - 2];
            std::vector<const char *> pointers;
            for (const std::string &token : tokens)
                pointers.push_back(token.c_str());
            gguf_set_arr_str(g, "tokenizer.ggml.tokens", pointers.data(), pointers.size());
        }) << QStringLiteral("llama-vocab.cpp:2539");
        QTest::newRow("negative rms epsilon") << text << false << Edit([](gguf_context *g) {
            gguf_set_val_f32(g, "llama.attention.layer_norm_rms_epsilon", -1e-5f);
        }) << QStringLiteral("ops.cpp:3949");
        QTest::newRow("NaN rms epsilon") << text << false << Edit([](gguf_context *g) {
            gguf_set_val_f32(g, "llama.attention.layer_norm_rms_epsilon", std::nanf(""));
        }) << QStringLiteral("ops.cpp:3949");
        QTest::newRow("internvl min tiles 0") << mmproj << true << Edit([](gguf_context *g) {
            gguf_set_val_u32(g, "clip.vision.preproc_min_tiles", 0);
        }) << QStringLiteral("mtmd-image.cpp:1081");
        QTest::newRow("internvl huge max tiles") << mmproj << true << Edit([](gguf_context *g) {
            gguf_set_val_u32(g, "clip.vision.preproc_max_tiles", 1000000);
        }) << QStringLiteral("preproc_max_tiles 1000000");
        QTest::newRow("granite4_vision without pinpoints") << mmproj << true << Edit([](gguf_context *g) {
            gguf_set_val_str(g, "clip.projector_type", "granite4_vision");
            gguf_remove_key(g, "clip.vision.image_grid_pinpoints");
        }) << QStringLiteral("mtmd-image.cpp:1632");
        QTest::newRow("minicpmv4_6 scale factor 3") << mmproj << true << Edit([](gguf_context *g) {
            gguf_set_val_str(g, "clip.projector_type", "minicpmv4_6");
            gguf_set_val_u32(g, "clip.vision.projector.scale_factor", 3);
        }) << QStringLiteral("clip.cpp:1458");
        QTest::newRow("minimax_m3 merge 0") << mmproj << true << Edit([](gguf_context *g) {
            gguf_set_val_str(g, "clip.projector_type", "minimax_m3");
            gguf_set_val_u32(g, "clip.vision.spatial_merge_size", 0);
        }) << QStringLiteral("clip.cpp:1687");
        QTest::newRow("mimovl pattern length") << mmproj << true << Edit([](gguf_context *g) {
            gguf_set_val_str(g, "clip.projector_type", "mimovl");
            const std::int32_t pattern[] = {0};
            gguf_set_arr_data(g, "clip.vision.wa_pattern_mode", GGUF_TYPE_INT32, pattern, 1);
            gguf_set_val_u32(g, "clip.vision.block_count", 2);
        }) << QStringLiteral("clip.cpp:1714");
        QTest::newRow("deepseekocr max tiles 257") << mmproj << true << Edit([](gguf_context *g) {
            gguf_set_val_str(g, "clip.projector_type", "deepseekocr");
            gguf_set_val_u32(g, "clip.vision.preproc_max_tiles", 257);
        }) << QStringLiteral("clip.cpp:1917");
        QTest::newRow("NaN vision epsilon") << mmproj << true << Edit([](gguf_context *g) {
            gguf_set_val_f32(g, "clip.vision.attention.layer_norm_epsilon", std::nanf(""));
        }) << QStringLiteral("ops.cpp:3843");
        QTest::newRow("negative vision epsilon") << mmproj << true << Edit([](gguf_context *g) {
            gguf_set_val_f32(g, "clip.vision.attention.layer_norm_epsilon", -1.0f);
        }) << QStringLiteral("ops.cpp:3843");
    }
    void assertedValuesRejected()
    {
        using Edit = std::function<void(gguf_context *)>;
        QFETCH(QString, file);
        QFETCH(bool, asProjector);
        QFETCH(Edit, edit);
        QFETCH(QString, detailPart);
        const QString path = m_temp.filePath(QStringLiteral("asserted.gguf"));
        QVERIFY(rewriteMetadata(fixture(file), path, edit));
        const GgufPreflightResult result =
            asProjector ? GgufPreflight::checkProjector(path) : GgufPreflight::checkTextModel(path);
        QCOMPARE(result.error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY2(result.error.detail.contains(detailPart), qPrintable(result.error.detail));
        QVERIFY2(result.error.detail.contains(QStringLiteral("llama.cpp would abort")), qPrintable(result.error.detail));
    }

    // Sound values of the same keys pass.
    void validValuesPass()
    {
        const QString path = m_temp.filePath(QStringLiteral("valid.gguf"));
        QVERIFY(rewriteMetadata(fixture(QStringLiteral("tiny-internvl.gguf")), path, [](gguf_context *g) {
            gguf_set_val_u32(g, "llama.expert_count", 8);
            gguf_set_val_u32(g, "llama.expert_used_count", 2);
            gguf_set_val_u32(g, "llama.expert_group_count", 4);
            gguf_set_val_str(g, "llama.rope.scaling.type", "yarn");
        }));
        const GgufPreflightResult result = GgufPreflight::checkTextModel(path);
        QVERIFY2(!result.error, qPrintable(result.error.detail));
        const QString mmproj = m_temp.filePath(QStringLiteral("valid-mmproj.gguf"));
        QVERIFY(rewriteMetadata(fixture(QStringLiteral("tiny-internvl-mmproj.gguf")), mmproj, [](gguf_context *g) {
            gguf_set_val_u32(g, "clip.vision.preproc_min_tiles", 1);
            gguf_set_val_u32(g, "clip.vision.preproc_max_tiles", 40);
        }));
        const GgufPreflightResult projector = GgufPreflight::checkProjector(mmproj);
        QVERIFY2(!projector.error, qPrintable(projector.error.detail));
        const QString minicpm = m_temp.filePath(QStringLiteral("valid-minicpm.gguf"));
        QVERIFY(rewriteMetadata(fixture(QStringLiteral("tiny-internvl-mmproj.gguf")), minicpm, [](gguf_context *g) {
            gguf_set_val_str(g, "clip.projector_type", "minicpmv4_6");
            gguf_set_val_u32(g, "clip.vision.projector.scale_factor", 2);
        }));
        const GgufPreflightResult minicpmResult = GgufPreflight::checkProjector(minicpm);
        QVERIFY2(!minicpmResult.error, qPrintable(minicpmResult.error.detail));
    }

    // A key libmtmd reads with gguf_get_val_u32 that the type rules had not listed.
    void wronglyTypedSamKeyRejected()
    {
        const QString path = m_temp.filePath(QStringLiteral("sam.gguf"));
        QVERIFY(rewriteMetadata(fixture(QStringLiteral("tiny-internvl-mmproj.gguf")), path, [](gguf_context *g) {
            gguf_set_val_str(g, "clip.vision.sam.block_count", "twelve");
        }));
        const GgufPreflightResult result = GgufPreflight::checkProjector(path);
        QCOMPARE(result.error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY2(result.error.detail.contains(QStringLiteral("clip.vision.sam.block_count has type str")),
                 qPrintable(result.error.detail));
    }

    // With an audio encoder, libmtmd reads the clip.audio.* keys too.
    void wronglyTypedAudioKeyRejected()
    {
        const QString path = m_temp.filePath(QStringLiteral("audio-typed.gguf"));
        QVERIFY(rewriteMetadata(fixture(QStringLiteral("tiny-internvl-mmproj.gguf")), path, [](gguf_context *g) {
            gguf_set_val_bool(g, "clip.has_audio_encoder", true);
            gguf_set_val_f32(g, "clip.audio.block_count", 2.0f);
        }));
        const GgufPreflightResult result = GgufPreflight::checkProjector(path);
        QCOMPARE(result.error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY2(result.error.detail.contains(QStringLiteral("clip.audio.block_count has type f32")),
                 qPrintable(result.error.detail));
        // Without the audio encoder the key is never read.
        const QString unread = m_temp.filePath(QStringLiteral("audio-unread.gguf"));
        QVERIFY(rewriteMetadata(fixture(QStringLiteral("tiny-internvl-mmproj.gguf")), unread, [](gguf_context *g) {
            gguf_set_val_f32(g, "clip.audio.block_count", 2.0f);
        }));
        QVERIFY(!GgufPreflight::checkProjector(unread).error);
    }

    void directoryRejected()
    {
        const GgufPreflightResult result = GgufPreflight::checkTextModel(m_temp.path());
        QCOMPARE(result.error.code, InferenceErrorCode::ModelFileInvalid);
        QVERIFY(result.error.detail.contains(QStringLiteral("not a regular file")));
    }

private:
    QTemporaryDir m_temp;
};

QTEST_GUILESS_MAIN(TestGgufPreflight)
#include "test_ggufpreflight.moc"
