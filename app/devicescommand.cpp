#include "devicescommand.h"

#include "commandparser.h"

#include "ui/errortext.h"

#include <QJsonArray>

#include <cstring>

namespace camchat::app {

using capture::V4l2DeviceInfo;
using capture::V4l2FormatInfo;
using capture::V4l2FrameSize;
using capture::V4l2Error;
using capture::V4l2SignalInfo;

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 4);
}

QString sizeText(const V4l2FrameSize &size)
{
    return QStringLiteral("%1x%2").arg(size.width).arg(size.height);
}

QString ratesText(const V4l2FrameSize &size)
{
    if (!size.framesPerSecond.isEmpty()) {
        QStringList rates;
        for (const double fps : size.framesPerSecond)
            rates.append(number(fps));
        return DevicesCommand::tr("%1 fps").arg(rates.join(QStringLiteral(", ")));
    }
    if (size.maxFramesPerSecond > 0)
        return DevicesCommand::tr("%1 to %2 fps").arg(number(size.minFramesPerSecond), number(size.maxFramesPerSecond));
    return {};
}

QString formatText(const V4l2DeviceInfo &device, const V4l2FormatInfo &format)
{
    QStringList sizes;
    if (format.stepwise && format.sizes.size() == 2) {
        sizes.append(DevicesCommand::tr("any size from %1 to %2")
                         .arg(sizeText(format.sizes[1]), sizeText(format.sizes[0])));
    } else {
        for (const V4l2FrameSize &size : format.sizes) {
            const QString rates = ratesText(size);
            sizes.append(rates.isEmpty() ? sizeText(size) : QStringLiteral("%1 (%2)").arg(sizeText(size), rates));
        }
    }
    QString text = QStringLiteral("    %1  %2").arg(capture::fourccName(format.fourcc), -4).arg(format.description);
    if (!sizes.isEmpty())
        text += QStringLiteral(": ") + sizes.join(QStringLiteral(", "));
    else if (device.hdmiReceiver)
        text += QStringLiteral(": ") + DevicesCommand::tr("size follows the signal");
    if (!format.supported)
        text += QStringLiteral("  ") + DevicesCommand::tr("(not supported by camchat)");
    return text + QLatin1Char('\n');
}

// One line for a format camchat can capture: its largest size (the driver's largest for
// a range) with that size's frame rates. Returns whether sizes were left out.
QString usableFormatLine(const V4l2DeviceInfo &device, const V4l2FormatInfo &format, bool *leftOut)
{
    QString text = QStringLiteral("    %1  %2").arg(capture::fourccName(format.fourcc), -4).arg(format.description);
    if (!format.sizes.isEmpty()) {
        const V4l2FrameSize &largest = format.sizes.first(); // V4l2Discovery: largest first
        const QString rates = ratesText(largest);
        text += QStringLiteral(": ")
                + (rates.isEmpty() ? sizeText(largest) : QStringLiteral("%1 (%2)").arg(sizeText(largest), rates));
        if (format.sizes.size() > 1)
            *leftOut = true;
    } else if (device.hdmiReceiver) {
        text += QStringLiteral(": ") + DevicesCommand::tr("size follows the signal");
    }
    return text + QLatin1Char('\n');
}

QString signalText(const V4l2SignalInfo &signal)
{
    switch (signal.state) {
    case V4l2SignalInfo::State::Locked: {
        QString text = signal.framesPerSecond > 0
                           ? DevicesCommand::tr("signal: %1x%2 at %3 fps")
                                 .arg(signal.width)
                                 .arg(signal.height)
                                 .arg(number(signal.framesPerSecond))
                           : DevicesCommand::tr("signal: %1x%2").arg(signal.width).arg(signal.height);
        if (signal.interlaced)
            text += QLatin1Char(' ') + DevicesCommand::tr("(interlaced)");
        return text;
    }
    case V4l2SignalInfo::State::NoCable:
        return DevicesCommand::tr("no signal on the HDMI input — check the cable and the source");
    case V4l2SignalInfo::State::NotLocked:
        return DevicesCommand::tr("a source is connected, but the receiver cannot lock onto its signal");
    case V4l2SignalInfo::State::OutOfRange:
        return DevicesCommand::tr("the source sends a mode this receiver does not support");
    case V4l2SignalInfo::State::Unknown:
        break;
    }
    return DevicesCommand::tr("signal state unknown");
}

