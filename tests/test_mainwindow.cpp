#include "fakev4l2.h"
#include "testimages.h"
#include "widgettest.h"
#include "ui/chatview.h"
#include "ui/errortext.h"
#include "ui/i18n.h"
#include "session/kioskcontroller.h"
#include "ui/kioskwindow.h"
#include "ui/mainwindow.h"
#include "ui/previewview.h"
#include "ui/promptarea.h"
#include "ui/promptedit.h"
#include "ui/settingsdialog.h"
#include "session/settingskeys.h"
#include "session/sourcemanager.h"
#include "ui/sourcepicker.h"
#include "ui/statuspanel.h"

#include "capture/jpegcodec.h"
#include "inference/rk/rklibrarysearch.h"
#include "capture/v4l2/v4l2discovery.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <memory>

using camchat::ui::MainWindow;
using camchat::ui::PreviewView;
using camchat::ui::PromptArea;
using camchat::ui::PromptEdit;
using camchat::ui::StatusPanel;

namespace {

constexpr int kLoadTimeoutMs = 10000;

// A flat colour with a darker band: recognisable by size and by two known pixels.
QImage makeImage(QSize size, QColor colour)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    QPainter painter(&image);
    painter.fillRect(0, size.height() / 2, size.width(), size.height() / 4, colour.darker(200));
    return image;
}

bool sameColour(QRgb a, QRgb b, int tolerance = 2)
{
    return std::abs(qRed(a) - qRed(b)) <= tolerance && std::abs(qGreen(a) - qGreen(b)) <= tolerance
        && std::abs(qBlue(a) - qBlue(b)) <= tolerance;
}

using camchat::test::child;

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void opensImageFile();
    void dropOfFileUrl();
    void dropOfImageData();
    void dropOfEncodedImageBytes();
    void pasteActionUsesClipboardImage();
    void ctrlVInPromptPastesTextWhenClipboardHasText();
    void ctrlVInPromptPastesImageWhenClipboardHasOnlyImage();
    void corruptFileShowsErrorBarAndKeepsImage();
    void newerLoadSupersedesOlder();
    void askDisabledWithExplanation();
    void presetFillsPromptUndoably();
    void saveSnapshotEnabledOnlyWithImage();
    void saveSnapshotWritesFile();
    void copyAnswerFollowsChatView();
    void initialSplitGivesPreviewMostRoom();
    void settingsSurviveRecreatingWindow();
    void settingsDialogReadsAndWritesSettings();
    void settingsDialogRuntimeFolder();
    void settingsDialogModelPage();
    void livePickDeviceInSourcePicker();
    void liveSpaceSnapsAndViewGoesOn();
    void liveFormatPickerRenegotiates();
    void liveSaveSnapshotWritesFullSizeJpeg();
    void liveBackToImageAndHotplug();
    void kioskModeOpensDeviceAndEscReturns();
    // Installs translators on the application: keep it last.
    void germanLeavesNoEnglishText();

private:
    QString writePng(const QString &name, QSize size, QColor colour);
    static bool waitForImage(MainWindow &window, QSignalSpy &spy);
    // A window whose live side sees a fake UVC camera (video0: MJPG 1280x720, YUYV
    // 640x480 and 320x240) and a fake HDMI receiver with a 1280x720 signal (video2).
    std::unique_ptr<MainWindow> showLiveWindow();
    // Picks the fake camera in the source picker with the keyboard; true once it paints.
    bool pickCamera(MainWindow &window);
    QString devicePath(const char *node) const { return m_devDir->filePath(QLatin1String(node)); }

    std::shared_ptr<camchat::capture::test::FakeV4l2Io> m_io;
    std::unique_ptr<QTemporaryDir> m_devDir;

    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("camchat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_mainwindow"));
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestMainWindow::init()
{
    QSettings().clear();
    QGuiApplication::clipboard()->clear();
}

QString TestMainWindow::writePng(const QString &name, QSize size, QColor colour)
{
    const QString path = m_dir.filePath(name);
    if (!makeImage(size, colour).save(path, "PNG"))
        return {};
    return path;
}

bool TestMainWindow::waitForImage(MainWindow &window, QSignalSpy &spy)
{
    Q_UNUSED(window);
    return spy.count() > 0 || spy.wait(kLoadTimeoutMs);
}

void TestMainWindow::opensImageFile()
{
    const QString path = writePng(QStringLiteral("open.png"), {320, 200}, QColor(200, 40, 40));
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    auto *preview = child<PreviewView>(*window, "previewView");
    QVERIFY(preview);
    QVERIFY(!preview->hasImage());

    QSignalSpy changed(window.get(), &MainWindow::imageChanged);
    window->openImageFile(path);
    QVERIFY(waitForImage(*window, changed));

    QVERIFY(preview->hasImage());
    QCOMPARE(preview->image().size(), QSize(320, 200));
    QVERIFY(sameColour(preview->image().pixel(10, 10), qRgb(200, 40, 40)));
    QCOMPARE(window->currentFrame().width(), 320);
    QCOMPARE(window->currentFrame().height(), 200);
    // The image is drawn inside the widget with its aspect ratio kept.
    const QRect drawn = preview->imageRect();
    QVERIFY(preview->rect().contains(drawn));
    QVERIFY(qAbs(double(drawn.width()) / drawn.height() - 1.6) < 0.02);

    auto *info = child<QLabel>(*window, "imageInfo");
    QVERIFY(info);
    QVERIFY2(info->text().contains(QLatin1String("320")) && info->text().contains(QLatin1String("open.png")),
             qPrintable(info->text()));
}

