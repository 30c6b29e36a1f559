#pragma once

#include <QImage>
#include <QPoint>
#include <QRect>
#include <QWidget>

namespace camchat::ui {

// The frozen desktop for grabbing a region: the screenshot full screen, dimmed, and the
// rectangle the user drags over it shown bright with its size in pixels. Releasing the
// mouse takes the region, Enter the whole screen, Esc (or a click without a drag) gives
// up. The region is in the screenshot's own pixels (physical pixels on a HiDPI screen),
// so text keeps its full resolution. GUI thread.
class RegionSelector : public QWidget
{
    Q_OBJECT

public:
    // Regions smaller than this (either side, screenshot pixels) count as a click.
    static constexpr int kMinimumSide = 8;

    explicit RegionSelector(const QImage &screenshot, QWidget *parent = nullptr);

    // Shows it over the whole screen, in front, with the keyboard.
    void showOverScreen();
    // The screenshot pixels under the widget rectangle `widgetRect`, clipped to the image.
    QRect toImageRect(const QRect &widgetRect) const;

Q_SIGNALS:
    // `region` is in screenshot pixels; `image` is that part of the screenshot.
    void selected(const QRect &region, const QImage &image);
    void cancelled();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QRect selection() const; // widget coordinates, normalised
    void finish(const QRect &imageRect);

    QImage m_screenshot;
    QPoint m_anchor;
    QPoint m_current;
    bool m_dragging = false;
    bool m_done = false;
};

} // namespace camchat::ui
