#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace camchat::app {

// `camchat doctor [--root DIR] [--json]`: can this machine run the NPU backend, and if
// not, why and what to do (board, kernel, rknpu driver, runtimes, devices, model files).
// A report: exit 0 whatever it finds, 2 on a usage error.
class DoctorCommand
{
    Q_DECLARE_TR_FUNCTIONS(DoctorCommand)

public:
    // `arguments`: the program name followed by the subcommand's own arguments.
    static int run(const QStringList &arguments);
};

} // namespace camchat::app
