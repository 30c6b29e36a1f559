#pragma once

#include "capture/frame.h"

#include <QImage>
#include <QPixmap>
#include <QWidget>

namespace camchat::ui {

// Shows the current image scaled to fit, aspect ratio kept, centred. The scaled pixmap
// is cached at device pixels and rebuilt only when the widget size, the device pixel
// ratio or the image changes, so painting is a single blit. GUI thread.
class PreviewView : public QWidget
{
    Q_OBJECT

public:
    explicit PreviewView(QWidget *parent = nullptr);

    void setFrame(const capture::Frame &frame);
    void clear();
    bool hasImage() const { return !m_image.isNull(); }
    // The full-resolution image (shares the frame's pixels).
    QImage image() const { return m_image; }
    // Where the image is drawn, in widget coordinates; empty without an image.
    QRect imageRect() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateScaled();

    QImage m_image;
    // m_image reduced once to about screen size, so resizing a 60-megapixel photo does
    // not rescale all of its pixels on every step of a splitter drag.
    QImage m_source;
    QPixmap m_scaled;
};

} // namespace camchat::ui
