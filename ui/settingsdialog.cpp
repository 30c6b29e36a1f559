#include "settingsdialog.h"

#include "settingskeys.h"

#include <QComboBox>
#include <QDialogButtonBox>
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

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(snapshots);
    layout->addWidget(general);
    layout->addStretch();
    layout->addWidget(buttons);

    const QSettings settings;
    const capture::SnapshotOptions snapshot = snapshotOptionsFromSettings();
    m_format->setCurrentIndex(m_format->findData(snapshot.format == capture::SnapshotFormat::Png ? kPng : kJpeg));
    m_quality->setValue(snapshot.jpegQuality);
    const int language = m_language->findData(settings.value(key(settings::kLanguage)).toString());
    m_language->setCurrentIndex(std::max(language, 0));
    m_grabDelay->setValue(grabDelayFromSettings());

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
    QDialog::accept();
}

void SettingsDialog::updateQualityEnabled()
{
    m_quality->setEnabled(m_format->currentData().toString() == kJpeg);
}

} // namespace camchat::ui
