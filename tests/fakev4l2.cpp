#include "fakev4l2.h"

#include "capture/jpegcodec.h"
#include "capture/v4l2/v4l2formats.h"

#include <linux/videodev2.h>
#include <poll.h>
#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>

namespace camchat::capture::test {

namespace {

constexpr std::int64_t kBufferOffsetStep = 1 << 24;
constexpr int kExpbufTag = -1;
// The Rockchip kernel's rk_hdmirx "signal lost" event (a driver-private event type).
constexpr std::uint32_t kRockchipSignalLostEvent = V4L2_EVENT_PRIVATE_START + 1;

PixelFormat pixelFormatOf(std::uint32_t fourcc)
{
    return pixelFormatForFourcc(fourcc);
}

// Where plane `p` of a single-memory-plane V4L2 buffer starts and its bytes per line, as
// the V4L2 format documentation lays them out: NV chroma right after bytesperline x
// height (NV24: twice as wide), YU12/YV12 chroma planes at half the bytesperline.
struct PlaneSpot {
    std::size_t offset = 0;
    std::uint32_t stride = 0;
};
PlaneSpot planeSpot(PixelFormat format, int p, std::uint32_t bytesPerLine, int height)
{
    const std::size_t luma = static_cast<std::size_t>(bytesPerLine) * static_cast<std::size_t>(height);
    if (p == 0)
        return {0, bytesPerLine};
    if (planeCount(format) == 3) {
        const std::uint32_t half = bytesPerLine / 2;
        return {luma + (p == 2 ? static_cast<std::size_t>(half) * static_cast<std::size_t>(planeHeight(format, 1, height)) : 0),
                half};
    }
    return {luma, format == PixelFormat::Nv24 ? bytesPerLine * 2 : bytesPerLine};
}

std::uint32_t alignUp(std::uint32_t value, std::uint32_t alignment)
{
    return (value + alignment - 1) / alignment * alignment;
}

// Fills a fixed-size field; a string of the field's size (or longer) fills it without a
// terminating NUL.
void copyString(std::uint8_t *dst, std::size_t capacity, const std::string &src)
{
    std::memset(dst, 0, capacity);
    std::memcpy(dst, src.data(), std::min(capacity, src.size()));
}

// Lays the tight pattern out the way the device does: padded rows, chroma right after
// bytesperline x height.
std::vector<std::uint8_t> deviceImage(const FakeV4l2Io::Mode &mode, std::uint32_t bytesPerLine,
                                      std::uint32_t sizeImage, bool corrupt)
{
    if (mode.fourcc == V4L2_PIX_FMT_MJPEG) {
        const QByteArray jpeg = fakePatternJpeg(mode.width, mode.height);
        const auto size = static_cast<std::size_t>(corrupt ? jpeg.size() / 2 : jpeg.size());
        const auto *bytes = reinterpret_cast<const std::uint8_t *>(jpeg.constData());
        return std::vector<std::uint8_t>(bytes, bytes + size);
    }
    const PixelFormat format = pixelFormatOf(mode.fourcc);
    const Frame pattern = fakePatternFrame(format, mode.width, mode.height);
    std::vector<std::uint8_t> image(sizeImage, 0xEE); // padding is visibly not image
    for (int p = 0; p < planeCount(format); ++p) {
        const PlaneSpot spot = planeSpot(format, p, bytesPerLine, mode.height);
        const int rowBytes = std::min<int>(minimumStride(format, p, mode.width), static_cast<int>(spot.stride));
        const int rows = planeHeight(format, p, mode.height);
        for (int y = 0; y < rows; ++y) {
            const std::size_t at = spot.offset + static_cast<std::size_t>(y) * spot.stride;
            if (at + static_cast<std::size_t>(rowBytes) > image.size())
                break; // a broken layout (setReportedLayout): what does not fit is lost
            std::memcpy(image.data() + at, pattern.constBits(p) + static_cast<std::ptrdiff_t>(y) * pattern.stride(p),
                        static_cast<std::size_t>(rowBytes));
        }
    }
    return image;
}

} // namespace

Frame fakePatternFrame(PixelFormat format, int width, int height)
{
    Frame frame = Frame::allocate(format, width, height);
    for (int p = 0; p < frame.planeCount(); ++p) {
        const int rows = planeHeight(format, p, height);
        const int rowBytes = minimumStride(format, p, width);
        for (int y = 0; y < rows; ++y) {
            std::uint8_t *row = frame.bits(p) + static_cast<std::ptrdiff_t>(y) * frame.stride(p);
            for (int x = 0; x < rowBytes; ++x)
                row[x] = static_cast<std::uint8_t>(p == 0 ? 16 + (x * 7 + y * 3) % 220 : 64 + (x * 5 + y * 11 + p * 13) % 128);
        }
    }
    return frame;
}

QByteArray fakePatternJpeg(int width, int height)
{
    JpegEncoder encoder;
    JpegEncodeOptions options;
    options.quality = 85;
    return encoder.encode(fakePatternFrame(PixelFormat::Bgr24, width, height), options).data;
}

FakeV4l2Io::~FakeV4l2Io() = default;

void FakeV4l2Io::addHdmiReceiver(const std::string &path, const std::string &driver)
{
    std::lock_guard lock(m_mutex);
    Device dev;
    dev.kind = Kind::Hdmi;
    dev.multiPlanar = true;
    dev.driver = driver;
    dev.card = driver;
    applyMode(dev, Mode{V4L2_PIX_FMT_BGR24, 640, 480, 60});
    m_devices[path] = std::move(dev);
}

void FakeV4l2Io::addDvReceiver(const std::string &path, DvReceiverOptions options)
{
    std::lock_guard lock(m_mutex);
    Device dev;
    dev.kind = Kind::Hdmi;
    dev.receiver = Receiver::VividLike;
    dev.multiPlanar = options.multiPlanar;
    dev.driver = options.driver;
    dev.card = options.driver == "vivid" ? std::string("vivid") : options.driver;
    dev.dvFormats = std::move(options.formats);
    dev.hasSignal = true;
    dev.signal = options.initial;
    dev.dvTimings = options.initial;
    applyMode(dev, options.initial);
    m_devices[path] = std::move(dev);
}

void FakeV4l2Io::addUvcCamera(const std::string &path, std::vector<Mode> modes)
{
    std::lock_guard lock(m_mutex);
    Device dev;
    dev.kind = Kind::Uvc;
    dev.driver = "uvcvideo";
    dev.card = "Fake USB Camera";
    dev.colorspace = V4L2_COLORSPACE_DEFAULT;
    dev.ycbcrEncoding = V4L2_YCBCR_ENC_DEFAULT;
    dev.quantization = V4L2_QUANTIZATION_DEFAULT;
    dev.modes = std::move(modes);
    if (!dev.modes.empty())
        applyMode(dev, dev.modes.front());
    m_devices[path] = std::move(dev);
}

void FakeV4l2Io::setIdentity(const std::string &path, const std::string &driver, const std::string &card)
{
    std::lock_guard lock(m_mutex);
    Device &dev = m_devices.at(path);
    dev.driver = driver;
    dev.card = card;
}

void FakeV4l2Io::addMetadataNode(const std::string &path)
{
    std::lock_guard lock(m_mutex);
    Device dev;
    dev.kind = Kind::Metadata;
    dev.driver = "uvcvideo";
    dev.card = "Fake USB Camera";
    m_devices[path] = std::move(dev);
}

void FakeV4l2Io::setOpenError(const std::string &path, int error)
{
    std::lock_guard lock(m_mutex);
    device(path).openError = error;
}

void FakeV4l2Io::setHdmiSignal(const std::string &path, std::uint32_t fourcc, int width, int height, int fps)
{
    std::lock_guard lock(m_mutex);
    Device &dev = device(path);
    dev.hasSignal = true;
    dev.signal = Mode{fourcc, width, height, fps};
    // Rockchip: the receiver's format follows the signal, even mid-stream (the app must
    // renegotiate). vivid-like: only QUERY_DV_TIMINGS sees the new signal.
    if (!dev.streaming && dev.receiver == Receiver::Rockchip)
        applyMode(dev, dev.signal);
    if (dev.sourceChangeSubscribed)
        dev.events.push_back(Event{V4L2_EVENT_SOURCE_CHANGE});
    m_changed.notify_all();
}

void FakeV4l2Io::setHdmiNoSignal(const std::string &path, int error)
{
    std::lock_guard lock(m_mutex);
    Device &dev = device(path);
    dev.hasSignal = false;
    dev.noSignalError = error;
    if (dev.sourceChangeSubscribed)
        dev.events.push_back(Event{V4L2_EVENT_SOURCE_CHANGE});
    m_changed.notify_all();
}

void FakeV4l2Io::setHdmiColorimetry(const std::string &path, std::uint32_t ycbcrEncoding, std::uint32_t quantization)
{
    std::lock_guard lock(m_mutex);
    Device &dev = device(path);
    dev.ycbcrEncoding = ycbcrEncoding;
    dev.quantization = quantization;
}

void FakeV4l2Io::setColorimetry(const std::string &path, std::uint32_t colorspace, std::uint32_t ycbcrEncoding,
                                std::uint32_t quantization)
{
    std::lock_guard lock(m_mutex);
    Device &dev = device(path);
    dev.colorspace = colorspace;
    dev.ycbcrEncoding = ycbcrEncoding;
    dev.quantization = quantization;
}

void FakeV4l2Io::setEventsSupported(const std::string &path, bool supported)
{
    std::lock_guard lock(m_mutex);
    device(path).eventsSupported = supported;
}

void FakeV4l2Io::sendRockchipSignalLost(const std::string &path)
{
    std::lock_guard lock(m_mutex);
    Device &dev = device(path);
    dev.hasSignal = false;
    dev.noSignalError = ENOLCK;
    if (dev.signalLostSubscribed)
        dev.events.push_back(Event{kRockchipSignalLostEvent});
    m_changed.notify_all();
}

void FakeV4l2Io::setHdmiPowerPresent(const std::string &path, bool present)
{
    std::lock_guard lock(m_mutex);
    Device &dev = device(path);
    dev.powerPresent = present;
    if (present) {
        // The source behind the cable is still sending its last mode.
        dev.hasSignal = dev.signal.fourcc != 0 && dev.signal.width > 0;
        if (dev.hasSignal && !dev.streaming && dev.receiver == Receiver::Rockchip)
            applyMode(dev, dev.signal);
    } else {
        dev.hasSignal = false;
        dev.noSignalError = ENOLINK;
    }
    if (dev.powerPresentSubscribed)
        dev.events.push_back(Event{V4L2_EVENT_CTRL, V4L2_CID_DV_RX_POWER_PRESENT, present ? 1 : 0});
    m_changed.notify_all();
}

void FakeV4l2Io::clearEvents(Device &dev)
{
    dev.events.clear();
    dev.sourceChangeSubscribed = false;
    dev.signalLostSubscribed = false;
    dev.powerPresentSubscribed = false;
}

void FakeV4l2Io::setCorruptFrames(const std::string &path, std::set<int> frameNumbers)
{
    std::lock_guard lock(m_mutex);
    device(path).corruptFrames = std::move(frameNumbers);
}

void FakeV4l2Io::setShortFrames(const std::string &path, std::set<int> frameNumbers, std::uint32_t bytesUsed)
{
    std::lock_guard lock(m_mutex);
    Device &dev = device(path);
    dev.shortFrames = std::move(frameNumbers);
    dev.shortBytesUsed = bytesUsed;
}

void FakeV4l2Io::setReportedLayout(const std::string &path, std::uint32_t bytesPerLine, std::uint32_t sizeImage)
{
    std::lock_guard lock(m_mutex);
    Device &dev = device(path);
    dev.reportedBytesPerLine = bytesPerLine;
    dev.reportedSizeImage = sizeImage;
    applyMode(dev, dev.format);
}

void FakeV4l2Io::unplugAfterFrames(const std::string &path, int frames)
{
    std::lock_guard lock(m_mutex);
    Device &dev = device(path);
    dev.unplugAfter = dev.dequeued + frames;
    if (frames == 0)
        dev.gone = true;
    m_changed.notify_all();
}

void FakeV4l2Io::replug(const std::string &path)
{
    std::lock_guard lock(m_mutex);
    Device &dev = device(path);
    // Old file descriptors stay dead; only a new open() sees the device again.
    for (auto it = m_fds.begin(); it != m_fds.end(); ++it) {
        if (it->second == path)
            it->second = std::string();
    }
    dev.gone = false;
    dev.unplugAfter = -1;
    dev.streaming = false;
    dev.buffers.clear();
    clearEvents(dev);
    dev.ownerFd = -1;
    m_changed.notify_all();
}

int FakeV4l2Io::framesDequeued(const std::string &path) const
{
    std::lock_guard lock(m_mutex);
    return device(path).dequeued;
}

int FakeV4l2Io::noiseFramesDequeued(const std::string &path) const
{
    std::lock_guard lock(m_mutex);
    return device(path).noiseFrames;
}

int FakeV4l2Io::openCount(const std::string &path) const
{
    std::lock_guard lock(m_mutex);
    return device(path).opens;
}

int FakeV4l2Io::rejectedSetFormats(const std::string &path) const
{
    std::lock_guard lock(m_mutex);
    return device(path).rejectedSetFormats;
}

int FakeV4l2Io::setDvTimingsCalls(const std::string &path) const
{
    std::lock_guard lock(m_mutex);
    return device(path).setDvTimings;
}

bool FakeV4l2Io::isStreaming(const std::string &path) const
{
    std::lock_guard lock(m_mutex);
    return device(path).streaming;
}

FakeV4l2Io::Mode FakeV4l2Io::currentMode(const std::string &path) const
{
    std::lock_guard lock(m_mutex);
    return device(path).format;
}

int FakeV4l2Io::openFdCount() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_fds.size());
}

