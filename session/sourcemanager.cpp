#include "sourcemanager.h"

#include "settingskeys.h"

#include "capture/qt/qtcamerasource.h"
#include "capture/v4l2/v4l2monitor.h"
#include "capture/v4l2/v4l2source.h"

#include <QCameraFormat>
#include <QMediaDevices>
#include <QRegularExpression>
#include <QSettings>
#include <QVideoFrameFormat>

#include <algorithm>
#include <cmath>

namespace camchat::session {

namespace {

constexpr char kDeviceDirEnv[] = "CAMCHAT_V4L2_DEVICE_DIR";
const QString kQtPrefix = QStringLiteral("qt:");

QString qtPixelFormatName(QVideoFrameFormat::PixelFormat format)
{
    QString name = QVideoFrameFormat::pixelFormatToString(format);
    if (name.startsWith(QLatin1String("Format_")))
        name.remove(0, 7);
    return name;
}

LiveFormat formatOf(const QCameraFormat &format)
{
    LiveFormat result;
    result.pixelFormat = qtPixelFormatName(format.pixelFormat());
    result.width = format.resolution().width();
    result.height = format.resolution().height();
    result.fps = format.maxFrameRate();
    return result;
}

std::uint32_t fourccFromName(const QString &name)
{
    const QByteArray bytes = name.toLatin1().leftJustified(4, ' ', true);
    return std::uint32_t(std::uint8_t(bytes[0])) | (std::uint32_t(std::uint8_t(bytes[1])) << 8)
        | (std::uint32_t(std::uint8_t(bytes[2])) << 16) | (std::uint32_t(std::uint8_t(bytes[3])) << 24);
}

} // namespace

QString LiveFormat::key() const
{
    if (isAutomatic())
        return {};
    QString text = QStringLiteral("%1 %2x%3").arg(pixelFormat).arg(width).arg(height);
    if (fps > 0)
        text += QLatin1Char('@') + QString::number(fps, 'g', 5);
    return text;
}

LiveFormat LiveFormat::fromKey(const QString &key)
{
    static const QRegularExpression kPattern(QStringLiteral("^(\\S+) (\\d+)x(\\d+)(?:@([0-9.]+))?$"));
    const QRegularExpressionMatch match = kPattern.match(key.trimmed());
    if (!match.hasMatch())
        return {};
    LiveFormat format;
    format.pixelFormat = match.captured(1);
    format.width = match.captured(2).toInt();
    format.height = match.captured(3).toInt();
    format.fps = match.captured(4).toDouble();
    if (format.pixelFormat.size() <= 4)
        format.fourcc = fourccFromName(format.pixelFormat);
    return format;
}

SourceManager::SourceManager(SourceManagerOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_deviceDir = m_options.deviceDir;
    if (m_deviceDir.isEmpty())
        m_deviceDir = qEnvironmentVariable(kDeviceDirEnv);
    if (m_deviceDir.isEmpty())
        m_deviceDir = QStringLiteral("/dev");
    m_io = m_options.io ? m_options.io : capture::systemV4l2Io();

    m_monitor = new capture::V4l2Monitor(m_io, m_deviceDir, this);
    connect(m_monitor, &capture::V4l2Monitor::devicesChanged, this, &SourceManager::setV4l2Devices);

    if (m_options.rememberChoice) {
        const QSettings settings;
        m_pendingId = settings.value(settingsKey(settings::kCaptureSource)).toString();
        m_pendingFormat = LiveFormat::fromKey(settings.value(settingsKey(settings::kCaptureFormat)).toString());
    }
}

SourceManager::~SourceManager()
{
    // Shutting down is not a choice: the remembered source stays for the next start.
    if (m_current) {
        m_current->stop();
        delete m_current.data();
    }
}

void SourceManager::start()
{
    if (m_options.qtCameras && !m_mediaDevices) {
        m_mediaDevices = new QMediaDevices(this);
        connect(m_mediaDevices, &QMediaDevices::videoInputsChanged, this, [this] {
            refreshQtCameras();
            rebuildList();
        });
        refreshQtCameras();
    }
    m_monitor->start();
    setV4l2Devices(m_monitor->devices());
}

void SourceManager::refreshQtCameras()
{
    m_qtCameras = m_mediaDevices ? QMediaDevices::videoInputs() : QList<QCameraDevice>();
}

void SourceManager::setV4l2Devices(const QList<capture::V4l2DeviceInfo> &devices)
{
    m_v4l2Devices = devices;
    rebuildList();
}

void SourceManager::rebuildList()
{
    QList<LiveSourceInfo> list;
    QStringList v4l2Paths;
    for (const capture::V4l2DeviceInfo &device : std::as_const(m_v4l2Devices)) {
        // A node that could not be opened (busy, no permission) cannot be picked either.
        if (device.error != capture::V4l2Error::None)
            continue;
        LiveSourceInfo info;
        info.kind = LiveSourceInfo::Kind::V4l2;
        info.id = device.path;
        info.name = device.name.isEmpty() ? device.path : device.name;
        info.hdmiInput = device.hdmiReceiver;
        info.v4l2 = device;
        v4l2Paths << device.path;
        list.append(info);
    }
    for (const QCameraDevice &camera : std::as_const(m_qtCameras)) {
        const QString id = QString::fromUtf8(camera.id());
        // Qt's backends list the same /dev/videoN nodes: camchat's own capture takes those.
        if (v4l2Paths.contains(id) || v4l2Paths.contains(m_deviceDir + QLatin1Char('/') + id.section(QLatin1Char('/'), -1)))
            continue;
        LiveSourceInfo info;
        info.kind = LiveSourceInfo::Kind::QtCamera;
        info.id = kQtPrefix + id;
        info.name = camera.description().isEmpty() ? id : camera.description();
        info.camera = camera;
        list.append(info);
    }

    // The current device stays in the list while it is unplugged; its source reopens it.
    if (m_currentInfo) {
        const bool listed = std::any_of(list.cbegin(), list.cend(),
                                        [this](const LiveSourceInfo &info) { return info.id == m_currentId; });
        if (!listed) {
            LiveSourceInfo gone = *m_currentInfo;
            gone.present = false;
            list.append(gone);
        } else {
            for (const LiveSourceInfo &info : std::as_const(list)) {
                if (info.id == m_currentId)
                    m_currentInfo = info;
            }
        }
    }
    m_sources = list;
    Q_EMIT sourcesChanged();
    restoreIfPresent();
}

void SourceManager::restoreIfPresent()
{
    if (m_pendingId.isEmpty() || m_current)
        return;
    const std::optional<LiveSourceInfo> info = sourceInfo(m_pendingId);
    if (!info || !info->present)
        return;
    LiveFormat format = m_pendingFormat;
    // A remembered format the device no longer offers falls back to camchat's choice.
    if (!format.isAutomatic() && !formatChoices(*info).contains(format))
        format = {};
    const QString id = m_pendingId;
    openSource(id, format);
}

QList<LiveSourceInfo> SourceManager::sources() const
{
    return m_sources;
}

std::optional<LiveSourceInfo> SourceManager::sourceInfo(const QString &id) const
{
    for (const LiveSourceInfo &info : m_sources) {
        if (info.id == id)
            return info;
    }
    return std::nullopt;
}

QList<LiveFormat> SourceManager::formatChoices() const
{
    return m_currentInfo ? formatChoices(*m_currentInfo) : QList<LiveFormat>();
}

QList<LiveFormat> SourceManager::formatChoices(const LiveSourceInfo &info)
{
    QList<LiveFormat> choices;
    auto add = [&choices](const LiveFormat &format) {
        if (!format.isAutomatic() && !choices.contains(format))
            choices.append(format);
    };
    if (info.kind == LiveSourceInfo::Kind::QtCamera) {
        const QList<QCameraFormat> formats = info.camera.videoFormats();
        for (const QCameraFormat &format : formats)
            add(formatOf(format));
        return choices;
    }
    if (info.v4l2.hdmiReceiver)
        return choices; // the format follows the incoming signal
    for (const capture::V4l2FormatInfo &format : info.v4l2.formats) {
        if (!format.supported)
            continue;
        for (const capture::V4l2FrameSize &size : format.sizes) {
            LiveFormat choice;
            choice.pixelFormat = capture::fourccName(format.fourcc);
            choice.fourcc = format.fourcc;
            choice.width = size.width;
            choice.height = size.height;
            if (!size.framesPerSecond.isEmpty()) {
                for (double fps : size.framesPerSecond) {
                    choice.fps = fps;
                    add(choice);
                }
            } else {
                choice.fps = size.maxFramesPerSecond;
                add(choice);
            }
        }
    }
    return choices;
}

bool SourceManager::openSource(const QString &id, const LiveFormat &format)
{
    const std::optional<LiveSourceInfo> info = sourceInfo(id);
    if (!info)
        return false;
    m_pendingId.clear(); // `id` may be this very string: use info->id from here on
    capture::FrameSource *source = createSource(*info, format);
    m_currentInfo = info;
    replaceCurrent(source, info->id, LiveFormat(format));
    remember();
    return true;
}

bool SourceManager::openFirstSource()
{
    const QList<LiveSourceInfo> candidates = m_sources; // opening one may change the list
    for (const LiveSourceInfo &info : candidates) {
        if (info.present && openSource(info.id))
            return true;
    }
    return false;
}

QString SourceManager::currentSourceName() const
{
    const std::optional<LiveSourceInfo> info = sourceInfo(m_currentId);
    return info ? info->name : m_currentId;
}

void SourceManager::closeSource()
{
    m_pendingId.clear();
    if (!m_current) {
        remember(); // forgets the remembered source: still images were chosen
        return;
    }
    m_currentInfo.reset();
    replaceCurrent(nullptr, {}, {});
    remember();
}

bool SourceManager::setFormat(const LiveFormat &format)
{
    if (!m_current || !m_currentInfo)
        return false;
    if (format == m_currentFormat)
        return true;
    // replaceCurrent() stops the old source (freeing the device) before the new one starts.
    replaceCurrent(createSource(*m_currentInfo, format), m_currentInfo->id, format);
    remember();
    return true;
}

capture::FrameSource *SourceManager::createSource(const LiveSourceInfo &info, const LiveFormat &format)
{
    if (info.kind == LiveSourceInfo::Kind::QtCamera) {
        auto *source = new capture::QtCameraSource(info.camera, this);
        if (!format.isAutomatic()) {
            const QList<QCameraFormat> formats = info.camera.videoFormats();
            for (const QCameraFormat &candidate : formats) {
                if (formatOf(candidate) == format) {
                    source->setCameraFormat(candidate);
                    break;
                }
            }
        }
        return source;
    }
    capture::V4l2SourceOptions options;
    options.devicePath = info.id.toStdString();
    options.io = m_io;
    if (!format.isAutomatic() && !info.hdmiInput) {
        options.fourcc = format.fourcc ? format.fourcc : fourccFromName(format.pixelFormat);
        options.width = format.width;
        options.height = format.height;
        options.fps = int(std::lround(format.fps));
    }
    return new capture::V4l2Source(std::move(options), this);
}

void SourceManager::replaceCurrent(capture::FrameSource *source, const QString &id, const LiveFormat &format)
{
    QPointer<capture::FrameSource> old = m_current;
    if (old) {
        old->stop();
        disconnect(old, nullptr, this, nullptr);
    }
    m_current = source;
    m_currentId = id;
    m_currentFormat = format;
    if (source) {
        // Emitted from the capture thread: queued to this thread, and dropped when the
        // source is no longer the current one (the pointer is only compared).
        connect(source, &capture::FrameSource::stateChanged, this, [this, source](capture::FrameSource::State) {
            if (source == m_current)
                Q_EMIT currentStateChanged(m_current->state());
        });
    }
    Q_EMIT currentSourceChanged(source);
    // Consumers have let go of it by now; queued signals already on their way are
    // delivered to them (not to the source), so deleting later is safe.
    if (old)
        old->deleteLater();
    if (source)
        source->start();
    rebuildList();
}

void SourceManager::remember() const
{
    if (!m_options.rememberChoice)
        return;
    QSettings settings;
    if (m_currentId.isEmpty()) {
        settings.remove(settingsKey(settings::kCaptureSource));
        settings.remove(settingsKey(settings::kCaptureFormat));
        return;
    }
    settings.setValue(settingsKey(settings::kCaptureSource), m_currentId);
    if (m_currentFormat.isAutomatic())
        settings.remove(settingsKey(settings::kCaptureFormat));
    else
        settings.setValue(settingsKey(settings::kCaptureFormat), m_currentFormat.key());
}

} // namespace camchat::session
