#include "inference/modelprofile.h"

#include "inference/inferenceerror.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace camchat::inference;

namespace {

// A valid llama profile with every field set to something other than its default.
const char kFullProfile[] = R"json({
    "schema": 1,
    "id": "test-full_1.0",
    "name": "Test Full",
    "family": "smolvlm",
    "backend": "llama",
    "files": {"model": "weights/m.gguf", "mmproj": "/opt/models/p.gguf"},
    "vision": {"width": 448, "height": 392, "resize": "expand-to-square", "fill": [1, 2, 3],
               "maxImageTokens": 64, "imageTokens": 5, "embeddingWidth": 7},
    "prompt": {"chatTemplate": "chatml", "system": "Be brief.", "prefix": "<|im_start|>User:",
               "postfix": "<end_of_utterance>\nAssistant:", "imageTag": "<image>", "imageStart": "<img>",
               "imageEnd": "</img>", "imageContent": "<IMG_CONTEXT>"},
    "sampling": {"temperature": 0.7, "topK": 20, "topP": 0.95, "repeatPenalty": 1.05,
                 "maxNewTokens": 300, "seed": 4294967295},
    "contextLength": 2048
})json";

const char kRkProfile[] = R"json({
    "schema": 1, "id": "smolvlm-256m-npu", "name": "SmolVLM 256M (NPU)", "backend": "rk",
    "files": {"encoder": "smolvlm_vision_rk3588.rknn", "llm": "smolvlm_llm_w8a8_rk3588.rkllm"},
    "vision": {"width": 512, "height": 512, "resize": "expand-to-square", "imageTokens": 64, "embeddingWidth": 576}
})json";

// --- remote (backend "openai") ---
const char kRemoteProfile[] = "{\n"
    "    \"schema\": 1, \"id\": \"gpu-box\", \"name\": \"Qwen2.5-VL 7B on the GPU server\", \"family\": \"qwen2.5-vl\",\n"
    "    \"backend\": \"openai\",\n"
    "    \"remote\": {\"endpoint\": \"http://gpu-box:8000/v1\", \"model\": \"Qwen/Qwen2.5-VL-7B-Instruct\",\n"
    "               \"apiKeyEnv\": \"CAMCHAT_API_KEY\", \"timeoutSeconds\": 120, \"caFile\": \"certs/ca.pem\"},\n"
    "    \"vision\": {\"width\": 1024, \"height\": 1024, \"resize\": \"fit\", \"jpegQuality\": 85},\n"
    "    \"sampling\": {\"temperature\": 0.2, \"maxNewTokens\": 512}\n"
    "}";

QJsonObject fullObject()
{
    return QJsonDocument::fromJson(kFullProfile).object();
}

QByteArray toBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson();
}

// `root` with the member at a dotted path replaced (Undefined: removed).
QJsonObject withValue(QJsonObject root, const QStringList &path, const QJsonValue &value)
{
    if (path.size() == 1) {
        if (value.isUndefined())
            root.remove(path.first());
        else
            root.insert(path.first(), value);
        return root;
    }
    root.insert(path.first(), withValue(root.value(path.first()).toObject(), path.mid(1), value));
    return root;
}

QString writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

QByteArray minimalProfile(const QString &id, const QString &name, const QString &model = QStringLiteral("m.gguf"))
{
    QJsonObject root{
        {QStringLiteral("schema"), 1},
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("backend"), QStringLiteral("llama")},
        {QStringLiteral("files"), QJsonObject{{QStringLiteral("model"), model}, {QStringLiteral("mmproj"), QStringLiteral("p.gguf")}}},
    };
    return toBytes(root);
}

} // namespace

class TestModelProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void errorKeysAreStableAndDistinct();
    void builtInProfilesParse();
    void fullProfileParsesEveryField();
    void roundTrip();
    void defaultsForOptionalFields();
    void rkProfile();
    void invalidField_data();
    void invalidField();
    void unknownKeysRejected_data();
    void unknownKeysRejected();
    void relativePathsResolveAgainstJsonDir();
    void builtInFilesResolveAgainstUserDir();
    void missingFiles();
    void invalidJsonSyntax();
    void unreadableAndOversizedFiles();
    void userDirectory();
    void userOverridesBuiltIn();
    void userProfileDirFollowsXdgDataHome();
    void sourceBlock();
    void sourceInvalid_data();
    void sourceInvalid();
    void builtInCpuProfilesHaveSources();
    void remoteProfile();
    void remoteProfileDefaults();
    void remoteProfileInvalid_data();
    void remoteProfileInvalid();

private:
    std::unique_ptr<QTemporaryDir> m_home;
};

void TestModelProfile::initTestCase()
{
    // Test mode puts the data location under $HOME/.qttest; a throw-away HOME keeps
    // the user's real profiles out and parallel test runs apart.
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    qputenv("HOME", QFile::encodeName(m_home->path()));
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(ModelProfiles::userProfileDir().startsWith(m_home->path()));
    QVERIFY(ModelProfiles::userProfileDir().endsWith(QStringLiteral("/camchat/models")));
}

void TestModelProfile::init()
{
    QDir(ModelProfiles::userProfileDir()).removeRecursively();
}

void TestModelProfile::errorKeysAreStableAndDistinct()
{
    QSet<QString> keys;
    const QRegularExpression snake(QStringLiteral("^[a-z]+(_[a-z]+)*$"));
    const int last = static_cast<int>(InferenceErrorCode::ServerError);
    for (int i = 0; i <= last; ++i) {
        const QString key = QString::fromLatin1(errorKey(static_cast<InferenceErrorCode>(i)));
        QVERIFY2(snake.match(key).hasMatch(), qPrintable(key));
        QVERIFY2(!keys.contains(key), qPrintable(key));
        keys.insert(key);
    }
    QCOMPARE(keys.size(), last + 1);
    QCOMPARE(errorKey(InferenceErrorCode::None), "none");
    QCOMPARE(errorKey(InferenceErrorCode::ProfileInvalid), "profile_invalid");
    QCOMPARE(errorKey(InferenceErrorCode::ModelFileInvalid), "model_file_invalid");
    QCOMPARE(errorKey(InferenceErrorCode::ContextFull), "context_full");
    QCOMPARE(errorKey(InferenceErrorCode::Cancelled), "cancelled");
    QCOMPARE(errorKey(InferenceErrorCode::ChecksumMismatch), "checksum_mismatch");
    QCOMPARE(errorKey(InferenceErrorCode::NetworkError), "network_error");
    QCOMPARE(errorKey(InferenceErrorCode::ServerUnreachable), "server_unreachable");
    QCOMPARE(errorKey(InferenceErrorCode::ImageNotSupported), "image_not_supported");
}

