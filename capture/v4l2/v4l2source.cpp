#include "v4l2source.h"

#include "capture/framemailbox.h"
#include "capture/jpegcodec.h"
#include "capture/modechoice.h"
#include "capture/v4l2/v4l2discovery.h"
#include "capture/v4l2/v4l2formats.h"
#include "capture/v4l2/v4l2input.h"
#include "capture/v4l2/v4l2layout.h"

#include <QThread>

#include <linux/videodev2.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

namespace camchat::capture {

namespace {

// Rockchip's rk_hdmirx reports "signal lost" as a private event.
constexpr std::uint32_t kRockchipSignalLostEvent = V4L2_EVENT_PRIVATE_START + 1;

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error)) + QStringLiteral(" (errno %1)").arg(error);
}

QString callFailed(const char *what, int error)
{
    return QLatin1String(what) + QStringLiteral(": ") + errnoText(error);
}

struct Mode {
    std::uint32_t fourcc = 0;
    int width = 0;
    int height = 0;
    int fps = 0;
};

} // namespace

// The mapped buffers of one streaming session. Frames keep it alive through their
// storage owner, so a mapping outlives a renegotiation until the last frame is gone.
struct V4l2Source::BufferSet {
    struct Mapping {
        void *address = nullptr;
        std::size_t length = 0;
        int dmabufFd = -1;
    };

    explicit BufferSet(std::shared_ptr<V4l2Io> deviceIo) : io(std::move(deviceIo)) {}
    ~BufferSet()
    {
        for (const Mapping &m : mappings) {
            if (m.address)
                io->munmap(m.address, m.length);
            if (m.dmabufFd >= 0)
                io->close(m.dmabufFd);
        }
    }

    // Called by the last Frame referring to buffer `index`, in any thread.
    void giveBack(int index)
    {
        std::lock_guard lock(mutex);
        returned.push_back(index);
    }
    std::vector<int> takeReturned()
    {
        std::lock_guard lock(mutex);
        return std::exchange(returned, {});
    }

    std::shared_ptr<V4l2Io> io;
    std::vector<Mapping> mappings;
    std::mutex mutex;
    std::vector<int> returned;
};

V4l2Source::V4l2Source(V4l2SourceOptions options, QObject *parent)
    : FrameSource(parent)
    , m_options(std::move(options))
    , m_io(m_options.io ? m_options.io : systemV4l2Io())
{
}

V4l2Source::~V4l2Source()
{
    stop();
}

void V4l2Source::setFrameCallback(std::function<void(const Frame &)> callback)
{
    m_callback = std::move(callback);
}

void V4l2Source::start()
{
    if (m_thread)
        return;
    m_stopRequested = false;
    {
        std::lock_guard lock(m_mutex);
        m_errorCode = V4l2Error::None;
        m_errorDetail.clear();
        m_stats = {};
    }
    setState(State::Starting);
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("camchat-v4l2"));
    m_thread->start();
}

void V4l2Source::stop()
{
    if (!m_thread)
        return;
    m_stopRequested = true;
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    clearMailboxes();
    if (m_state != State::Error)
        setState(State::Stopped);
}

V4l2Source::State V4l2Source::state() const
{
    return m_state;
}

V4l2Error V4l2Source::errorCode() const
{
    std::lock_guard lock(m_mutex);
    return m_errorCode;
}

QString V4l2Source::errorDetail() const
{
    std::lock_guard lock(m_mutex);
    return m_errorDetail;
}

QString V4l2Source::sourceId() const
{
    return QString::fromStdString(m_options.devicePath);
}

SourceFormat V4l2Source::currentFormat() const
{
    if (m_state != State::Streaming)
        return {};
    std::lock_guard lock(m_mutex);
    return {fourccName(m_negotiated.fourcc), m_negotiated.width, m_negotiated.height,
            static_cast<double>(m_negotiated.fps)};
}

bool V4l2Source::isHdmiInput() const
{
    return m_hdmiInput;
}

void V4l2Source::setMinimumDecodeSize(QSize size)
{
    const std::uint64_t packed = size.isEmpty()
            ? 0
            : (std::uint64_t(std::uint32_t(size.width())) << 32) | std::uint32_t(size.height());
    m_minimumDecodeSize = packed;
}

QSize V4l2Source::minimumDecodeSize() const
{
    const std::uint64_t packed = m_minimumDecodeSize;
    if (packed == 0)
        return {};
    return {static_cast<int>(packed >> 32), static_cast<int>(packed & 0xffffffffU)};
}

