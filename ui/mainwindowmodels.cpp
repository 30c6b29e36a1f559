// MainWindow: the models' side of the window — downloads, Manage models, the first-run
// banner and the model folder watch.

#include "mainwindow.h"

#include "errorbar.h"
#include "errortext.h"
#include "firstrunbanner.h"
#include "kioskmode.h"
#include "kioskwindow.h"
#include "mainwindowactions.h"
#include "modelpicker.h"
#include "modelsdialog.h"
#include "promptarea.h"
#include "statuspanel.h"

#include "inference/rk/systemcheck.h"
#include "session/firstrun.h"
#include "session/modelcatalog.h"
#include "session/modeldownloads.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QStatusBar>
#include <QTimer>

namespace camchat::ui {

namespace {

constexpr int kStatusTimeoutMs = 6000;
// Files arriving in the model folder come in bursts (a copy, a rename): one look after it.
constexpr int kFolderSettleMs = 1000;

} // namespace

void MainWindow::connectDownloads()
{
    ModelPicker *picker = m_promptArea->modelPicker();
    picker->setDownloads(m_downloads);
    m_status->setDownloads(m_downloads);
    connect(picker, &ModelPicker::downloadRequested, m_downloads, &session::ModelDownloads::start);
    connect(picker, &ModelPicker::manageRequested, this, [this] { showModelsDialog(); });
    connect(m_firstRun, &FirstRunBanner::manageRequested, this,
            [this] { showModelsDialog(m_firstRun->offeredId()); });
    connect(m_actions->manageModels, &QAction::triggered, this, [this] { showModelsDialog(); });
    connect(m_actions->reloadModels, &QAction::triggered, this, &MainWindow::reloadModelList);

    connect(m_downloads, &session::ModelDownloads::finished, this, &MainWindow::onDownloadFinished);
    connect(m_downloads, &session::ModelDownloads::failed, this,
            [this](const QString &id, const inference::InferenceError &error) {
                // The banner tells about its own model; the dialog, when open, about its rows.
                if ((m_firstRun->isVisible() && id == m_firstRun->offeredId())
                    || (m_modelsDialog && m_modelsDialog->isVisible()))
                    return;
                const std::optional<session::ModelEntry> entry = m_models->entry(id);
                m_errorBar->showError(tr("%1 could not be downloaded: %2")
                                          .arg(entry ? entry->profile.name : id, describeInferenceError(error)),
                                      error.detail);
            });
    connect(m_models, &session::ModelCatalog::profilesChanged, this, [this] {
        if (m_kiosk->isActive())
            m_kiosk->window()->setModelHint(KioskMode::noModelHint(*m_models));
    });

    // Model files put in place by hand or by `camchat models pull` in a terminal show up
    // without a restart (and a kiosk waiting for a model starts captioning).
    const QString folder = inference::ModelProfiles::userProfileDir();
    QDir().mkpath(folder);
    auto *watch = new QFileSystemWatcher(QStringList{folder}, this);
    auto *settle = new QTimer(this);
    settle->setSingleShot(true);
    settle->setInterval(kFolderSettleMs);
    connect(watch, &QFileSystemWatcher::directoryChanged, settle, qOverload<>(&QTimer::start));
    connect(settle, &QTimer::timeout, this, [this] {
        // A download of ours reloads the list itself when it is done.
        if (m_downloads->activeIds().isEmpty())
            reloadModelList();
    });

    offerNpuFiles();
}

void MainWindow::onDownloadFinished(const QString &id)
{
    const std::optional<session::ModelEntry> entry = m_models->entry(id);
    statusBar()->showMessage(tr("%1 is downloaded and checked.").arg(entry ? entry->profile.name : id),
                             kStatusTimeoutMs);
    // Nothing to answer with yet: the new model is the one (the picker loads it).
    if (!m_models->loadedProfile() && !m_models->isLoading())
        m_models->choose(id);
    reloadModelList();
}

void MainWindow::offerNpuFiles()
{
    const inference::SystemCheck check;
    if (!check.hasNpuSoc())
        return;
    const QList<inference::CheckItem> items = check.run();
    if (items.isEmpty() || items.last().value != QLatin1String("available"))
        return;
    // The NPU profile of the offered CPU model's family, else the first NPU one.
    const std::optional<session::ModelEntry> offer = session::firstRunChoice(m_models->entries());
    std::optional<session::ModelEntry> npu;
    for (const session::ModelEntry &entry : m_models->entries()) {
        if (entry.profile.backend != inference::BackendKind::Rk || entry.isReady())
            continue;
        if (!npu || (offer && entry.profile.family == offer->profile.family && npu->profile.family != offer->profile.family))
            npu = entry;
    }
    if (!npu)
        return;
    QStringList names;
    for (const QString &path : npu->missingFiles)
        names << QFileInfo(path).fileName();
    m_firstRun->setNpuFiles(names, QFileInfo(npu->missingFiles.first()).absolutePath());
}

ModelsDialog *MainWindow::showModelsDialog(const QString &id)
{
    if (!m_modelsDialog)
        m_modelsDialog = new ModelsDialog(m_models, m_downloads, this);
    if (!id.isEmpty())
        m_modelsDialog->select(id);
    m_modelsDialog->show();
    m_modelsDialog->raise();
    m_modelsDialog->activateWindow();
    return m_modelsDialog;
}

} // namespace camchat::ui