void TestModelProfile::builtInProfilesParse()
{
    const QList<ProfileLoadResult> results = ModelProfiles::builtIn();
    QCOMPARE(results.size(), 6); // 3 CPU ones here, 3 NPU ones in test_npuprofiles
    QSet<QString> ids;
    for (const ProfileLoadResult &r : results) {
        QVERIFY2(r.profile, qPrintable(r.error.detail));
        QVERIFY(!r.error);
        QVERIFY(r.profile->sourcePath.startsWith(QStringLiteral(":/models/")));
        if (r.profile->backend == BackendKind::Rk)
            continue;
        QCOMPARE(r.profile->files.size(), 2);
        QCOMPARE(r.profile->prompt.chatTemplate, QString());
        QVERIFY(r.profile->sampling.maxNewTokens <= r.profile->contextLength);
        ids.insert(r.profile->id);
    }
    QCOMPARE(ids, (QSet<QString>{QStringLiteral("smolvlm-256m-cpu"), QStringLiteral("smolvlm-500m-cpu"),
                                 QStringLiteral("internvl3-1b-cpu")}));

    // The published GGUF file names, and the image-token budget of each model.
    const auto find = [&](const QString &id) {
        for (const ProfileLoadResult &r : results) {
            if (r.profile->id == id)
                return *r.profile;
        }
        return ModelProfile();
    };
    const ModelProfile smol = find(QStringLiteral("smolvlm-256m-cpu"));
    QCOMPARE(QFileInfo(smol.filePath(QStringLiteral("model"))).fileName(), QStringLiteral("SmolVLM-256M-Instruct-Q8_0.gguf"));
    QCOMPARE(QFileInfo(smol.filePath(QStringLiteral("mmproj"))).fileName(),
             QStringLiteral("mmproj-SmolVLM-256M-Instruct-Q8_0.gguf"));
    QCOMPARE(smol.vision.maxImageTokens, 64);
    QCOMPARE(smol.family, QStringLiteral("smolvlm"));
    const ModelProfile smol500 = find(QStringLiteral("smolvlm-500m-cpu"));
    QCOMPARE(QFileInfo(smol500.filePath(QStringLiteral("model"))).fileName(), QStringLiteral("SmolVLM-500M-Instruct-Q8_0.gguf"));
    QCOMPARE(QFileInfo(smol500.filePath(QStringLiteral("mmproj"))).fileName(),
             QStringLiteral("mmproj-SmolVLM-500M-Instruct-Q8_0.gguf"));
    QCOMPARE(smol500.vision.maxImageTokens, 64);
    const ModelProfile intern = find(QStringLiteral("internvl3-1b-cpu"));
    QCOMPARE(QFileInfo(intern.filePath(QStringLiteral("model"))).fileName(), QStringLiteral("InternVL3-1B-Instruct-Q8_0.gguf"));
    QCOMPARE(QFileInfo(intern.filePath(QStringLiteral("mmproj"))).fileName(),
             QStringLiteral("mmproj-InternVL3-1B-Instruct-Q8_0.gguf"));
    QCOMPARE(intern.vision.resize, VisionResize::Fit);
    QCOMPARE(intern.vision.width, 448);
    QCOMPARE(intern.vision.height, 448);
    QCOMPARE(intern.family, QStringLiteral("internvl3"));
}

void TestModelProfile::fullProfileParsesEveryField()
{
    const ProfileLoadResult r = ModelProfiles::parse(kFullProfile, QStringLiteral("full.json"), QStringLiteral("/base/dir"));
    QVERIFY2(r.profile, qPrintable(r.error.detail));
    QCOMPARE(r.error.code, InferenceErrorCode::None);
    const ModelProfile &p = *r.profile;
    QCOMPARE(p.id, QStringLiteral("test-full_1.0"));
    QCOMPARE(p.name, QStringLiteral("Test Full"));
    QCOMPARE(p.family, QStringLiteral("smolvlm"));
    QCOMPARE(p.backend, BackendKind::Llama);
    QCOMPARE(p.sourcePath, QStringLiteral("full.json"));
    QCOMPARE(p.files.size(), 2);
    QCOMPARE(p.files[0].role, QStringLiteral("model"));
    QCOMPARE(p.files[0].path, QStringLiteral("/base/dir/weights/m.gguf"));
    QCOMPARE(p.files[1].role, QStringLiteral("mmproj"));
    QCOMPARE(p.files[1].path, QStringLiteral("/opt/models/p.gguf"));
    QCOMPARE(p.filePath(QStringLiteral("mmproj")), QStringLiteral("/opt/models/p.gguf"));
    QCOMPARE(p.filePath(QStringLiteral("encoder")), QString());
    QCOMPARE(p.vision.width, 448);
    QCOMPARE(p.vision.height, 392);
    QCOMPARE(p.vision.resize, VisionResize::ExpandToSquare);
    QCOMPARE(p.vision.fill, (std::array<std::uint8_t, 3>{1, 2, 3}));
    QCOMPARE(p.vision.maxImageTokens, 64);
    QCOMPARE(p.vision.imageTokens, 5);
    QCOMPARE(p.vision.embeddingWidth, 7);
    QCOMPARE(p.prompt.chatTemplate, QStringLiteral("chatml"));
    QCOMPARE(p.prompt.system, QStringLiteral("Be brief."));
    QCOMPARE(p.prompt.prefix, QStringLiteral("<|im_start|>User:"));
    QCOMPARE(p.prompt.postfix, QStringLiteral("<end_of_utterance>\nAssistant:"));
    QCOMPARE(p.prompt.imageTag, QStringLiteral("<image>"));
    QCOMPARE(p.prompt.imageStart, QStringLiteral("<img>"));
    QCOMPARE(p.prompt.imageEnd, QStringLiteral("</img>"));
    QCOMPARE(p.prompt.imageContent, QStringLiteral("<IMG_CONTEXT>"));
    QCOMPARE(p.sampling.temperature, 0.7f);
    QCOMPARE(p.sampling.topK, 20);
    QCOMPARE(p.sampling.topP, 0.95f);
    QCOMPARE(p.sampling.repeatPenalty, 1.05f);
    QCOMPARE(p.sampling.maxNewTokens, 300);
    QCOMPARE(p.sampling.seed, 4294967295u);
    QCOMPARE(p.contextLength, 2048);
}

