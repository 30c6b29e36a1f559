#include "settingsdialog.h"

#include "settingskeys.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace camchat::ui {

namespace {

const QString kJpeg = QStringLiteral("jpeg");
const QString kPng = QStringLiteral("png");
// The temperature box's lowest value stands for "the profile's own" (shown as text).
constexpr double kTemperatureDefault = -0.1;

QString key(const char *name)
{
    return QLatin1String(name);
}

} // namespace

capture::SnapshotOptions snapshotOptionsFromSettings()
{
    const QSettings settings;
    capture::SnapshotOptions options;
    options.format = settings.value(key(settings::kSnapshotFormat), kJpeg).toString() == kPng
        ? capture::SnapshotFormat::Png
        : capture::SnapshotFormat::Jpeg;
    options.jpegQuality = std::clamp(settings.value(key(settings::kSnapshotQuality), kDefaultJpegQuality).toInt(), 1, 100);
    return options;
}

int grabDelayFromSettings()
{
    return std::clamp(QSettings().value(key(settings::kGrabDelayMs), kDefaultGrabDelayMs).toInt(), 0, 10000);
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
    model.threads = std::clamp(settings.value(key(settings::kModelThreads), 0).toInt(), 0, kMaxThreads);
    model.maxNewTokens = std::clamp(settings.value(key(settings::kMaxNewTokens), 0).toInt(), 0, kMaxNewTokensLimit);
    bool ok = false;
    const double temperature = settings.value(key(settings::kTemperature)).toDouble(&ok);
    if (ok && temperature >= 0.0)
        model.temperature = float(std::min(temperature, kMaxTemperature));
    return model;
}

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("camchat Settings"));

    auto *snapshots = new QGroupBox(tr("Snapshots"), this);
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

    auto *general = new QGroupBox(tr("General"), this);
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

    auto *model = new QGroupBox(tr("Model"), this);
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

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(snapshots);
    layout->addWidget(general);
    layout->addWidget(model);
    layout->addStretch();
    layout->addWidget(buttons);

    const QSettings settings;
    const capture::SnapshotOptions snapshot = snapshotOptionsFromSettings();
    m_format->setCurrentIndex(m_format->findData(snapshot.format == capture::SnapshotFormat::Png ? kPng : kJpeg));
    m_quality->setValue(snapshot.jpegQuality);
    const int language = m_language->findData(settings.value(key(settings::kLanguage)).toString());
    m_language->setCurrentIndex(std::max(language, 0));
    m_grabDelay->setValue(grabDelayFromSettings());
    const ModelSettings modelSettings = modelSettingsFromSettings();
    m_threads->setValue(modelSettings.threads);
    m_maxTokens->setValue(modelSettings.maxNewTokens);
    m_temperature->setValue(modelSettings.temperature ? double(*modelSettings.temperature) : kTemperatureDefault);

    connect(m_format, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateQualityEnabled);
    updateQualityEnabled();
}

void SettingsDialog::accept()
{
    QSettings settings;
    settings.setValue(key(settings::kSnapshotFormat), m_format->currentData().toString());
    settings.setValue(key(settings::kSnapshotQuality), m_quality->value());
    settings.setValue(key(settings::kLanguage), m_language->currentData().toString());
    settings.setValue(key(settings::kGrabDelayMs), m_grabDelay->value());
    settings.setValue(key(settings::kModelThreads), m_threads->value());
    settings.setValue(key(settings::kMaxNewTokens), m_maxTokens->value());
    if (m_temperature->value() < 0.0)
        settings.remove(key(settings::kTemperature));
    else
        settings.setValue(key(settings::kTemperature), m_temperature->value());
    QDialog::accept();
}

void SettingsDialog::updateQualityEnabled()
{
    m_quality->setEnabled(m_format->currentData().toString() == kJpeg);
}

} // namespace camchat::ui