void TestMainWindow::dropOfFileUrl()
{
    const QString path = writePng(QStringLiteral("dropped.png"), {240, 160}, QColor(30, 160, 60));
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    auto *preview = child<PreviewView>(*window, "previewView");
    QSignalSpy changed(window.get(), &MainWindow::imageChanged);

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    // Dropped on the preview, which leaves drops to the window around it.
    const QPoint pos = preview->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(preview, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(preview, &drop);
    QVERIFY(drop.isAccepted());

    QVERIFY(waitForImage(*window, changed));
    QCOMPARE(preview->image().size(), QSize(240, 160));
    QVERIFY(sameColour(preview->image().pixel(5, 5), qRgb(30, 160, 60)));
}

void TestMainWindow::dropOfImageData()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    auto *preview = child<PreviewView>(*window, "previewView");
    QSignalSpy changed(window.get(), &MainWindow::imageChanged);

    QMimeData mime;
    mime.setImageData(makeImage({123, 77}, QColor(20, 60, 220)));
    QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window.get(), &drop);
    QVERIFY(drop.isAccepted());

    QVERIFY(waitForImage(*window, changed));
    QCOMPARE(preview->image().size(), QSize(123, 77));
    QVERIFY(sameColour(preview->image().pixel(3, 3), qRgb(20, 60, 220)));
}

void TestMainWindow::dropOfEncodedImageBytes()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    QSignalSpy changed(window.get(), &MainWindow::imageChanged);

    QFile file(writePng(QStringLiteral("bytes.png"), {64, 48}, QColor(250, 200, 0)));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QMimeData mime;
    mime.setData(QStringLiteral("image/png"), file.readAll());
    QDragEnterEvent enter(QPoint(20, 20), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(20, 20), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window.get(), &drop);
    QVERIFY(drop.isAccepted());

    QVERIFY(waitForImage(*window, changed));
    QCOMPARE(window->currentFrame().width(), 64);
    QCOMPARE(window->currentFrame().height(), 48);
}

void TestMainWindow::pasteActionUsesClipboardImage()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    auto *preview = child<PreviewView>(*window, "previewView");
    auto *paste = child<QAction>(*window, "actionPasteImage");
    QVERIFY(paste);
    QSignalSpy changed(window.get(), &MainWindow::imageChanged);

    // Nothing on the clipboard: nothing happens, and the window says so.
    paste->trigger();
    QTest::qWait(100);
    QCOMPARE(changed.count(), 0);
    QVERIFY(!window->statusBar()->currentMessage().isEmpty());

    QGuiApplication::clipboard()->setImage(makeImage({200, 100}, QColor(120, 0, 120)));
    paste->trigger();
    QVERIFY(waitForImage(*window, changed));
    QCOMPARE(preview->image().size(), QSize(200, 100));
    QVERIFY(sameColour(preview->image().pixel(1, 1), qRgb(120, 0, 120)));
}

void TestMainWindow::ctrlVInPromptPastesTextWhenClipboardHasText()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    auto *prompt = child<PromptEdit>(*window, "promptEdit");
    prompt->setFocus();
    QSignalSpy changed(window.get(), &MainWindow::imageChanged);

    QGuiApplication::clipboard()->setText(QStringLiteral("pasted words"));
    QTest::keyClick(prompt, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("pasted words"));
    QTest::qWait(100);
    QCOMPARE(changed.count(), 0);
}

void TestMainWindow::ctrlVInPromptPastesImageWhenClipboardHasOnlyImage()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    auto *prompt = child<PromptEdit>(*window, "promptEdit");
    prompt->setFocus();
    QTest::keyClicks(prompt, QStringLiteral("draft"));
    QSignalSpy changed(window.get(), &MainWindow::imageChanged);

    QGuiApplication::clipboard()->setImage(makeImage({90, 60}, QColor(0, 200, 200)));
    QTest::keyClick(prompt, Qt::Key_V, Qt::ControlModifier);
    QVERIFY(waitForImage(*window, changed));
    QCOMPARE(window->currentFrame().width(), 90);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("draft"));

    // Elsewhere in the window Ctrl+V pastes the image too.
    QGuiApplication::clipboard()->setImage(makeImage({70, 50}, QColor(0, 0, 0)));
    auto *chat = child<QWidget>(*window, "chatView");
    chat->setFocus();
    QTest::keyClick(chat, Qt::Key_V, Qt::ControlModifier);
    QVERIFY(changed.wait(kLoadTimeoutMs));
    QCOMPARE(window->currentFrame().width(), 70);
}

void TestMainWindow::corruptFileShowsErrorBarAndKeepsImage()
{
    const QString good = writePng(QStringLiteral("good.png"), {160, 90}, QColor(10, 100, 200));
    const QString bad = m_dir.filePath(QStringLiteral("broken.png"));
    {
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QFile source(good);
        QVERIFY(source.open(QIODevice::ReadOnly));
        QByteArray bytes = source.readAll();
        // A real PNG signature and header, then garbage where the pixels should be.
        for (qsizetype i = 40; i < bytes.size(); ++i)
            bytes[i] = char(i * 37);
        file.write(bytes);
    }

    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    auto *preview = child<PreviewView>(*window, "previewView");
    auto *errorBar = child<QWidget>(*window, "errorBar");
    QVERIFY(errorBar);
    QVERIFY(!errorBar->isVisible());

    QSignalSpy changed(window.get(), &MainWindow::imageChanged);
    QSignalSpy failed(window.get(), &MainWindow::imageLoadFailed);
    window->openImageFile(good);
    QVERIFY(waitForImage(*window, changed));

    window->openImageFile(bad);
    QVERIFY(failed.wait(kLoadTimeoutMs));
    QCOMPARE(changed.count(), 1);
    QVERIFY(errorBar->isVisible());
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QLatin1String("broken.png")), qPrintable(message));
    QCOMPARE(child<QLabel>(*window, "errorMessage")->text(), message);
    // The previous image stays.
    QCOMPARE(preview->image().size(), QSize(160, 90));
    QCOMPARE(window->currentFrame().width(), 160);
    QVERIFY(window->isVisible());

    // Technical detail only on request.
    auto *details = child<QLabel>(*window, "errorDetails");
    auto *detailsButton = child<QAbstractButton>(*window, "errorDetailsButton");
    if (!details->text().isEmpty()) {
        QVERIFY(detailsButton->isVisible());
        QVERIFY(!details->isVisible());
        detailsButton->click();
        QVERIFY(details->isVisible());
    }

    child<QAbstractButton>(*window, "errorCloseButton")->click();
    QVERIFY(!errorBar->isVisible());

    // A missing file fails the same way, with the sentence from errortext.
    window->openImageFile(m_dir.filePath(QStringLiteral("no-such-file.png")));
    QVERIFY(failed.wait(kLoadTimeoutMs));
    QVERIFY(errorBar->isVisible());
    const QString missing = camchat::ui::describeImageError({camchat::capture::ImageErrorCode::FileNotFound, {}});
    QVERIFY2(failed.last().first().toString().contains(missing), qPrintable(failed.last().first().toString()));

    // An image too large to decode is refused from its header, with the size limit named.
    const QString huge = camchat::testimages::writeTempFile(
        m_dir, QStringLiteral("huge.png"), camchat::testimages::pngWithHeaderSize(20000, 20000));
    QVERIFY(!huge.isEmpty());
    window->openImageFile(huge);
    QVERIFY(failed.wait(kLoadTimeoutMs));
    const QString tooLarge = camchat::ui::describeImageError({camchat::capture::ImageErrorCode::TooManyPixels, {}});
    QVERIFY2(failed.last().first().toString().contains(tooLarge), qPrintable(failed.last().first().toString()));
    QCOMPARE(window->currentFrame().width(), 160);

    // A good image afterwards clears the stale error.
    window->openImageFile(good);
    QVERIFY(changed.wait(kLoadTimeoutMs));
    QVERIFY(!errorBar->isVisible());
}

