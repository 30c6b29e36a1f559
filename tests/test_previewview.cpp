#include "widgettest.h"
#include "fakev4l2.h"
#include "ui/errortext.h"
#include "ui/previewview.h"

#include "capture/frameconvert.h"
#include "capture/framesource.h"
#include "capture/v4l2/v4l2source.h"

#include <QImage>
#include <QSignalSpy>
#include <QtTest>

#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>

using camchat::capture::Frame;
using camchat::capture::FrameSource;
using camchat::capture::PixelFormat;
using camchat::capture::V4l2Source;
using camchat::capture::V4l2SourceOptions;
using camchat::capture::test::FakeV4l2Io;
using camchat::ui::PreviewView;

namespace {

// A source the test drives by hand: frames are published from the test thread.
class ManualSource : public FrameSource
{
public:
    void start() override { setState(State::Streaming); }
    void stop() override { setState(State::Stopped); }
    State state() const override { return m_state; }
    QString errorDetail() const override { return QStringLiteral("VIDIOC_DQBUF: Input/output error"); }
    QString sourceId() const override { return QStringLiteral("/dev/video7"); }
    camchat::capture::SourceFormat currentFormat() const override
    {
        return {QStringLiteral("YUYV"), m_size.width(), m_size.height(), 30};
    }
    bool isHdmiInput() const override { return m_hdmi; }
    void setMinimumDecodeSize(QSize size) override
    {
        const std::lock_guard lock(m_mutex);
        m_decodeSize = size;
        ++m_decodeSizeCalls;
    }

    void setState(State state)
    {
        m_state = state;
        Q_EMIT stateChanged(state);
    }
    void publish(const Frame &frame) { publishFrame(frame); }
    void reject() { countRejectedFrame(); }
    QSize decodeSize() const
    {
        const std::lock_guard lock(m_mutex);
        return m_decodeSize;
    }

    QSize m_size{320, 240};
    bool m_hdmi = false;

private:
    std::atomic<State> m_state{State::Stopped};
    mutable std::mutex m_mutex;
    QSize m_decodeSize;
    int m_decodeSizeCalls = 0;
};

Frame solidFrame(QSize size, QRgb colour, std::uint64_t sequence = 0)
{
    Frame frame = Frame::allocate(PixelFormat::Xrgb8888, size.width(), size.height());
    for (int y = 0; y < size.height(); ++y) {
        auto *row = reinterpret_cast<std::uint32_t *>(frame.bits() + std::ptrdiff_t(y) * frame.stride(0));
        for (int x = 0; x < size.width(); ++x)
            row[x] = colour | 0xff000000u;
    }
    frame.setSequence(sequence);
    return frame;
}

bool near(QRgb a, QRgb b, int tolerance)
{
    return std::abs(qRed(a) - qRed(b)) <= tolerance && std::abs(qGreen(a) - qGreen(b)) <= tolerance
        && std::abs(qBlue(a) - qBlue(b)) <= tolerance;
}

QImage grabImage(QWidget &widget)
{
    return widget.grab().toImage().convertToFormat(QImage::Format_RGB32);
}

} // namespace

class TestPreviewView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void paintsFramesOfFakeHdmiSource();
    void noSignalTextForHdmiWithoutSignal();
    void dvReceiverNewTimingsAndNoSignal();
    void statesInWords();
    void v4l2ErrorsInWords();
    void overlayToggles();
    void repaintsAreCoalesced();
    void droppedCountsRejectedFrames();
    void passesMinimumDecodeSize();
    void snapshotInsetShownAndRemoved();
    void backToStillImage();
};

