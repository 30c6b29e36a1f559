#include "statuspanel.h"

#include "downloadtext.h"

#include "session/modelcatalog.h"
#include "session/modeldownloads.h"

#include <QDir>
#include <QLabel>
#include <QProgressBar>
#include <QStatusBar>

#include <utility>

namespace camchat::ui {

StatusPanel::StatusPanel(QStatusBar *bar, session::ModelCatalog *models)
    : QObject(bar)
    , m_models(models)
{
    m_imageInfo = new QLabel(bar);
    m_imageInfo->setObjectName(QStringLiteral("imageInfo"));
    m_imageInfo->setContentsMargins(6, 0, 0, 0);
    bar->addWidget(m_imageInfo, 1);

    // Model downloads (setDownloads()) first, so the bar reads "downloading … · no model".
    m_downloadState = new QLabel(bar);
    m_downloadState->setObjectName(QStringLiteral("downloadState"));
    m_downloadState->setVisible(false);
    bar->addPermanentWidget(m_downloadState);
    m_downloadProgress = new QProgressBar(bar);
    m_downloadProgress->setObjectName(QStringLiteral("downloadProgress"));
    m_downloadProgress->setRange(0, 1000);
    m_downloadProgress->setTextVisible(false);
    m_downloadProgress->setVisible(false);
    bar->addPermanentWidget(m_downloadProgress);

    m_loadProgress = new QProgressBar(bar);
    m_loadProgress->setObjectName(QStringLiteral("modelLoadProgress"));
    m_loadProgress->setRange(0, 1000);
    m_loadProgress->setTextVisible(false);
    const QFontMetrics metrics = bar->window()->fontMetrics(); // the window's font, as elsewhere
    m_loadProgress->setMaximumWidth(metrics.horizontalAdvance(QLatin1Char('x')) * 16);
    m_loadProgress->setMaximumHeight(metrics.height());
    m_loadProgress->setVisible(false);
    bar->addPermanentWidget(m_loadProgress);
    m_downloadProgress->setMaximumSize(m_loadProgress->maximumSize());
    connect(m_models, &session::ModelCatalog::loadStarted, this, [this] {
        m_loadProgress->setValue(0);
        m_loadProgress->setVisible(true);
        showModelState();
    });
    connect(m_models, &session::ModelCatalog::loadProgress, this, [this](float fraction) {
        m_loadProgress->setValue(int(fraction * float(m_loadProgress->maximum())));
    });
    connect(m_models, &session::ModelCatalog::modelReady, this, &StatusPanel::onLoadEnded);
    connect(m_models, &session::ModelCatalog::loadFailed, this, &StatusPanel::onLoadEnded);

    m_modelState = new QLabel(tr("No model configured"), bar);
    m_modelState->setObjectName(QStringLiteral("modelState"));
    m_modelState->setContentsMargins(0, 0, 6, 0);
    m_modelState->setToolTip(tr("camchat answers questions once a vision-language model is set up."));
    bar->addPermanentWidget(m_modelState);
}

void StatusPanel::showLive(const QString &name, const capture::SourceFormat &format, const capture::Frame &snap)
{
    QString text = format.pixelFormat.isEmpty()
        ? tr("Live: %1").arg(name)
        : tr("Live: %1 · %2 × %3 %4").arg(name).arg(format.width).arg(format.height).arg(format.pixelFormat);
    if (snap.isValid())
        text += QStringLiteral(" · ") + tr("snapshot %1 × %2 px").arg(snap.width()).arg(snap.height());
    m_imageInfo->setText(text);
}

void StatusPanel::showImage(const capture::Frame &image)
{
    if (!image.isValid())
        m_imageInfo->setText(tr("No image"));
    else
        m_imageInfo->setText(tr("%1 × %2 px · %3").arg(image.width()).arg(image.height()).arg(image.sourceName()));
}

void StatusPanel::showModelState()
{
    const std::optional<inference::ModelProfile> loaded = m_models->loadedProfile();
    if (m_models->isLoading()) {
        m_modelState->setText(tr("Loading %1…").arg(m_models->requestedProfile().name));
        m_modelState->setToolTip(m_models->requestedProfile().sourcePath);
    } else if (loaded) {
        m_modelState->setText(tr("%1 · %2").arg(inference::backendName(loaded->backend), loaded->name));
        QStringList files;
        for (const inference::ModelFile &file : std::as_const(loaded->files))
            files << QStringLiteral("%1: %2").arg(file.role, QDir::toNativeSeparators(file.path));
        m_modelState->setToolTip(files.join(QLatin1Char('\n')));
    } else if (m_models->anyReady()) {
        m_modelState->setText(tr("No model loaded"));
        m_modelState->setToolTip(tr("Choose a model next to the Ask button."));
    } else {
        m_modelState->setText(tr("No model configured"));
        m_modelState->setToolTip(tr("camchat answers questions once a vision-language model is set up."));
    }
}

void StatusPanel::onLoadEnded()
{
    m_loadProgress->setVisible(false);
    showModelState();
}


void StatusPanel::setDownloads(session::ModelDownloads *downloads)
{
    m_downloads = downloads;
    for (auto signal : {&session::ModelDownloads::started, &session::ModelDownloads::progressChanged,
                        &session::ModelDownloads::finished, &session::ModelDownloads::cancelled})
        connect(downloads, signal, this, &StatusPanel::showDownloads);
    connect(downloads, &session::ModelDownloads::failed, this, &StatusPanel::showDownloads);
}

void StatusPanel::showDownloads()
{
    const QStringList active = m_downloads->activeIds();
    const bool any = !active.isEmpty();
    m_downloadState->setVisible(any);
    m_downloadProgress->setVisible(any);
    if (!any)
        return;
    const session::DownloadProgress overall = m_downloads->overall();
    const QString what = active.size() == 1 && m_models->entry(active.first())
        ? m_models->entry(active.first())->profile.name
        : tr("%n models", nullptr, int(active.size()));
    m_downloadState->setText(tr("Downloading %1: %2").arg(what, progressText(overall)));
    const int permille = progressPermille(overall);
    m_downloadProgress->setRange(0, permille < 0 ? 0 : 1000);
    if (permille >= 0)
        m_downloadProgress->setValue(permille);
}

} // namespace camchat::ui
