#include "v4l2error.h"

#include <cerrno>

namespace camchat::capture {

V4l2Error v4l2ErrorForOpen(int error)
{
    switch (error) {
    case ENOENT:
    case ENODEV:
    case ENXIO:
        return V4l2Error::DeviceMissing;
    case EACCES:
    case EPERM:
        return V4l2Error::PermissionDenied;
    case EBUSY:
        return V4l2Error::Busy;
    default:
        return V4l2Error::Failed;
    }
}

const char *v4l2ErrorKey(V4l2Error error)
{
    switch (error) {
    case V4l2Error::None: return "none";
    case V4l2Error::DeviceMissing: return "device_missing";
    case V4l2Error::PermissionDenied: return "permission_denied";
    case V4l2Error::Busy: return "busy";
    case V4l2Error::NotCapture: return "not_capture";
    case V4l2Error::UnsupportedFormat: return "unsupported_format";
    case V4l2Error::NoSignal: return "no_signal";
    case V4l2Error::Unplugged: return "unplugged";
    case V4l2Error::Failed: return "failed";
    }
    return "failed";
}

} // namespace camchat::capture
