#pragma once

#include "frame.h"

#include <cstdint>
#include <span>

namespace camchat::capture {

// EXIF Orientation (tag 0x0112) values: how the stored pixels must be transformed to be
// shown upright.
//   1 as stored              2 mirrored left-right
//   3 rotated 180            4 mirrored top-bottom
//   5 transposed (mirror across the top-left/bottom-right diagonal)
//   6 rotate 90 clockwise    7 transverse (mirror across the other diagonal)
//   8 rotate 90 counter-clockwise
// Orientations 5..8 swap width and height.

// Reads the Orientation tag from IFD0 of the EXIF APP1 segment of JPEG data.
// Returns 1 when there is no EXIF, no tag, or anything malformed. Never reads outside
// `jpeg`.
int readJpegExifOrientation(std::span<const std::uint8_t> jpeg);

// Reads the Orientation tag from a TIFF structure (the payload of an EXIF APP1 segment
// after "Exif\0\0"). Returns 1 when absent or malformed.
int readTiffOrientation(std::span<const std::uint8_t> tiff);

// Returns the upright version of an Xrgb8888 frame stored with `orientation`.
// Orientation 1 (or an out-of-range value) returns the frame itself; other formats are
// returned unchanged too. The result has tightly packed rows.
Frame applyExifOrientation(const Frame &xrgb, int orientation);

// True when the orientation swaps width and height (5..8).
constexpr bool orientationSwapsAxes(int orientation)
{
    return orientation >= 5 && orientation <= 8;
}

} // namespace camchat::capture
