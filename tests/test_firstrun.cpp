// The first start of a newcomer, end to end and offscreen: no model is ready, the banner
// offers SmolVLM 500M; one click downloads it from the loopback hub (the tiny fixture
// model under the real file names, with its real checksums), the model loads without a
// restart and Ask turns on. Also: Cancel keeps the partial download and Download resumes
// it, and the status bar follows the download.
#include "ui/firstrunbanner.h"
#include "ui/mainwindow.h"
#include "ui/promptedit.h"

#include "fakehub.h"
#include "session/modelcatalog.h"
#include "session/modeldownloads.h"
#include "widgettest.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using camchat::test::child;
using camchat::test::FakeHub;
using camchat::ui::FirstRunBanner;
using camchat::ui::MainWindow;

namespace {

constexpr int kTimeoutMs = 60000;
const QString kRepo = QStringLiteral("ggml-org/SmolVLM-500M-Instruct-GGUF");
const QString kModel = QStringLiteral("SmolVLM-500M-Instruct-Q8_0.gguf");
const QString kMmproj = QStringLiteral("mmproj-SmolVLM-500M-Instruct-Q8_0.gguf");

} // namespace

class TestFirstRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void oneClickToAnAnswer();
    void cancelKeepsPartAndResumes();

private:
    QString modelDir() const { return camchat::inference::ModelProfiles::userProfileDir(); }

    QTemporaryDir m_home;
    QTemporaryDir m_served;
    std::unique_ptr<FakeHub> m_hub;
};

void TestFirstRun::initTestCase()
{
    QVERIFY(m_home.isValid() && m_served.isValid());
    for (const char *name : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"})
        qputenv(name, m_home.filePath(QLatin1String(name)).toUtf8());
    qputenv("LLAMA_CACHE", m_home.filePath(QStringLiteral("llama.cpp")).toUtf8());
    qputenv("HF_HOME", m_home.filePath(QStringLiteral("hf")).toUtf8());
    qunsetenv("HF_HUB_CACHE");
    qunsetenv("HF_TOKEN");
    qunsetenv("MODEL_ENDPOINT");
    QCoreApplication::setOrganizationName(QStringLiteral("camchat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_firstrun"));

    QVERIFY(camchat::test::copyTinyModelFiles(m_served.path(), kModel, kMmproj));
    m_hub = std::make_unique<FakeHub>(m_served.path(), kRepo);
    QVERIFY(m_hub->isRunning());
    qputenv("HF_ENDPOINT", m_hub->endpoint().toUtf8());
}

void TestFirstRun::init()
{
    QSettings().clear();
    QDir(modelDir()).removeRecursively();
    QVERIFY(QDir().mkpath(modelDir()));
    QVERIFY(m_hub->set(QStringLiteral("rate 0")));
    m_hub->clearLog();
}

void TestFirstRun::oneClickToAnAnswer()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    FirstRunBanner *banner = window->firstRunBanner();
    QVERIFY(banner->isVisible());
    auto *ask = child<QPushButton>(*window, "askButton");
    QVERIFY(ask && !ask->isEnabled());

    QSignalSpy ready(window.get(), &MainWindow::modelReady);
    QSignalSpy failed(window.get(), &MainWindow::modelLoadFailed);
    QTest::mouseClick(child<QPushButton>(*banner, "firstRunDownload"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty(), kTimeoutMs);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(ready.first().first().toString(), QStringLiteral("smolvlm-500m-cpu"));

    // No restart: the banner has gone, the files are in place, the choice is remembered.
    QVERIFY(!banner->isVisible());
    QVERIFY(QFile::exists(QDir(modelDir()).filePath(kModel)));
    QVERIFY(QFile::exists(QDir(modelDir()).filePath(kMmproj)));
    QVERIFY(!QFile::exists(QDir(modelDir()).filePath(kModel + QStringLiteral(".part"))));
    QCOMPARE(camchat::session::ModelCatalog::rememberedId(), QStringLiteral("smolvlm-500m-cpu"));

    // With an image and a question, Ask is on.
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    const QString photo = m_home.filePath(QStringLiteral("photo.png"));
    QVERIFY(image.save(photo));
    QSignalSpy changed(window.get(), &MainWindow::imageChanged);
    window->openImageFile(photo);
    QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), kTimeoutMs);
    auto *prompt = window->findChild<camchat::ui::PromptEdit *>();
    QVERIFY(prompt);
    prompt->setPlainText(QStringLiteral("What is this?"));
    QTRY_VERIFY(ask->isEnabled());

    // The hub served both files, without a token.
    const QStringList log = m_hub->log();
    QVERIFY(!log.filter(QStringLiteral("cdn GET")).filter(kModel).isEmpty());
    QVERIFY(log.filter(QStringLiteral("auth=yes")).isEmpty());
}

void TestFirstRun::cancelKeepsPartAndResumes()
{
    // Slow enough to cancel halfway.
    QVERIFY(m_hub->set(QStringLiteral("rate 20000")));
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    FirstRunBanner *banner = window->firstRunBanner();
    camchat::session::ModelDownloads *downloads = window->modelDownloads();
    QSignalSpy progress(downloads, &camchat::session::ModelDownloads::progressChanged);
    QTest::mouseClick(child<QPushButton>(*banner, "firstRunDownload"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(downloads->progress(banner->offeredId()).value_or(
                                 camchat::session::DownloadProgress{}).received > 0, kTimeoutMs);

    // The banner and the status bar show it.
    QVERIFY(child<QPushButton>(*banner, "firstRunCancel")->isVisible());
    auto *state = child<QLabel>(*window, "downloadState");
    QVERIFY(state);
    QTRY_VERIFY(state->isVisible());
    QVERIFY2(state->text().startsWith(QLatin1String("Downloading")), qPrintable(state->text()));

    QSignalSpy cancelled(downloads, &camchat::session::ModelDownloads::cancelled);
    QTest::mouseClick(child<QPushButton>(*banner, "firstRunCancel"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!cancelled.isEmpty(), kTimeoutMs);
    QVERIFY(!state->isVisible());
    QVERIFY(QDir(modelDir()).entryList({QStringLiteral("*.part")}, QDir::Files).size() >= 1);
    auto *download = child<QPushButton>(*banner, "firstRunDownload");
    QTRY_VERIFY(download->isVisible());
    QCOMPARE(download->text(), QStringLiteral("Resume download"));

    // Resume: the hub is asked for the rest only.
    m_hub->clearLog();
    QVERIFY(m_hub->set(QStringLiteral("rate 0")));
    QSignalSpy ready(window.get(), &MainWindow::modelReady);
    QTest::mouseClick(download, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty(), kTimeoutMs);
    const QStringList ranged = m_hub->log().filter(QStringLiteral("cdn GET")).filter(QRegularExpression(QStringLiteral("range=bytes=[1-9]")));
    QVERIFY2(!ranged.isEmpty(), qPrintable(m_hub->log().join(QLatin1Char('\n'))));
}

QTEST_MAIN(TestFirstRun)
#include "test_firstrun.moc"
