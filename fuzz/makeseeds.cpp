// makeseeds DIR: writes the fuzzers' seed images: one small picture in every format
// ImageLoader takes (JPEG, PNG, WebP, BMP, TIFF, GIF) and a JPEG with an EXIF orientation.
#include <QBuffer>
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QPainter>

#include <cstdio>

namespace {

QImage picture(QImage::Format format)
{
    QImage image(13, 7, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, qRgb(x * 19, y * 36, (x ^ y) * 16));
    }
    return image.convertToFormat(format);
}

bool write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray encode(const QImage &image, const char *format, int quality = -1)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format, quality);
    return bytes;
}

// A JPEG with an APP1 EXIF segment whose IFD0 holds Orientation = 6 (rotate 90° clockwise).
QByteArray withExifOrientation(const QByteArray &jpeg)
{
    const char tiff[] = {'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD0 at 8
                         0, 1,                         // one entry
                         0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, // Orientation, SHORT, 1, 6
                         0, 0, 0, 0};                  // no next IFD
    QByteArray app1 = QByteArray("Exif\0\0", 6) + QByteArray(tiff, sizeof tiff);
    const int length = int(app1.size()) + 2;
    QByteArray segment("\xff\xe1", 2);
    segment.append(char(length >> 8)).append(char(length & 0xff)).append(app1);
    return jpeg.left(2) + segment + jpeg.mid(2);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: makeseeds DIR\n");
        return 2;
    }
    const QDir dir(QString::fromLocal8Bit(argv[1]));
    if (!QDir().mkpath(dir.path()))
        return 1;
    const QImage rgb = picture(QImage::Format_RGB32);
    const QByteArray jpeg = encode(rgb, "JPEG", 80);
    bool ok = write(dir.filePath(QStringLiteral("rgb.jpg")), jpeg);
    ok = write(dir.filePath(QStringLiteral("exif-orientation-6.jpg")), withExifOrientation(jpeg)) && ok;
    ok = write(dir.filePath(QStringLiteral("grey.jpg")), encode(picture(QImage::Format_Grayscale8), "JPEG", 60)) && ok;
    ok = write(dir.filePath(QStringLiteral("rgb.png")), encode(rgb, "PNG")) && ok;
    ok = write(dir.filePath(QStringLiteral("alpha.png")), encode(picture(QImage::Format_ARGB32), "PNG")) && ok;
    ok = write(dir.filePath(QStringLiteral("indexed.png")), encode(picture(QImage::Format_Indexed8), "PNG")) && ok;
    ok = write(dir.filePath(QStringLiteral("rgb.bmp")), encode(rgb, "BMP")) && ok;
    ok = write(dir.filePath(QStringLiteral("indexed.bmp")), encode(picture(QImage::Format_Indexed8), "BMP")) && ok;
    // WebP, TIFF and GIF come from Qt's image format plugins; a missing one is skipped.
    for (const char *format : {"WEBP", "TIFF", "GIF"}) {
        const QByteArray bytes = encode(rgb, format);
        if (!bytes.isEmpty())
            ok = write(dir.filePath(QStringLiteral("rgb.") + QString::fromLatin1(format).toLower()), bytes) && ok;
    }
    return ok ? 0 : 1;
}
