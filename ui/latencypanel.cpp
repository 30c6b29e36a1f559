#include "latencypanel.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>

#include <algorithm>

namespace camchat::ui {

namespace {

using inference::Stage;

constexpr int kBarResolution = 1000;

QString stageName(Stage stage)
{
    switch (stage) {
    case Stage::Preprocess: return LatencyPanel::tr("Preprocess");
    case Stage::Upload: return LatencyPanel::tr("Upload");
    case Stage::VisionEncode: return LatencyPanel::tr("Vision encode");
    case Stage::Prefill: return LatencyPanel::tr("Prefill");
    case Stage::FirstToken: return LatencyPanel::tr("First token");
    case Stage::Decode: return LatencyPanel::tr("Decode");
    }
    return {};
}

QString formatDuration(std::int64_t us)
{
    const QLocale locale;
    if (us < 1'000'000)
        return LatencyPanel::tr("%1 ms").arg(locale.toString(us / 1e3, 'f', 1));
    return LatencyPanel::tr("%1 s").arg(locale.toString(us / 1e6, 'f', 2));
}

QString stageObjectName(const char *prefix, Stage stage)
{
    const std::string_view key = inference::stageKey(stage);
    return QLatin1String(prefix) + QLatin1String(key.data(), qsizetype(key.size()));
}

} // namespace

LatencyPanel::LatencyPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QGridLayout(this);
    layout->setColumnStretch(2, 1);
    // Room for a typical value up front, so the bars do not jump when the first arrives.
    layout->setColumnMinimumWidth(1, fontMetrics().horizontalAdvance(QStringLiteral("000.0 ms")));

    m_status = new QLabel(tr("No request yet"), this);
    m_status->setObjectName(QStringLiteral("status"));
    layout->addWidget(m_status, 0, 0, 1, 4);

    const int barHeight = std::max(4, fontMetrics().height() / 2);
    for (std::size_t i = 0; i < inference::kAllStages.size(); ++i) {
        const Stage stage = inference::kAllStages[i];
        const int gridRow = int(i) + 1;
        Row &row = m_rows[i];

        auto *name = new QLabel(stageName(stage), this);
        name->setObjectName(stageObjectName("stageName_", stage));
        row.name = name;
        row.value = new QLabel(this);
        row.value->setObjectName(stageObjectName("stageValue_", stage));
        row.value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row.bar = new QProgressBar(this);
        row.bar->setObjectName(stageObjectName("stageBar_", stage));
        row.bar->setRange(0, kBarResolution);
        row.bar->setTextVisible(false);
        row.bar->setFixedHeight(barHeight);
        row.extra = new QLabel(this);
        row.extra->setObjectName(stageObjectName("stageExtra_", stage));

        layout->addWidget(name, gridRow, 0);
        layout->addWidget(row.value, gridRow, 1);
        layout->addWidget(row.bar, gridRow, 2);
        layout->addWidget(row.extra, gridRow, 3);
    }

    const int totalRow = int(inference::kAllStages.size()) + 1;
    auto *totalName = new QLabel(tr("Total"), this);
    QFont bold = totalName->font();
    bold.setBold(true);
    totalName->setFont(bold);
    m_totalValue = new QLabel(this);
    m_totalValue->setObjectName(QStringLiteral("totalValue"));
    m_totalValue->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_totalValue->setFont(bold);
    m_peakMemory = new QLabel(this);
    m_peakMemory->setObjectName(QStringLiteral("peakMemory"));
    layout->addWidget(totalName, totalRow, 0);
    layout->addWidget(m_totalValue, totalRow, 1);
    layout->addWidget(m_peakMemory, totalRow, 2, 1, 2);
    // Encode on snap: work done before the question, so not in the total above.
    m_preparedAhead = new QLabel(this);
    m_preparedAhead->setObjectName(QStringLiteral("preparedAhead"));
    m_preparedAhead->setToolTip(tr("The picture was encoded while you typed the question, so the answer did not "
                                   "wait for it."));
    layout->addWidget(m_preparedAhead, totalRow + 1, 0, 1, 4);
    layout->setRowStretch(totalRow + 2, 1);

    refresh();
}

void LatencyPanel::setTimings(const inference::StageTimings &timings)
{
    m_timings = timings;
    m_running.reset();
    m_inProgress = false;
    refresh();
}

