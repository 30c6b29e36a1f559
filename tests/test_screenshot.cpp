// Runs on a real X server (Xvfb): takes the README screenshot of the main window and
// checks the screen grab, which needs a real window system to hide the window from.
#include "fakev4l2.h"
#include "fixtureprofile.h"
#include "widgettest.h"
#include "ui/chatview.h"
#include "session/sourcemanager.h"
#include "ui/mainwindow.h"
#include "ui/imageintake.h"
#include "ui/previewview.h"
#include "ui/regionselector.h"
#include "ui/promptedit.h"
#include "session/settingskeys.h"

#include "capture/v4l2/v4l2discovery.h"
#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QRadialGradient>
#include <QScreen>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using camchat::ui::MainWindow;
using camchat::ui::PreviewView;
using camchat::ui::PromptEdit;

namespace {

constexpr int kTimeoutMs = 10000;

// A calm landscape at golden hour: a photo-like picture with gradients, soft edges and
// many colours, so the screenshot shows what camchat is for.
QImage makeLandscape(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    const qreal w = size.width();
    const qreal h = size.height();
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);

    QLinearGradient sky(0, 0, 0, h * 0.62);
    sky.setColorAt(0.0, QColor(44, 92, 160));
    sky.setColorAt(0.55, QColor(126, 170, 214));
    sky.setColorAt(0.85, QColor(246, 204, 160));
    sky.setColorAt(1.0, QColor(250, 178, 120));
    p.fillRect(image.rect(), sky);

    // Sun with a wide glow.
    const QPointF sun(w * 0.72, h * 0.42);
    QRadialGradient glow(sun, h * 0.35);
    glow.setColorAt(0.0, QColor(255, 240, 190, 230));
    glow.setColorAt(0.25, QColor(255, 214, 150, 120));
    glow.setColorAt(1.0, QColor(255, 200, 140, 0));
    p.setPen(Qt::NoPen);
    p.setBrush(glow);
    p.drawEllipse(sun, h * 0.35, h * 0.35);
    p.setBrush(QColor(255, 246, 214));
    p.drawEllipse(sun, h * 0.055, h * 0.055);

    // Clouds: overlapping translucent ellipses.
    auto cloud = [&p](QPointF at, qreal scale) {
        p.setBrush(QColor(255, 255, 255, 150));
        p.drawEllipse(at, 90 * scale, 26 * scale);
        p.drawEllipse(at + QPointF(-50 * scale, 8 * scale), 60 * scale, 20 * scale);
        p.drawEllipse(at + QPointF(40 * scale, -14 * scale), 55 * scale, 24 * scale);
    };
    cloud({w * 0.22, h * 0.16}, 1.3);
    cloud({w * 0.52, h * 0.1}, 0.9);
    cloud({w * 0.88, h * 0.22}, 1.1);

    // Distant mountains, hazy blue-violet.
    QPainterPath mountains(QPointF(0, h * 0.58));
    const qreal peaks[][2] = {{0.08, 0.44}, {0.17, 0.52}, {0.29, 0.36}, {0.41, 0.5},
                              {0.52, 0.42}, {0.63, 0.53}, {0.8, 0.4}, {0.92, 0.5}, {1.0, 0.45}};
    for (const auto &peak : peaks)
        mountains.lineTo(w * peak[0], h * peak[1]);
    mountains.lineTo(w, h * 0.62);
    mountains.lineTo(0, h * 0.62);
    QLinearGradient haze(0, h * 0.36, 0, h * 0.62);
    haze.setColorAt(0, QColor(122, 118, 170));
    haze.setColorAt(1, QColor(190, 160, 170));
    p.setBrush(haze);
    p.drawPath(mountains);