V4l2Negotiated V4l2Source::negotiated() const
{
    std::lock_guard lock(m_mutex);
    return m_negotiated;
}

V4l2SourceStats V4l2Source::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

void V4l2Source::setState(State state)
{
    if (m_state.exchange(state) != state)
        Q_EMIT stateChanged(state);
}

V4l2Source::Outcome V4l2Source::fail(V4l2Error code, const QString &detail)
{
    {
        std::lock_guard lock(m_mutex);
        m_errorCode = code;
        m_errorDetail = QString::fromStdString(m_options.devicePath) + QStringLiteral(": ") + detail;
    }
    setState(State::Error);
    return Outcome::Failed;
}

bool V4l2Source::sleepUnlessStopped(int ms)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!m_stopRequested && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(ms, 10)));
    return !m_stopRequested;
}

void V4l2Source::publish(const Frame &frame)
{
    {
        std::lock_guard lock(m_mutex);
        ++m_stats.delivered;
    }
    publishFrame(frame);
    if (m_callback)
        m_callback(frame);
}

// Capture thread.
void V4l2Source::run()
{
    bool wasPresent = false;
    while (!m_stopRequested) {
        const int fd = m_io->open(m_options.devicePath);
        if (fd < 0) {
            const int error = errno;
            if ((error == ENOENT || error == ENODEV) && wasPresent) {
                // Unplugged: wait for the device to come back.
                setState(State::DeviceGone);
                sleepUnlessStopped(m_options.reopenIntervalMs);
                continue;
            }
            fail(v4l2ErrorForOpen(error), callFailed("open", error));
            return;
        }
        wasPresent = true;
        const Outcome outcome = session(fd);
        m_io->close(fd);
        if (outcome == Outcome::Gone) {
            setState(State::DeviceGone);
            sleepUnlessStopped(m_options.reopenIntervalMs);
            continue;
        }
        if (outcome != Outcome::Renegotiate) // Renegotiate here: the queue had to be reopened
            return;
    }
}

V4l2Source::Outcome V4l2Source::session(int fd)
{
    v4l2_capability cap{};
    if (m_io->ioctl(fd, VIDIOC_QUERYCAP, &cap) < 0)
        return errno == ENODEV ? Outcome::Gone : fail(V4l2Error::NotCapture, callFailed("VIDIOC_QUERYCAP", errno));
    const std::uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
    const bool multiPlanar = caps & V4L2_CAP_VIDEO_CAPTURE_MPLANE;
    if ((!multiPlanar && !(caps & V4L2_CAP_VIDEO_CAPTURE)) || !(caps & V4L2_CAP_STREAMING))
        return fail(V4l2Error::NotCapture, QStringLiteral("not a streaming video capture device"));
    // A DV (HDMI) receiver by its input's capability, whatever the driver is called
    // (rk_hdmirx, snps_hdmirx, tc358743, adv76xx, vivid).
    const bool hdmi = queryCurrentInput(*m_io, fd).dvTimings;
    m_hdmiInput = hdmi;
    if (hdmi || multiPlanar) {
        v4l2_event_subscription sub{};
        sub.type = V4L2_EVENT_SOURCE_CHANGE;
        m_io->ioctl(fd, VIDIOC_SUBSCRIBE_EVENT, &sub); // optional: the no-frame timeout covers its absence
        sub.type = kRockchipSignalLostEvent; // Rockchip kernel only; others refuse it
        m_io->ioctl(fd, VIDIOC_SUBSCRIBE_EVENT, &sub);
        // Cable plug/unplug: the 5 V line, reported before (and without) any lock change.
        sub = {};
        sub.type = V4L2_EVENT_CTRL;
        sub.id = V4L2_CID_DV_RX_POWER_PRESENT;
        m_io->ioctl(fd, VIDIOC_SUBSCRIBE_EVENT, &sub);
    }
    while (!m_stopRequested) {
        Outcome outcome = negotiate(fd, multiPlanar, hdmi);
        if (outcome == Outcome::Renegotiate)
            continue;
        if (outcome != Outcome::Ready || m_stopRequested)
            return outcome == Outcome::Ready ? Outcome::Stop : outcome;
        outcome = stream(fd, multiPlanar);
        if (outcome != Outcome::Renegotiate)
            return outcome;
        {
            std::lock_guard lock(m_mutex);
            ++m_stats.renegotiations;
        }
        v4l2_requestbuffers release{};
        release.count = 0;
        release.type = multiPlanar ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : V4L2_BUF_TYPE_VIDEO_CAPTURE;
        release.memory = V4L2_MEMORY_MMAP;
        // Frames still in use keep buffers mapped; kernels without orphaned buffers refuse
        // to free them: reopen the device instead.
        if (m_io->ioctl(fd, VIDIOC_REQBUFS, &release) < 0)
            return errno == ENODEV ? Outcome::Gone : Outcome::Renegotiate;
    }
    return Outcome::Stop;
}

