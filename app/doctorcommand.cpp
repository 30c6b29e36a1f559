#include "doctorcommand.h"

#include "commandline.h"

#include "inference/modelprofile.h"
#include "inference/rk/systemcheck.h"
#include "ui/systemcheckdialog.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
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
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Checks whether this machine can run the Rockchip NPU backend: board and SoC, kernel, "
           "NPU driver version, runtime libraries, access to GPU/NPU and camera devices, and the "
           "NPU models' files. Every problem comes with its fix."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption rootOption(QStringLiteral("root"),
                                        tr("Read the system files under <dir> instead of / (for testing)."),
                                        tr("dir"), QStringLiteral("/"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), tr("Print one JSON object instead of text."));
    parser.addOption(rootOption);
    parser.addOption(jsonOption);

    const QString tryHelp = tr("Try 'camchat doctor --help' for more information.");
    if (!parser.parse(arguments)) {
        printErr(tr("camchat doctor: %1").arg(parser.errorText()) + QLatin1Char('\n') + tryHelp + QLatin1Char('\n'));
        return kExitUsage;
    }
    if (parser.isSet(helpOption)) {
        QString help = parser.helpText();
        // QCommandLineParser only knows the program name; show the command as typed.
        help.replace(0, help.indexOf(QLatin1Char('\n')), tr("Usage: camchat doctor [--root DIR] [--json]"));
        help += QLatin1Char('\n') + tr("Exit status: 0 report printed (even when it lists problems), 2 usage error.")
                + QLatin1Char('\n');
        printOut(help);
        return kExitOk;
    }
    if (!parser.positionalArguments().isEmpty()) {
        printErr(tr("camchat doctor: unexpected argument '%1'.").arg(parser.positionalArguments().constFirst())
                 + QLatin1Char('\n') + tryHelp + QLatin1Char('\n'));
        return kExitUsage;
    }
    const QString root = parser.value(rootOption);
    if (!QFileInfo(root).isDir()) {
        printErr(tr("camchat doctor: --root: '%1' is not a directory.").arg(root) + QLatin1Char('\n') + tryHelp
                 + QLatin1Char('\n'));
        return kExitUsage;
    }

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
        printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)));
        return kExitOk;
    }
    printOut(SystemCheckText::report(items, root));
    return kExitOk;
}

} // namespace camchat::app
