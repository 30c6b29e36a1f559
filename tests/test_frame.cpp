#include "capture/frame.h"
#include "capture/pixelformat.h"

#include <QTest>

#include <array>
#include <memory>

using namespace camchat::capture;

Q_DECLARE_METATYPE(camchat::capture::PixelFormat)

namespace {

std::shared_ptr<const std::byte> bytes(std::size_t size)
{
    std::shared_ptr<std::byte[]> storage(new std::byte[size]());
    return std::shared_ptr<const std::byte>(storage, storage.get());
}

} // namespace

class TestFrame : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pixelFormatHelpers_data();
    void pixelFormatHelpers();
    void yuyvOddWidth();
    void allocateLayout_data();
    void allocateLayout();
    void allocateZeroedAndAligned();
    void allocateRejectsBadArguments();
    void wrapAcceptsPaddedLayout();
    void wrapRejectsBadLayouts_data();
    void wrapRejectsBadLayouts();
    void copiesShareStorage();
    void wrapKeepsOwnerAlive();
    void detachedOwnsItsPixels();
    void metadata();
};

void TestFrame::pixelFormatHelpers_data()
{
    QTest::addColumn<PixelFormat>("format");
    QTest::addColumn<int>("planes");
    QTest::addColumn<int>("bpp");
    QTest::addColumn<bool>("yuv");
    QTest::addColumn<QString>("name");
    // Width 7, height 5: odd on purpose, so rounding of the chroma planes shows.
    QTest::addColumn<int>("stride0");
    QTest::addColumn<int>("stride1");
    QTest::addColumn<int>("height1");

    QTest::newRow("nv12") << PixelFormat::Nv12 << 2 << 1 << true << QStringLiteral("NV12") << 7 << 8 << 3;
    QTest::newRow("nv16") << PixelFormat::Nv16 << 2 << 1 << true << QStringLiteral("NV16") << 7 << 8 << 5;
    QTest::newRow("nv24") << PixelFormat::Nv24 << 2 << 1 << true << QStringLiteral("NV24") << 7 << 14 << 5;
    QTest::newRow("yuyv") << PixelFormat::Yuyv << 1 << 2 << true << QStringLiteral("YUYV") << 16 << 0 << 0;
    QTest::newRow("bgr24") << PixelFormat::Bgr24 << 1 << 3 << false << QStringLiteral("BGR24") << 21 << 0 << 0;
    QTest::newRow("rgb24") << PixelFormat::Rgb24 << 1 << 3 << false << QStringLiteral("RGB24") << 21 << 0 << 0;
    QTest::newRow("xrgb") << PixelFormat::Xrgb8888 << 1 << 4 << false << QStringLiteral("XRGB8888") << 28 << 0 << 0;
    QTest::newRow("invalid") << PixelFormat::Invalid << 0 << 0 << false << QStringLiteral("invalid") << 0 << 0 << 0;
}

void TestFrame::pixelFormatHelpers()
{
    QFETCH(PixelFormat, format);
    QFETCH(int, planes);
    QFETCH(int, bpp);
    QFETCH(bool, yuv);
    QFETCH(QString, name);
    QFETCH(int, stride0);
    QFETCH(int, stride1);
    QFETCH(int, height1);

    QCOMPARE(planeCount(format), planes);
    QCOMPARE(bytesPerPixel(format), bpp);
    QCOMPARE(isYuv(format), yuv);
    const std::string_view n = formatName(format);
    QCOMPARE(QString::fromLatin1(n.data(), static_cast<qsizetype>(n.size())), name);
    if (planes == 0)
        return;
    QCOMPARE(minimumStride(format, 0, 7), stride0);
    QCOMPARE(planeHeight(format, 0, 5), 5);
    if (planes > 1) {
        QCOMPARE(minimumStride(format, 1, 7), stride1);
        QCOMPARE(planeHeight(format, 1, 5), height1);
    }
}

void TestFrame::yuyvOddWidth()
{
    // A YUYV macropixel covers two pixels; an odd width still needs the whole macropixel.
    QCOMPARE(minimumStride(PixelFormat::Yuyv, 0, 1), 4);
    QCOMPARE(minimumStride(PixelFormat::Yuyv, 0, 640), 1280);
}