void TestMainWindow::newerLoadSupersedesOlder()
{
    const QString big = writePng(QStringLiteral("big.png"), {3000, 2000}, QColor(90, 90, 90));
    const QString small = writePng(QStringLiteral("small.png"), {30, 20}, QColor(200, 200, 0));
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    QSignalSpy changed(window.get(), &MainWindow::imageChanged);

    window->openImageFile(big);
    window->openImageFile(small);
    QVERIFY(waitForImage(*window, changed));
    // Give the older load every chance to land late.
    QTest::qWait(1500);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(window->currentFrame().width(), 30);
}

void TestMainWindow::askDisabledWithExplanation()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    auto *ask = child<QPushButton>(*window, "askButton");
    auto *stop = child<QPushButton>(*window, "stopButton");
    QVERIFY(ask && stop);
    QVERIFY(!ask->isEnabled());
    QCOMPARE(ask->toolTip(), PromptArea::tr("No model is configured, so there is nothing to ask yet."));
    QVERIFY(!stop->isEnabled());

    // Enter in the prompt box sends nothing anywhere and invents no answer.
    auto *prompt = child<PromptEdit>(*window, "promptEdit");
    auto *chat = child<camchat::ui::ChatView>(*window, "chatView");
    QTest::keyClicks(prompt, QStringLiteral("What is this?"));
    QTest::keyClick(prompt, Qt::Key_Return);
    QVERIFY(!chat->hasAnswer());
    QCOMPARE(window->statusBar()->currentMessage(), ask->toolTip());

    QVERIFY(child<QWidget>(*window, "latencyPanel"));
    auto *model = child<QLabel>(*window, "modelState");
    QVERIFY(model);
    QCOMPARE(model->text(), StatusPanel::tr("No model configured"));
}

void TestMainWindow::presetFillsPromptUndoably()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    auto *prompt = child<PromptEdit>(*window, "promptEdit");
    prompt->setFocus();
    QTest::keyClicks(prompt, QStringLiteral("my own draft"));

    for (const char *name : {"presetDescribe", "presetReadText", "presetUnusual"}) {
        auto *preset = child<QPushButton>(*window, name);
        QVERIFY2(preset, name);
        preset->click();
        QVERIFY(!prompt->toPlainText().isEmpty());
        QVERIFY(prompt->toPlainText() != QLatin1String("my own draft"));
        QVERIFY(prompt->hasFocus() || !window->isActiveWindow());
        // One undo step brings the draft back.
        QTest::keyClick(prompt, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(prompt->toPlainText(), QStringLiteral("my own draft"));
    }

    // Two presets in a row are two steps back.
    child<QPushButton>(*window, "presetDescribe")->click();
    const QString describe = prompt->toPlainText();
    child<QPushButton>(*window, "presetUnusual")->click();
    QVERIFY(prompt->toPlainText() != describe);
    QTest::keyClick(prompt, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(prompt->toPlainText(), describe);
    QTest::keyClick(prompt, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(prompt->toPlainText(), QStringLiteral("my own draft"));
}

void TestMainWindow::saveSnapshotEnabledOnlyWithImage()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    auto *save = child<QAction>(*window, "actionSaveSnapshot");
    QVERIFY(save);
    QVERIFY(!save->isEnabled());
    QSignalSpy changed(window.get(), &MainWindow::imageChanged);
    window->openImageFile(writePng(QStringLiteral("forsave.png"), {50, 40}, Qt::red));
    QVERIFY(waitForImage(*window, changed));
    QVERIFY(save->isEnabled());
}

void TestMainWindow::saveSnapshotWritesFile()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    QSignalSpy changed(window.get(), &MainWindow::imageChanged);
    window->openImageFile(writePng(QStringLiteral("tosave.png"), {80, 60}, QColor(255, 128, 0)));
    QVERIFY(waitForImage(*window, changed));

    const QString target = m_dir.filePath(QStringLiteral("snapshot.png"));
    QFile::remove(target);
    QSignalSpy saved(window.get(), &MainWindow::snapshotSaved);
    QSignalSpy failed(window.get(), &MainWindow::snapshotFailed);
    window->saveSnapshotTo(target, false);
    QVERIFY(saved.wait(kLoadTimeoutMs));
    QCOMPARE(failed.count(), 0);
    const QImage written(target);
    QCOMPARE(written.size(), QSize(80, 60));
    QVERIFY(sameColour(written.pixel(2, 2), qRgb(255, 128, 0)));

    // Without permission to overwrite, the existing file stays and the error bar says why.
    window->saveSnapshotTo(target, false);
    QVERIFY(failed.wait(kLoadTimeoutMs));
    QVERIFY(child<QWidget>(*window, "errorBar")->isVisible());
    QCOMPARE(QImage(target).size(), QSize(80, 60));
}

