#pragma once

#include <QList>

namespace camchat::capture {

// The capture mode camchat opens when the user chose none, the same for every kind of
// source (V4L2, Qt cameras): the largest that fits 1080p at 25 fps or more.
inline constexpr int kDefaultModeMaxWidth = 1920;
inline constexpr int kDefaultModeMaxHeight = 1080;
inline constexpr double kDefaultModeMinFps = 25.0;

// A mode a source offers, as far as the default choice looks at it.
struct ModeTraits {
    int width = 0;
    int height = 0;
    double fps = 0;          // the fastest rate at this size
    bool direct = true;      // frames are taken over without converting pixels
    bool compressed = false; // MJPEG / JPEG: every frame is decoded first
};

// Whether `a` is a better default than `b`: fitting 1080p first, then fast enough, then
// the largest (of those above 1080p, the smallest), then taken over without conversion,
// then uncompressed, then the faster.
bool isBetterDefaultMode(const ModeTraits &a, const ModeTraits &b);

// Index of the best default among `modes` (the first of equals), skipping modes without
// a size; -1 when there is none.
qsizetype chooseDefaultMode(const QList<ModeTraits> &modes);

} // namespace camchat::capture
