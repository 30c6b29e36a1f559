// RegionSelector on its own: widget rectangles map to the screenshot's pixels (a HiDPI
// screenshot is twice the widget's size), a drag selects, a click or Esc gives up, Enter
// takes the whole screen.
#include "ui/regionselector.h"

#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using camchat::ui::RegionSelector;

namespace {

// 800 x 600: red left half, blue right half.
QImage screenshot()
{
    QImage image(800, 600, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.fillRect(0, 0, 400, 600, Qt::red);
    painter.fillRect(400, 0, 400, 600, Qt::blue);
    return image;
}

// A selector half the screenshot's size (as on a screen with device pixel ratio 2), shown.
std::unique_ptr<RegionSelector> shownSelector()
{
    auto selector = std::make_unique<RegionSelector>(screenshot());
    selector->setAttribute(Qt::WA_DeleteOnClose, false);
    selector->resize(400, 300);
    selector->show();
    if (!QTest::qWaitForWindowExposed(selector.get()))
        return nullptr;
    return selector;
}

} // namespace

class TestRegionSelector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dragSelectsInScreenshotPixels();
    void clickOrEscapeCancels();
    void enterTakesWholeScreen();
};

void TestRegionSelector::dragSelectsInScreenshotPixels()
{
    const auto shown = shownSelector();
    QVERIFY(shown);
    RegionSelector &selector = *shown;
    QCOMPARE(selector.toImageRect(QRect(10, 20, 50, 40)), QRect(20, 40, 100, 80));

    QSignalSpy selected(&selector, &RegionSelector::selected);
    QTest::mousePress(&selector, Qt::LeftButton, {}, QPoint(250, 200));
    QTest::mouseMove(&selector, QPoint(200, 150));
    QTest::mouseRelease(&selector, Qt::LeftButton, {}, QPoint(150, 100)); // dragged up and left
    QCOMPARE(selected.count(), 1);
    const QRect region = selected.first().at(0).toRect();
    QCOMPARE(region, QRect(300, 200, 200, 200));
    const QImage part = selected.first().at(1).value<QImage>();
    QCOMPARE(part.size(), QSize(200, 200));
    QCOMPARE(QColor(part.pixel(10, 10)), QColor(Qt::red));
    QCOMPARE(QColor(part.pixel(190, 10)), QColor(Qt::blue));
    QVERIFY(!selector.isVisible());
}

void TestRegionSelector::clickOrEscapeCancels()
{
    {
        const auto shown = shownSelector();
        QVERIFY(shown);
        RegionSelector &selector = *shown;
        QSignalSpy selected(&selector, &RegionSelector::selected);
        QSignalSpy cancelled(&selector, &RegionSelector::cancelled);
        QTest::mouseClick(&selector, Qt::LeftButton, {}, QPoint(100, 100));
        QCOMPARE(selected.count(), 0);
        QCOMPARE(cancelled.count(), 1);
    }
    const auto shown = shownSelector();
    QVERIFY(shown);
    RegionSelector &selector = *shown;
    QSignalSpy cancelled(&selector, &RegionSelector::cancelled);
    QTest::mousePress(&selector, Qt::LeftButton, {}, QPoint(20, 20));
    QTest::keyClick(&selector, Qt::Key_Escape);
    QCOMPARE(cancelled.count(), 1);
    // Nothing more after it has finished.
    QTest::mouseRelease(&selector, Qt::LeftButton, {}, QPoint(300, 200));
    QCOMPARE(cancelled.count(), 1);
}

void TestRegionSelector::enterTakesWholeScreen()
{
    const auto shown = shownSelector();
    QVERIFY(shown);
    RegionSelector &selector = *shown;
    QSignalSpy selected(&selector, &RegionSelector::selected);
    QTest::keyClick(&selector, Qt::Key_Return);
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.first().at(0).toRect(), QRect(0, 0, 800, 600));
}

QTEST_MAIN(TestRegionSelector)
#include "test_regionselector.moc"
