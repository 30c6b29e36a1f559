#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace camchat::app {

// `camchat models pull ID` and `camchat models remove ID`: the command-line view of
// session::ModelDownloads. pull fetches and verifies the profile's missing files,
// showing progress on stderr (one redrawn line on a terminal, a line every few seconds
// when piped); Ctrl+C stops it and keeps the partial file. remove deletes what a pull
// put in the model folder. Runs on the main thread with its event loop.
class ModelPullCommand
{
    Q_DECLARE_TR_FUNCTIONS(ModelPullCommand)

public:
    // `arguments`: the program name followed by the action's own arguments.
    static int pull(const QStringList &arguments);
    static int remove(const QStringList &arguments);
};

} // namespace camchat::app
