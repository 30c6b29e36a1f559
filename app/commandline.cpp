#include "commandline.h"

#include "askcommand.h"
#include "devicescommand.h"
#include "doctorcommand.h"
#include "modelscommand.h"
#include "snapcommand.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <array>
#include <cstdio>
#include <cstring>

namespace camchat::app {

void printOut(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}

void printErr(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stderr);
    std::fflush(stderr);
}

namespace {

bool isHelpOrVersion(const char *arg)
{
    static constexpr const char *kFlags[] = {"-h", "--help", "-?", "--help-all", "-v", "--version"};
    for (const char *flag : kFlags) {
        if (std::strcmp(arg, flag) == 0)
            return true;
    }
    return false;
}

} // namespace

std::span<const Subcommand> subcommands()
{
    // Headless subcommands register here as they arrive.
    static const std::array<Subcommand, 5> kSubcommands{{
        {"ask", QT_TRANSLATE_NOOP("CommandLine", "Ask a model about an image and print the answer."),
         [](const QStringList &arguments) { return AskCommand::run(arguments); }},
        {"models", QT_TRANSLATE_NOOP("CommandLine", "List the model profiles and whether their files are present."),
         &ModelsCommand::run},
        {"doctor", QT_TRANSLATE_NOOP("CommandLine", "Check whether this machine can run the NPU backend, and what to fix."),
         &DoctorCommand::run},
        {"devices", QT_TRANSLATE_NOOP("CommandLine", "List the cameras and HDMI inputs with their formats."),
         &DevicesCommand::run},
        {"snap", QT_TRANSLATE_NOOP("CommandLine", "Save one picture from a camera or HDMI input."),
         [](const QStringList &arguments) { return SnapCommand::run(arguments); }},
    }};
    return kSubcommands;
}

Invocation classify(int argc, char **argv)
{
    Invocation invocation;
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        if (std::strcmp(arg, "--") == 0)
            break;
        if (std::strcmp(arg, "--lang") == 0 && i + 1 < argc) {
            invocation.language = QString::fromLocal8Bit(argv[++i]);
            continue;
        }
        if (std::strncmp(arg, "--lang=", 7) == 0) {
            invocation.language = QString::fromLocal8Bit(arg + 7);
            continue;
        }
        if (i == 1) {
            for (const Subcommand &sub : subcommands()) {
                if (std::strcmp(arg, sub.name) == 0) {
                    invocation.kind = Invocation::Kind::Subcommand;
                    invocation.subcommand = &sub;
                }
            }
            if (invocation.subcommand)
                break; // the subcommand parses the rest itself
        }
        if (isHelpOrVersion(arg))
            invocation.kind = Invocation::Kind::HelpOrVersion;
    }
    return invocation;
}

int CommandLine::parse(const QStringList &arguments, GuiOptions &options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Ask a vision-language model about what your camera sees, an image or the screen."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption langOption(QStringLiteral("lang"),
                                        tr("Use the user interface language <code> (en, de, zh_CN)."),
                                        tr("code"));
    parser.addOption(langOption);
    const QCommandLineOption kioskOption(QStringLiteral("kiosk"),
                                         tr("Start as an unattended full-screen kiosk that captions the live picture."));
    parser.addOption(kioskOption);
    const QCommandLineOption deviceOption(QStringLiteral("device"),
                                          tr("Open this capture device at start, e.g. /dev/video0 "
                                             "('camchat devices' lists them)."),
                                          tr("path"));
    parser.addOption(deviceOption);
    parser.addPositionalArgument(tr("FILE"), tr("Image file to open."), tr("[FILE]"));

    if (!parser.parse(arguments)) {
        printErr(tr("camchat: %1\nTry 'camchat --help' for more information.\n").arg(parser.errorText()));
        return kExitUsage;
    }
    if (parser.isSet(helpOption)) {
        QString help = parser.helpText();
        if (!subcommands().empty()) {
            help += QLatin1Char('\n') + tr("Commands:") + QLatin1Char('\n');
            for (const Subcommand &sub : subcommands())
                help += QStringLiteral("  %1  %2\n").arg(QLatin1String(sub.name), -10).arg(tr(sub.summary));
            help += tr("Run 'camchat COMMAND --help' for the options and exit codes of a command.") + QLatin1Char('\n');
        }
        help += QLatin1Char('\n') + tr("Exit status: 0 success, 1 failure, 2 usage error.") + QLatin1Char('\n');
        printOut(help);
        return kExitOk;
    }
    if (parser.isSet(versionOption)) {
        printOut(QStringLiteral("%1 %2\n").arg(QCoreApplication::applicationName(),
                                               QCoreApplication::applicationVersion()));
        return kExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        printErr(tr("camchat: expected at most one image file, got %n.\n", nullptr,
                    static_cast<int>(positional.size())));
        return kExitUsage;
    }
    if (parser.isSet(deviceOption)) {
        options.device = parser.value(deviceOption);
        if (options.device.isEmpty()) {
            printErr(tr("camchat: --device needs a device path such as /dev/video0.\n"));
            return kExitUsage;
        }
    }
    options.kiosk = parser.isSet(kioskOption);
    if (!positional.isEmpty())
        options.imageFile = QFileInfo(positional.first()).absoluteFilePath();
    return -1;
}

} // namespace camchat::app
