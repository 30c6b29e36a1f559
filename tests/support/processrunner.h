#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace camchat::test {

struct ProcessResult {
    bool finished = false; // false: did not start, or killed at the timeout
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;
};

// The environment a camchat child process gets in the tests: this one, on the
// offscreen platform, in the C.UTF-8 locale without LANGUAGE (English messages), with
// XDG_CACHE_HOME in a temporary folder of this test process (the model probe's cache).
QProcessEnvironment camchatEnvironment();

// Runs `program` with `arguments` and `environment` to the end, capturing stdout and
// stderr. Kills it after `timeoutMs` (then finished is false and a warning is logged).
ProcessResult runProcess(const QString &program, const QStringList &arguments,
                         const QProcessEnvironment &environment, int timeoutMs);

} // namespace camchat::test
