#pragma once

#include <QCoreApplication>
#include <QStringList>

#include <memory>

namespace camchat::capture {
class V4l2Io;
}

namespace camchat::app {

// `camchat ask`: one question about one image (a file, or a fresh frame from a camera or
// HDMI input with --device), without a window. Loads the model on the
// inference thread (the same InferenceWorker the GUI uses), streams the answer to stdout
// as it is generated and prints the stage timings, or one JSON object with --json.
// Runs on the main thread under the QCoreApplication that main() created.
class AskCommand
{
    Q_DECLARE_TR_FUNCTIONS(AskCommand)

public:
    // `arguments`: the program name followed by the subcommand's own arguments.
    // Returns the process exit code (commandline.h: 0, 2, 3, 4 or 5).
    static int run(const QStringList &arguments);
    // The same with `--device` capturing through `io` (tests pass a fake; null = the kernel).
    static int run(const QStringList &arguments, std::shared_ptr<capture::V4l2Io> io);
};

} // namespace camchat::app
