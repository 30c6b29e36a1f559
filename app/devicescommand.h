#pragma once

#include "capture/v4l2/v4l2discovery.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace camchat::app {

// `camchat devices [--all] [--json]`: lists the V4L2 cameras, USB HDMI grabbers and
// on-chip HDMI receivers with their formats, sizes and frame rates, the HDMI signal state and
// the nodes that could not be opened (and why). Runs on the main thread; only opens
// and queries the devices, never streams. Exits 0 also when nothing is found.
class DevicesCommand
{
    Q_DECLARE_TR_FUNCTIONS(DevicesCommand)

public:
    // Overrides the directory searched for video* nodes (default /dev): for tests and
    // for systems that keep device nodes elsewhere.
    static constexpr const char *kDeviceDirEnv = "CAMCHAT_V4L2_DEVICE_DIR";

    // `arguments`: the program name followed by the subcommand's own arguments.
    static int run(const QStringList &arguments);

    // What the text lists per device. Usable: one line per format camchat can capture
    // (its largest size with that size's frame rates) and one line naming the formats
    // it cannot; All (--all): every format with every size.
    enum class Listing { Usable, All };

    // The listing as printed, and as JSON (always everything); public for tests with
    // fake devices.
    static QString describe(const QList<capture::V4l2DeviceInfo> &devices, const QString &deviceDir,
                            Listing listing = Listing::Usable);
    static QJsonObject toJson(const QList<capture::V4l2DeviceInfo> &devices, const QString &deviceDir);
};

} // namespace camchat::app
