#pragma once

#include "capture/frame.h"
#include "capture/v4l2/v4l2device.h"

#include <QByteArray>

#include <linux/videodev2.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace camchat::capture::test {

// An in-memory V4L2 kernel for tests. Devices are registered by path; every call is
// thread-safe (the source under test calls from its capture thread while the test
// changes the signal). Frames become ready at the mode's frame rate and carry the known
// pattern of fakePatternFrame() / fakePatternJpeg().
class FakeV4l2Io final : public V4l2Io
{
public:
    struct Mode {
        std::uint32_t fourcc = 0; // V4L2_PIX_FMT_*
        int width = 0;
        int height = 0;
        int fps = 30;
    };

    FakeV4l2Io() = default;
    ~FakeV4l2Io() override;

    // (a) RK3588 HDMI receiver: multi-planar, format follows the signal (no signal at first).
    void addHdmiReceiver(const std::string &path, const std::string &driver = "rk_hdmirx");
    // (a') A DV receiver modelled on vivid's HDMI input (and on tc358743/adv76xx bridges):
    // its input has V4L2_IN_CAP_DV_TIMINGS, but nothing in the driver's name says HDMI.
    // Unlike rk_hdmirx the pixel format is the application's choice (S_FMT takes any
    // listed format and any size, composing the source into it), the current timings
    // change only with S_DV_TIMINGS (which resets the size to the timings'; EBUSY while
    // buffers exist, unless the timings are the same), and without a signal it keeps
    // streaming full frames of noise. The signal starts as setHdmiSignal() would set it:
    // `initial` (fourcc, size, rate) with current timings to match.
    struct DvReceiverOptions {
        std::string driver = "vivid";
        bool multiPlanar = false;
        Mode initial{V4L2_PIX_FMT_YUYV, 1280, 720, 60};
        // ENUM_FMT's list, in the driver's order.
        std::vector<std::uint32_t> formats{V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_UYVY, V4L2_PIX_FMT_NV12,
                                           V4L2_PIX_FMT_NV16, V4L2_PIX_FMT_NV24, V4L2_PIX_FMT_BGR24,
                                           V4L2_PIX_FMT_XBGR32, V4L2_PIX_FMT_GREY};
    };
    void addDvReceiver(const std::string &path, DvReceiverOptions options);
    // (b) UVC camera with the given formats/sizes/rates (MJPEG and YUYV).
    void addUvcCamera(const std::string &path, std::vector<Mode> modes);
    // A metadata node (UVC cameras have one next to the capture node).
    void addMetadataNode(const std::string &path);
    // VIDIOC_QUERYCAP's driver and card, copied as given: a name as long as the field
    // (16 / 32 bytes) has no terminating NUL, as a careless driver leaves it.
    void setIdentity(const std::string &path, const std::string &driver, const std::string &card);
    // (c) open() fails with this errno (EBUSY, EACCES, ...).
    void setOpenError(const std::string &path, int error);

    // HDMI: a signal locks with this format (NV12/NV16/NV24/BGR3) and size; queues
    // V4L2_EVENT_SOURCE_CHANGE like the driver does on lock and on a resolution change.
    // A vivid-like receiver takes the size and rate only (QUERY_DV_TIMINGS gives them;
    // its format stays what the application set).
    void setHdmiSignal(const std::string &path, std::uint32_t fourcc, int width, int height, int fps = 60);
    // HDMI: signal lost; QUERY_DV_TIMINGS fails with `error` (ENOLINK: no 5 V, ENOLCK:
    // not locked, ERANGE: out of range), ENUMINPUT's status says V4L2_IN_ST_NO_SIGNAL
    // (ENOLINK) or V4L2_IN_ST_NO_H_LOCK (the others), like vivid, and no frame completes
    // any more (a vivid-like receiver sends noise instead).
    void setHdmiNoSignal(const std::string &path, int error = ENOLINK);
    // HDMI: the colorimetry G_FMT reports (V4L2_YCBCR_ENC_*, V4L2_QUANTIZATION_*);
    // BT.709 limited range unless changed.
    void setHdmiColorimetry(const std::string &path, std::uint32_t ycbcrEncoding, std::uint32_t quantization);
    // Any device: the colorspace, encoding and quantization G_FMT/S_FMT report (a camera
    // reports none unless set: all V4L2_*_DEFAULT).
    void setColorimetry(const std::string &path, std::uint32_t colorspace, std::uint32_t ycbcrEncoding,
                        std::uint32_t quantization);
    // Whether VIDIOC_SUBSCRIBE_EVENT works (some drivers have no events at all).
    void setEventsSupported(const std::string &path, bool supported);
    // HDMI (rk_hdmirx only): the signal is lost and the driver reports it with Rockchip's
    // private event (V4L2_EVENT_PRIVATE_START + 1) only, no SOURCE_CHANGE. Afterwards
    // QUERY_DV_TIMINGS fails with ENOLCK and no frame completes.
    void sendRockchipSignalLost(const std::string &path);
    // HDMI: the cable's 5 V appears/disappears; queues V4L2_EVENT_CTRL for
    // V4L2_CID_DV_RX_POWER_PRESENT (value 1/0) and nothing else. Unplugged: no signal,
    // QUERY_DV_TIMINGS fails with ENOLINK. Plugged again: the last signal locks again.
    void setHdmiPowerPresent(const std::string &path, bool present);