void TestModelProfile::roundTrip()
{
    const QString base = QStringLiteral("/base/dir");
    const ProfileLoadResult first = ModelProfiles::parse(kFullProfile, QStringLiteral("full.json"), base);
    QVERIFY2(first.profile, qPrintable(first.error.detail));
    const QByteArray json = ModelProfiles::toJson(*first.profile, base);

    // Files inside the base dir are written relative to it, others stay absolute.
    const QJsonObject files = QJsonDocument::fromJson(json).object().value(QStringLiteral("files")).toObject();
    QCOMPARE(files.value(QStringLiteral("model")).toString(), QStringLiteral("weights/m.gguf"));
    QCOMPARE(files.value(QStringLiteral("mmproj")).toString(), QStringLiteral("/opt/models/p.gguf"));
    // Floats come out as written, not as their float approximation.
    QVERIFY2(json.contains("0.95") && !json.contains("0.949999"), json.constData());

    const ProfileLoadResult second = ModelProfiles::parse(json, QStringLiteral("full.json"), base);
    QVERIFY2(second.profile, qPrintable(second.error.detail));
    QVERIFY(*second.profile == *first.profile);

    // The same after moving: relative paths follow the JSON.
    const ProfileLoadResult moved = ModelProfiles::parse(json, QStringLiteral("moved.json"), QStringLiteral("/elsewhere"));
    QVERIFY(moved.profile);
    QCOMPARE(moved.profile->filePath(QStringLiteral("model")), QStringLiteral("/elsewhere/weights/m.gguf"));
    QCOMPARE(moved.profile->filePath(QStringLiteral("mmproj")), QStringLiteral("/opt/models/p.gguf"));

    // Built-in profiles survive the trip too.
    for (const ProfileLoadResult &r : ModelProfiles::builtIn()) {
        QVERIFY(r.profile);
        const ProfileLoadResult again = ModelProfiles::parse(ModelProfiles::toJson(*r.profile), r.profile->sourcePath, {});
        QVERIFY2(again.profile, qPrintable(again.error.detail));
        QVERIFY(*again.profile == *r.profile);
    }
}

void TestModelProfile::defaultsForOptionalFields()
{
    const ProfileLoadResult r =
        ModelProfiles::parse(minimalProfile(QStringLiteral("min"), QStringLiteral("Minimal")), QStringLiteral("min.json"), QStringLiteral("/d"));
    QVERIFY2(r.profile, qPrintable(r.error.detail));
    const ModelProfile defaults;
    QCOMPARE(r.profile->family, QString());
    QVERIFY(r.profile->vision == defaults.vision);
    QVERIFY(r.profile->prompt == defaults.prompt);
    QVERIFY(r.profile->sampling == defaults.sampling);
    QCOMPARE(r.profile->contextLength, defaults.contextLength);
    QCOMPARE(r.profile->filePath(QStringLiteral("model")), QStringLiteral("/d/m.gguf"));
}

void TestModelProfile::rkProfile()
{
    const ProfileLoadResult r = ModelProfiles::parse(kRkProfile, QStringLiteral("npu.json"), QStringLiteral("/npu"));
    QVERIFY2(r.profile, qPrintable(r.error.detail));
    QCOMPARE(r.profile->backend, BackendKind::Rk);
    QCOMPARE(r.profile->files.size(), 2);
    QCOMPARE(r.profile->filePath(QStringLiteral("encoder")), QStringLiteral("/npu/smolvlm_vision_rk3588.rknn"));
    QCOMPARE(r.profile->filePath(QStringLiteral("llm")), QStringLiteral("/npu/smolvlm_llm_w8a8_rk3588.rkllm"));
    QCOMPARE(r.profile->vision.imageTokens, 64);
    QCOMPARE(r.profile->vision.embeddingWidth, 576);

    const QJsonObject rk = QJsonDocument::fromJson(kRkProfile).object();
    // The NPU encoder's output shape is not optional for rk.
    auto detail = [](const QJsonObject &o) {
        return ModelProfiles::parse(toBytes(o), QStringLiteral("npu.json"), QStringLiteral("/npu")).error.detail;
    };
    QCOMPARE(detail(withValue(rk, {QStringLiteral("vision"), QStringLiteral("imageTokens")}, QJsonValue::Undefined)),
             QStringLiteral("npu.json: vision.imageTokens: required but missing"));
    QCOMPARE(detail(withValue(rk, {QStringLiteral("vision"), QStringLiteral("embeddingWidth")}, 0)),
             QStringLiteral("npu.json: vision.embeddingWidth: expected an integer 1..65536, got 0"));
    // The encoder's NPU cores: all three unless the profile says otherwise, and only 1..3.
    QCOMPARE(r.profile->vision.npuCores, 3);
    QCOMPARE(detail(withValue(rk, {QStringLiteral("vision"), QStringLiteral("npuCores")}, 4)),
             QStringLiteral("npu.json: vision.npuCores: expected an integer 1..3, got 4"));
    // llama roles in an rk profile: named (keys are checked in sorted order), with the
    // roles rk expects.
    QCOMPARE(detail(withValue(rk, {QStringLiteral("files")},
                              QJsonObject{{QStringLiteral("model"), QStringLiteral("m")},
                                          {QStringLiteral("mmproj"), QStringLiteral("p")}})),
             QStringLiteral("npu.json: files.mmproj: unknown key (expected one of: encoder, llm)"));
    QCOMPARE(detail(withValue(rk, {QStringLiteral("files"), QStringLiteral("llm")}, QJsonValue::Undefined)),
             QStringLiteral("npu.json: files.llm: required but missing"));
}

