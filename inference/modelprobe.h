#pragma once

#include "inferenceerror.h"
#include "modelprofile.h"
#include "vlmbackend.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace camchat::inference {

// What ModelProbe::check found.
struct ProbeReport {
    // None: the pair is known good, passed now, or could not be probed (the child did not
    // start, or failed without a signal: the in-process load then reports what is wrong).
    InferenceError error;
    bool childRan = false; // false: the verdict came from the cache (or no child could start)
};

// Loads a model pair in a child process before the calling process does: llama.cpp and
// libmtmd assert (GGML_ASSERT, then abort()) on some files no preflight foresees, and an
// abort would end the window, the kiosk or `camchat ask` with it. The child is camchat
// itself, `camchat probe-model` (a hidden subcommand): it loads the pair, encodes a tiny
// image and answers it with one token. An abort there ends only the child; the caller
// reports ModelFileInvalid with the assert line the child printed.
//
// A pass is remembered in a small JSON file (defaultCacheFile()) by path, size, mtime and
// inode of both model files and of the probe executable, so a pair is probed once per
// camchat build. Failures are not remembered: a killed child may have run out of memory,
// and a broken pair costs only its own probe on each attempt.
//
// check() runs on the caller's thread (the inference thread) and blocks it until the
// child ends, polling `progress` every 50 ms: returning false kills the child.
class ModelProbe
{
public:
    static constexpr const char *kSubcommand = "probe-model";

    // What InferenceWorker puts into every load's BackendOptions. Process-wide: app/main
    // sets the executable to camchat itself; empty (the default) loads in-process.
    // Thread-safe.
    static void setDefaultSettings(const ProbeSettings &settings);
    static ProbeSettings defaultSettings();
    // $XDG_CACHE_HOME/camchat/probe.json (~/.cache/camchat/probe.json).
    static QString defaultCacheFile();

    // Parent side. Needs settings.executable. `progress` gets 0..1 as the child loads.
    // Errors: ModelFileInvalid (the child aborted or crashed: the detail names both files
    // and the assert; or it loaded the pair but could not answer the test picture), ModelLoadFailed (killed by another signal, e.g. out of memory, or
    // still running after settings.timeoutMs), Cancelled (`progress` returned false).
    static ProbeReport check(const ModelProfile &profile, int threads, const ProbeSettings &settings,
                             const std::function<bool(float)> &progress);

    // Child side, what `camchat probe-model` runs: the profile as ModelProfiles::toJson
    // wrote it. Prints "progress F" lines and finally "passed" on stdout. Returns the exit
    // code: 0 passed, 2 the profile does not parse, 3 the load failed, 5 the answer failed.
    static int runChild(const QByteArray &profileJson, int threads);
};

} // namespace camchat::inference
