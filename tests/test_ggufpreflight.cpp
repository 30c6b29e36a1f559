#include "inference/llama/ggufpreflight.h"

#include <gguf.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace camchat::inference;

namespace {

QString fixture(const QString &name)
{
    return QStringLiteral(CAMCHAT_FIXTURES_DIR "/") + name;
}

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