void TestModelProfile::invalidField_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("value"); // JSON; empty: remove the member
    QTest::addColumn<QString>("expected");  // the whole detail after "full.json: "

    struct Case {
        const char *path;
        const char *value;
        const char *expected;
    };
    const Case cases[] = {
        {"schema", "2", "schema: expected 1 (this version of camchat), got 2"},
        {"schema", "", "schema: required but missing"},
        {"schema", "\"1\"", "schema: expected 1 (this version of camchat), got \"1\""},
        {"id", "\"Smol VLM\"", "id: expected 1..64 characters of a-z 0-9 . _ -, got \"Smol VLM\""},
        {"id", "\"\"", "id: expected 1..64 characters of a-z 0-9 . _ -, got \"\""},
        {"id", "\"smol/../x\"", "id: expected 1..64 characters of a-z 0-9 . _ -, got \"smol/../x\""},
        {"id", "5", "id: expected a string, got 5"},
        {"id", "", "id: required but missing"},
        {"name", "\"  \"", "name: expected a non-empty string, got \"  \""},
        {"name", "null", "name: expected a non-empty string, got null"},
        {"family", "\"SmolVLM\"", "family: expected up to 64 characters of a-z 0-9 . _ -, got \"SmolVLM\""},
        {"backend", "\"cuda\"", "backend: expected \"llama\" or \"rk\" or \"openai\", got \"cuda\""},
        {"backend", "", "backend: required but missing"},
        {"files", "", "files: required but missing"},
        {"files", "\"m.gguf\"", "files: expected an object, got \"m.gguf\""},
        {"files.mmproj", "", "files.mmproj: required but missing"},
        {"files.model", "\"\"", "files.model: expected a non-empty string, got \"\""},
        {"files.model", "[\"a\"]", "files.model: expected a non-empty string, got [\"a\"]"},
        {"vision", "[]", "vision: expected an object, got []"},
        {"vision.width", "\"big\"", "vision.width: expected an integer 28..4096, got \"big\""},
        {"vision.width", "27", "vision.width: expected an integer 28..4096, got 27"},
        {"vision.width", "448.5", "vision.width: expected an integer 28..4096, got 448.5"},
        {"vision.height", "4097", "vision.height: expected an integer 28..4096, got 4097"},
        {"vision.resize", "\"crop\"",
         "vision.resize: expected \"fit\" or \"expand-to-square\" or \"stretch\", got \"crop\""},
        {"vision.fill", "[1, 2]", "vision.fill: expected an array of 3 integers 0..255, got [1,2]"},
        {"vision.fill", "\"grey\"", "vision.fill: expected an array of 3 integers 0..255, got \"grey\""},
        {"vision.fill", "[1, 2, 256]", "vision.fill[2]: expected an integer 0..255, got 256"},
        {"vision.fill", "[1, -1, 3]", "vision.fill[1]: expected an integer 0..255, got -1"},
        {"vision.maxImageTokens", "-1", "vision.maxImageTokens: expected an integer 0..65536, got -1"},
        {"vision.imageTokens", "true", "vision.imageTokens: expected an integer 0..65536, got true"},
        {"vision.embeddingWidth", "1e9", "vision.embeddingWidth: expected an integer 0..65536, got 1000000000"},
        {"prompt", "\"chatml\"", "prompt: expected an object, got \"chatml\""},
        {"prompt.system", "5", "prompt.system: expected a string, got 5"},
        {"prompt.imageTag", "null", "prompt.imageTag: expected a string, got null"},
        {"prompt.chatTemplate", "{}", "prompt.chatTemplate: expected a string, got {}"},
        {"sampling", "5", "sampling: expected an object, got 5"},
        {"sampling.temperature", "2.5", "sampling.temperature: expected a number 0..2, got 2.5"},
        {"sampling.temperature", "-0.1", "sampling.temperature: expected a number 0..2, got -0.1"},
        {"sampling.temperature", "\"0.2\"", "sampling.temperature: expected a number 0..2, got \"0.2\""},
        {"sampling.topP", "0", "sampling.topP: expected a number > 0 and <= 1, got 0"},
        {"sampling.topP", "1.01", "sampling.topP: expected a number > 0 and <= 1, got 1.01"},
        {"sampling.topK", "-1", "sampling.topK: expected an integer >= 0, got -1"},
        {"sampling.topK", "2.5", "sampling.topK: expected an integer >= 0, got 2.5"},
        {"sampling.repeatPenalty", "0", "sampling.repeatPenalty: expected a number 0.5..2, got 0"},
        {"sampling.maxNewTokens", "0", "sampling.maxNewTokens: expected an integer 1..2048, got 0"},
        {"sampling.maxNewTokens", "2049", "sampling.maxNewTokens: expected an integer 1..2048, got 2049"},
        {"sampling.seed", "-1", "sampling.seed: expected an integer 0..4294967295, got -1"},
        {"sampling.seed", "4294967296", "sampling.seed: expected an integer 0..4294967295, got 4294967296"},
        {"contextLength", "255", "contextLength: expected an integer 256..131072, got 255"},
        {"contextLength", "131073", "contextLength: expected an integer 256..131072, got 131073"},
        {"contextLength", "\"4096\"", "contextLength: expected an integer 256..131072, got \"4096\""},
    };
    for (const Case &c : cases) {
        const QByteArray name = QByteArray(c.path) + " = " + (*c.value ? QByteArray(c.value) : QByteArray("(removed)"));
        QTest::newRow(name.constData()) << QString::fromLatin1(c.path) << QByteArray(c.value)
                                        << QString::fromLatin1(c.expected);
    }
}

void TestModelProfile::invalidField()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, value);
    QFETCH(QString, expected);

    QJsonValue v = QJsonValue::Undefined;
    if (!value.isEmpty()) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson("[" + value + "]", &error);
        QVERIFY2(error.error == QJsonParseError::NoError, value.constData());
        v = doc.array().at(0);
    }
    const QJsonObject broken = withValue(fullObject(), path.split(QLatin1Char('.')), v);
    const ProfileLoadResult r = ModelProfiles::parse(toBytes(broken), QStringLiteral("full.json"), QStringLiteral("/d"));
    QVERIFY(!r.profile);
    QCOMPARE(r.error.code, InferenceErrorCode::ProfileInvalid);
    QCOMPARE(r.error.detail, QStringLiteral("full.json: ") + expected);
}

void TestModelProfile::unknownKeysRejected_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTest::newRow("top level") << QStringLiteral("contextLenght")
                               << QStringLiteral("contextLenght: unknown key (expected one of: schema, id, name, family, "
                                                 "backend, files, vision, prompt, sampling, contextLength, source, remote)");
    QTest::newRow("files role") << QStringLiteral("files.mmprj")
                                << QStringLiteral("files.mmprj: unknown key (expected one of: model, mmproj)");
    QTest::newRow("vision") << QStringLiteral("vision.widht") << QStringLiteral("vision.widht: unknown key");
    QTest::newRow("prompt") << QStringLiteral("prompt.sytem") << QStringLiteral("prompt.sytem: unknown key");
    QTest::newRow("sampling") << QStringLiteral("sampling.temprature")
                              << QStringLiteral("sampling.temprature: unknown key");
    QTest::newRow("case matters") << QStringLiteral("sampling.TopK") << QStringLiteral("sampling.TopK: unknown key");
}

void TestModelProfile::unknownKeysRejected()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const QJsonObject object = withValue(fullObject(), path.split(QLatin1Char('.')), QStringLiteral("x"));
    const ProfileLoadResult r = ModelProfiles::parse(toBytes(object), QStringLiteral("typo.json"), QStringLiteral("/d"));
    QVERIFY(!r.profile);
    QCOMPARE(r.error.code, InferenceErrorCode::ProfileInvalid);
    QVERIFY2(r.error.detail.startsWith(QStringLiteral("typo.json: ") + expected), qPrintable(r.error.detail));
}

