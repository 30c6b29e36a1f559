#include "modelscommand.h"

#include "commandparser.h"
#include "modelpullcommand.h"

#include "inference/inferenceerror.h"
#include "session/modelcatalog.h"
#include "ui/downloadtext.h"

#include <QJsonArray>
#include <QJsonObject>

namespace camchat::app {

using inference::backendName;
using inference::ModelProfile;
using inference::ModelProfiles;
using inference::ProfileLoadResult;

namespace {

bool isBuiltIn(const ModelProfile &profile)
{
    return profile.sourcePath.startsWith(QLatin1Char(':'));
}

QJsonValue sizeJson(qint64 bytes)
{
    return bytes < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(bytes);
}

// Where the files come from and how far they are: `camchat models --json`'s "download".
QJsonObject downloadJson(const session::ModelEntry &entry)
{
    const std::optional<inference::ModelSource> &source = entry.profile.source;
    const bool hub = source && !source->huggingface.isEmpty();
    QJsonArray files;
    for (const session::ModelFileStatus &file : entry.fileStatus) {
        QJsonObject object{
            {QStringLiteral("role"), file.role},
            {QStringLiteral("name"), file.name.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(file.name)},
            {QStringLiteral("bytes"), sizeJson(file.bytes)},
            {QStringLiteral("sha256"), file.sha256.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(file.sha256)},
            {QStringLiteral("state"), session::fileDownloadStateName(file.state)},
        };
        if (file.state == session::FileDownloadState::Partial)
            object.insert(QStringLiteral("partial_bytes"), file.partBytes);
        if (source && !hub) {
            if (const inference::SourceFile *sf = source->file(file.role))
                object.insert(QStringLiteral("url"), sf->url);
        }
        files.append(object);
    }
    return QJsonObject{
        {QStringLiteral("downloadable"), entry.downloadable},
        {QStringLiteral("repo"), hub ? QJsonValue(source->huggingface) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("revision"), hub ? QJsonValue(source->revision) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("files"), files},
        {QStringLiteral("ready"), entry.isReady()},
        {QStringLiteral("bytes_to_download"), sizeJson(entry.downloadBytes)},
        {QStringLiteral("total_bytes"), sizeJson(entry.totalBytes)},
    };
}

QJsonObject profileJson(const ModelProfile &profile)
{
    QJsonArray files;
    for (const inference::ModelFile &file : profile.files) {
        files.append(QJsonObject{
            {QStringLiteral("role"), file.role},
            {QStringLiteral("path"), file.path},
            {QStringLiteral("present"), file.exists()},
        });
    }
    QJsonObject object{
        {QStringLiteral("id"), profile.id},
        {QStringLiteral("name"), profile.name},
        {QStringLiteral("family"), profile.family},
        {QStringLiteral("backend"), backendName(profile.backend)},
        {QStringLiteral("source"), profile.sourcePath},
        {QStringLiteral("built_in"), isBuiltIn(profile)},
        {QStringLiteral("ready"), profile.filesPresent()},
        {QStringLiteral("files"), files},
    };
    if (profile.backend == inference::BackendKind::OpenAi) {
        // Never the key: only where it comes from.
        object.insert(QStringLiteral("remote"), QJsonObject{
            {QStringLiteral("endpoint"), profile.remote.endpoint},
            {QStringLiteral("model"), profile.remote.model},
            {QStringLiteral("api_key_env"), profile.remote.apiKeyEnv},
        });
    }
    return object;
}

QString profileText(const ModelProfile &profile)
{
    const session::ModelEntry entry = session::entryFor(profile);
    QString state = profile.filesPresent() ? ModelsCommand::tr("ready") : ModelsCommand::tr("files missing");
    if (!entry.isReady() && entry.downloadable) {
        state += QStringLiteral("  ");
        if (entry.downloadBytes >= 0)
            state += ModelsCommand::tr("(download %1: camchat models pull %2)")
                         .arg(ui::sizeText(entry.downloadBytes), profile.id);
        else
            state += ModelsCommand::tr("(download: camchat models pull %1)").arg(profile.id);
    }
    QString text = QStringLiteral("%1  %2  [%3]  %4\n").arg(profile.id, profile.name, backendName(profile.backend), state);
    for (const inference::ModelFile &file : profile.files) {
        text += QStringLiteral("    %1  %2  %3\n")
                    .arg(file.role, -7)
                    .arg(file.exists() ? ModelsCommand::tr("present") : ModelsCommand::tr("missing"), -8)
                    .arg(file.path);
    }
    if (profile.backend == inference::BackendKind::OpenAi) {
        text += QStringLiteral("    %1\n").arg(ModelsCommand::tr("server %1, model %2")
                                                  .arg(profile.remote.endpoint,
                                                       profile.remote.model.isEmpty()
                                                           ? ModelsCommand::tr("the first it lists")
                                                           : profile.remote.model));
    }
    if (!isBuiltIn(profile))
        text += QStringLiteral("    %1\n").arg(ModelsCommand::tr("from %1").arg(profile.sourcePath));
    return text;
}

} // namespace

int ModelsCommand::run(const QStringList &arguments)
{
    // `models pull ID` / `models remove ID`: actions with their own options and help.
    if (arguments.size() >= 2) {
        const QString action = arguments.at(1);
        if (action == QLatin1String("pull") || action == QLatin1String("remove")) {
            QStringList rest = arguments;
            rest.removeAt(1);
            return action == QLatin1String("pull") ? ModelPullCommand::pull(rest) : ModelPullCommand::remove(rest);
        }
    }
    CommandParser parser(QStringLiteral("models"),
                         tr("Lists the model profiles camchat knows (built in, then yours from %1), where each "
                            "expects its model files and whether they are present. Profiles that failed to load "
                            "are listed with the reason. `camchat models pull ID` downloads a profile's files, "
                            "`camchat models remove ID` deletes them (see `camchat models pull --help`).")
                             .arg(ModelProfiles::userProfileDir()));
    parser.setUsage(tr("Usage: camchat models [--json]\n       camchat models pull ID\n       camchat models remove ID"));
    parser.setEpilogue(tr("Exit status: 0 success, 2 usage error."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print one JSON object instead of text."));
    parser.addOption(jsonOption);
    if (const std::optional<int> exit = parser.parse(arguments))
        return *exit;

    const QList<ProfileLoadResult> results = ModelProfiles::all();
    QList<ModelProfile> profiles;
    QList<inference::InferenceError> invalid;
    for (const ProfileLoadResult &result : results) {
        if (result.profile)
            profiles.append(*result.profile);
        else
            invalid.append(result.error);
    }

    if (parser.isSet(jsonOption)) {
        QJsonArray profileArray;
        for (const ModelProfile &profile : profiles) {
            QJsonObject object = profileJson(profile);
            object.insert(QStringLiteral("download"), downloadJson(session::entryFor(profile)));
            profileArray.append(object);
        }
        QJsonArray invalidArray;
        for (const inference::InferenceError &error : invalid) {
            invalidArray.append(QJsonObject{
                {QStringLiteral("code"), QLatin1String(inference::errorKey(error.code))},
                {QStringLiteral("detail"), error.detail},
            });
        }
        const QJsonObject root{
            {QStringLiteral("user_profile_dir"), ModelProfiles::userProfileDir()},
            {QStringLiteral("profiles"), profileArray},
            {QStringLiteral("invalid"), invalidArray},
        };
        printJson(root);
        return kExitOk;
    }

    QString text;
    for (const ModelProfile &profile : profiles)
        text += profileText(profile) + QLatin1Char('\n');
    if (profiles.isEmpty())
        text += tr("No model profiles found.") + QLatin1Char('\n');
    if (!invalid.isEmpty()) {
        text += tr("Profiles that could not be loaded:") + QLatin1Char('\n');
        for (const inference::InferenceError &error : invalid)
            text += QStringLiteral("    %1\n").arg(error.detail);
        text += QLatin1Char('\n');
    }
    text += tr("Your own profiles go in %1 (model paths relative to the JSON file).")
                .arg(ModelProfiles::userProfileDir())
          + QLatin1Char('\n');
    printOut(text);
    return kExitOk;
}

} // namespace camchat::app
