#include "snapcommand.h"

#include "commandparser.h"

#include "capture/pixelformat.h"
#include "capture/snapshotwriter.h"
#include "capture/v4l2/v4l2discovery.h"
#include "ui/errortext.h"

#include <QFileInfo>
#include <QRegularExpression>

#include <chrono>
#include <cmath>

namespace camchat::app {

namespace {

using capture::V4l2GrabResult;

constexpr double kMaxTimeoutSeconds = 3600.0;
constexpr int kMaxSkipFrames = 1000;
constexpr int kMaxDimension = 16384;

QString secondsText(double seconds)
{
    return QString::number(seconds, 'g', 4);
}

} // namespace

bool SnapCommand::parseTimeout(const QString &text, double *seconds)
{
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value) || value <= 0.0 || value > kMaxTimeoutSeconds)
        return false;
    *seconds = value;
    return true;
}

bool SnapCommand::parseFourcc(const QString &text, std::uint32_t *fourcc)
{
    const QString code = text.trimmed().toUpper();
    if (code.isEmpty() || code.size() > 4)
        return false;
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
        const char16_t c = i < code.size() ? code.at(i).unicode() : u' ';
        if (c < 0x20 || c > 0x7e)
            return false;
        value |= static_cast<std::uint32_t>(c) << (8 * i);
    }
    *fourcc = value;
    return true;
}

bool SnapCommand::parseSize(const QString &text, int *width, int *height)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d{1,5})\\s*[xX]\\s*(\\d{1,5})\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return false;
    const int w = match.captured(1).toInt();
    const int h = match.captured(2).toInt();
    if (w < 1 || h < 1 || w > kMaxDimension || h > kMaxDimension)
        return false;
    *width = w;
    *height = h;
    return true;
}

QString SnapCommand::describeGrabFailure(const V4l2GrabResult &result, const QString &devicePath,
                                         double timeoutSeconds)
{
    if (result.ok())
        return {};
    return ui::describeV4l2Error(result.error, {devicePath, result.detail, result.hdmiInput, timeoutSeconds});
}

int SnapCommand::run(const QStringList &arguments)
{
    return run(arguments, nullptr);
}

int SnapCommand::run(const QStringList &arguments, std::shared_ptr<capture::V4l2Io> io)
{
    CommandParser parser(QStringLiteral("snap"), tr("Saves one picture from a camera or HDMI input."));
    parser.setUsage(tr("Usage: camchat snap --device /dev/videoN --out FILE [options]"));
    parser.setEpilogue(tr(
        "Waits for the first good frame from the device, saves it and exits. A name ending\n"
        "in .png gives a PNG file, anything else a JPEG. An existing file is replaced only\n"
        "once the new one is complete. 'camchat devices' lists the capture devices.\n"
        "\n"
        "Exit status:\n"
        "  0  the picture was saved\n"
        "  1  the file could not be written\n"
        "  2  usage error (unknown option, missing or bad value)\n"
        "  4  device error: missing, busy, no permission, not a capture device,\n"
        "     or no picture before the timeout (an HDMI input without a signal);\n"
        "     no file is written\n"));
    const QCommandLineOption deviceOption({QStringLiteral("d"), QStringLiteral("device")},
                                          tr("The V4L2 device to capture from, e.g. /dev/video0 (required)."),
                                          tr("PATH"));
    const QCommandLineOption outOption({QStringLiteral("o"), QStringLiteral("out")},
                                       tr("Where to save the picture: .jpg or .png (required)."), tr("FILE"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"),
                                           tr("Give up when no picture arrived after this long (default: %1).")
                                               .arg(secondsText(kDefaultTimeoutSeconds)),
                                           tr("SECONDS"));
    const QCommandLineOption formatOption(QStringLiteral("format"),
                                          tr("Ask for this pixel format (MJPG, YUYV, UYVY, NV12, ...); an "
                                             "HDMI input keeps its source's size and, without this option, "
                                             "its driver's format."),
                                          tr("FOURCC"));
    const QCommandLineOption sizeOption(QStringLiteral("size"), tr("Ask a camera for this size, e.g. 1280x720."),
                                        tr("WxH"));
    const QCommandLineOption skipOption(QStringLiteral("skip"),
                                        tr("Drop the first N frames, so a camera's exposure can settle "
                                           "(default: 0)."),
                                        tr("N"));
    parser.addOptions({deviceOption, outOption, timeoutOption, formatOption, sizeOption, skipOption});
    if (const std::optional<int> exit = parser.parse(arguments))
        return *exit;

    const QString device = parser.value(deviceOption);
    if (device.isEmpty())
        return parser.usageError(tr("--device PATH is required ('camchat devices' lists them)."));
    const QString out = parser.value(outOption);
    if (out.isEmpty())
        return parser.usageError(tr("--out FILE is required."));
    capture::V4l2SourceOptions options;
    options.devicePath = device.toStdString();
    options.io = std::move(io);
    double timeoutSeconds = kDefaultTimeoutSeconds;
    if (parser.isSet(timeoutOption) && !parseTimeout(parser.value(timeoutOption), &timeoutSeconds)) {
        return parser.usageError(tr("--timeout expects seconds greater than 0 and at most %1, got '%2'.")
                                     .arg(secondsText(kMaxTimeoutSeconds), parser.value(timeoutOption)));
    }
    if (parser.isSet(formatOption) && !parseFourcc(parser.value(formatOption), &options.fourcc)) {
        return parser.usageError(tr("--format expects a four-character code such as MJPG or YUYV, got '%1'.")
                                     .arg(parser.value(formatOption)));
    }
    if (parser.isSet(sizeOption) && !parseSize(parser.value(sizeOption), &options.width, &options.height))
        return parser.usageError(tr("--size expects WIDTHxHEIGHT such as 1280x720, got '%1'.").arg(parser.value(sizeOption)));
    int skip = 0;
    if (!parser.number(skipOption, 0, kMaxSkipFrames, skip))
        return kExitUsage;

    const auto timeout = std::chrono::milliseconds(std::llround(timeoutSeconds * 1000.0));
    const V4l2GrabResult grabbed = capture::grabV4l2Frame(std::move(options), timeout, skip);
    if (!grabbed.ok()) {
        printFailure({}, describeGrabFailure(grabbed, device, timeoutSeconds));
        return kExitInputError;
    }

    capture::SnapshotOptions snapshot;
    snapshot.format = capture::SnapshotWriter::formatForPath(out);
    snapshot.overwrite = true; // like cp: the user named the file
    const capture::SaveError saveError = capture::SnapshotWriter::save(grabbed.frame, out, snapshot);
    if (saveError) {
        printFailure({}, tr("could not save %1: %2").arg(out, ui::describeSaveError(saveError)), saveError.detail);
        return kExitFailure;
    }
    const capture::Frame &frame = grabbed.frame;
    const QString deviceFormat = grabbed.format.fourcc ? capture::fourccName(grabbed.format.fourcc)
                                                       : QString::fromLatin1(capture::formatName(frame.format()));
    printOut(tr("Saved %1 (%2x%3, %4 from %5)\n")
                 .arg(QFileInfo(out).absoluteFilePath())
                 .arg(frame.width())
                 .arg(frame.height())
                 .arg(deviceFormat, device));
    return kExitOk;
}

} // namespace camchat::app