V4l2Source::ReceiverCheck V4l2Source::checkReceiver(int fd)
{
    short revents = 0;
    if (m_io->poll(fd, POLLPRI, &revents, 0) > 0 && (revents & POLLPRI)) {
        const SignalEvents events = drainEvents(fd);
        if (events.signalGone)
            return ReceiverCheck::NoSignal;
        if (events.changed)
            return ReceiverCheck::Changed;
    }
    if (queryCurrentInput(*m_io, fd).noSignal())
        return ReceiverCheck::NoSignal;
    return ReceiverCheck::Fine;
}

V4l2Source::SignalEvents V4l2Source::drainEvents(int fd)
{
    SignalEvents result;
    v4l2_event event{};
    while (m_io->ioctl(fd, VIDIOC_DQEVENT, &event) == 0) {
        if (event.type == V4L2_EVENT_SOURCE_CHANGE) {
            result.changed = true;
        } else if (event.type == kRockchipSignalLostEvent) {
            result.signalGone = true;
        } else if (event.type == V4L2_EVENT_CTRL && event.id == V4L2_CID_DV_RX_POWER_PRESENT
                   && (event.u.ctrl.changes & V4L2_EVENT_CTRL_CH_VALUE)) {
            if (event.u.ctrl.value == 0)
                result.signalGone = true;
            else
                result.changed = true; // plugged in: the receiver locks shortly
        }
        event = {};
    }
    return result;
}

V4l2Source::Outcome V4l2Source::waitForSignal(int fd)
{
    setState(State::NoSignal);
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_options.reopenIntervalMs);
    while (!m_stopRequested && std::chrono::steady_clock::now() < until) {
        short revents = 0;
        const int ready = m_io->poll(fd, POLLPRI, &revents, m_options.pollTimeoutMs);
        if (ready < 0 && errno != EINTR)
            return errno == ENODEV ? Outcome::Gone : fail(V4l2Error::Failed, callFailed("poll", errno));
        if (ready > 0 && (revents & (POLLERR | POLLHUP)) && !(revents & POLLPRI)) {
            // Not streaming yet, so an error here means the device went away.
            v4l2_capability cap{};
            if (m_io->ioctl(fd, VIDIOC_QUERYCAP, &cap) < 0 && errno == ENODEV)
                return Outcome::Gone;
            sleepUnlessStopped(m_options.pollTimeoutMs);
        }
        if (ready > 0 && (revents & POLLPRI)) {
            // Whatever happened (lock, cable plugged), query the input again.
            drainEvents(fd);
            return Outcome::Renegotiate;
        }
    }
    return m_stopRequested ? Outcome::Stop : Outcome::Renegotiate;
}