int FakeV4l2Io::liveMappings() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_mappings.size());
}

const FakeV4l2Io::Device &FakeV4l2Io::device(const std::string &path) const
{
    const auto it = m_devices.find(path);
    if (it == m_devices.end())
        throw std::logic_error("FakeV4l2Io: unknown device " + path);
    return it->second;
}

FakeV4l2Io::Device &FakeV4l2Io::device(const std::string &path)
{
    return const_cast<Device &>(std::as_const(*this).device(path));
}

FakeV4l2Io::Device *FakeV4l2Io::deviceForFd(int fd)
{
    const auto it = m_fds.find(fd);
    if (it == m_fds.end() || it->second.empty())
        return nullptr;
    const auto dev = m_devices.find(it->second);
    return dev == m_devices.end() ? nullptr : &dev->second; // DMA-BUF fds are no devices
}

void FakeV4l2Io::applyMode(Device &dev, const Mode &mode)
{
    dev.format = mode;
    const PixelFormat format = pixelFormatOf(mode.fourcc);
    if (format == PixelFormat::Invalid) { // MJPEG (and other compressed formats)
        dev.bytesPerLine = 0;
        dev.sizeImage = static_cast<std::uint32_t>(mode.width * mode.height * 2);
    } else {
        // The HDMI receiver pads rows to 64 bytes; a UVC camera packs them.
        const auto minimum = static_cast<std::uint32_t>(minimumStride(format, 0, mode.width));
        dev.bytesPerLine = dev.kind == Kind::Hdmi ? alignUp(minimum, 64) : minimum;
        std::size_t size = 0;
        for (int p = 0; p < planeCount(format); ++p) {
            const PlaneSpot spot = planeSpot(format, p, dev.bytesPerLine, mode.height);
            size = spot.offset + static_cast<std::size_t>(spot.stride) * static_cast<std::size_t>(planeHeight(format, p, mode.height));
        }
        dev.sizeImage = static_cast<std::uint32_t>(size);
    }
    if (dev.reportedBytesPerLine != 0)
        dev.bytesPerLine = dev.reportedBytesPerLine;
    if (dev.reportedSizeImage != 0)
        dev.sizeImage = dev.reportedSizeImage;
}

