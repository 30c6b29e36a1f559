#include "v4l2grab.h"

#include "capture/jpegcodec.h"

#include <linux/videodev2.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>

namespace camchat::capture {

namespace {

// Hand-over from the capture thread: counts frames, keeps the first good one after the
// skipped ones, and wakes the waiter on that frame or on a state that ends the wait.
class GrabState
{
public:
    explicit GrabState(int skipFrames) : m_skip(skipFrames) {}

    void onFrame(const Frame &frame)
    {
        std::lock_guard lock(m_mutex);
        if (m_taken || m_frame || !frame.isValid())
            return;
        if (m_seen++ < m_skip)
            return;
        m_frame = frame;
        m_changed.notify_all();
    }

    void onState(FrameSource::State state)
    {
        std::lock_guard lock(m_mutex);
        m_lastState = state;
        if (state == FrameSource::State::DeviceGone)
            m_wentAway = true;
        m_changed.notify_all();
    }

    // Waits until a frame arrives, the source gives up (Error), or the device went away.
    void wait(std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, timeout, [this] {
            return m_frame.has_value() || m_lastState == FrameSource::State::Error || m_wentAway;
        });
    }

    // Ends the hand-over: frames arriving until the source stops are not kept (each
    // would hold a driver buffer).
    std::optional<Frame> takeFrame()
    {
        std::lock_guard lock(m_mutex);
        m_taken = true;
        return std::exchange(m_frame, std::nullopt);
    }
    bool wentAway() const
    {
        std::lock_guard lock(m_mutex);
        return m_wentAway;
    }
    int framesSeen() const
    {
        std::lock_guard lock(m_mutex);
        return m_seen;
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    const int m_skip;
    int m_seen = 0;
    std::optional<Frame> m_frame;
    FrameSource::State m_lastState = FrameSource::State::Starting;
    bool m_wentAway = false;
    bool m_taken = false;
};

} // namespace

V4l2GrabResult grabV4l2Frame(V4l2SourceOptions options, std::chrono::milliseconds timeout, int skipFrames)
{
    V4l2GrabResult result;
    const QString path = QString::fromStdString(options.devicePath);
    // Frames come as long as the wait lasts; an HDMI receiver without signal stays in
    // NoSignal and keeps re-querying, which is what lets a late signal still succeed.
    if (options.noFrameTimeoutMs > static_cast<int>(timeout.count()))
        options.noFrameTimeoutMs = static_cast<int>(std::max<std::chrono::milliseconds::rep>(timeout.count(), 1));

    auto grab = std::make_shared<GrabState>(std::max(skipFrames, 0));
    V4l2Source source(std::move(options));
    source.setFrameCallback([grab](const Frame &frame) { grab->onFrame(frame); });
    // Direct connection: emitted in the capture thread, no event loop needed here.
    QObject::connect(&source, &FrameSource::stateChanged, &source,
                     [grab](FrameSource::State state) { grab->onState(state); }, Qt::DirectConnection);
    source.start();
    grab->wait(timeout);
    // Taken before stop(): stopping releases the driver buffers, the copy outlives them.
    std::optional<Frame> frame = grab->takeFrame();
    result.format = source.negotiated();
    // Decoded MJPEG frames own their pixels; raw ones point into a driver buffer that goes
    // back to the device (and is unmapped) when the grab ends, not when the caller is done.
    if (frame && result.format.fourcc != V4L2_PIX_FMT_MJPEG)
        frame = frame->detached();
    result.hdmiInput = source.isHdmiInput();
    const FrameSource::State finalState = source.state();
    const V4l2Error errorCode = source.errorCode();
    const QString errorDetail = source.errorDetail();
    source.stop();

    if (frame && frame->isValid()) {
        ImageError decodeError{};
        Frame full = fullResolutionFrame(*frame, &decodeError);
        if (!full.isValid()) {
            result.error = V4l2Error::Failed;
            result.detail = path + QStringLiteral(": full-size decode failed: ") + decodeError.detail;
            return result;
        }
        result.error = V4l2Error::None;
        result.frame = std::move(full);
        return result;
    }
    if (finalState == FrameSource::State::Error) {
        result.error = errorCode == V4l2Error::None ? V4l2Error::Failed : errorCode;
        result.detail = errorDetail;
        return result;
    }
    if (grab->wentAway() || finalState == FrameSource::State::DeviceGone) {
        result.error = V4l2Error::Unplugged;
        result.detail = path + QStringLiteral(": device disappeared (ENODEV) while waiting for a frame");
        return result;
    }
    result.error = V4l2Error::NoSignal;
    result.detail = path + QStringLiteral(": no frame within %1 ms (%2 frames seen, %3 to skip, state %4)")
                               .arg(timeout.count())
                               .arg(grab->framesSeen())
                               .arg(skipFrames)
                               .arg(static_cast<int>(finalState));
    return result;
}

} // namespace camchat::capture
