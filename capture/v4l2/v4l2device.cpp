#include "v4l2device.h"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace camchat::capture {

int SystemV4l2Io::open(const std::string &path)
{
    return ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
}

int SystemV4l2Io::close(int fd)
{
    return ::close(fd);
}

int SystemV4l2Io::ioctl(int fd, unsigned long request, void *arg)
{
    int result = 0;
    do {
        result = ::ioctl(fd, request, arg);
    } while (result == -1 && errno == EINTR);
    return result;
}

void *SystemV4l2Io::mmap(std::size_t length, int fd, std::int64_t offset)
{
    return ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, static_cast<off_t>(offset));
}

int SystemV4l2Io::munmap(void *address, std::size_t length)
{
    return ::munmap(address, length);
}

int SystemV4l2Io::poll(int fd, short events, short *revents, int timeoutMs)
{
    pollfd entry{fd, events, 0};
    int result = 0;
    do {
        result = ::poll(&entry, 1, timeoutMs);
    } while (result == -1 && errno == EINTR);
    if (revents)
        *revents = result > 0 ? entry.revents : short(0);
    return result;
}

std::shared_ptr<V4l2Io> systemV4l2Io()
{
    static const std::shared_ptr<V4l2Io> instance = std::make_shared<SystemV4l2Io>();
    return instance;
}

} // namespace camchat::capture
