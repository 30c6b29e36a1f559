#include "imageloader.h"

#include "exiforientation.h"
#include "jpegcodec.h"
#include "qimageframe.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QImageIOHandler>
#include <QImageReader>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <new>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace camchat::capture {

namespace {

// What the first bytes say the data is. Only JPEG picks the decoder; the rest tells
// "no decoder for this format" apart from "not an image at all", and which formats get
// a completeness check before Qt decodes them.
enum class Signature { Unknown, Jpeg, Png, Gif, Bmp, WebP, Tiff, Heif, Jxl };

Signature sniff(const QByteArray &data)
{
    const auto starts = [&data](std::initializer_list<std::uint8_t> bytes, qsizetype at = 0) {
        if (data.size() < at + static_cast<qsizetype>(bytes.size()))
            return false;
        qsizetype i = at;
        for (const std::uint8_t b : bytes) {
            if (static_cast<std::uint8_t>(data[i++]) != b)
                return false;
        }
        return true;
    };
    if (starts({0xFF, 0xD8, 0xFF}))
        return Signature::Jpeg;
    if (starts({0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}))
        return Signature::Png;
    if (starts({'G', 'I', 'F', '8'}))
        return Signature::Gif;
    if (starts({'B', 'M'}) && data.size() >= 26)
        return Signature::Bmp;
    if (starts({'R', 'I', 'F', 'F'}) && starts({'W', 'E', 'B', 'P'}, 8))
        return Signature::WebP;
    if (starts({'I', 'I', 42, 0}) || starts({'M', 'M', 0, 42}))
        return Signature::Tiff;
    if (starts({'f', 't', 'y', 'p'}, 4))
        return Signature::Heif; // HEIC, AVIF and friends (ISO base media file)
    if (starts({0xFF, 0x0A}) || starts({0, 0, 0, 0x0C, 'J', 'X', 'L', ' '}))
        return Signature::Jxl;
    return Signature::Unknown;
}

const char *signatureName(Signature signature)
{
    switch (signature) {
    case Signature::Jpeg: return "jpeg";
    case Signature::Png: return "png";
    case Signature::Gif: return "gif";
    case Signature::Bmp: return "bmp";
    case Signature::WebP: return "webp";
    case Signature::Tiff: return "tiff";
    case Signature::Heif: return "heif";
    case Signature::Jxl: return "jxl";
    case Signature::Unknown: break;
    }
    return "";
}

std::uint32_t readBe32(const QByteArray &data, qsizetype at)
{
    return static_cast<std::uint32_t>(static_cast<std::uint8_t>(data[at])) << 24
        | static_cast<std::uint32_t>(static_cast<std::uint8_t>(data[at + 1])) << 16
        | static_cast<std::uint32_t>(static_cast<std::uint8_t>(data[at + 2])) << 8
        | static_cast<std::uint32_t>(static_cast<std::uint8_t>(data[at + 3]));
}

std::uint32_t readLe(const QByteArray &data, qsizetype at, int bytes)
{
    std::uint32_t value = 0;
    for (int i = bytes - 1; i >= 0; --i)
        value = value << 8 | static_cast<std::uint8_t>(data[at + i]);
    return value;
}

ImageError truncated(const char *what)
{
    return {ImageErrorCode::Truncated, QString::fromLatin1(what)};
}

// Qt 6.4's PNG reader fails on data cut inside IDAT, but once the pixels are in it does
// not care whether the file goes on, and a cut between chunks can slip through; walking
// the chunk list up to a complete IEND settles it without decompressing anything.
ImageError checkPngComplete(const QByteArray &data)
{
    qsizetype pos = 8;
    while (true) {
        if (data.size() - pos < 12)
            return truncated("PNG ends before the IEND chunk");
        const std::uint32_t length = readBe32(data, pos);
        if (length > 0x7FFFFFFFu)
            return {ImageErrorCode::Corrupt, QStringLiteral("PNG chunk length out of range")};
        if (static_cast<std::uint64_t>(data.size() - pos) < 12ULL + length)
            return truncated("PNG chunk cut short");
        if (QByteArrayView(data).sliced(pos + 4, 4) == QByteArrayView("IEND"))
            return {};
        pos += 12 + static_cast<qsizetype>(length);
    }
}

// Qt's GIF reader hands out a partially decoded first frame when the data ends early,
// so make sure the first image's data sub-blocks are all there.
ImageError checkGifComplete(const QByteArray &data)
{
    const auto tableSize = [](std::uint8_t flags) -> qsizetype {
        return (flags & 0x80) ? 3 * (qsizetype(1) << ((flags & 0x07) + 1)) : 0;
    };
    const auto skipSubBlocks = [&data](qsizetype pos) -> qsizetype {
        while (pos < data.size()) {
            const auto length = static_cast<std::uint8_t>(data[pos]);
            ++pos;
            if (length == 0)
                return pos;
            pos += length;
        }
        return -1;
    };
    if (data.size() < 13)
        return truncated("GIF header cut short");
    qsizetype pos = 13 + tableSize(static_cast<std::uint8_t>(data[10]));
    while (pos >= 0 && pos < data.size()) {
        const auto block = static_cast<std::uint8_t>(data[pos]);
        if (block == 0x21) { // extension: label, then sub-blocks
            pos = pos + 2 <= data.size() ? skipSubBlocks(pos + 2) : -1;
        } else if (block == 0x2C) { // image descriptor, optional local table, LZW size
            if (data.size() - pos < 11)
                return truncated("GIF image descriptor cut short");
            pos += 10 + tableSize(static_cast<std::uint8_t>(data[pos + 9])) + 1;
            pos = pos < data.size() ? skipSubBlocks(pos) : -1;
            return pos < 0 ? truncated("GIF image data cut short") : ImageError{};
        } else if (block == 0x3B) {
            return {ImageErrorCode::Corrupt, QStringLiteral("GIF has no image")};
        } else {
            return {ImageErrorCode::Corrupt,
                    QStringLiteral("unknown GIF block 0x%1").arg(block, 2, 16, QLatin1Char('0'))};
        }
    }
    return truncated("GIF ends before its first image");
}

// Qt's BMP reader returns the rows it got, without an error, when the file is short.
ImageError checkBmpComplete(const QByteArray &data)
{
    if (data.size() < 26)
        return truncated("BMP header cut short");
    const std::uint32_t pixelOffset = readLe(data, 10, 4);
    const std::uint32_t dibSize = readLe(data, 14, 4);
    std::int64_t width = 0;
    std::int64_t height = 0;
    std::uint32_t bitCount = 0;
    std::uint32_t compression = 0;
    std::uint32_t imageSize = 0;
    if (dibSize == 12) { // OS/2 BITMAPCOREHEADER
        width = readLe(data, 18, 2);
        height = readLe(data, 20, 2);
        bitCount = readLe(data, 24, 2);
    } else {
        if (data.size() < 38)
            return truncated("BMP info header cut short");
        width = static_cast<std::int32_t>(readLe(data, 18, 4));
        height = static_cast<std::int32_t>(readLe(data, 22, 4));
        bitCount = readLe(data, 28, 2);
        compression = readLe(data, 30, 4);
        imageSize = readLe(data, 34, 4);
    }
    if (width <= 0 || height == 0)
        return {ImageErrorCode::Corrupt, QStringLiteral("BMP has no size")};
    height = height < 0 ? -height : height;
    std::int64_t needed = pixelOffset;
    constexpr std::uint32_t kBiRgb = 0, kBiBitfields = 3, kBiAlphaBitfields = 6;
    if (compression == kBiRgb || compression == kBiBitfields || compression == kBiAlphaBitfields) {
        // Only these bit counts exist for uncompressed rows; any other is a broken header
        // (and with 0xffff the row-size product overflowed).
        if (bitCount != 1 && bitCount != 2 && bitCount != 4 && bitCount != 8 && bitCount != 16 && bitCount != 24
            && bitCount != 32)
            return {ImageErrorCode::Corrupt, QStringLiteral("BMP bit count %1").arg(bitCount)};
        // width < 2^31 and bitCount <= 32: a row is below 2^34 bytes. Its product with
        // height (< 2^32) may not fit: compare by division against what the file has.
        const std::int64_t rowBytes = (width * std::int64_t(bitCount) + 31) / 32 * 4;
        const std::int64_t available = std::max<std::int64_t>(data.size() - needed, 0);
        if (rowBytes > 0 && height > available / rowBytes)
            return {ImageErrorCode::Truncated,
                    QStringLiteral("BMP pixel data needs %1 rows of %2 bytes, file has %3 bytes after the headers")
                        .arg(height).arg(rowBytes).arg(available)};
        needed += rowBytes * height;
    } else {
        needed += imageSize; // RLE and friends: trust the stated size
    }
    if (needed > data.size())
        return {ImageErrorCode::Truncated,
                QStringLiteral("BMP pixel data needs %1 bytes, file has %2").arg(needed).arg(data.size())};
    return {};
}

// RIFF (WebP) states its own length; less data than that is a cut file.
ImageError checkRiffComplete(const QByteArray &data)
{
    const std::int64_t needed = 8 + static_cast<std::int64_t>(readLe(data, 4, 4));
    if (needed > data.size())
        return {ImageErrorCode::Truncated,
                QStringLiteral("RIFF needs %1 bytes, file has %2").arg(needed).arg(data.size())};
    return {};
}

// Qt 6 refuses to allocate images over 256 MB by default; a 64 MP image with 16 bits
// per channel needs 512 MB. The limit is process-wide, so raise it once.
void raiseAllocationLimit()
{
    static std::once_flag once;
    std::call_once(once, [] {
        constexpr int kNeededMb = static_cast<int>(ImageLoader::kMaxPixels * 8 / (1024 * 1024)) + 16;
        if (QImageReader::allocationLimit() != 0 && QImageReader::allocationLimit() < kNeededMb)
            QImageReader::setAllocationLimit(kNeededMb);
    });
}

int orientationFromTransformation(QImageIOHandler::Transformations t)
{
    // The inverse of Qt's EXIF mapping (qt's exif2Qt).
    switch (int(t)) {
    case QImageIOHandler::TransformationMirror: return 2;
    case QImageIOHandler::TransformationRotate180: return 3;
    case QImageIOHandler::TransformationFlip: return 4;
    case QImageIOHandler::TransformationFlipAndRotate90: return 5;
    case QImageIOHandler::TransformationRotate90: return 6;
    case QImageIOHandler::TransformationMirrorAndRotate90: return 7;
    case QImageIOHandler::TransformationRotate270: return 8;
    default: return 1;
    }
}

LoadedImage failure(LoadedImage result, ImageErrorCode code, const QString &detail)
{
    result.frame = {};
    result.error = {code, detail};
    return result;
}

LoadedImage failure(LoadedImage result, ImageError error)
{
    result.frame = {};
    result.error = std::move(error);
    return result;
}

bool tooManyPixels(QSize size)
{
    return static_cast<std::int64_t>(size.width()) * size.height() > ImageLoader::kMaxPixels;
}

QString tooManyPixelsDetail(QSize size)
{
    return QStringLiteral("%1x%2 pixels, limit %3").arg(size.width()).arg(size.height()).arg(ImageLoader::kMaxPixels);
}

LoadedImage loadWithQt(const QByteArray &data, const ImageLoadOptions &options, Signature signature)
{
    LoadedImage result;
    result.formatName = QString::fromLatin1(signatureName(signature));
    raiseAllocationLimit();

    QBuffer buffer;
    buffer.setData(data);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setDecideFormatFromContent(true);
    if (!reader.canRead()) {
        if (signature == Signature::Unknown)
            return failure(result, ImageErrorCode::NotAnImage, QStringLiteral("no known image signature"));
        return failure(result, ImageErrorCode::UnsupportedFormat,
                       QStringLiteral("no image plugin for %1").arg(result.formatName));
    }
    result.formatName = QString::fromLatin1(reader.format()).toLower();

    const QSize headerSize = reader.size();
    if (headerSize.isValid()) {
        result.storedSize = headerSize;
        if (tooManyPixels(headerSize))
            return failure(result, ImageErrorCode::TooManyPixels, tooManyPixelsDetail(headerSize));
    }

    ImageError incomplete;
    if (signature == Signature::Png)
        incomplete = checkPngComplete(data);
    else if (signature == Signature::Gif)
        incomplete = checkGifComplete(data);
    else if (signature == Signature::Bmp)
        incomplete = checkBmpComplete(data);
    else if (signature == Signature::WebP)
        incomplete = checkRiffComplete(data);
    if (incomplete)
        return failure(result, incomplete);

    reader.setAutoTransform(options.applyExifOrientation);
    result.exifOrientation = orientationFromTransformation(reader.transformation());

    QImage image;
    if (!reader.read(&image) || image.isNull()) {
        const QString detail = QStringLiteral("%1: %2").arg(result.formatName, reader.errorString());
        switch (reader.error()) {
        case QImageReader::UnsupportedFormatError:
            return failure(result, ImageErrorCode::UnsupportedFormat, detail);
        case QImageReader::DeviceError:
            return failure(result, ImageErrorCode::ReadFailed, detail);
        default:
            return failure(result, ImageErrorCode::Corrupt, detail);
        }
    }
    if (!headerSize.isValid()) {
        // The plugin could not tell the size up front; the allocation limit bounded
        // the decode, the pixel limit still applies to what it produced.
        result.storedSize = image.size();
        if (tooManyPixels(image.size()))
            return failure(result, ImageErrorCode::TooManyPixels, tooManyPixelsDetail(image.size()));
    }
    result.frame = frameFromImage(image);
    if (!result.frame.isValid())
        return failure(result, ImageErrorCode::OutOfMemory, QStringLiteral("cannot convert the decoded image"));
    return result;
}

LoadedImage loadJpeg(const QByteArray &data, const ImageLoadOptions &options)
{
    LoadedImage result;
    result.formatName = QStringLiteral("jpeg");
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t *>(data.constData()),
                                              static_cast<std::size_t>(data.size()));
    JpegDecoder decoder;
    JpegHeader header;
    if (ImageError error = decoder.readHeader(bytes, &header))
        return failure(result, std::move(error));
    result.storedSize = QSize(header.width, header.height);
    if (tooManyPixels(result.storedSize))
        return failure(result, ImageErrorCode::TooManyPixels, tooManyPixelsDetail(result.storedSize));
    if (header.colorspace == JpegColorspace::Cmyk || header.colorspace == JpegColorspace::Ycck) {
        // TurboJPEG cannot turn CMYK into RGB; Qt's JPEG plugin knows Adobe's inverted CMYK.
        return loadWithQt(data, options, Signature::Jpeg);
    }

