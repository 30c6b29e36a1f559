// ModelCatalog without a worker: listing the profiles with their readiness and the ones
// that could not be read, the remembered choice, how the command line's --model is
// resolved, the CPU profile offered after an NPU load failed, the model to reload for a
// new thread count, and what the Ask button may do before a model is loaded.
#include "session/modelcatalog.h"
#include "session/askstate.h"
#include "session/chatsession.h"
#include "session/settingskeys.h"

#include "capture/qimageframe.h"
#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using camchat::inference::InferenceError;
using camchat::inference::InferenceErrorCode;
using camchat::session::AskBlocker;
using camchat::session::AskContext;
using camchat::session::AskKind;
using camchat::session::ModelCatalog;
using camchat::session::ProfileResolution;

namespace {

const QString kReadyId = QStringLiteral("ready-smol-cpu");
const QString kMissingId = QStringLiteral("missing-smol-cpu");
const QString kNpuId = QStringLiteral("ready-smol-npu");

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile out(path);
    return out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size();
}

QByteArray llamaProfile(const QString &id, const QString &model, const QString &mmproj)
{
    const QJsonObject json{
        {QStringLiteral("schema"), 1},
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), id},
        {QStringLiteral("family"), QStringLiteral("smol")},
        {QStringLiteral("backend"), QStringLiteral("llama")},
        {QStringLiteral("files"), QJsonObject{{QStringLiteral("model"), model}, {QStringLiteral("mmproj"), mmproj}}},
    };
    return QJsonDocument(json).toJson();
}

QByteArray npuProfile(const QString &id)
{
    const QJsonObject json{
        {QStringLiteral("schema"), 1},
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), id},
        {QStringLiteral("family"), QStringLiteral("smol")},
        {QStringLiteral("backend"), QStringLiteral("rk")},
        {QStringLiteral("files"), QJsonObject{{QStringLiteral("encoder"), QStringLiteral("vision.rknn")},
                                              {QStringLiteral("llm"), QStringLiteral("llm.rkllm")}}},
        {QStringLiteral("vision"), QJsonObject{{QStringLiteral("imageTokens"), 64},
                                               {QStringLiteral("embeddingWidth"), 576}}},
    };
    return QJsonDocument(json).toJson();
}

} // namespace

class TestModelCatalog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void listsProfilesWithReadiness();
    void choiceIsRememberedOnlyForReadyProfiles();
    void loadWithoutWorkerReportsItsStart();
    void reloadsForAnotherThreadCountOnly();
    void askStateBeforeAModelIsLoaded();
    void resolvesIdsPathsAndTheFirstReadyProfile();
    void offersTheCpuSiblingAfterRuntimeFailures();

private:
    QString m_dir;
};

void TestModelCatalog::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("camchat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_modelcatalog"));
    m_dir = camchat::inference::ModelProfiles::userProfileDir();
    QVERIFY(QDir().mkpath(m_dir));
    const QDir dir(m_dir);
    for (const char *name : {"model.gguf", "mmproj.gguf", "vision.rknn", "llm.rkllm"})
        QVERIFY(writeFile(dir.filePath(QLatin1String(name)), "not a model"));
    QVERIFY(writeFile(dir.filePath(kReadyId + QStringLiteral(".json")),
                      llamaProfile(kReadyId, QStringLiteral("model.gguf"), QStringLiteral("mmproj.gguf"))));
    QVERIFY(writeFile(dir.filePath(kMissingId + QStringLiteral(".json")),
                      llamaProfile(kMissingId, QStringLiteral("absent.gguf"), QStringLiteral("mmproj.gguf"))));
    QVERIFY(writeFile(dir.filePath(kNpuId + QStringLiteral(".json")), npuProfile(kNpuId)));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("broken.json")), "{ \"schema\": 1, "));
}

void TestModelCatalog::init()
{
    QSettings().clear();
}

