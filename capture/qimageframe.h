#pragma once

#include "frame.h"

#include <QImage>

namespace camchat::capture {

// Bridges between Frame and QImage.
// An Xrgb8888 frame becomes a QImage::Format_RGB32 image sharing the frame's pixels
// (no copy; the image keeps the storage alive). Other formats are converted first.
QImage imageFromFrame(const Frame &frame);
// Any QImage becomes an Xrgb8888 frame; transparent areas are composed over white.
Frame frameFromImage(const QImage &image);

} // namespace camchat::capture