    result.exifOrientation = readJpegExifOrientation(bytes);
    const int orientation = options.applyExifOrientation ? result.exifOrientation : 1;
    // The minimum applies to the upright image; the decoder sees the stored one.
    QSize minimum = options.minimumSize;
    if (orientationSwapsAxes(orientation))
        minimum.transpose();

    ImageError error;
    Frame frame = decoder.decode(bytes, minimum, &error);
    if (error || !frame.isValid())
        return failure(result, error ? error : ImageError{ImageErrorCode::Corrupt, QStringLiteral("no frame")});
    result.frame = applyExifOrientation(frame, orientation);
    if (!result.frame.isValid())
        return failure(result, ImageErrorCode::OutOfMemory, QStringLiteral("cannot rotate the image"));
    return result;
}

ImageErrorCode openErrorCode(int error)
{
    switch (error) {
    case ENOENT:
    case ENOTDIR:
        return ImageErrorCode::FileNotFound;
    case EACCES:
    case EPERM:
        return ImageErrorCode::PermissionDenied;
    default:
        return ImageErrorCode::ReadFailed;
    }
}

class FdCloser
{
public:
    explicit FdCloser(int fd) : m_fd(fd) {}
    ~FdCloser() { ::close(m_fd); }
    FdCloser(const FdCloser &) = delete;
    FdCloser &operator=(const FdCloser &) = delete;

private:
    int m_fd;
};

} // namespace