// Why the node could not be opened, in the sentence snap and the window use too.
QString errorText(const V4l2DeviceInfo &device)
{
    return ui::describeV4l2Error(device.error,
                                 {device.path, QString::fromLocal8Bit(std::strerror(device.errorNumber)), false, 0});
}

QString signalKey(V4l2SignalInfo::State state)
{
    switch (state) {
    case V4l2SignalInfo::State::Unknown: return QStringLiteral("unknown");
    case V4l2SignalInfo::State::Locked: return QStringLiteral("locked");
    case V4l2SignalInfo::State::NoCable: return QStringLiteral("no_cable");
    case V4l2SignalInfo::State::NotLocked: return QStringLiteral("not_locked");
    case V4l2SignalInfo::State::OutOfRange: return QStringLiteral("out_of_range");
    }
    return QStringLiteral("unknown");
}

QJsonObject sizeJson(const V4l2FrameSize &size)
{
    QJsonArray rates;
    for (const double fps : size.framesPerSecond)
        rates.append(fps);
    QJsonObject object{
        {QStringLiteral("width"), size.width},
        {QStringLiteral("height"), size.height},
        {QStringLiteral("fps"), rates},
    };
    if (size.maxFramesPerSecond > 0) {
        object.insert(QStringLiteral("min_fps"), size.minFramesPerSecond);
        object.insert(QStringLiteral("max_fps"), size.maxFramesPerSecond);
    }
    return object;
}

QJsonObject deviceJson(const V4l2DeviceInfo &device)
{
    QJsonObject object{{QStringLiteral("path"), device.path}};
    if (device.error != V4l2Error::None) {
        object.insert(QStringLiteral("error"), QJsonObject{
                                                   {QStringLiteral("code"), QLatin1String(capture::v4l2ErrorKey(device.error))},
                                                   {QStringLiteral("errno"), device.errorNumber},
                                                   {QStringLiteral("detail"), QString::fromLocal8Bit(std::strerror(device.errorNumber))},
                                               });
        return object;
    }
    QJsonArray formats;
    for (const V4l2FormatInfo &format : device.formats) {
        QJsonArray sizes;
        for (const V4l2FrameSize &size : format.sizes)
            sizes.append(sizeJson(size));
        formats.append(QJsonObject{
            {QStringLiteral("fourcc"), capture::fourccName(format.fourcc)},
            {QStringLiteral("description"), format.description},
            {QStringLiteral("compressed"), format.compressed},
            {QStringLiteral("supported"), format.supported},
            {QStringLiteral("stepwise"), format.stepwise},
            {QStringLiteral("sizes"), sizes},
        });
    }
    object.insert(QStringLiteral("name"), device.name);
    object.insert(QStringLiteral("driver"), device.driver);
    object.insert(QStringLiteral("bus"), device.bus);
    object.insert(QStringLiteral("capabilities"), QStringLiteral("0x%1").arg(device.capabilities, 8, 16, QLatin1Char('0')));
    object.insert(QStringLiteral("multi_planar"), device.multiPlanar);
    object.insert(QStringLiteral("hdmi_receiver"), device.hdmiReceiver);
    object.insert(QStringLiteral("formats"), formats);
    if (device.hdmiReceiver) {
        object.insert(QStringLiteral("signal"), QJsonObject{
                                                    {QStringLiteral("state"), signalKey(device.signal.state)},
                                                    {QStringLiteral("width"), device.signal.width},
                                                    {QStringLiteral("height"), device.signal.height},
                                                    {QStringLiteral("fps"), device.signal.framesPerSecond},
                                                    {QStringLiteral("interlaced"), device.signal.interlaced},
                                                });
    }
    return object;
}

} // namespace

