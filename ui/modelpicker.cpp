#include "modelpicker.h"

#include "session/modelcatalog.h"

#include <QDir>
#include <QStandardItemModel>

namespace camchat::ui {

ModelPicker::ModelPicker(session::ModelCatalog *models, QWidget *parent)
    : QComboBox(parent)
    , m_models(models)
{
    setObjectName(QStringLiteral("modelPicker"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setMinimumContentsLength(12);
    setFocusPolicy(Qt::TabFocus);
    connect(this, &QComboBox::activated, this, &ModelPicker::choose);
}

void ModelPicker::refill()
{
    const QString chosen = currentIndex() >= 0 ? currentData().toString() : session::ModelCatalog::rememberedId();
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

    setPlaceholderText(entries.isEmpty() ? tr("No models") : tr("Choose a model"));
    setToolTip(tr("The vision-language model that answers. Model files and your own "
                  "profiles go in %1.").arg(userDir));
    setCurrentIndex(-1);

    const int index = findData(chosen);
    if (index >= 0 && (items == nullptr || items->item(index)->isEnabled())) {
        setCurrentIndex(index);
        if (!m_models->isCurrent(chosen))
            Q_EMIT loadRequested(m_models->entry(chosen)->profile);
    }
}

void ModelPicker::choose(int index)
{
    const QString id = itemData(index).toString();
    if (!m_models->choose(id))
        return;
    if (!m_models->isCurrent(id))
        Q_EMIT loadRequested(m_models->entry(id)->profile);
}

} // namespace camchat::ui
