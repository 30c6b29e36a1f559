// ModelDownloads in-process against the loopback hub (camchat_fakehub): its signals, the
// catalogue reload that makes a downloaded profile ready, the download state the
// catalogue computes offline, cancel keeping the partial file and the next start resuming
// it, a failure as a typed error, and remove().
#include "session/modeldownloads.h"
#include "session/modelcatalog.h"

#include "fakehub.h"
#include "fixtureprofile.h"
#include "testfiles.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using camchat::inference::InferenceError;
using camchat::inference::InferenceErrorCode;
using camchat::session::FileDownloadState;
using camchat::session::ModelCatalog;
using camchat::session::ModelDownloads;

namespace {

constexpr int kTimeoutMs = 60000;
const QString kRepo = QStringLiteral("test/tiny");
const QString kId = QStringLiteral("tiny-dl");
const QString kModel = QStringLiteral("tiny-idefics3.gguf");
const QString kMmproj = QStringLiteral("tiny-idefics3-mmproj.gguf");

qint64 fixtureSize(const QString &name)
{
    return QFileInfo(camchat::test::fixture(name)).size();
}

} // namespace

class TestModelDownloads : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<camchat::test::FakeHub> m_hub;

    QString modelDir() const { return m_dir->filePath(QStringLiteral("data/camchat/models")); }
    QString target(const QString &name) const { return QDir(modelDir()).filePath(name); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(camchat::test::copyTinyModelFiles(m_dir->filePath(QStringLiteral("hub"))));
        m_hub = std::make_unique<camchat::test::FakeHub>(m_dir->filePath(QStringLiteral("hub")), kRepo);
        QVERIFY(m_hub->isRunning());
        qputenv("XDG_DATA_HOME", m_dir->filePath(QStringLiteral("data")).toUtf8());
        qputenv("XDG_CACHE_HOME", m_dir->filePath(QStringLiteral("cache")).toUtf8());
        qputenv("XDG_CONFIG_HOME", m_dir->filePath(QStringLiteral("config")).toUtf8());
        qputenv("HF_ENDPOINT", m_hub->endpoint().toUtf8());
        for (const char *name : {"LLAMA_CACHE", "HF_HOME", "HF_HUB_CACHE", "HF_TOKEN", "MODEL_ENDPOINT"})
            qunsetenv(name);
        QVERIFY(QDir().mkpath(modelDir()));
        QVERIFY(camchat::test::writeJsonFile(QDir(modelDir()).filePath(kId + QStringLiteral(".json")),
                                             camchat::test::tinyDownloadProfile(kId, kRepo)));
    }

    void cleanup()
    {
        m_hub.reset();
        m_dir.reset();
    }

    void refusesUnknownAndSourceless()
    {
        ModelCatalog catalog;
        catalog.reload();
        ModelDownloads downloads(&catalog);
        QSignalSpy started(&downloads, &ModelDownloads::started);
        QVERIFY(!downloads.start(QStringLiteral("no-such-id")));
        QVERIFY(!downloads.start(QStringLiteral("smolvlm-256m-npu"))); // no source block
        QCOMPARE(started.count(), 0);
        QVERIFY(downloads.activeIds().isEmpty());

        // The built-in CPU profiles carry their source and sizes (the window shows them offline).
        const auto smol = catalog.entry(QStringLiteral("smolvlm-500m-cpu"));
        QVERIFY(smol);
        QVERIFY(smol->downloadable);
        QCOMPARE(smol->totalBytes, qint64(436806912) + qint64(108783360));
        QCOMPARE(smol->downloadBytes, smol->totalBytes);
        QCOMPARE(smol->fileStatus.size(), 2);
        QCOMPARE(smol->fileStatus.at(0).state, FileDownloadState::Missing);
        QVERIFY(!catalog.entry(QStringLiteral("smolvlm-256m-npu"))->downloadable);
    }

    void downloadMakesTheProfileReady()
    {
        ModelCatalog catalog;
        catalog.reload();
        QVERIFY(!catalog.entry(kId)->isReady());
        QCOMPARE(catalog.entry(kId)->downloadBytes, -1); // no sizes in this profile: unknown offline

        ModelDownloads downloads(&catalog);
        QSignalSpy started(&downloads, &ModelDownloads::started);
        QSignalSpy progress(&downloads, &ModelDownloads::progressChanged);
        QSignalSpy finished(&downloads, &ModelDownloads::finished);
        QSignalSpy failed(&downloads, &ModelDownloads::failed);
        bool readyWhenFinished = false;
        connect(&downloads, &ModelDownloads::finished, this,
                [&](const QString &id) { readyWhenFinished = catalog.entry(id) && catalog.entry(id)->isReady(); });

        QVERIFY(downloads.start(kId));
        QCOMPARE(started.count(), 1);
        QVERIFY(downloads.isActive(kId));
        QCOMPARE(downloads.activeIds(), QStringList{kId});
        QVERIFY(!downloads.start(kId)); // already running
        QVERIFY(downloads.progress(kId));

        QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 1, kTimeoutMs);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).toString(), kId);
        QVERIFY(readyWhenFinished); // the catalogue reloaded before finished()
        QVERIFY(progress.count() >= 1);
        QVERIFY(!downloads.isActive(kId));
        QVERIFY(!downloads.progress(kId));

        const auto entry = catalog.entry(kId);
        QVERIFY(entry->isReady());
        QCOMPARE(entry->downloadBytes, 0);
        QCOMPARE(entry->totalBytes, fixtureSize(kModel) + fixtureSize(kMmproj));
        for (const auto &file : entry->fileStatus)
            QCOMPARE(file.state, FileDownloadState::Ready);

        // remove() deletes them and the catalogue follows.
        QSignalSpy reloaded(&catalog, &ModelCatalog::profilesChanged);
        QVERIFY(!downloads.remove(kId));
        QCOMPARE(reloaded.count(), 1);
        QVERIFY(!catalog.entry(kId)->isReady());
        QVERIFY(!QFileInfo::exists(target(kModel)));
    }

    void cancelKeepsThePartAndStartResumes()
    {
        QVERIFY(m_hub->set(QStringLiteral("rate 50000")));
        ModelCatalog catalog;
        catalog.reload();
        ModelDownloads downloads(&catalog);
        QSignalSpy cancelled(&downloads, &ModelDownloads::cancelled);
        QSignalSpy finished(&downloads, &ModelDownloads::finished);
        QVERIFY(downloads.start(kId));
        QTRY_VERIFY_WITH_TIMEOUT(downloads.progress(kId) && downloads.progress(kId)->received > 0, kTimeoutMs);
        const camchat::session::DownloadProgress during = downloads.progress(kId).value();
        QCOMPARE(during.total, fixtureSize(kModel) + fixtureSize(kMmproj));
        QCOMPARE(during.currentFile, kModel);
        QCOMPARE(downloads.overall().total, during.total);

        downloads.cancel(kId);
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kTimeoutMs);
        QCOMPARE(finished.count(), 0);
        QVERIFY(!downloads.isActive(kId));
        const qint64 part = QFileInfo(target(kModel) + QStringLiteral(".part")).size();
        QVERIFY(part > 0);
        QVERIFY(!QFileInfo::exists(target(kModel)));
        const auto entry = catalog.entry(kId);
        QCOMPARE(entry->fileStatus.at(0).state, FileDownloadState::Partial);
        QCOMPARE(entry->fileStatus.at(0).partBytes, part);

        QVERIFY(m_hub->set(QStringLiteral("rate 0")));
        m_hub->clearLog();
        QVERIFY(downloads.start(kId));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QVERIFY(catalog.entry(kId)->isReady());
        bool resumed = false;
        for (const QString &line : m_hub->log())
            resumed |= line.startsWith(QLatin1String("cdn ")) && line.contains(QStringLiteral("range=bytes=%1-").arg(part));
        QVERIFY2(resumed, qPrintable(m_hub->log().join(QLatin1Char('\n'))));
        QCOMPARE(QCryptographicHash::hash(camchat::test::readFile(target(kModel)), QCryptographicHash::Sha256),
                 QCryptographicHash::hash(camchat::test::readFile(camchat::test::fixture(kModel)),
                                          QCryptographicHash::Sha256));
    }

    void failureIsATypedError()
    {
        QVERIFY(m_hub->set(QStringLiteral("corrupt 1")));
        ModelCatalog catalog;
        catalog.reload();
        ModelDownloads downloads(&catalog);
        QSignalSpy failed(&downloads, &ModelDownloads::failed);
        QVERIFY(downloads.start(kId));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
        QCOMPARE(failed.at(0).at(0).toString(), kId);
        const auto error = failed.at(0).at(1).value<InferenceError>();
        QCOMPARE(error.code, InferenceErrorCode::ChecksumMismatch);
        QVERIFY(!QFileInfo::exists(target(kModel) + QStringLiteral(".part")));
        QVERIFY(!downloads.isActive(kId));
    }
};

QTEST_GUILESS_MAIN(TestModelDownloads)
#include "test_modeldownloads.moc"
