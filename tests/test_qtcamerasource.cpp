// QtCameraSource without a camera: frame wrapping on synthesized QVideoFrames, the format
// choice on plain candidates, and a null device failing cleanly.
#include "capture/qt/qtcamerasource.h"

#include "capture/framemailbox.h"

#include <QSignalSpy>
#include <QTest>
#include <QVideoFrame>
#include <QVideoFrameFormat>

#include <cstdlib>
#include <cstring>
#include <utility>

using camchat::capture::Frame;
using camchat::capture::FrameSource;
using camchat::capture::PixelFormat;
using camchat::capture::QtCameraSource;

namespace {

std::uint8_t patternByte(int plane, int x, int y)
{
    return static_cast<std::uint8_t>((x * 7 + y * 13 + plane * 101) & 0xff);
}

// A frame of `format` whose byte (x, y) of each plane is patternByte(plane, x, y).
QVideoFrame patternVideoFrame(QVideoFrameFormat::PixelFormat format, QSize size)
{
    QVideoFrame frame{QVideoFrameFormat(size, format)};
    if (!frame.map(QVideoFrame::WriteOnly))
        return {};
    for (int p = 0; p < frame.planeCount(); ++p) {
        const int stride = frame.bytesPerLine(p);
        const int rows = frame.mappedBytes(p) / stride;
        for (int y = 0; y < rows; ++y) {
            for (int x = 0; x < stride; ++x)
                frame.bits(p)[y * stride + x] = patternByte(p, x, y);
        }
    }
    frame.unmap();
    return frame;
}

// Checks every visible byte of `plane` against the pattern.
bool planeMatches(const Frame &frame, int plane, int rowBytes, int rows, int sourcePlane)
{
    for (int y = 0; y < rows; ++y) {
        const std::uint8_t *row = frame.constBits(plane) + static_cast<std::ptrdiff_t>(y) * frame.stride(plane);
        for (int x = 0; x < rowBytes; ++x) {
            if (row[x] != patternByte(sourcePlane, x, y)) {
                qWarning("plane %d differs at byte %d, row %d: %d != %d", plane, x, y, row[x],
                         patternByte(sourcePlane, x, y));
                return false;
            }
        }
    }
    return true;
}

} // namespace

Q_DECLARE_METATYPE(QtCameraSource::FormatCandidate)

