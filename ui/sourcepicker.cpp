#include "sourcepicker.h"

#include "session/sourcemanager.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QStandardItemModel>

namespace camchat::ui {

using session::LiveFormat;
using session::LiveSourceInfo;
using session::SourceManager;

namespace {

QString fpsText(double fps)
{
    return QString::number(fps, 'g', 4);
}

} // namespace

SourcePicker::SourcePicker(SourceManager *live, QWidget *parent)
    : QWidget(parent)
    , m_live(live)
{
    m_sources = new QComboBox(this);
    m_sources->setObjectName(QStringLiteral("sourcePicker"));
    m_sources->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_sources->setToolTip(tr("Where the picture comes from: still images, a camera or HDMI input, or the screen"));
    auto *sourceLabel = new QLabel(tr("&Source:"), this);
    sourceLabel->setBuddy(m_sources);

    m_formats = new QComboBox(this);
    m_formats->setObjectName(QStringLiteral("formatPicker"));
    m_formats->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_formats->setToolTip(tr("Pixel format, size and frame rate of the capture"));
    m_formatLabel = new QLabel(tr("&Format:"), this);
    m_formatLabel->setBuddy(m_formats);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(6);
    layout->addWidget(sourceLabel);
    layout->addWidget(m_sources);
    layout->addSpacing(6);
    layout->addWidget(m_formatLabel);
    layout->addWidget(m_formats);

    connect(m_sources, &QComboBox::activated, this, &SourcePicker::onSourceActivated);
    connect(m_formats, &QComboBox::activated, this, &SourcePicker::onFormatActivated);
    connect(m_live, &SourceManager::sourcesChanged, this, &SourcePicker::refillSources);
    connect(m_live, &SourceManager::currentSourceChanged, this, [this] {
        selectCurrent();
        refillFormats();
    });
    connect(m_live, &SourceManager::currentStateChanged, this, &SourcePicker::updateAutomaticText);
    refillSources();
    refillFormats();
}

void SourcePicker::showImageChoice()
{
    const QSignalBlocker blocker(m_sources);
    m_sources->setCurrentIndex(m_sources->findData(imageId()));
}

void SourcePicker::refillSources()
{
    const QString selected = m_sources->currentData().toString();
    const QSignalBlocker blocker(m_sources);
    m_sources->clear();
    m_sources->addItem(tr("Image"), imageId());
    m_sources->setItemData(0, tr("Still images: open, paste or drop one"), Qt::ToolTipRole);
    const QList<LiveSourceInfo> sources = m_live->sources();
    for (const LiveSourceInfo &info : sources) {
        QString text = info.name;
        if (info.hdmiInput)
            text = tr("%1 (HDMI input)").arg(text);
        if (!info.present)
            text = tr("%1 (unplugged)").arg(text);
        m_sources->addItem(text, info.id);
        const QString tip = info.kind == LiveSourceInfo::Kind::QtCamera ? tr("Camera through Qt Multimedia")
                                                                        : info.id;
        m_sources->setItemData(m_sources->count() - 1, tip, Qt::ToolTipRole);
    }
    m_sources->addItem(tr("Screen"), screenId());
    m_sources->setItemData(m_sources->count() - 1, tr("Take a screenshot and ask about it"), Qt::ToolTipRole);

    const QString current = m_live->currentSourceId();
    const int index = m_sources->findData(current.isEmpty() ? (selected == screenId() ? imageId() : selected) : current);
    m_sources->setCurrentIndex(index >= 0 ? index : 0);
}

void SourcePicker::selectCurrent()
{
    const QSignalBlocker blocker(m_sources);
    const QString current = m_live->currentSourceId();
    const int index = m_sources->findData(current.isEmpty() ? imageId() : current);
    m_sources->setCurrentIndex(index >= 0 ? index : 0);
}

void SourcePicker::refillFormats()
{
    const QSignalBlocker blocker(m_formats);
    m_formats->clear();
    const bool live = m_live->currentSource() != nullptr;
    m_formats->setVisible(live);
    m_formatLabel->setVisible(live);
    if (!live)
        return;
    const std::optional<LiveSourceInfo> info = m_live->sourceInfo(m_live->currentSourceId());
    if (info && info->hdmiInput) {
        m_formats->addItem(tr("As the HDMI signal"), QString());
        m_formats->setItemData(0, tr("An HDMI receiver captures in the format of the incoming signal"),
                               Qt::ToolTipRole);
        m_formats->setEnabled(false);
        return;
    }
    m_formats->setEnabled(true);
    m_formats->addItem(tr("Automatic"), QString());
    m_formats->setItemData(0, tr("camchat's choice: the largest size up to 1080p at 25 frames per second or more"),
                           Qt::ToolTipRole);
    const QList<LiveFormat> choices = m_live->formatChoices();
    for (const LiveFormat &format : choices) {
        const QString text = format.fps > 0
            ? tr("%1 %2 × %3, %4 fps").arg(format.pixelFormat).arg(format.width).arg(format.height).arg(fpsText(format.fps))
            : tr("%1 %2 × %3").arg(format.pixelFormat).arg(format.width).arg(format.height);
        m_formats->addItem(text, format.key());
    }
    const int index = m_formats->findData(m_live->currentFormatChoice().key());
    m_formats->setCurrentIndex(index >= 0 ? index : 0);
    updateAutomaticText();
}

void SourcePicker::updateAutomaticText()
{
    if (!m_formats->isEnabled() || m_formats->count() == 0 || !m_live->currentSource())
        return;
    const capture::SourceFormat now = m_live->currentSource()->currentFormat();
    const QString text = now.pixelFormat.isEmpty()
        ? tr("Automatic")
        : tr("Automatic (%1 %2 × %3)").arg(now.pixelFormat).arg(now.width).arg(now.height);
    m_formats->setItemText(0, text);
}

void SourcePicker::onSourceActivated(int index)
{
    const QString id = m_sources->itemData(index).toString();
    if (id == imageId()) {
        m_live->closeSource();
        Q_EMIT imageChosen();
        return;
    }
    if (id == screenId()) {
        // The grab brings a still image; until it lands the picker shows what is current.
        selectCurrent();
        Q_EMIT screenChosen();
        return;
    }
    if (id == m_live->currentSourceId())
        return;
    m_live->openSource(id);
}

void SourcePicker::onFormatActivated(int index)
{
    m_live->setFormat(LiveFormat::fromKey(m_formats->itemData(index).toString()));
}

} // namespace camchat::ui
