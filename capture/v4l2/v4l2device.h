#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

// The thin seam between camchat's V4L2 code and the kernel. Everything that talks to
// /dev/video* goes through V4l2Io so tests can substitute a fake device (tests/fakev4l2.h).
// The calls mirror the POSIX/ioctl ones: they return -1 and set errno on failure.

namespace camchat::capture {

class V4l2Io
{
public:
    virtual ~V4l2Io() = default;

    // open(2) with O_RDWR | O_NONBLOCK | O_CLOEXEC semantics; returns a fd or -1/errno.
    virtual int open(const std::string &path) = 0;
    virtual int close(int fd) = 0;
    // ioctl(2); `arg` points at the request's struct (v4l2_format, v4l2_buffer, ...).
    virtual int ioctl(int fd, unsigned long request, void *arg) = 0;
    // mmap(2) with PROT_READ|PROT_WRITE, MAP_SHARED; returns MAP_FAILED (errno set) on failure.
    virtual void *mmap(std::size_t length, int fd, std::int64_t offset) = 0;
    virtual int munmap(void *address, std::size_t length) = 0;
    // poll(2) on one fd; `events` are POLLIN/POLLPRI..., `revents` receives the result.
    // Returns >0 ready, 0 timeout, -1/errno.
    virtual int poll(int fd, short events, short *revents, int timeoutMs) = 0;
};

// The real thing: plain syscalls, EINTR retried for ioctl and poll.
class SystemV4l2Io final : public V4l2Io
{
public:
    int open(const std::string &path) override;
    int close(int fd) override;
    int ioctl(int fd, unsigned long request, void *arg) override;
    void *mmap(std::size_t length, int fd, std::int64_t offset) override;
    int munmap(void *address, std::size_t length) override;
    int poll(int fd, short events, short *revents, int timeoutMs) override;
};

// Shared process-wide instance of SystemV4l2Io.
std::shared_ptr<V4l2Io> systemV4l2Io();

} // namespace camchat::capture
