#include "previewview.h"

#include "errortext.h"

#include "capture/frameconvert.h"
#include "capture/framemailbox.h"
#include "capture/qimageframe.h"
#include "capture/v4l2/v4l2source.h"

#include <QPainter>
#include <QPainterPath>
#include <QResizeEvent>
#include <QScreen>
#include <QTimer>

#include <algorithm>
#include <cmath>

namespace camchat::ui {

namespace {

constexpr int kMargin = 12;
constexpr qint64 kFpsWindowMs = 2000;
constexpr double kDefaultRefreshHz = 60.0;
// The snapshot inset takes this share of the view's width.
constexpr double kInsetShare = 0.24;
const QColor kLiveBackdrop(0x16, 0x17, 0x19);

QSize fittedSize(QSize image, QSize bounds)
{
    if (image.isEmpty() || bounds.isEmpty())
        return {};
    return image.scaled(bounds, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
}

QSize toDevicePixels(QSize size, qreal dpr)
{
    return (QSizeF(size) * dpr).toSize().expandedTo(QSize(1, 1));
}

// The picture's true proportions: an MJPEG frame decoded smaller still has the size of
// the JPEG it came from.
QSize fullSizeOf(const capture::Frame &frame)
{
    if (frame.encodedJpeg() && frame.encodedSize().isValid())
        return frame.encodedSize();
    return {frame.width(), frame.height()};
}

} // namespace

PreviewView::PreviewView(QWidget *parent)
    : QWidget(parent)
    , m_mailbox(new capture::FrameMailbox(this))
    , m_repaintTimer(new QTimer(this))
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAccessibleName(tr("Image preview"));

