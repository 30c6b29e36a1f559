#include "doctorcommand.h"

#include "commandparser.h"

#include "inference/modelprofile.h"
#include "inference/rk/systemcheck.h"
#include "ui/systemcheckdialog.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace camchat::app {

using inference::CheckItem;
using inference::CheckStatus;
using ui::SystemCheckText;

namespace {

QJsonObject itemJson(const CheckItem &item)
{
    return QJsonObject{
        {QStringLiteral("id"), item.id},
        {QStringLiteral("status"), QLatin1String(inference::statusKey(item.status))},
        {QStringLiteral("title"), SystemCheckText::title(item)},
        {QStringLiteral("value"), item.value},
        {QStringLiteral("detail"), item.detail},
        {QStringLiteral("fix"), QLatin1String(inference::fixKey(item.fix))},
        {QStringLiteral("fix_arg"), item.fixArg},
        {QStringLiteral("fix_text"), SystemCheckText::fix(item)},
    };
}

} // namespace

int DoctorCommand::run(const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("doctor"),
                         tr("Checks whether this machine can run the Rockchip NPU backend: board and SoC, kernel, "
                            "NPU driver version, runtime libraries, access to GPU/NPU and camera devices, and the "
                            "NPU models' files. Every problem comes with its fix."));
    parser.setUsage(tr("Usage: camchat doctor [--root DIR] [--json]"));
    parser.setEpilogue(tr("Exit status: 0 report printed (even when it lists problems), 2 usage error."));
    const QCommandLineOption rootOption(QStringLiteral("root"),
                                        tr("Read the system files under <dir> instead of / (for testing)."),
                                        tr("dir"), QStringLiteral("/"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print one JSON object instead of text."));
    parser.addOptions({rootOption, jsonOption});
    if (const std::optional<int> exit = parser.parse(arguments))
        return *exit;
    const QString root = parser.value(rootOption);
    if (!QFileInfo(root).isDir())
        return parser.usageError(tr("--root: '%1' is not a directory.").arg(root));

    QList<inference::ModelProfile> profiles;
    for (const inference::ProfileLoadResult &result : inference::ModelProfiles::all()) {
        if (result.profile && result.profile->backend == inference::BackendKind::Rk)
            profiles.append(*result.profile);
    }
    inference::SystemCheck check(root);
    check.setProfiles(profiles);
    const QList<CheckItem> items = check.run();

    if (parser.isSet(jsonOption)) {
        QJsonArray array;
        QJsonObject verdict;
        for (const CheckItem &item : items) {
            array.append(itemJson(item));
            if (item.id == QLatin1String("npu_backend"))
                verdict = itemJson(item);
        }
        // "unverified" (driver version unreadable without root) may well work: only a
        // known blocker or a machine without an NPU says no.
        verdict.insert(QStringLiteral("available"),
                       verdict.value(QStringLiteral("value")).toString() != QLatin1String("unavailable"));
        const QJsonObject object{
            {QStringLiteral("root"), root},
            {QStringLiteral("worst"), QLatin1String(inference::statusKey(inference::SystemCheck::worst(items)))},
            {QStringLiteral("npu_backend"), verdict},
            {QStringLiteral("items"), array},
        };
        printJson(object);
        return kExitOk;
    }
    printOut(SystemCheckText::report(items, root));
    return kExitOk;
}

} // namespace camchat::app