void TestPreviewView::paintsFramesOfFakeHdmiSource()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addHdmiReceiver("/dev/video0");
    io->setHdmiSignal("/dev/video0", V4L2_PIX_FMT_BGR24, 640, 480, 60);
    V4l2SourceOptions options;
    options.devicePath = "/dev/video0";
    options.io = io;
    V4l2Source source(options);

    PreviewView view;
    view.resize(664, 504); // room for exactly 640 x 480 inside the margins
    view.setOverlayVisible(false);
    QVERIFY(camchat::test::showWindow(&view));
    QSignalSpy painted(&view, &PreviewView::liveFramePainted);
    view.setLiveSource(&source);
    QVERIFY(view.isLive());
    QCOMPARE(view.liveSource(), &source);
    source.start();

    QTRY_VERIFY_WITH_TIMEOUT(painted.count() >= 3, 5000);
    QTRY_VERIFY(view.displayedFps() > 5);
    const QRect picture = view.imageRect();
    QVERIFY(!picture.isEmpty());
    QCOMPARE(picture.width() * 3, picture.height() * 4);

    const Frame latest = view.latestFrame();
    QVERIFY(latest.isValid());
    QCOMPARE(latest.width(), 640);
    QCOMPARE(latest.format(), PixelFormat::Bgr24);

    // The picture area shows the fake's pattern, converted at the drawn size.
    const QImage shot = grabImage(view);
    const qreal dpr = view.devicePixelRatioF();
    const QSize devicePixels = (QSizeF(picture.size()) * dpr).toSize();
    const Frame expected = camchat::capture::convertForDisplay(
        camchat::capture::test::fakePatternFrame(PixelFormat::Bgr24, 640, 480), devicePixels);
    QVERIFY(expected.isValid());
    const QImage reference(expected.constBits(), expected.width(), expected.height(), expected.stride(0),
                           QImage::Format_RGB32);
    int matching = 0;
    int checked = 0;
    for (int y = picture.height() / 8; y < picture.height(); y += picture.height() / 4) {
        for (int x = picture.width() / 8; x < picture.width(); x += picture.width() / 4) {
            ++checked;
            const QRgb got = shot.pixel((picture.topLeft() + QPoint(x, y)) * dpr);
            const QRgb want = reference.pixel(QPoint(x, y) * dpr);
            if (near(got, want, 12))
                ++matching;
        }
    }
    QVERIFY2(matching == checked, qPrintable(QStringLiteral("%1 of %2 pixels match").arg(matching).arg(checked)));
    // Outside the picture: the dark backdrop.
    QVERIFY(qGray(shot.pixel(2, 2)) < 40);

    source.stop();
    view.setLiveSource(nullptr);
    QVERIFY(!view.isLive());
}

// A receiver like vivid's HDMI input: the preview follows the source to new timings
// (another size and shape), and without a signal shows the words, not the noise the
// driver keeps sending.
void TestPreviewView::dvReceiverNewTimingsAndNoSignal()
{
    auto io = std::make_shared<FakeV4l2Io>();
    FakeV4l2Io::DvReceiverOptions dv;
    dv.initial = {V4L2_PIX_FMT_NV12, 640, 360, 30};
    io->addDvReceiver("/dev/video3", dv);
    V4l2SourceOptions options;
    options.devicePath = "/dev/video3";
    options.io = io;
    V4l2Source source(options);

    PreviewView view;
    view.setOverlayVisible(false);
    QVERIFY(camchat::test::showWindow(&view, QSize(664, 504)));
    QSignalSpy painted(&view, &PreviewView::liveFramePainted);
    view.setLiveSource(&source);
    source.start();
    QTRY_VERIFY_WITH_TIMEOUT(painted.count() >= 2, 5000);
    QCOMPARE(view.latestFrame().width(), 640);
    QCOMPARE(view.latestFrame().height(), 360);
    QRect picture = view.imageRect();
    QVERIFY(!picture.isEmpty());
    QVERIFY2(std::abs(picture.width() * 9 - picture.height() * 16) <= 16, qPrintable(QStringLiteral("%1x%2").arg(picture.width()).arg(picture.height())));

    io->setHdmiSignal("/dev/video3", V4L2_PIX_FMT_NV12, 640, 480, 30);
    QTRY_COMPARE_WITH_TIMEOUT(view.latestFrame().height(), 480, 5000);
    const int before = int(painted.count());
    QTRY_VERIFY(painted.count() > before);
    picture = view.imageRect();
    QCOMPARE(picture.width() * 3, picture.height() * 4);
    QCOMPARE(view.latestFrame().format(), PixelFormat::Nv12);

    io->setHdmiNoSignal("/dev/video3", ENOLINK);
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), FrameSource::State::NoSignal, 5000);
    QTRY_COMPARE(view.statusText(), QStringLiteral("No signal on the HDMI input — check the cable and the source"));
    QVERIFY(view.imageRect().isEmpty());
    source.stop();
    view.setLiveSource(nullptr);
}