bool FakeV4l2Io::frameReady(const Device &dev) const
{
    // vivid streams on whatever the signal does: noise without one, the old timings'
    // picture after a change.
    if (dev.streaming && dev.receiver == Receiver::VividLike)
        return std::any_of(dev.buffers.begin(), dev.buffers.end(), [](const Buffer &b) { return b.queued; });
    if (!dev.streaming || (dev.kind == Kind::Hdmi && !dev.hasSignal))
        return false;
    // A receiver whose signal changed under a running stream stops completing buffers.
    if (dev.kind == Kind::Hdmi && (dev.signal.width != dev.format.width || dev.signal.height != dev.format.height
                                   || dev.signal.fourcc != dev.format.fourcc))
        return false;
    return std::any_of(dev.buffers.begin(), dev.buffers.end(), [](const Buffer &b) { return b.queued; });
}

void FakeV4l2Io::produceFrame(Device &dev, Buffer &buffer)
{
    if (dev.receiver == Receiver::VividLike && !dev.hasSignal) {
        // Grey noise at the full frame size, as vivid sends without a signal.
        std::uint32_t state = 0x9E3779B9u ^ dev.sequence;
        for (std::uint8_t &byte : *buffer.storage) {
            state = state * 1664525u + 1013904223u;
            byte = static_cast<std::uint8_t>(state >> 24);
        }
        ++dev.noiseFrames;
        dev.cachedMode = Mode{};
        buffer.bytesUsed = dev.sizeImage;
        buffer.sequence = dev.sequence++;
        timespec now{};
        clock_gettime(CLOCK_MONOTONIC, &now);
        buffer.timestampNs = static_cast<std::int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
        buffer.queued = false;
        ++dev.dequeued;
        const auto interval = std::chrono::microseconds(1000000 / std::max(1, dev.format.fps));
        dev.nextFrameAt = std::max(dev.nextFrameAt + interval, std::chrono::steady_clock::now());
        return;
    }
    const bool corrupt = dev.corruptFrames.count(dev.dequeued) > 0;
    const bool cached = dev.cachedMode.fourcc == dev.format.fourcc && dev.cachedMode.width == dev.format.width
            && dev.cachedMode.height == dev.format.height && dev.cachedCorrupt == corrupt;
    if (!cached) {
        dev.cachedImage = deviceImage(dev.format, dev.bytesPerLine, dev.sizeImage, corrupt);
        dev.cachedMode = dev.format;
        dev.cachedCorrupt = corrupt;
    }
    const std::vector<std::uint8_t> &image = dev.cachedImage;
    std::size_t size = std::min(image.size(), buffer.storage->size());
    const bool isShort = dev.shortFrames.count(dev.dequeued) > 0;
    if (isShort)
        size = std::min<std::size_t>(size, dev.shortBytesUsed);
    std::memcpy(buffer.storage->data(), image.data(), size);
    if (isShort) // the missing part is not the picture (nor the last frame's)
        std::memset(buffer.storage->data() + size, 0, buffer.storage->size() - size);
    buffer.bytesUsed = static_cast<std::uint32_t>(size);
    buffer.sequence = dev.sequence++;
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    dev.lastTimestampNs = static_cast<std::int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
    buffer.timestampNs = dev.lastTimestampNs;
    buffer.queued = false;
    ++dev.dequeued;
    if (dev.unplugAfter >= 0 && dev.dequeued >= dev.unplugAfter)
        dev.gone = true;
    const auto interval = std::chrono::microseconds(1000000 / std::max(1, dev.format.fps));
    dev.nextFrameAt = std::max(dev.nextFrameAt + interval, std::chrono::steady_clock::now());
}

