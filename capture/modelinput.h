#pragma once

#include "frame.h"

#include <array>
#include <cstdint>

namespace camchat::capture {

enum class ResizeMode {
    // Centre the image on a max(w,h)-sized square of `fill`, then resize (the RK3588
    // reference pipeline, reference/models.md).
    ExpandToSquare,
    // Resize straight to the target size, ignoring the aspect ratio.
    Stretch,
};

struct ModelInputSpec {
    int width = 512;
    int height = 512;
    ResizeMode mode = ResizeMode::ExpandToSquare;
    std::array<std::uint8_t, 3> fill{128, 128, 128}; // R, G, B
};

// Builds the vision encoder's input: packed RGB uint8 (PixelFormat::Rgb24, NHWC,
// stride = 3 * width) of spec.width x spec.height, bilinear with half-pixel centres.
// Accepts any Frame format convertFrame() accepts. Invalid frame on bad input.
Frame makeModelInput(const Frame &src, const ModelInputSpec &spec);

} // namespace camchat::capture
