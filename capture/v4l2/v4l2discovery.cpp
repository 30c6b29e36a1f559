#include "v4l2discovery.h"

#include "v4l2formats.h"
#include "v4l2input.h"

#include <QDir>
#include <QRegularExpression>

#include <linux/videodev2.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace camchat::capture {

namespace {

// A broken driver (or fake) that never says EINVAL must not hang the listing.
constexpr std::uint32_t kMaxEnumEntries = 256;

QString fixedString(const __u8 *bytes, std::size_t capacity)
{
    const auto *chars = reinterpret_cast<const char *>(bytes);
    return QString::fromUtf8(chars, static_cast<qsizetype>(strnlen(chars, capacity))).trimmed();
}

double framesPerSecond(const v4l2_fract &interval)
{
    if (interval.numerator == 0)
        return 0;
    return static_cast<double>(interval.denominator) / static_cast<double>(interval.numerator);
}

// Closes the fd on every way out of probe().
class FdGuard
{
public:
    FdGuard(V4l2Io &io, int fd)
        : m_io(io)
        , m_fd(fd)
    {
    }
    ~FdGuard() { m_io.close(m_fd); }
    FdGuard(const FdGuard &) = delete;
    FdGuard &operator=(const FdGuard &) = delete;

private:
    V4l2Io &m_io;
    int m_fd;
};

void enumerateIntervals(V4l2Io &io, int fd, std::uint32_t fourcc, V4l2FrameSize &size)
{
    for (std::uint32_t index = 0; index < kMaxEnumEntries; ++index) {
        v4l2_frmivalenum interval{};
        interval.index = index;
        interval.pixel_format = fourcc;
        interval.width = static_cast<__u32>(size.width);
        interval.height = static_cast<__u32>(size.height);
        if (io.ioctl(fd, VIDIOC_ENUM_FRAMEINTERVALS, &interval) < 0)
            break;
        if (interval.type == V4L2_FRMIVAL_TYPE_DISCRETE) {
            const double fps = framesPerSecond(interval.discrete);
            if (fps > 0 && !size.framesPerSecond.contains(fps))
                size.framesPerSecond.append(fps);
            continue;
        }
        // The longest interval is the lowest rate.
        size.minFramesPerSecond = framesPerSecond(interval.stepwise.max);
        size.maxFramesPerSecond = framesPerSecond(interval.stepwise.min);
        break;
    }
    std::sort(size.framesPerSecond.begin(), size.framesPerSecond.end(), std::greater<>());
}

void enumerateSizes(V4l2Io &io, int fd, V4l2FormatInfo &format)
{
    for (std::uint32_t index = 0; index < kMaxEnumEntries; ++index) {
        v4l2_frmsizeenum frameSize{};
        frameSize.index = index;
        frameSize.pixel_format = format.fourcc;
        if (io.ioctl(fd, VIDIOC_ENUM_FRAMESIZES, &frameSize) < 0)
            break;
        if (frameSize.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
            V4l2FrameSize size;
            size.width = static_cast<int>(frameSize.discrete.width);
            size.height = static_cast<int>(frameSize.discrete.height);
            enumerateIntervals(io, fd, format.fourcc, size);
            format.sizes.append(size);
            continue;
        }
        V4l2FrameSize largest;
        largest.width = static_cast<int>(frameSize.stepwise.max_width);
        largest.height = static_cast<int>(frameSize.stepwise.max_height);
        enumerateIntervals(io, fd, format.fourcc, largest);
        V4l2FrameSize smallest;
        smallest.width = static_cast<int>(frameSize.stepwise.min_width);
        smallest.height = static_cast<int>(frameSize.stepwise.min_height);
        enumerateIntervals(io, fd, format.fourcc, smallest);
        format.sizes = {largest, smallest};
        format.stepwise = true;
        return;
    }
    std::stable_sort(format.sizes.begin(), format.sizes.end(), [](const V4l2FrameSize &a, const V4l2FrameSize &b) {
        return static_cast<long long>(a.width) * a.height > static_cast<long long>(b.width) * b.height;
    });
}

V4l2SignalInfo querySignal(V4l2Io &io, int fd, const V4l2InputInfo &input)
{
    V4l2SignalInfo signal;
    v4l2_dv_timings timings{};
    if (io.ioctl(fd, VIDIOC_QUERY_DV_TIMINGS, &timings) < 0) {
        switch (errno) {
        case ENOLINK: signal.state = V4l2SignalInfo::State::NoCable; break;
        case ENOLCK: signal.state = V4l2SignalInfo::State::NotLocked; break;
        case ERANGE: signal.state = V4l2SignalInfo::State::OutOfRange; break;
        default: break; // no DV timings on this driver: nothing to say
        }
        return signal;
    }
    // The input's status bits count too: a receiver may still report its last timings.
    if (input.status & (V4L2_IN_ST_NO_SIGNAL | V4L2_IN_ST_NO_POWER)) {
        signal.state = V4l2SignalInfo::State::NoCable;
        return signal;
    }
    if (input.noSignal()) {
        signal.state = V4l2SignalInfo::State::NotLocked;
        return signal;
    }
    if (timings.type != V4L2_DV_BT_656_1120)
        return signal;
    const v4l2_bt_timings &bt = timings.bt;
    signal.state = V4l2SignalInfo::State::Locked;
    signal.width = static_cast<int>(bt.width);
    signal.height = static_cast<int>(bt.height);
    signal.interlaced = bt.interlaced != 0;
    const auto total = static_cast<double>(V4L2_DV_BT_FRAME_WIDTH(&bt)) * static_cast<double>(V4L2_DV_BT_FRAME_HEIGHT(&bt));
    if (total > 0 && bt.pixelclock > 0)
        signal.framesPerSecond = static_cast<double>(bt.pixelclock) / total;
    return signal;
}

} // namespace

