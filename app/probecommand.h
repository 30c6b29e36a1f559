#pragma once

#include <QStringList>

namespace camchat::app {

// `camchat probe-model --threads N` (hidden): the child process ModelProbe starts to try
// a model pair before the app loads it. Reads the profile JSON on stdin; the work is
// ModelProbe::runChild's.
class ProbeCommand
{
public:
    static int run(const QStringList &arguments);
};

} // namespace camchat::app