void TestPreviewView::noSignalTextForHdmiWithoutSignal()
{
    auto io = std::make_shared<FakeV4l2Io>();
    io->addHdmiReceiver("/dev/video0");
    V4l2SourceOptions options;
    options.devicePath = "/dev/video0";
    options.io = io;
    V4l2Source source(options);

    PreviewView view;
    QVERIFY(camchat::test::showWindow(&view, QSize(640, 400)));
    view.setLiveSource(&source);
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), FrameSource::State::NoSignal, 5000);
    QTRY_VERIFY(view.statusText().contains(QStringLiteral("No signal on the HDMI input")));
    QCOMPARE(view.statusText(), QStringLiteral("No signal on the HDMI input — check the cable and the source"));
    QVERIFY(view.imageRect().isEmpty());

    // Dark everywhere but for the words in the middle.
    const QImage shot = grabImage(view);
    int bright = 0;
    for (int y = shot.height() / 3; y < shot.height() * 2 / 3; ++y) {
        for (int x = 0; x < shot.width(); ++x)
            bright += qGray(shot.pixel(x, y)) > 150 ? 1 : 0;
    }
    QVERIFY2(bright > 50, "no text in the middle");
    QVERIFY(qGray(shot.pixel(3, 3)) < 40);
    QVERIFY(qGray(shot.pixel(shot.width() - 3, shot.height() - 3)) < 40);
    source.stop();
}

void TestPreviewView::v4l2ErrorsInWords()
{
    using camchat::capture::V4l2Error;
    using camchat::ui::describeV4l2Error;
    const QString device = QStringLiteral("/dev/video7");
    QVERIFY(describeV4l2Error(V4l2Error::None, {device, {}, false, 0}).isEmpty());
    // One sentence for every reason, for a live source and for a one-shot grab; each names
    // the device, except the HDMI no-signal sentence, which talks about the cable.
    for (const V4l2Error error : {V4l2Error::DeviceMissing, V4l2Error::PermissionDenied, V4l2Error::Busy,
                                  V4l2Error::NotCapture, V4l2Error::UnsupportedFormat, V4l2Error::NoSignal,
                                  V4l2Error::Unplugged, V4l2Error::Failed}) {
        for (const double waited : {0.0, 2.5}) {
            const QString text = describeV4l2Error(error, {device, QStringLiteral("EIO"), false, waited});
            QVERIFY2(text.contains(device), qPrintable(text));
            QVERIFY(text != describeV4l2Error(V4l2Error::Failed, {device, QStringLiteral("EIO"), false, waited})
                    || error == V4l2Error::Failed);
        }
    }
    QCOMPARE(describeV4l2Error(V4l2Error::NoSignal, {device, {}, true, 0.25}),
             QStringLiteral("No signal on the HDMI input within 0.25 s — check the cable and the source."));
    QCOMPARE(describeV4l2Error(V4l2Error::Failed, {device, QStringLiteral("EIO"), false, 0}),
             QStringLiteral("Cannot capture from /dev/video7: EIO"));
    // The window words a V4L2 source's error with the same table.
    QCOMPARE(camchat::ui::describeSourceState(FrameSource::State::Error, false, device, {}, V4l2Error::Busy),
             describeV4l2Error(V4l2Error::Busy, {device, {}, false, 0}));
}

void TestPreviewView::statesInWords()
{
    ManualSource source;
    PreviewView view;
    view.setLiveSource(&source);
    view.setLiveSourceName(QStringLiteral("USB Camera"));
    using State = FrameSource::State;

    source.setState(State::NoSignal);
    QVERIFY(view.statusText().contains(QStringLiteral("USB Camera")));
    QVERIFY(!view.statusText().contains(QStringLiteral("HDMI")));
    source.setState(State::DeviceGone);
    QVERIFY(view.statusText().contains(QStringLiteral("unplugged")));
    source.setState(State::Starting);
    QCOMPARE(view.statusText(), camchat::ui::describeSourceState(State::Starting, false, QStringLiteral("USB Camera"), {}));
    source.setState(State::Error);
    QCOMPARE(view.statusText(), QStringLiteral("Cannot capture from USB Camera: VIDIOC_DQBUF: Input/output error"));
    source.m_hdmi = true;
    source.setState(State::NoSignal);
    QCOMPARE(view.statusText(), QStringLiteral("No signal on the HDMI input — check the cable and the source"));
    source.setState(State::Streaming);
    QVERIFY(view.statusText().isEmpty());
    view.setLiveSource(nullptr);
}