    // Rolling hills, three layers from far (light) to near (dark).
    auto hill = [&](qreal top, qreal amplitude, qreal phase, QColor light, QColor dark) {
        QPainterPath path(QPointF(0, h * top));
        const int steps = 6;
        for (int i = 0; i < steps; ++i) {
            const qreal x0 = w * i / steps;
            const qreal x1 = w * (i + 1) / steps;
            const qreal y = h * (top + ((i + int(phase)) % 2 ? amplitude : -amplitude));
            path.cubicTo(QPointF((x0 * 2 + x1) / 3, y), QPointF((x0 + x1 * 2) / 3, y), QPointF(x1, h * top));
        }
        path.lineTo(w, h);
        path.lineTo(0, h);
        QLinearGradient fill(0, h * (top - amplitude), 0, h);
        fill.setColorAt(0, light);
        fill.setColorAt(1, dark);
        p.setBrush(fill);
        p.drawPath(path);
    };
    hill(0.62, 0.03, 0, QColor(150, 186, 104), QColor(92, 140, 70));
    hill(0.72, 0.04, 1, QColor(110, 162, 76), QColor(58, 112, 48));
    hill(0.86, 0.05, 0, QColor(76, 132, 58), QColor(34, 80, 36));

    // A winding path.
    QPainterPath road(QPointF(w * 0.47, h));
    road.cubicTo(QPointF(w * 0.56, h * 0.9), QPointF(w * 0.4, h * 0.8), QPointF(w * 0.5, h * 0.7));
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(214, 190, 140), h * 0.02, Qt::SolidLine, Qt::RoundCap));
    p.drawPath(road);
    p.setPen(Qt::NoPen);

    // A small house with a red roof.
    const QRectF house(w * 0.53, h * 0.63, w * 0.06, h * 0.06);
    p.setBrush(QColor(238, 226, 204));
    p.drawRect(house);
    QPolygonF roof;
    roof << QPointF(house.left() - w * 0.008, house.top()) << QPointF(house.center().x(), house.top() - h * 0.045)
         << QPointF(house.right() + w * 0.008, house.top());
    p.setBrush(QColor(176, 58, 46));
    p.drawPolygon(roof);
    p.setBrush(QColor(90, 70, 60));
    p.drawRect(QRectF(house.left() + house.width() * 0.4, house.top() + house.height() * 0.45,
                      house.width() * 0.22, house.height() * 0.55));
    p.setBrush(QColor(255, 214, 120));
    p.drawRect(QRectF(house.left() + house.width() * 0.1, house.top() + house.height() * 0.25,
                      house.width() * 0.2, house.height() * 0.25));

    // Trees: trunk and layered round crowns.
    auto tree = [&](QPointF base, qreal height) {
        p.setBrush(QColor(96, 64, 40));
        p.drawRect(QRectF(base.x() - height * 0.05, base.y() - height * 0.4, height * 0.1, height * 0.4));
        p.setBrush(QColor(40, 100, 46));
        p.drawEllipse(QPointF(base.x(), base.y() - height * 0.6), height * 0.3, height * 0.32);
        p.setBrush(QColor(62, 128, 58));
        p.drawEllipse(QPointF(base.x() - height * 0.08, base.y() - height * 0.7), height * 0.2, height * 0.2);
    };
    tree({w * 0.16, h * 0.84}, h * 0.22);
    tree({w * 0.24, h * 0.8}, h * 0.16);
    tree({w * 0.82, h * 0.86}, h * 0.25);
    tree({w * 0.66, h * 0.7}, h * 0.1);

    // Birds.
    p.setPen(QPen(QColor(50, 50, 70), 3, Qt::SolidLine, Qt::RoundCap));
    p.setBrush(Qt::NoBrush);
    for (const QPointF at : {QPointF(w * 0.38, h * 0.26), QPointF(w * 0.42, h * 0.22), QPointF(w * 0.45, h * 0.28)}) {
        QPainterPath bird(at - QPointF(14, 4));
        bird.quadTo(at - QPointF(6, 10), at);
        bird.quadTo(at + QPointF(6, -10), at + QPointF(14, -4));
        p.drawPath(bird);
    }
    return image;
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); y += 2) {
        const auto *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); x += 2)
            colours.insert(line[x] | 0xff000000u);
    }
    return int(colours.size());
}

int colourDistance(QRgb a, QRgb b)
{
    return std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)), std::abs(qBlue(a) - qBlue(b))});
}

} // namespace

class TestScreenshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mainWindowScreenshot();
    void grabScreenHidesAndRestoresWindow();
    // Grab Screen Region: the frozen screen, a drag, and the image is that part only.
    void grabRegionKeepsDraggedPart();
    // The window while the tiny model is answering (screenshots/mainwindow-answering.png).
    void answeringScreenshot();
    // The live preview of a fake HDMI input, with its overlay and a snap
    // (screenshots/mainwindow-live.png).
    void liveScreenshot();
    // Ask while live, without a snap: the newest frame is snapped and asked about.
    void liveAskSnapsAutomatically();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    QImage m_landscape;
    std::unique_ptr<MainWindow> m_window;
};

void TestScreenshot::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("camchat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("test_screenshot"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    // main() pointed the XDG folders (settings, user model profiles) at a temporary one.
    QSettings().clear();
    QSettings().setValue(QLatin1String(camchat::session::settings::kGrabDelayMs), 300);
    QVERIFY(m_dir.isValid());
    QCOMPARE(QGuiApplication::platformName(), QStringLiteral("xcb"));
    m_landscape = makeLandscape({1600, 1067});
}

void TestScreenshot::mainWindowScreenshot()
{
    const QString photo = m_dir.filePath(QStringLiteral("golden-hour.jpg"));
    QVERIFY(m_landscape.save(photo, "JPEG", 92));

    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->move(40, 40);
    QVERIFY(camchat::test::showWindow(m_window.get()));

    QSignalSpy changed(m_window.get(), &MainWindow::imageChanged);
    m_window->openImageFile(photo);
    QVERIFY(changed.wait(kTimeoutMs));

    auto *prompt = m_window->findChild<PromptEdit *>(QStringLiteral("promptEdit"));
    QVERIFY(prompt);
    prompt->setFocus();
    QTest::keyClicks(prompt, QStringLiteral("What time of day is it, and what is in the picture?"));

    auto *preview = m_window->findChild<PreviewView *>(QStringLiteral("previewView"));
    QVERIFY(preview && preview->hasImage());
    // Let the window system show the last repaint before reading the screen.
    QTest::qWait(500);

    QPixmap shot = m_window->screen()->grabWindow(m_window->winId());
    QVERIFY(!shot.isNull());
    const QImage image = shot.toImage();
    QCOMPARE(image.size(), m_window->size() * m_window->devicePixelRatio());

    const QString dir = QStringLiteral(CAMCHAT_BINARY_DIR "/screenshots");
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(image.save(dir + QStringLiteral("/mainwindow.png"), "PNG"));

    // Not blank: the photo brings thousands of colours.
    const int colours = distinctColours(image);
    QVERIFY2(colours > 2000, qPrintable(QString::number(colours)));

    // The preview region on screen shows the photo: sample sky, sun, hills.
    const QRect drawn = preview->imageRect();
    QVERIFY(drawn.width() > 400);
    const QPoint origin = preview->mapTo(m_window.get(), drawn.topLeft());
    const qreal dpr = m_window->devicePixelRatio();
    const QPointF samples[] = {{0.5, 0.05}, {0.1, 0.3}, {0.72, 0.42}, {0.4, 0.75}, {0.5, 0.97}};
    for (const QPointF &at : samples) {
        const QPoint inWindow = origin + QPoint(int(at.x() * drawn.width()), int(at.y() * drawn.height()));
        const QRgb onScreen = image.pixel((QPointF(inWindow) * dpr).toPoint());
        const QRgb inPhoto = m_landscape.pixel(int(at.x() * m_landscape.width()), int(at.y() * m_landscape.height()));
        QVERIFY2(colourDistance(onScreen, inPhoto) < 40,
                 qPrintable(QStringLiteral("at %1,%2: screen %3, photo %4")
                                .arg(at.x())
                                .arg(at.y())
                                .arg(QColor(onScreen).name(), QColor(inPhoto).name())));
    }
}