// Returns Ready when a format is set and streaming can start, Renegotiate to try again
// (no signal yet), Stop/Gone/Failed otherwise.
V4l2Source::Outcome V4l2Source::negotiate(int fd, bool multiPlanar, bool hdmi)
{
    const std::uint32_t type = multiPlanar ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (hdmi)
        return negotiateReceiver(fd, multiPlanar);

    // Cameras: enumerate what the device offers and pick a mode.
    std::vector<Mode> modes;
    for (std::uint32_t fi = 0;; ++fi) {
        v4l2_fmtdesc desc{};
        desc.index = fi;
        desc.type = type;
        if (m_io->ioctl(fd, VIDIOC_ENUM_FMT, &desc) < 0)
            break;
        if (!isCapturableFourcc(desc.pixelformat))
            continue;
        for (std::uint32_t si = 0;; ++si) {
            v4l2_frmsizeenum size{};
            size.index = si;
            size.pixel_format = desc.pixelformat;
            if (m_io->ioctl(fd, VIDIOC_ENUM_FRAMESIZES, &size) < 0)
                break;
            Mode mode{desc.pixelformat, 0, 0, 0};
            if (size.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
                mode.width = static_cast<int>(size.discrete.width);
                mode.height = static_cast<int>(size.discrete.height);
            } else {
                // A range of sizes: its largest, but no larger than camchat would choose.
                mode.width = static_cast<int>(std::min<std::uint32_t>(size.stepwise.max_width, kDefaultModeMaxWidth));
                mode.height = static_cast<int>(
                    std::min<std::uint32_t>(size.stepwise.max_height, kDefaultModeMaxHeight));
            }
            for (std::uint32_t ii = 0;; ++ii) {
                v4l2_frmivalenum ival{};
                ival.index = ii;
                ival.pixel_format = mode.fourcc;
                ival.width = static_cast<std::uint32_t>(mode.width);
                ival.height = static_cast<std::uint32_t>(mode.height);
                if (m_io->ioctl(fd, VIDIOC_ENUM_FRAMEINTERVALS, &ival) < 0)
                    break;
                const v4l2_fract f = ival.type == V4L2_FRMIVAL_TYPE_DISCRETE ? ival.discrete : ival.stepwise.min;
                if (f.numerator > 0)
                    mode.fps = std::max(mode.fps, static_cast<int>(f.denominator / f.numerator));
                if (ival.type != V4L2_FRMIVAL_TYPE_DISCRETE)
                    break;
            }
            modes.push_back(mode);
            if (size.type != V4L2_FRMSIZE_TYPE_DISCRETE)
                break;
        }
    }
    // Among the modes the options allow, camchat's default choice (modechoice.h).
    std::vector<Mode> allowed;
    QList<ModeTraits> traits;
    for (const Mode &m : modes) {
        if (m_options.fourcc != 0 && m.fourcc != m_options.fourcc)
            continue;
        if (m_options.width > 0 && (m.width != m_options.width || m.height != m_options.height))
            continue;
        allowed.push_back(m);
        traits.append({m.width, m.height, double(m.fps), true, m.fourcc == V4L2_PIX_FMT_MJPEG});
    }
    const qsizetype best = chooseDefaultMode(traits);
    Mode chosen = best >= 0 ? allowed[static_cast<std::size_t>(best)] : Mode{};
    if (chosen.fourcc == 0) {
        // Nothing listed matches the request: let the driver snap it.
        chosen = Mode{m_options.fourcc ? m_options.fourcc : V4L2_PIX_FMT_YUYV,
                      m_options.width > 0 ? m_options.width : 1280, m_options.height > 0 ? m_options.height : 720,
                      m_options.fps};
    }
    v4l2_format format{};
    format.type = type;
    if (multiPlanar) {
        format.fmt.pix_mp.pixelformat = chosen.fourcc;
        format.fmt.pix_mp.width = static_cast<std::uint32_t>(chosen.width);
        format.fmt.pix_mp.height = static_cast<std::uint32_t>(chosen.height);
        format.fmt.pix_mp.field = V4L2_FIELD_ANY;
    } else {
        format.fmt.pix.pixelformat = chosen.fourcc;
        format.fmt.pix.width = static_cast<std::uint32_t>(chosen.width);
        format.fmt.pix.height = static_cast<std::uint32_t>(chosen.height);
        format.fmt.pix.field = V4L2_FIELD_ANY;
    }
    if (m_io->ioctl(fd, VIDIOC_S_FMT, &format) < 0)
        return errno == ENODEV ? Outcome::Gone : fail(V4l2Error::Failed, callFailed("VIDIOC_S_FMT", errno));
    V4l2Negotiated result = readFormat(format, multiPlanar);
    if (!isCapturableFourcc(result.fourcc))
        return fail(V4l2Error::UnsupportedFormat, QStringLiteral("fourcc 0x%1").arg(result.fourcc, 8, 16, QLatin1Char('0')));
    v4l2_streamparm parm{};
    parm.type = type;
    const int wantedFps = m_options.fps > 0 ? m_options.fps : chosen.fps;
    if (wantedFps > 0) {
        parm.parm.capture.timeperframe.numerator = 1;
        parm.parm.capture.timeperframe.denominator = static_cast<std::uint32_t>(wantedFps);
        m_io->ioctl(fd, VIDIOC_S_PARM, &parm);
    }
    if (m_io->ioctl(fd, VIDIOC_G_PARM, &parm) == 0 && parm.parm.capture.timeperframe.numerator > 0)
        result.fps = static_cast<int>(parm.parm.capture.timeperframe.denominator / parm.parm.capture.timeperframe.numerator);
    std::lock_guard lock(m_mutex);
    m_negotiated = result;
    return Outcome::Ready;
}