void TestPreviewView::overlayToggles()
{
    ManualSource source;
    PreviewView view;
    view.resize(344, 264); // the 320 x 240 picture fills the area inside the margins
    QVERIFY(camchat::test::showWindow(&view));
    view.setLiveSource(&source);
    source.start();
    QSignalSpy painted(&view, &PreviewView::liveFramePainted);
    const QRgb green = qRgb(40, 200, 60);
    source.publish(solidFrame({320, 240}, green, 1));
    QTRY_VERIFY(painted.count() >= 1);
    QVERIFY(view.isOverlayVisible());

    const QRect picture = view.imageRect();
    QVERIFY(!picture.isEmpty());
    // The overlay box sits in the top-left corner of the picture.
    const QPoint inOverlay = picture.topLeft() + QPoint(14, 14);
    const QPoint elsewhere = picture.center() + QPoint(0, picture.height() / 4);
    QImage shot = grabImage(view);
    const qreal dpr = view.devicePixelRatioF();
    QVERIFY(near(shot.pixel(elsewhere * dpr), green, 3));
    QVERIFY(!near(shot.pixel(inOverlay * dpr), green, 30));

    view.setOverlayVisible(false);
    QVERIFY(!view.isOverlayVisible());
    shot = grabImage(view);
    QVERIFY(near(shot.pixel(inOverlay * dpr), green, 3));

    view.setOverlayVisible(true);
    shot = grabImage(view);
    QVERIFY(!near(shot.pixel(inOverlay * dpr), green, 30));
    view.setLiveSource(nullptr);
}

void TestPreviewView::repaintsAreCoalesced()
{
    ManualSource source;
    PreviewView view;
    QVERIFY(camchat::test::showWindow(&view, QSize(344, 264)));
    view.setLiveSource(&source);
    source.start();
    QSignalSpy painted(&view, &PreviewView::liveFramePainted);

    // 100 frames faster than anything can paint them: the mailbox keeps the newest.
    for (int i = 0; i < 100; ++i) {
        const QRgb colour = i == 99 ? qRgb(250, 30, 30) : qRgb(30, 30, 250);
        source.publish(solidFrame({320, 240}, colour, std::uint64_t(i + 1)));
    }
    QTRY_VERIFY(painted.count() >= 1);
    QTest::qWait(150);
    QVERIFY2(painted.count() <= 3, qPrintable(QString::number(painted.count())));
    QCOMPARE(view.paintedFrames(), std::uint64_t(painted.count()));
    QVERIFY2(view.droppedFrames() >= 97, qPrintable(QString::number(view.droppedFrames())));
    QCOMPARE(view.latestFrame().sequence(), std::uint64_t(100));
    const QImage shot = grabImage(view);
    QVERIFY(near(shot.pixel(view.imageRect().center() * view.devicePixelRatioF()), qRgb(250, 30, 30), 3));

    // Steady frames at a modest rate are each painted, no more than once.
    const int before = painted.count();
    for (int i = 0; i < 10; ++i) {
        source.publish(solidFrame({320, 240}, qRgb(30, 250, 30), std::uint64_t(200 + i)));
        QTest::qWait(40);
    }
    QTRY_VERIFY(painted.count() - before >= 8);
    QVERIFY(painted.count() - before <= 10);
    view.setLiveSource(nullptr);
}

// Frames the source threw away (short, corrupt) are dropped frames too, counted from
// the moment the view shows the source.
void TestPreviewView::droppedCountsRejectedFrames()
{
    ManualSource source;
    source.reject(); // before the view shows it
    PreviewView view;
    QVERIFY(camchat::test::showWindow(&view, QSize(344, 264)));
    view.setLiveSource(&source);
    source.start();
    QCOMPARE(view.droppedFrames(), std::uint64_t(0));
    source.reject();
    source.reject();
    QCOMPARE(view.droppedFrames(), std::uint64_t(2));
    source.publish(solidFrame({320, 240}, qRgb(30, 250, 30), 1));
    QTRY_COMPARE(view.paintedFrames(), std::uint64_t(1));
    QCOMPARE(view.droppedFrames(), std::uint64_t(2));

    // Another source starts from zero; coming back does not count the old ones again.
    ManualSource other;
    view.setLiveSource(&other);
    QCOMPARE(view.droppedFrames(), std::uint64_t(0));
    view.setLiveSource(&source);
    QCOMPARE(view.droppedFrames(), std::uint64_t(0));
    source.reject();
    QCOMPARE(view.droppedFrames(), std::uint64_t(1));
    view.setLiveSource(nullptr);
    QCOMPARE(view.droppedFrames(), std::uint64_t(0));
}