void LatencyPanel::setStageRunning(inference::Stage stage)
{
    m_running = stage;
    m_inProgress = true;
    refresh();
}

void LatencyPanel::setStageDuration(inference::Stage stage, std::int64_t durationUs)
{
    if (!m_timings)
        m_timings.emplace();
    switch (stage) {
    case Stage::Preprocess: m_timings->preprocessUs = durationUs; break;
    case Stage::Upload: m_timings->uploadUs = durationUs; break;
    case Stage::VisionEncode: m_timings->visionEncodeUs = durationUs; break;
    case Stage::Prefill: m_timings->prefillUs = durationUs; break;
    case Stage::FirstToken: m_timings->firstTokenUs = durationUs; break;
    case Stage::Decode: m_timings->decodeUs = durationUs; break;
    }
    if (m_running == stage)
        m_running.reset();
    m_inProgress = true;
    refresh();
}

void LatencyPanel::stopRunning()
{
    m_running.reset();
    m_inProgress = false;
    refresh();
}

void LatencyPanel::clear()
{
    m_timings.reset();
    m_running.reset();
    m_inProgress = false;
    refresh();
}

bool LatencyPanel::hasTimings() const
{
    return m_timings.has_value();
}

void LatencyPanel::refresh()
{
    m_status->setVisible(!m_timings && !m_running);

    // The bars share one scale; a partial result may not have its total yet.
    std::int64_t scale = m_timings ? m_timings->totalUs : 0;
    for (const Stage stage : inference::kAllStages) {
        if (m_timings)
            scale = std::max(scale, m_timings->durationUs(stage).value_or(0));
    }

    const QLocale locale;
    for (std::size_t i = 0; i < inference::kAllStages.size(); ++i) {
        const Stage stage = inference::kAllStages[i];
        Row &row = m_rows[i];
        // -1: the stage did not run. (A local std::optional here trips GCC 12's
        // -Wmaybe-uninitialized false positive at -O2.)
        const std::int64_t us = m_timings ? m_timings->durationUs(stage).value_or(-1) : -1;

        if (m_running == stage)
            row.value->setText(tr("…"));
        else if (!m_timings || (us < 0 && m_inProgress))
            row.value->clear();
        else
            row.value->setText(us >= 0 ? formatDuration(us) : tr("—"));

        row.bar->setValue(us > 0 && scale > 0 ? int(us * kBarResolution / scale) : 0);

        QString extra;
        if (m_timings && stage == Stage::Prefill && m_timings->prefillTokens > 0) {
            extra = tr("%1 tok").arg(m_timings->prefillTokens);
        } else if (m_timings && stage == Stage::Decode && m_timings->decodeTokens > 0) {
            extra = tr("%1 tok").arg(m_timings->decodeTokens);
            if (const std::optional<double> rate = m_timings->decodeTokensPerSecond())
                extra = tr("%1 tok, %2 tok/s").arg(m_timings->decodeTokens).arg(locale.toString(*rate, 'f', 1));
        }
        row.extra->setText(extra);

        // Only a model server uploads: the row is there while an upload runs or has a time.
        if (stage == Stage::Upload) {
            const bool shown = m_running == stage || us >= 0;
            for (QWidget *widget : {static_cast<QWidget *>(row.name), static_cast<QWidget *>(row.value),
                                    static_cast<QWidget *>(row.bar), static_cast<QWidget *>(row.extra)})
                widget->setVisible(shown);
        }
    }

    m_totalValue->setText(m_timings && m_timings->totalUs > 0 ? formatDuration(m_timings->totalUs)
                                                              : QString());
    const bool ahead = m_timings && m_timings->preparedAheadUs && *m_timings->preparedAheadUs > 0;
    m_preparedAhead->setVisible(ahead);
    m_preparedAhead->setText(ahead ? tr("Encoded while you typed: %1").arg(formatDuration(*m_timings->preparedAheadUs))
                                   : QString());
    m_peakMemory->setText(m_timings && m_timings->peakRssBytes > 0
            ? tr("peak memory %1 MiB")
                  .arg(locale.toString(double(m_timings->peakRssBytes) / (1024.0 * 1024.0), 'f', 0))
            : QString());
}

} // namespace camchat::ui
