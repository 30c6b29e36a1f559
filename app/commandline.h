#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>
#include <span>

namespace camchat::app {

// Process exit codes shared by every mode (documented in --help and the README).
enum ExitCode : int {
    kExitOk = 0,
    kExitFailure = 1,
    kExitUsage = 2,
    kExitModelError = 3,     // profile invalid or unknown, model files missing or unloadable
    kExitInputError = 4,     // the image is missing, unreadable or corrupt
    kExitInferenceError = 5, // the model failed while answering, or was interrupted
};

// A headless subcommand: `camchat NAME [options]`. Runs under a QCoreApplication (no
// display needed) and returns the process exit code. Later capabilities (ask, snap,
// devices, doctor, models) register here; the GUI path is what runs without one.
struct Subcommand {
    const char *name;
    const char *summary; // marked with QT_TRANSLATE_NOOP("CommandLine", ...), translated when printed
    std::function<int(const QStringList &arguments)> run;
};

std::span<const Subcommand> subcommands();

// Write UTF-8 text and flush at once, so pipes and terminals see output as it happens.
void printOut(const QString &text);
void printErr(const QString &text);

// What the command line asked for, before any QApplication exists.
struct Invocation {
    enum class Kind { Gui, Subcommand, HelpOrVersion };
    Kind kind = Kind::Gui;
    const Subcommand *subcommand = nullptr;
    QString language; // value of --lang, if given
};

// Looks at argv without an application object: decides whether a GUI is needed and
// finds --lang early, so translations apply to the help text and the window alike.
Invocation classify(int argc, char **argv);

// The GUI's options after parsing with QCommandLineParser.
struct GuiOptions {
    QString imageFile;
    bool kiosk = false; // --kiosk: start in kiosk mode
    QString device;     // --device PATH: open this capture device at start
};

class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    // Parses the top-level command line (`camchat [--lang L] [--kiosk] [--device PATH] [FILE]`,
    // --help, --version).
    // Prints help, version or the error itself. Returns an exit code when the process
    // should end now, or -1 to continue into the GUI with `options` filled.
    static int parse(const QStringList &arguments, GuiOptions &options);
};

} // namespace camchat::app
