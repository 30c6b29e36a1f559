#include "commandparser.h"

namespace camchat::app {

CommandParser::CommandParser(const QString &command, const QString &description)
    : m_command(command)
    , m_helpOption(m_parser.addHelpOption())
{
    m_parser.setApplicationDescription(description);
}

void CommandParser::addOption(const QCommandLineOption &option)
{
    m_parser.addOption(option);
}

void CommandParser::addOptions(const QList<QCommandLineOption> &options)
{
    m_parser.addOptions(options);
}

void CommandParser::addVersionOption()
{
    m_versionOption = m_parser.addVersionOption();
}

void CommandParser::addPositionalArgument(const QString &name, const QString &description, const QString &syntax,
                                          int maxCount)
{
    m_parser.addPositionalArgument(name, description, syntax);
    m_maxPositional += maxCount;
}

QString CommandParser::program() const
{
    return m_command.isEmpty() ? QStringLiteral("camchat") : QStringLiteral("camchat ") + m_command;
}

int CommandParser::usageError(const QString &message) const
{
    printErr(tr("%1: %2\nTry '%1 --help' for more information.\n").arg(program(), message));
    return kExitUsage;
}

QString CommandParser::helpText() const
{
    QString help = m_parser.helpText();
    if (!m_usage.isEmpty())
        help.replace(0, help.indexOf(QLatin1Char('\n')), m_usage);
    if (!m_epilogue.isEmpty()) {
        help += QLatin1Char('\n') + m_epilogue;
        if (!help.endsWith(QLatin1Char('\n')))
            help += QLatin1Char('\n');
    }
    return help;
}

std::optional<int> CommandParser::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments))
        return usageError(m_parser.errorText());
    if (m_parser.isSet(m_helpOption)) {
        printOut(helpText());
        return kExitOk;
    }
    if (m_versionOption && m_parser.isSet(*m_versionOption)) {
        printOut(QStringLiteral("%1 %2\n").arg(QCoreApplication::applicationName(),
                                               QCoreApplication::applicationVersion()));
        return kExitOk;
    }
    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() > m_maxPositional) {
        const QString unexpected = positional.at(m_maxPositional);
        return usageError(m_unexpectedHint.isEmpty()
                              ? tr("unexpected argument '%1'.").arg(unexpected)
                              : tr("unexpected argument '%1' (%2).").arg(unexpected, m_unexpectedHint));
    }
    return std::nullopt;
}

} // namespace camchat::app