void TestFrame::allocateLayout_data()
{
    QTest::addColumn<PixelFormat>("format");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("align");
    QTest::addColumn<int>("stride0");
    QTest::addColumn<int>("stride1");
    QTest::addColumn<int>("size");

    QTest::newRow("xrgb packed") << PixelFormat::Xrgb8888 << 5 << 3 << 1 << 20 << 0 << 60;
    QTest::newRow("xrgb align 64") << PixelFormat::Xrgb8888 << 5 << 3 << 64 << 64 << 0 << 192;
    QTest::newRow("bgr24 align 4") << PixelFormat::Bgr24 << 5 << 2 << 4 << 16 << 0 << 32;
    QTest::newRow("rgb24 packed") << PixelFormat::Rgb24 << 5 << 2 << 1 << 15 << 0 << 30;
    QTest::newRow("yuyv odd") << PixelFormat::Yuyv << 5 << 2 << 1 << 12 << 0 << 24;
    // NV12 5x3: Y 5x3, UV 6 bytes x 2 rows.
    QTest::newRow("nv12 odd") << PixelFormat::Nv12 << 5 << 3 << 1 << 5 << 6 << 15 + 12;
    QTest::newRow("nv12 align 16") << PixelFormat::Nv12 << 5 << 3 << 16 << 16 << 16 << 48 + 32;
    QTest::newRow("nv16") << PixelFormat::Nv16 << 4 << 3 << 1 << 4 << 4 << 12 + 12;
    QTest::newRow("nv24") << PixelFormat::Nv24 << 4 << 3 << 1 << 4 << 8 << 12 + 24;
}

void TestFrame::allocateLayout()
{
    QFETCH(PixelFormat, format);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, align);
    QFETCH(int, stride0);
    QFETCH(int, stride1);
    QFETCH(int, size);

    const Frame frame = Frame::allocate(format, width, height, align);
    QVERIFY(frame.isValid());
    QCOMPARE(frame.format(), format);
    QCOMPARE(frame.width(), width);
    QCOMPARE(frame.height(), height);
    QCOMPARE(frame.planeCount(), planeCount(format));
    QCOMPARE(frame.stride(0), stride0);
    QCOMPARE(frame.plane(0).offset, std::size_t(0));
    QCOMPARE(frame.byteSize(), std::size_t(size));
    if (frame.planeCount() == 2) {
        QCOMPARE(frame.stride(1), stride1);
        // The chroma plane follows the luma plane directly.
        QCOMPARE(frame.plane(1).offset, std::size_t(stride0) * std::size_t(height));
        QCOMPARE(frame.constBits(1), frame.constBits(0) + frame.plane(1).offset);
    }
    QCOMPARE(frame.constBits(frame.planeCount()), nullptr);
    QCOMPARE(frame.constBits(-1), nullptr);
}

void TestFrame::allocateZeroedAndAligned()
{
    const Frame frame = Frame::allocate(PixelFormat::Nv12, 33, 17, 32);
    QVERIFY(frame.isValid());
    for (int p = 0; p < frame.planeCount(); ++p)
        QCOMPARE(frame.stride(p) % 32, 0);
    const std::uint8_t *bytes = frame.constBits(0);
    for (std::size_t i = 0; i < frame.byteSize(); ++i)
        QCOMPARE(bytes[i], std::uint8_t(0));
}

void TestFrame::allocateRejectsBadArguments()
{
    QVERIFY(!Frame::allocate(PixelFormat::Invalid, 4, 4).isValid());
    QVERIFY(!Frame::allocate(PixelFormat::Xrgb8888, 0, 4).isValid());
    QVERIFY(!Frame::allocate(PixelFormat::Xrgb8888, 4, 0).isValid());
    QVERIFY(!Frame::allocate(PixelFormat::Xrgb8888, -4, 4).isValid());
    QVERIFY(!Frame::allocate(PixelFormat::Xrgb8888, 4, 4, 0).isValid());
    QVERIFY(!Frame().isValid());
    QCOMPARE(Frame().constBits(), nullptr);
}

void TestFrame::wrapAcceptsPaddedLayout()
{
    // NV12 640x480 as a driver might lay it out: 704-byte rows, chroma at a 4 KiB boundary.
    const std::size_t uvOffset = 704 * 480 + 4096 - (704 * 480) % 4096;
    const std::size_t size = uvOffset + 704 * 240;
    const std::array<FramePlane, 2> planes{{{0, 704}, {uvOffset, 704}}};
    const auto data = bytes(size);
    const Frame frame = Frame::wrap(PixelFormat::Nv12, 640, 480, planes, data, size);
    QVERIFY(frame.isValid());
    QCOMPARE(frame.stride(0), 704);
    QCOMPARE(frame.stride(1), 704);
    QCOMPARE(frame.plane(1).offset, uvOffset);
    QCOMPARE(static_cast<const void *>(frame.constBits(0)), static_cast<const void *>(data.get()));
    QCOMPARE(static_cast<const void *>(frame.constBits(1)), static_cast<const void *>(data.get() + uvOffset));
}

