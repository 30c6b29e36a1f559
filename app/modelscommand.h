#pragma once

#include "inference/modelprofile.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace camchat::app {

// `camchat models [--json]`: lists the built-in and user model profiles, where each
// profile expects its files and whether they are there, and the user profiles that
// failed to load with the reason. Runs on the main thread; reads files only.
class ModelsCommand
{
    Q_DECLARE_TR_FUNCTIONS(ModelsCommand)

public:
    // `arguments`: the program name followed by the subcommand's own arguments.
    static int run(const QStringList &arguments);
};

} // namespace camchat::app
