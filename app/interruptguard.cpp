#include "interruptguard.h"

#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

namespace camchat::app {

namespace {

// The signal handler may only write to a pipe; the event loop reads it and cancels.
int g_interruptPipe[2] = {-1, -1};

extern "C" void onInterrupt(int)
{
    const int savedErrno = errno;
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_interruptPipe[1], &byte, 1);
    errno = savedErrno;
}

} // namespace

InterruptGuard::InterruptGuard()
{
    struct sigaction current = {};
    if (::sigaction(SIGINT, nullptr, &current) != 0 || current.sa_handler == SIG_IGN)
        return;
    if (::pipe2(g_interruptPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    struct sigaction action = {};
    action.sa_handler = &onInterrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_RESTART;
    m_installed = ::sigaction(SIGINT, &action, &m_previous) == 0;
}

InterruptGuard::~InterruptGuard()
{
    if (m_installed)
        ::sigaction(SIGINT, &m_previous, nullptr);
    for (int &fd : g_interruptPipe) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}

int InterruptGuard::readFd() const
{
    return m_installed ? g_interruptPipe[0] : -1;
}

void InterruptGuard::drain() const
{
    if (!m_installed)
        return;
    char buffer[16];
    while (::read(g_interruptPipe[0], buffer, sizeof buffer) > 0) {
    }
}

} // namespace camchat::app