void TestPreviewView::passesMinimumDecodeSize()
{
    ManualSource source;
    source.m_size = QSize(1280, 720);
    PreviewView view;
    QVERIFY(camchat::test::showWindow(&view, QSize(664, 400)));
    view.setLiveSource(&source);
    source.start();
    QVERIFY(source.decodeSize().isValid());
    QSignalSpy painted(&view, &PreviewView::liveFramePainted);
    source.publish(solidFrame({1280, 720}, qRgb(90, 90, 90), 1));
    QTRY_VERIFY(painted.count() >= 1);

    const qreal dpr = view.devicePixelRatioF();
    QCOMPARE(source.decodeSize(), (QSizeF(view.imageRect().size()) * dpr).toSize());
    QCOMPARE(source.decodeSize().width(), qRound(640 * dpr));

    view.resize(344, 400);
    QTRY_COMPARE(source.decodeSize().width(), qRound(320 * dpr));
    QVERIFY(source.decodeSize().height() < 200 * dpr);
    view.setLiveSource(nullptr);
}

void TestPreviewView::snapshotInsetShownAndRemoved()
{
    ManualSource source;
    PreviewView view;
    QVERIFY(camchat::test::showWindow(&view, QSize(664, 504)));
    view.setLiveSource(&source);
    source.start();
    QSignalSpy painted(&view, &PreviewView::liveFramePainted);
    source.publish(solidFrame({640, 480}, qRgb(30, 30, 200), 1));
    QTRY_VERIFY(painted.count() >= 1);

    QVERIFY(view.snapshotInsetRect().isEmpty());
    view.setSnapshotInset(solidFrame({640, 480}, qRgb(230, 200, 20)));
    QVERIFY(view.hasSnapshotInset());
    const QRect inset = view.snapshotInsetRect();
    QVERIFY(!inset.isEmpty());
    QVERIFY(inset.width() < view.width() / 3);
    QVERIFY(view.rect().contains(inset));
    const qreal dpr = view.devicePixelRatioF();
    QImage shot = grabImage(view);
    QVERIFY(near(shot.pixel(inset.center() * dpr), qRgb(230, 200, 20), 3));
    QVERIFY(near(shot.pixel(view.imageRect().center() * dpr), qRgb(30, 30, 200), 3));

    // The live picture keeps updating under the inset.
    source.publish(solidFrame({640, 480}, qRgb(200, 30, 30), 2));
    QTRY_VERIFY(painted.count() >= 2);
    shot = grabImage(view);
    QVERIFY(near(shot.pixel(view.imageRect().center() * dpr), qRgb(200, 30, 30), 3));
    QVERIFY(near(shot.pixel(inset.center() * dpr), qRgb(230, 200, 20), 3));

    view.setSnapshotInset({});
    QVERIFY(!view.hasSnapshotInset());
    shot = grabImage(view);
    QVERIFY(near(shot.pixel(inset.center() * dpr), qRgb(200, 30, 30), 3));
    view.setLiveSource(nullptr);
}

void TestPreviewView::backToStillImage()
{
    PreviewView view;
    QVERIFY(camchat::test::showWindow(&view, QSize(400, 300)));
    view.setFrame(solidFrame({200, 100}, qRgb(10, 220, 220)));
    QVERIFY(view.hasImage());
    ManualSource source;
    view.setLiveSource(&source);
    source.start();
    QVERIFY(view.imageRect().isEmpty()); // live, no frame yet
    view.setLiveSource(nullptr);
    QVERIFY(!view.imageRect().isEmpty());
    const QImage shot = grabImage(view);
    QVERIFY(near(shot.pixel(view.imageRect().center() * view.devicePixelRatioF()), qRgb(10, 220, 220), 3));
}

QTEST_MAIN(TestPreviewView)
#include "test_previewview.moc"
