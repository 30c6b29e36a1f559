#pragma once

#include "capture/framesource.h"
#include "capture/imageloader.h"
#include "capture/snapshotwriter.h"
#include "capture/v4l2/v4l2error.h"
#include "inference/inferenceerror.h"

#include <QString>

namespace camchat::ui {

// One translated sentence per error code, for the error bar. The technical detail is
// not part of it: the caller shows ImageError::detail / SaveError::detail on request.
QString describeImageError(const capture::ImageError &error);
QString describeSaveError(const capture::SaveError &error);
QString describeInferenceError(const inference::InferenceError &error);

// What a V4L2 error sentence may mention besides the code.
struct V4l2ErrorContext {
    QString device;           // how users know the device: its path or card name
    QString detail;           // technical detail (ioctl + strerror), quoted for Failed only
    bool hdmiInput = false;   // NoSignal then talks about the cable and the source
    double waitedSeconds = 0; // a one-shot grab: how long it waited; 0 for a live source
};

// The one table of sentences for V4L2 errors, used by `camchat snap`, `camchat ask
// --device`, `camchat devices` and the window's preview. Empty for V4l2Error::None.
QString describeV4l2Error(capture::V4l2Error error, const V4l2ErrorContext &context);

// What a live source is doing, in words for the preview when it shows no picture:
// "No signal on the HDMI input — check the cable and the source", "Cannot capture from
// /dev/video0: <detail>", ... `sourceName` names the device for users (its card name or
// path); `detail` is FrameSource::errorDetail() and `error` the typed reason (a V4L2
// source's errorCode(); Failed for other sources), both for the Error state only. Empty
// for Streaming. NoSignal, DeviceGone and Error are worded by describeV4l2Error().
QString describeSourceState(capture::FrameSource::State state, bool hdmiInput, const QString &sourceName,
                            const QString &detail, capture::V4l2Error error = capture::V4l2Error::Failed);

} // namespace camchat::ui
