#include "fixtureprofile.h"
#include "session/kioskcontroller.h"

#include "capture/v4l2/v4l2source.h"
#include "fakev4l2.h"
#include "inference/inferencethread.h"
#include "inference/modelprofile.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <unistd.h>

#include <memory>

using namespace camchat;
using capture::test::FakeV4l2Io;

namespace {

constexpr int kCaptions = 1000;
constexpr int kWarmUpCaptions = 100;
constexpr qint64 kTimeLimitMs = 5 * 60 * 1000;
const std::string kCamera = "/dev/video0";

using camchat::test::fixture;

struct ProcessFigures {
    qint64 rssBytes = 0;
    int fds = 0;
    int threads = 0;
};

ProcessFigures measure()
{
    ProcessFigures figures;
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (statm.open(QIODevice::ReadOnly)) {
        // "size resident shared ...", in pages.
        const QList<QByteArray> fields = statm.readAll().split(' ');
        if (fields.size() > 1)
            figures.rssBytes = fields.at(1).toLongLong() * sysconf(_SC_PAGESIZE);
    }
    figures.fds = int(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size());
    figures.threads = int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
    return figures;
}

} // namespace

class TestKioskSoak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void thousandCaptionsStayFlat();
};

void TestKioskSoak::thousandCaptionsStayFlat()
{
    const inference::ProfileLoadResult loaded =
        inference::ModelProfiles::loadFile(fixture(QStringLiteral("tiny-idefics3.json")));
    QVERIFY2(loaded.profile, qPrintable(loaded.error.detail));

    auto io = std::make_shared<FakeV4l2Io>();
    io->addUvcCamera(kCamera, {{V4L2_PIX_FMT_YUYV, 640, 480, 60}});
    capture::V4l2SourceOptions sourceOptions;
    sourceOptions.devicePath = kCamera;
    sourceOptions.io = io;
    capture::V4l2Source source(sourceOptions);

    inference::InferenceThread thread;
    session::KioskController kiosk(&source, thread.worker());
    session::KioskOptions options;
    options.intervalMs = 0; // back to back, overlapped
    options.pipeline.overlap = true;
    options.maxNewTokens = 3;
    options.pipeline.modelThreads = 1;
    kiosk.setOptions(options);
    kiosk.setProfile(*loaded.profile, false);

    int finished = 0;
    int failed = 0;
    ProcessFigures warm;
    qint64 warmAtMs = 0;
    QElapsedTimer clock;
    connect(&kiosk, &session::KioskController::captionFinished, this, [&] {
        ++finished;
        if (finished == kWarmUpCaptions) {
            warm = measure();
            warmAtMs = clock.elapsed();
        }
    });
    connect(&kiosk, &session::KioskController::captionFailed, this, [&] { ++failed; });

    clock.start();
    source.start();
    kiosk.start();
    QTRY_VERIFY_WITH_TIMEOUT(finished >= kCaptions, int(kTimeLimitMs));
    const qint64 elapsedMs = clock.elapsed();
    const ProcessFigures end = measure();
    const session::KioskStats stats = kiosk.stats();
    kiosk.stop();
    source.stop();

    const double growth = double(end.rssBytes - warm.rssBytes) / double(warm.rssBytes);
    qInfo("%d captions in %.1f s (%.0f captions/min overall, model busy %.0f %%), %d failures", finished,
          double(elapsedMs) / 1000.0, stats.pipeline.captionsPerMinute, stats.pipeline.busyFraction * 100.0, failed);
    qInfo("after %d captions (%.1f s): RSS %.1f MiB, %d fds, %d threads", kWarmUpCaptions, double(warmAtMs) / 1000.0,
          double(warm.rssBytes) / 1048576.0, warm.fds, warm.threads);
    qInfo("after %d captions: RSS %.1f MiB (%+.2f %%), %d fds, %d threads", finished,
          double(end.rssBytes) / 1048576.0, growth * 100.0, end.fds, end.threads);

    QVERIFY(elapsedMs < kTimeLimitMs);
    QCOMPARE(failed, 0);
    QVERIFY2(growth < 0.10, qPrintable(QStringLiteral("RSS grew %1 %").arg(growth * 100.0)));
    QCOMPARE(end.fds, warm.fds);
    QCOMPARE(end.threads, warm.threads);
}

QTEST_GUILESS_MAIN(TestKioskSoak)
#include "test_kiosksoak.moc"
