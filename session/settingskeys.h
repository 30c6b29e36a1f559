#pragma once

#include "inference/rk/rklibrarysearch.h"

#include <QLatin1String>
#include <QString>

// QSettings keys shared by the session, the UI and the app's start-up code. One place, so
// a key is never spelled two ways.
namespace camchat::session::settings {

inline constexpr char kLanguage[] = "ui/language";             // "" = system, "en", "de", "zh_CN"
inline constexpr char kGeometry[] = "window/geometry";
inline constexpr char kWindowState[] = "window/state";
inline constexpr char kMainSplitter[] = "window/mainSplitter";
inline constexpr char kChatSplitter[] = "window/chatSplitter";
inline constexpr char kLastDirectory[] = "files/lastDirectory";
inline constexpr char kPromptHistory[] = "chat/promptHistory";
inline constexpr char kSnapshotFormat[] = "snapshot/format";       // "jpeg" | "png"
inline constexpr char kSnapshotQuality[] = "snapshot/jpegQuality"; // 1..100
inline constexpr char kGrabDelayMs[] = "screen/grabDelayMs";       // wait after hiding the window
inline constexpr char kModelProfile[] = "model/profile";           // id of the chosen ModelProfile
inline constexpr char kModelThreads[] = "model/threads";           // 0 = automatic
inline constexpr char kMaxNewTokens[] = "model/maxNewTokens";      // 0 = the profile's own
inline constexpr char kTemperature[] = "model/temperature";        // absent or < 0 = the profile's own
inline constexpr char kEncodeAhead[] = "model/encodeAhead";        // encode on snap (default on)
// The folder the Rockchip runtime libraries load from ("" = CAMCHAT_RK_LIB_DIR or the
// system library path); read by the rk backend and the doctor themselves.
inline constexpr const char *kRkLibraryDir = inference::rk::kLibraryDirSettingsKey;
// Live capture: the source last opened ("/dev/video0", "qt:<camera id>"; absent = none)
// and its format ("MJPG 1280x720@30"; absent = camchat's choice).
inline constexpr char kCaptureSource[] = "capture/source";
inline constexpr char kCaptureFormat[] = "capture/format";
inline constexpr char kPreviewOverlay[] = "capture/overlay";       // show fps/format over the preview
// The model server set in the window (its API key is never stored here).
inline constexpr char kRemoteEndpoint[] = "remote/endpoint";       // "" = none
inline constexpr char kRemoteModel[] = "remote/model";             // "" = the first listed
// Kiosk mode.
inline constexpr char kKioskOnStart[] = "kiosk/onStart";           // start in kiosk mode
inline constexpr char kKioskPrompt[] = "kiosk/prompt";             // "" = the default prompt
inline constexpr char kKioskIntervalS[] = "kiosk/intervalSeconds"; // 0 = back to back
inline constexpr char kKioskSceneChange[] = "kiosk/sceneChange";   // also caption on scene change
inline constexpr char kKioskSceneThreshold[] = "kiosk/sceneThreshold"; // 0..1
inline constexpr char kKioskMinIntervalS[] = "kiosk/minIntervalSeconds";

} // namespace camchat::session::settings

namespace camchat::session {

// A key above as QSettings takes it.
inline QString settingsKey(const char *name)
{
    return QLatin1String(name);
}

} // namespace camchat::session
