#pragma once

#include "output.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <cmath>
#include <optional>
#include <type_traits>

namespace camchat::app {

// The command line of `camchat` and of each `camchat NAME` subcommand. It writes, once for
// all of them, what every command does the same way: --help (usage line, options, notes
// and exit status), the "camchat NAME: ...  Try 'camchat NAME --help'" usage error with
// exit code 2, and the check of positional arguments (none unless declared).
//
// Adding an option to a subcommand:
//   1. declare it: `const QCommandLineOption all(QStringLiteral("all"), tr("..."));`
//   2. `parser.addOption(all);` before parse(), and mention it in setUsage() if it is
//      central to the command;
//   3. after parse(), read it with isSet()/value(), or number() for a bounded number; a
//      bad value is reported with `return parser.usageError(tr("..."));`.
// Adding a subcommand:
//   1. a class `FooCommand` in app/foocommand.{h,cpp} with `static int run(const QStringList
//      &arguments)`, whose body starts:
//          CommandParser parser(QStringLiteral("foo"), tr("What foo does, in one paragraph."));
//          parser.setUsage(tr("Usage: camchat foo [--json]"));
//          parser.setEpilogue(tr("Exit status: 0 success, 2 usage error."));
//          ...options...
//          if (const std::optional<int> exit = parser.parse(arguments))
//              return *exit;
//   2. add the files to camchat_cli in app/CMakeLists.txt;
//   3. list it in subcommands() in app/commandline.cpp (name, one-line summary, run);
//      `hidden` keeps it out of `camchat --help`.
// Business logic does not belong in the command: it goes in session/ and below.
class CommandParser
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    // `command`: the subcommand's name as typed ("ask"), or empty for `camchat` itself.
    CommandParser(const QString &command, const QString &description);

    // Replaces QCommandLineParser's first help line ("Usage: <program> [options]"), which
    // cannot know the subcommand. Leave unset to keep it.
    void setUsage(const QString &usage) { m_usage = usage; }
    // Printed after the options by --help: notes, then the exit status of the command.
    void setEpilogue(const QString &epilogue) { m_epilogue = epilogue; }

    void addOption(const QCommandLineOption &option);
    void addOptions(const QList<QCommandLineOption> &options);
    // Adds --version (only `camchat` itself has one).
    void addVersionOption();
    // A positional argument; more than `maxCount` of them in total is a usage error.
    void addPositionalArgument(const QString &name, const QString &description, const QString &syntax = {},
                               int maxCount = 1);
    // Said after "unexpected argument 'X'", e.g. where the value goes instead.
    void setUnexpectedArgumentHint(const QString &hint) { m_unexpectedHint = hint; }

    // Parses `arguments` (program name first). Prints the help, the version or the usage
    // error itself. Returns the exit code when the process should end now, or nullopt.
    std::optional<int> parse(const QStringList &arguments);

    bool isSet(const QCommandLineOption &option) const { return m_parser.isSet(option); }
    QString value(const QCommandLineOption &option) const { return m_parser.value(option); }
    QStringList positionalArguments() const { return m_parser.positionalArguments(); }

    // Prints `message` as this command's usage error; returns kExitUsage.
    int usageError(const QString &message) const;

    // Reads a number option that must lie in [minimum, maximum] into `out` (left alone when
    // the option is absent). False after printing the usage error for a bad value.
    template<typename T, typename Out>
    bool number(const QCommandLineOption &option, T minimum, T maximum, Out &out) const
    {
        if (!isSet(option))
            return true;
        const std::optional<T> parsed = parseNumber<T>(value(option), minimum, maximum);
        if (!parsed) {
            usageError(tr("--%1 expects a number from %2 to %3, got '%4'.")
                           .arg(option.names().constLast())
                           .arg(minimum)
                           .arg(maximum)
                           .arg(value(option)));
            return false;
        }
        out = *parsed;
        return true;
    }

    template<typename T>
    static std::optional<T> parseNumber(const QString &text, T minimum, T maximum)
    {
        bool ok = false;
        if constexpr (std::is_floating_point_v<T>) {
            const double value = text.trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(value) || value < minimum || value > maximum)
                return std::nullopt;
            return static_cast<T>(value);
        } else {
            const qlonglong value = text.trimmed().toLongLong(&ok);
            if (!ok || value < static_cast<qlonglong>(minimum) || value > static_cast<qlonglong>(maximum))
                return std::nullopt;
            return static_cast<T>(value);
        }
    }

    // "camchat" or "camchat NAME", as the user typed it.
    QString program() const;

private:
    QString helpText() const;

    QString m_command;
    QString m_usage;
    QString m_epilogue;
    QString m_unexpectedHint;
    int m_maxPositional = 0;
    QCommandLineParser m_parser;
    QCommandLineOption m_helpOption;
    std::optional<QCommandLineOption> m_versionOption;
};

} // namespace camchat::app
