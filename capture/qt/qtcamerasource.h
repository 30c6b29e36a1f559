#pragma once

#include "capture/framesource.h"

#include <QCameraDevice>
#include <QCameraFormat>
#include <QList>
#include <QPointer>
#include <QSize>
#include <QVideoFrameFormat>

#include <atomic>
#include <memory>
#include <mutex>

class QCamera;
class QMediaCaptureSession;
class QVideoFrame;
class QVideoSink;

namespace camchat::capture {

// A camera opened through Qt Multimedia (QCamera + QVideoSink), for cameras camchat's own
// V4L2 capture does not list (other platforms, or a device only Qt's backend can drive).
// Delivers the same Frame type into the same mailboxes as V4l2Source: NV12,
// YUYV/UYVY-free formats are mapped without conversion where capture has a PixelFormat
// for them (NV12, YUYV, XRGB/BGRA, RGB/BGR), anything else is converted to Xrgb8888 via
// QVideoFrame::toImage().
//
// Threads: lives in the GUI thread (QCamera must); QVideoSink may deliver frames on a
// backend thread, where they are wrapped and published.
class QtCameraSource : public FrameSource
{
    Q_OBJECT

public:
    explicit QtCameraSource(const QCameraDevice &device, QObject *parent = nullptr);
    ~QtCameraSource() override;

    // The format to ask for; a null format lets camchat choose (the largest <= 1080p at
    // >= 25 fps, like V4l2Source). Set before start().
    void setCameraFormat(const QCameraFormat &format);
    QCameraDevice device() const { return m_device; }

    void start() override;
    void stop() override;
    State state() const override;
    QString errorDetail() const override;
    QString sourceId() const override;
    SourceFormat currentFormat() const override;

    // Wraps one video frame as a Frame (sharing or copying its pixels as
    // needed). Public for tests; invalid for an unmappable frame.
    static Frame toFrame(const QVideoFrame &videoFrame);
    // The format camchat would choose among `formats` (see setCameraFormat).
    static QCameraFormat preferredFormat(const QList<QCameraFormat> &formats);

    // What preferredFormat() looks at, as plain values (QCameraFormat has no public
    // constructor, so tests exercise the choice through this).
    struct FormatCandidate {
        QSize resolution;
        float maxFrameRate = 0;
        QVideoFrameFormat::PixelFormat pixelFormat = QVideoFrameFormat::Format_Invalid;
    };
    // Index of the candidate preferredFormat() picks, -1 for an empty list.
    static qsizetype preferredIndex(const QList<FormatCandidate> &candidates);

private:
    void onVideoFrame(const QVideoFrame &frame);
    void setState(State state);

    QCameraDevice m_device;
    QCameraFormat m_format;
    std::unique_ptr<QCamera> m_camera;
    std::unique_ptr<QMediaCaptureSession> m_session;
    std::unique_ptr<QVideoSink> m_sink;
    std::atomic<State> m_state{State::Stopped};
    mutable std::mutex m_mutex; // guards the members below
    QString m_errorDetail;
    SourceFormat m_current;
    std::uint64_t m_sequence = 0;
    // Serialises frame delivery (backend thread) against stop() (GUI thread), so no frame
    // lands in a mailbox after stop() cleared it.
    std::mutex m_deliveryMutex;
    bool m_delivering = false; // guarded by m_deliveryMutex
};

} // namespace camchat::capture
