#pragma once

// Plain scalar float implementations used as the oracle for the libyuv-based
// conversions and the fixed-point model-input resampler. Nothing here is fast or
// clever on purpose: each function follows the textbook definition directly.

#include "capture/frame.h"
#include "capture/modelinput.h"

#include <QString>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace camchat::testref {

using capture::Frame;
using capture::PixelFormat;
using capture::YuvMatrix;
using capture::YuvRange;

using Rgbf = std::array<float, 3>; // R, G, B on the 0..255 scale

// Packed 8-bit R,G,B pixels, row after row, no padding.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;

    std::array<std::uint8_t, 3> at(int x, int y) const
    {
        const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(width)
                               + static_cast<std::size_t>(x)) * 3;
        return {rgb[i], rgb[i + 1], rgb[i + 2]};
    }
};

// A photo-like test pattern: smooth gradients, blocks of saturated primaries, black
// and white, and patches of per-pixel noise (hard edges for the resamplers).
RgbImage makePattern(int width, int height, std::uint32_t seed = 1);

// BT.601 / BT.709 YUV -> RGB, limited (Y 16..235, C 16..240) or full range, clamped to 0..255.
Rgbf yuvToRgb(float y, float u, float v, YuvMatrix matrix, YuvRange range);
// RGB -> Y, U, V (unrounded, unclamped).
std::array<float, 3> rgbToYuv(float r, float g, float b, YuvMatrix matrix, YuvRange range);

struct FrameLayout {
    int extraStride = 0;          // bytes added to each plane's minimum stride
    int strideAlign = 1;          // then rounded up to a multiple of this
    std::size_t firstOffset = 0;  // bytes before plane 0
    std::size_t planeGap = 0;     // bytes between the end of plane 0 and plane 1
};

// Builds a frame of `format` holding `image` (YUV formats: converted with the given
// matrix and range, chroma averaged over its 2x2 / 2x1 block). Padding bytes are filled
// with junk so that reading them shows up in the result.
Frame makeFrame(const RgbImage &image, PixelFormat format, YuvMatrix matrix = YuvMatrix::Bt601,
                YuvRange range = YuvRange::Limited, const FrameLayout &layout = {});

// Fills every byte of every plane (padding excluded) with pseudo-random values: YUV
// combinations outside the RGB gamut, to exercise clamping.
void scrambleFrame(Frame &frame, std::uint32_t seed);

// The RGB value of pixel (x, y) of any frame, decoded from its bytes. YUV formats use
// the frame's matrix and range and the chroma sample covering the pixel (no chroma
// interpolation, like libyuv's conversions).
Rgbf referencePixel(const Frame &frame, int x, int y);

// The R,G,B bytes of pixel (x, y) of a packed RGB frame (Xrgb8888, Xbgr8888, Rgb24, Bgr24).
std::array<std::uint8_t, 3> packedPixel(const Frame &frame, int x, int y);

// The largest per-channel difference between a packed RGB frame and a reference image
// (row-major, out.width() wide), over the region [x0,x1) x [y0,y1) (default: all).
struct Worst {
    float diff = 0;
    int x = 0;
    int y = 0;
    int channel = 0;
    float expected = 0;
    int actual = 0;

    QString describe() const;
};
Worst worstDifference(const Frame &out, const std::vector<Rgbf> &reference, int x0 = 0, int x1 = -1, int y0 = 0,
                      int y1 = -1);

using PixelSource = std::function<Rgbf(int x, int y)>;

// Float bilinear resize with half-pixel centres and edge clamping (OpenCV INTER_LINEAR)
// of a `srcWidth` x `srcHeight` image given as a pixel function. Result: outWidth *
// outHeight pixels, row-major.
std::vector<Rgbf> resizeBilinear(const PixelSource &pixel, int srcWidth, int srcHeight, int outWidth,
                                 int outHeight);

// ResizeMode::Fit's output size by its definition, in floating point: scale =
// min(maxWidth / width, maxHeight / height, 1); the limiting side gets its maximum, the
// other is scaled and rounded to nearest, at least 1.
capture::ModelInputSize fitReferenceSize(int width, int height, int maxWidth, int maxHeight);

// The model-input definition: the image centred on a max(w,h) square of `fill`, then
// resized as above; (Stretch) resized straight to the output size; or (Fit) resized to
// fitReferenceSize() of the spec's size.
std::vector<Rgbf> modelInputReference(const PixelSource &pixel, int width, int height,
                                      const capture::ModelInputSpec &spec);

} // namespace camchat::testref
