#pragma once

#include "capture/frame.h"
#include "capture/framesource.h"

#include <QElapsedTimer>
#include <QImage>
#include <QPixmap>
#include <QPointer>
#include <QWidget>

#include <cstdint>
#include <deque>

class QTimer;

namespace camchat::capture {
class FrameMailbox;
}

namespace camchat::ui {

// Shows either a still image or a live source, scaled to fit, aspect ratio kept, centred.
//
// Still mode: the scaled pixmap is cached at device pixels and rebuilt only when the
// widget size, the device pixel ratio or the image changes, so painting is a single blit.
//
// Live mode (setLiveSource): the view reads the source through its own FrameMailbox. A
// new frame only schedules a repaint, at most one per display refresh; the paint takes
// the newest frame and converts it once, at the drawn size in device pixels (frames that
// arrive in between are dropped in the mailbox, never queued). The source is told that
// size, so an MJPEG camera decodes no larger than needed. While the source delivers no
// pictures the view says why, in words, on a dark background. Painted with QPainter
// only (no QVideoWidget): it is also the kiosk's preview under eglfs.
//
// GUI thread.
class PreviewView : public QWidget
{
    Q_OBJECT

public:
    explicit PreviewView(QWidget *parent = nullptr);
    ~PreviewView() override;

    // Still mode.
    void setFrame(const capture::Frame &frame);
    void clear();
    bool hasImage() const { return !m_image.isNull(); }
    // The full-resolution image (shares the frame's pixels).
    QImage image() const { return m_image; }
    // Where the picture is drawn, in widget coordinates; empty without a picture (in live
    // mode: before the first frame, or while the source is not streaming).
    QRect imageRect() const;

    // Live mode: shows `source` (null: back to the still image). The view does not own
    // the source; it must outlive the view or be replaced (setLiveSource(nullptr)) first.
    void setLiveSource(capture::FrameSource *source);
    capture::FrameSource *liveSource() const { return m_liveSource.data(); }
    bool isLive() const { return !m_liveSource.isNull(); }
    // How the messages name the live source ("USB Camera"); empty: its sourceId().
    void setLiveSourceName(const QString &name);
    // The newest live frame, in the source's format, sharing its pixels; invalid before
    // the first frame. Raw V4L2 frames hold a driver buffer: copy before keeping one.
    capture::Frame latestFrame() const;
    // New frames painted per second, over about the last two seconds.
    double displayedFps() const;
    // Frames not shown since the source was set: the mailbox dropped them because a newer
    // one arrived before the paint, or the source rejected them as broken.
    std::uint64_t droppedFrames() const;
    // Live frames painted since the source was set.
    std::uint64_t paintedFrames() const { return m_paintedFrames; }

    // The fps / size / format / drops line over the live picture.
    // Edge to edge on a black backdrop (the kiosk) instead of a framed picture on the
    // desk's dark grey.
    void setEdgeToEdge(bool edgeToEdge);
    void setOverlayVisible(bool visible);
    bool isOverlayVisible() const { return m_overlayVisible; }

    // A small picture in the corner showing the snapped frame while the live view goes
    // on; an invalid frame removes it.
    void setSnapshotInset(const capture::Frame &frame);
    bool hasSnapshotInset() const { return m_insetFrame.isValid(); }
    // Where the inset is drawn; empty without one.
    QRect snapshotInsetRect() const;

    // What the view says instead of a picture (empty while a picture is shown).
    QString statusText() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // A new live frame has been painted.
    void liveFramePainted();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateScaled();
    void onFrameAvailable();
    void scheduleLivePaint();
    void paintLive(QPainter &painter);
    void paintOverlay(QPainter &painter, const QRect &picture);
    void paintInset(QPainter &painter);
    void paintMessage(QPainter &painter, const QString &text);
    void updateDecodeSize();
    QSize liveAspectSize() const;
    QRect fittedRect(QSize picture) const;
    QColor backdrop() const;

    // Still mode.
    QImage m_image;
    // m_image reduced once to about screen size, so resizing a 60-megapixel photo does
    // not rescale all of its pixels on every step of a splitter drag.
    QImage m_source;
    QPixmap m_scaled;

    // Live mode.
    QPointer<capture::FrameSource> m_liveSource;
    capture::FrameMailbox *m_mailbox = nullptr; // child; added to the live source
    mutable capture::Frame m_latest;           // newest frame taken from the mailbox
    QImage m_liveImage;                         // m_latest converted for display
    std::uint64_t m_liveImageSequence = 0;
    const void *m_liveImagePixels = nullptr;   // which frame m_liveImage shows
    bool m_hasLiveImage = false;
    QTimer *m_repaintTimer = nullptr;           // holds a repaint back to the display rate
    QElapsedTimer m_clock;
    qint64 m_lastLivePaintMs = -1;
    std::deque<qint64> m_paintTimesMs;          // new frames painted, last ~2 s
    std::uint64_t m_paintedFrames = 0;
    QSize m_decodeSize;
    QString m_liveName;
    std::uint64_t m_dropBaseline = 0; // mailbox drops before the current source
    std::uint64_t m_rejectBaseline = 0; // the current source's rejected frames before it was shown
    bool m_overlayVisible = true;
    bool m_edgeToEdge = false;

    capture::Frame m_insetFrame;
    QImage m_insetImage;
};

} // namespace camchat::ui