    // frameAvailable() comes from the capture thread; queued, it lands here in the GUI
    // thread, and only when the mailbox was empty, so a slow paint never piles them up.
    connect(m_mailbox, &capture::FrameMailbox::frameAvailable, this, &PreviewView::onFrameAvailable,
            Qt::QueuedConnection);
    m_repaintTimer->setSingleShot(true);
    m_repaintTimer->setTimerType(Qt::PreciseTimer);
    connect(m_repaintTimer, &QTimer::timeout, this, qOverload<>(&QWidget::update));
    m_clock.start();
}

PreviewView::~PreviewView()
{
    setLiveSource(nullptr);
}

void PreviewView::setFrame(const capture::Frame &frame)
{
    m_image = frame.isValid() ? capture::imageFromFrame(frame) : QImage();
    m_source = m_image;
    if (!m_image.isNull()) {
        const QScreen *scr = screen();
        const qreal dpr = scr ? scr->devicePixelRatio() : devicePixelRatioF();
        const QSize screenPixels = scr ? scr->size() * dpr : QSize(3840, 2160);
        // Keep twice the screen size in both directions: enough detail for any window
        // size, and the smooth downscale from there still looks right.
        const QSize cap = screenPixels * 2;
        if (m_image.width() > cap.width() || m_image.height() > cap.height())
            m_source = m_image.scaled(cap, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
    updateScaled();
    update();
}

void PreviewView::clear()
{
    setFrame({});
}

QRect PreviewView::fittedRect(QSize picture) const
{
    const int margin = m_edgeToEdge ? 0 : kMargin;
    const QRect area = rect().adjusted(margin, margin, -margin, -margin);
    QRect target(QPoint(), fittedSize(picture, area.size()));
    if (target.isEmpty())
        return {};
    target.moveCenter(area.center());
    return target;
}

QRect PreviewView::imageRect() const
{
    if (isLive()) {
        if (!m_latest.isValid() || m_liveSource->state() != capture::FrameSource::State::Streaming)
            return {};
        return fittedRect(fullSizeOf(m_latest));
    }
    if (m_image.isNull())
        return {};
    return fittedRect(m_image.size());
}

QSize PreviewView::sizeHint() const
{
    return {640, 480};
}

QSize PreviewView::minimumSizeHint() const
{
    return {160, 120};
}

void PreviewView::setLiveSource(capture::FrameSource *source)
{
    if (source == m_liveSource)
        return;
    if (m_liveSource) {
        m_liveSource->removeMailbox(m_mailbox);
        disconnect(m_liveSource, nullptr, this, nullptr);
    }
    m_mailbox->clear();
    m_latest = {};
    m_liveImage = {};
    m_hasLiveImage = false;
    m_liveImageSequence = 0;
    m_liveImagePixels = nullptr;
    m_paintTimesMs.clear();
    m_paintedFrames = 0;
    m_lastLivePaintMs = -1;
    m_decodeSize = {};
    m_liveName.clear();
    m_repaintTimer->stop();
    m_dropBaseline = m_mailbox->stats().dropped;
    m_rejectBaseline = source ? source->rejectedFrames() : 0;

    m_liveSource = source;
    if (source) {
        // stateChanged() may come from the capture thread (auto connection: queued). The
        // paint reads the state itself, so a late signal from a replaced source is harmless.
        connect(source, &capture::FrameSource::stateChanged, this, qOverload<>(&QWidget::update));
        source->addMailbox(m_mailbox);
        updateDecodeSize();
    }
    update();
}

void PreviewView::setLiveSourceName(const QString &name)
{
    m_liveName = name;
    update();
}

capture::Frame PreviewView::latestFrame() const
{
    // Whatever is waiting is newer than what was painted last; the paint picks it up
    // from m_latest (the repaint it asked for is already scheduled).
    if (isLive()) {
        if (std::optional<capture::Frame> frame = m_mailbox->take())
            m_latest = std::move(*frame);
    }
    return m_latest;
}

double PreviewView::displayedFps() const
{
    const qint64 now = m_clock.elapsed();
    const auto first = std::find_if(m_paintTimesMs.cbegin(), m_paintTimesMs.cend(),
                                     [now](qint64 t) { return now - t <= kFpsWindowMs; });
    const auto count = std::distance(first, m_paintTimesMs.cend());
    if (count < 2)
        return 0.0;
    const qint64 span = std::max<qint64>(m_paintTimesMs.back() - *first, 1);
    return double(count - 1) * 1000.0 / double(span);
}

std::uint64_t PreviewView::droppedFrames() const
{
    // Frames the newest replaced in the mailbox, and frames the source threw away as
    // broken (short, corrupt): neither was shown.
    const std::uint64_t rejected = m_liveSource ? m_liveSource->rejectedFrames() - m_rejectBaseline : 0;
    return m_mailbox->stats().dropped - m_dropBaseline + rejected;
}

void PreviewView::setOverlayVisible(bool visible)
{
    if (m_overlayVisible == visible)
        return;
    m_overlayVisible = visible;
    update();
}

void PreviewView::setSnapshotInset(const capture::Frame &frame)
{
    m_insetFrame = frame;
    m_insetImage = {};
    update();
}

QRect PreviewView::snapshotInsetRect() const
{
    if (!m_insetFrame.isValid())
        return {};
    const int width = std::max(48, int(std::lround(this->width() * kInsetShare)));
    const QSize size = fittedSize(fullSizeOf(m_insetFrame), QSize(width, width));
    if (size.isEmpty())
        return {};
    return QRect(QPoint(this->width() - kMargin * 2 - size.width(), this->height() - kMargin * 2 - size.height()),
                 size);
}

QString PreviewView::statusText() const
{
    if (!isLive() || m_liveSource->state() == capture::FrameSource::State::Streaming)
        return {};
    const QString name = m_liveName.isEmpty() ? m_liveSource->sourceId() : m_liveName;
    // A V4L2 source says why it failed; any other source's error is worded as Failed.
    const auto *v4l2 = qobject_cast<const capture::V4l2Source *>(m_liveSource.data());
    return describeSourceState(m_liveSource->state(), m_liveSource->isHdmiInput(), name,
                               m_liveSource->errorDetail(),
                               v4l2 ? v4l2->errorCode() : capture::V4l2Error::Failed);
}

void PreviewView::onFrameAvailable()
{
    if (isLive())
        scheduleLivePaint();
}

void PreviewView::scheduleLivePaint()
{
    if (m_repaintTimer->isActive())
        return;
    // One paint per display refresh at most: sources faster than the screen only fill
    // the mailbox's drop counter, not the GUI thread.
    const qreal hz = screen() && screen()->refreshRate() > 1 ? screen()->refreshRate() : kDefaultRefreshHz;
    const qint64 interval = std::max<qint64>(1, qint64(1000.0 / hz));
    const qint64 since = m_lastLivePaintMs < 0 ? interval : m_clock.elapsed() - m_lastLivePaintMs;
    if (since >= interval)
        update();
    else
        m_repaintTimer->start(int(interval - since));
}

void PreviewView::setEdgeToEdge(bool edgeToEdge)
{
    if (m_edgeToEdge == edgeToEdge)
        return;
    m_edgeToEdge = edgeToEdge;
    updateDecodeSize();
    update();
}

void PreviewView::updateDecodeSize()
{
    if (!m_liveSource)
        return;
    const QSize picture = liveAspectSize();
    // Before the first frame the whole area is the best guess.
    const QSize drawn = picture.isEmpty() ? rect().adjusted(kMargin, kMargin, -kMargin, -kMargin).size()
                                          : fittedRect(picture).size();
    if (drawn.isEmpty())
        return;
    const QSize devicePixels = toDevicePixels(drawn, devicePixelRatioF());
    if (devicePixels == m_decodeSize)
        return;
    m_decodeSize = devicePixels;
    m_liveSource->setMinimumDecodeSize(devicePixels);
}

QSize PreviewView::liveAspectSize() const
{
    if (m_latest.isValid())
        return fullSizeOf(m_latest);
    if (m_liveSource) {
        const capture::SourceFormat format = m_liveSource->currentFormat();
        return {format.width, format.height};
    }
    return {};
}

void PreviewView::updateScaled()
{
    const QRect target = m_image.isNull() ? QRect() : fittedRect(m_image.size());
    if (m_source.isNull() || target.isEmpty()) {
        m_scaled = QPixmap();
        return;
    }
    const qreal dpr = devicePixelRatioF();
    const QSize devicePixels = (QSizeF(target.size()) * dpr).toSize();
    QPixmap scaled = QPixmap::fromImage(
        m_source.size() == devicePixels
            ? m_source
            : m_source.scaled(devicePixels, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
    scaled.setDevicePixelRatio(dpr);
    m_scaled = scaled;
}

void PreviewView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateScaled();
    m_insetImage = {};
    updateDecodeSize();
}

QColor PreviewView::backdrop() const
{
    // A neutral dark backdrop, as photo viewers use: colours in the image read truest.
    return palette().color(QPalette::Window).lightness() > 128 ? QColor(0x2b, 0x2d, 0x30)
                                                              : palette().color(QPalette::Window).darker(130);
}

void PreviewView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    if (isLive()) {
        paintLive(painter);
        return;
    }
    painter.fillRect(rect(), backdrop());

    // Edge to edge is the kiosk's picture: nobody there opens or drops images.
    if (m_image.isNull() && m_edgeToEdge)
        return;
    if (m_image.isNull()) {
        painter.setRenderHint(QPainter::Antialiasing);
        const QRectF frame = QRectF(rect()).adjusted(kMargin * 2, kMargin * 2, -kMargin * 2, -kMargin * 2);
        QPen pen(QColor(255, 255, 255, 70), 2, Qt::DashLine);
        pen.setDashPattern({4, 4});
        painter.setPen(pen);
        painter.drawRoundedRect(frame, 12, 12);

        QFont hintFont = font();
        hintFont.setPointSizeF(hintFont.pointSizeF() * 1.15);
        painter.setFont(hintFont);
        painter.setPen(QColor(255, 255, 255, 190));
        painter.drawText(frame.adjusted(kMargin, kMargin, -kMargin, -kMargin),
                         Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Open an image (Ctrl+O), paste one (Ctrl+V) or drop it here"));
        return;
    }

    // The device pixel ratio changes when the window moves to another screen; Qt 6.4
    // has no event for that, so notice it here (cheap comparison, rare rebuild).
    if (!m_scaled.isNull() && !qFuzzyCompare(m_scaled.devicePixelRatio(), devicePixelRatioF()))
        updateScaled();
    painter.drawPixmap(imageRect().topLeft(), m_scaled);
}

void PreviewView::paintLive(QPainter &painter)
{
    painter.fillRect(rect(), m_edgeToEdge ? QColor(Qt::black) : kLiveBackdrop);
    if (std::optional<capture::Frame> frame = m_mailbox->take())
        m_latest = std::move(*frame);

    const QString message = statusText();
    if (!message.isEmpty() || !m_latest.isValid()) {
        if (!message.isEmpty())
            paintMessage(painter, message);
        paintInset(painter);
        return;
    }

    const QRect target = fittedRect(fullSizeOf(m_latest));
    if (target.isEmpty())
        return;
    updateDecodeSize();
    const qreal dpr = devicePixelRatioF();
    const QSize devicePixels = toDevicePixels(target.size(), dpr);
    const bool newFrame = !m_hasLiveImage || m_latest.constBits() != m_liveImagePixels
        || m_latest.sequence() != m_liveImageSequence;
    // The one conversion of this paint: the newest frame straight to the drawn size.
    if (newFrame || m_liveImage.size() != devicePixels || !qFuzzyCompare(m_liveImage.devicePixelRatio(), dpr)) {
        const capture::Frame converted = capture::convertForDisplay(m_latest, devicePixels);
        m_liveImage = converted.isValid() ? capture::imageFromFrame(converted) : QImage();
        m_liveImage.setDevicePixelRatio(dpr);
        m_liveImagePixels = m_latest.constBits();
        m_liveImageSequence = m_latest.sequence();
        m_hasLiveImage = true;
    }
    if (!m_liveImage.isNull())
        painter.drawImage(target.topLeft(), m_liveImage);

    if (newFrame) {
        const qint64 now = m_clock.elapsed();
        m_lastLivePaintMs = now;
        m_paintTimesMs.push_back(now);
        while (!m_paintTimesMs.empty() && now - m_paintTimesMs.front() > kFpsWindowMs)
            m_paintTimesMs.pop_front();
        ++m_paintedFrames;
    }
    if (m_overlayVisible)
        paintOverlay(painter, target);
    paintInset(painter);
    if (newFrame)
        Q_EMIT liveFramePainted();
}

void PreviewView::paintOverlay(QPainter &painter, const QRect &picture)
{
    const capture::SourceFormat format = m_liveSource->currentFormat();
    const QSize size = format.width > 0 ? QSize(format.width, format.height) : fullSizeOf(m_latest);
    QStringList parts;
    parts << tr("%1 fps").arg(displayedFps(), 0, 'f', 1);
    parts << tr("%1 × %2").arg(size.width()).arg(size.height());
    if (!format.pixelFormat.isEmpty())
        parts << format.pixelFormat;
    parts << tr("%n dropped", nullptr, int(std::min<std::uint64_t>(droppedFrames(), 1'000'000'000)));
    const QString text = parts.join(QStringLiteral("  ·  "));

    QFont overlayFont = font();
    overlayFont.setPointSizeF(overlayFont.pointSizeF() * 0.95);
    painter.setFont(overlayFont);
    const QFontMetrics metrics(overlayFont);
    const int pad = 6;
    QRect box(picture.topLeft() + QPoint(8, 8),
              QSize(metrics.horizontalAdvance(text) + pad * 2, metrics.height() + pad));
    box.setWidth(std::min(box.width(), std::max(picture.width() - 16, 0)));
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 150));
    painter.drawRoundedRect(box, 4, 4);
    painter.setPen(QColor(255, 255, 255, 230));
    painter.drawText(box.adjusted(pad, 0, -pad, 0), Qt::AlignVCenter | Qt::AlignLeft,
                     metrics.elidedText(text, Qt::ElideRight, box.width() - pad * 2));
    painter.restore();
}

void PreviewView::paintInset(QPainter &painter)
{
    const QRect inset = snapshotInsetRect();
    if (inset.isEmpty())
        return;
    const qreal dpr = devicePixelRatioF();
    const QSize devicePixels = toDevicePixels(inset.size(), dpr);
    if (m_insetImage.size() != devicePixels) {
        const capture::Frame converted = capture::convertForDisplay(m_insetFrame, devicePixels);
        m_insetImage = converted.isValid() ? capture::imageFromFrame(converted) : QImage();
        m_insetImage.setDevicePixelRatio(dpr);
    }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 120));
    painter.drawRoundedRect(inset.adjusted(-5, -5, 5, 5).translated(2, 2), 6, 6);
    painter.setBrush(Qt::white);
    painter.drawRoundedRect(inset.adjusted(-3, -3, 3, 3), 5, 5);
    if (!m_insetImage.isNull())
        painter.drawImage(inset.topLeft(), m_insetImage);

    QFont captionFont = font();
    captionFont.setPointSizeF(captionFont.pointSizeF() * 0.85);
    painter.setFont(captionFont);
    const QString caption = tr("Snapshot");
    const QFontMetrics metrics(captionFont);
    const QRect label(inset.topLeft(), QSize(metrics.horizontalAdvance(caption) + 10, metrics.height() + 4));
    painter.setBrush(QColor(0, 0, 0, 160));
    painter.drawRect(label.intersected(inset));
    painter.setPen(Qt::white);
    painter.drawText(label, Qt::AlignCenter, caption);
    painter.restore();
}

void PreviewView::paintMessage(QPainter &painter, const QString &text)
{
    QFont messageFont = font();
    messageFont.setPointSizeF(messageFont.pointSizeF() * 1.3);
    painter.setFont(messageFont);
    painter.setPen(QColor(255, 255, 255, 215));
    const QRect area = rect().adjusted(kMargin * 3, kMargin * 3, -kMargin * 3, -kMargin * 3);
    painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, text);
}

} // namespace camchat::ui
