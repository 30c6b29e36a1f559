// Settings → Remote server against a scripted loopback model server: Test connection
// reports the round trip, fills the model list and says whether the model accepts
// images; a rejected key, an unreachable server; OK stores the address and model in
// QSettings and the key in memory (the keyring when one runs), never in QSettings; the
// catalogue then lists the server as a model.
#include "ui/remoteserverpage.h"
#include "ui/settingsdialog.h"

#include "inference/remote/remotekeys.h"
#include "scriptedchatserver.h"
#include "session/modelcatalog.h"
#include "session/remoteserver.h"
#include "widgettest.h"

#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using camchat::inference::ServerCheckResult;
using camchat::test::ScriptedChatServer;
using camchat::test::child;
using camchat::ui::RemoteServerPage;
using camchat::ui::SettingsDialog;

namespace {

constexpr int kTimeoutMs = 15000;

ScriptedChatServer::Response answer(const ScriptedChatServer::Request &request, bool vision, bool wantKey)
{
    if (wantKey && request.headers.value("authorization") != "Bearer sesame")
        return ScriptedChatServer::Response::json(
            401, R"({"error":{"message":"Invalid API Key","type":"authentication_error"}})");
    if (request.path.endsWith("/models"))
        return ScriptedChatServer::Response::json(200, ScriptedChatServer::modelList({QStringLiteral("smolvlm-remote"), QStringLiteral("text-only")}));
    if (!vision)
        return ScriptedChatServer::Response::json(
            500, R"({"error":{"code":500,"message":"image input is not supported - hint: if this is unexpected, you may need to provide the mmproj","type":"server_error"}})");
    return ScriptedChatServer::Response::events(
        {ScriptedChatServer::contentChunk(QStringLiteral("grey")), ScriptedChatServer::finalChunk(12, 1), "[DONE]"});
}

ServerCheckResult runCheck(RemoteServerPage &page)
{
    QSignalSpy checked(&page, &RemoteServerPage::checked);
    QTest::mouseClick(child<QPushButton>(page, "remoteTest"), Qt::LeftButton);
    if (!checked.wait(kTimeoutMs))
        return {};
    return checked.first().first().value<ServerCheckResult>();
}

} // namespace

class TestRemoteServerPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void testReportsModelsAndVision();
    void modelWithoutVisionIsSaid();
    void keyIsSentAndRejectedKeySaid();
    void unreachableServer();
    void okStoresServerButNeverTheKey();

private:
    QTemporaryDir m_home;
};

