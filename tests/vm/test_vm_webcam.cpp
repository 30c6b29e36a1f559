// A vivid webcam (single-planar) in the VM: `camchat devices` and `camchat snap` as
// processes, with vivid's colour bars checked in the saved pictures; V4l2Source and the
// grab in this process for unplug and the error injection, which need to watch frames.
// Booted by ctest as vm_webcam (tests/vm/CMakeLists.txt has the vivid options).
#include "vmtest.h"

#include "capture/qimageframe.h"
#include "capture/v4l2/v4l2grab.h"
#include "capture/v4l2/v4l2source.h"

#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <vector>

using namespace camchat;
using namespace camchat::test::vm;
using capture::FrameSource;

namespace {

constexpr int kWaitMs = 60000;

// Frames a V4l2Source delivered: sequence numbers, and the first one converted to RGB.
struct FrameLog {
    std::mutex mutex;
    std::vector<std::uint64_t> sequences;
    QImage latest;
    bool wantPicture = false;

    void add(const capture::Frame &frame)
    {
        std::lock_guard lock(mutex);
        sequences.push_back(frame.sequence());
        if (wantPicture) {
            latest = capture::imageFromFrame(frame).copy();
            wantPicture = false;
        }
    }
    std::size_t count()
    {
        std::lock_guard lock(mutex);
        return sequences.size();
    }
    std::vector<std::uint64_t> snapshot()
    {
        std::lock_guard lock(mutex);
        return sequences;
    }
    void askForPicture()
    {
        std::lock_guard lock(mutex);
        latest = {};
        wantPicture = true;
    }
    QImage picture()
    {
        std::lock_guard lock(mutex);
        return latest;
    }
};

} // namespace

class TestVmWebcam : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void devicesListsTheWebcam();
    void snapSavesTheColourBars_data();
    void snapSavesTheColourBars();
    void snapWithFormatAndSize_data();
    void snapWithFormatAndSize();
    void unplugWhileStreamingThenBack();
    void droppedBuffersNeverReachSnap();
    void allBuffersDroppedIsNoPicture();
    void errorFlaggedBufferIsNotPublished();
    void errorFlaggedBufferNeverReachesSnap();

private:
    QTemporaryDir m_dir;
};

void TestVmWebcam::initTestCase()
{
    if (!insideVm())
        QSKIP("runs inside the vivid VM only (ctest -L vm, or tests/vm/run-in-vm)");
    QVERIFY2(QFileInfo::exists(QLatin1String(kDevice)), qPrintable(vividOptions()));
    QVERIFY(m_dir.isValid());
    QString error;
    // 75% colour bars without the text overlay, standing still.
    QVERIFY2(setControls({QStringLiteral("test_pattern=0"), QStringLiteral("osd_text_mode=2")}, &error),
             qPrintable(error));
}

void TestVmWebcam::cleanup()
{
    setControls({QStringLiteral("percentage_of_dropped_buffers=0")});
}

void TestVmWebcam::devicesListsTheWebcam()
{
    const test::ProcessResult result = runCamchat({QStringLiteral("devices")});
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    const QString out = QString::fromUtf8(result.out);
    QVERIFY2(out.contains(QLatin1String("/dev/video0")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("driver vivid")), qPrintable(out));
    // One line per usable format, with the largest size vivid offers.
    QVERIFY2(out.contains(QLatin1String("YUYV")) && out.contains(QLatin1String("3840x2160")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("NV12")), qPrintable(out));
}

void TestVmWebcam::snapSavesTheColourBars_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("png") << QStringLiteral("bars.png");
    QTest::newRow("jpeg") << QStringLiteral("bars.jpg");
}

void TestVmWebcam::snapSavesTheColourBars()
{
    QFETCH(QString, name);
    const QString out = m_dir.filePath(name);
    const test::ProcessResult result =
            runCamchat({QStringLiteral("snap"), QStringLiteral("--device"), QLatin1String(kDevice),
                     QStringLiteral("--out"), out, QStringLiteral("--timeout"), QStringLiteral("20")});
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    QVERIFY2(result.out.contains("Saved"), result.out.constData());
    const QImage image(out);
    QVERIFY2(!image.isNull(), qPrintable(out));
    const QString problem = colourBarProblem(image);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestVmWebcam::snapWithFormatAndSize_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QSize>("size");
    QTest::newRow("YUYV 320x180") << QStringLiteral("YUYV") << QSize(320, 180);
    QTest::newRow("NV12 1280x720") << QStringLiteral("NV12") << QSize(1280, 720);
    QTest::newRow("NV16 640x360") << QStringLiteral("NV16") << QSize(640, 360);
    QTest::newRow("NV24 640x480") << QStringLiteral("NV24") << QSize(640, 480);
    QTest::newRow("RGB3 1920x1080") << QStringLiteral("RGB3") << QSize(1920, 1080);
    QTest::newRow("BGR3 1280x720") << QStringLiteral("BGR3") << QSize(1280, 720);
    // What HDMI-to-CSI bridges and USB grabbers also send.
    for (const char *fourcc : {"UYVY", "YVYU", "NV21", "YU12", "YV12", "XR24", "AR24", "XB24", "AB24", "GREY"})
        QTest::newRow(qPrintable(QStringLiteral("%1 640x360").arg(QLatin1String(fourcc))))
                << QString::fromLatin1(fourcc) << QSize(640, 360);
}

