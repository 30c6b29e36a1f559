#include "visioninput.h"

#include "capture/jpegcodec.h"

#include <cstddef>
#include <cstring>
#include <memory>

namespace camchat::session {
namespace {

capture::ResizeMode toResizeMode(inference::VisionResize resize)
{
    switch (resize) {
    case inference::VisionResize::Fit:
        return capture::ResizeMode::Fit;
    case inference::VisionResize::ExpandToSquare:
        return capture::ResizeMode::ExpandToSquare;
    case inference::VisionResize::Stretch:
        return capture::ResizeMode::Stretch;
    }
    return capture::ResizeMode::Fit;
}

} // namespace

capture::ModelInputSpec toModelInputSpec(const inference::VisionSpec &spec)
{
    capture::ModelInputSpec input;
    input.width = spec.width;
    input.height = spec.height;
    input.mode = toResizeMode(spec.resize);
    input.fill = spec.fill;
    return input;
}

inference::RgbImage toRgbImage(const capture::Frame &rgb)
{
    if (!rgb.isValid() || rgb.format() != capture::PixelFormat::Rgb24)
        return {};
    inference::RgbImage image;
    image.width = rgb.width();
    image.height = rgb.height();
    const auto rowBytes = static_cast<std::size_t>(rgb.width()) * 3;
    if (static_cast<std::size_t>(rgb.stride(0)) == rowBytes) {
        // The shared_ptr aliases the frame: the RgbImage keeps the frame's storage
        // alive and points at its first pixel, so nothing is copied.
        auto owner = std::make_shared<const capture::Frame>(rgb);
        image.pixels = std::shared_ptr<const std::uint8_t[]>(owner, owner->constBits(0));
        return image;
    }
    // Padded rows: repack (makeModelInput() does not produce these today).
    const auto rows = static_cast<std::size_t>(rgb.height());
    std::shared_ptr<std::uint8_t[]> packed(new std::uint8_t[rowBytes * rows]);
    for (std::size_t y = 0; y < rows; ++y)
        std::memcpy(packed.get() + y * rowBytes,
                    rgb.constBits(0) + static_cast<std::ptrdiff_t>(y) * rgb.stride(0), rowBytes);
    image.pixels = std::move(packed);
    return image;
}

inference::RgbImage prepareModelImage(const capture::Frame &frame, const inference::VisionSpec &spec)
{
    const capture::Frame input = capture::makeModelInput(frame, toModelInputSpec(spec));
    inference::RgbImage image = toRgbImage(input);
    if (spec.jpegQuality > 0 && image.isValid()) {
        // A model server takes the picture as JPEG: encoded here, in the preprocess stage.
        capture::JpegEncodeOptions options;
        options.quality = spec.jpegQuality;
        const capture::JpegEncodeResult jpeg = capture::JpegEncoder().encode(input, options);
        if (!jpeg.ok())
            return {}; // the worker reports an image that could not be prepared
        image.jpeg = jpeg.data;
    }
    return image;
}

inference::ImagePreparer makeImagePreparer(const capture::Frame &frame)
{
    return [frame](const inference::VisionSpec &spec) { return prepareModelImage(frame, spec); };
}

} // namespace camchat::session
