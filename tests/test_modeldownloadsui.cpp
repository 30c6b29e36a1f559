// The window's side of model downloads, offline: the model picker's Download entries with
// their sizes, the first-run banner, Models → Manage models (sizes, states, a partial
// download to resume, Remove asking first) and the kiosk's line when no model is ready.
// The download itself, from a loopback hub, is test_firstrun's.
#include "ui/firstrunbanner.h"
#include "ui/kioskmode.h"
#include "ui/mainwindow.h"
#include "ui/modelpicker.h"
#include "ui/modelsdialog.h"

#include "session/modelcatalog.h"
#include "session/modeldownloads.h"

#include "widgettest.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using camchat::session::ModelCatalog;
using camchat::ui::FirstRunBanner;
using camchat::ui::KioskMode;
using camchat::ui::MainWindow;
using camchat::ui::ModelPicker;
using camchat::ui::ModelsDialog;
using camchat::test::child;

namespace {

const QString kOfferId = QStringLiteral("smolvlm-500m-cpu");

int pickerRow(const ModelPicker &picker, const QString &id)
{
    return picker.findData(id);
}

QTreeWidgetItem *dialogRow(const ModelsDialog &dialog, const QString &id)
{
    const auto *list = child<QTreeWidget>(dialog, "modelsList");
    for (int i = 0; list && i < list->topLevelItemCount(); ++i) {
        if (list->topLevelItem(i)->data(0, Qt::UserRole).toString() == id)
            return list->topLevelItem(i);
    }
    return nullptr;
}

} // namespace

class TestModelDownloadsUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void pickerOffersDownloadWithSize();
    void bannerOffersFirstRunModel();
    void manageDialogListsSizesAndStates();
    void partialDownloadOffersResume();
    void removeAsksFirst();
    void kioskSaysHowToGetAModel();
    void bannerHidesOnceAModelIsReady();

private:
    QTemporaryDir m_home;
    QString modelDir() const { return camchat::inference::ModelProfiles::userProfileDir(); }
};

void TestModelDownloadsUi::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("camchat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_modeldownloadsui"));
    // A home of its own (not QStandardPaths' shared test mode): tests run in parallel, and
    // model files this one puts in place must not make another's profiles ready.
    QVERIFY(m_home.isValid());
    for (const char *name : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"})
        qputenv(name, m_home.filePath(QLatin1String(name)).toUtf8());
    // No cache of a real llama.cpp or hub install may answer for the hub.
    qputenv("LLAMA_CACHE", m_home.filePath(QStringLiteral("llama.cpp")).toUtf8());
    qputenv("HF_HOME", m_home.filePath(QStringLiteral("hf")).toUtf8());
    qunsetenv("HF_HUB_CACHE");
    // Never the real hub: a download started here is refused at once by a closed port.
    qputenv("HF_ENDPOINT", "http://127.0.0.1:1");
    qunsetenv("MODEL_ENDPOINT");
}

void TestModelDownloadsUi::init()
{
    QSettings().clear();
    QDir(modelDir()).removeRecursively();
    QVERIFY(QDir().mkpath(modelDir()));
}

void TestModelDownloadsUi::pickerOffersDownloadWithSize()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    auto *picker = child<ModelPicker>(*window, "modelPicker");
    QVERIFY(picker);
    const int row = pickerRow(*picker, kOfferId);
    QVERIFY(row >= 0);
    // 436,806,912 + 108,783,360 bytes, known offline from the built-in profile.
    QVERIFY2(picker->itemText(row).contains(QLatin1String("546 MB")), qPrintable(picker->itemText(row)));

    // Picking it asks for the download and leaves no model chosen.
    QSignalSpy download(picker, &ModelPicker::downloadRequested);
    QSignalSpy load(picker, &ModelPicker::loadRequested);
    picker->setCurrentIndex(row);
    Q_EMIT picker->activated(row);
    QCOMPARE(download.count(), 1);
    QCOMPARE(download.first().first().toString(), kOfferId);
    QCOMPARE(load.count(), 0);
    QCOMPARE(picker->currentIndex(), -1);
    window->modelDownloads()->cancel(kOfferId); // it went to a hub that is not there

    // The last entry opens Manage models.
    const int manage = picker->count() - 1;
    QVERIFY(picker->itemText(manage).contains(QLatin1String("Manage models")));
    picker->setCurrentIndex(manage);
    Q_EMIT picker->activated(manage);
    auto *dialog = window->findChild<ModelsDialog *>(QStringLiteral("modelsDialog"));
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
}

void TestModelDownloadsUi::bannerOffersFirstRunModel()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    FirstRunBanner *banner = window->firstRunBanner();
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->offeredId(), kOfferId);
    auto *message = child<QLabel>(*banner, "firstRunMessage");
    QVERIFY(message);
    QVERIFY2(message->text().contains(QLatin1String("camchat needs a vision model to answer"))
                 && message->text().contains(QLatin1String("546 MB")),
             qPrintable(message->text()));
    auto *download = child<QPushButton>(*banner, "firstRunDownload");
    QVERIFY(download && download->isVisible());
    // Not an NPU board here: no NPU line.
    QVERIFY(!child<QLabel>(*banner, "firstRunNpuHint")->isVisible());

    // On a board whose NPU check passed, the NPU files are named too, and the CPU model
    // is still on offer.
    banner->setNpuFiles({QStringLiteral("vision.rknn"), QStringLiteral("llm.rkllm")}, modelDir());
    auto *npu = child<QLabel>(*banner, "firstRunNpuHint");
    QVERIFY(npu->isVisible());
    QVERIFY2(npu->text().contains(QLatin1String("vision.rknn")) && npu->text().contains(QLatin1String("llm.rkllm")),
             qPrintable(npu->text()));
    QVERIFY(download->isVisible());

    auto *manage = child<QPushButton>(*banner, "firstRunManage");
    QTest::mouseClick(manage, Qt::LeftButton);
    auto *dialog = window->findChild<ModelsDialog *>(QStringLiteral("modelsDialog"));
    QVERIFY(dialog && dialog->isVisible());
    QCOMPARE(dialog->selectedId(), kOfferId);
}

