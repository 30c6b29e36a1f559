#include "qimageframe.h"

#include "frameconvert.h"

#include <memory>

namespace camchat::capture {

namespace {

void releaseFrame(void *info)
{
    delete static_cast<Frame *>(info);
}

} // namespace

QImage imageFromFrame(const Frame &frame)
{
    if (!frame.isValid())
        return {};
    const Frame xrgb = frame.format() == PixelFormat::Xrgb8888 ? frame : convertFrame(frame, PixelFormat::Xrgb8888);
    if (!xrgb.isValid())
        return {};
    // The image owns a heap copy of the frame, i.e. one more reference to its storage;
    // Qt calls releaseFrame when the last QImage sharing these pixels goes away. The
    // const-data constructor makes QImage copy before any write, so the frame's pixels
    // stay immutable.
    auto *keeper = new Frame(xrgb);
    QImage image(keeper->constBits(0), keeper->width(), keeper->height(), keeper->stride(0),
                 QImage::Format_RGB32, releaseFrame, keeper);
    if (image.isNull())
        delete keeper; // Qt rejected the layout and will not call the cleanup function
    return image;
}

Frame frameFromImage(const QImage &image)
{
    if (image.isNull())
        return {};
    QImage rgb;
    if (image.hasAlphaChannel()) {
        rgb = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
        if (rgb.isNull())
            return {};
        // Over white: with premultiplied colour c and alpha a, c + (255 - a) * 255 / 255.
        for (int y = 0; y < rgb.height(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(rgb.scanLine(y)); // detaches from `image`
            for (int x = 0; x < rgb.width(); ++x) {
                const QRgb p = line[x];
                const int transparent = 255 - qAlpha(p);
                line[x] = qRgb(qRed(p) + transparent, qGreen(p) + transparent, qBlue(p) + transparent);
            }
        }
        rgb.reinterpretAsFormat(QImage::Format_RGB32);
    } else if (image.format() == QImage::Format_RGB32) {
        // A deep copy: `image` may wrap memory its owner frees or reuses behind QImage's back.
        rgb = image.copy();
    } else {
        rgb = image.convertToFormat(QImage::Format_RGB32);
    }
    if (rgb.isNull())
        return {};
    // The frame's storage keeps this private QImage alive; nobody else can write to it.
    auto holder = std::make_shared<const QImage>(std::move(rgb));
    const FramePlane plane{0, static_cast<int>(holder->bytesPerLine())};
    const auto size = static_cast<std::size_t>(holder->sizeInBytes());
    const auto *bytes = reinterpret_cast<const std::byte *>(holder->constBits());
    return Frame::wrap(PixelFormat::Xrgb8888, holder->width(), holder->height(), std::span(&plane, 1),
                       std::shared_ptr<const std::byte>(holder, bytes), size);
}

} // namespace camchat::capture
