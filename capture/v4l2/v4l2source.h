#pragma once

#include "capture/frame.h"
#include "capture/v4l2/v4l2device.h"

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

struct V4l2SourceOptions {
    std::string devicePath;            // /dev/videoN
    std::uint32_t fourcc = 0;          // wanted V4L2_PIX_FMT_* (UVC), 0 = choose
    int width = 0;                     // wanted size (UVC), 0 = choose
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
    bool hdmiReceiver = false;
    YuvMatrix yuvMatrix = YuvMatrix::Bt601; // from the format's colorimetry fields
    YuvRange yuvRange = YuvRange::Limited;
};

struct V4l2SourceStats {
    std::uint64_t delivered = 0;
    std::uint64_t corruptSkipped = 0; // MJPEG frames that failed to decode
    std::uint64_t renegotiations = 0; // after SOURCE_CHANGE
};

// Captures one V4L2 device: negotiation (G_FMT first and DV timings for HDMI receivers,
// the largest <= 1080p mode at >= 25 fps for cameras), MMAP streaming, conversion of
// MJPEG to Xrgb8888, and zero-copy wrapping of raw formats (the V4L2 buffer is re-queued
// when the last Frame referring to it goes away). Frames go to a FrameMailbox and/or a
// callback, both called in the capture thread.
//
// Threads: the object lives in its creator's thread; start() runs the capture loop on
// its own QThread. stateChanged() is emitted from the capture thread.
class V4l2Source : public QObject
{
    Q_OBJECT

public:
    enum class State { Stopped, Starting, NoSignal, Streaming, DeviceGone, Error };
    Q_ENUM(State)
    enum class ErrorCode { None, Busy, PermissionDenied, NotFound, NotCapture, UnsupportedFormat, Io };
    Q_ENUM(ErrorCode)

    explicit V4l2Source(V4l2SourceOptions options, QObject *parent = nullptr);
    ~V4l2Source() override;

    // Set before start(). The mailbox must outlive the source (or stop() first).
    void setMailbox(FrameMailbox *mailbox);
    void setFrameCallback(std::function<void(const Frame &)> callback);

    void start();
    // Returns within about pollTimeoutMs: the loop never blocks longer than one poll.
    void stop();

    State state() const;
    ErrorCode errorCode() const;
    QString errorDetail() const; // technical: ioctl name + strerror
    V4l2Negotiated negotiated() const;
    V4l2SourceStats stats() const;

Q_SIGNALS:
    void stateChanged(camchat::capture::V4l2Source::State state);

private:
    struct BufferSet;
    enum class Outcome { Ready, Stop, Renegotiate, Gone, Failed };

    void run();
    Outcome session(int fd);
    Outcome negotiate(int fd, bool multiPlanar, bool hdmi);
    Outcome waitForSignal(int fd);
    Outcome stream(int fd, bool multiPlanar);
    bool handleBuffer(const std::shared_ptr<BufferSet> &buffers, int index, std::uint32_t bytesUsed,
                      std::uint32_t sequence, std::int64_t timestampNs);
    void publish(const Frame &frame);
    void setState(State state);
    Outcome fail(ErrorCode code, const QString &detail);
    bool sleepUnlessStopped(int ms);

    V4l2SourceOptions m_options;
    std::shared_ptr<V4l2Io> m_io;
    FrameMailbox *m_mailbox = nullptr;
    std::function<void(const Frame &)> m_callback;
    QThread *m_thread = nullptr;
    std::atomic<bool> m_stopRequested{false};
    std::atomic<State> m_state{State::Stopped};

    mutable std::mutex m_mutex; // guards the members below
    ErrorCode m_errorCode = ErrorCode::None;
    QString m_errorDetail;
    V4l2Negotiated m_negotiated;
    V4l2SourceStats m_stats;
};

} // namespace camchat::capture
