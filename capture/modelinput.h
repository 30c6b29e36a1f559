#pragma once

#include "frame.h"

#include <array>
#include <cstdint>

namespace camchat::capture {

enum class ResizeMode {
    // Centre the image on a max(w,h)-sized square of `fill`, then resize (the RK3588
    // reference pipeline, docs/models.md).
    ExpandToSquare,
    // Resize straight to the target size, ignoring the aspect ratio.
    Stretch,
    // Shrink so the image fits width x height keeping the aspect ratio, never enlarge;
    // the output is the fitted size, not padded (see fittedSize()). For encoders such
    // as llama.cpp's that resize and tile themselves: only the cost is bounded here.
    Fit,
};

struct ModelInputSpec {
    int width = 512;
    int height = 512;
    ResizeMode mode = ResizeMode::ExpandToSquare;
    std::array<std::uint8_t, 3> fill{128, 128, 128}; // R, G, B
};

struct ModelInputSize {
    int width = 0;
    int height = 0;
};

// The output size of ResizeMode::Fit for a width x height image: unchanged when it
// already fits maxWidth x maxHeight; otherwise the limiting side becomes exactly its
// maximum and the other side width/height * scale rounded to nearest (halves up), at
// least 1.
ModelInputSize fittedSize(int width, int height, int maxWidth, int maxHeight);

// Builds the vision encoder's input: packed RGB uint8 (PixelFormat::Rgb24, NHWC,
// stride = 3 * width) of spec.width x spec.height (Fit: the fitted size), bilinear with
// half-pixel centres. Accepts any Frame format convertFrame() accepts. Invalid frame
// on bad input.
Frame makeModelInput(const Frame &src, const ModelInputSpec &spec);

} // namespace camchat::capture