void TestMainWindow::copyAnswerFollowsChatView()
{
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    auto *copy = child<QAction>(*window, "actionCopyAnswer");
    auto *chat = child<camchat::ui::ChatView>(*window, "chatView");
    QVERIFY(copy && chat);
    QVERIFY(!copy->isEnabled());

    chat->addUserTurn(QStringLiteral("What colour is the sky?"));
    chat->beginAssistantTurn();
    chat->appendAssistantText(QStringLiteral("The sky is blue."));
    chat->endAssistantTurn();
    QVERIFY(copy->isEnabled());
    copy->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), chat->lastAnswer());
    QVERIFY(QGuiApplication::clipboard()->text().contains(QLatin1String("The sky is blue.")));
}

void TestMainWindow::initialSplitGivesPreviewMostRoom()
{
    // A laptop-sized window (the offscreen screen is smaller than most real ones).
    MainWindow window;
    QVERIFY(camchat::test::showWindow(&window, QSize(1280, 800)));
    auto *splitter = child<QSplitter>(window, "mainSplitter");
    QVERIFY(splitter);
    const QList<int> sizes = splitter->sizes();
    QCOMPARE(sizes.size(), 2);
    const double share = double(sizes[0]) / (sizes[0] + sizes[1]);
    QVERIFY2(share > 0.5 && share < 0.7, qPrintable(QString::number(share)));
    QCOMPARE(splitter->widget(0)->objectName(), QStringLiteral("previewView"));

    auto *chatSplitter = child<QSplitter>(window, "chatSplitter");
    QVERIFY(chatSplitter);
    QCOMPARE(chatSplitter->count(), 3);
    QCOMPARE(chatSplitter->widget(0)->objectName(), QStringLiteral("chatView"));
    QCOMPARE(chatSplitter->widget(2)->objectName(), QStringLiteral("latencyPanel"));
    // The conversation gets the most height.
    const QList<int> heights = chatSplitter->sizes();
    QVERIFY(heights[0] > heights[1] && heights[0] > heights[2]);
}

void TestMainWindow::settingsSurviveRecreatingWindow()
{
    const QString path = writePng(QStringLiteral("remember.png"), {40, 30}, Qt::green);
    QList<int> mainSizes;
    QList<int> chatSizes;
    {
        auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
        QVERIFY(window);
        window->resize(700, 520);
        QTRY_COMPARE(window->size(), QSize(700, 520));
        auto *mainSplitter = child<QSplitter>(*window, "mainSplitter");
        auto *chatSplitter = child<QSplitter>(*window, "chatSplitter");
        mainSplitter->setSizes({250, 450});
        const int total = chatSplitter->sizes().value(0) + chatSplitter->sizes().value(1)
            + chatSplitter->sizes().value(2);
        chatSplitter->setSizes({total / 2, total / 4, total - total / 2 - total / 4});
        mainSizes = mainSplitter->sizes();
        chatSizes = chatSplitter->sizes();
        auto *prompt = child<PromptEdit>(*window, "promptEdit");
        prompt->addToHistory(QStringLiteral("first question"));
        prompt->addToHistory(QStringLiteral("second question"));
        QSignalSpy changed(window.get(), &MainWindow::imageChanged);
        window->openImageFile(path);
        QVERIFY(waitForImage(*window, changed));
        QVERIFY(window->close());
    }
    QCOMPARE(QSettings().value(QLatin1String(camchat::session::settings::kLastDirectory)).toString(), m_dir.path());

    auto window = camchat::test::showWindow(std::make_unique<MainWindow>());
    QVERIFY(window);
    QCOMPARE(window->size(), QSize(700, 520));
    QCOMPARE(child<QSplitter>(*window, "mainSplitter")->sizes(), mainSizes);
    QCOMPARE(child<QSplitter>(*window, "chatSplitter")->sizes(), chatSizes);
    QCOMPARE(child<PromptEdit>(*window, "promptEdit")->history(),
             QStringList({QStringLiteral("first question"), QStringLiteral("second question")}));
    // The last directory was read back (not replaced by the default) and saved again.
    QSettings().remove(QLatin1String(camchat::session::settings::kLastDirectory));
    QVERIFY(window->close());
    QCOMPARE(QSettings().value(QLatin1String(camchat::session::settings::kLastDirectory)).toString(), m_dir.path());
}

