#pragma once

#include <QByteArray>

#include <functional>

namespace camchat::test {

struct CapturedOutput {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs `command` in this process with stdout and stderr redirected to temporary files,
// and returns its result with everything it printed. For command-line code that writes
// straight to the file descriptors (printOut/printErr), run in-process against a fake.
CapturedOutput runCapturingOutput(const std::function<int()> &command);

} // namespace camchat::test