LoadedImage ImageLoader::loadFile(const QString &path, const ImageLoadOptions &options)
{
    LoadedImage result;
    if (path.isEmpty())
        return failure(result, ImageErrorCode::FileNotFound, QStringLiteral("empty path"));
    const QByteArray native = QFile::encodeName(path);
    // O_NONBLOCK: a FIFO must not hang the open; it is refused below anyway.
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const int error = errno;
        return failure(result, openErrorCode(error),
                       QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(error))));
    }
    const FdCloser closer(fd);
    struct stat info{};
    if (::fstat(fd, &info) != 0) {
        const int error = errno;
        return failure(result, ImageErrorCode::ReadFailed,
                       QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(error))));
    }
    if (!S_ISREG(info.st_mode))
        return failure(result, ImageErrorCode::ReadFailed, QStringLiteral("%1: not a regular file").arg(path));
    if (info.st_size == 0)
        return failure(result, ImageErrorCode::EmptyFile, path);
    if (info.st_size > kMaxFileBytes)
        return failure(result, ImageErrorCode::FileTooLarge,
                       QStringLiteral("%1: %2 bytes, limit %3").arg(path).arg(info.st_size).arg(kMaxFileBytes));

    QByteArray data;
    try {
        data.resize(static_cast<qsizetype>(info.st_size));
    } catch (const std::bad_alloc &) {
        return failure(result, ImageErrorCode::OutOfMemory, QStringLiteral("%1: %2 bytes").arg(path).arg(info.st_size));
    }
    qsizetype got = 0;
    while (got < data.size()) {
        const ssize_t n = ::read(fd, data.data() + got, static_cast<std::size_t>(data.size() - got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const int error = errno;
            return failure(result, ImageErrorCode::ReadFailed,
                           QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(std::strerror(error))));
        }
        if (n == 0)
            break; // the file shrank since fstat
        got += n;
    }
    data.truncate(got);
    if (data.isEmpty())
        return failure(result, ImageErrorCode::EmptyFile, path);
    return loadData(data, options);
}