void TestMainWindow::settingsDialogReadsAndWritesSettings()
{
    using namespace camchat::ui;
    using namespace camchat::session;
    QCOMPARE(grabDelayFromSettings(), kDefaultGrabDelayMs);
    QCOMPARE(snapshotOptionsFromSettings().format, camchat::capture::SnapshotFormat::Jpeg);
    {
        SettingsDialog dialog;
        auto *format = child<QComboBox>(dialog, "snapshotFormat");
        auto *quality = child<QSpinBox>(dialog, "jpegQuality");
        auto *language = child<QComboBox>(dialog, "language");
        auto *delay = child<QSpinBox>(dialog, "grabDelay");
        QVERIFY(format && quality && language && delay);
        QCOMPARE(quality->value(), kDefaultJpegQuality);
        QCOMPARE(language->currentData().toString(), QString());
        QCOMPARE(language->count(), 4);
        quality->setValue(70);
        language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
        delay->setValue(800);
        format->setCurrentIndex(format->findData(QStringLiteral("png")));
        // The quality only matters for JPEG.
        QVERIFY(!quality->isEnabled());
        dialog.reject();
    }
    // Cancel keeps the old values.
    QCOMPARE(grabDelayFromSettings(), kDefaultGrabDelayMs);
    {
        SettingsDialog dialog;
        child<QSpinBox>(dialog, "jpegQuality")->setValue(70);
        auto *language = child<QComboBox>(dialog, "language");
        language->setCurrentIndex(language->findData(QStringLiteral("zh_CN")));
        child<QSpinBox>(dialog, "grabDelay")->setValue(800);
        auto *format = child<QComboBox>(dialog, "snapshotFormat");
        format->setCurrentIndex(format->findData(QStringLiteral("png")));
        dialog.accept();
    }
    QSettings settings;
    QCOMPARE(settings.value(QLatin1String(camchat::session::settings::kLanguage)).toString(), QStringLiteral("zh_CN"));
    QCOMPARE(settings.value(QLatin1String(camchat::session::settings::kSnapshotFormat)).toString(), QStringLiteral("png"));
    QCOMPARE(grabDelayFromSettings(), 800);
    QCOMPARE(snapshotOptionsFromSettings().format, camchat::capture::SnapshotFormat::Png);
    QCOMPARE(snapshotOptionsFromSettings().jpegQuality, 70);

    SettingsDialog reopened;
    QCOMPARE(child<QComboBox>(reopened, "language")->currentData().toString(), QStringLiteral("zh_CN"));
    QCOMPARE(child<QSpinBox>(reopened, "grabDelay")->value(), 800);
}

// The folder the NPU runtime libraries load from: a real field with a folder chooser,
// read by the same resolution the rk backend and the doctor use.
void TestMainWindow::settingsDialogRuntimeFolder()
{
    using namespace camchat::ui;
    namespace rk = camchat::inference::rk;
    qunsetenv(rk::kLibraryDirEnv);
    QCOMPARE(rk::settingsLibraryDir(), QString());
    {
        SettingsDialog dialog;
        auto *folder = child<QLineEdit>(dialog, "rkLibraryDir");
        auto *browse = child<QAbstractButton>(dialog, "rkLibraryDirBrowse");
        QVERIFY(folder && browse);
        QCOMPARE(folder->text(), QString());
        QVERIFY(!folder->placeholderText().isEmpty());
        folder->setText(m_dir.path());
        dialog.accept();
    }
    QCOMPARE(rk::settingsLibraryDir(), m_dir.path());
    QCOMPARE(rk::librarySearchPath().chosen, QStringList{m_dir.path()});
    {
        SettingsDialog dialog;
        auto *folder = child<QLineEdit>(dialog, "rkLibraryDir");
        QCOMPARE(folder->text(), m_dir.path());
        folder->clear();
        dialog.accept();
    }
    QCOMPARE(rk::settingsLibraryDir(), QString());
    QVERIFY(rk::librarySearchPath().chosen.isEmpty());
}

void TestMainWindow::settingsDialogModelPage()
{
    using namespace camchat::ui;
    using namespace camchat::session;
    // Untouched, everything is the profile's own.
    const ModelSettings defaults = modelSettingsFromSettings();
    QCOMPARE(defaults.threads, 0);
    QCOMPARE(defaults.maxNewTokens, 0);
    QVERIFY(!defaults.temperature);
    camchat::inference::SamplingParams profile;
    profile.maxNewTokens = 99;
    profile.temperature = 0.7f;
    QCOMPARE(defaults.applyTo(profile), profile);
    {
        SettingsDialog dialog;
        auto *threads = child<QSpinBox>(dialog, "modelThreads");
        auto *tokens = child<QSpinBox>(dialog, "maxNewTokens");
        auto *temperature = child<QDoubleSpinBox>(dialog, "temperature");
        QVERIFY(threads && tokens && temperature);
        // The lowest value of each stands for "automatic" / "the model's own", in words.
        QCOMPARE(threads->value(), 0);
        QVERIFY(!threads->specialValueText().isEmpty());
        QCOMPARE(tokens->text(), tokens->specialValueText());
        QCOMPARE(temperature->text(), temperature->specialValueText());
        threads->setValue(3);
        tokens->setValue(500);
        temperature->setValue(0.0); // greedy: a real value, not "default"
        dialog.accept();
    }
    const ModelSettings chosen = modelSettingsFromSettings();
    QCOMPARE(chosen.threads, 3);
    QCOMPARE(chosen.maxNewTokens, 500);
    QVERIFY(chosen.temperature);
    QCOMPARE(*chosen.temperature, 0.0f);
    const camchat::inference::SamplingParams applied = chosen.applyTo(profile);
    QCOMPARE(applied.maxNewTokens, 500);
    QCOMPARE(applied.temperature, 0.0f);
    QCOMPARE(applied.topK, profile.topK);
    {
        SettingsDialog dialog;
        QCOMPARE(child<QSpinBox>(dialog, "modelThreads")->value(), 3);
        QCOMPARE(child<QSpinBox>(dialog, "maxNewTokens")->value(), 500);
        auto *temperature = child<QDoubleSpinBox>(dialog, "temperature");
        QCOMPARE(temperature->value(), 0.0);
        temperature->setValue(temperature->minimum()); // back to the model's own
        dialog.accept();
    }
    QVERIFY(!modelSettingsFromSettings().temperature);
}

namespace {

// Every visible text of the menus (recursively) and buttons, keyed by where it sits.
QMap<QString, QString> windowTexts(const MainWindow &window)
{
    QMap<QString, QString> texts;
    std::function<void(const QList<QAction *> &, const QString &)> walk;
    walk = [&](const QList<QAction *> &actions, const QString &path) {
        for (int i = 0; i < actions.size(); ++i) {
            const QAction *action = actions[i];
            if (action->isSeparator())
                continue;
            const QString key = QStringLiteral("%1/%2:%3").arg(path).arg(i).arg(action->objectName());
            texts.insert(key, action->text());
            if (action->menu())
                walk(action->menu()->actions(), key);
        }
    };
    walk(window.menuBar()->actions(), QStringLiteral("menu"));

    const QList<QAbstractButton *> buttons = window.findChildren<QAbstractButton *>();
    for (int i = 0; i < buttons.size(); ++i)
        texts.insert(QStringLiteral("button/%1:%2").arg(i).arg(buttons[i]->objectName()), buttons[i]->text());
    return texts;
}

} // namespace

