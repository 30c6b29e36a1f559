#include "probecommand.h"

#include "commandparser.h"

#include "inference/modelprobe.h"

#include <QFile>

#include <cstdio>

namespace camchat::app {

int ProbeCommand::run(const QStringList &arguments)
{
    // Not for people (hidden from --help): started by camchat itself, so no translations.
    CommandParser parser(QLatin1String(inference::ModelProbe::kSubcommand),
                         QStringLiteral("Loads the model profile given as JSON on stdin, encodes a tiny image and "
                                        "answers it with one token, to see whether the files make camchat abort."));
    parser.setUsage(QStringLiteral("Usage: camchat probe-model [--threads N] < PROFILE.json"));
    parser.setEpilogue(QStringLiteral("Exit status: 0 passed, 2 usage error or bad profile, 3 the load failed, "
                                      "5 the answer failed; killed by a signal: the files make llama.cpp abort."));
    const QCommandLineOption threadsOption(QStringLiteral("threads"), QStringLiteral("Threads to load and run with."),
                                           QStringLiteral("n"), QStringLiteral("0"));
    parser.addOption(threadsOption);
    if (const std::optional<int> exit = parser.parse(arguments))
        return *exit;
    bool ok = false;
    const int threads = parser.value(threadsOption).toInt(&ok);
    if (!ok || threads < 0 || threads > 1024)
        return parser.usageError(QStringLiteral("--threads needs a number from 0 to 1024."));

    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return kExitUsage;
    return inference::ModelProbe::runChild(in.readAll(), threads);
}

} // namespace camchat::app
