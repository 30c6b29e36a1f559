#pragma once

#include "capture/framesource.h"
#include "capture/imageloader.h"
#include "capture/snapshotwriter.h"
#include "inference/inferenceerror.h"

#include <QString>

namespace camchat::ui {

// One translated sentence per error code, for the error bar. The technical detail is
// not part of it: the caller shows ImageError::detail / SaveError::detail on request.
QString describeImageError(const capture::ImageError &error);
QString describeSaveError(const capture::SaveError &error);
QString describeInferenceError(const inference::InferenceError &error);

// What a live source is doing, in words for the preview when it shows no picture:
// "No signal on the HDMI input — check the cable and the source", "Cannot capture from
// /dev/video0: <detail>", ... `sourceName` names the device for users (its card name or
// path); `detail` is FrameSource::errorDetail(), used for the Error state only. Empty
// for Streaming.
QString describeSourceState(capture::FrameSource::State state, bool hdmiInput, const QString &sourceName,
                            const QString &detail);

} // namespace camchat::ui
