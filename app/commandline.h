#pragma once

#include "output.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <functional>
#include <span>

namespace camchat::app {

// A headless subcommand: `camchat NAME [options]`. Runs under a QCoreApplication (no
// display needed) and returns the process exit code. Each one parses its own options
// with CommandParser (commandparser.h says how to add one); the GUI path is what runs
// without one.
struct Subcommand {
    const char *name;
    const char *summary; // marked with QT_TRANSLATE_NOOP("CommandLine", ...), translated when printed
    std::function<int(const QStringList &arguments)> run;
    bool hidden = false; // runs, but is not listed by `camchat --help` (diagnostics for tests)
};

std::span<const Subcommand> subcommands();

// What the command line asked for, before any QApplication exists.
struct Invocation {
    enum class Kind { Gui, Subcommand, HelpOrVersion };
    Kind kind = Kind::Gui;
    const Subcommand *subcommand = nullptr;
    QString language; // value of --lang, if given
    // `camchat ask --screen`: the subcommand grabs the screen, so it runs under a
    // QGuiApplication when there is a display to connect to.
    bool grabsScreen = false;
};

// A display Qt can connect to: an X or Wayland session, or a platform named in
// QT_QPA_PLATFORM (offscreen, eglfs, …).
bool hasDisplay();

// Looks at argv without an application object: decides whether a GUI is needed and
// finds --lang early, so translations apply to the help text and the window alike.
Invocation classify(int argc, char **argv);

// The GUI's options after parsing.
struct GuiOptions {
    QString imageFile;
    bool kiosk = false; // --kiosk: start in kiosk mode
    QString device;     // --device PATH: open this capture device at start
    bool grab = false;  // --grab: a fresh screen grab in the open window (or a new one)
    bool region = false; // --region (with --grab): the user drags out the part to keep
};

class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    // Parses the top-level command line (`camchat [--lang L] [--kiosk] [--device PATH]
    // [--grab [--region]] [FILE]`,
    // --help, --version).
    // Prints help, version or the error itself. Returns an exit code when the process
    // should end now, or -1 to continue into the GUI with `options` filled.
    static int parse(const QStringList &arguments, GuiOptions &options);
};

} // namespace camchat::app
