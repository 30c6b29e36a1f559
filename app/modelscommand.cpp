#include "modelscommand.h"

#include "commandparser.h"

#include "inference/inferenceerror.h"

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
    return QJsonObject{
        {QStringLiteral("id"), profile.id},
        {QStringLiteral("name"), profile.name},
        {QStringLiteral("family"), profile.family},
        {QStringLiteral("backend"), backendName(profile.backend)},
        {QStringLiteral("source"), profile.sourcePath},
        {QStringLiteral("built_in"), isBuiltIn(profile)},
        {QStringLiteral("ready"), profile.filesPresent()},
        {QStringLiteral("files"), files},
    };
}

QString profileText(const ModelProfile &profile)
{
    QString text = QStringLiteral("%1  %2  [%3]  %4\n")
                       .arg(profile.id, profile.name, backendName(profile.backend),
                            profile.filesPresent() ? ModelsCommand::tr("ready")
                                                   : ModelsCommand::tr("files missing"));
    for (const inference::ModelFile &file : profile.files) {
        text += QStringLiteral("    %1  %2  %3\n")
                    .arg(file.role, -7)
                    .arg(file.exists() ? ModelsCommand::tr("present") : ModelsCommand::tr("missing"), -8)
                    .arg(file.path);
    }
    if (!isBuiltIn(profile))
        text += QStringLiteral("    %1\n").arg(ModelsCommand::tr("from %1").arg(profile.sourcePath));
    return text;
}

} // namespace

int ModelsCommand::run(const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("models"),
                         tr("Lists the model profiles camchat knows (built in, then yours from %1), where each "
                            "expects its model files and whether they are present. Profiles that failed to load "
                            "are listed with the reason.")
                             .arg(ModelProfiles::userProfileDir()));
    parser.setUsage(tr("Usage: camchat models [--json]"));
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
        for (const ModelProfile &profile : profiles)
            profileArray.append(profileJson(profile));
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
