#include "remoteserver.h"

#include "settingskeys.h"

#include "inference/remote/openaiprotocol.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QUrl>

namespace camchat::session {

RemoteServerSettings remoteServerFromSettings()
{
    const QSettings settings;
    return {settings.value(settingsKey(settings::kRemoteEndpoint)).toString().trimmed(),
            settings.value(settingsKey(settings::kRemoteModel)).toString().trimmed()};
}

void saveRemoteServer(const RemoteServerSettings &server)
{
    QSettings settings;
    if (server.endpoint.trimmed().isEmpty()) {
        settings.remove(settingsKey(settings::kRemoteEndpoint));
        settings.remove(settingsKey(settings::kRemoteModel));
        return;
    }
    settings.setValue(settingsKey(settings::kRemoteEndpoint), server.endpoint.trimmed());
    settings.setValue(settingsKey(settings::kRemoteModel), server.model.trimmed());
}

inference::ProfileLoadResult remoteServerProfile(const RemoteServerSettings &server,
                                                 const QList<inference::ModelProfile> &local)
{
    if (server.endpoint.isEmpty())
        return {};
    QString family;
    const QString model = server.model.toLower();
    for (const inference::ModelProfile &profile : local) {
        if (!profile.family.isEmpty() && profile.backend != inference::BackendKind::OpenAi
            && model.contains(profile.family) && profile.family.size() > family.size())
            family = profile.family;
    }
    const QString where = inference::openai::hostAndPort(QUrl(server.endpoint));
    const QString name = server.model.isEmpty()
        ? QCoreApplication::translate("RemoteServer", "Model server %1").arg(where)
        : QCoreApplication::translate("RemoteServer", "%1 on %2").arg(server.model, where);
    QJsonObject remote{{QStringLiteral("endpoint"), server.endpoint}};
    if (!server.model.isEmpty())
        remote.insert(QStringLiteral("model"), server.model);
    QJsonObject json{
        {QStringLiteral("schema"), 1},
        {QStringLiteral("id"), QLatin1String(kRemoteServerProfileId)},
        {QStringLiteral("name"), name},
        {QStringLiteral("backend"), QStringLiteral("openai")},
        {QStringLiteral("remote"), remote},
        {QStringLiteral("vision"), QJsonObject{{QStringLiteral("width"), 1024},
                                               {QStringLiteral("height"), 1024},
                                               {QStringLiteral("resize"), QStringLiteral("fit")},
                                               {QStringLiteral("jpegQuality"), 90}}},
    };
    if (!family.isEmpty())
        json.insert(QStringLiteral("family"), family);
    return inference::ModelProfiles::parse(QJsonDocument(json).toJson(), QStringLiteral("Settings → Remote server"),
                                           QString());
}

} // namespace camchat::session
