#pragma once

#include <QString>

namespace camchat::inference {

// Where llama.cpp's, ggml's and libmtmd's log goes. They log every step at info level:
// only warnings and errors reach stderr, and errors are also kept, because a failed load
// returns no reason but its log line. Thread-safe; the libraries may log from their own
// worker threads.
class LlamaLog
{
public:
    // Routes the libraries' log here and initialises llama.cpp's backends, once per process.
    static void initOnce();

    // Forgets the errors kept so far: call before the step whose errors you want.
    static void clearErrors();
    // The errors logged since clearErrors(), on one line.
    static QString errors();

    // While a request is being aborted, llama.cpp reports the aborted graph as an error:
    // that is the user pressing Stop, not something for stderr.
    static void setQuiet(bool quiet);
};

} // namespace camchat::inference