void TestModelProfile::relativePathsResolveAgainstJsonDir()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QJsonObject root = fullObject();
    root.insert(QStringLiteral("files"), QJsonObject{{QStringLiteral("model"), QStringLiteral("weights/./m.gguf")},
                                                     {QStringLiteral("mmproj"), QStringLiteral("../projectors/p.gguf")}});
    const QString json = writeFile(dir.filePath(QStringLiteral("profiles/rel.json")), toBytes(root));
    QVERIFY(!json.isEmpty());
    const ProfileLoadResult r = ModelProfiles::loadFile(json);
    QVERIFY2(r.profile, qPrintable(r.error.detail));
    QCOMPARE(r.profile->sourcePath, json);
    QCOMPARE(r.profile->filePath(QStringLiteral("model")), dir.path() + QStringLiteral("/profiles/weights/m.gguf"));
    QCOMPARE(r.profile->filePath(QStringLiteral("mmproj")), dir.path() + QStringLiteral("/projectors/p.gguf"));

    // "~/" is the home folder, not a folder named "~" next to the JSON.
    root.insert(QStringLiteral("files"), QJsonObject{{QStringLiteral("model"), QStringLiteral("~/models/m.gguf")},
                                                     {QStringLiteral("mmproj"), QStringLiteral("/abs/p.gguf")}});
    const ProfileLoadResult home = ModelProfiles::parse(toBytes(root), json, dir.path());
    QVERIFY(home.profile);
    QCOMPARE(home.profile->filePath(QStringLiteral("model")), QDir::homePath() + QStringLiteral("/models/m.gguf"));
    QCOMPARE(home.profile->filePath(QStringLiteral("mmproj")), QStringLiteral("/abs/p.gguf"));
}

void TestModelProfile::builtInFilesResolveAgainstUserDir()
{
    const QString userDir = ModelProfiles::userProfileDir();
    for (const ProfileLoadResult &r : ModelProfiles::builtIn()) {
        QVERIFY(r.profile);
        for (const ModelFile &file : r.profile->files)
            QCOMPARE(QFileInfo(file.path).absolutePath(), userDir);
    }
    // loadFile() on a built-in path behaves the same as builtIn().
    const ProfileLoadResult direct = ModelProfiles::loadFile(QStringLiteral(":/models/smolvlm-256m-cpu.json"));
    QVERIFY2(direct.profile, qPrintable(direct.error.detail));
    QCOMPARE(direct.profile->filePath(QStringLiteral("model")), userDir + QStringLiteral("/SmolVLM-256M-Instruct-Q8_0.gguf"));
}

void TestModelProfile::missingFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString json = writeFile(dir.filePath(QStringLiteral("p.json")), minimalProfile(QStringLiteral("p"), QStringLiteral("P")));
    const ProfileLoadResult r = ModelProfiles::loadFile(json);
    QVERIFY2(r.profile, qPrintable(r.error.detail));
    const QString model = dir.filePath(QStringLiteral("m.gguf"));
    const QString mmproj = dir.filePath(QStringLiteral("p.gguf"));
    QCOMPARE(r.profile->missingFiles(), (QStringList{model, mmproj}));
    QVERIFY(!r.profile->filesPresent());

    QVERIFY(!writeFile(model, "GGUF").isEmpty());
    QCOMPARE(r.profile->missingFiles(), QStringList{mmproj});
    QVERIFY(!r.profile->filesPresent());
    QVERIFY(r.profile->files[0].exists());
    QVERIFY(!r.profile->files[1].exists());

    // A folder with the file's name is not the file.
    QVERIFY(QDir().mkpath(mmproj));
    QCOMPARE(r.profile->missingFiles(), QStringList{mmproj});
    QVERIFY(QDir(mmproj).removeRecursively());
    QVERIFY(!writeFile(mmproj, "GGUF").isEmpty());
    QCOMPARE(r.profile->missingFiles(), QStringList());
    QVERIFY(r.profile->filesPresent());
}

void TestModelProfile::invalidJsonSyntax()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray bad = "{\n    \"schema\": 1,\n    \"id\": oops\n}\n";
    QJsonParseError expected;
    QJsonDocument::fromJson(bad, &expected);
    QVERIFY(expected.error != QJsonParseError::NoError);
    const QString path = writeFile(dir.filePath(QStringLiteral("bad.json")), bad);
    const ProfileLoadResult r = ModelProfiles::loadFile(path);
    QVERIFY(!r.profile);
    QCOMPARE(r.error.code, InferenceErrorCode::ProfileInvalid);
    QVERIFY2(r.error.detail.startsWith(path + QStringLiteral(": invalid JSON at line 3, column ")),
             qPrintable(r.error.detail));
    QVERIFY2(r.error.detail.contains(QStringLiteral("(offset %1)").arg(expected.offset)), qPrintable(r.error.detail));
    QVERIFY2(expected.offset > 20, "the error is on line 3");

    const QString empty = writeFile(dir.filePath(QStringLiteral("empty.json")), QByteArray());
    const ProfileLoadResult e = ModelProfiles::loadFile(empty);
    QVERIFY(!e.profile);
    QVERIFY2(e.error.detail.startsWith(empty + QStringLiteral(": invalid JSON at line 1")), qPrintable(e.error.detail));

    const ProfileLoadResult array = ModelProfiles::parse("[1, 2]", QStringLiteral("array.json"), {});
    QVERIFY(!array.profile);
    QCOMPARE(array.error.detail, QStringLiteral("array.json: expected a JSON object at the top level"));
}

void TestModelProfile::unreadableAndOversizedFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(QStringLiteral("nope.json"));
    const ProfileLoadResult r = ModelProfiles::loadFile(missing);
    QVERIFY(!r.profile);
    QCOMPARE(r.error.code, InferenceErrorCode::ProfileInvalid);
    QVERIFY2(r.error.detail.startsWith(missing + QStringLiteral(": cannot read")), qPrintable(r.error.detail));

    QByteArray huge = minimalProfile(QStringLiteral("huge"), QStringLiteral("Huge"));
    huge.append(QByteArray(2 << 20, ' '));
    const QString big = writeFile(dir.filePath(QStringLiteral("huge.json")), huge);
    const ProfileLoadResult h = ModelProfiles::loadFile(big);
    QVERIFY(!h.profile);
    QVERIFY2(h.error.detail.contains(QStringLiteral("not a model profile")), qPrintable(h.error.detail));
}