LoadedImage ImageLoader::loadData(const QByteArray &data, const ImageLoadOptions &options)
{
    LoadedImage result;
    if (data.isEmpty())
        return failure(result, ImageErrorCode::EmptyFile, QStringLiteral("no data"));
    if (data.size() > kMaxFileBytes)
        return failure(result, ImageErrorCode::FileTooLarge,
                       QStringLiteral("%1 bytes, limit %2").arg(data.size()).arg(kMaxFileBytes));
    const Signature signature = sniff(data);
    if (signature == Signature::Jpeg)
        return loadJpeg(data, options);
    return loadWithQt(data, options, signature);
}

LoadedImage ImageLoader::fromImage(const QImage &image)
{
    LoadedImage result;
    result.formatName = QStringLiteral("image");
    if (image.isNull())
        return failure(result, ImageErrorCode::NotAnImage, QStringLiteral("null image"));
    result.storedSize = image.size();
    if (tooManyPixels(image.size()))
        return failure(result, ImageErrorCode::TooManyPixels, tooManyPixelsDetail(image.size()));
    result.frame = frameFromImage(image);
    if (!result.frame.isValid())
        return failure(result, ImageErrorCode::OutOfMemory, QStringLiteral("cannot convert the image"));
    return result;
}

} // namespace camchat::capture
