#include "v4l2input.h"

#include <linux/videodev2.h>

#include <cerrno>

namespace camchat::capture {

bool V4l2InputInfo::noSignal() const
{
    return status & (V4L2_IN_ST_NO_SIGNAL | V4L2_IN_ST_NO_POWER | V4L2_IN_ST_NO_SYNC | V4L2_IN_ST_NO_H_LOCK);
}

V4l2InputInfo queryCurrentInput(V4l2Io &io, int fd)
{
    V4l2InputInfo info;
    int current = 0;
    if (io.ioctl(fd, VIDIOC_G_INPUT, &current) == 0 && current >= 0)
        info.index = static_cast<std::uint32_t>(current);
    v4l2_input input{};
    input.index = info.index;
    if (io.ioctl(fd, VIDIOC_ENUMINPUT, &input) < 0)
        return info;
    info.known = true;
    info.dvTimings = input.capabilities & V4L2_IN_CAP_DV_TIMINGS;
    info.status = input.status;
    return info;
}

bool isNoSignalErrno(int error)
{
    return error == ENOLINK || error == ENOLCK || error == ERANGE || error == ENODATA;
}

} // namespace camchat::capture
