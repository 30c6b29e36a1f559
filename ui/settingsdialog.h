#pragma once

#include "capture/snapshotwriter.h"

#include <QDialog>

class QComboBox;
class QSpinBox;

namespace camchat::ui {

inline constexpr int kDefaultGrabDelayMs = 300;
inline constexpr int kDefaultJpegQuality = 92;

// Snapshot options as saved in the settings (format, JPEG quality); overwrite stays false.
capture::SnapshotOptions snapshotOptionsFromSettings();
// How long to wait after hiding the window before grabbing the screen.
int grabDelayFromSettings();

// The preferences dialog. Reads QSettings when created, writes them on OK only.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(QWidget *parent = nullptr);

    void accept() override;

private:
    void updateQualityEnabled();

    QComboBox *m_format = nullptr;
    QSpinBox *m_quality = nullptr;
    QComboBox *m_language = nullptr;
    QSpinBox *m_grabDelay = nullptr;
};

} // namespace camchat::ui
