#pragma once

#include "processrunner.h"

#include "capture/v4l2/v4l2source.h"

#include <QImage>
#include <QString>
#include <QStringList>

// What the tests that run inside the vivid VM (tests/vm/run-in-vm) share: they talk to
// the real vivid driver, set its controls with v4l2-ctl and run the real camchat.
namespace camchat::test::vm {

// The first vivid capture node (each vivid device of the VM tests has one node).
inline constexpr const char *kDevice = "/dev/video0";

// True inside the VM that run-in-vm boots (it sets CAMCHAT_VM=1). Outside, the tests skip.
bool insideVm();
// The vivid module options of this boot (CAMCHAT_VM_VIVID).
QString vividOptions();

// `v4l2-ctl -d DEVICE ARGS`; the result's exitCode is -1 when it did not run.
ProcessResult v4l2ctl(const QStringList &arguments, const QString &device = QLatin1String(kDevice));
// Sets vivid controls ("name=value", ...) in one VIDIOC_S_EXT_CTRLS; false on failure.
bool setControls(const QStringList &assignments, QString *error = nullptr,
                 const QString &device = QLatin1String(kDevice));
// The device's current capture format, as `v4l2-ctl --get-fmt-video` reports it.
struct DeviceFormat {
    QString fourcc;
    int width = 0;
    int height = 0;
};
DeviceFormat deviceFormat();

// A V4l2Source on `device` with the short reopen interval and the long no-frame timeout
// that the emulated machine needs.
capture::V4l2SourceOptions liveSourceOptions(const QString &device = QLatin1String(kDevice));

// The real camchat executable with ARGS; killed after timeoutMs.
ProcessResult runCamchat(const QStringList &arguments, int timeoutMs = 120000);

// vivid's 75% colour bars (test_pattern=0 with osd_text_mode=2): checks each of the eight
// bars near the picture's bottom against its 8-bit RGB colour, with `tolerance` per
// channel. Empty when they match; otherwise what was found where.
QString colourBarProblem(const QImage &image, int tolerance = 48);
// Looser, for where vivid draws the bars narrower than the frame (after a change of
// timings it keeps the old pattern width and repeats it): every sample across the lower
// half is one of the eight bar colours. Noise, or a frame area never written, fails.
QString barColoursOnlyProblem(const QImage &image, int tolerance = 48);

} // namespace camchat::test::vm
