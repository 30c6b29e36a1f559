// The kiosk on a real X server with no window manager (xvfb-run starts none): it covers
// the whole screen by itself, and its picture shows nothing of the main window's "open an
// image" hint while there is no picture.
#include "ui/kioskwindow.h"
#include "ui/previewview.h"

#include <QGuiApplication>
#include <QImage>
#include <QScreen>
#include <QTest>

using camchat::ui::KioskWindow;
using camchat::ui::PreviewView;

class TestKioskScreen : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void coversScreenWithoutWindowManager();
    void emptyPictureIsPlainBlack();
};

void TestKioskScreen::coversScreenWithoutWindowManager()
{
    KioskWindow window(nullptr, nullptr);
    window.showKiosk();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QRect screen = QGuiApplication::primaryScreen()->geometry();
    QTRY_COMPARE(window.frameGeometry(), screen);
}

void TestKioskScreen::emptyPictureIsPlainBlack()
{
    KioskWindow window(nullptr, nullptr);
    window.showKiosk();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    PreviewView *preview = window.preview();
    const QImage picture = preview->grab().toImage().convertToFormat(QImage::Format_RGB32);
    QVERIFY(!picture.isNull());
    int lit = 0;
    for (int y = 0; y < picture.height(); ++y) {
        const auto *row = reinterpret_cast<const QRgb *>(picture.constScanLine(y));
        for (int x = 0; x < picture.width(); ++x)
            lit += qGray(row[x]) > 24 ? 1 : 0;
    }
    QCOMPARE(lit, 0);
}

QTEST_MAIN(TestKioskScreen)
#include "test_kioskscreen.moc"