class TestQtCameraSource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nv12IsWrappedWithItsStrides()
    {
        const QVideoFrame video = patternVideoFrame(QVideoFrameFormat::Format_NV12, QSize(64, 48));
        QVERIFY(video.isValid());
        const Frame frame = QtCameraSource::toFrame(video);
        QVERIFY(frame.isValid());
        QCOMPARE(frame.format(), PixelFormat::Nv12);
        QCOMPARE(frame.width(), 64);
        QCOMPARE(frame.height(), 48);
        QCOMPARE(frame.planeCount(), 2);
        QCOMPARE(frame.stride(0), video.bytesPerLine(0));
        QCOMPARE(frame.stride(1), video.bytesPerLine(1));
        QVERIFY(planeMatches(frame, 0, 64, 48, 0));
        QVERIFY(planeMatches(frame, 1, 64, 24, 1));
        // Shared, not copied: the frame points into the video frame's own memory.
        QVideoFrame mapped(video);
        QVERIFY(mapped.map(QVideoFrame::ReadOnly));
        const uchar *luma = std::as_const(mapped).bits(0);
        const uchar *chroma = std::as_const(mapped).bits(1);
        mapped.unmap();
        QCOMPARE(static_cast<const void *>(frame.constBits(0)), static_cast<const void *>(luma));
        QCOMPARE(static_cast<const void *>(frame.constBits(1)), static_cast<const void *>(chroma));
    }

    void nv12ColorimetryFollowsTheFormat()
    {
        QVideoFrameFormat format(QSize(32, 16), QVideoFrameFormat::Format_NV12);
        format.setColorSpace(QVideoFrameFormat::ColorSpace_BT709);
        format.setColorRange(QVideoFrameFormat::ColorRange_Full);
        QVideoFrame video(format);
        QVERIFY(video.map(QVideoFrame::WriteOnly));
        video.unmap();
        const Frame frame = QtCameraSource::toFrame(video);
        QVERIFY(frame.isValid());
        QCOMPARE(frame.yuvMatrix(), camchat::capture::YuvMatrix::Bt709);
        QCOMPARE(frame.yuvRange(), camchat::capture::YuvRange::Full);
    }

    void yuyvIsWrapped()
    {
        const QVideoFrame video = patternVideoFrame(QVideoFrameFormat::Format_YUYV, QSize(40, 30));
        const Frame frame = QtCameraSource::toFrame(video);
        QVERIFY(frame.isValid());
        QCOMPARE(frame.format(), PixelFormat::Yuyv);
        QCOMPARE(frame.width(), 40);
        QCOMPARE(frame.height(), 30);
        QCOMPARE(frame.stride(0), video.bytesPerLine(0));
        QVERIFY(planeMatches(frame, 0, 80, 30, 0));
    }

    void bgrxIsXrgb8888()
    {
        for (const auto format : {QVideoFrameFormat::Format_BGRX8888, QVideoFrameFormat::Format_BGRA8888}) {
            const QVideoFrame video = patternVideoFrame(format, QSize(33, 17));
            const Frame frame = QtCameraSource::toFrame(video);
            QVERIFY(frame.isValid());
            QCOMPARE(frame.format(), PixelFormat::Xrgb8888);
            QCOMPARE(frame.width(), 33);
            QCOMPARE(frame.stride(0), video.bytesPerLine(0));
            QVERIFY(planeMatches(frame, 0, 33 * 4, 17, 0));
        }
    }

    void rgbxIsSwizzled()
    {
        const QVideoFrame video = patternVideoFrame(QVideoFrameFormat::Format_RGBX8888, QSize(21, 11));
        const Frame frame = QtCameraSource::toFrame(video);
        QVERIFY(frame.isValid());
        QCOMPARE(frame.format(), PixelFormat::Xrgb8888);
        QCOMPARE(frame.width(), 21);
        QCOMPARE(frame.height(), 11);
        for (int y = 0; y < 11; ++y) {
            const std::uint8_t *row = frame.constBits() + static_cast<std::ptrdiff_t>(y) * frame.stride(0);
            for (int x = 0; x < 21; ++x) {
                QCOMPARE(row[4 * x + 0], patternByte(0, 4 * x + 2, y)); // B from byte 2
                QCOMPARE(row[4 * x + 1], patternByte(0, 4 * x + 1, y)); // G
                QCOMPARE(row[4 * x + 2], patternByte(0, 4 * x + 0, y)); // R from byte 0
            }
        }
    }

    void otherFormatsGoThroughToImage()
    {
        // UYVY with a flat grey: Y = 128 everywhere, U = V = 128 -> mid grey in RGB.
        QVideoFrame video{QVideoFrameFormat(QSize(16, 8), QVideoFrameFormat::Format_UYVY)};
        QVERIFY(video.map(QVideoFrame::WriteOnly));
        std::memset(video.bits(0), 128, static_cast<std::size_t>(video.mappedBytes(0)));
        video.unmap();
        const Frame frame = QtCameraSource::toFrame(video);
        QVERIFY(frame.isValid());
        QCOMPARE(frame.format(), PixelFormat::Xrgb8888);
        QCOMPARE(frame.width(), 16);
        QCOMPARE(frame.height(), 8);
        const std::uint8_t *pixel = frame.constBits() + 3 * frame.stride(0) + 4 * 5;
        for (int c = 0; c < 3; ++c)
            QVERIFY2(std::abs(int(pixel[c]) - 130) <= 12, qPrintable(QString::number(pixel[c])));
    }

    void invalidFrameGivesInvalid()
    {
        QVERIFY(!QtCameraSource::toFrame(QVideoFrame()).isValid());
    }

    void preferredChoice_data()
    {
        using C = QtCameraSource::FormatCandidate;
        QTest::addColumn<QList<C>>("candidates");
        QTest::addColumn<qsizetype>("expected");
        const auto nv12 = QVideoFrameFormat::Format_NV12;
        const auto yuyv = QVideoFrameFormat::Format_YUYV;
        const auto jpeg = QVideoFrameFormat::Format_Jpeg;
        QTest::newRow("empty") << QList<C>{} << qsizetype(-1);
        QTest::newRow("largest at 25 fps or more, not above 1080p")
            << QList<C>{{QSize(640, 480), 30, yuyv}, {QSize(3840, 2160), 30, jpeg},
                        {QSize(1920, 1080), 30, jpeg}, {QSize(1920, 1080), 5, yuyv}, {QSize(1280, 720), 30, nv12}}
            << qsizetype(2);
        QTest::newRow("raw beats JPEG at the same size and rate")
            << QList<C>{{QSize(1280, 720), 30, jpeg}, {QSize(1280, 720), 30, nv12}} << qsizetype(1);
        QTest::newRow("nothing fast enough: the largest")
            << QList<C>{{QSize(640, 480), 15, yuyv}, {QSize(1920, 1080), 5, yuyv}, {QSize(1280, 720), 10, yuyv}}
            << qsizetype(1);
        QTest::newRow("only above 1080p: the smallest of them")
            << QList<C>{{QSize(3840, 2160), 30, jpeg}, {QSize(2560, 1440), 30, jpeg}} << qsizetype(1);
    }
    void preferredChoice()
    {
        QFETCH(QList<QtCameraSource::FormatCandidate>, candidates);
        QFETCH(qsizetype, expected);
        QCOMPARE(QtCameraSource::preferredIndex(candidates), expected);
    }

    void preferredFormatOfNothingIsNull()
    {
        QVERIFY(QtCameraSource::preferredFormat({}).isNull());
    }

    void nullDeviceFailsWithDetail()
    {
        camchat::capture::FrameMailbox mailbox;
        QtCameraSource source{QCameraDevice()};
        source.setMailbox(&mailbox);
        QSignalSpy states(&source, &FrameSource::stateChanged);
        source.start();
        QCOMPARE(source.state(), FrameSource::State::Error);
        QVERIFY(!source.errorDetail().isEmpty());
        QVERIFY(!states.isEmpty());
        QCOMPARE(states.constLast().at(0).value<FrameSource::State>(), FrameSource::State::Error);
        QVERIFY(source.currentFormat().pixelFormat.isEmpty());
        source.stop();
        QCOMPARE(source.state(), FrameSource::State::Error);
        QVERIFY(!mailbox.take().has_value());
    }
};

QTEST_MAIN(TestQtCameraSource)
#include "test_qtcamerasource.moc"