void TestVmWebcam::snapWithFormatAndSize()
{
    QFETCH(QString, format);
    QFETCH(QSize, size);
    const QString out = m_dir.filePath(QStringLiteral("%1.png").arg(format));
    const QString sizeText = QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
    const test::ProcessResult result =
            runCamchat({QStringLiteral("snap"), QStringLiteral("--device"), QLatin1String(kDevice),
                     QStringLiteral("--out"), out, QStringLiteral("--format"), format, QStringLiteral("--size"),
                     sizeText, QStringLiteral("--timeout"), QStringLiteral("30")});
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    const QString said = QString::fromUtf8(result.out);
    QVERIFY2(said.contains(QStringLiteral("(%1, %2 from /dev/video0)").arg(sizeText, format)), qPrintable(said));
    const QImage image(out);
    QCOMPARE(image.size(), size);
    if (format == QLatin1String("GREY")) {
        // The bars in grey. vivid's GREY is full range (v4l2-ctl: "Quantization: Default
        // (maps to Full Range)"), and these are the bytes it sends (read in the VM with
        // v4l2-ctl --stream-to): they must come out unchanged.
        constexpr int kLuma[8] = {190, 176, 149, 136, 54, 40, 13, 0};
        const int y = size.height() * 9 / 10;
        QStringList found;
        bool ok = true;
        for (int i = 0; i < 8; ++i) {
            const QColor c = image.pixelColor((2 * i + 1) * size.width() / 16, y);
            ok = ok && c.red() == c.green() && c.green() == c.blue() && std::abs(c.red() - kLuma[i]) <= 8;
            found << c.name();
        }
        QVERIFY2(ok, qPrintable(found.join(QLatin1Char(' '))));
        return;
    }
    const QString problem = colourBarProblem(image);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// vivid's "disconnect" button behaves like pulling a USB camera: open handles get ENODEV,
// and the node works again once every old handle is closed.
void TestVmWebcam::unplugWhileStreamingThenBack()
{
    FrameLog frames; // before the source: its thread writes here until the source is gone
    capture::V4l2Source source(liveSourceOptions());
    source.setFrameCallback([&frames](const capture::Frame &frame) { frames.add(frame); });
    std::vector<FrameSource::State> states;
    QObject receiver; // queued into this thread, in order
    connect(&source, &FrameSource::stateChanged, &receiver, [&](FrameSource::State s) { states.push_back(s); });
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), FrameSource::State::Streaming, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 2, kWaitMs);

    QString error;
    QVERIFY2(setControls({QStringLiteral("disconnect=1")}, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(std::find(states.begin(), states.end(), FrameSource::State::DeviceGone) != states.end(),
                             kWaitMs);
    const std::size_t before = frames.count();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), FrameSource::State::Streaming, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= before + 2, kWaitMs);
    QVERIFY2(source.errorDetail().isEmpty(), qPrintable(source.errorDetail()));

    frames.askForPicture();
    QTRY_VERIFY_WITH_TIMEOUT(!frames.picture().isNull(), kWaitMs);
    const QString problem = colourBarProblem(frames.picture());
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    source.stop();
}

// Dropped buffers are frames that never come: gaps in the sequence, never a broken
// picture. snap still saves good colour bars.
void TestVmWebcam::droppedBuffersNeverReachSnap()
{
    QString error;
    QVERIFY2(setControls({QStringLiteral("percentage_of_dropped_buffers=60")}, &error), qPrintable(error));
    for (int i = 0; i < 3; ++i) {
        const QString out = m_dir.filePath(QStringLiteral("dropped-%1.png").arg(i));
        const test::ProcessResult result =
                runCamchat({QStringLiteral("snap"), QStringLiteral("--device"), QLatin1String(kDevice),
                         QStringLiteral("--out"), out, QStringLiteral("--skip"), QStringLiteral("2"),
                         QStringLiteral("--timeout"), QStringLiteral("30")});
        QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
        const QString problem = colourBarProblem(QImage(out));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    FrameLog frames; // before the source: its thread writes here until the source is gone
    capture::V4l2Source source(liveSourceOptions());
    source.setFrameCallback([&frames](const capture::Frame &frame) { frames.add(frame); });
    source.start();
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 8, kWaitMs);
    source.stop();
    const std::vector<std::uint64_t> sequences = frames.snapshot();
    bool gap = false;
    for (std::size_t i = 1; i < sequences.size(); ++i) {
        QVERIFY(sequences[i] > sequences[i - 1]);
        gap = gap || sequences[i] > sequences[i - 1] + 1;
    }
    QVERIFY2(gap, "60% of the buffers dropped, yet no gap in the sequence numbers");
    QCOMPARE(source.rejectedFrames(), 0u); // nothing broken arrived
}

