// A vivid HDMI input on the multi-planar API (like rk_hdmirx) in the VM. An HDMI
// receiver sends what its source sends: camchat keeps the size and pixel format the
// driver reports, says "no signal" instead of saving vivid's noise, and follows a change
// of timings while streaming. Booted by ctest as vm_hdmi (vivid options in
// tests/vm/CMakeLists.txt).
//
// vivid's HDMI input, as seen in the VM (Debian 12, kernel 6.1): VIDIOC_ENUMINPUT has
// V4L2_IN_CAP_DV_TIMINGS; it starts at 1280x720p60 YUYV. dv_timings_signal_mode 1 makes
// VIDIOC_QUERY_DV_TIMINGS fail with ENOLINK (input status 0x2, no signal), 2 with ENOLCK
// and 3 with ERANGE (both status 0x100, no h-lock), while the stream goes on with frames
// of grey noise. Mode 4 with dv_timings (a menu index) offers other timings, which
// QUERY_DV_TIMINGS reports at once and G_FMT only after S_DV_TIMINGS.
#include "vmtest.h"

#include "capture/qimageframe.h"
#include "capture/v4l2/v4l2source.h"

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
constexpr int kMenu1080p60 = 16; // vivid's dv_timings menu: 1920x1080p60

QStringList snapArguments(const QString &out, const QString &timeoutSeconds)
{
    return {QStringLiteral("snap"), QStringLiteral("--device"), QLatin1String(kDevice), QStringLiteral("--out"),
            out, QStringLiteral("--timeout"), timeoutSeconds};
}

// The newest frame a source delivered, and how many.
struct LastFrame {
    std::mutex mutex;
    capture::Frame frame;
    std::atomic<int> count{0};

    void add(const capture::Frame &f)
    {
        std::lock_guard lock(mutex);
        frame = f.detached(); // the driver's buffer goes back at once
        ++count;
    }
    capture::Frame get()
    {
        std::lock_guard lock(mutex);
        return frame;
    }
};

} // namespace

class TestVmHdmi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void theInputHasDvTimings();
    void snapKeepsTheSourceFormat_data();
    void snapKeepsTheSourceFormat();
    void noSignalIsExit4AndNoFile_data();
    void noSignalIsExit4AndNoFile();
    void signalBackGivesAPicture();
    void noSignalWhileStreamingPublishesNoNoise();
    // Last: it leaves the input at other timings.
    void timingsSwitchWhileStreaming();

private:
    QTemporaryDir m_dir;
};

void TestVmHdmi::initTestCase()
{
    if (!insideVm())
        QSKIP("runs inside the vivid VM only (ctest -L vm, or tests/vm/run-in-vm)");
    QVERIFY2(QFileInfo::exists(QLatin1String(kDevice)), qPrintable(vividOptions()));
    QVERIFY(m_dir.isValid());
    QString error;
    QVERIFY2(setControls({QStringLiteral("test_pattern=0"), QStringLiteral("osd_text_mode=2")}, &error),
             qPrintable(error));
}

void TestVmHdmi::init()
{
    QString error;
    QVERIFY2(setControls({QStringLiteral("dv_timings_signal_mode=0")}, &error), qPrintable(error));
}

void TestVmHdmi::theInputHasDvTimings()
{
    const test::ProcessResult input = v4l2ctl({QStringLiteral("--list-inputs")});
    QVERIFY2(input.out.contains("DV timings"), input.out.constData());
    const DeviceFormat format = deviceFormat();
    QCOMPARE(QSize(format.width, format.height), QSize(1280, 720));
}

void TestVmHdmi::snapKeepsTheSourceFormat_data()
{
    QTest::addColumn<QString>("fourcc");
    for (const char *fourcc : {"NV12", "NV16", "NV24", "BGR3", "YUYV"})
        QTest::newRow(fourcc) << QString::fromLatin1(fourcc);
}

// The source (vivid) sends 1280x720 in the format set here; what snap saves is that.
void TestVmHdmi::snapKeepsTheSourceFormat()
{
    QFETCH(QString, fourcc);
    // A camchat that forces its own size or format leaves it set: each row starts afresh.
    const test::ProcessResult set =
            v4l2ctl({QStringLiteral("--set-fmt-video"), QStringLiteral("width=1280,height=720,pixelformat=") + fourcc});
    QVERIFY2(set.finished && set.exitCode == 0, set.err.constData());
    const DeviceFormat before = deviceFormat();
    QCOMPARE(before.fourcc, fourcc);
    QCOMPARE(QSize(before.width, before.height), QSize(1280, 720));

    const QString out = m_dir.filePath(fourcc + QStringLiteral(".png"));
    const test::ProcessResult result = runCamchat(snapArguments(out, QStringLiteral("20")));
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    const QString said = QString::fromUtf8(result.out);
    QVERIFY2(said.contains(QStringLiteral("(1280x720, %1 from /dev/video0)").arg(fourcc)), qPrintable(said));
    const QImage image(out);
    QCOMPARE(image.size(), QSize(1280, 720));
    // The whole frame is the source's picture: no unwritten (green) area right or below.
    const QString problem = colourBarProblem(image);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const DeviceFormat after = deviceFormat();
    QCOMPARE(after.fourcc, fourcc);
    QCOMPARE(QSize(after.width, after.height), QSize(1280, 720));
}