int FakeV4l2Io::open(const std::string &path)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_devices.find(path);
    if (it == m_devices.end() || it->second.gone) {
        errno = ENOENT;
        return -1;
    }
    if (it->second.openError != 0) {
        errno = it->second.openError;
        return -1;
    }
    ++it->second.opens;
    const int fd = m_nextFd++;
    m_fds[fd] = path;
    return fd;
}

int FakeV4l2Io::close(int fd)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_fds.find(fd);
    if (it == m_fds.end()) {
        errno = EBADF;
        return -1;
    }
    {
        Device *dev = deviceForFd(fd);
        if (dev && dev->ownerFd == fd) {
            // Like the kernel: the last close stops streaming and releases the queue.
            dev->streaming = false;
            dev->buffers.clear();
            clearEvents(*dev);
            dev->ownerFd = -1;
        }
    }
    m_fds.erase(it);
    return 0;
}

int FakeV4l2Io::ioctl(int fd, unsigned long request, void *arg)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_fds.find(fd);
    if (it == m_fds.end()) {
        errno = EBADF;
        return -1;
    }
    Device *dev = deviceForFd(fd);
    if (!dev || dev->gone) {
        errno = ENODEV;
        return -1;
    }
    const int result = handleIoctl(*dev, fd, request, arg);
    m_changed.notify_all();
    return result;
}

void FakeV4l2Io::fillFormat(const Device &dev, void *arg, bool multiPlanar) const
{
    auto *format = static_cast<v4l2_format *>(arg);
    if (multiPlanar) {
        std::memset(&format->fmt.pix_mp, 0, sizeof(format->fmt.pix_mp));
        format->fmt.pix_mp.width = static_cast<std::uint32_t>(dev.format.width);
        format->fmt.pix_mp.height = static_cast<std::uint32_t>(dev.format.height);
        format->fmt.pix_mp.pixelformat = dev.format.fourcc;
        format->fmt.pix_mp.field = V4L2_FIELD_NONE;
        format->fmt.pix_mp.num_planes = 1;
        format->fmt.pix_mp.plane_fmt[0].bytesperline = dev.bytesPerLine;
        format->fmt.pix_mp.plane_fmt[0].sizeimage = dev.sizeImage;
        format->fmt.pix_mp.colorspace = dev.colorspace;
        format->fmt.pix_mp.ycbcr_enc = static_cast<std::uint8_t>(dev.ycbcrEncoding);
        format->fmt.pix_mp.quantization = static_cast<std::uint8_t>(dev.quantization);
    } else {
        std::memset(&format->fmt.pix, 0, sizeof(format->fmt.pix));
        format->fmt.pix.width = static_cast<std::uint32_t>(dev.format.width);
        format->fmt.pix.height = static_cast<std::uint32_t>(dev.format.height);
        format->fmt.pix.pixelformat = dev.format.fourcc;
        format->fmt.pix.field = V4L2_FIELD_NONE;
        format->fmt.pix.bytesperline = dev.bytesPerLine;
        format->fmt.pix.sizeimage = dev.sizeImage;
        format->fmt.pix.colorspace = dev.colorspace;
        format->fmt.pix.ycbcr_enc = dev.ycbcrEncoding;
        format->fmt.pix.quantization = dev.quantization;
    }
}

