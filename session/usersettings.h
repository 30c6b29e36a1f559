#pragma once

#include "capture/snapshotwriter.h"
#include "inference/modelprofile.h"
#include "session/kioskcontroller.h"

#include <optional>

// What the user chose in Settings, read from QSettings (keys in settingskeys.h) with the
// defaults and limits the Settings dialog offers. Any thread that may use QSettings.
namespace camchat::session {

inline constexpr int kDefaultGrabDelayMs = 300;
inline constexpr int kDefaultJpegQuality = 92;

// Snapshot options as saved in the settings (format, JPEG quality); overwrite stays false.
capture::SnapshotOptions snapshotOptionsFromSettings();
// How long to wait after hiding the window before grabbing the screen.
int grabDelayFromSettings();

inline constexpr int kMaxThreads = 64;
inline constexpr int kMaxNewTokensLimit = 8192;
inline constexpr double kMaxTemperature = 2.0;

// What the user chose on the "Model" page; empty/0 means "what the profile says".
struct ModelSettings {
    int threads = 0;      // 0 = automatic
    int maxNewTokens = 0; // 0 = the profile's own
    std::optional<float> temperature;
    // Encode on snap: the image is encoded while the question is typed (off saves power).
    bool encodeAhead = true;

    // The profile's sampling parameters with the user's choices applied.
    inference::SamplingParams applyTo(inference::SamplingParams sampling) const;
};
ModelSettings modelSettingsFromSettings();

inline constexpr int kMaxKioskIntervalS = 3600;
inline constexpr double kMinSceneThreshold = 0.005;
inline constexpr double kMaxSceneThreshold = 0.5;

// Whether camchat starts in kiosk mode (the "Kiosk" page's switch; `--kiosk` also does).
bool kioskOnStartFromSettings();
// The kiosk options as chosen on the "Kiosk" page (prompt, interval, scene change and its
// threshold and minimum interval), with the "Model" page's thread count and answer length
// limit; the resilience fields keep KioskOptions' defaults.
KioskOptions kioskOptionsFromSettings();

} // namespace camchat::session