QString fourccName(std::uint32_t fourcc)
{
    QString name;
    for (int shift = 0; shift < 32; shift += 8) {
        const auto c = static_cast<char>((fourcc >> shift) & 0x7f);
        name += (c >= 0x20 && c < 0x7f) ? QLatin1Char(c) : QLatin1Char('?');
    }
    name = name.trimmed();
    if (fourcc & (1U << 31))
        name += QStringLiteral("-BE");
    return name;
}

V4l2Discovery::V4l2Discovery(std::shared_ptr<V4l2Io> io, QString deviceDir)
    : m_io(std::move(io))
    , m_deviceDir(std::move(deviceDir))
{
}

QStringList V4l2Discovery::candidateNodes() const
{
    static const QRegularExpression kVideoNode(QStringLiteral("^video(\\d+)$"));
    const QDir dir(m_deviceDir);
    QList<std::pair<int, QString>> numbered;
    const QStringList names = dir.entryList({QStringLiteral("video*")}, QDir::Files | QDir::System);
    for (const QString &name : names) {
        const QRegularExpressionMatch match = kVideoNode.match(name);
        if (match.hasMatch())
            numbered.append({match.captured(1).toInt(), dir.filePath(name)});
    }
    std::sort(numbered.begin(), numbered.end());
    QStringList paths;
    for (const auto &entry : std::as_const(numbered))
        paths.append(entry.second);
    return paths;
}

QList<V4l2DeviceInfo> V4l2Discovery::devices() const
{
    return devices(candidateNodes());
}

QList<V4l2DeviceInfo> V4l2Discovery::devices(const QStringList &paths) const
{
    QList<V4l2DeviceInfo> found;
    for (const QString &path : paths) {
        if (std::optional<V4l2DeviceInfo> info = probe(path))
            found.append(std::move(*info));
    }
    return found;
}

std::optional<V4l2DeviceInfo> V4l2Discovery::probe(const QString &path) const
{
    V4l2DeviceInfo info;
    info.path = path;

    const int fd = m_io->open(path.toStdString());
    if (fd < 0) {
        const int error = errno;
        info.error = v4l2ErrorForOpen(error);
        if (info.error == V4l2Error::DeviceMissing)
            return std::nullopt; // gone between listing and opening
        info.errorNumber = error;
        return info;
    }
    const FdGuard guard(*m_io, fd);

    v4l2_capability cap{};
    if (m_io->ioctl(fd, VIDIOC_QUERYCAP, &cap) < 0)
        return std::nullopt; // not a V4L2 node at all
    const std::uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
    const bool capture = caps & (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE);
    // Codecs and scalers (rkvdec, hantro, rga) are video nodes too: capture and output.
    const bool memoryToMemory = caps & (V4L2_CAP_VIDEO_M2M | V4L2_CAP_VIDEO_M2M_MPLANE
                                        | V4L2_CAP_VIDEO_OUTPUT | V4L2_CAP_VIDEO_OUTPUT_MPLANE);
    if (!capture || memoryToMemory)
        return std::nullopt;

    info.name = fixedString(cap.card, sizeof cap.card);
    info.driver = fixedString(cap.driver, sizeof cap.driver);
    info.bus = fixedString(cap.bus_info, sizeof cap.bus_info);
    info.capabilities = caps;
    info.multiPlanar = (caps & V4L2_CAP_VIDEO_CAPTURE_MPLANE) && !(caps & V4L2_CAP_VIDEO_CAPTURE);
    // A DV receiver by what its input can do, whatever the driver's name (rk_hdmirx,
    // snps_hdmirx, tc358743, adv76xx, vivid).
    const V4l2InputInfo input = queryCurrentInput(*m_io, fd);
    info.hdmiReceiver = input.dvTimings;

    const auto type = info.multiPlanar ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : V4L2_BUF_TYPE_VIDEO_CAPTURE;
    for (std::uint32_t index = 0; index < kMaxEnumEntries; ++index) {
        v4l2_fmtdesc desc{};
        desc.index = index;
        desc.type = type;
        if (m_io->ioctl(fd, VIDIOC_ENUM_FMT, &desc) < 0)
            break;
        V4l2FormatInfo format;
        format.fourcc = desc.pixelformat;
        format.description = fixedString(desc.description, sizeof desc.description);
        format.compressed = desc.flags & V4L2_FMT_FLAG_COMPRESSED;
        format.supported = isCapturableFourcc(desc.pixelformat);
        enumerateSizes(*m_io, fd, format);
        info.formats.append(std::move(format));
    }

    if (info.hdmiReceiver)
        info.signal = querySignal(*m_io, fd, input);
    return info;
}

} // namespace camchat::capture