void TestFrame::wrapRejectsBadLayouts_data()
{
    QTest::addColumn<PixelFormat>("format");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("planes"); // how many of the layout entries to pass
    QTest::addColumn<int>("stride0");
    QTest::addColumn<int>("offset1");
    QTest::addColumn<int>("stride1");
    QTest::addColumn<int>("size");
    QTest::addColumn<bool>("valid");

    QTest::newRow("xrgb exact") << PixelFormat::Xrgb8888 << 4 << 2 << 1 << 16 << 0 << 0 << 32 << true;
    QTest::newRow("xrgb one byte short") << PixelFormat::Xrgb8888 << 4 << 2 << 1 << 16 << 0 << 0 << 31 << false;
    QTest::newRow("xrgb stride too small") << PixelFormat::Xrgb8888 << 4 << 2 << 1 << 15 << 0 << 0 << 64 << false;
    QTest::newRow("xrgb negative stride") << PixelFormat::Xrgb8888 << 4 << 2 << 1 << -16 << 0 << 0 << 64 << false;
    QTest::newRow("xrgb padded overrun") << PixelFormat::Xrgb8888 << 4 << 2 << 1 << 32 << 0 << 0 << 48 << false;
    QTest::newRow("yuyv odd stride short") << PixelFormat::Yuyv << 3 << 2 << 1 << 6 << 0 << 0 << 64 << false;
    QTest::newRow("nv12 exact") << PixelFormat::Nv12 << 4 << 4 << 2 << 4 << 16 << 4 << 24 << true;
    QTest::newRow("nv12 chroma overrun") << PixelFormat::Nv12 << 4 << 4 << 2 << 4 << 17 << 4 << 24 << false;
    QTest::newRow("nv12 chroma stride short") << PixelFormat::Nv12 << 4 << 4 << 2 << 4 << 16 << 3 << 64 << false;
    QTest::newRow("nv12 one plane only") << PixelFormat::Nv12 << 4 << 4 << 1 << 4 << 0 << 0 << 64 << false;
    QTest::newRow("xrgb two planes") << PixelFormat::Xrgb8888 << 4 << 2 << 2 << 16 << 32 << 16 << 128 << false;
    QTest::newRow("nv24 chroma stride short") << PixelFormat::Nv24 << 4 << 2 << 2 << 4 << 8 << 7 << 64 << false;
    QTest::newRow("zero width") << PixelFormat::Xrgb8888 << 0 << 2 << 1 << 16 << 0 << 0 << 64 << false;
    QTest::newRow("invalid format") << PixelFormat::Invalid << 4 << 2 << 1 << 16 << 0 << 0 << 64 << false;
}

void TestFrame::wrapRejectsBadLayouts()
{
    QFETCH(PixelFormat, format);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, planes);
    QFETCH(int, stride0);
    QFETCH(int, offset1);
    QFETCH(int, stride1);
    QFETCH(int, size);
    QFETCH(bool, valid);

    const std::array<FramePlane, 2> layout{{{0, stride0}, {std::size_t(offset1), stride1}}};
    const Frame frame = Frame::wrap(format, width, height, std::span(layout.data(), std::size_t(planes)),
                                    bytes(std::size_t(size)), std::size_t(size));
    QCOMPARE(frame.isValid(), valid);
}

void TestFrame::copiesShareStorage()
{
    Frame original = Frame::allocate(PixelFormat::Xrgb8888, 8, 8);
    original.bits(0)[0] = 42;
    const Frame copy = original; // NOLINT(performance-unnecessary-copy-initialization)
    QCOMPARE(copy.constBits(0), original.constBits(0));
    QCOMPARE(copy.constBits(0)[0], std::uint8_t(42));
    // The producer's later write (before publishing) is visible through every copy:
    // the pixels are shared, not copied.
    original.bits(0)[1] = 7;
    QCOMPARE(copy.constBits(0)[1], std::uint8_t(7));

    Frame moved = std::move(original);
    QCOMPARE(moved.constBits(0), copy.constBits(0));
}