void TestModelProfile::userDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(ModelProfiles::user(dir.filePath(QStringLiteral("does-not-exist"))).isEmpty());
    QVERIFY(ModelProfiles::user(QString()).isEmpty());

    writeFile(dir.filePath(QStringLiteral("a.json")), minimalProfile(QStringLiteral("same"), QStringLiteral("First")));
    writeFile(dir.filePath(QStringLiteral("b.json")), minimalProfile(QStringLiteral("same"), QStringLiteral("Second")));
    writeFile(dir.filePath(QStringLiteral("c.json")), "{ not json");
    writeFile(dir.filePath(QStringLiteral("d.json")), minimalProfile(QStringLiteral("other"), QStringLiteral("Other")));
    writeFile(dir.filePath(QStringLiteral("notes.txt")), "ignored");

    const QList<ProfileLoadResult> results = ModelProfiles::user(dir.path());
    QCOMPARE(results.size(), 4);
    QVERIFY(results[0].profile);
    QCOMPARE(results[0].profile->name, QStringLiteral("First"));
    QVERIFY(!results[1].profile);
    QCOMPARE(results[1].error.code, InferenceErrorCode::ProfileInvalid);
    QCOMPARE(results[1].error.detail, dir.filePath(QStringLiteral("b.json")) + QStringLiteral(": id: \"same\" is already used by ")
                                          + dir.filePath(QStringLiteral("a.json")));
    QVERIFY(!results[2].profile);
    QVERIFY(results[2].error.detail.startsWith(dir.filePath(QStringLiteral("c.json"))));
    QVERIFY(results[3].profile);
    QCOMPARE(results[3].profile->id, QStringLiteral("other"));
}

void TestModelProfile::userOverridesBuiltIn()
{
    const QString userDir = ModelProfiles::userProfileDir();
    const QList<ProfileLoadResult> builtIn = ModelProfiles::builtIn();
    QCOMPARE(ModelProfiles::all().size(), builtIn.size()); // no user dir yet

    const QString mine = writeFile(userDir + QStringLiteral("/my-smolvlm.json"),
                                   minimalProfile(QStringLiteral("smolvlm-256m-cpu"), QStringLiteral("Mine"),
                                                  QStringLiteral("custom/smol.gguf")));
    QVERIFY(!mine.isEmpty());
    writeFile(userDir + QStringLiteral("/extra.json"), minimalProfile(QStringLiteral("extra"), QStringLiteral("Extra")));
    writeFile(userDir + QStringLiteral("/broken.json"), "{\"schema\": 1, \"id\": \"broken\"}");

    const QList<ProfileLoadResult> all = ModelProfiles::all();
    QCOMPARE(all.size(), builtIn.size() + 2); // one replaced, one added, one error
    // Built-ins keep their order; the overridden one is the user's, in the same place.
    for (qsizetype i = 0; i < builtIn.size(); ++i) {
        QVERIFY(all[i].profile);
        QCOMPARE(all[i].profile->id, builtIn[i].profile->id);
        if (all[i].profile->id == QLatin1String("smolvlm-256m-cpu")) {
            QCOMPARE(all[i].profile->name, QStringLiteral("Mine"));
            QCOMPARE(all[i].profile->sourcePath, mine);
            QCOMPARE(all[i].profile->filePath(QStringLiteral("model")), userDir + QStringLiteral("/custom/smol.gguf"));
        } else {
            QVERIFY(*all[i].profile == *builtIn[i].profile);
        }
    }
    // User entries in file-name order: the broken one as an error, then the new one.
    const ProfileLoadResult &broken = all[builtIn.size()];
    QVERIFY(!broken.profile);
    QCOMPARE(broken.error.detail, userDir + QStringLiteral("/broken.json: name: required but missing"));
    const ProfileLoadResult &extra = all[builtIn.size() + 1];
    QVERIFY(extra.profile);
    QCOMPARE(extra.profile->id, QStringLiteral("extra"));
}

void TestModelProfile::userProfileDirFollowsXdgDataHome()
{
    QTemporaryDir data;
    QVERIFY(data.isValid());
    const QByteArray previous = qgetenv("XDG_DATA_HOME");
    QStandardPaths::setTestModeEnabled(false);
    qputenv("XDG_DATA_HOME", QFile::encodeName(data.path()));
    const QString dir = ModelProfiles::userProfileDir();
    QStandardPaths::setTestModeEnabled(true);
    if (previous.isNull())
        qunsetenv("XDG_DATA_HOME");
    else
        qputenv("XDG_DATA_HOME", previous);
    QCOMPARE(dir, data.path() + QStringLiteral("/camchat/models"));
}

namespace {

QJsonObject hubSource()
{
    return QJsonDocument::fromJson(R"json({
        "huggingface": "ggml-org/SmolVLM-500M-Instruct-GGUF",
        "revision": "v1",
        "files": {
            "model": {"name": "SmolVLM-500M-Instruct-Q8_0.gguf", "bytes": 436806912,
                      "sha256": "AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899"},
            "mmproj": {"name": "sub/mmproj.gguf"}
        }
    })json").object();
}

} // namespace

