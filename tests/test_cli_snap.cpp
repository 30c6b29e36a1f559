// `camchat snap`: the real executable for what needs no device (usage, help, a missing
// node), and SnapCommand in-process against the fake V4L2 devices for the rest.
#include "app/commandline.h"
#include "app/snapcommand.h"

#include "capture/frameconvert.h"
#include "capturedoutput.h"
#include "processrunner.h"
#include "fakev4l2.h"
#include "testimages.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <linux/videodev2.h>

#include <cstdio>
#include <cstdlib>

#include <sys/stat.h>
#include <unistd.h>

using camchat::app::SnapCommand;
using namespace camchat::capture;
using camchat::capture::test::FakeV4l2Io;
using camchat::capture::test::fakePatternFrame;

namespace {

constexpr int kTimeoutMs = 60000;

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runExecutable(const QStringList &arguments)
{
    const camchat::test::ProcessResult process = camchat::test::runProcess(
            QStringLiteral(CAMCHAT_EXECUTABLE), arguments, camchat::test::camchatEnvironment(), kTimeoutMs);
    if (!process.finished)
        return {};
    return Run{process.exitStatus == QProcess::NormalExit ? process.exitCode : -1, process.out, process.err};
}

// Runs `camchat snap ARGS` in this process with `io`, capturing stdout and stderr.
Run runInProcess(const QStringList &arguments, const std::shared_ptr<FakeV4l2Io> &io)
{
    const camchat::test::CapturedOutput output = camchat::test::runCapturingOutput(
            [&] { return SnapCommand::run(QStringList{QStringLiteral("camchat")} + arguments, io); });
    return Run{output.exitCode, output.out, output.err};
}

} // namespace