void TestModelDownloadsUi::manageDialogListsSizesAndStates()
{
    ModelCatalog models;
    models.reload();
    camchat::session::ModelDownloads downloads(&models);
    ModelsDialog dialog(&models, &downloads);
    dialog.show();

    QTreeWidgetItem *small = dialogRow(dialog, QStringLiteral("smolvlm-256m-cpu"));
    QVERIFY(small);
    // 175,054,528 + 103,769,856 bytes.
    QCOMPARE(small->text(2), QStringLiteral("279 MB"));
    QCOMPARE(small->text(3), QStringLiteral("Not downloaded"));
    QTreeWidgetItem *npu = dialogRow(dialog, QStringLiteral("smolvlm-256m-npu"));
    QVERIFY(npu);
    QVERIFY2(npu->text(3).contains(QLatin1String("no download source")), qPrintable(npu->text(3)));

    auto *download = child<QPushButton>(dialog, "modelsDownload");
    auto *remove = child<QPushButton>(dialog, "modelsRemove");
    dialog.select(QStringLiteral("smolvlm-256m-cpu"));
    QVERIFY(download->isEnabled());
    QVERIFY(!remove->isEnabled()); // nothing on disk to remove
    dialog.select(QStringLiteral("smolvlm-256m-npu"));
    QVERIFY(!download->isEnabled());
}

void TestModelDownloadsUi::partialDownloadOffersResume()
{
    QFile part(QDir(modelDir()).filePath(QStringLiteral("SmolVLM-500M-Instruct-Q8_0.gguf.part")));
    QVERIFY(part.open(QIODevice::WriteOnly));
    QVERIFY(part.write(QByteArray(1000, 'x')) == 1000);
    part.close();

    ModelCatalog models;
    models.reload();
    camchat::session::ModelDownloads downloads(&models);
    ModelsDialog dialog(&models, &downloads);
    dialog.select(kOfferId);
    QVERIFY2(dialogRow(dialog, kOfferId)->text(3).startsWith(QLatin1String("Partly downloaded")),
             qPrintable(dialogRow(dialog, kOfferId)->text(3)));
    QCOMPARE(child<QPushButton>(dialog, "modelsDownload")->text(), QStringLiteral("Resume download"));
    QVERIFY(child<QPushButton>(dialog, "modelsRemove")->isEnabled());

    FirstRunBanner banner(&models, &downloads);
    banner.refresh();
    QCOMPARE(child<QPushButton>(banner, "firstRunDownload")->text(), QStringLiteral("Resume download"));
}

void TestModelDownloadsUi::removeAsksFirst()
{
    const QString partPath = QDir(modelDir()).filePath(QStringLiteral("SmolVLM-500M-Instruct-Q8_0.gguf.part"));
    QFile part(partPath);
    QVERIFY(part.open(QIODevice::WriteOnly));
    QVERIFY(part.write("marker") == 6);
    part.close();

    ModelCatalog models;
    models.reload();
    camchat::session::ModelDownloads downloads(&models);
    ModelsDialog dialog(&models, &downloads);
    dialog.select(kOfferId);
    QStringList asked;
    bool answer = false;
    dialog.setRemoveConfirmation([&](const QString &name) {
        asked << name;
        return answer;
    });
    auto *remove = child<QPushButton>(dialog, "modelsRemove");
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
    QVERIFY(QFile::exists(partPath)); // "no" keeps it

    answer = true;
    QTest::mouseClick(remove, Qt::LeftButton);
    QCOMPARE(asked.size(), 2);
    QVERIFY(!QFile::exists(partPath));
    QCOMPARE(dialogRow(dialog, kOfferId)->text(3), QStringLiteral("Not downloaded"));
}

void TestModelDownloadsUi::kioskSaysHowToGetAModel()
{
    ModelCatalog models;
    models.reload();
    const QString hint = KioskMode::noModelHint(models);
    QVERIFY2(hint.contains(QLatin1String("camchat models pull smolvlm-500m-cpu")), qPrintable(hint));
}

void TestModelDownloadsUi::bannerHidesOnceAModelIsReady()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    QVERIFY(window->firstRunBanner()->isVisible());
    // The 256M model's files appear (copied by hand): after a reload the banner goes and
    // the kiosk would have nothing to explain.
    for (const char *name : {"SmolVLM-256M-Instruct-Q8_0.gguf", "mmproj-SmolVLM-256M-Instruct-Q8_0.gguf"}) {
        QFile file(QDir(modelDir()).filePath(QLatin1String(name)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not really a model");
    }
    window->findChild<QAction *>(QStringLiteral("actionReloadModels"))->trigger();
    QVERIFY(!window->firstRunBanner()->isVisible());
    QVERIFY(KioskMode::noModelHint(*window->modelCatalog()).isEmpty());
}

QTEST_MAIN(TestModelDownloadsUi)
#include "test_modeldownloadsui.moc"
