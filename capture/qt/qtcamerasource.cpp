#include "qtcamerasource.h"

#include "capture/modechoice.h"
#include "capture/qimageframe.h"

#include <QCamera>
#include <QImage>
#include <QMediaCaptureSession>
#include <QVideoFrame>
#include <QVideoSink>

#include <array>
#include <cstring>

namespace camchat::capture {

namespace {

// Formats toFrame() hands over without converting pixels.
bool isDirect(QVideoFrameFormat::PixelFormat format)
{
    switch (format) {
    case QVideoFrameFormat::Format_NV12:
    case QVideoFrameFormat::Format_YUYV:
    case QVideoFrameFormat::Format_BGRA8888:
    case QVideoFrameFormat::Format_BGRX8888:
        return true;
    default:
        return false;
    }
}

void applyColorimetry(const QVideoFrameFormat &format, Frame &frame)
{
    YuvMatrix matrix = frame.height() >= 720 ? YuvMatrix::Bt709 : YuvMatrix::Bt601;
    if (format.colorSpace() == QVideoFrameFormat::ColorSpace_BT601)
        matrix = YuvMatrix::Bt601;
    else if (format.colorSpace() == QVideoFrameFormat::ColorSpace_BT709)
        matrix = YuvMatrix::Bt709;
    const YuvRange range = format.colorRange() == QVideoFrameFormat::ColorRange_Full
                                        ? YuvRange::Full
                                        : YuvRange::Limited;
    frame.setYuvEncoding(matrix, range);
}

// Shares the mapped planes of `videoFrame` when they lie in one block after plane 0;
// the mapping lasts as long as any Frame refers to it. Invalid when the layout does not
// fit a Frame (the caller copies instead).
Frame wrapMapped(const QVideoFrame &videoFrame, PixelFormat format)
{
    auto mapped = std::make_shared<QVideoFrame>(videoFrame);
    if (!mapped->map(QVideoFrame::ReadOnly))
        return {};
    // From here on the shared_ptr below owns the mapping; it unmaps with the last Frame.
    const std::shared_ptr<QVideoFrame> keeper(mapped.get(), [mapped](QVideoFrame *frame) { frame->unmap(); });
    const int width = videoFrame.width();
    const int height = videoFrame.height();
    const int planes = planeCount(format);
    if (mapped->planeCount() < planes)
        return {};
    const uchar *base = std::as_const(*mapped).bits(0);
    if (!base)
        return {};
    std::array<FramePlane, Frame::kMaxPlanes> layout{};
    std::size_t size = 0;
    for (int p = 0; p < planes; ++p) {
        const uchar *bits = std::as_const(*mapped).bits(p);
        const int stride = mapped->bytesPerLine(p);
        if (!bits || bits < base || stride < minimumStride(format, p, width))
            return {};
        const auto offset = static_cast<std::size_t>(bits - base);
        const int rows = planeHeight(format, p, height);
        const qint64 needed = static_cast<qint64>(stride) * (rows - 1) + minimumStride(format, p, width);
        if (mapped->mappedBytes(p) < needed)
            return {};
        layout[static_cast<std::size_t>(p)] = FramePlane{offset, stride};
        size = std::max(size, offset + static_cast<std::size_t>(mapped->mappedBytes(p)));
    }
    const std::shared_ptr<const std::byte> storage(keeper, reinterpret_cast<const std::byte *>(base));
    Frame frame = Frame::wrap(format, width, height,
                              std::span<const FramePlane>(layout.data(), static_cast<std::size_t>(planes)), storage,
                              size);
    return frame;
}

// Copies the mapped planes of `videoFrame` into a new frame of `format`.
Frame copyMapped(const QVideoFrame &videoFrame, PixelFormat format)
{
    QVideoFrame mapped(videoFrame);
    if (!mapped.map(QVideoFrame::ReadOnly))
        return {};
    const int width = videoFrame.width();
    const int height = videoFrame.height();
    Frame frame = Frame::allocate(format, width, height);
    bool ok = frame.isValid() && mapped.planeCount() >= planeCount(format);
    for (int p = 0; ok && p < planeCount(format); ++p) {
        const uchar *src = std::as_const(mapped).bits(p);
        const int stride = mapped.bytesPerLine(p);
        const int rowBytes = minimumStride(format, p, width);
        const int rows = planeHeight(format, p, height);
        if (!src || stride < rowBytes
            || static_cast<qint64>(mapped.mappedBytes(p)) < static_cast<qint64>(stride) * (rows - 1) + rowBytes) {
            ok = false;
            break;
        }
        for (int y = 0; y < rows; ++y)
            std::memcpy(frame.bits(p) + static_cast<std::ptrdiff_t>(y) * frame.stride(p),
                        src + static_cast<std::ptrdiff_t>(y) * stride, static_cast<std::size_t>(rowBytes));
    }
    mapped.unmap();
    return ok ? frame : Frame();
}

// RGBA/RGBX (bytes R,G,B,A) to Xrgb8888 (bytes B,G,R,X).
Frame convertRgbx(const QVideoFrame &videoFrame)
{
    QVideoFrame mapped(videoFrame);
    if (!mapped.map(QVideoFrame::ReadOnly))
        return {};
    const int width = videoFrame.width();
    const int height = videoFrame.height();
    const uchar *src = std::as_const(mapped).bits(0);
    const int stride = mapped.bytesPerLine(0);
    Frame frame;
    if (src && stride >= width * 4
        && static_cast<qint64>(mapped.mappedBytes(0)) >= static_cast<qint64>(stride) * (height - 1) + width * 4) {
        frame = Frame::allocate(PixelFormat::Xrgb8888, width, height);
        for (int y = 0; y < height && frame.isValid(); ++y) {
            const uchar *in = src + static_cast<std::ptrdiff_t>(y) * stride;
            std::uint8_t *out = frame.bits(0) + static_cast<std::ptrdiff_t>(y) * frame.stride(0);
            for (int x = 0; x < width; ++x) {
                out[4 * x + 0] = in[4 * x + 2];
                out[4 * x + 1] = in[4 * x + 1];
                out[4 * x + 2] = in[4 * x + 0];
                out[4 * x + 3] = 0xff;
            }
        }
    }
    mapped.unmap();
    return frame;
}

QString pixelFormatName(QVideoFrameFormat::PixelFormat format)
{
    switch (format) {
    case QVideoFrameFormat::Format_NV12: return QStringLiteral("NV12");
    case QVideoFrameFormat::Format_NV21: return QStringLiteral("NV21");
    case QVideoFrameFormat::Format_YUYV: return QStringLiteral("YUYV");
    case QVideoFrameFormat::Format_UYVY: return QStringLiteral("UYVY");
    case QVideoFrameFormat::Format_YUV420P: return QStringLiteral("YU12");
    case QVideoFrameFormat::Format_YV12: return QStringLiteral("YV12");
    case QVideoFrameFormat::Format_YUV422P: return QStringLiteral("422P");
    case QVideoFrameFormat::Format_Jpeg: return QStringLiteral("MJPG");
    case QVideoFrameFormat::Format_BGRA8888:
    case QVideoFrameFormat::Format_BGRX8888: return QStringLiteral("BGRX");
    case QVideoFrameFormat::Format_RGBA8888:
    case QVideoFrameFormat::Format_RGBX8888: return QStringLiteral("RGBX");
    default: return QVideoFrameFormat::pixelFormatToString(format);
    }
}

} // namespace

QtCameraSource::QtCameraSource(const QCameraDevice &device, QObject *parent)
    : FrameSource(parent)
    , m_device(device)
{
}

QtCameraSource::~QtCameraSource()
{
    stop();
}

void QtCameraSource::setCameraFormat(const QCameraFormat &format)
{
    m_format = format;
}

void QtCameraSource::start()
{
    if (m_camera)
        return;
    {
        std::lock_guard lock(m_mutex);
        m_errorDetail.clear();
        m_current = {};
        m_sequence = 0;
    }
    if (m_device.isNull()) {
        {
            std::lock_guard lock(m_mutex);
            m_errorDetail = QStringLiteral("QCameraDevice is null: no camera selected or none present");
        }
        setState(State::Error);
        return;
    }
    setState(State::Starting);
    m_camera = std::make_unique<QCamera>(m_device);
    m_session = std::make_unique<QMediaCaptureSession>();
    m_sink = std::make_unique<QVideoSink>();
    const QCameraFormat format = m_format.isNull() ? preferredFormat(m_device.videoFormats()) : m_format;
    if (!format.isNull())
        m_camera->setCameraFormat(format);

    connect(m_camera.get(), &QCamera::errorOccurred, this, [this](QCamera::Error error, const QString &text) {
        if (error == QCamera::NoError)
            return;
        {
            std::lock_guard lock(m_mutex);
            m_errorDetail = text.isEmpty() ? QStringLiteral("QCamera error %1").arg(int(error)) : text;
        }
        setState(State::Error);
    });
    connect(m_camera.get(), &QCamera::activeChanged, this, [this](bool active) {
        if (!active && m_state != State::Error)
            setState(State::Stopped);
    });
    // The sink may emit from a backend thread: handle the frame right there.
    connect(m_sink.get(), &QVideoSink::videoFrameChanged, this,
            [this](const QVideoFrame &frame) { onVideoFrame(frame); }, Qt::DirectConnection);
    {
        std::lock_guard lock(m_deliveryMutex);
        m_delivering = true;
    }
    m_session->setCamera(m_camera.get());
    m_session->setVideoSink(m_sink.get());
    m_camera->start();
    if (m_camera->error() != QCamera::NoError && m_state != State::Error) {
        {
            std::lock_guard lock(m_mutex);
            m_errorDetail = m_camera->errorString();
        }
        setState(State::Error);
    }
}

void QtCameraSource::stop()
{
    // No new deliveries, then wait for one in progress (it holds m_deliveryMutex).
    if (m_sink)
        disconnect(m_sink.get(), nullptr, this, nullptr);
    {
        std::lock_guard lock(m_deliveryMutex);
        m_delivering = false;
    }
    if (m_camera) {
        disconnect(m_camera.get(), nullptr, this, nullptr);
        m_camera->stop();
    }
    if (m_session) {
        m_session->setVideoSink(nullptr);
        m_session->setCamera(nullptr);
    }
    m_session.reset();
    m_sink.reset();
    m_camera.reset();
    clearMailboxes();
    {
        std::lock_guard lock(m_mutex);
        m_current = {};
    }
    if (m_state != State::Error)
        setState(State::Stopped);
}

QtCameraSource::State QtCameraSource::state() const
{
    return m_state;
}

QString QtCameraSource::errorDetail() const
{
    std::lock_guard lock(m_mutex);
    return m_errorDetail;
}

QString QtCameraSource::sourceId() const
{
    return QString::fromUtf8(m_device.id());
}

SourceFormat QtCameraSource::currentFormat() const
{
    if (m_state != State::Streaming)
        return {};
    std::lock_guard lock(m_mutex);
    return m_current;
}

Frame QtCameraSource::toFrame(const QVideoFrame &videoFrame)
{
    if (!videoFrame.isValid() || videoFrame.width() <= 0 || videoFrame.height() <= 0)
        return {};
    const QVideoFrameFormat::PixelFormat qtFormat = videoFrame.pixelFormat();
    Frame frame;
    switch (qtFormat) {
    case QVideoFrameFormat::Format_NV12:
    case QVideoFrameFormat::Format_YUYV: {
        const PixelFormat format = qtFormat == QVideoFrameFormat::Format_NV12 ? PixelFormat::Nv12 : PixelFormat::Yuyv;
        frame = wrapMapped(videoFrame, format);
        if (!frame.isValid())
            frame = copyMapped(videoFrame, format);
        if (frame.isValid())
            applyColorimetry(videoFrame.surfaceFormat(), frame);
        break;
    }
    case QVideoFrameFormat::Format_BGRA8888:
    case QVideoFrameFormat::Format_BGRX8888:
        // Bytes B,G,R,A in memory: Xrgb8888's layout (the alpha byte is ignored).
        frame = wrapMapped(videoFrame, PixelFormat::Xrgb8888);
        if (!frame.isValid())
            frame = copyMapped(videoFrame, PixelFormat::Xrgb8888);
        break;
    case QVideoFrameFormat::Format_RGBA8888:
    case QVideoFrameFormat::Format_RGBX8888:
        frame = convertRgbx(videoFrame);
        break;
    default:
        break;
    }
    if (!frame.isValid()) {
        // Everything else (UYVY, planar YUV, NV21, JPEG, ...) through Qt's own conversion.
        const QImage image = videoFrame.toImage();
        if (image.isNull())
            return {};
        frame = frameFromImage(image);
    }
    return frame;
}

qsizetype QtCameraSource::preferredIndex(const QList<FormatCandidate> &candidates)
{
    QList<ModeTraits> modes;
    modes.reserve(candidates.size());
    for (const FormatCandidate &c : candidates) {
        modes.append({c.resolution.width(), c.resolution.height(), c.maxFrameRate, isDirect(c.pixelFormat),
                      c.pixelFormat == QVideoFrameFormat::Format_Jpeg});
    }
    return chooseDefaultMode(modes);
}

QCameraFormat QtCameraSource::preferredFormat(const QList<QCameraFormat> &formats)
{
    QList<FormatCandidate> candidates;
    candidates.reserve(formats.size());
    for (const QCameraFormat &format : formats)
        candidates.append({format.resolution(), format.maxFrameRate(), format.pixelFormat()});
    const qsizetype index = preferredIndex(candidates);
    return index < 0 ? QCameraFormat() : formats.at(index);
}

// Called in whichever thread the sink delivers on (often a backend thread).
void QtCameraSource::onVideoFrame(const QVideoFrame &videoFrame)
{
    std::lock_guard delivery(m_deliveryMutex);
    if (!m_delivering)
        return;
    Frame frame = toFrame(videoFrame);
    if (!frame.isValid())
        return;
    {
        std::lock_guard lock(m_mutex);
        frame.setSequence(m_sequence++);
        if (m_current.pixelFormat.isEmpty()) {
            m_current.pixelFormat = pixelFormatName(videoFrame.pixelFormat());
            m_current.width = videoFrame.width();
            m_current.height = videoFrame.height();
            m_current.framesPerSecond = videoFrame.surfaceFormat().frameRate();
        }
    }
    frame.setTimestampNs(monotonicNowNs());
    frame.setSourceName(m_device.description());
    publishFrame(frame);
    setState(State::Streaming);
}

void QtCameraSource::setState(State state)
{
    if (m_state.exchange(state) != state)
        Q_EMIT stateChanged(state);
}

} // namespace camchat::capture
