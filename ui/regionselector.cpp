#include "regionselector.h"

#include <QGuiApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScreen>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace camchat::ui {

RegionSelector::RegionSelector(const QImage &screenshot, QWidget *parent)
    : QWidget(parent, Qt::Window | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint)
    , m_screenshot(screenshot)
{
    setObjectName(QStringLiteral("regionSelector"));
    setAttribute(Qt::WA_DeleteOnClose);
    setCursor(Qt::CrossCursor);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setWindowTitle(tr("Grab a region"));
}

void RegionSelector::showOverScreen()
{
    // As the kiosk does: without a window manager "full screen" is only a wish.
    if (const QScreen *target = screen() ? screen() : QGuiApplication::primaryScreen())
        setGeometry(target->geometry());
    showFullScreen();
    raise();
    activateWindow();
    setFocus(Qt::ActiveWindowFocusReason);
}

QRect RegionSelector::selection() const
{
    // From the press to the pointer, whichever way it was dragged; the pixel under the
    // pointer is where the selection ends (100 -> 420 is 320 pixels).
    return QRect(std::min(m_anchor.x(), m_current.x()), std::min(m_anchor.y(), m_current.y()),
                 std::abs(m_current.x() - m_anchor.x()), std::abs(m_current.y() - m_anchor.y()));
}

QRect RegionSelector::toImageRect(const QRect &widgetRect) const
{
    if (width() <= 0 || height() <= 0)
        return {};
    const double sx = double(m_screenshot.width()) / width();
    const double sy = double(m_screenshot.height()) / height();
    const int left = int(std::floor(widgetRect.left() * sx));
    const int top = int(std::floor(widgetRect.top() * sy));
    const int right = int(std::ceil((widgetRect.left() + widgetRect.width()) * sx));
    const int bottom = int(std::ceil((widgetRect.top() + widgetRect.height()) * sy));
    return QRect(QPoint(left, top), QPoint(right - 1, bottom - 1)).intersected(m_screenshot.rect());
}

void RegionSelector::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(rect(), m_screenshot);
    const QRect chosen = selection();
    const bool hasSelection = m_dragging && chosen.width() > 1 && chosen.height() > 1;

    // Dim everything but the selection.
    QRegion dim(rect());
    if (hasSelection)
        dim -= QRegion(chosen);
    painter.save();
    painter.setClipRegion(dim);
    painter.fillRect(rect(), QColor(0, 0, 0, 120));
    painter.restore();

    QFont font = this->font();
    font.setPointSizeF(font.pointSizeF() * 1.1);
    painter.setFont(font);
    const QString hint = tr("Drag over the part of the screen to ask about · Enter: the whole screen · Esc: cancel");
    const QRect hintBox = painter.fontMetrics().boundingRect(hint).adjusted(-12, -8, 12, 8);
    const QRect hintRect(QPoint((width() - hintBox.width()) / 2, 24), hintBox.size());
    painter.fillRect(hintRect, QColor(20, 20, 20, 210));
    painter.setPen(Qt::white);
    painter.drawText(hintRect, Qt::AlignCenter, hint);

    if (!hasSelection)
        return;
    painter.setPen(QPen(QColor(0x3d, 0xae, 0xe9), 2));
    painter.drawRect(chosen.adjusted(0, 0, -1, -1));
    const QRect pixels = toImageRect(chosen);
    const QString size = tr("%1 × %2").arg(pixels.width()).arg(pixels.height());
    const QRect sizeBox = painter.fontMetrics().boundingRect(size).adjusted(-6, -3, 6, 3);
    QPoint at = chosen.bottomRight() + QPoint(-sizeBox.width(), 6);
    if (at.y() + sizeBox.height() > height())
        at.setY(chosen.bottom() - sizeBox.height() - 6);
    const QRect sizeRect(at, sizeBox.size());
    painter.fillRect(sizeRect, QColor(20, 20, 20, 210));
    painter.setPen(Qt::white);
    painter.drawText(sizeRect, Qt::AlignCenter, size);
}

void RegionSelector::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_anchor = m_current = event->position().toPoint();
    m_dragging = true;
    update();
}

void RegionSelector::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging)
        return;
    m_current = event->position().toPoint();
    update();
}

void RegionSelector::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_dragging)
        return;
    m_current = event->position().toPoint();
    m_dragging = false;
    const QRect region = toImageRect(selection());
    if (region.width() < kMinimumSide || region.height() < kMinimumSide) {
        // A click, not a drag: give up rather than ask about a few pixels.
        finish({});
        return;
    }
    finish(region);
}

void RegionSelector::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Escape:
        finish({});
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        finish(m_screenshot.rect());
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

void RegionSelector::finish(const QRect &imageRect)
{
    if (m_done)
        return;
    m_done = true;
    if (imageRect.isEmpty())
        Q_EMIT cancelled();
    else
        Q_EMIT selected(imageRect, m_screenshot.copy(imageRect));
    close();
}

} // namespace camchat::ui
