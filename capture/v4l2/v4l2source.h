#pragma once

#include "capture/frame.h"
#include "capture/framesource.h"
#include "capture/v4l2/v4l2device.h"
#include "capture/v4l2/v4l2error.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

QT_BEGIN_NAMESPACE
class QThread;
QT_END_NAMESPACE

namespace camchat::capture {

class FrameMailbox;
struct RawLayout;

struct V4l2SourceOptions {
    std::string devicePath;            // /dev/videoN
    std::uint32_t fourcc = 0;          // wanted V4L2_PIX_FMT_*, 0 = choose (DV receivers: keep the driver's)
    int width = 0;                     // wanted size (cameras; a DV receiver has its source's), 0 = choose
    int height = 0;
    int fps = 0;                       // wanted rate (UVC), 0 = the mode's highest
    int bufferCount = 4;
    int pollTimeoutMs = 50;            // bounds how long stop() waits for the thread
    int noFrameTimeoutMs = 1000;       // streaming without frames this long = NoSignal
    int reopenIntervalMs = 500;        // retry after DeviceGone / while NoSignal
    std::shared_ptr<V4l2Io> io;        // null = the real kernel
};

// What was negotiated with the device (valid while Streaming).
struct V4l2Negotiated {
    std::uint32_t fourcc = 0;
    int width = 0;
    int height = 0;
    int bytesPerLine = 0;
    int fps = 0;
    bool multiPlanar = false;
    bool hdmiReceiver = false; // a DV receiver (V4L2_IN_CAP_DV_TIMINGS)
    YuvMatrix yuvMatrix = YuvMatrix::Bt601; // from the format's colorimetry fields
    YuvRange yuvRange = YuvRange::Limited;
};

struct V4l2SourceStats {
    std::uint64_t delivered = 0;
    std::uint64_t corruptSkipped = 0; // MJPEG frames that failed to decode
    std::uint64_t shortSkipped = 0;   // bytesused less than the format needs (MJPEG: 0)
    std::uint64_t renegotiations = 0; // after SOURCE_CHANGE
};

// Captures one V4L2 device: negotiation (for DV receivers -- an input with
// V4L2_IN_CAP_DV_TIMINGS -- the source's timings give the size and the driver's current
// pixel format is kept when camchat can take it; for cameras the largest <= 1080p mode
// at >= 25 fps), MMAP streaming, decoding of
// MJPEG to Xrgb8888 (DCT-scaled down to setMinimumDecodeSize()), and zero-copy wrapping
// of raw formats (the V4L2 buffer is re-queued when the last Frame referring to it goes
// away). A frame with fewer bytes than its layout needs (MJPEG: an empty one), a corrupt
// JPEG or a buffer the driver flags as an error is dropped and counted (stats(),
// rejectedFrames()); only broken frames for noFrameTimeoutMs is NoSignal. A format whose
// layout cannot hold the picture is an Error with the driver's numbers, never Streaming.
// DV receivers: no signal (QUERY_DV_TIMINGS failing with ENOLINK/ENOLCK/ERANGE, or the
// input's status bits), signal loss and cable unplug events turn the state to NoSignal
// at once, and no frame is published then, even when the driver keeps sending some
// (vivid sends noise); V4L2_EVENT_SOURCE_CHANGE restarts streaming with the new timings.
// Frames go to a FrameMailbox and/or a callback, both called in the capture thread.
//
// Threads: the object lives in its creator's thread; start() runs the capture loop on
// its own QThread. stateChanged() is emitted from the capture thread.
class V4l2Source : public FrameSource
{
    Q_OBJECT

public:
    using State = FrameSource::State;

    explicit V4l2Source(V4l2SourceOptions options, QObject *parent = nullptr);
    ~V4l2Source() override;

    // Called in the capture thread for every frame, after the mailboxes. Set before start().
    void setFrameCallback(std::function<void(const Frame &)> callback);

    void start() override;
    // Returns within about pollTimeoutMs: the loop never blocks longer than one poll.
    void stop() override;

    State state() const override;
    // Why the state is Error (None otherwise): DeviceMissing, PermissionDenied, Busy,
    // NotCapture, UnsupportedFormat or Failed.
    V4l2Error errorCode() const;
    QString errorDetail() const override; // technical: ioctl name + strerror
    QString sourceId() const override;
    SourceFormat currentFormat() const override;
    bool isHdmiInput() const override;
    // MJPEG: frames are decoded with DCT scaling to the smallest size >= `size` (empty:
    // full size); each keeps its compressed picture for a full-size snapshot.
    void setMinimumDecodeSize(QSize size) override;
    QSize minimumDecodeSize() const;
    V4l2Negotiated negotiated() const;
    V4l2SourceStats stats() const;

private:
    struct BufferSet;
    enum class Outcome { Ready, Stop, Renegotiate, Gone, Failed };
    // What the pending V4L2 events of an HDMI receiver said.
    struct SignalEvents {
        bool changed = false;    // SOURCE_CHANGE, or the cable's 5 V came back
        bool signalGone = false; // Rockchip "signal lost", or the 5 V went away
    };

    void run();
    Outcome session(int fd);
    Outcome negotiate(int fd, bool multiPlanar, bool hdmi);
    Outcome negotiateReceiver(int fd, bool multiPlanar);
    // A DV receiver's state before one of its frames is published.
    enum class ReceiverCheck { Fine, Changed, NoSignal };
    ReceiverCheck checkReceiver(int fd);
    Outcome waitForSignal(int fd);
    SignalEvents drainEvents(int fd);
    Outcome stream(int fd, bool multiPlanar);
    enum class BufferResult { Published, Dropped, Failed };
    BufferResult handleBuffer(const std::shared_ptr<BufferSet> &buffers, const V4l2Negotiated &format,
                              const RawLayout &layout, int index, std::uint32_t bytesUsed, std::uint32_t sequence,
                              std::int64_t timestampNs);
    void publish(const Frame &frame);
    void setState(State state);
    Outcome fail(V4l2Error code, const QString &detail);
    bool sleepUnlessStopped(int ms);

    V4l2SourceOptions m_options;
    std::shared_ptr<V4l2Io> m_io;
    std::function<void(const Frame &)> m_callback;
    QThread *m_thread = nullptr;
    std::atomic<bool> m_stopRequested{false};
    std::atomic<State> m_state{State::Stopped};
    std::atomic<bool> m_hdmiInput{false}; // known once the device has been opened
    // Width in the high, height in the low 32 bits: one atomic, so a frame never sees a
    // half-updated size.
    std::atomic<std::uint64_t> m_minimumDecodeSize{0};

    mutable std::mutex m_mutex; // guards the members below
    V4l2Error m_errorCode = V4l2Error::None;
    QString m_errorDetail;
    V4l2Negotiated m_negotiated;
    V4l2SourceStats m_stats;
};

} // namespace camchat::capture