int FakeV4l2Io::handleIoctl(Device &dev, int fd, unsigned long request, void *arg)
{
    const bool mplane = dev.multiPlanar;
    const bool vivid = dev.receiver == Receiver::VividLike;
    const std::uint32_t bufType = mplane ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE : V4L2_BUF_TYPE_VIDEO_CAPTURE;
    auto fail = [](int error) {
        errno = error;
        return -1;
    };
    auto hdmiFormats = [] {
        return std::vector<std::uint32_t>{V4L2_PIX_FMT_BGR24, V4L2_PIX_FMT_NV16, V4L2_PIX_FMT_NV24, V4L2_PIX_FMT_NV12};
    };
    std::vector<std::uint32_t> fourccs;
    if (vivid) {
        fourccs = dev.dvFormats;
    } else if (dev.kind == Kind::Hdmi) {
        fourccs = hdmiFormats();
    } else {
        for (const Mode &m : dev.modes) {
            if (std::find(fourccs.begin(), fourccs.end(), m.fourcc) == fourccs.end())
                fourccs.push_back(m.fourcc);
        }
    }

    switch (request) {
    case VIDIOC_QUERYCAP: {
        auto *cap = static_cast<v4l2_capability *>(arg);
        std::memset(cap, 0, sizeof(*cap));
        copyString(cap->driver, sizeof(cap->driver), dev.driver);
        copyString(cap->card, sizeof(cap->card), dev.card);
        copyString(cap->bus_info, sizeof(cap->bus_info),
                   vivid                    ? std::string("platform:vivid-000")
                       : dev.kind == Kind::Hdmi ? std::string("platform:fdee0000.hdmirx")
                                                : std::string("usb-xhci-hcd.0-1"));
        cap->version = 0x060100;
        cap->device_caps = dev.kind == Kind::Metadata ? V4L2_CAP_META_CAPTURE | V4L2_CAP_STREAMING
                                                      : (mplane ? V4L2_CAP_VIDEO_CAPTURE_MPLANE : V4L2_CAP_VIDEO_CAPTURE)
                | V4L2_CAP_STREAMING;
        cap->capabilities = cap->device_caps | V4L2_CAP_DEVICE_CAPS;
        return 0;
    }
    case VIDIOC_ENUM_FMT: {
        auto *desc = static_cast<v4l2_fmtdesc *>(arg);
        if (dev.kind == Kind::Metadata || desc->type != bufType || desc->index >= fourccs.size())
            return fail(EINVAL);
        desc->pixelformat = fourccs[desc->index];
        desc->flags = desc->pixelformat == V4L2_PIX_FMT_MJPEG ? V4L2_FMT_FLAG_COMPRESSED : 0;
        copyString(desc->description, sizeof(desc->description), "fake");
        return 0;
    }
    case VIDIOC_ENUM_FRAMESIZES: {
        auto *size = static_cast<v4l2_frmsizeenum *>(arg);
        if (vivid) {
            // vivid with its scaler: any even size within its limits.
            if (size->index != 0 || std::find(fourccs.begin(), fourccs.end(), size->pixel_format) == fourccs.end())
                return fail(EINVAL);
            size->type = V4L2_FRMSIZE_TYPE_STEPWISE;
            size->stepwise = {16, 16384, 2, 16, 8640, 2};
            return 0;
        }
        if (dev.kind == Kind::Hdmi) {
            if (size->index != 0 || !dev.hasSignal)
                return fail(EINVAL);
            size->type = V4L2_FRMSIZE_TYPE_DISCRETE;
            size->discrete.width = static_cast<std::uint32_t>(dev.signal.width);
            size->discrete.height = static_cast<std::uint32_t>(dev.signal.height);
            return 0;
        }
        std::uint32_t index = 0;
        for (const Mode &m : dev.modes) {
            if (m.fourcc != size->pixel_format)
                continue;
            if (index++ == size->index) {
                size->type = V4L2_FRMSIZE_TYPE_DISCRETE;
                size->discrete.width = static_cast<std::uint32_t>(m.width);
                size->discrete.height = static_cast<std::uint32_t>(m.height);
                return 0;
            }
        }
        return fail(EINVAL);
    }
    case VIDIOC_ENUM_FRAMEINTERVALS: {
        auto *ival = static_cast<v4l2_frmivalenum *>(arg);
        if (ival->index != 0)
            return fail(EINVAL);
        if (vivid) {
            // Any size: the current timings' rate.
            ival->type = V4L2_FRMIVAL_TYPE_DISCRETE;
            ival->discrete.numerator = 1;
            ival->discrete.denominator = static_cast<std::uint32_t>(dev.dvTimings.fps);
            return 0;
        }
        for (const Mode &m : dev.modes) {
            if (m.fourcc == ival->pixel_format && static_cast<std::uint32_t>(m.width) == ival->width
                && static_cast<std::uint32_t>(m.height) == ival->height) {
                ival->type = V4L2_FRMIVAL_TYPE_DISCRETE;
                ival->discrete.numerator = 1;
                ival->discrete.denominator = static_cast<std::uint32_t>(m.fps);
                return 0;
            }
        }
        return fail(EINVAL);
    }
    case VIDIOC_G_FMT: {
        auto *format = static_cast<v4l2_format *>(arg);
        if (format->type != bufType)
            return fail(EINVAL);
        fillFormat(dev, arg, mplane);
        return 0;
    }
    case VIDIOC_TRY_FMT:
    case VIDIOC_S_FMT: {
        auto *format = static_cast<v4l2_format *>(arg);
        if (format->type != bufType)
            return fail(EINVAL);
        if (request == VIDIOC_S_FMT && (!dev.buffers.empty() || (dev.ownerFd >= 0 && dev.ownerFd != fd)))
            return fail(EBUSY);
        if (vivid) {
            // Any listed format (else the first) at any even size within the limits.
            auto pick = [&](std::uint32_t fourcc, std::uint32_t width, std::uint32_t height) {
                Mode mode;
                mode.fourcc = std::find(fourccs.begin(), fourccs.end(), fourcc) != fourccs.end() ? fourcc : fourccs.front();
                mode.width = static_cast<int>(std::clamp<std::uint32_t>(width & ~1U, 16, 16384));
                mode.height = static_cast<int>(std::clamp<std::uint32_t>(height & ~1U, 16, 8640));
                mode.fps = dev.dvTimings.fps;
                return mode;
            };
            const Mode mode = mplane ? pick(format->fmt.pix_mp.pixelformat, format->fmt.pix_mp.width, format->fmt.pix_mp.height)
                                     : pick(format->fmt.pix.pixelformat, format->fmt.pix.width, format->fmt.pix.height);
            Device probe = dev;
            applyMode(probe, mode);
            if (request == VIDIOC_S_FMT)
                applyMode(dev, mode);
            fillFormat(probe, arg, mplane);
            return 0;
        }
        if (dev.kind == Kind::Hdmi) {
            // Rockchip: anything but the detected format is refused.
            const auto &pix = format->fmt.pix_mp;
            if (!dev.hasSignal || pix.pixelformat != dev.signal.fourcc
                || pix.width != static_cast<std::uint32_t>(dev.signal.width)
                || pix.height != static_cast<std::uint32_t>(dev.signal.height)) {
                ++dev.rejectedSetFormats;
                return fail(EINVAL);
            }
            if (request == VIDIOC_S_FMT)
                applyMode(dev, dev.signal);
            fillFormat(dev, arg, true);
            return 0;
        }
        // UVC: snap to the closest listed size of the format (or the first format).
        const auto &pix = format->fmt.pix;
        const Mode *best = nullptr;
        long long bestDistance = 0;
        const std::uint32_t wanted = std::find(fourccs.begin(), fourccs.end(), pix.pixelformat) != fourccs.end()
                ? pix.pixelformat
                : fourccs.front();
        for (const Mode &m : dev.modes) {
            if (m.fourcc != wanted)
                continue;
            const long long distance = std::llabs(static_cast<long long>(m.width) * m.height
                                                  - static_cast<long long>(pix.width) * pix.height);
            if (!best || distance < bestDistance) {
                best = &m;
                bestDistance = distance;
            }
        }
        Device probe = dev;
        applyMode(probe, *best);
        if (request == VIDIOC_S_FMT)
            applyMode(dev, *best);
        fillFormat(probe, arg, false);
        return 0;
    }
    case VIDIOC_G_PARM:
    case VIDIOC_S_PARM: {
        auto *parm = static_cast<v4l2_streamparm *>(arg);
        if (vivid && parm->type == bufType) {
            // Not a webcam: the rate is the timings', S_PARM changes nothing.
            parm->parm.capture.capability = V4L2_CAP_TIMEPERFRAME;
            parm->parm.capture.timeperframe.numerator = 1;
            parm->parm.capture.timeperframe.denominator = static_cast<std::uint32_t>(dev.dvTimings.fps);
            return 0;
        }
        if (dev.kind != Kind::Uvc || parm->type != bufType)
            return fail(EINVAL);
        if (request == VIDIOC_S_PARM && parm->parm.capture.timeperframe.numerator > 0) {
            const int wanted = static_cast<int>(parm->parm.capture.timeperframe.denominator
                                                / parm->parm.capture.timeperframe.numerator);
            dev.format.fps = std::min(wanted, [&] {
                for (const Mode &m : dev.modes) {
                    if (m.fourcc == dev.format.fourcc && m.width == dev.format.width && m.height == dev.format.height)
                        return m.fps;
                }
                return wanted;
            }());
        }
        parm->parm.capture.capability = V4L2_CAP_TIMEPERFRAME;
        parm->parm.capture.timeperframe.numerator = 1;
        parm->parm.capture.timeperframe.denominator = static_cast<std::uint32_t>(dev.format.fps);
        return 0;
    }
    case VIDIOC_QUERY_DV_TIMINGS:
    case VIDIOC_G_DV_TIMINGS: {
        if (dev.kind != Kind::Hdmi)
            return fail(ENOTTY);
        // vivid: G_DV_TIMINGS gives the timings it is set to, signal or not.
        const bool current = vivid && request == VIDIOC_G_DV_TIMINGS;
        if (!current && !dev.hasSignal)
            return fail(dev.noSignalError);
        const Mode &mode = current ? dev.dvTimings : dev.signal;
        auto *timings = static_cast<v4l2_dv_timings *>(arg);
        std::memset(timings, 0, sizeof(*timings));
        timings->type = V4L2_DV_BT_656_1120;
        timings->bt.width = static_cast<std::uint32_t>(mode.width);
        timings->bt.height = static_cast<std::uint32_t>(mode.height);
        timings->bt.pixelclock = static_cast<std::uint64_t>(mode.width) * static_cast<std::uint64_t>(mode.height)
                * static_cast<std::uint64_t>(mode.fps);
        return 0;
    }
    case VIDIOC_S_DV_TIMINGS: {
        if (dev.kind != Kind::Hdmi)
            return fail(ENOTTY);
        if (vivid) {
            const auto *timings = static_cast<const v4l2_dv_timings *>(arg);
            const int width = static_cast<int>(timings->bt.width);
            const int height = static_cast<int>(timings->bt.height);
            const std::uint64_t area = std::uint64_t(std::max(width, 1)) * std::uint64_t(std::max(height, 1));
            const int fps = static_cast<int>(timings->bt.pixelclock / area);
            ++dev.setDvTimings;
            // Like vivid: the same timings are accepted even while streaming, and
            // change nothing (the size stays what S_FMT made it).
            if (width == dev.dvTimings.width && height == dev.dvTimings.height && fps == dev.dvTimings.fps)
                return 0;
            if (!dev.buffers.empty())
                return fail(EBUSY);
            dev.dvTimings = Mode{0, width, height, fps};
            applyMode(dev, Mode{dev.format.fourcc, width, height, fps});
            return 0;
        }
        if (!dev.buffers.empty())
            return fail(EBUSY);
        ++dev.setDvTimings;
        if (dev.hasSignal)
            applyMode(dev, dev.signal);
        return 0;
    }
    case VIDIOC_G_INPUT: {
        if (dev.kind == Kind::Metadata)
            return fail(ENOTTY);
        *static_cast<int *>(arg) = 0;
        return 0;
    }
    case VIDIOC_S_INPUT:
        if (dev.kind == Kind::Metadata)
            return fail(ENOTTY);
        return *static_cast<int *>(arg) == 0 ? 0 : fail(EINVAL);
    case VIDIOC_ENUMINPUT: {
        auto *input = static_cast<v4l2_input *>(arg);
        if (dev.kind == Kind::Metadata)
            return fail(ENOTTY);
        if (input->index != 0)
            return fail(EINVAL);
        const std::uint32_t index = input->index;
        std::memset(input, 0, sizeof(*input));
        input->index = index;
        input->type = V4L2_INPUT_TYPE_CAMERA;
        if (dev.kind == Kind::Hdmi) {
            copyString(input->name, sizeof(input->name), "HDMI 0");
            input->capabilities = V4L2_IN_CAP_DV_TIMINGS;
            // As vivid reports it: no signal, or no horizontal lock (not locked, out of range).
            if (!dev.powerPresent || (!dev.hasSignal && dev.noSignalError == ENOLINK))
                input->status = V4L2_IN_ST_NO_SIGNAL;
            else if (!dev.hasSignal)
                input->status = V4L2_IN_ST_NO_H_LOCK;
        } else {
            copyString(input->name, sizeof(input->name), "Camera 1");
        }
        return 0;
    }
    case VIDIOC_SUBSCRIBE_EVENT: {
        const auto *sub = static_cast<const v4l2_event_subscription *>(arg);
        if (!dev.eventsSupported)
            return fail(ENOTTY);
        if (dev.kind != Kind::Hdmi)
            return fail(EINVAL);
        if (sub->type == V4L2_EVENT_SOURCE_CHANGE) {
            dev.sourceChangeSubscribed = true;
            return 0;
        }
        if (sub->type == V4L2_EVENT_CTRL && sub->id == V4L2_CID_DV_RX_POWER_PRESENT) {
            dev.powerPresentSubscribed = true;
            return 0;
        }
        // Only Rockchip's own driver has the private signal-lost event.
        if (sub->type == kRockchipSignalLostEvent && dev.driver == "rk_hdmirx") {
            dev.signalLostSubscribed = true;
            return 0;
        }
        return fail(EINVAL);
    }
    case VIDIOC_UNSUBSCRIBE_EVENT:
        clearEvents(dev);
        return 0;
    case VIDIOC_G_CTRL: {
        auto *control = static_cast<v4l2_control *>(arg);
        if (dev.kind != Kind::Hdmi || control->id != V4L2_CID_DV_RX_POWER_PRESENT)
            return fail(EINVAL);
        control->value = dev.powerPresent ? 1 : 0;
        return 0;
    }
    case VIDIOC_DQEVENT: {
        if (dev.events.empty())
            return fail(ENOENT);
        auto *event = static_cast<v4l2_event *>(arg);
        std::memset(event, 0, sizeof(*event));
        const Event &next = dev.events.front();
        event->type = next.type;
        if (next.type == V4L2_EVENT_SOURCE_CHANGE) {
            event->u.src_change.changes = V4L2_EVENT_SRC_CH_RESOLUTION;
        } else if (next.type == V4L2_EVENT_CTRL) {
            event->id = next.id;
            event->u.ctrl.changes = V4L2_EVENT_CTRL_CH_VALUE;
            event->u.ctrl.type = V4L2_CTRL_TYPE_BOOLEAN;
            event->u.ctrl.value = static_cast<std::int32_t>(next.value);
            event->u.ctrl.value64 = next.value;
        }
        dev.events.erase(dev.events.begin());
        event->pending = static_cast<std::uint32_t>(dev.events.size());
        return 0;
    }
    case VIDIOC_REQBUFS: {
        auto *req = static_cast<v4l2_requestbuffers *>(arg);
        if (req->type != bufType || req->memory != V4L2_MEMORY_MMAP)
            return fail(EINVAL);
        // Like vb2: the fd that allocated buffers owns the queue until it frees them.
        if (dev.streaming || (dev.ownerFd >= 0 && dev.ownerFd != fd))
            return fail(EBUSY);
        dev.buffers.clear();
        dev.ownerFd = req->count > 0 ? fd : -1;
        for (std::uint32_t i = 0; i < req->count; ++i) {
            Buffer buffer;
            buffer.storage = std::make_shared<std::vector<std::uint8_t>>(dev.sizeImage);
            dev.buffers.push_back(std::move(buffer));
        }
        return 0;
    }
    case VIDIOC_QUERYBUF:
    case VIDIOC_QBUF:
    case VIDIOC_DQBUF: {
        auto *buf = static_cast<v4l2_buffer *>(arg);
        if (buf->type != bufType || buf->memory != V4L2_MEMORY_MMAP)
            return fail(EINVAL);
        if (mplane && (!buf->m.planes || buf->length < 1))
            return fail(EINVAL);
        if (dev.ownerFd != fd)
            return fail(dev.ownerFd < 0 ? EINVAL : EBUSY);
        std::uint32_t index = buf->index;
        if (request == VIDIOC_DQBUF) {
            if (!frameReady(dev) || std::chrono::steady_clock::now() < dev.nextFrameAt)
                return fail(EAGAIN);
            index = static_cast<std::uint32_t>(
                std::find_if(dev.buffers.begin(), dev.buffers.end(), [](const Buffer &b) { return b.queued; })
                - dev.buffers.begin());
            produceFrame(dev, dev.buffers[index]);
        } else if (index >= dev.buffers.size()) {
            return fail(EINVAL);
        }
        Buffer &buffer = dev.buffers[index];
        if (request == VIDIOC_QBUF) {
            if (buffer.queued)
                return fail(EINVAL);
            buffer.queued = true;
            return 0;
        }
        buf->index = index;
        buf->sequence = buffer.sequence;
        buf->field = V4L2_FIELD_NONE;
        buf->flags = (buffer.queued ? V4L2_BUF_FLAG_QUEUED : 0) | V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC;
        buf->timestamp.tv_sec = static_cast<time_t>(buffer.timestampNs / 1000000000);
        buf->timestamp.tv_usec = static_cast<suseconds_t>(buffer.timestampNs % 1000000000 / 1000);
        const auto offset = static_cast<std::uint32_t>(kBufferOffsetStep * index);
        if (mplane) {
            buf->m.planes[0].length = static_cast<std::uint32_t>(buffer.storage->size());
            buf->m.planes[0].bytesused = buffer.bytesUsed;
            buf->m.planes[0].m.mem_offset = offset;
            buf->length = 1;
        } else {
            buf->length = static_cast<std::uint32_t>(buffer.storage->size());
            buf->bytesused = buffer.bytesUsed;
            buf->m.offset = offset;
        }
        return 0;
    }
    case VIDIOC_EXPBUF: {
        auto *exp = static_cast<v4l2_exportbuffer *>(arg);
        if (exp->type != bufType || exp->index >= dev.buffers.size())
            return fail(EINVAL);
        exp->fd = m_nextFd++;
        m_fds[exp->fd] = std::string(1, '\0'); // a DMA-BUF, not a device node
        return 0;
    }
    case VIDIOC_STREAMON:
        if (dev.ownerFd != fd)
            return fail(dev.ownerFd < 0 ? EINVAL : EBUSY);
        if (dev.buffers.empty())
            return fail(EINVAL);
        dev.streaming = true;
        dev.nextFrameAt = std::chrono::steady_clock::now();
        return 0;
    case VIDIOC_STREAMOFF:
        if (dev.ownerFd >= 0 && dev.ownerFd != fd)
            return fail(EBUSY);
        dev.streaming = false;
        for (Buffer &b : dev.buffers)
            b.queued = false;
        return 0;
    default:
        return fail(ENOTTY);
    }
}

