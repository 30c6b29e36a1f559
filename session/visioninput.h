#pragma once

#include "capture/frame.h"
#include "capture/modelinput.h"
#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"

namespace camchat::session {

// The capture side of a profile's VisionSpec.
capture::ModelInputSpec toModelInputSpec(const inference::VisionSpec &spec);

// An Rgb24 frame as the encoder's packed RGB image. Shares the frame's storage (kept
// alive by the image) when rows are exactly 3 * width bytes; copies only padded rows.
// Any other format gives an invalid image.
inference::RgbImage toRgbImage(const capture::Frame &rgb24);

// The frame resized for `spec` (capture::makeModelInput()) and handed over as packed
// RGB, plus its JPEG when the spec asks for one (jpegQuality > 0: a model server): what
// every caller that feeds a captured frame to the model does. Any thread.
inference::RgbImage prepareModelImage(const capture::Frame &frame, const inference::VisionSpec &spec);

// Builds the encoder input for an inference request from a captured frame. The frame
// is held by value (its pixels are shared, not copied); the preparer runs on the
// inference thread, where it resizes with capture::makeModelInput() and hands the
// packed RGB result over without another copy. An invalid RgbImage means the frame
// could not be prepared.
inference::ImagePreparer makeImagePreparer(const capture::Frame &frame);

} // namespace camchat::session
