#include "firstrunbanner.h"

#include "downloadtext.h"
#include "errortext.h"

#include "session/firstrun.h"
#include "session/modelcatalog.h"
#include "session/modeldownloads.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace camchat::ui {

FirstRunBanner::FirstRunBanner(session::ModelCatalog *models, session::ModelDownloads *downloads, QWidget *parent)
    : QFrame(parent)
    , m_models(models)
    , m_downloads(downloads)
{
    setObjectName(QStringLiteral("firstRunBanner"));
    setStyleSheet(QStringLiteral(
        "#firstRunBanner { background: #e8f1fb; border-bottom: 1px solid #9dbce0; }"
        "#firstRunBanner QLabel { color: #12304f; background: transparent; }"));

    const auto label = [this](const char *name) {
        auto *text = new QLabel(this);
        text->setObjectName(QLatin1String(name));
        text->setWordWrap(true);
        text->setTextFormat(Qt::PlainText);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        return text;
    };
    m_message = label("firstRunMessage");
    m_npuHint = label("firstRunNpuHint");
    m_progressText = label("firstRunProgress");

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("firstRunProgressBar"));
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(fontMetrics().height() / 2 + 4);

    m_download = new QPushButton(tr("Download"), this);
    m_download->setObjectName(QStringLiteral("firstRunDownload"));
    m_download->setDefault(true);
    connect(m_download, &QPushButton::clicked, this, &FirstRunBanner::download);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("firstRunCancel"));
    m_cancel->setToolTip(tr("Stops the download; what has arrived is kept, and Download resumes it."));
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_downloads->cancel(m_offeredId); });
    m_manage = new QPushButton(tr("Manage models…"), this);
    m_manage->setObjectName(QStringLiteral("firstRunManage"));
    connect(m_manage, &QPushButton::clicked, this, &FirstRunBanner::manageRequested);

    auto *texts = new QVBoxLayout;
    texts->setSpacing(4);
    texts->addWidget(m_message);
    texts->addWidget(m_progress);
    texts->addWidget(m_progressText);
    texts->addWidget(m_npuHint);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addLayout(texts, 1);
    layout->addWidget(m_download, 0, Qt::AlignTop);
    layout->addWidget(m_cancel, 0, Qt::AlignTop);
    layout->addWidget(m_manage, 0, Qt::AlignTop);

    connect(m_models, &session::ModelCatalog::profilesChanged, this, &FirstRunBanner::refresh);
    connect(m_downloads, &session::ModelDownloads::started, this, &FirstRunBanner::refresh);
    connect(m_downloads, &session::ModelDownloads::progressChanged, this, [this](const QString &id) {
        if (id == m_offeredId)
            refresh();
    });
    connect(m_downloads, &session::ModelDownloads::finished, this, &FirstRunBanner::refresh);
    connect(m_downloads, &session::ModelDownloads::cancelled, this, &FirstRunBanner::refresh);
    connect(m_downloads, &session::ModelDownloads::failed, this, &FirstRunBanner::onFailed);

    setVisible(false);
}

void FirstRunBanner::setNpuFiles(const QStringList &fileNames, const QString &folder)
{
    m_npuFiles = fileNames;
    m_npuFolder = folder;
    refresh();
}

void FirstRunBanner::refresh()
{
    const std::optional<session::ModelEntry> offer = session::firstRunChoice(m_models->entries());
    const bool active = offer && m_downloads->isActive(offer->profile.id);
    // Once some model is ready there is nothing to offer; a download of the offer that is
    // still running (the user started a second model meanwhile) stays in the Manage dialog.
    if (!offer || (m_models->anyReady() && !active)) {
        m_offeredId.clear();
        setVisible(false);
        return;
    }
    m_offeredId = offer->profile.id;
    const QString name = offer->profile.name;

    m_progress->setVisible(active);
    m_progressText->setVisible(active);
    m_cancel->setVisible(active);
    m_download->setVisible(!active);
    if (active) {
        m_failure.clear();
        m_message->setText(tr("Downloading %1 — it loads as soon as it has been checked.").arg(name));
        const std::optional<session::DownloadProgress> progress = m_downloads->progress(m_offeredId);
        const session::DownloadProgress shown = progress.value_or(session::DownloadProgress{});
        const int permille = progressPermille(shown);
        m_progress->setRange(0, permille < 0 ? 0 : 1000); // unknown total: busy
        if (permille >= 0)
            m_progress->setValue(permille);
        m_progressText->setText(progressText(shown));
    } else {
        const bool partial = offer->partiallyDownloaded();
        m_download->setText(partial ? tr("Resume download") : tr("Download"));
        if (!m_failure.isEmpty())
            m_message->setText(tr("The download of %1 stopped: %2").arg(name, m_failure));
        else
            m_message->setText(tr("camchat needs a vision model to answer. Download %1 (%2)?")
                                   .arg(name, sizeText(offer->totalBytes)));
    }

    m_npuHint->setVisible(!m_npuFiles.isEmpty());
    if (!m_npuFiles.isEmpty()) {
        m_npuHint->setText(tr("This board's NPU answers faster: put %1 in %2 and choose the NPU model. "
                              "The CPU model works meanwhile.")
                               .arg(m_npuFiles.join(QStringLiteral(", ")), QDir::toNativeSeparators(m_npuFolder)));
    }
    setVisible(true);
}

void FirstRunBanner::download()
{
    if (m_offeredId.isEmpty())
        return;
    m_failure.clear();
    m_downloads->start(m_offeredId);
    refresh();
}

void FirstRunBanner::onFailed(const QString &id, const inference::InferenceError &error)
{
    if (id != m_offeredId)
        return;
    m_failure = describeInferenceError(error);
    refresh();
}

} // namespace camchat::ui