// A DV receiver sends what its source sends: the source's timings give the size, and
// the driver's current pixel format is kept when camchat can take it. Only a format
// camchat cannot take (or one the user asked for) is changed, and a driver that refuses
// (Rockchip's rk_hdmirx takes nothing but the detected format) keeps its own.
V4l2Source::Outcome V4l2Source::negotiateReceiver(int fd, bool multiPlanar)
{
    const std::uint32_t type = multiPlanar ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : V4L2_BUF_TYPE_VIDEO_CAPTURE;
    v4l2_dv_timings timings{};
    bool haveTimings = false;
    if (m_io->ioctl(fd, VIDIOC_QUERY_DV_TIMINGS, &timings) < 0) {
        const int error = errno;
        if (error == ENODEV)
            return Outcome::Gone;
        if (isNoSignalErrno(error))
            return waitForSignal(fd);
        if (error != ENOTTY)
            return fail(V4l2Error::Failed, callFailed("VIDIOC_QUERY_DV_TIMINGS", error));
        // Nothing to query: the timings the driver is set to, if it has any.
        timings = {};
        haveTimings = m_io->ioctl(fd, VIDIOC_G_DV_TIMINGS, &timings) == 0;
    } else {
        haveTimings = true;
        // Follow the source: mainline snps_hdmirx wants the detected timings set before
        // S_FMT/REQBUFS, and vivid and adv76xx keep the old ones (and size) until told.
        if (m_io->ioctl(fd, VIDIOC_S_DV_TIMINGS, &timings) < 0 && errno == ENODEV)
            return Outcome::Gone;
    }
    // The input's status counts as much as the timings: no signal is a state, not a picture.
    if (queryCurrentInput(*m_io, fd).noSignal())
        return waitForSignal(fd);
    int fps = 0;
    int sourceWidth = 0;
    int sourceHeight = 0;
    if (haveTimings && timings.type == V4L2_DV_BT_656_1120) {
        const std::uint64_t total = std::uint64_t(V4L2_DV_BT_FRAME_WIDTH(&timings.bt))
                * V4L2_DV_BT_FRAME_HEIGHT(&timings.bt);
        if (total > 0)
            fps = static_cast<int>((timings.bt.pixelclock + total / 2) / total);
        sourceWidth = static_cast<int>(timings.bt.width);
        // Interlaced timings give the height of the frame, both fields together.
        sourceHeight = static_cast<int>(timings.bt.height);
    }

    v4l2_format format{};
    format.type = type;
    if (m_io->ioctl(fd, VIDIOC_G_FMT, &format) < 0)
        return errno == ENODEV ? Outcome::Gone : fail(V4l2Error::Failed, callFailed("VIDIOC_G_FMT", errno));
    const V4l2Negotiated current = readFormat(format, multiPlanar);
    std::uint32_t wantedFourcc = current.fourcc;
    if (m_options.fourcc != 0) {
        wantedFourcc = m_options.fourcc;
    } else if (!isCapturableFourcc(current.fourcc) || current.fourcc == V4L2_PIX_FMT_MJPEG) {
        // The first raw format the driver lists that camchat can take.
        for (std::uint32_t index = 0;; ++index) {
            v4l2_fmtdesc desc{};
            desc.index = index;
            desc.type = type;
            if (m_io->ioctl(fd, VIDIOC_ENUM_FMT, &desc) < 0)
                break;
            if (pixelFormatForFourcc(desc.pixelformat) != PixelFormat::Invalid) {
                wantedFourcc = desc.pixelformat;
                break;
            }
        }
    }
    const int wantedWidth = sourceWidth > 0 ? sourceWidth : current.width;
    const int wantedHeight = sourceHeight > 0 ? sourceHeight : current.height;
    if (wantedFourcc != current.fourcc || wantedWidth != current.width || wantedHeight != current.height) {
        // A frame larger than the source would only be the source composed into a corner.
        v4l2_format wanted{};
        wanted.type = type;
        if (multiPlanar) {
            wanted.fmt.pix_mp = format.fmt.pix_mp;
            wanted.fmt.pix_mp.pixelformat = wantedFourcc;
            wanted.fmt.pix_mp.width = static_cast<std::uint32_t>(wantedWidth);
            wanted.fmt.pix_mp.height = static_cast<std::uint32_t>(wantedHeight);
            for (v4l2_plane_pix_format &plane : wanted.fmt.pix_mp.plane_fmt) {
                plane.bytesperline = 0; // the driver's own layout for the new format
                plane.sizeimage = 0;
            }
        } else {
            wanted.fmt.pix = format.fmt.pix;
            wanted.fmt.pix.pixelformat = wantedFourcc;
            wanted.fmt.pix.width = static_cast<std::uint32_t>(wantedWidth);
            wanted.fmt.pix.height = static_cast<std::uint32_t>(wantedHeight);
            wanted.fmt.pix.bytesperline = 0;
            wanted.fmt.pix.sizeimage = 0;
        }
        if (m_io->ioctl(fd, VIDIOC_S_FMT, &wanted) < 0 && errno == ENODEV)
            return Outcome::Gone;
        // Whatever the driver made of it (or, refused, what it had): read it back.
        format = {};
        format.type = type;
        if (m_io->ioctl(fd, VIDIOC_G_FMT, &format) < 0)
            return errno == ENODEV ? Outcome::Gone : fail(V4l2Error::Failed, callFailed("VIDIOC_G_FMT", errno));
    }
    V4l2Negotiated result = readFormat(format, multiPlanar);
    result.hdmiReceiver = true;
    result.fps = fps;
    if (!isCapturableFourcc(result.fourcc) || result.fourcc == V4L2_PIX_FMT_MJPEG)
        return fail(V4l2Error::UnsupportedFormat, QStringLiteral("fourcc 0x%1").arg(result.fourcc, 8, 16, QLatin1Char('0')));
    std::lock_guard lock(m_mutex);
    m_negotiated = result;
    return Outcome::Ready;
}

