#include "vmtest.h"

#include <QColor>
#include <QRegularExpression>

#include <algorithm>
#include <iterator>

namespace camchat::test::vm {

namespace {

QProcessEnvironment plainEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    return environment;
}

} // namespace

bool insideVm()
{
    return qEnvironmentVariable("CAMCHAT_VM") == QLatin1String("1");
}

QString vividOptions()
{
    return qEnvironmentVariable("CAMCHAT_VM_VIVID");
}

ProcessResult v4l2ctl(const QStringList &arguments, const QString &device)
{
    return runProcess(QStringLiteral("v4l2-ctl"), QStringList{QStringLiteral("-d"), device} + arguments,
                      plainEnvironment(), 30000);
}

bool setControls(const QStringList &assignments, QString *error, const QString &device)
{
    const ProcessResult result = v4l2ctl({QStringLiteral("-c"), assignments.join(QLatin1Char(','))}, device);
    const bool ok = result.finished && result.exitCode == 0 && result.err.isEmpty();
    if (!ok && error)
        *error = QStringLiteral("v4l2-ctl -c %1: exit %2: %3")
                         .arg(assignments.join(QLatin1Char(',')))
                         .arg(result.exitCode)
                         .arg(QString::fromLocal8Bit(result.err + result.out).trimmed());
    return ok;
}

DeviceFormat deviceFormat()
{
    const ProcessResult result = v4l2ctl({QStringLiteral("--get-fmt-video")});
    const QString text = QString::fromLocal8Bit(result.out);
    DeviceFormat format;
    static const QRegularExpression size(QStringLiteral("Width/Height\\s*:\\s*(\\d+)/(\\d+)"));
    static const QRegularExpression fourcc(QStringLiteral("Pixel Format\\s*:\\s*'([^']+)'"));
    if (const QRegularExpressionMatch m = size.match(text); m.hasMatch()) {
        format.width = m.captured(1).toInt();
        format.height = m.captured(2).toInt();
    }
    if (const QRegularExpressionMatch m = fourcc.match(text); m.hasMatch())
        format.fourcc = m.captured(1).trimmed();
    return format;
}

ProcessResult runCamchat(const QStringList &arguments, int timeoutMs)
{
    return runProcess(QStringLiteral(CAMCHAT_EXECUTABLE), arguments, camchatEnvironment(), timeoutMs);
}

namespace {

const QColor kBars[8] = {{191, 191, 191}, {191, 191, 0}, {0, 191, 191}, {0, 191, 0},
                         {191, 0, 191},   {191, 0, 0},   {0, 0, 191},   {0, 0, 0}};

bool near(const QColor &found, const QColor &want, int tolerance)
{
    return std::abs(found.red() - want.red()) <= tolerance && std::abs(found.green() - want.green()) <= tolerance
            && std::abs(found.blue() - want.blue()) <= tolerance;
}

} // namespace

QString barColoursOnlyProblem(const QImage &image, int tolerance)
{
    if (image.isNull())
        return QStringLiteral("no picture");
    QStringList problems;
    for (int row = 0; row < 4; ++row) {
        const int y = image.height() / 2 + row * (image.height() / 2 - 1) / 3;
        for (int column = 0; column < 24; ++column) {
            const int x = column * (image.width() - 1) / 23;
            const QColor found = image.pixelColor(x, y);
            if (std::none_of(std::begin(kBars), std::end(kBars),
                             [&](const QColor &bar) { return near(found, bar, tolerance); }))
                problems << QStringLiteral("(%1,%2): (%3,%4,%5)")
                                    .arg(x)
                                    .arg(y)
                                    .arg(found.red())
                                    .arg(found.green())
                                    .arg(found.blue());
        }
    }
    return problems.isEmpty() ? QString() : QStringLiteral("not a bar colour at ") + problems.join(QStringLiteral(", "));
}

QString colourBarProblem(const QImage &image, int tolerance)
{
    if (image.isNull())
        return QStringLiteral("no picture");
    const QColor *bars = kBars;
    QStringList problems;
    // Near the bottom, away from any text overlay, in the middle of each bar.
    const int y = image.height() * 9 / 10;
    for (int i = 0; i < 8; ++i) {
        const int x = (2 * i + 1) * image.width() / 16;
        const QColor found = image.pixelColor(x, y);
        const QColor &want = bars[i];
        if (!near(found, want, tolerance)) {
            problems << QStringLiteral("bar %1 at (%2,%3): (%4,%5,%6), want (%7,%8,%9)")
                                .arg(i)
                                .arg(x)
                                .arg(y)
                                .arg(found.red())
                                .arg(found.green())
                                .arg(found.blue())
                                .arg(want.red())
                                .arg(want.green())
                                .arg(want.blue());
        }
    }
    return problems.join(QStringLiteral("; "));
}

capture::V4l2SourceOptions liveSourceOptions(const QString &device)
{
    capture::V4l2SourceOptions options;
    options.devicePath = device.toStdString();
    options.reopenIntervalMs = 200;
    options.noFrameTimeoutMs = 2000; // the emulated machine is slow
    return options;
}

} // namespace camchat::test::vm