void TestScreenshot::grabScreenHidesAndRestoresWindow()
{
    QVERIFY(m_window);
    auto *grab = m_window->findChild<QAction *>(QStringLiteral("actionGrabScreen"));
    QVERIFY(grab);
    auto *preview = m_window->findChild<PreviewView *>(QStringLiteral("previewView"));
    const QPoint skyOnScreen = preview->mapToGlobal(preview->imageRect().topLeft() + QPoint(preview->imageRect().width() / 2, 10));
    const QScreen *screen = m_window->screen();

    QSignalSpy changed(m_window.get(), &MainWindow::imageChanged);
    grab->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isVisible(), 1000);
    QVERIFY(changed.wait(kTimeoutMs));

    QVERIFY(m_window->isVisible());
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(grab->isEnabled());

    const camchat::capture::Frame frame = m_window->currentFrame();
    const QSize expected = screen->geometry().size() * screen->devicePixelRatio();
    QCOMPARE(QSize(frame.width(), frame.height()), expected);

    // The window was gone when the picture was taken: where its sky was, the grab shows
    // something else.
    const QImage grabbed = preview->image();
    const QPoint at = (QPointF(skyOnScreen - screen->geometry().topLeft()) * screen->devicePixelRatio()).toPoint();
    QVERIFY(grabbed.rect().contains(at));
    const QRgb sky = m_landscape.pixel(m_landscape.width() / 2, 10);
    QVERIFY2(colourDistance(grabbed.pixel(at), sky) > 40, qPrintable(QColor(grabbed.pixel(at)).name()));
}

void TestScreenshot::grabRegionKeepsDraggedPart()
{
    QVERIFY(m_window);
    auto *grabRegion = m_window->findChild<QAction *>(QStringLiteral("actionGrabRegion"));
    QVERIFY(grabRegion);
    QSignalSpy changed(m_window.get(), &MainWindow::imageChanged);
    grabRegion->trigger();
    QVERIFY(!grabRegion->isEnabled());

    // The frozen desktop comes up over the whole screen.
    auto *intake = m_window->findChild<camchat::ui::ImageIntake *>();
    QVERIFY(intake);
    QTRY_VERIFY_WITH_TIMEOUT(intake->regionSelector() && intake->regionSelector()->isVisible(), kTimeoutMs);
    camchat::ui::RegionSelector *selector = intake->regionSelector();
    QVERIFY(QTest::qWaitForWindowExposed(selector));
    const QScreen *screen = selector->screen();
    QTRY_COMPARE(selector->geometry(), screen->geometry());

    // Drag from (100, 80) to (420, 260): 320 x 180 device-independent pixels.
    QTest::mousePress(selector, Qt::LeftButton, {}, QPoint(100, 80));
    QTest::mouseMove(selector, QPoint(300, 200));
    QTest::mouseRelease(selector, Qt::LeftButton, {}, QPoint(420, 260));
    QVERIFY(changed.wait(kTimeoutMs));
    QTRY_VERIFY(grabRegion->isEnabled());

    const qreal dpr = screen->devicePixelRatio();
    const camchat::capture::Frame frame = m_window->currentFrame();
    QCOMPARE(QSize(frame.width(), frame.height()), (QSizeF(320, 180) * dpr).toSize());
    QVERIFY(m_window->isVisible());

    // Esc gives up and leaves the image as it was.
    changed.clear();
    grabRegion->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(intake->regionSelector() && intake->regionSelector()->isVisible(), kTimeoutMs);
    QSignalSpy cancelled(intake, &camchat::ui::ImageIntake::grabCancelled);
    QTest::keyClick(intake->regionSelector(), Qt::Key_Escape);
    QCOMPARE(cancelled.count(), 1);
    QTRY_VERIFY(grabRegion->isEnabled());
    QCOMPARE(changed.count(), 0);
    QCOMPARE(m_window->currentFrame().width(), frame.width());
}