QString DevicesCommand::describe(const QList<V4l2DeviceInfo> &devices, const QString &deviceDir, Listing listing)
{
    if (devices.isEmpty()) {
        return tr("No cameras or HDMI inputs found (no video capture devices in %1).").arg(deviceDir)
               + QLatin1Char('\n')
               + tr("Connect a USB camera or HDMI grabber; on boards with an HDMI receiver, check that its "
                    "driver (rk_hdmirx or snps_hdmirx) is loaded.")
               + QLatin1Char('\n');
    }
    QString text;
    bool leftOut = false; // the short listing left sizes out: point to --all
    for (const V4l2DeviceInfo &device : devices) {
        if (device.error != V4l2Error::None) {
            text += QStringLiteral("%1\n    %2\n\n").arg(device.path, errorText(device));
            continue;
        }
        text += QStringLiteral("%1  %2").arg(device.path, device.name);
        if (device.hdmiReceiver)
            text += QStringLiteral("  ") + tr("[HDMI input]");
        text += QLatin1Char('\n');
        QString details = tr("driver %1, bus %2").arg(device.driver, device.bus);
        if (device.multiPlanar)
            details += QStringLiteral(", ") + tr("multi-planar");
        text += QStringLiteral("    %1\n").arg(details);
        if (device.hdmiReceiver) {
            text += QStringLiteral("    %1\n").arg(signalText(device.signal));
            text += QStringLiteral("    %1\n").arg(tr("The format follows the source; camchat takes what the receiver detects."));
        }
        if (device.formats.isEmpty())
            text += QStringLiteral("    %1\n").arg(tr("no formats listed"));
        if (listing == Listing::All) {
            for (const V4l2FormatInfo &format : device.formats)
                text += formatText(device, format);
        } else {
            QStringList unusable;
            for (const V4l2FormatInfo &format : device.formats) {
                if (format.supported)
                    text += usableFormatLine(device, format, &leftOut);
                else
                    unusable.append(capture::fourccName(format.fourcc));
            }
            if (!unusable.isEmpty())
                text += QStringLiteral("    %1\n").arg(tr("not supported by camchat: %1").arg(unusable.join(QStringLiteral(", "))));
        }
        text += QLatin1Char('\n');
    }
    if (leftOut)
        text += tr("`camchat devices --all` lists every size and frame rate.") + QLatin1Char('\n');
    return text;
}

QJsonObject DevicesCommand::toJson(const QList<V4l2DeviceInfo> &devices, const QString &deviceDir)
{
    QJsonArray array;
    for (const V4l2DeviceInfo &device : devices)
        array.append(deviceJson(device));
    return QJsonObject{
        {QStringLiteral("device_dir"), deviceDir},
        {QStringLiteral("devices"), array},
    };
}

int DevicesCommand::run(const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("devices"),
                         tr("Lists the cameras, USB HDMI grabbers and HDMI inputs (V4L2 video capture devices) "
                            "with their formats, sizes and frame rates, and the signal on HDMI inputs."));
    parser.setUsage(tr("Usage: camchat devices [--all] [--json]"));
    parser.setEpilogue(tr("Exit status: 0 success (also when no device is found), 2 usage error."));
    const QCommandLineOption allOption(QStringLiteral("all"),
                                       tr("List every size and frame rate of every format, not only the largest "
                                          "size of each format camchat can capture."));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        tr("Print one JSON object instead of text (always with every size)."));
    parser.addOption(allOption);
    parser.addOption(jsonOption);
    if (const std::optional<int> exit = parser.parse(arguments))
        return *exit;

    QString deviceDir = qEnvironmentVariable(kDeviceDirEnv);
    if (deviceDir.isEmpty())
        deviceDir = QStringLiteral("/dev");
    const capture::V4l2Discovery discovery(capture::systemV4l2Io(), deviceDir);
    const QList<V4l2DeviceInfo> devices = discovery.devices();

    if (parser.isSet(jsonOption))
        printJson(toJson(devices, deviceDir));
    else
        printOut(describe(devices, deviceDir, parser.isSet(allOption) ? Listing::All : Listing::Usable));
    return kExitOk;
}

} // namespace camchat::app