void TestVmWebcam::allBuffersDroppedIsNoPicture()
{
    QString error;
    QVERIFY2(setControls({QStringLiteral("percentage_of_dropped_buffers=100")}, &error), qPrintable(error));
    const QString out = m_dir.filePath(QStringLiteral("none.png"));
    const test::ProcessResult result =
            runCamchat({QStringLiteral("snap"), QStringLiteral("--device"), QLatin1String(kDevice),
                     QStringLiteral("--out"), out, QStringLiteral("--timeout"), QStringLiteral("3")});
    QVERIFY(result.finished);
    QCOMPARE(result.exitCode, 4);
    QVERIFY(!QFileInfo::exists(out));

    QVERIFY2(setControls({QStringLiteral("percentage_of_dropped_buffers=0")}, &error), qPrintable(error));
    const test::ProcessResult again =
            runCamchat({QStringLiteral("snap"), QStringLiteral("--device"), QLatin1String(kDevice),
                     QStringLiteral("--out"), out, QStringLiteral("--timeout"), QStringLiteral("20")});
    QVERIFY2(again.finished && again.exitCode == 0, again.err.constData());
    const QString problem = colourBarProblem(QImage(out));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// inject_v4l2_buf_flag_error: the next buffer is returned with V4L2_BUF_FLAG_ERROR.
void TestVmWebcam::errorFlaggedBufferIsNotPublished()
{
    FrameLog frames; // before the source: its thread writes here until the source is gone
    capture::V4l2Source source(liveSourceOptions());
    source.setFrameCallback([&frames](const capture::Frame &frame) { frames.add(frame); });
    source.start();
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= 3, kWaitMs);
    QCOMPARE(source.rejectedFrames(), 0u);

    QString error;
    QVERIFY2(setControls({QStringLiteral("inject_v4l2_buf_flag_error=1")}, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(source.rejectedFrames(), 1u, kWaitMs);
    const std::size_t after = frames.count();
    QTRY_VERIFY_WITH_TIMEOUT(frames.count() >= after + 2, kWaitMs);
    source.stop();
    QCOMPARE(source.state(), FrameSource::State::Stopped);
    // The flagged buffer's sequence number is the one missing.
    const std::vector<std::uint64_t> sequences = frames.snapshot();
    int gaps = 0;
    for (std::size_t i = 1; i < sequences.size(); ++i) {
        if (sequences[i] != sequences[i - 1] + 1) {
            QCOMPARE(sequences[i], sequences[i - 1] + 2);
            ++gaps;
        }
    }
    QCOMPARE(gaps, 1);
}

void TestVmWebcam::errorFlaggedBufferNeverReachesSnap()
{
    // Injected before anyone streams: the first buffer of the next stream is the bad one.
    QString error;
    QVERIFY2(setControls({QStringLiteral("inject_v4l2_buf_flag_error=1")}, &error), qPrintable(error));
    capture::V4l2SourceOptions options = liveSourceOptions();
    const capture::V4l2GrabResult grabbed = capture::grabV4l2Frame(options, std::chrono::seconds(30));
    QVERIFY2(grabbed.ok(), qPrintable(grabbed.detail));
    QVERIFY2(grabbed.frame.sequence() >= 1, "the grab took the buffer vivid flagged as an error");
    const QString problem = colourBarProblem(capture::imageFromFrame(grabbed.frame));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // The same through the executable.
    QVERIFY2(setControls({QStringLiteral("inject_v4l2_buf_flag_error=1")}, &error), qPrintable(error));
    const QString out = m_dir.filePath(QStringLiteral("flagged.png"));
    const test::ProcessResult result =
            runCamchat({QStringLiteral("snap"), QStringLiteral("--device"), QLatin1String(kDevice),
                     QStringLiteral("--out"), out, QStringLiteral("--timeout"), QStringLiteral("20")});
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    const QString saved = colourBarProblem(QImage(out));
    QVERIFY2(saved.isEmpty(), qPrintable(saved));
}

QTEST_GUILESS_MAIN(TestVmWebcam)
#include "test_vm_webcam.moc"