void TestScreenshot::answeringScreenshot()
{
    m_window.reset();
    // A user profile for the tiny random-weight model, with a long answer to catch midway.
    const QJsonObject json = camchat::test::tinyProfile();
    QVERIFY(!camchat::test::writeTinyProfile(camchat::inference::ModelProfiles::userProfileDir(),
                                             QStringLiteral("tiny-screenshot"),
                                             QJsonObject{{QStringLiteral("name"), QStringLiteral("SmolVLM (tiny test model)")}})
                 .isEmpty());
    QSettings().setValue(QLatin1String(camchat::session::settings::kModelProfile), QStringLiteral("tiny-screenshot"));
    QSettings().setValue(QLatin1String(camchat::session::settings::kMaxNewTokens),
                         std::max(64, json.value(QStringLiteral("contextLength")).toInt(512) / 2));

    const QString photo = m_dir.filePath(QStringLiteral("golden-hour-2.jpg"));
    QVERIFY(m_landscape.save(photo, "JPEG", 92));
    MainWindow window;
    window.resize(1280, 800);
    window.move(40, 40);
    QSignalSpy ready(&window, &MainWindow::modelReady);
    QVERIFY(camchat::test::showWindow(&window));
    QVERIFY(ready.count() > 0 || ready.wait(kTimeoutMs));
    QSignalSpy changed(&window, &MainWindow::imageChanged);
    window.openImageFile(photo);
    QVERIFY(changed.wait(kTimeoutMs));

    // One short question answered, then a second one caught while it streams.
    auto *prompt = window.findChild<PromptEdit *>(QStringLiteral("promptEdit"));
    auto *ask = window.findChild<QPushButton *>(QStringLiteral("askButton"));
    QSettings().setValue(QLatin1String(camchat::session::settings::kMaxNewTokens), 20);
    QSignalSpy done(&window, &MainWindow::answerFinished);
    prompt->setPlainText(QStringLiteral("What time of day is it?"));
    ask->click();
    QVERIFY(done.wait(kTimeoutMs));
    QSettings().setValue(QLatin1String(camchat::session::settings::kMaxNewTokens), 400);
    QSignalSpy tokens(window.inferenceWorker(), &camchat::inference::InferenceWorker::token);
    prompt->setPlainText(QStringLiteral("Describe the house and the trees."));
    ask->click();
    QTRY_VERIFY_WITH_TIMEOUT(tokens.count() >= 25, kTimeoutMs);
    QTest::qWait(30);
    const bool stillAnswering = done.count() == 1;
    QPixmap shot = window.screen()->grabWindow(window.winId());
    QVERIFY(!shot.isNull());
    const QString dir = QStringLiteral(CAMCHAT_BINARY_DIR "/screenshots");
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(shot.toImage().save(dir + QStringLiteral("/mainwindow-answering.png"), "PNG"));
    QVERIFY2(stillAnswering, "the answer was complete before the screenshot");
    QVERIFY(window.findChild<QPushButton *>(QStringLiteral("stopButton"))->isEnabled());
    window.findChild<QPushButton *>(QStringLiteral("stopButton"))->click();
    QVERIFY(done.wait(kTimeoutMs));
}

void TestScreenshot::liveScreenshot()
{
    QTemporaryDir devices;
    QVERIFY(devices.isValid());
    const QString node = devices.filePath(QStringLiteral("video0"));
    QFile file(node);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    auto io = std::make_shared<camchat::capture::test::FakeV4l2Io>();
    io->addHdmiReceiver(node.toStdString());
    io->setHdmiSignal(node.toStdString(), V4L2_PIX_FMT_NV16, 1920, 1080, 60);

    camchat::session::SourceManagerOptions options;
    options.io = io;
    options.deviceDir = devices.path();
    options.qtCameras = false;
    MainWindow window(options);
    window.resize(1280, 800);
    window.move(40, 40);
    QVERIFY(camchat::test::showWindow(&window));
    window.sourceManager()->setV4l2Devices(camchat::capture::V4l2Discovery(io, devices.path()).devices());

    auto *sources = window.findChild<QComboBox *>(QStringLiteral("sourcePicker"));
    QVERIFY(sources);
    const int index = sources->findData(node);
    QVERIFY(index > 0);
    sources->setFocus();
    for (int i = 0; i < index; ++i)
        QTest::keyClick(sources, Qt::Key_Down);
    QVERIFY(window.isLive());
    PreviewView *preview = window.preview();
    QTRY_VERIFY_WITH_TIMEOUT(preview->paintedFrames() >= 10, kTimeoutMs);

    QSignalSpy snapped(&window, &MainWindow::snapTaken);
    QVERIFY(window.snap());
    QVERIFY(snapped.wait(kTimeoutMs));
    QCOMPARE(window.currentFrame().width(), 1920);

    auto *prompt = window.findChild<PromptEdit *>(QStringLiteral("promptEdit"));
    prompt->setFocus();
    QTest::keyClicks(prompt, QStringLiteral("What is on the HDMI input?"));
    // Two seconds of frames: the overlay's rate has settled.
    QTest::qWait(2000);
    // The overlay shows a measured rate (its size depends on the machine: bench_capture).
    QVERIFY(preview->displayedFps() > 0);

    QPixmap shot = window.screen()->grabWindow(window.winId());
    QVERIFY(!shot.isNull());
    const QImage image = shot.toImage();
    const QString dir = QStringLiteral(CAMCHAT_BINARY_DIR "/screenshots");
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(image.save(dir + QStringLiteral("/mainwindow-live.png"), "PNG"));

    // On screen: the live picture (many colours), the inset in its corner.
    const qreal dpr = window.devicePixelRatio();
    const QRect drawn = preview->imageRect();
    QVERIFY(drawn.width() > 400);
    const QImage live = image.copy(QRectF(QRectF(preview->mapTo(&window, drawn.topLeft()), drawn.size()).topLeft() * dpr,
                                          QSizeF(drawn.size()) * dpr).toRect());
    QVERIFY2(distinctColours(live) > 200, qPrintable(QString::number(distinctColours(live))));
    QVERIFY(preview->hasSnapshotInset());
    QVERIFY(drawn.intersects(preview->snapshotInsetRect()) || preview->rect().contains(preview->snapshotInsetRect()));
}