void TestRemoteServerPage::initTestCase()
{
    QVERIFY(m_home.isValid());
    for (const char *name : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"})
        qputenv(name, m_home.filePath(QLatin1String(name)).toUtf8());
    // No desktop keyring here: the key must then live in memory only.
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    QCoreApplication::setOrganizationName(QStringLiteral("camchat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_remoteserverpage"));
}

void TestRemoteServerPage::init()
{
    QSettings().clear();
}

void TestRemoteServerPage::testReportsModelsAndVision()
{
    ScriptedChatServer server([](const auto &request) { return answer(request, true, false); });
    SettingsDialog dialog;
    RemoteServerPage *page = dialog.remoteServerPage();
    child<QLineEdit>(*page, "remoteEndpoint")->setText(server.endpoint());
    const ServerCheckResult result = runCheck(*page);
    QVERIFY2(!result.error, qPrintable(result.error.detail));
    QVERIFY(result.roundTripMs >= 0);
    QCOMPARE(result.model, QStringLiteral("smolvlm-remote")); // the first listed
    QCOMPARE(result.seesImages, std::optional<bool>(true));
    auto *models = child<QComboBox>(*page, "remoteModel");
    QCOMPARE(models->count(), 2);
    QCOMPARE(models->itemText(1), QStringLiteral("text-only"));
    const QString shown = child<QLabel>(*page, "remoteResult")->text();
    QVERIFY2(shown.contains(QLatin1String(" ms")) && shown.contains(QLatin1String("smolvlm-remote accepts images")),
             qPrintable(shown));
    // The vision check sent a picture, as a data URL, with no key.
    const QList<ScriptedChatServer::Request> requests = server.requests();
    QCOMPARE(requests.size(), 2);
    QVERIFY(requests.at(1).body.contains("data:image/jpeg;base64,"));
    QVERIFY(!requests.at(0).headers.contains("authorization"));
}

void TestRemoteServerPage::modelWithoutVisionIsSaid()
{
    ScriptedChatServer server([](const auto &request) { return answer(request, false, false); });
    SettingsDialog dialog;
    RemoteServerPage *page = dialog.remoteServerPage();
    child<QLineEdit>(*page, "remoteEndpoint")->setText(server.endpoint());
    const ServerCheckResult result = runCheck(*page);
    QVERIFY(!result.error);
    QCOMPARE(result.seesImages, std::optional<bool>(false));
    QVERIFY(child<QLabel>(*page, "remoteResult")->text().contains(QLatin1String("does not accept images")));
}

void TestRemoteServerPage::keyIsSentAndRejectedKeySaid()
{
    ScriptedChatServer server([](const auto &request) { return answer(request, true, true); });
    SettingsDialog dialog;
    RemoteServerPage *page = dialog.remoteServerPage();
    child<QLineEdit>(*page, "remoteEndpoint")->setText(server.endpoint());
    child<QLineEdit>(*page, "remoteKey")->setText(QStringLiteral("wrong"));
    ServerCheckResult result = runCheck(*page);
    QCOMPARE(result.error.code, camchat::inference::InferenceErrorCode::ApiKeyRejected);
    QVERIFY2(child<QLabel>(*page, "remoteResult")->text().contains(QLatin1String("rejected the API key")),
             qPrintable(child<QLabel>(*page, "remoteResult")->text()));

    child<QLineEdit>(*page, "remoteKey")->setText(QStringLiteral("sesame"));
    result = runCheck(*page);
    QVERIFY2(!result.error, qPrintable(result.error.detail));
    QCOMPARE(server.requests().last().headers.value("authorization"), QByteArray("Bearer sesame"));
}

void TestRemoteServerPage::unreachableServer()
{
    quint16 closedPort = 0;
    {
        ScriptedChatServer gone([](const auto &request) { return answer(request, true, false); });
        closedPort = gone.port();
    }
    SettingsDialog dialog;
    RemoteServerPage *page = dialog.remoteServerPage();
    child<QLineEdit>(*page, "remoteEndpoint")->setText(QStringLiteral("http://127.0.0.1:%1/v1").arg(closedPort));
    const ServerCheckResult result = runCheck(*page);
    QCOMPARE(result.error.code, camchat::inference::InferenceErrorCode::ServerUnreachable);
    QVERIFY(child<QLabel>(*page, "remoteResult")->text().contains(QLatin1String("Cannot reach the model server")));
}

void TestRemoteServerPage::okStoresServerButNeverTheKey()
{
    ScriptedChatServer server([](const auto &request) { return answer(request, true, false); });
    {
        SettingsDialog dialog;
        RemoteServerPage *page = dialog.remoteServerPage();
        // OK refuses an address that is not http(s) (with a message box; see accept()).
        for (const char *bad : {"not a url", "ftp://gpu-box/v1", "http://"}) {
            child<QLineEdit>(*page, "remoteEndpoint")->setText(QLatin1String(bad));
            QVERIFY2(!page->hasValidEndpoint(), bad);
        }

        child<QLineEdit>(*page, "remoteEndpoint")->setText(server.endpoint());
        child<QComboBox>(*page, "remoteModel")->setEditText(QStringLiteral("smolvlm-remote"));
        child<QLineEdit>(*page, "remoteKey")->setText(QStringLiteral("open-sesame-1234"));
        dialog.accept();
        QVERIFY(dialog.remoteServerChanged());
    }
    const camchat::session::RemoteServerSettings saved = camchat::session::remoteServerFromSettings();
    QCOMPARE(saved.endpoint, server.endpoint());
    QCOMPARE(saved.model, QStringLiteral("smolvlm-remote"));
    QCOMPARE(camchat::inference::remotekeys::get(server.endpoint()), QByteArray("open-sesame-1234"));
    // Not in any settings file.
    QSettings().sync();
    const QString config = m_home.filePath(QStringLiteral("XDG_CONFIG_HOME"));
    QDirIterator files(config, QDir::Files, QDirIterator::Subdirectories);
    int read = 0;
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY2(!file.readAll().contains("open-sesame"), qPrintable(file.fileName()));
        ++read;
    }
    QVERIFY(read > 0);

    // The catalogue lists the server, of the family its model's name says.
    camchat::session::ModelCatalog models;
    models.reload();
    const auto entry = models.entry(QLatin1String(camchat::session::kRemoteServerProfileId));
    QVERIFY(entry);
    QVERIFY(entry->isReady());
    QCOMPARE(entry->profile.backend, camchat::inference::BackendKind::OpenAi);
    QCOMPARE(entry->profile.family, QStringLiteral("smolvlm"));
    QVERIFY(entry->profile.name.contains(QLatin1String("smolvlm-remote")));

    // Opened again: the key is shown (masked) from memory, the server from QSettings.
    SettingsDialog again;
    QCOMPARE(child<QLineEdit>(*again.remoteServerPage(), "remoteKey")->text(), QStringLiteral("open-sesame-1234"));
    QCOMPARE(child<QLineEdit>(*again.remoteServerPage(), "remoteKey")->echoMode(), QLineEdit::Password);
}

QTEST_MAIN(TestRemoteServerPage)
#include "test_remoteserverpage.moc"