std::unique_ptr<MainWindow> TestMainWindow::showLiveWindow()
{
    m_devDir = std::make_unique<QTemporaryDir>();
    for (const char *name : {"video0", "video2"}) {
        QFile file(m_devDir->filePath(QLatin1String(name)));
        if (!file.open(QIODevice::WriteOnly))
            return nullptr;
    }
    m_io = std::make_shared<camchat::capture::test::FakeV4l2Io>();
    m_io->addUvcCamera(devicePath("video0").toStdString(), {{V4L2_PIX_FMT_MJPEG, 1280, 720, 30},
                                                            {V4L2_PIX_FMT_YUYV, 640, 480, 30},
                                                            {V4L2_PIX_FMT_YUYV, 320, 240, 30}});
    m_io->addHdmiReceiver(devicePath("video2").toStdString());
    m_io->setHdmiSignal(devicePath("video2").toStdString(), V4L2_PIX_FMT_NV12, 1280, 720, 60);

    camchat::session::SourceManagerOptions options;
    options.io = m_io;
    options.deviceDir = m_devDir->path();
    options.qtCameras = false;
    auto window = camchat::test::showWindow(std::make_unique<MainWindow>(options), QSize(1200, 800));
    if (!window)
        return nullptr;
    // What the monitor reports (it may have done so already: the same list changes nothing).
    window->sourceManager()->setV4l2Devices(camchat::capture::V4l2Discovery(m_io, m_devDir->path()).devices());
    return window;
}

bool TestMainWindow::pickCamera(MainWindow &window)
{
    auto *combo = child<QComboBox>(window, "sourcePicker");
    if (!combo || combo->itemData(0).toString() != camchat::ui::SourcePicker::imageId())
        return false;
    if (combo->itemData(1).toString() != devicePath("video0"))
        return false;
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Down); // "Image" -> the camera
    if (!QTest::qWaitFor([&] { return window.preview()->paintedFrames() >= 2; }, kLoadTimeoutMs))
        return false;
    return window.isLive() && window.sourceManager()->currentSourceId() == devicePath("video0");
}

void TestMainWindow::kioskModeOpensDeviceAndEscReturns()
{
    auto window = showLiveWindow();
    QVERIFY(window);
    QVERIFY(!window->isLive());
    QAction *kiosk = child<QAction>(*window, "actionKiosk");
    QVERIFY(kiosk);
    QCOMPARE(kiosk->shortcut(), QKeySequence(Qt::Key_F11));

    // Without a live source the kiosk takes the first capture device, full screen, and
    // the main window steps aside.
    QSignalSpy kioskChanged(window.get(), &MainWindow::kioskModeChanged);
    kiosk->trigger();
    QCOMPARE(kioskChanged.count(), 1);
    QVERIFY(window->isKioskMode());
    QVERIFY(!window->isVisible());
    camchat::ui::KioskWindow *screen = window->kioskWindow();
    QVERIFY(screen);
    QVERIFY(screen->isVisible());
    QVERIFY(screen->windowState() & Qt::WindowFullScreen);
    QCOMPARE(window->sourceManager()->currentSourceId(), devicePath("video0"));
    QVERIFY(window->kioskController()->isRunning());
    QCOMPARE(window->kioskController()->source(), window->sourceManager()->currentSource());
    QVERIFY(QTest::qWaitFor([&] { return screen->preview()->paintedFrames() >= 2; }, kLoadTimeoutMs));
    // No model is configured here: the kiosk says it waits for one instead of failing.
    QCOMPARE(window->kioskController()->status(), camchat::session::KioskStatus::WaitingForModel);

    // Switching the device while in kiosk mode: the kiosk follows.
    QVERIFY(window->sourceManager()->openSource(devicePath("video2")));
    QCOMPARE(window->kioskController()->source(), window->sourceManager()->currentSource());
    QTRY_VERIFY_WITH_TIMEOUT(screen->preview()->latestFrame().isValid()
                                     && screen->preview()->latestFrame().sourceName() == devicePath("video2"),
                             kLoadTimeoutMs);

    // Esc leaves: the main window is back, live, and the kiosk is gone.
    QTest::keyClick(screen, Qt::Key_Escape);
    QTRY_VERIFY(!window->isKioskMode());
    QCOMPARE(kioskChanged.count(), 2);
    QVERIFY(window->isVisible());
    QVERIFY(window->isLive());
    QVERIFY(kiosk->isEnabled());
}

void TestMainWindow::livePickDeviceInSourcePicker()
{
    auto window = showLiveWindow();
    QVERIFY(window);
    QVERIFY(!window->isLive());
    auto *combo = child<QComboBox>(*window, "sourcePicker");
    QVERIFY(combo);
    QCOMPARE(combo->count(), 4); // Image, camera, HDMI input, Screen
    QVERIFY(combo->itemText(2).contains(QStringLiteral("HDMI")));
    QCOMPARE(combo->itemData(3).toString(), camchat::ui::SourcePicker::screenId());
    QAction *snap = child<QAction>(*window, "actionSnap");
    QVERIFY(snap);
    QVERIFY(!snap->isEnabled());

    QSignalSpy liveChanged(window.get(), &MainWindow::liveSourceChanged);
    QVERIFY(pickCamera(*window));
    QCOMPARE(liveChanged.count(), 1);
    QVERIFY(snap->isEnabled());
    QVERIFY(child<QAction>(*window, "actionSaveSnapshot")->isEnabled());
    QVERIFY(!window->currentFrame().isValid()); // nothing snapped yet
    QVERIFY(child<QLabel>(*window, "imageInfo")->text().contains(QStringLiteral("Live")));
    QCOMPARE(QSettings().value(QLatin1String(camchat::session::settings::kCaptureSource)).toString(), devicePath("video0"));

    // The picture area shows the camera (not the dark backdrop everywhere).
    const QRect picture = window->preview()->imageRect();
    QVERIFY(!picture.isEmpty());
    QVERIFY(std::abs(picture.width() * 9 - picture.height() * 16) <= 16); // 16:9, to the pixel
}