class TestCliSnap : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFileInfo::exists(QStringLiteral(CAMCHAT_EXECUTABLE)));
    }

    // --- the real executable --------------------------------------------------------------

    void missingDevice()
    {
        const QString out = m_dir.filePath(QStringLiteral("missing.jpg"));
        const Run run = runExecutable({QStringLiteral("snap"), QStringLiteral("--device"),
                                       QStringLiteral("/dev/video-camchat-missing"), QStringLiteral("--out"), out});
        QCOMPARE(run.exitCode, int(camchat::app::kExitInputError));
        QVERIFY2(run.err.contains("/dev/video-camchat-missing does not exist. Run `camchat devices` to list "
                                  "capture devices."),
                 run.err.constData());
        QCOMPARE(run.err.count('\n'), 1); // one line
        QVERIFY(!QFileInfo::exists(out));
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        const QString out = QStringLiteral("/tmp/camchat-snap-never.jpg");
        QTest::newRow("no device") << QStringList{QStringLiteral("--out"), out} << QByteArray("--device");
        QTest::newRow("no out") << QStringList{QStringLiteral("--device"), QStringLiteral("/dev/video0")}
                                << QByteArray("--out");
        QTest::newRow("bad timeout") << QStringList{QStringLiteral("--device"), QStringLiteral("/dev/video0"),
                                                    QStringLiteral("--out"), out, QStringLiteral("--timeout"),
                                                    QStringLiteral("soon")}
                                     << QByteArray("--timeout");
        QTest::newRow("zero timeout") << QStringList{QStringLiteral("--device"), QStringLiteral("/dev/video0"),
                                                     QStringLiteral("--out"), out, QStringLiteral("--timeout"),
                                                     QStringLiteral("0")}
                                      << QByteArray("--timeout");
        QTest::newRow("bad size") << QStringList{QStringLiteral("--device"), QStringLiteral("/dev/video0"),
                                                 QStringLiteral("--out"), out, QStringLiteral("--size"),
                                                 QStringLiteral("big")}
                                  << QByteArray("--size");
        QTest::newRow("bad format") << QStringList{QStringLiteral("--device"), QStringLiteral("/dev/video0"),
                                                   QStringLiteral("--out"), out, QStringLiteral("--format"),
                                                   QStringLiteral("TOOLONG")}
                                    << QByteArray("--format");
        QTest::newRow("negative skip") << QStringList{QStringLiteral("--device"), QStringLiteral("/dev/video0"),
                                                      QStringLiteral("--out"), out, QStringLiteral("--skip"),
                                                      QStringLiteral("-1")}
                                       << QByteArray("--skip");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << QByteArray("frobnicate");
        QTest::newRow("stray argument") << QStringList{QStringLiteral("--device"), QStringLiteral("/dev/video0"),
                                                       QStringLiteral("--out"), out, QStringLiteral("extra")}
                                        << QByteArray("extra");
    }
    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const Run run = runExecutable(QStringList{QStringLiteral("snap")} + arguments);
        QCOMPARE(run.exitCode, int(camchat::app::kExitUsage));
        QVERIFY2(run.err.contains(message), run.err.constData());
        QVERIFY(run.err.contains("camchat snap --help"));
    }

    void help()
    {
        const Run run = runExecutable({QStringLiteral("snap"), QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith("Usage: camchat snap --device /dev/videoN --out FILE"), run.out.constData());
        for (const char *option : {"--device", "--out", "--timeout", "--format", "--size", "--skip", "Exit status"})
            QVERIFY2(run.out.contains(option), option);
        // Listed among the commands of the top-level help.
        const Run top = runExecutable({QStringLiteral("--help")});
        QCOMPARE(top.exitCode, 0);
        QVERIFY(top.out.contains("  snap "));
    }

    // --- in-process, fake devices ------------------------------------------------------------

    void snapHdmiNv12ToJpeg()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addHdmiReceiver("/dev/video0");
        io->setHdmiSignal("/dev/video0", V4L2_PIX_FMT_NV12, 640, 360, 60);
        const QString out = m_dir.filePath(QStringLiteral("hdmi.jpg"));
        const Run run = runInProcess({QStringLiteral("--device"), QStringLiteral("/dev/video0"),
                                      QStringLiteral("--out"), out}, io);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(out.toUtf8()) && run.out.contains("640x360") && run.out.contains("NV12"),
                 run.out.constData());
        QVERIFY(run.err.isEmpty());

        QImage image(out);
        QCOMPARE(image.format() == QImage::Format_Invalid, false);
        QCOMPARE(image.size(), QSize(640, 360));
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.read(2) == QByteArray("\xff\xd8", 2));
        // The pixels, within JPEG tolerance, against the fake's pattern in the same colours.
        Frame reference = fakePatternFrame(PixelFormat::Nv12, 640, 360);
        reference.setYuvEncoding(YuvMatrix::Bt709, YuvRange::Limited); // the fake's default colorimetry
        const QImage expected = camchat::testimages::toImage(convertForDisplay(reference, QSize(640, 360)));
        QVERIFY(!expected.isNull());
        // JPEG smears the pattern's sharp sawtooth edges (and decoders upsample chroma
        // differently), so compare 8x8 block averages: colour shifts or a wrong matrix
        // would move every block, compression noise only some, and only a little.
        const QImage actual = image.convertToFormat(QImage::Format_RGB32);
        int worst = 0;
        qint64 total = 0;
        for (int by = 0; by < 360 / 8; ++by) {
            for (int bx = 0; bx < 640 / 8; ++bx) {
                int sumA[3] = {0, 0, 0};
                int sumE[3] = {0, 0, 0};
                for (int y = by * 8; y < by * 8 + 8; ++y) {
                    for (int x = bx * 8; x < bx * 8 + 8; ++x) {
                        const QRgb a = actual.pixel(x, y);
                        const QRgb e = expected.pixel(x, y);
                        sumA[0] += qRed(a), sumA[1] += qGreen(a), sumA[2] += qBlue(a);
                        sumE[0] += qRed(e), sumE[1] += qGreen(e), sumE[2] += qBlue(e);
                    }
                }
                for (int c = 0; c < 3; ++c) {
                    const int d = std::abs(sumA[c] - sumE[c]) / 64;
                    worst = std::max(worst, d);
                    total += d;
                }
            }
        }
        const double mean = double(total) / (3.0 * (640 / 8) * (360 / 8));
        QVERIFY2(mean <= 3.0 && worst <= 24,
                 qPrintable(QStringLiteral("8x8 block differences: mean %1, worst %2").arg(mean).arg(worst)));
        qInfo("8x8 block differences: mean %.2f, worst %d", mean, worst);
    }

    void snapUvcMjpegToPng()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addUvcCamera("/dev/video2", {{V4L2_PIX_FMT_MJPEG, 1280, 720, 30}, {V4L2_PIX_FMT_YUYV, 640, 480, 30}});
        const QString out = m_dir.filePath(QStringLiteral("uvc.png"));
        const Run run = runInProcess({QStringLiteral("--device"), QStringLiteral("/dev/video2"),
                                      QStringLiteral("--out"), out, QStringLiteral("--format"),
                                      QStringLiteral("mjpg"), QStringLiteral("--skip"), QStringLiteral("2")},
                                     io);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("1280x720") && run.out.contains("MJPG"), run.out.constData());
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.read(8) == QByteArray("\x89PNG\r\n\x1a\n", 8));
        QCOMPARE(QImage(out).size(), QSize(1280, 720));
        QVERIFY(io->framesDequeued("/dev/video2") >= 3);
    }

    void requestedSize()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addUvcCamera("/dev/video2", {{V4L2_PIX_FMT_YUYV, 1280, 720, 30}, {V4L2_PIX_FMT_YUYV, 640, 480, 30}});
        const QString out = m_dir.filePath(QStringLiteral("small.jpg"));
        const Run run = runInProcess({QStringLiteral("--device"), QStringLiteral("/dev/video2"),
                                      QStringLiteral("--out"), out, QStringLiteral("--size"),
                                      QStringLiteral("640x480")},
                                     io);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QImage(out).size(), QSize(640, 480));
    }

    void noSignal()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addHdmiReceiver("/dev/video0");
        const QString out = m_dir.filePath(QStringLiteral("nosignal.jpg"));
        const Run run = runInProcess({QStringLiteral("--device"), QStringLiteral("/dev/video0"),
                                      QStringLiteral("--out"), out, QStringLiteral("--timeout"),
                                      QStringLiteral("0.3")},
                                     io);
        QCOMPARE(run.exitCode, int(camchat::app::kExitInputError));
        QVERIFY2(run.err.contains("No signal on the HDMI input within 0.3 s — check the cable and the source."),
                 run.err.constData());
        QVERIFY(!QFileInfo::exists(out));
    }

    // vivid's HDMI input without a signal keeps streaming frames of noise: that is no
    // picture. Exit 4 "no signal", no file -- whichever way the driver says it.
    void noSignalOnDvReceiverIsNotAPicture_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<bool>("events");
        QTest::newRow("no signal (ENOLINK)") << ENOLINK << true;
        QTest::newRow("no lock (ENOLCK)") << ENOLCK << true;
        QTest::newRow("out of range (ERANGE)") << ERANGE << true;
        QTest::newRow("no signal, driver without events") << ENOLINK << false;
    }
    void noSignalOnDvReceiverIsNotAPicture()
    {
        QFETCH(int, error);
        QFETCH(bool, events);
        auto io = std::make_shared<FakeV4l2Io>();
        io->addDvReceiver("/dev/video3", {});
        io->setEventsSupported("/dev/video3", events);
        io->setHdmiNoSignal("/dev/video3", error);
        const QString out = m_dir.filePath(QStringLiteral("dv-nosignal.jpg"));
        const Run run = runInProcess({QStringLiteral("--device"), QStringLiteral("/dev/video3"),
                                      QStringLiteral("--out"), out, QStringLiteral("--timeout"),
                                      QStringLiteral("0.5")},
                                     io);
        QCOMPARE(run.exitCode, int(camchat::app::kExitInputError));
        QVERIFY2(run.err.contains("No signal on the HDMI input within 0.5 s"), run.err.constData());
        QVERIFY(!QFileInfo::exists(out));
    }

    // vivid's HDMI input at 720p60 NV12: the snap has the source's size and format, not a
    // camera's "best" 1920x1080 YUYV with the picture in a corner.
    void dvReceiverKeepsSourceSizeAndFormat()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        FakeV4l2Io::DvReceiverOptions options;
        options.multiPlanar = true;
        options.initial = {V4L2_PIX_FMT_NV12, 1280, 720, 60};
        io->addDvReceiver("/dev/video3", options);
        const QString out = m_dir.filePath(QStringLiteral("dv.png"));
        const Run run = runInProcess({QStringLiteral("--device"), QStringLiteral("/dev/video3"),
                                      QStringLiteral("--out"), out}, io);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("1280x720, NV12"), run.out.constData());
        QCOMPARE(QImage(out).size(), QSize(1280, 720));
    }

    void busyAndPermission_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("busy") << EBUSY << QByteArray("/dev/video2 is busy");
        QTest::newRow("permission") << EACCES << QByteArray("'video' group");
    }
    void busyAndPermission()
    {
        QFETCH(int, error);
        QFETCH(QByteArray, message);
        auto io = std::make_shared<FakeV4l2Io>();
        io->addUvcCamera("/dev/video2", {{V4L2_PIX_FMT_YUYV, 640, 480, 30}});
        io->setOpenError("/dev/video2", error);
        const Run run = runInProcess({QStringLiteral("--device"), QStringLiteral("/dev/video2"),
                                      QStringLiteral("--out"), m_dir.filePath(QStringLiteral("x.jpg"))},
                                     io);
        QCOMPARE(run.exitCode, int(camchat::app::kExitInputError));
        QVERIFY2(run.err.contains(message), run.err.constData());
        QCOMPARE(run.err.count('\n'), 1);
    }

    void existingFileIsReplaced()
    {
        const QString out = m_dir.filePath(QStringLiteral("replace.jpg"));
        {
            QFile old(out);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("old contents, not a picture");
        }
        struct stat before {};
        QCOMPARE(::stat(QFile::encodeName(out).constData(), &before), 0);

        auto io = std::make_shared<FakeV4l2Io>();
        io->addUvcCamera("/dev/video2", {{V4L2_PIX_FMT_YUYV, 320, 240, 30}});
        const Run run = runInProcess({QStringLiteral("--device"), QStringLiteral("/dev/video2"),
                                      QStringLiteral("--out"), out}, io);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QImage(out).size(), QSize(320, 240));
        struct stat after {};
        QCOMPARE(::stat(QFile::encodeName(out).constData(), &after), 0);
        // Atomic replacement: a new file was renamed over the old one (new inode), and no
        // temporary file is left behind.
        QVERIFY(before.st_ino != after.st_ino);
        QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("replace*")}, QDir::Files).size(), 1);
    }

    void failedGrabLeavesExistingFile()
    {
        const QString out = m_dir.filePath(QStringLiteral("keep.jpg"));
        {
            QFile old(out);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("keep me");
        }
        auto io = std::make_shared<FakeV4l2Io>();
        io->addHdmiReceiver("/dev/video0");
        const Run run = runInProcess({QStringLiteral("--device"), QStringLiteral("/dev/video0"),
                                      QStringLiteral("--out"), out, QStringLiteral("--timeout"),
                                      QStringLiteral("0.2")},
                                     io);
        QCOMPARE(run.exitCode, int(camchat::app::kExitInputError));
        QFile kept(out);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("keep me"));
    }

    void unwritableTarget()
    {
        auto io = std::make_shared<FakeV4l2Io>();
        io->addUvcCamera("/dev/video2", {{V4L2_PIX_FMT_YUYV, 320, 240, 30}});
        const QString out = m_dir.filePath(QStringLiteral("no-such-dir/snap.jpg"));
        const Run run = runInProcess({QStringLiteral("--device"), QStringLiteral("/dev/video2"),
                                      QStringLiteral("--out"), out}, io);
        QCOMPARE(run.exitCode, int(camchat::app::kExitFailure));
        QVERIFY2(run.err.contains("could not save"), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliSnap)
#include "test_cli_snap.moc"
