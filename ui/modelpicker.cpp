#include "modelpicker.h"

#include "downloadtext.h"

#include "session/modelcatalog.h"
#include "session/modeldownloads.h"

#include <QDir>
#include <QStandardItemModel>

namespace camchat::ui {

namespace {

// What an entry does when picked (Qt::UserRole holds the profile id).
constexpr int kKindRole = Qt::UserRole + 1;
enum class EntryKind { Model, Download, Manage };

} // namespace

ModelPicker::ModelPicker(session::ModelCatalog *models, QWidget *parent)
    : QComboBox(parent)
    , m_models(models)
{
    setObjectName(QStringLiteral("modelPicker"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setMinimumContentsLength(12);
    setFocusPolicy(Qt::TabFocus);
    connect(this, &QComboBox::activated, this, &ModelPicker::choose);
    connect(this, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0 && itemData(index, kKindRole).isNull())
            m_selected = itemData(index).toString();
    });
}

void ModelPicker::setDownloads(session::ModelDownloads *downloads)
{
    m_downloads = downloads;
    connect(downloads, &session::ModelDownloads::started, this, &ModelPicker::refill);
    connect(downloads, &session::ModelDownloads::cancelled, this, &ModelPicker::refill);
    connect(downloads, &session::ModelDownloads::failed, this, &ModelPicker::refill);
    // finished: the window reloads the catalogue and refills.
}

void ModelPicker::refill()
{
    const bool modelShown = currentIndex() >= 0 && itemData(currentIndex(), kKindRole).isNull();
    const QString chosen = modelShown ? currentData().toString() : session::ModelCatalog::rememberedId();
    clear();
    const QString userDir = QDir::toNativeSeparators(inference::ModelProfiles::userProfileDir());
    auto *items = qobject_cast<QStandardItemModel *>(model());
    const QList<session::ModelEntry> entries = m_models->entries();
    for (const session::ModelEntry &entry : entries) {
        const inference::ModelProfile &profile = entry.profile;
        if (entry.isReady()) {
            addItem(profile.name, profile.id);
            const QString backend = inference::backendName(profile.backend);
            setItemData(count() - 1, tr("%1 on the %2 backend").arg(profile.name, backend), Qt::ToolTipRole);
            continue;
        }
        if (entry.downloadable) {
            const bool active = m_downloads && m_downloads->isActive(profile.id);
            addItem(active ? tr("%1 (downloading…)").arg(profile.name)
                           : tr("%1 — download %2").arg(profile.name, sizeText(entry.downloadBytes)),
                    profile.id);
            setItemData(count() - 1, int(EntryKind::Download), kKindRole);
            setItemData(count() - 1,
                        active ? tr("Being downloaded; it can be chosen once it has been checked.")
                               : tr("Downloads the model files into %1 and checks them.").arg(userDir),
                        Qt::ToolTipRole);
            if (active && items && items->item(count() - 1))
                items->item(count() - 1)->setEnabled(false);
            continue;
        }
        addItem(tr("%1 (files missing)").arg(profile.name), profile.id);
        const int row = count() - 1;
        QStringList names;
        for (const QString &path : entry.missingFiles)
            names << QDir::toNativeSeparators(path);
        setItemData(row,
                    tr("Missing: %1\nPut the model files in %2, or add a profile there that says where they are.")
                        .arg(names.join(QStringLiteral(", ")), userDir),
                    Qt::ToolTipRole);
        if (items && items->item(row))
            items->item(row)->setEnabled(false);
    }
    if (m_downloads) {
        insertSeparator(count());
        addItem(tr("Manage models…"));
        setItemData(count() - 1, int(EntryKind::Manage), kKindRole);
    }

    setPlaceholderText(entries.isEmpty() ? tr("No models") : tr("Choose a model"));
    setToolTip(tr("The vision-language model that answers. Model files and your own "
                  "profiles go in %1.").arg(userDir));
    setCurrentIndex(-1);
    m_selected.clear();

    const int index = findData(chosen);
    if (index >= 0 && itemData(index, kKindRole).isNull() && (items == nullptr || items->item(index)->isEnabled())) {
        setCurrentIndex(index);
        m_selected = chosen;
        if (!m_models->isCurrent(chosen))
            Q_EMIT loadRequested(m_models->entry(chosen)->profile);
    }
}

void ModelPicker::choose(int index)
{
    const QString id = itemData(index).toString();
    const QVariant kind = itemData(index, kKindRole);
    if (!kind.isNull()) {
        // Not a model to switch to: the picker goes back to the one in use.
        setCurrentIndex(m_selected.isEmpty() ? -1 : findData(m_selected));
        if (EntryKind(kind.toInt()) == EntryKind::Download)
            Q_EMIT downloadRequested(id);
        else
            Q_EMIT manageRequested();
        return;
    }
    if (!m_models->choose(id))
        return;
    m_selected = id;
    if (!m_models->isCurrent(id))
        Q_EMIT loadRequested(m_models->entry(id)->profile);
}

} // namespace camchat::ui
