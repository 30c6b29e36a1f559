#pragma once

#include "capture/snapshotwriter.h"
#include "inference/modelprofile.h"
#include "session/kioskcontroller.h"

#include <QDialog>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace camchat::ui {

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
session::KioskOptions kioskOptionsFromSettings();

// The preferences dialog: "General" (language, snapshots, screen grabs), "Model" and
// "Kiosk" pages. Reads QSettings when created, writes them on OK only.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(QWidget *parent = nullptr);

    void accept() override;

private:
    QWidget *createGeneralPage();
    QWidget *createModelPage();
    QWidget *createKioskPage();
    void updateQualityEnabled();
    void updateSceneChangeEnabled();

    QComboBox *m_format = nullptr;
    QSpinBox *m_quality = nullptr;
    QComboBox *m_language = nullptr;
    QSpinBox *m_grabDelay = nullptr;
    QSpinBox *m_threads = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QCheckBox *m_kioskOnStart = nullptr;
    QLineEdit *m_kioskPrompt = nullptr;
    QSpinBox *m_kioskInterval = nullptr;
    QCheckBox *m_kioskSceneChange = nullptr;
    QDoubleSpinBox *m_kioskSceneThreshold = nullptr;
    QSpinBox *m_kioskMinInterval = nullptr;
};

} // namespace camchat::ui