void TestModelCatalog::listsProfilesWithReadiness()
{
    ModelCatalog catalog;
    QSignalSpy changed(&catalog, &ModelCatalog::profilesChanged);
    catalog.reload();
    QCOMPARE(changed.count(), 1);
    QVERIFY(catalog.anyReady());

    const std::optional<camchat::session::ModelEntry> ready = catalog.entry(kReadyId);
    QVERIFY(ready);
    QVERIFY(ready->isReady());
    const std::optional<camchat::session::ModelEntry> missing = catalog.entry(kMissingId);
    QVERIFY(missing);
    QVERIFY(!missing->isReady());
    QCOMPARE(missing->missingFiles, QStringList{QDir(m_dir).filePath(QStringLiteral("absent.gguf"))});
    QVERIFY(!catalog.entry(QStringLiteral("broken")));

    // The file that does not parse is reported, not listed.
    QCOMPARE(catalog.problems().size(), 1);
    QCOMPARE(catalog.problems().first().code, InferenceErrorCode::ProfileInvalid);
    QVERIFY2(catalog.problems().first().detail.contains(QStringLiteral("broken.json")),
             qPrintable(catalog.problems().first().detail));
    QCOMPARE(catalog.profiles().size(), catalog.entries().size());
}

void TestModelCatalog::choiceIsRememberedOnlyForReadyProfiles()
{
    ModelCatalog catalog;
    catalog.reload();
    QVERIFY(ModelCatalog::rememberedId().isEmpty());
    QVERIFY(!catalog.choose(kMissingId));
    QVERIFY(!catalog.choose(QStringLiteral("no-such-profile")));
    QVERIFY(ModelCatalog::rememberedId().isEmpty());
    QVERIFY(catalog.choose(kReadyId));
    QCOMPARE(ModelCatalog::rememberedId(), kReadyId);
    QCOMPARE(QSettings().value(QLatin1String(camchat::session::settings::kModelProfile)).toString(), kReadyId);
}

void TestModelCatalog::loadWithoutWorkerReportsItsStart()
{
    ModelCatalog catalog;
    catalog.reload();
    QSignalSpy started(&catalog, &ModelCatalog::loadStarted);
    QVERIFY(!catalog.isLoading());
    QVERIFY(!catalog.isCurrent(kReadyId));
    catalog.load(catalog.entry(kReadyId)->profile, 3);
    QCOMPARE(started.count(), 1);
    QVERIFY(catalog.isLoading());
    QVERIFY(catalog.isCurrent(kReadyId));
    QVERIFY(!catalog.loadedProfile());
    QCOMPARE(catalog.requestedProfile().id, kReadyId);
    QCOMPARE(catalog.loadedThreads(), 3);
}

void TestModelCatalog::reloadsForAnotherThreadCountOnly()
{
    ModelCatalog catalog;
    catalog.reload();
    // Nothing loaded or loading: nothing to reload.
    QVERIFY(!catalog.reloadFor(4));
    catalog.load(catalog.entry(kReadyId)->profile, 2);
    QVERIFY(!catalog.reloadFor(2));
    const std::optional<camchat::inference::ModelProfile> reload = catalog.reloadFor(4);
    QVERIFY(reload);
    QCOMPARE(reload->id, kReadyId); // the one still loading
}

void TestModelCatalog::askStateBeforeAModelIsLoaded()
{
    camchat::inference::InferenceWorker worker; // never asked: nothing is loaded
    camchat::session::ChatSession chat(&worker);
    AskContext context;
    context.promptEmpty = false;

    ModelCatalog empty; // not read yet: no profile has its files
    QCOMPARE(askState(chat, empty, context).blocker, AskBlocker::NoModelConfigured);

    ModelCatalog catalog;
    catalog.reload();
    QCOMPARE(askState(chat, catalog, context).blocker, AskBlocker::NoModelChosen);
    QVERIFY(!askState(chat, catalog, context).canAsk());

    // Live without a snap: the question would be about a snap of the newest frame.
    context.live = true;
    QCOMPARE(askState(chat, catalog, context).kind, AskKind::SnapAndAsk);
    context.live = false;
    QCOMPARE(askState(chat, catalog, context).kind, AskKind::FollowUp);
    QImage picture(8, 8, QImage::Format_RGB32);
    picture.fill(Qt::gray);
    chat.setImage(camchat::capture::frameFromImage(picture));
    QCOMPARE(askState(chat, catalog, context).kind, AskKind::AboutImage);

    catalog.load(catalog.entry(kReadyId)->profile, 0);
    QCOMPARE(askState(chat, catalog, context).blocker, AskBlocker::ModelLoading);
}