void TestModelProfile::sourceBlock()
{
    // Without a source block there is none.
    const ProfileLoadResult plain = ModelProfiles::parse(kFullProfile, QStringLiteral("full.json"), QStringLiteral("/d"));
    QVERIFY(plain.profile);
    QVERIFY(!plain.profile->source);

    QJsonObject object = fullObject();
    object.insert(QStringLiteral("source"), hubSource());
    const ProfileLoadResult hub = ModelProfiles::parse(toBytes(object), QStringLiteral("hub.json"), QStringLiteral("/d"));
    QVERIFY2(hub.profile, qPrintable(hub.error.detail));
    QVERIFY(hub.profile->source);
    const camchat::inference::ModelSource &source = *hub.profile->source;
    QCOMPARE(source.huggingface, QStringLiteral("ggml-org/SmolVLM-500M-Instruct-GGUF"));
    QCOMPARE(source.revision, QStringLiteral("v1"));
    QCOMPARE(source.files.size(), 2);
    QCOMPARE(source.file(QStringLiteral("model"))->bytes, qint64(436806912));
    QCOMPARE(source.file(QStringLiteral("model"))->sha256,
             QStringLiteral("aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899"));
    QCOMPARE(source.file(QStringLiteral("mmproj"))->name, QStringLiteral("sub/mmproj.gguf"));
    QCOMPARE(source.file(QStringLiteral("mmproj"))->bytes, qint64(-1));
    QVERIFY(source.file(QStringLiteral("mmproj"))->sha256.isEmpty());

    // toJson() writes it back to an equal profile.
    const ProfileLoadResult again = ModelProfiles::parse(ModelProfiles::toJson(*hub.profile, QStringLiteral("/d")),
                                                         QStringLiteral("hub.json"), QStringLiteral("/d"));
    QVERIFY2(again.profile, qPrintable(again.error.detail));
    QVERIFY(*again.profile == *hub.profile);

    // Files elsewhere: a URL per file, the name from its last segment.
    object.insert(QStringLiteral("source"), QJsonDocument::fromJson(R"json({
        "files": {
            "model": {"url": "https://mirror.example/npu/m.gguf?download=1", "bytes": 5},
            "mmproj": {"url": "http://192.168.1.2:8080/p.gguf", "name": "proj.gguf"}
        }
    })json").object());
    const ProfileLoadResult url = ModelProfiles::parse(toBytes(object), QStringLiteral("url.json"), QStringLiteral("/d"));
    QVERIFY2(url.profile, qPrintable(url.error.detail));
    QVERIFY(url.profile->source->huggingface.isEmpty());
    QCOMPARE(url.profile->source->file(QStringLiteral("model"))->name, QStringLiteral("m.gguf"));
    QCOMPARE(url.profile->source->file(QStringLiteral("mmproj"))->name, QStringLiteral("proj.gguf"));
    QCOMPARE(url.profile->source->file(QStringLiteral("mmproj"))->url, QStringLiteral("http://192.168.1.2:8080/p.gguf"));
    const ProfileLoadResult urlAgain = ModelProfiles::parse(ModelProfiles::toJson(*url.profile, QStringLiteral("/d")),
                                                            QStringLiteral("url.json"), QStringLiteral("/d"));
    QVERIFY2(urlAgain.profile, qPrintable(urlAgain.error.detail));
    QVERIFY(*urlAgain.profile == *url.profile);
}

void TestModelProfile::sourceInvalid_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not an object") << QStringLiteral("source") << QByteArray("\"hf\"")
                                   << QStringLiteral("source: expected an object, got \"hf\"");
    QTest::newRow("repo") << QStringLiteral("source.huggingface") << QByteArray("\"just-a-name\"")
                          << QStringLiteral("source.huggingface: expected \"owner/repo\", got \"just-a-name\"");
    QTest::newRow("files missing") << QStringLiteral("source.files") << QByteArray()
                                   << QStringLiteral("source.files: required but missing");
    QTest::newRow("role missing") << QStringLiteral("source.files.mmproj") << QByteArray()
                                  << QStringLiteral("source.files.mmproj: required but missing");
    QTest::newRow("unknown role") << QStringLiteral("source.files.llm") << QByteArray("{}")
                                  << QStringLiteral("source.files.llm: unknown key (expected one of: model, mmproj)");
    QTest::newRow("name missing") << QStringLiteral("source.files.model.name") << QByteArray()
                                  << QStringLiteral("source.files.model.name: required but missing");
    QTest::newRow("name escapes") << QStringLiteral("source.files.model.name") << QByteArray("\"../x.gguf\"")
                                  << QStringLiteral("source.files.model.name: expected a relative file name without "
                                                    "\"..\", got \"../x.gguf\"");
    QTest::newRow("bytes") << QStringLiteral("source.files.model.bytes") << QByteArray("0")
                           << QStringLiteral("source.files.model.bytes: expected an integer 1..4611686018427387903, got 0");
    QTest::newRow("sha256") << QStringLiteral("source.files.model.sha256") << QByteArray("\"abc\"")
                            << QStringLiteral("source.files.model.sha256: expected 64 hexadecimal digits, got \"abc\"");
    QTest::newRow("url with hub") << QStringLiteral("source.files.model.url") << QByteArray("\"https://x/y\"")
                                  << QStringLiteral("source.files.model.url: not allowed with source.huggingface "
                                                    "(the hub gives the URL)");
    QTest::newRow("unknown key") << QStringLiteral("source.mirror") << QByteArray("\"x\"")
                                 << QStringLiteral("source.mirror: unknown key (expected one of: huggingface, revision, files)");
}

void TestModelProfile::sourceInvalid()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, value);
    QFETCH(QString, expected);
    QJsonValue v = QJsonValue::Undefined;
    if (!value.isEmpty())
        v = QJsonDocument::fromJson("[" + value + "]").array().at(0);
    QJsonObject object = fullObject();
    object.insert(QStringLiteral("source"), hubSource());
    object = withValue(object, path.split(QLatin1Char('.')), v);
    const ProfileLoadResult r = ModelProfiles::parse(toBytes(object), QStringLiteral("full.json"), QStringLiteral("/d"));
    QVERIFY(!r.profile);
    QCOMPARE(r.error.code, InferenceErrorCode::ProfileInvalid);
    QCOMPARE(r.error.detail, QStringLiteral("full.json: ") + expected);

    // A file without "huggingface" needs a URL.
    QJsonObject noHub = fullObject();
    QJsonObject source = hubSource();
    source.remove(QStringLiteral("huggingface"));
    noHub.insert(QStringLiteral("source"), source);
    const ProfileLoadResult missingUrl = ModelProfiles::parse(toBytes(noHub), QStringLiteral("u.json"), QStringLiteral("/d"));
    QVERIFY(!missingUrl.profile);
    QCOMPARE(missingUrl.error.detail, QStringLiteral("u.json: source.files.model.url: required but missing"));
}

void TestModelProfile::builtInCpuProfilesHaveSources()
{
    QHash<QString, camchat::inference::ModelProfile> byId;
    for (const ProfileLoadResult &r : ModelProfiles::builtIn()) {
        QVERIFY(r.profile);
        byId.insert(r.profile->id, *r.profile);
    }
    const auto sizes = [&byId](const QString &id) {
        const camchat::inference::ModelSource source = byId.value(id).source.value();
        return QPair<qint64, qint64>(source.file(QStringLiteral("model"))->bytes,
                                     source.file(QStringLiteral("mmproj"))->bytes);
    };
    QCOMPARE(byId.value(QStringLiteral("smolvlm-256m-cpu")).source->huggingface,
             QStringLiteral("ggml-org/SmolVLM-256M-Instruct-GGUF"));
    QCOMPARE(sizes(QStringLiteral("smolvlm-256m-cpu")), (QPair<qint64, qint64>(175054528, 103769856)));
    QCOMPARE(sizes(QStringLiteral("smolvlm-500m-cpu")), (QPair<qint64, qint64>(436806912, 108783360)));
    QCOMPARE(byId.value(QStringLiteral("internvl3-1b-cpu")).source->huggingface,
             QStringLiteral("ggml-org/InternVL3-1B-Instruct-GGUF"));
    // No sha256 is pinned that could not be confirmed; the hub supplies it.
    for (const camchat::inference::ModelProfile &profile : std::as_const(byId)) {
        if (profile.backend == camchat::inference::BackendKind::Rk) {
            QVERIFY(!profile.source);
            continue;
        }
        for (const camchat::inference::SourceFile &file : profile.source->files) {
            QVERIFY(file.sha256.isEmpty());
            QCOMPARE(file.name, QFileInfo(profile.filePath(file.role)).fileName());
        }
    }
}