void TestVmHdmi::noSignalIsExit4AndNoFile_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("no signal (ENOLINK)") << 1;
    QTest::newRow("no lock (ENOLCK)") << 2;
    QTest::newRow("out of range (ERANGE)") << 3;
}

void TestVmHdmi::noSignalIsExit4AndNoFile()
{
    QFETCH(int, mode);
    QString error;
    QVERIFY2(setControls({QStringLiteral("dv_timings_signal_mode=%1").arg(mode)}, &error), qPrintable(error));
    const QString out = m_dir.filePath(QStringLiteral("nosignal-%1.png").arg(mode));
    const test::ProcessResult result = runCamchat(snapArguments(out, QStringLiteral("4")));
    QVERIFY(result.finished);
    QVERIFY2(result.exitCode == 4, qPrintable(QStringLiteral("exit %1: %2 %3")
                                                      .arg(result.exitCode)
                                                      .arg(QString::fromUtf8(result.out), QString::fromUtf8(result.err))));
    QVERIFY(!QFileInfo::exists(out));
    QVERIFY2(result.err.contains("signal"), result.err.constData());
}

void TestVmHdmi::signalBackGivesAPicture()
{
    QString error;
    QVERIFY2(setControls({QStringLiteral("dv_timings_signal_mode=1")}, &error), qPrintable(error));
    const QString none = m_dir.filePath(QStringLiteral("before.png"));
    QCOMPARE(runCamchat(snapArguments(none, QStringLiteral("4"))).exitCode, 4);
    QVERIFY(!QFileInfo::exists(none));

    QVERIFY2(setControls({QStringLiteral("dv_timings_signal_mode=0")}, &error), qPrintable(error));
    const QString out = m_dir.filePath(QStringLiteral("back.png"));
    const test::ProcessResult result = runCamchat(snapArguments(out, QStringLiteral("20")));
    QVERIFY2(result.finished && result.exitCode == 0, result.err.constData());
    const QImage image(out);
    QCOMPARE(image.size(), QSize(1280, 720));
    const QString problem = colourBarProblem(image);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

// vivid goes on sending frames of noise without a signal: none of them may be published.
void TestVmHdmi::noSignalWhileStreamingPublishesNoNoise()
{
    LastFrame frames; // before the source: its thread writes here until the source is gone
    capture::V4l2Source source(liveSourceOptions());
    source.setFrameCallback([&frames](const capture::Frame &frame) { frames.add(frame); });
    std::vector<FrameSource::State> states;
    QObject receiver; // queued into this thread, in order
    connect(&source, &FrameSource::stateChanged, &receiver, [&](FrameSource::State s) { states.push_back(s); });
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), FrameSource::State::Streaming, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(frames.count >= 2, kWaitMs);

    QString error;
    QVERIFY2(setControls({QStringLiteral("dv_timings_signal_mode=1")}, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(std::find(states.begin(), states.end(), FrameSource::State::NoSignal) != states.end(),
                             kWaitMs);
    const int withoutSignal = frames.count;
    QTest::qWait(3000);
    QCOMPARE(source.state(), FrameSource::State::NoSignal);
    QCOMPARE(frames.count.load(), withoutSignal);

    QVERIFY2(setControls({QStringLiteral("dv_timings_signal_mode=0")}, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), FrameSource::State::Streaming, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(frames.count >= withoutSignal + 2, kWaitMs);
    const QString problem = colourBarProblem(capture::imageFromFrame(frames.get()));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    source.stop();
}

void TestVmHdmi::timingsSwitchWhileStreaming()
{
    LastFrame frames; // before the source: its thread writes here until the source is gone
    capture::V4l2Source source(liveSourceOptions());
    source.setFrameCallback([&frames](const capture::Frame &frame) { frames.add(frame); });
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(source.state(), FrameSource::State::Streaming, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(frames.count >= 1, kWaitMs);
    QCOMPARE(QSize(source.currentFormat().width, source.currentFormat().height), QSize(1280, 720));

    // The source switches to 1080p60: vivid sends V4L2_EVENT_SOURCE_CHANGE.
    QString error;
    QVERIFY2(setControls({QStringLiteral("dv_timings=%1").arg(kMenu1080p60), QStringLiteral("dv_timings_signal_mode=4")},
                         &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(QSize(source.currentFormat().width, source.currentFormat().height), QSize(1920, 1080),
                              kWaitMs);
    const int switched = frames.count;
    QTRY_VERIFY_WITH_TIMEOUT(frames.count >= switched + 2, kWaitMs);
    const capture::Frame frame = frames.get();
    QCOMPARE(QSize(frame.width(), frame.height()), QSize(1920, 1080));
    // vivid itself draws the bars at the old width after this switch (v4l2-ctl streaming
    // alone shows it): the whole frame is bars, but not the eight of colourBarProblem().
    const QString problem = barColoursOnlyProblem(capture::imageFromFrame(frame));
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(source.stats().renegotiations >= 1);
    source.stop();
}

QTEST_GUILESS_MAIN(TestVmHdmi)
#include "test_vm_hdmi.moc"
