#pragma once

#include <QtGlobal>

#include <csignal>

namespace camchat::app {

// Routes SIGINT (Ctrl+C) into the event loop while alive: the handler only writes a byte
// to a pipe, and the command watches readFd() with a QSocketNotifier. The handler is
// one-shot (SA_RESETHAND): a second Ctrl+C ends the process the usual way if stopping
// hangs. An ignored SIGINT (a background job of a script, nohup) stays ignored. One guard
// at a time; main thread only.
class InterruptGuard
{
public:
    InterruptGuard();
    ~InterruptGuard();
    Q_DISABLE_COPY_MOVE(InterruptGuard)

    // The pipe's read end, or -1 when SIGINT is not routed (ignored, or setup failed).
    int readFd() const;
    // Empties the pipe (after the notifier fired).
    void drain() const;

private:
    struct sigaction m_previous = {};
    bool m_installed = false;
};

} // namespace camchat::app
