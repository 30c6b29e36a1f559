#pragma once

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

} // namespace camchat::ui
