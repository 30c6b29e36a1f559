#pragma once

#include "inference/inferenceerror.h"

#include <QDialog>
#include <QHash>
#include <QString>

#include <functional>

class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace camchat::session {
class ModelCatalog;
class ModelDownloads;
}

namespace camchat::ui {

// Models → Manage models…: every profile with its backend, size and state (ready, not
// downloaded, partly downloaded, downloading with a progress bar, failed), and Download,
// Cancel, Remove and Open folder for the selected one. A view of the ModelCatalog and
// ModelDownloads: closing it leaves downloads running. Not modal. GUI thread.
class ModelsDialog : public QDialog
{
    Q_OBJECT

public:
    ModelsDialog(session::ModelCatalog *models, session::ModelDownloads *downloads, QWidget *parent = nullptr);

    // Selects the row of `id` (no change when it is not listed).
    void select(const QString &id);
    QString selectedId() const;

    // Remove asks first; tests answer for the user (true: remove).
    void setRemoveConfirmation(std::function<bool(const QString &name)> confirm);

private:
    void rebuild();
    void updateRow(const QString &id);
    void updateButtons();
    void removeSelected();
    void openFolder();
    QTreeWidgetItem *item(const QString &id) const;

    session::ModelCatalog *m_models = nullptr;
    session::ModelDownloads *m_downloads = nullptr;
    QHash<QString, QString> m_failures; // profile id -> the last failure, in words
    std::function<bool(const QString &)> m_confirmRemove;

    QTreeWidget *m_list = nullptr;
    QPushButton *m_download = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_openFolder = nullptr;
};

} // namespace camchat::ui
