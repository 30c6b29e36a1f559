#include "commandline.h"

#include "askcommand.h"
#include "commandparser.h"
#include "devicescommand.h"
#include "doctorcommand.h"
#include "modelscommand.h"
#include "probecommand.h"
#include "snapcommand.h"

#include <QFileInfo>

#include <cstring>

namespace camchat::app {

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
    // One line a subcommand, in the order `camchat --help` lists them (commandparser.h
    // says how to write one).
    static const Subcommand kSubcommands[] = {
        {"ask", QT_TRANSLATE_NOOP("CommandLine", "Ask a model about an image and print the answer."),
         [](const QStringList &arguments) { return AskCommand::run(arguments); }},
        {"models", QT_TRANSLATE_NOOP("CommandLine", "List the model profiles and whether their files are present; download or remove them."),
         &ModelsCommand::run},
        {"doctor", QT_TRANSLATE_NOOP("CommandLine", "Check whether this machine can run the NPU backend, and what to fix."),
         &DoctorCommand::run},
        {"devices", QT_TRANSLATE_NOOP("CommandLine", "List the cameras and HDMI inputs with their formats."),
         &DevicesCommand::run},
        {"snap", QT_TRANSLATE_NOOP("CommandLine", "Save one picture from a camera or HDMI input."),
         [](const QStringList &arguments) { return SnapCommand::run(arguments); }},
        // Started by camchat itself to try a model pair in a process of its own
        // (inference::ModelProbe); not for people, so not translated.
        {"probe-model", "Try a model pair in this process.", &ProbeCommand::run, true},
    };
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
            if (invocation.subcommand) {
                if (std::strcmp(invocation.subcommand->name, "ask") == 0) {
                    for (int j = i + 1; j < argc && std::strcmp(argv[j], "--") != 0; ++j)
                        invocation.grabsScreen = invocation.grabsScreen || std::strcmp(argv[j], "--screen") == 0;
                }
                break; // the subcommand parses the rest itself
            }
        }
        if (isHelpOrVersion(arg))
            invocation.kind = Invocation::Kind::HelpOrVersion;
    }
    return invocation;
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

int CommandLine::parse(const QStringList &arguments, GuiOptions &options)
{
    CommandParser parser({}, tr("Ask a vision-language model about what your camera sees, an image or the screen."));
    parser.addVersionOption();
    const QCommandLineOption langOption(QStringLiteral("lang"),
                                        tr("Use the user interface language <code> (en, de, zh_CN)."),
                                        tr("code"));
    const QCommandLineOption kioskOption(QStringLiteral("kiosk"),
                                         tr("Start as an unattended full-screen kiosk that captions the live picture."));
    const QCommandLineOption deviceOption(QStringLiteral("device"),
                                          tr("Open this capture device at start, e.g. /dev/video0 "
                                             "('camchat devices' lists them)."),
                                          tr("path"));
    const QCommandLineOption grabOption(QStringLiteral("grab"),
                                        tr("Grab the screen and get ready for a question about it, in the camchat "
                                           "window that is open (or a new one). For a desktop shortcut."));
    const QCommandLineOption regionOption(QStringLiteral("region"),
                                          tr("With --grab: drag out the part of the screen to ask about."));
    parser.addOptions({langOption, kioskOption, deviceOption, grabOption, regionOption});
    parser.addPositionalArgument(tr("FILE"), tr("Image file to open."), tr("[FILE]"));
    parser.setUnexpectedArgumentHint(tr("camchat opens one image file at a time"));

    QString epilogue;
    epilogue += tr("Commands:") + QLatin1Char('\n');
    for (const Subcommand &sub : subcommands()) {
        if (!sub.hidden)
            epilogue += QStringLiteral("  %1  %2\n").arg(QLatin1String(sub.name), -10).arg(tr(sub.summary));
    }
    epilogue += tr("Run 'camchat COMMAND --help' for the options and exit codes of a command.") + QLatin1Char('\n');
    epilogue += QLatin1Char('\n') + tr("Exit status: 0 success, 1 failure, 2 usage error.") + QLatin1Char('\n');
    parser.setEpilogue(epilogue);

    if (const std::optional<int> exit = parser.parse(arguments))
        return *exit;
    if (parser.isSet(deviceOption)) {
        options.device = parser.value(deviceOption);
        if (options.device.isEmpty())
            return parser.usageError(tr("--device needs a device path such as /dev/video0."));
    }
    options.kiosk = parser.isSet(kioskOption);
    options.grab = parser.isSet(grabOption);
    options.region = parser.isSet(regionOption);
    if (options.region && !options.grab)
        return parser.usageError(tr("--region only applies to --grab."));
    const QStringList positional = parser.positionalArguments();
    if (options.grab && (options.kiosk || !positional.isEmpty() || !options.device.isEmpty()))
        return parser.usageError(tr("--grab asks about the screen: it cannot be combined with --kiosk, --device "
                                    "or an image file."));
    if (!positional.isEmpty())
        options.imageFile = QFileInfo(positional.first()).absoluteFilePath();
    return -1;
}

} // namespace camchat::app