V4l2Source::Outcome V4l2Source::stream(int fd, bool multiPlanar)
{
    const std::uint32_t type = multiPlanar ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : V4L2_BUF_TYPE_VIDEO_CAPTURE;

    v4l2_requestbuffers request{};
    request.count = static_cast<std::uint32_t>(m_options.bufferCount);
    request.type = type;
    request.memory = V4L2_MEMORY_MMAP;
    if (m_io->ioctl(fd, VIDIOC_REQBUFS, &request) < 0 || request.count == 0)
        return errno == ENODEV ? Outcome::Gone : fail(V4l2Error::Failed, callFailed("VIDIOC_REQBUFS", errno));

    V4l2Negotiated format;
    {
        std::lock_guard lock(m_mutex);
        format = m_negotiated;
    }
    const RawLayout layout = rawLayout(format);
    auto buffers = std::make_shared<BufferSet>(m_io);
    for (std::uint32_t i = 0; i < request.count; ++i) {
        v4l2_buffer buf{};
        std::array<v4l2_plane, VIDEO_MAX_PLANES> planes{};
        buf.index = i;
        buf.type = type;
        buf.memory = V4L2_MEMORY_MMAP;
        if (multiPlanar) {
            buf.m.planes = planes.data();
            buf.length = static_cast<std::uint32_t>(planes.size());
        }
        if (m_io->ioctl(fd, VIDIOC_QUERYBUF, &buf) < 0)
            return errno == ENODEV ? Outcome::Gone : fail(V4l2Error::Failed, callFailed("VIDIOC_QUERYBUF", errno));
        BufferSet::Mapping mapping;
        mapping.length = multiPlanar ? planes[0].length : buf.length;
        const std::int64_t offset = multiPlanar ? planes[0].m.mem_offset : buf.m.offset;
        void *address = m_io->mmap(mapping.length, fd, offset);
        if (address == MAP_FAILED)
            return errno == ENODEV ? Outcome::Gone : fail(V4l2Error::Failed, callFailed("mmap", errno));
        mapping.address = address;
        if (format.fourcc != V4L2_PIX_FMT_MJPEG) {
            // A layout Frame::wrap refuses would give no frame ever: an error, not "Streaming".
            const QString problem = layoutProblem(format, layout, address, mapping.length);
            if (!problem.isEmpty()) {
                buffers->mappings.push_back(mapping); // unmapped with the set
                return fail(V4l2Error::Failed, problem);
            }
        }
        v4l2_exportbuffer exp{};
        exp.type = type;
        exp.index = i;
        exp.flags = O_CLOEXEC | O_RDONLY;
        if (m_io->ioctl(fd, VIDIOC_EXPBUF, &exp) == 0)
            mapping.dmabufFd = exp.fd;
        buffers->mappings.push_back(mapping);
        if (multiPlanar)
            buf.length = 1;
        if (m_io->ioctl(fd, VIDIOC_QBUF, &buf) < 0)
            return errno == ENODEV ? Outcome::Gone : fail(V4l2Error::Failed, callFailed("VIDIOC_QBUF", errno));
    }
    std::uint32_t streamType = type;
    if (m_io->ioctl(fd, VIDIOC_STREAMON, &streamType) < 0)
        return errno == ENODEV ? Outcome::Gone : fail(V4l2Error::Failed, callFailed("VIDIOC_STREAMON", errno));

    auto requeue = [&](int index) {
        v4l2_buffer buf{};
        std::array<v4l2_plane, VIDEO_MAX_PLANES> planes{};
        buf.index = static_cast<std::uint32_t>(index);
        buf.type = type;
        buf.memory = V4L2_MEMORY_MMAP;
        if (multiPlanar) {
            buf.m.planes = planes.data();
            buf.length = 1;
        }
        return m_io->ioctl(fd, VIDIOC_QBUF, &buf);
    };
    auto finish = [&](Outcome outcome) {
        std::uint32_t offType = type;
        m_io->ioctl(fd, VIDIOC_STREAMOFF, &offType);
        buffers.reset();
        return outcome;
    };

    auto lastFrameAt = std::chrono::steady_clock::now();
    const bool hdmiReceiver = format.hdmiReceiver;
    // No published frame for noFrameTimeoutMs (nothing arrived, or only broken frames):
    // NoSignal. True when a receiver should be queried again, as it may have a new mode
    // without having sent an event.
    auto noPictureForTooLong = [&] {
        if (std::chrono::steady_clock::now() - lastFrameAt <= std::chrono::milliseconds(m_options.noFrameTimeoutMs))
            return false;
        setState(State::NoSignal);
        return hdmiReceiver;
    };
    while (!m_stopRequested) {
        for (int index : buffers->takeReturned()) {
            if (requeue(index) < 0 && errno == ENODEV)
                return finish(Outcome::Gone);
        }
        short revents = 0;
        const int ready = m_io->poll(fd, POLLIN | POLLPRI, &revents, m_options.pollTimeoutMs);
        if (ready < 0) {
            if (errno == EINTR)
                continue;
            return finish(errno == ENODEV ? Outcome::Gone : fail(V4l2Error::Failed, callFailed("poll", errno)));
        }
        if (ready == 0 || !(revents & (POLLIN | POLLPRI | POLLERR | POLLHUP))) {
            if (noPictureForTooLong())
                return finish(Outcome::Renegotiate);
            continue;
        }
        if (revents & POLLPRI) {
            const SignalEvents events = drainEvents(fd);
            // Signal lost or cable pulled: say so now rather than after noFrameTimeoutMs.
            if (events.signalGone)
                setState(State::NoSignal);
            if (events.signalGone || events.changed)
                return finish(Outcome::Renegotiate);
        }
        if (!(revents & (POLLIN | POLLERR | POLLHUP)))
            continue;
        for (;;) {
            v4l2_buffer buf{};
            std::array<v4l2_plane, VIDEO_MAX_PLANES> planes{};
            buf.type = type;
            buf.memory = V4L2_MEMORY_MMAP;
            if (multiPlanar) {
                buf.m.planes = planes.data();
                buf.length = static_cast<std::uint32_t>(planes.size());
            }
            if (m_io->ioctl(fd, VIDIOC_DQBUF, &buf) < 0) {
                const int error = errno;
                if (error == ENODEV)
                    return finish(Outcome::Gone);
                if (error != EAGAIN && error != EINTR)
                    return finish(fail(V4l2Error::Failed, callFailed("VIDIOC_DQBUF", error)));
                // POLLERR without a buffer: every buffer is held by consumers; wait a bit.
                if (!(revents & POLLIN))
                    sleepUnlessStopped(5);
                break;
            }
            // Multi-planar: camchat's formats all lie in one memory plane (the chroma follows
            // the luma), so plane 0 is the only plane and its bytesused is what counts.
            const std::uint32_t bytesUsed = multiPlanar ? planes[0].bytesused : buf.bytesused;
            if (buf.flags & V4L2_BUF_FLAG_ERROR) {
                countRejectedFrame();
                requeue(static_cast<int>(buf.index));
                continue;
            }
            if (hdmiReceiver) {
                // Before a receiver's frame goes out: has the signal gone or changed since?
                // Drivers like vivid keep sending full frames (of noise) without a signal;
                // only the events and the input's status tell.
                const ReceiverCheck check = checkReceiver(fd);
                if (check != ReceiverCheck::Fine) {
                    requeue(static_cast<int>(buf.index));
                    if (check == ReceiverCheck::NoSignal)
                        setState(State::NoSignal);
                    return finish(Outcome::Renegotiate);
                }
            }
            // The driver's CLOCK_MONOTONIC capture time, when it gives one.
            std::int64_t timestampNs = static_cast<std::int64_t>(buf.timestamp.tv_sec) * 1000000000
                    + static_cast<std::int64_t>(buf.timestamp.tv_usec) * 1000;
            if ((buf.flags & V4L2_BUF_FLAG_TIMESTAMP_MASK) != V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC || timestampNs <= 0)
                timestampNs = monotonicNowNs();
            const BufferResult result = handleBuffer(buffers, format, layout, static_cast<int>(buf.index), bytesUsed,
                                                     buf.sequence, timestampNs);
            if (result == BufferResult::Failed)
                return finish(Outcome::Failed);
            // Only a picture counts: a device sending nothing but broken frames has no signal.
            if (result == BufferResult::Published)
                lastFrameAt = std::chrono::steady_clock::now();
        }
        if (noPictureForTooLong())
            return finish(Outcome::Renegotiate);
    }
    return finish(Outcome::Stop);
}