void TestMainWindow::liveSpaceSnapsAndViewGoesOn()
{
    auto window = showLiveWindow();
    QVERIFY(window);
    QVERIFY(pickCamera(*window));
    PreviewView *preview = window->preview();

    // In the prompt box Space is a space.
    auto *prompt = child<PromptEdit>(*window, "promptEdit");
    prompt->setFocus();
    QTest::keyClick(prompt, Qt::Key_Space);
    QCOMPARE(prompt->toPlainText(), QStringLiteral(" "));
    QVERIFY(!preview->hasSnapshotInset());

    // On a focused button Space presses the button.
    QSignalSpy snapped(window.get(), &MainWindow::snapTaken);
    auto *preset = child<QPushButton>(*window, "presetDescribe");
    preset->setFocus();
    QTest::keyClick(preset, Qt::Key_Space);
    QCOMPARE(prompt->toPlainText(), preset->toolTip().section(QChar(0x201c), 1).section(QChar(0x201d), 0, 0));
    QTest::qWait(100);
    QCOMPARE(snapped.count(), 0);
    QVERIFY(!preview->hasSnapshotInset());

    // Elsewhere it snaps.
    if (QWidget *focus = QApplication::focusWidget())
        focus->clearFocus();
    QTest::keyClick(window.get(), Qt::Key_Space);
    QVERIFY(snapped.wait(kLoadTimeoutMs));
    QVERIFY(preview->hasSnapshotInset());

    // The snap is a live frame at full size: the camera's whole JPEG, decoded again
    // (the preview itself decodes smaller).
    const camchat::capture::Frame frame = window->currentFrame();
    QVERIFY(frame.isValid());
    QCOMPARE(frame.width(), 1280);
    QCOMPARE(frame.height(), 720);
    const QByteArray jpeg = camchat::capture::test::fakePatternJpeg(1280, 720);
    camchat::capture::JpegDecoder decoder;
    camchat::capture::ImageError error;
    const camchat::capture::Frame reference = decoder.decode(
        {reinterpret_cast<const std::uint8_t *>(jpeg.constData()), std::size_t(jpeg.size())}, {}, &error);
    QVERIFY(reference.isValid());
    QCOMPARE(reference.width(), frame.width());
    for (int y = 0; y < frame.height(); y += 97) {
        QVERIFY(std::memcmp(frame.constBits() + std::ptrdiff_t(y) * frame.stride(0),
                            reference.constBits() + std::ptrdiff_t(y) * reference.stride(0),
                            std::size_t(frame.width()) * 4) == 0);
    }
    QVERIFY(frame.sequence() <= preview->latestFrame().sequence());

    // The live view goes on under the inset.
    const std::uint64_t painted = preview->paintedFrames();
    QTRY_VERIFY(preview->paintedFrames() >= painted + 3);
    QVERIFY(preview->latestFrame().sequence() > frame.sequence());
    QCOMPARE(window->currentFrame().sequence(), frame.sequence());
    QVERIFY(child<QLabel>(*window, "imageInfo")->text().contains(QStringLiteral("1280")));

    // The Snap action snaps again: a newer frame.
    child<QAction>(*window, "actionSnap")->trigger();
    QVERIFY(snapped.wait(kLoadTimeoutMs));
    QVERIFY(window->currentFrame().sequence() > frame.sequence());
}

void TestMainWindow::liveFormatPickerRenegotiates()
{
    auto window = showLiveWindow();
    QVERIFY(window);
    auto *formats = child<QComboBox>(*window, "formatPicker");
    QVERIFY(formats);
    QVERIFY(!formats->isVisible()); // still images have no format
    QVERIFY(pickCamera(*window));
    QVERIFY(formats->isVisible());
    QVERIFY(formats->isEnabled());

    QStringList keys;
    for (int i = 0; i < formats->count(); ++i)
        keys << formats->itemData(i).toString();
    QCOMPARE(keys, (QStringList{QString(), QStringLiteral("MJPG 1280x720@30"), QStringLiteral("YUYV 640x480@30"),
                                QStringLiteral("YUYV 320x240@30")}));
    QCOMPARE(formats->currentIndex(), 0); // camchat's choice
    QTRY_VERIFY(formats->itemText(0).contains(QStringLiteral("MJPG")));
    QCOMPARE(m_io->currentMode(devicePath("video0").toStdString()).width, 1280);

    formats->setFocus();
    QTest::keyClick(formats, Qt::Key_End); // the last entry: YUYV 320 x 240
    QCOMPARE(window->sourceManager()->currentFormatChoice().key(), QStringLiteral("YUYV 320x240@30"));
    camchat::capture::FrameSource *source = window->sourceManager()->currentSource();
    QCOMPARE(window->preview()->liveSource(), source);
    QTRY_COMPARE_WITH_TIMEOUT(source->state(), camchat::capture::FrameSource::State::Streaming, kLoadTimeoutMs);
    const auto mode = m_io->currentMode(devicePath("video0").toStdString());
    QCOMPARE(mode.fourcc, std::uint32_t(V4L2_PIX_FMT_YUYV));
    QCOMPARE(mode.width, 320);
    QTRY_COMPARE(window->preview()->latestFrame().width(), 320);
    QCOMPARE(QSettings().value(QLatin1String(camchat::session::settings::kCaptureFormat)).toString(),
             QStringLiteral("YUYV 320x240@30"));

    // The HDMI input follows its signal: nothing to choose.
    auto *sources = child<QComboBox>(*window, "sourcePicker");
    sources->setFocus();
    QTest::keyClick(sources, Qt::Key_Down); // camera -> HDMI input
    QCOMPARE(window->sourceManager()->currentSourceId(), devicePath("video2"));
    QVERIFY(!formats->isEnabled());
    QCOMPARE(formats->count(), 1);
}

