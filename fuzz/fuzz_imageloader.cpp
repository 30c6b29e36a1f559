// libFuzzer target: image data from strangers (files opened, pasted or dropped) through
// ImageLoader, as the app decodes it: JPEG by TurboJPEG, PNG, WebP, BMP, TIFF and the rest
// by Qt's image plugins, EXIF orientation applied.
#include "capture/imageloader.h"

#include <QByteArray>
#include <QSize>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using camchat::capture::ImageLoader;
    using camchat::capture::ImageLoadOptions;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)ImageLoader::loadData(bytes);
    // The reduced-size path (JPEG DCT scaling) and no EXIF rotation.
    ImageLoadOptions small;
    small.minimumSize = QSize(8, 8);
    small.applyExifOrientation = false;
    (void)ImageLoader::loadData(bytes, small);
    return 0;
}