void TestScreenshot::liveAskSnapsAutomatically()
{
    QTemporaryDir devices;
    QVERIFY(devices.isValid());
    const QString node = devices.filePath(QStringLiteral("video0"));
    QFile file(node);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    auto io = std::make_shared<camchat::capture::test::FakeV4l2Io>();
    io->addHdmiReceiver(node.toStdString());
    io->setHdmiSignal(node.toStdString(), V4L2_PIX_FMT_NV12, 1280, 720, 30);

    // answeringScreenshot() chose the tiny model; a short answer is enough here.
    QSettings().setValue(QLatin1String(camchat::session::settings::kMaxNewTokens), 4);
    camchat::session::SourceManagerOptions options;
    options.io = io;
    options.deviceDir = devices.path();
    options.qtCameras = false;
    MainWindow window(options);
    QSignalSpy ready(&window, &MainWindow::modelReady);
    QVERIFY(camchat::test::showWindow(&window));
    QVERIFY(ready.count() > 0 || ready.wait(kTimeoutMs));
    window.sourceManager()->setV4l2Devices(camchat::capture::V4l2Discovery(io, devices.path()).devices());
    QVERIFY(window.sourceManager()->openSource(node));
    QTRY_VERIFY_WITH_TIMEOUT(window.preview()->paintedFrames() >= 2, kTimeoutMs);
    QVERIFY(!window.currentFrame().isValid());

    auto *prompt = window.findChild<PromptEdit *>(QStringLiteral("promptEdit"));
    auto *ask = window.findChild<QPushButton *>(QStringLiteral("askButton"));
    prompt->setPlainText(QStringLiteral("What is on the screen?"));
    QTRY_VERIFY(ask->isEnabled());
    QSignalSpy snapped(&window, &MainWindow::snapTaken);
    QSignalSpy done(&window, &MainWindow::answerFinished);
    QTest::mouseClick(ask, Qt::LeftButton);
    QVERIFY(snapped.wait(kTimeoutMs));
    QCOMPARE(window.currentFrame().width(), 1280);
    QVERIFY(window.preview()->hasSnapshotInset());
    QVERIFY(done.count() > 0 || done.wait(kTimeoutMs * 3));
    auto *chat = window.findChild<camchat::ui::ChatView *>(QStringLiteral("chatView"));
    QVERIFY(chat && !chat->isEmpty());
    QVERIFY(prompt->toPlainText().isEmpty()); // the question went out
    // The live view went on meanwhile.
    QVERIFY(window.preview()->latestFrame().sequence() > window.currentFrame().sequence());
}

void TestScreenshot::cleanupTestCase()
{
    m_window.reset();
}

// Settings and user model profiles stay inside a temporary folder: main() points the XDG
// variables there before anything reads them.
int main(int argc, char **argv)
{
    QTemporaryDir home;
    if (!home.isValid())
        return 1;
    qputenv("XDG_DATA_HOME", QDir(home.path()).filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", QDir(home.path()).filePath(QStringLiteral("config")).toLocal8Bit());
    QApplication app(argc, argv);
    TestScreenshot test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_screenshot.moc"