// Turns one dequeued buffer into a published Frame; the buffer goes back to the driver
// when the last reference is released. A frame with fewer bytes than its layout needs
// (MJPEG: none at all) is dropped and counted: the rest of the buffer is not this picture.
V4l2Source::BufferResult V4l2Source::handleBuffer(const std::shared_ptr<BufferSet> &buffers,
                                                  const V4l2Negotiated &format, const RawLayout &layout, int index,
                                                  std::uint32_t bytesUsed, std::uint32_t sequence,
                                                  std::int64_t timestampNs)
{
    const BufferSet::Mapping &mapping = buffers->mappings.at(static_cast<std::size_t>(index));
    const std::shared_ptr<void> token(nullptr, [buffers, index](void *) { buffers->giveBack(index); });
    const QString sourceName = QString::fromStdString(m_options.devicePath);
    const auto *bytes = static_cast<const std::uint8_t *>(mapping.address);
    const std::size_t used = std::min<std::size_t>(bytesUsed, mapping.length);
    const auto dropShort = [this] {
        {
            std::lock_guard lock(m_mutex);
            ++m_stats.shortSkipped;
        }
        countRejectedFrame();
        return BufferResult::Dropped;
    };

    Frame frame;
    if (format.fourcc == V4L2_PIX_FMT_MJPEG) {
        if (used == 0)
            return dropShort();
        thread_local JpegDecoder decoder;
        const std::span<const std::uint8_t> jpeg(bytes, used);
        ImageError error{};
        JpegHeader header;
        if (!decoder.readHeader(jpeg, &header))
            frame = decoder.decode(jpeg, minimumDecodeSize(), &error);
        if (!frame.isValid()) {
            // Cheap grabbers send truncated JPEGs when the signal drops: skip, never fatal.
            {
                std::lock_guard lock(m_mutex);
                ++m_stats.corruptSkipped;
            }
            countRejectedFrame();
            return BufferResult::Dropped;
        }
        // The driver buffer is re-queued right after this call: keep a copy of the
        // compressed picture (a few hundred KB) so a snapshot can have full resolution.
        frame.setEncodedJpeg(std::make_shared<const QByteArray>(reinterpret_cast<const char *>(bytes),
                                                                static_cast<qsizetype>(used)),
                             QSize(header.width, header.height));
    } else {
        if (used < layout.needed)
            return dropShort();
        const std::shared_ptr<const std::byte> storage(token, reinterpret_cast<const std::byte *>(bytes));
        frame = Frame::wrap(layout.format, format.width, format.height,
                            std::span<const FramePlane>(layout.planes.data(), static_cast<std::size_t>(layout.count)),
                            storage, mapping.length);
        if (!frame.isValid()) { // stream() checked the layout against every buffer: not expected
            fail(V4l2Error::Failed, layoutProblem(format, layout, bytes, mapping.length));
            return BufferResult::Failed;
        }
        frame.setDmabufFd(mapping.dmabufFd);
        frame.setYuvEncoding(format.yuvMatrix, format.yuvRange);
    }
    frame.setSequence(sequence);
    frame.setTimestampNs(timestampNs);
    frame.setSourceName(sourceName);
    // Streaming before the frame goes out: whoever sees the frame (a mailbox reader, the
    // callback) must never read the NoSignal/Starting state that preceded it.
    setState(State::Streaming);
    publish(frame);
    return BufferResult::Published;
}

} // namespace camchat::capture
