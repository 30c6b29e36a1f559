#include "modelsdialog.h"

#include "downloadtext.h"
#include "errortext.h"

#include "session/modelcatalog.h"
#include "session/modeldownloads.h"

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace camchat::ui {

namespace {

enum Column { NameColumn, BackendColumn, SizeColumn, StateColumn, ColumnCount };
constexpr int kIdRole = Qt::UserRole;

} // namespace

ModelsDialog::ModelsDialog(session::ModelCatalog *models, session::ModelDownloads *downloads, QWidget *parent)
    : QDialog(parent)
    , m_models(models)
    , m_downloads(downloads)
{
    setObjectName(QStringLiteral("modelsDialog"));
    setWindowTitle(tr("Models"));

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("modelsList"));
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Model"), tr("Backend"), tr("Size"), tr("State")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->header()->setStretchLastSection(true);
    m_list->header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(BackendColumn, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(SizeColumn, QHeaderView::ResizeToContents);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &ModelsDialog::updateButtons);

    const auto button = [this](const QString &text, const char *name) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(QLatin1String(name));
        b->setAutoDefault(false);
        return b;
    };
    m_download = button(tr("Download"), "modelsDownload");
    m_cancel = button(tr("Cancel download"), "modelsCancel");
    m_remove = button(tr("Remove…"), "modelsRemove");
    m_openFolder = button(tr("Open folder"), "modelsOpenFolder");
    connect(m_download, &QPushButton::clicked, this, [this] {
        const QString id = selectedId();
        m_failures.remove(id);
        m_downloads->start(id);
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_downloads->cancel(selectedId()); });
    connect(m_remove, &QPushButton::clicked, this, &ModelsDialog::removeSelected);
    connect(m_openFolder, &QPushButton::clicked, this, &ModelsDialog::openFolder);

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_download);
    actions->addWidget(m_cancel);
    actions->addWidget(m_remove);
    actions->addStretch(1);
    actions->addWidget(m_openFolder);

    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addLayout(actions);
    layout->addWidget(close);
    resize(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 110, fontMetrics().height() * 22);

    m_confirmRemove = [this](const QString &name) {
        return QMessageBox::question(this, tr("Remove model"),
                                     tr("Remove the downloaded files of %1? It must be downloaded again to be used.")
                                         .arg(name))
            == QMessageBox::Yes;
    };

    connect(m_models, &session::ModelCatalog::profilesChanged, this, &ModelsDialog::rebuild);
    connect(m_downloads, &session::ModelDownloads::started, this, &ModelsDialog::updateRow);
    connect(m_downloads, &session::ModelDownloads::progressChanged, this, &ModelsDialog::updateRow);
    connect(m_downloads, &session::ModelDownloads::cancelled, this, &ModelsDialog::updateRow);
    connect(m_downloads, &session::ModelDownloads::finished, this, &ModelsDialog::rebuild);
    connect(m_downloads, &session::ModelDownloads::failed, this,
            [this](const QString &id, const inference::InferenceError &error) {
                m_failures.insert(id, describeInferenceError(error));
                updateRow(id);
            });
    rebuild();
}

void ModelsDialog::setRemoveConfirmation(std::function<bool(const QString &)> confirm)
{
    m_confirmRemove = std::move(confirm);
}

QTreeWidgetItem *ModelsDialog::item(const QString &id) const
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        if (m_list->topLevelItem(i)->data(NameColumn, kIdRole).toString() == id)
            return m_list->topLevelItem(i);
    }
    return nullptr;
}

QString ModelsDialog::selectedId() const
{
    const QList<QTreeWidgetItem *> selected = m_list->selectedItems();
    return selected.isEmpty() ? QString() : selected.first()->data(NameColumn, kIdRole).toString();
}

void ModelsDialog::select(const QString &id)
{
    if (QTreeWidgetItem *row = item(id))
        m_list->setCurrentItem(row);
}

void ModelsDialog::rebuild()
{
    const QString selected = selectedId();
    m_list->clear();
    for (const session::ModelEntry &entry : m_models->entries()) {
        auto *row = new QTreeWidgetItem(m_list);
        row->setData(NameColumn, kIdRole, entry.profile.id);
        row->setText(NameColumn, entry.profile.name);
        row->setToolTip(NameColumn, entry.profile.id);
        row->setText(BackendColumn, inference::backendName(entry.profile.backend));
        row->setText(SizeColumn, entry.profile.files.isEmpty() ? QString() : sizeText(entry.totalBytes));
        row->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
        updateRow(entry.profile.id);
    }
    if (!selected.isEmpty())
        select(selected);
    if (m_list->currentItem() == nullptr && m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    updateButtons();
}

void ModelsDialog::updateRow(const QString &id)
{
    QTreeWidgetItem *row = item(id);
    const std::optional<session::ModelEntry> entry = m_models->entry(id);
    if (row == nullptr || !entry)
        return;

    if (const std::optional<session::DownloadProgress> progress = m_downloads->progress(id);
        progress && m_downloads->isActive(id)) {
        auto *bar = qobject_cast<QProgressBar *>(m_list->itemWidget(row, StateColumn));
        if (bar == nullptr) {
            bar = new QProgressBar;
            bar->setObjectName(QStringLiteral("modelsProgress"));
            m_list->setItemWidget(row, StateColumn, bar);
        }
        const int permille = progressPermille(*progress);
        bar->setRange(0, permille < 0 ? 0 : 1000);
        if (permille >= 0)
            bar->setValue(permille);
        bar->setFormat(progressText(*progress));
        row->setText(StateColumn, bar->format());
        updateButtons();
        return;
    }

    m_list->removeItemWidget(row, StateColumn);
    QString state;
    if (entry->profile.files.isEmpty())
        state = tr("Ready (model server)");
    else if (entry->isReady())
        state = tr("Ready");
    else if (const QString failure = m_failures.value(id); !failure.isEmpty())
        state = tr("Failed: %1").arg(failure);
    else if (!entry->downloadable)
        state = tr("Files missing; no download source");
    else if (entry->partiallyDownloaded())
        state = tr("Partly downloaded: %1 to go").arg(sizeText(entry->downloadBytes));
    else
        state = tr("Not downloaded");
    row->setText(StateColumn, state);
    row->setToolTip(StateColumn, state);
    updateButtons();
}

void ModelsDialog::updateButtons()
{
    const QString id = selectedId();
    const std::optional<session::ModelEntry> entry = id.isEmpty() ? std::nullopt : m_models->entry(id);
    const bool active = entry && m_downloads->isActive(id);
    m_download->setEnabled(entry && entry->downloadable && !entry->isReady() && !active);
    m_download->setText(entry && entry->partiallyDownloaded() ? tr("Resume download") : tr("Download"));
    m_cancel->setEnabled(active);
    m_remove->setEnabled(entry && !active && entry->hasDownloadedFiles());
    m_openFolder->setEnabled(entry && !entry->profile.files.isEmpty());
}

void ModelsDialog::removeSelected()
{
    const QString id = selectedId();
    const std::optional<session::ModelEntry> entry = m_models->entry(id);
    if (!entry || !m_confirmRemove(entry->profile.name))
        return;
    if (const inference::InferenceError error = m_downloads->remove(id)) {
        m_failures.insert(id, describeInferenceError(error));
        updateRow(id);
    }
}

void ModelsDialog::openFolder()
{
    const std::optional<session::ModelEntry> entry = m_models->entry(selectedId());
    if (!entry || entry->profile.files.isEmpty())
        return;
    QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(entry->profile.files.first().path).absolutePath()));
}

} // namespace camchat::ui
