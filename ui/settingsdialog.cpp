#include "settingsdialog.h"

#include "keyring.h"
#include "remoteserverpage.h"

#include "inference/rk/rklibrarysearch.h"
#include "session/settingskeys.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace camchat::ui {

using session::settingsKey;
namespace settings = session::settings;
using namespace session; // the settings it reads and writes, with their limits

namespace {

const QString kJpeg = QStringLiteral("jpeg");
const QString kPng = QStringLiteral("png");
// The temperature box's lowest value stands for "the profile's own" (shown as text).
constexpr double kTemperatureDefault = -0.1;

} // namespace

SettingsDialog::SettingsDialog(QWidget *parent)
    : SettingsDialog(nullptr, parent)
{
}

SettingsDialog::SettingsDialog(Keyring *keyring, QWidget *parent)
    : QDialog(parent)
{
    if (!keyring)
        keyring = new Keyring(this);
    setWindowTitle(tr("camchat Settings"));

    auto *pages = new QTabWidget(this);
    pages->setObjectName(QStringLiteral("settingsPages"));
    pages->addTab(createGeneralPage(), tr("General"));
    pages->addTab(createModelPage(), tr("Model"));
    m_remote = new RemoteServerPage(keyring, this);
    m_remote->setObjectName(QStringLiteral("remoteServerPage"));
    pages->addTab(m_remote, tr("Remote server"));
    pages->addTab(createKioskPage(), tr("Kiosk"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(pages);
    layout->addWidget(buttons);

    const QSettings settings;
    const capture::SnapshotOptions snapshot = snapshotOptionsFromSettings();
    m_format->setCurrentIndex(m_format->findData(snapshot.format == capture::SnapshotFormat::Png ? kPng : kJpeg));
    m_quality->setValue(snapshot.jpegQuality);
    const int language = m_language->findData(settings.value(settingsKey(settings::kLanguage)).toString());
    m_language->setCurrentIndex(std::max(language, 0));
    m_grabDelay->setValue(grabDelayFromSettings());
    const ModelSettings modelSettings = modelSettingsFromSettings();
    m_threads->setValue(modelSettings.threads);
    m_maxTokens->setValue(modelSettings.maxNewTokens);
    m_temperature->setValue(modelSettings.temperature ? double(*modelSettings.temperature) : kTemperatureDefault);
    m_encodeAhead->setChecked(modelSettings.encodeAhead);
    m_rkLibraryDir->setText(QDir::toNativeSeparators(inference::rk::settingsLibraryDir()));
    const session::KioskOptions kiosk = kioskOptionsFromSettings();
    m_kioskOnStart->setChecked(kioskOnStartFromSettings());
    m_kioskPrompt->setText(kiosk.pipeline.prompt);
    m_kioskInterval->setValue(kiosk.intervalMs / 1000);
    m_kioskSceneChange->setChecked(kiosk.onSceneChange);
    m_kioskSceneThreshold->setValue(kiosk.sceneThreshold * 100.0);
    m_kioskMinInterval->setValue(kiosk.minIntervalMs / 1000);

    connect(m_format, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateQualityEnabled);
    updateQualityEnabled();
    connect(m_kioskSceneChange, &QCheckBox::toggled, this, &SettingsDialog::updateSceneChangeEnabled);
    updateSceneChangeEnabled();
}

QWidget *SettingsDialog::createGeneralPage()
{
    auto *page = new QWidget(this);

    auto *general = new QGroupBox(tr("General"), page);
    auto *generalForm = new QFormLayout(general);
    m_language = new QComboBox(general);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System default"), QString());
    // Language names in their own language, so everyone finds theirs.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    generalForm->addRow(tr("&Language:"), m_language);
    auto *languageNote = new QLabel(tr("A new language applies the next time camchat starts."), general);
    languageNote->setWordWrap(true);
    languageNote->setEnabled(false); // greyed: a note, not a control
    generalForm->addRow(QString(), languageNote);
    m_grabDelay = new QSpinBox(general);
    m_grabDelay->setObjectName(QStringLiteral("grabDelay"));
    m_grabDelay->setRange(0, 10000);
    m_grabDelay->setSingleStep(100);
    m_grabDelay->setSuffix(tr(" ms"));
    m_grabDelay->setToolTip(tr("How long camchat waits after hiding its window before it grabs the screen."));
    generalForm->addRow(tr("Screen grab &delay:"), m_grabDelay);

    auto *snapshots = new QGroupBox(tr("Snapshots"), page);
    auto *snapshotForm = new QFormLayout(snapshots);
    m_format = new QComboBox(snapshots);
    m_format->setObjectName(QStringLiteral("snapshotFormat"));
    m_format->addItem(tr("JPEG"), kJpeg);
    m_format->addItem(tr("PNG (lossless)"), kPng);
    snapshotForm->addRow(tr("&Format:"), m_format);
    m_quality = new QSpinBox(snapshots);
    m_quality->setObjectName(QStringLiteral("jpegQuality"));
    m_quality->setRange(1, 100);
    m_quality->setToolTip(tr("Higher means better pictures and larger files."));
    snapshotForm->addRow(tr("JPEG &quality:"), m_quality);

    auto *layout = new QVBoxLayout(page);
    layout->addWidget(general);
    layout->addWidget(snapshots);
    layout->addStretch();
    return page;
}

QWidget *SettingsDialog::createModelPage()
{
    auto *page = new QWidget(this);
    auto *model = new QGroupBox(tr("Model"), page);
    model->setObjectName(QStringLiteral("modelGroup"));
    auto *modelForm = new QFormLayout(model);
    m_threads = new QSpinBox(model);
    m_threads->setObjectName(QStringLiteral("modelThreads"));
    m_threads->setRange(0, kMaxThreads);
    m_threads->setSpecialValueText(tr("Automatic"));
    m_threads->setToolTip(tr("CPU threads the model uses. A change reloads the model."));
    modelForm->addRow(tr("&Threads:"), m_threads);
    m_maxTokens = new QSpinBox(model);
    m_maxTokens->setObjectName(QStringLiteral("maxNewTokens"));
    m_maxTokens->setRange(0, kMaxNewTokensLimit);
    m_maxTokens->setSingleStep(64);
    m_maxTokens->setSuffix(tr(" tokens"));
    m_maxTokens->setSpecialValueText(tr("Model default"));
    m_maxTokens->setToolTip(tr("The longest answer, in tokens (a token is about ¾ of a word)."));
    modelForm->addRow(tr("&Answer length limit:"), m_maxTokens);
    m_temperature = new QDoubleSpinBox(model);
    m_temperature->setObjectName(QStringLiteral("temperature"));
    m_temperature->setDecimals(1);
    m_temperature->setRange(kTemperatureDefault, kMaxTemperature);
    m_temperature->setSingleStep(0.1);
    m_temperature->setSpecialValueText(tr("Model default"));
    m_temperature->setToolTip(tr("0 gives the most likely answer every time; higher values give more varied ones."));
    modelForm->addRow(tr("T&emperature:"), m_temperature);
    m_encodeAhead = new QCheckBox(tr("&Encode pictures while I type the question"), model);
    m_encodeAhead->setObjectName(QStringLiteral("encodeAhead"));
    m_encodeAhead->setToolTip(tr("The model starts on a picture as soon as it is snapped, opened or pasted, so the "
                                 "answer comes sooner. Turn it off to save power on battery."));
    modelForm->addRow(QString(), m_encodeAhead);

    // Where librknnrt.so / librkllmrt.so come from. Never from a model's folder: a model
    // brought on a USB stick must not bring code with it.
    auto *npu = new QGroupBox(tr("NPU runtime"), page);
    npu->setObjectName(QStringLiteral("npuGroup"));
    auto *npuForm = new QFormLayout(npu);
    m_rkLibraryDir = new QLineEdit(npu);
    m_rkLibraryDir->setObjectName(QStringLiteral("rkLibraryDir"));
    m_rkLibraryDir->setPlaceholderText(tr("System library path"));
    m_rkLibraryDir->setClearButtonEnabled(true);
    m_rkLibraryDir->setToolTip(tr("The folder with librknnrt.so and librkllmrt.so for Rockchip NPU models. "
                                  "Empty: the system library path. CAMCHAT_RK_LIB_DIR, when set, comes first. "
                                  "Libraries beside model files are never loaded."));
    auto *browse = new QPushButton(tr("&Browse…"), npu);
    browse->setObjectName(QStringLiteral("rkLibraryDirBrowse"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder of the NPU Runtime Libraries"),
                                                              m_rkLibraryDir->text());
        if (!dir.isEmpty())
            m_rkLibraryDir->setText(QDir::toNativeSeparators(dir));
    });
    auto *row = new QHBoxLayout;
    row->addWidget(m_rkLibraryDir, 1);
    row->addWidget(browse);
    npuForm->addRow(tr("Runtime &folder:"), row);

    auto *layout = new QVBoxLayout(page);
    layout->addWidget(model);
    layout->addWidget(npu);
    layout->addStretch();
    return page;
}

QWidget *SettingsDialog::createKioskPage()
{
    auto *page = new QWidget(this);
    auto *kiosk = new QGroupBox(tr("Kiosk mode"), page);
    kiosk->setObjectName(QStringLiteral("kioskGroup"));
    auto *form = new QFormLayout(kiosk);
    auto *about = new QLabel(tr("Full screen, the live picture with a caption the model writes by itself, "
                                "again and again. Esc leaves kiosk mode, Space asks for a caption now."),
                             kiosk);
    about->setWordWrap(true);
    about->setEnabled(false); // greyed: a note, not a control
    form->addRow(about);

    m_kioskOnStart = new QCheckBox(tr("&Start in kiosk mode"), kiosk);
    m_kioskOnStart->setObjectName(QStringLiteral("kioskOnStart"));
    m_kioskOnStart->setToolTip(tr("camchat opens the kiosk screen instead of the main window "
                                  "(as with camchat --kiosk)."));
    form->addRow(m_kioskOnStart);

    m_kioskPrompt = new QLineEdit(kiosk);
    m_kioskPrompt->setObjectName(QStringLiteral("kioskPrompt"));
    m_kioskPrompt->setPlaceholderText(session::KioskController::defaultPrompt());
    m_kioskPrompt->setClearButtonEnabled(true);
    // Wide enough to show the default prompt whole.
    const int promptWidth = m_kioskPrompt->fontMetrics().horizontalAdvance(m_kioskPrompt->placeholderText());
    m_kioskPrompt->setMinimumWidth(std::min(promptWidth + 40, 520));
    m_kioskPrompt->setToolTip(tr("What the model is asked about every picture. Empty: the default shown greyed."));
    form->addRow(tr("&Prompt:"), m_kioskPrompt);

    m_kioskInterval = new QSpinBox(kiosk);
    m_kioskInterval->setObjectName(QStringLiteral("kioskInterval"));
    m_kioskInterval->setRange(0, kMaxKioskIntervalS);
    m_kioskInterval->setSuffix(tr(" s"));
    m_kioskInterval->setSpecialValueText(tr("Back to back"));
    m_kioskInterval->setToolTip(tr("A new caption every so many seconds. Back to back: "
                                   "the next one starts as soon as the model is free."));
    form->addRow(tr("Caption &every:"), m_kioskInterval);

    m_kioskSceneChange = new QCheckBox(tr("Also caption when the s&cene changes"), kiosk);
    m_kioskSceneChange->setObjectName(QStringLiteral("kioskSceneChange"));
    form->addRow(m_kioskSceneChange);

    m_kioskSceneThreshold = new QDoubleSpinBox(kiosk);
    m_kioskSceneThreshold->setObjectName(QStringLiteral("kioskSceneThreshold"));
    m_kioskSceneThreshold->setDecimals(1);
    m_kioskSceneThreshold->setRange(kMinSceneThreshold * 100.0, kMaxSceneThreshold * 100.0);
    m_kioskSceneThreshold->setSingleStep(0.5);
    m_kioskSceneThreshold->setSuffix(tr(" %"));
    m_kioskSceneThreshold->setToolTip(tr("How much the picture must change (average brightness difference) "
                                         "to count as a new scene. Lower values react to smaller changes."));
    form->addRow(tr("Change &threshold:"), m_kioskSceneThreshold);

    m_kioskMinInterval = new QSpinBox(kiosk);
    m_kioskMinInterval->setObjectName(QStringLiteral("kioskMinInterval"));
    m_kioskMinInterval->setRange(0, kMaxKioskIntervalS);
    m_kioskMinInterval->setSuffix(tr(" s"));
    m_kioskMinInterval->setToolTip(tr("A scene change never starts a caption sooner than this after the last one."));
    form->addRow(tr("&Minimum interval:"), m_kioskMinInterval);

    auto *layout = new QVBoxLayout(page);
    layout->addWidget(kiosk);
    layout->addStretch();
    return page;
}

void SettingsDialog::accept()
{
    QString rkLibraryDir = QDir::fromNativeSeparators(m_rkLibraryDir->text().trimmed());
    if (rkLibraryDir == QLatin1String("~") || rkLibraryDir.startsWith(QLatin1String("~/")))
        rkLibraryDir = QDir::homePath() + rkLibraryDir.mid(1);
    if (!rkLibraryDir.isEmpty() && QDir::isRelativePath(rkLibraryDir)) {
        // A relative folder would be searched from wherever camchat was started.
        QMessageBox::warning(this, windowTitle(),
                             tr("The NPU runtime folder must be a full path, such as /opt/rknn/lib."));
        m_rkLibraryDir->setFocus();
        return;
    }
    if (!m_remote->hasValidEndpoint()) {
        QMessageBox::warning(this, windowTitle(),
                             tr("The model server's address must start with http:// or https://, such as "
                                "http://gpu-box:8000/v1."));
        return;
    }
    QSettings settings;
    settings.setValue(settingsKey(settings::kSnapshotFormat), m_format->currentData().toString());
    settings.setValue(settingsKey(settings::kSnapshotQuality), m_quality->value());
    settings.setValue(settingsKey(settings::kLanguage), m_language->currentData().toString());
    settings.setValue(settingsKey(settings::kGrabDelayMs), m_grabDelay->value());
    settings.setValue(settingsKey(settings::kModelThreads), m_threads->value());
    settings.setValue(settingsKey(settings::kMaxNewTokens), m_maxTokens->value());
    settings.setValue(settingsKey(settings::kEncodeAhead), m_encodeAhead->isChecked());
    if (rkLibraryDir.isEmpty())
        settings.remove(settingsKey(settings::kRkLibraryDir));
    else
        settings.setValue(settingsKey(settings::kRkLibraryDir), rkLibraryDir);
    if (m_temperature->value() < 0.0)
        settings.remove(settingsKey(settings::kTemperature));
    else
        settings.setValue(settingsKey(settings::kTemperature), m_temperature->value());
    settings.setValue(settingsKey(settings::kKioskOnStart), m_kioskOnStart->isChecked());
    settings.setValue(settingsKey(settings::kKioskPrompt), m_kioskPrompt->text().trimmed());
    settings.setValue(settingsKey(settings::kKioskIntervalS), m_kioskInterval->value());
    settings.setValue(settingsKey(settings::kKioskSceneChange), m_kioskSceneChange->isChecked());
    settings.setValue(settingsKey(settings::kKioskSceneThreshold), m_kioskSceneThreshold->value() / 100.0);
    settings.setValue(settingsKey(settings::kKioskMinIntervalS), m_kioskMinInterval->value());
    m_remoteChanged = m_remote->apply();
    QDialog::accept();
}

void SettingsDialog::updateQualityEnabled()
{
    m_quality->setEnabled(m_format->currentData().toString() == kJpeg);
}

void SettingsDialog::updateSceneChangeEnabled()
{
    const bool on = m_kioskSceneChange->isChecked();
    m_kioskSceneThreshold->setEnabled(on);
    m_kioskMinInterval->setEnabled(on);
}

} // namespace camchat::ui