void TestMainWindow::liveSaveSnapshotWritesFullSizeJpeg()
{
    auto window = showLiveWindow();
    QVERIFY(window);
    QVERIFY(pickCamera(*window));
    QSignalSpy saved(window.get(), &MainWindow::snapshotSaved);
    QSignalSpy failed(window.get(), &MainWindow::snapshotFailed);

    // No snap yet: the newest live frame, at full size.
    const QString live = m_dir.filePath(QStringLiteral("live.jpg"));
    QFile::remove(live);
    window->saveSnapshotTo(live, false);
    QVERIFY(saved.wait(kLoadTimeoutMs));
    QCOMPARE(QImage(live).size(), QSize(1280, 720));

    // After a snap: the snapped frame, from a raw YUYV stream this time.
    auto *formats = child<QComboBox>(*window, "formatPicker");
    formats->setFocus();
    QTest::keyClick(formats, Qt::Key_End);
    QTRY_COMPARE_WITH_TIMEOUT(window->preview()->latestFrame().width(), 320, kLoadTimeoutMs);
    QSignalSpy snapped(window.get(), &MainWindow::snapTaken);
    QVERIFY(window->snap());
    QVERIFY(snapped.wait(kLoadTimeoutMs));
    QCOMPARE(window->currentFrame().format(), camchat::capture::PixelFormat::Yuyv);
    const QString target = m_dir.filePath(QStringLiteral("snap.jpg"));
    QFile::remove(target);
    window->saveSnapshotTo(target, false);
    QVERIFY(saved.wait(kLoadTimeoutMs));
    QCOMPARE(failed.count(), 0);
    QFile file(target);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(3).startsWith("\xff\xd8\xff")); // JPEG
    QCOMPARE(QImage(target).size(), QSize(320, 240));
}

void TestMainWindow::liveBackToImageAndHotplug()
{
    auto window = showLiveWindow();
    QVERIFY(window);
    QSignalSpy changed(window.get(), &MainWindow::imageChanged);
    window->openImageFile(writePng(QStringLiteral("still.png"), {120, 90}, QColor(0, 128, 255)));
    QVERIFY(waitForImage(*window, changed));
    QVERIFY(pickCamera(*window));
    QVERIFY(!window->currentFrame().isValid());

    // Unplugged: the preview says so, the picker keeps the device.
    m_io->unplugAfterFrames(devicePath("video0").toStdString(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(window->sourceManager()->currentSource()->state(),
                              camchat::capture::FrameSource::State::DeviceGone, kLoadTimeoutMs);
    QTRY_VERIFY(window->preview()->statusText().contains(QStringLiteral("unplugged")));
    QTRY_VERIFY(!child<QAction>(*window, "actionSnap")->isEnabled()); // the last frame is stale
    QVERIFY(!window->snap());
    QVERIFY(QFile::remove(devicePath("video0")));
    window->sourceManager()->setV4l2Devices(camchat::capture::V4l2Discovery(m_io, m_devDir->path()).devices());
    auto *combo = child<QComboBox>(*window, "sourcePicker");
    QCOMPARE(combo->currentData().toString(), devicePath("video0"));
    QVERIFY(combo->currentText().contains(QStringLiteral("unplugged")));

    // Back: the picture returns by itself.
    m_io->replug(devicePath("video0").toStdString());
    QFile file(devicePath("video0"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    window->sourceManager()->setV4l2Devices(camchat::capture::V4l2Discovery(m_io, m_devDir->path()).devices());
    QVERIFY(!combo->currentText().contains(QStringLiteral("unplugged")));
    QTRY_COMPARE_WITH_TIMEOUT(window->sourceManager()->currentSource()->state(),
                              camchat::capture::FrameSource::State::Streaming, kLoadTimeoutMs);
    QTRY_VERIFY(child<QAction>(*window, "actionSnap")->isEnabled());

    // "Image" brings the still image back.
    combo->setFocus();
    QTest::keyClick(combo, Qt::Key_Home);
    QVERIFY(!window->isLive());
    QVERIFY(!window->sourceManager()->currentSource());
    QCOMPARE(window->currentFrame().width(), 120);
    QVERIFY(window->preview()->hasImage());

    // Opening a file while live goes back to still images too.
    QVERIFY(pickCamera(*window));
    changed.clear();
    window->openImageFile(writePng(QStringLiteral("still2.png"), {60, 40}, QColor(255, 0, 0)));
    QVERIFY(waitForImage(*window, changed));
    QVERIFY(!window->isLive());
    QCOMPARE(window->currentFrame().width(), 60);
    QCOMPARE(combo->currentData().toString(), camchat::ui::SourcePicker::imageId());
}

void TestMainWindow::germanLeavesNoEnglishText()
{
    QMap<QString, QString> english;
    {
        MainWindow window;
        english = windowTexts(window);
    }
    QVERIFY(english.size() > 15);

    QVERIFY(camchat::ui::installTranslators(*qApp, QStringLiteral("de")));
    MainWindow window;
    const QMap<QString, QString> german = windowTexts(window);
    QCOMPARE(german.keys(), english.keys());

    QStringList untranslated;
    for (auto it = english.cbegin(); it != english.cend(); ++it) {
        if (!it.value().isEmpty() && german.value(it.key()) == it.value())
            untranslated << QStringLiteral("%1 \"%2\"").arg(it.key(), it.value());
    }
    QVERIFY2(untranslated.isEmpty(), qPrintable(untranslated.join(QStringLiteral(", "))));

    const QList<QTranslator *> translators = qApp->findChildren<QTranslator *>();
    for (QTranslator *translator : translators)
        QCoreApplication::removeTranslator(translator);
}

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