void TestFrame::wrapKeepsOwnerAlive()
{
    std::weak_ptr<const std::byte> watch;
    Frame outer;
    {
        auto data = bytes(64);
        watch = data;
        const FramePlane plane{0, 16};
        const Frame inner = Frame::wrap(PixelFormat::Xrgb8888, 4, 4, std::span(&plane, 1), data, 64);
        QVERIFY(inner.isValid());
        outer = inner;
    }
    // Only the frame copy holds the storage now.
    QVERIFY(!watch.expired());
    outer = Frame();
    QVERIFY(watch.expired());

    // A refused wrap does not hold on to the storage either.
    {
        auto data = bytes(8);
        watch = data;
        const FramePlane plane{0, 16};
        const Frame bad = Frame::wrap(PixelFormat::Xrgb8888, 4, 4, std::span(&plane, 1), data, 8);
        QVERIFY(!bad.isValid());
    }
    QVERIFY(watch.expired());
}

// A detached copy lets go of the producer's storage (a driver buffer) and keeps the
// picture and its metadata; padded rows come out tightly packed.
void TestFrame::detachedOwnsItsPixels()
{
    std::weak_ptr<const std::byte> watch;
    Frame copy;
    {
        // NV12 4x4 with 8-byte strides: luma rows at 0, chroma rows at 32.
        auto data = bytes(48);
        auto *raw = const_cast<std::byte *>(data.get());
        for (int i = 0; i < 48; ++i)
            raw[i] = std::byte(i);
        watch = data;
        const std::array<FramePlane, 2> planes{FramePlane{0, 8}, FramePlane{32, 8}};
        Frame wrapped = Frame::wrap(PixelFormat::Nv12, 4, 4, planes, data, 48);
        QVERIFY(wrapped.isValid());
        wrapped.setSequence(7);
        wrapped.setTimestampNs(1234);
        wrapped.setSourceName(QStringLiteral("cam"));
        wrapped.setYuvEncoding(YuvMatrix::Bt709, YuvRange::Full);
        wrapped.setDmabufFd(5);
        copy = wrapped.detached();
    }
    QVERIFY(watch.expired());
    QVERIFY(copy.isValid());
    QCOMPARE(copy.format(), PixelFormat::Nv12);
    QCOMPARE(copy.width(), 4);
    QCOMPARE(copy.height(), 4);
    QCOMPARE(copy.stride(0), 4);
    for (int y = 0; y < 4; ++y) {
        for (int x = 0; x < 4; ++x)
            QCOMPARE(int(copy.constBits(0)[y * copy.stride(0) + x]), y * 8 + x);
    }
    for (int y = 0; y < 2; ++y) {
        for (int x = 0; x < 4; ++x)
            QCOMPARE(int(copy.constBits(1)[y * copy.stride(1) + x]), 32 + y * 8 + x);
    }
    QCOMPARE(copy.sequence(), 7u);
    QCOMPARE(copy.timestampNs(), 1234);
    QCOMPARE(copy.sourceName(), QStringLiteral("cam"));
    QCOMPARE(copy.yuvMatrix(), YuvMatrix::Bt709);
    QCOMPARE(copy.yuvRange(), YuvRange::Full);
    QCOMPARE(copy.dmabufFd(), -1);
    QVERIFY(!Frame().detached().isValid());
}

void TestFrame::metadata()
{
    Frame frame = Frame::allocate(PixelFormat::Nv12, 4, 4);
    QCOMPARE(frame.sequence(), std::uint64_t(0));
    QCOMPARE(frame.dmabufFd(), -1);
    QCOMPARE(frame.yuvMatrix(), YuvMatrix::Bt601);
    QCOMPARE(frame.yuvRange(), YuvRange::Limited);
    frame.setSequence(99);
    frame.setTimestampNs(123456789);
    frame.setSourceName(QStringLiteral("cam0"));
    frame.setYuvEncoding(YuvMatrix::Bt709, YuvRange::Full);
    const Frame copy = frame;
    QCOMPARE(copy.sequence(), std::uint64_t(99));
    QCOMPARE(copy.timestampNs(), std::int64_t(123456789));
    QCOMPARE(copy.sourceName(), QStringLiteral("cam0"));
    QCOMPARE(copy.yuvMatrix(), YuvMatrix::Bt709);
    QCOMPARE(copy.yuvRange(), YuvRange::Full);

    const std::int64_t a = monotonicNowNs();
    const std::int64_t b = monotonicNowNs();
    QVERIFY(a > 0);
    QVERIFY(b >= a);
}

QTEST_GUILESS_MAIN(TestFrame)
#include "test_frame.moc"
