#include "usersettings.h"

#include "settingskeys.h"

#include <QSettings>

#include <algorithm>

namespace camchat::session {

namespace {

const QString kJpeg = QStringLiteral("jpeg");
const QString kPng = QStringLiteral("png");

} // namespace

capture::SnapshotOptions snapshotOptionsFromSettings()
{
    const QSettings settings;
    capture::SnapshotOptions options;
    options.format = settings.value(settingsKey(settings::kSnapshotFormat), kJpeg).toString() == kPng
        ? capture::SnapshotFormat::Png
        : capture::SnapshotFormat::Jpeg;
    const int quality = settings.value(settingsKey(settings::kSnapshotQuality), kDefaultJpegQuality).toInt();
    options.jpegQuality = std::clamp(quality, 1, 100);
    return options;
}

int grabDelayFromSettings()
{
    return std::clamp(QSettings().value(settingsKey(settings::kGrabDelayMs), kDefaultGrabDelayMs).toInt(), 0, 10000);
}

inference::SamplingParams ModelSettings::applyTo(inference::SamplingParams sampling) const
{
    if (maxNewTokens > 0)
        sampling.maxNewTokens = maxNewTokens;
    if (temperature)
        sampling.temperature = *temperature;
    return sampling;
}

ModelSettings modelSettingsFromSettings()
{
    const QSettings settings;
    ModelSettings model;
    model.threads = std::clamp(settings.value(settingsKey(settings::kModelThreads), 0).toInt(), 0, kMaxThreads);
    const int maxNewTokens = settings.value(settingsKey(settings::kMaxNewTokens), 0).toInt();
    model.maxNewTokens = std::clamp(maxNewTokens, 0, kMaxNewTokensLimit);
    bool ok = false;
    const double temperature = settings.value(settingsKey(settings::kTemperature)).toDouble(&ok);
    if (ok && temperature >= 0.0)
        model.temperature = float(std::min(temperature, kMaxTemperature));
    model.encodeAhead = settings.value(settingsKey(settings::kEncodeAhead), true).toBool();
    return model;
}

bool kioskOnStartFromSettings()
{
    return QSettings().value(settingsKey(settings::kKioskOnStart), false).toBool();
}

KioskOptions kioskOptionsFromSettings()
{
    const QSettings settings;
    const KioskOptions defaults;
    KioskOptions options;
    options.pipeline.prompt = settings.value(settingsKey(settings::kKioskPrompt)).toString().trimmed();
    const int intervalS = settings.value(settingsKey(settings::kKioskIntervalS), defaults.intervalMs / 1000).toInt();
    options.intervalMs = std::clamp(intervalS, 0, kMaxKioskIntervalS) * 1000;
    options.onSceneChange = settings.value(settingsKey(settings::kKioskSceneChange), defaults.onSceneChange).toBool();
    bool ok = false;
    const double threshold = settings.value(settingsKey(settings::kKioskSceneThreshold)).toDouble(&ok);
    options.sceneThreshold
        = ok ? std::clamp(threshold, kMinSceneThreshold, kMaxSceneThreshold) : defaults.sceneThreshold;
    const int minIntervalS
        = settings.value(settingsKey(settings::kKioskMinIntervalS), defaults.minIntervalMs / 1000).toInt();
    options.minIntervalMs = std::clamp(minIntervalS, 0, kMaxKioskIntervalS) * 1000;
    const ModelSettings model = modelSettingsFromSettings();
    options.pipeline.modelThreads = model.threads;
    options.maxNewTokens = model.maxNewTokens;
    return options;
}

} // namespace camchat::session