    // UVC: these dequeued-frame numbers (0-based, counting every frame of the device)
    // carry truncated JPEG data.
    void setCorruptFrames(const std::string &path, std::set<int> frameNumbers);
    // These dequeued-frame numbers (counted like setCorruptFrames) are short: they report
    // `bytesUsed` (in the one plane, for multi-planar) and carry only that much of the
    // picture, as a USB grabber does when the signal drops mid-frame. 0 is allowed.
    void setShortFrames(const std::string &path, std::set<int> frameNumbers, std::uint32_t bytesUsed);
    // A driver with a broken layout: G_FMT/S_FMT report this bytesperline and sizeimage
    // (and REQBUFS allocates buffers of that size) for every mode; 0 keeps the fake's own
    // value.
    void setReportedLayout(const std::string &path, std::uint32_t bytesPerLine, std::uint32_t sizeImage);
    // The device disappears (ENODEV on every call, open() gives ENOENT) after `frames`
    // dequeued frames; 0 = now.
    void unplugAfterFrames(const std::string &path, int frames);
    void replug(const std::string &path);

    // Inspection.
    int framesDequeued(const std::string &path) const;
    int openCount(const std::string &path) const;
    int rejectedSetFormats(const std::string &path) const;
    int setDvTimingsCalls(const std::string &path) const;
    // Frames of noise dequeued (a vivid-like receiver without signal).
    int noiseFramesDequeued(const std::string &path) const;
    bool isStreaming(const std::string &path) const;
    Mode currentMode(const std::string &path) const;
    int openFdCount() const;
    int liveMappings() const;

    int open(const std::string &path) override;
    int close(int fd) override;
    int ioctl(int fd, unsigned long request, void *arg) override;
    void *mmap(std::size_t length, int fd, std::int64_t offset) override;
    int munmap(void *address, std::size_t length) override;
    int poll(int fd, short events, short *revents, int timeoutMs) override;

private:
    enum class Kind { Hdmi, Uvc, Metadata };
    // How an Hdmi device behaves: Rockchip's receiver (format follows the signal, frames
    // stop without one) or a vivid-like one (see addDvReceiver()).
    enum class Receiver { Rockchip, VividLike };
    struct Event {
        std::uint32_t type = 0; // V4L2_EVENT_*
        std::uint32_t id = 0;   // control id for V4L2_EVENT_CTRL
        std::int64_t value = 0; // control value for V4L2_EVENT_CTRL
    };
    using Storage = std::shared_ptr<std::vector<std::uint8_t>>;
    struct Buffer {
        Storage storage;
        bool queued = false;
        std::uint32_t bytesUsed = 0;
        std::uint32_t sequence = 0;
        std::int64_t timestampNs = 0; // CLOCK_MONOTONIC
    };
    struct Device {
        Kind kind = Kind::Uvc;
        Receiver receiver = Receiver::Rockchip;
        bool multiPlanar = false;
        std::vector<std::uint32_t> dvFormats; // VividLike: ENUM_FMT
        Mode dvTimings;                       // VividLike: the current timings (S_DV_TIMINGS)
        std::string driver;
        std::string card;
        std::vector<Mode> modes; // UVC
        int openError = 0;
        // HDMI signal
        bool hasSignal = false;
        int noSignalError = ENOLINK;
        Mode signal;
        std::uint32_t colorspace = V4L2_COLORSPACE_REC709; // HDMI; cameras: DEFAULT
        std::uint32_t ycbcrEncoding = V4L2_YCBCR_ENC_709;
        std::uint32_t quantization = V4L2_QUANTIZATION_LIM_RANGE;
        bool eventsSupported = true;
        std::int64_t lastTimestampNs = 0;
        // negotiated
        Mode format;
        std::uint32_t bytesPerLine = 0;
        std::uint32_t sizeImage = 0;
        std::vector<Buffer> buffers;
        bool streaming = false;
        int ownerFd = -1; // the fd holding the buffer queue
        bool powerPresent = true;
        bool sourceChangeSubscribed = false;
        bool signalLostSubscribed = false;
        bool powerPresentSubscribed = false;
        std::vector<Event> events;
        std::chrono::steady_clock::time_point nextFrameAt;
        std::uint32_t sequence = 0;
        std::vector<std::uint8_t> cachedImage; // the last produced image, reused while the mode holds
        Mode cachedMode;
        bool cachedCorrupt = false;
        // faults
        std::set<int> corruptFrames;
        std::set<int> shortFrames;
        std::uint32_t shortBytesUsed = 0;
        std::uint32_t reportedBytesPerLine = 0; // 0: the fake's own layout
        std::uint32_t reportedSizeImage = 0;
        int unplugAfter = -1;
        bool gone = false;
        // stats
        int dequeued = 0;
        int opens = 0;
        int rejectedSetFormats = 0;
        int setDvTimings = 0;
        int noiseFrames = 0;
    };

    Device *deviceForFd(int fd);
    const Device &device(const std::string &path) const;
    Device &device(const std::string &path);
    int handleIoctl(Device &dev, int fd, unsigned long request, void *arg);
    void fillFormat(const Device &dev, void *arg, bool multiPlanar) const;
    void applyMode(Device &dev, const Mode &mode);
    bool frameReady(const Device &dev) const;
    static void clearEvents(Device &dev);
    void produceFrame(Device &dev, Buffer &buffer);

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<std::string, Device> m_devices;
    std::map<int, std::string> m_fds;
    std::map<const void *, Storage> m_mappings;
    int m_nextFd = 100;
};

// The test pattern the fake sends, tightly packed (NV12, NV16, NV24, YUYV, BGR24, RGB24),
// for the reference side of pixel checks.
Frame fakePatternFrame(PixelFormat format, int width, int height);
// The JPEG the fake sends for MJPEG modes (deterministic for a given size).
QByteArray fakePatternJpeg(int width, int height);

} // namespace camchat::capture::test
