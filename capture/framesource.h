#pragma once

#include "frame.h"

#include <QObject>
#include <QSize>
#include <QString>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace camchat::capture {

class FrameMailbox;

// What a live source is delivering right now (valid while Streaming).
struct SourceFormat {
    QString pixelFormat; // "NV12", "MJPG", ... as the device names it
    int width = 0;
    int height = 0;
    double framesPerSecond = 0; // nominal rate; 0 when unknown
};

// The common face of a live picture source (a V4L2 device, a Qt Multimedia camera):
// it captures on its own thread and publishes each new frame into a FrameMailbox, newest
// wins. Consumers (preview, snap, kiosk) only need this interface.
//
// Threads: the object lives in its creator's thread (normally the GUI thread); start()
// and stop() are called there. stateChanged() may be emitted from the capture thread:
// connect with the default (auto) connection.
class FrameSource : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Stopped,    // not started, or stopped
        Starting,   // opening and negotiating
        NoSignal,   // open, but no pictures: HDMI without signal, a stalled camera
        Streaming,  // frames arrive
        DeviceGone, // unplugged; the source reopens it when it comes back
        Error,      // gave up: see errorDetail()
    };
    Q_ENUM(State)

    using QObject::QObject;

    // Consumers: every frame is published into each added mailbox (newest wins in each),
    // so the preview, a snap and the kiosk can all read the same source. Thread-safe; a
    // mailbox must be removed (or the source stopped and destroyed) before it goes away.
    void addMailbox(FrameMailbox *mailbox);
    void removeMailbox(FrameMailbox *mailbox);
    // Replaces every consumer by `mailbox` (null: none).
    void setMailbox(FrameMailbox *mailbox);

    virtual void start() = 0;
    // Returns promptly (well under 200 ms) and leaves the mailbox empty.
    virtual void stop() = 0;

    virtual State state() const = 0;
    // Technical detail of the last error (ioctl + strerror, Qt's error string); the UI
    // words it for users.
    virtual QString errorDetail() const = 0;
    // A stable identifier: the device path ("/dev/video0") or the Qt camera id.
    virtual QString sourceId() const = 0;
    // What is being captured now; empty pixelFormat when not streaming.
    virtual SourceFormat currentFormat() const = 0;
    // An HDMI (DV) receiver (the no-signal message talks about the cable and source).
    virtual bool isHdmiInput() const { return false; }

    // The smallest picture the consumer needs (e.g. the preview's size in device
    // pixels); a source decoding a compressed stream may decode smaller, but never below
    // this. An empty size asks for full resolution. Thread-safe; takes effect with the
    // next frame.
    virtual void setMinimumDecodeSize(QSize size) { Q_UNUSED(size) }

    // Frames the device delivered that were never published because they were wrong
    // (short, corrupt, flagged as an error by the driver). Counts up for the object's
    // life; the preview adds it to its dropped frames. Thread-safe.
    std::uint64_t rejectedFrames() const { return m_rejectedFrames.load(std::memory_order_relaxed); }

Q_SIGNALS:
    void stateChanged(camchat::capture::FrameSource::State state);

protected:
    // For implementations, from their capture thread.
    void publishFrame(const Frame &frame);
    // Drops unread frames from every mailbox (on stop or renegotiation).
    void clearMailboxes();
    // A frame that came from the device was wrong and is not published.
    void countRejectedFrame() { m_rejectedFrames.fetch_add(1, std::memory_order_relaxed); }

private:
    mutable std::mutex m_mailboxMutex;
    std::vector<FrameMailbox *> m_mailboxes;
    std::atomic<std::uint64_t> m_rejectedFrames{0};
};

} // namespace camchat::capture
