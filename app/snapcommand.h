#pragma once

#include "capture/v4l2/v4l2grab.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <memory>

namespace camchat::capture {
class V4l2Io;
}

namespace camchat::app {

// `camchat snap --device /dev/videoN --out FILE`: grabs one fresh frame from a V4L2
// camera or HDMI input (grabV4l2Frame) and saves it atomically as JPEG (from the YUV
// planes when the device sends YUV) or PNG. Runs on the main thread; blocks for at most
// the timeout. The device-error sentences are shared with `camchat ask --device`.
class SnapCommand
{
    Q_DECLARE_TR_FUNCTIONS(SnapCommand)

public:
    static constexpr double kDefaultTimeoutSeconds = 5.0;

    // `arguments`: the program name followed by the subcommand's own arguments.
    // Returns the process exit code (commandline.h: 0, 1, 2 or 4).
    static int run(const QStringList &arguments);
    // The same with the V4L2 calls going to `io` (tests pass a fake; null = the kernel).
    static int run(const QStringList &arguments, std::shared_ptr<capture::V4l2Io> io);

    // One sentence for a grab that did not succeed, naming the device and what to do
    // (ui::describeV4l2Error's table). `timeoutSeconds` is the wait that was used.
    static QString describeGrabFailure(const capture::V4l2GrabResult &result, const QString &devicePath,
                                       double timeoutSeconds);

    // Parsers for the shared device options; false for a malformed value.
    // --timeout SECONDS: > 0 and <= 3600, fractions allowed.
    static bool parseTimeout(const QString &text, double *seconds);
    // --format FOURCC: 1 to 4 printable ASCII characters ("MJPG", "YUYV", "NV12").
    static bool parseFourcc(const QString &text, std::uint32_t *fourcc);
    // --size WxH, e.g. 1920x1080.
    static bool parseSize(const QString &text, int *width, int *height);
};

} // namespace camchat::app
