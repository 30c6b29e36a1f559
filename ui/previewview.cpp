#include "previewview.h"

#include "capture/qimageframe.h"

#include <QPainter>
#include <QResizeEvent>
#include <QScreen>

namespace camchat::ui {

namespace {

constexpr int kMargin = 12;

QSize fittedSize(QSize image, QSize bounds)
{
    if (image.isEmpty() || bounds.isEmpty())
        return {};
    return image.scaled(bounds, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
}

} // namespace

PreviewView::PreviewView(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setAccessibleName(tr("Image preview"));
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

QRect PreviewView::imageRect() const
{
    if (m_image.isNull())
        return {};
    const QRect area = rect().adjusted(kMargin, kMargin, -kMargin, -kMargin);
    QRect target(QPoint(), fittedSize(m_image.size(), area.size()));
    target.moveCenter(area.center());
    return target;
}

QSize PreviewView::sizeHint() const
{
    return {640, 480};
}

QSize PreviewView::minimumSizeHint() const
{
    return {160, 120};
}

void PreviewView::updateScaled()
{
    const QRect target = imageRect();
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
}

void PreviewView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    // A neutral dark backdrop, as photo viewers use: colours in the image read truest.
    const QColor backdrop = palette().color(QPalette::Window).lightness() > 128
        ? QColor(0x2b, 0x2d, 0x30)
        : palette().color(QPalette::Window).darker(130);
    painter.fillRect(rect(), backdrop);

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

} // namespace camchat::ui