void *FakeV4l2Io::mmap(std::size_t length, int fd, std::int64_t offset)
{
    std::lock_guard lock(m_mutex);
    Device *dev = deviceForFd(fd);
    if (!dev || dev->gone) {
        errno = ENODEV;
        return MAP_FAILED;
    }
    const auto index = static_cast<std::size_t>(offset / kBufferOffsetStep);
    if (offset % kBufferOffsetStep != 0 || index >= dev->buffers.size() || length > dev->buffers[index].storage->size()) {
        errno = EINVAL;
        return MAP_FAILED;
    }
    const Storage storage = dev->buffers[index].storage;
    m_mappings[storage->data()] = storage;
    return storage->data();
}

int FakeV4l2Io::munmap(void *address, std::size_t)
{
    std::lock_guard lock(m_mutex);
    if (m_mappings.erase(address) == 0) {
        errno = EINVAL;
        return -1;
    }
    return 0;
}

int FakeV4l2Io::poll(int fd, short events, short *revents, int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::max(0, timeoutMs));
    for (;;) {
        if (m_fds.find(fd) == m_fds.end()) {
            errno = EBADF;
            return -1;
        }
        Device *dev = deviceForFd(fd);
        short ready = 0;
        if (!dev || dev->gone) {
            ready = POLLERR | POLLHUP;
        } else {
            if ((events & POLLPRI) && !dev->events.empty())
                ready |= POLLPRI;
            if ((events & POLLIN) && frameReady(*dev) && std::chrono::steady_clock::now() >= dev->nextFrameAt)
                ready |= POLLIN;
        }
        if (ready != 0) {
            if (revents)
                *revents = ready;
            return 1;
        }
        auto wakeAt = deadline;
        if (frameReady(*dev))
            wakeAt = std::min(wakeAt, dev->nextFrameAt);
        if (std::chrono::steady_clock::now() >= deadline) {
            if (revents)
                *revents = 0;
            return 0;
        }
        m_changed.wait_until(lock, wakeAt);
    }
}

} // namespace camchat::capture::test
