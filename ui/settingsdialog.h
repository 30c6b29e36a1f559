#pragma once

#include "session/usersettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace camchat::ui {

class Keyring;
class RemoteServerPage;

// The preferences dialog: "General" (language, snapshots, screen grabs), "Model" (with
// the NPU runtime folder), "Remote server" (RemoteServerPage) and "Kiosk" pages. Reads
// QSettings when created, writes them on OK only.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    // `keyring` stores the model server's API key (it must outlive the dialog: storing
    // ends after OK); null: one of the dialog's own.
    explicit SettingsDialog(QWidget *parent = nullptr);
    SettingsDialog(Keyring *keyring, QWidget *parent);

    void accept() override;
    RemoteServerPage *remoteServerPage() const { return m_remote; }
    // After OK: the model server or its key changed (the model list needs reading again).
    bool remoteServerChanged() const { return m_remoteChanged; }

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
    QCheckBox *m_encodeAhead = nullptr;
    QLineEdit *m_rkLibraryDir = nullptr;
    QCheckBox *m_kioskOnStart = nullptr;
    QLineEdit *m_kioskPrompt = nullptr;
    QSpinBox *m_kioskInterval = nullptr;
    QCheckBox *m_kioskSceneChange = nullptr;
    QDoubleSpinBox *m_kioskSceneThreshold = nullptr;
    QSpinBox *m_kioskMinInterval = nullptr;
    RemoteServerPage *m_remote = nullptr;
    bool m_remoteChanged = false;
};

} // namespace camchat::ui