// --- remote (backend "openai") ---

void TestModelProfile::remoteProfile()
{
    const ProfileLoadResult r = ModelProfiles::parse(kRemoteProfile, QStringLiteral("gpu.json"), QStringLiteral("/p"));
    QVERIFY2(r.profile, qPrintable(r.error.detail));
    const ModelProfile &p = *r.profile;
    QCOMPARE(p.backend, BackendKind::OpenAi);
    QCOMPARE(backendName(p.backend), QStringLiteral("openai"));
    QVERIFY(p.files.isEmpty());
    QVERIFY(p.filesPresent()); // nothing to download: ready
    QCOMPARE(p.remote.endpoint, QStringLiteral("http://gpu-box:8000/v1"));
    QCOMPARE(p.remote.model, QStringLiteral("Qwen/Qwen2.5-VL-7B-Instruct"));
    QCOMPARE(p.remote.apiKeyEnv, QStringLiteral("CAMCHAT_API_KEY"));
    QCOMPARE(p.remote.timeoutSeconds, 120);
    QCOMPARE(p.remote.caFile, QStringLiteral("/p/certs/ca.pem"));
    QCOMPARE(p.vision.width, 1024);
    QCOMPARE(p.vision.jpegQuality, 85);
    QCOMPARE(p.sampling.maxNewTokens, 512);

    // Round trip: written without files, the remote block back, the CA file relative.
    const QByteArray json = ModelProfiles::toJson(p, QStringLiteral("/p"));
    const QJsonObject written = QJsonDocument::fromJson(json).object();
    QVERIFY(!written.contains(QLatin1String("files")));
    QCOMPARE(written.value(QLatin1String("remote")).toObject().value(QLatin1String("caFile")).toString(),
             QStringLiteral("certs/ca.pem"));
    const ProfileLoadResult again = ModelProfiles::parse(json, QStringLiteral("gpu.json"), QStringLiteral("/p"));
    QVERIFY2(again.profile, qPrintable(again.error.detail));
    QCOMPARE(*again.profile, p);
}

void TestModelProfile::remoteProfileDefaults()
{
    const QByteArray json = "{\"schema\": 1, \"id\": \"srv\", \"name\": \"Server\", \"backend\": \"openai\",\n"
    "        \"remote\": {\"endpoint\": \"https://example.org/v1\"}}";
    const ProfileLoadResult r = ModelProfiles::parse(json, QStringLiteral("srv.json"), QStringLiteral("/p"));
    QVERIFY2(r.profile, qPrintable(r.error.detail));
    QVERIFY(r.profile->remote.model.isEmpty()); // the first of GET /models
    QVERIFY(r.profile->remote.apiKeyEnv.isEmpty());
    QCOMPARE(r.profile->remote.timeoutSeconds, RemoteSpec::kDefaultTimeoutSeconds);
    QVERIFY(r.profile->remote.caFile.isEmpty());
    QCOMPARE(r.profile->vision.jpegQuality, 90);
    // The key itself never appears in a written profile: there is no field for it.
    QVERIFY(!ModelProfiles::toJson(*r.profile).contains("apiKey\""));
}

void TestModelProfile::remoteProfileInvalid_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    const QByteArray head = R"({"schema": 1, "id": "s", "name": "S", )";
    QTest::newRow("no remote") << head + R"("backend": "openai"})"
                               << QStringLiteral("s.json: remote: required but missing");
    QTest::newRow("no endpoint") << head + R"("backend": "openai", "remote": {}})"
                                 << QStringLiteral("s.json: remote.endpoint: required but missing");
    QTest::newRow("not a URL") << head + R"("backend": "openai", "remote": {"endpoint": "gpu-box:8000"}})"
                               << QStringLiteral("s.json: remote.endpoint: expected an http:// or https:// URL, "
                                                 "got \"gpu-box:8000\"");
    QTest::newRow("files") << head + R"("backend": "openai", "remote": {"endpoint": "http://h/v1"},
                                       "files": {"model": "m.gguf"}})"
                           << QStringLiteral("s.json: files: not used by backend \"openai\" (the server has the model)");
    QTest::newRow("remote on llama") << head + R"("backend": "llama", "files": {"model": "m", "mmproj": "p"},
                                                 "remote": {"endpoint": "http://h/v1"}})"
                                     << QStringLiteral("s.json: remote: only used by backend \"openai\"");
    QTest::newRow("jpegQuality on llama") << head + R"("backend": "llama", "files": {"model": "m", "mmproj": "p"},
                                                      "vision": {"jpegQuality": 80}})"
                                          << QStringLiteral("s.json: vision.jpegQuality: only used by backend \"openai\"");
    QTest::newRow("timeout 0") << head + R"("backend": "openai", "remote": {"endpoint": "http://h/v1", "timeoutSeconds": 0}})"
                               << QStringLiteral("s.json: remote.timeoutSeconds: expected an integer 1..3600, got 0");
    QTest::newRow("bad env name") << head + R"("backend": "openai", "remote": {"endpoint": "http://h/v1", "apiKeyEnv": "MY KEY"}})"
                                  << QStringLiteral("s.json: remote.apiKeyEnv: expected an environment variable name "
                                                    "(A-Z a-z 0-9 _), got \"MY KEY\"");
    QTest::newRow("a key in the profile") << head + R"("backend": "openai", "remote": {"endpoint": "http://h/v1", "apiKey": "sk-1"}})"
                                          << QStringLiteral("s.json: remote.apiKey: unknown key (expected one of: "
                                                            "endpoint, model, apiKeyEnv, timeoutSeconds, caFile)");
}

void TestModelProfile::remoteProfileInvalid()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const ProfileLoadResult r = ModelProfiles::parse(json, QStringLiteral("s.json"), QStringLiteral("/p"));
    QVERIFY(!r.profile);
    QCOMPARE(r.error.code, InferenceErrorCode::ProfileInvalid);
    QCOMPARE(r.error.detail, expected);
}

QTEST_GUILESS_MAIN(TestModelProfile)
#include "test_modelprofile.moc"