void TestModelCatalog::resolvesIdsPathsAndTheFirstReadyProfile()
{
    // No name: the first profile whose files are all there (the built-in ones have none
    // here).
    ProfileResolution first = ModelCatalog::resolve({});
    QCOMPARE(first.problem, ProfileResolution::Problem::None);
    QVERIFY(first.profile);
    QVERIFY(first.profile->filesPresent());

    const ProfileResolution byId = ModelCatalog::resolve(kMissingId);
    QCOMPARE(byId.problem, ProfileResolution::Problem::None);
    QCOMPARE(byId.profile->id, kMissingId); // resolving does not judge the files

    const ProfileResolution byPath = ModelCatalog::resolve(QDir(m_dir).filePath(kReadyId + QStringLiteral(".json")));
    QCOMPARE(byPath.problem, ProfileResolution::Problem::None);
    QCOMPARE(byPath.profile->id, kReadyId);

    const ProfileResolution unknown = ModelCatalog::resolve(QStringLiteral("no-such-profile"));
    QCOMPARE(unknown.problem, ProfileResolution::Problem::UnknownId);
    QVERIFY(!unknown.profile);
    QCOMPARE(unknown.error.code, InferenceErrorCode::ProfileInvalid);
    QVERIFY(unknown.error.detail.contains(kReadyId)); // names the profiles there are

    const ProfileResolution broken = ModelCatalog::resolve(QDir(m_dir).filePath(QStringLiteral("broken.json")));
    QCOMPARE(broken.problem, ProfileResolution::Problem::Invalid);
    QVERIFY(!broken.profile);
    QCOMPARE(broken.error.code, InferenceErrorCode::ProfileInvalid);
}

void TestModelCatalog::offersTheCpuSiblingAfterRuntimeFailures()
{
    ModelCatalog catalog;
    catalog.reload();
    const camchat::inference::ModelProfile npu = catalog.entry(kNpuId)->profile;
    const auto offer = catalog.fallbackAfter(npu, InferenceError{InferenceErrorCode::BackendUnavailable, {}});
    QVERIFY(offer);
    QCOMPARE(offer->id, kReadyId); // the sibling with its files, not the one missing them
    QVERIFY(!catalog.fallbackAfter(npu, InferenceError{InferenceErrorCode::ModelFileMissing, {}}));
    QVERIFY(!catalog.fallbackAfter(catalog.entry(kReadyId)->profile,
                                   InferenceError{InferenceErrorCode::BackendUnavailable, {}}));

    // A model server of the same family that is down, too slow or cut an answer off: the
    // local model is offered. A rejected key or an unknown model are the user's to fix.
    camchat::inference::ModelProfile server = npu;
    server.id = QStringLiteral("gpu-box");
    server.backend = camchat::inference::BackendKind::OpenAi;
    server.files.clear();
    for (const InferenceErrorCode code : {InferenceErrorCode::ServerUnreachable, InferenceErrorCode::ServerTimeout,
                                          InferenceErrorCode::ServerStalled, InferenceErrorCode::ConnectionDropped}) {
        const auto local = catalog.fallbackAfter(server, InferenceError{code, {}});
        QVERIFY(local);
        QCOMPARE(local->id, kReadyId);
    }
    for (const InferenceErrorCode code : {InferenceErrorCode::ApiKeyRejected, InferenceErrorCode::RemoteModelUnknown,
                                          InferenceErrorCode::ImageNotSupported})
        QVERIFY(!catalog.fallbackAfter(server, InferenceError{code, {}}));
}

// A private user profile folder and settings, set before anything asks QStandardPaths.
int main(int argc, char **argv)
{
    QTemporaryDir home;
    if (!home.isValid())
        return 1;
    qputenv("XDG_DATA_HOME", QDir(home.path()).filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", QDir(home.path()).filePath(QStringLiteral("config")).toLocal8Bit());
    QCoreApplication app(argc, argv);
    TestModelCatalog test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_modelcatalog.moc"
