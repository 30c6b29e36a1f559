#pragma once

#include "inference/modelprofile.h"

#include <QComboBox>
#include <QString>

namespace camchat::session {
class ModelCatalog;
class ModelDownloads;
}

namespace camchat::ui {

// The model picker next to the Ask button, a view of the ModelCatalog: every profile,
// the ready ones selectable; one whose files can be downloaded offers that with its size
// (picking it asks for the download); the others greyed out with what is missing. The
// last entry opens Manage models. Picking a ready one remembers it (ModelCatalog::choose())
// and asks for it to be loaded. GUI thread.
class ModelPicker : public QComboBox
{
    Q_OBJECT

public:
    explicit ModelPicker(session::ModelCatalog *models, QWidget *parent = nullptr);
    // Download entries show whether a download runs; refill() follows its starts and ends.
    void setDownloads(session::ModelDownloads *downloads);

    // Lists the catalogue's profiles again and selects the current or remembered choice;
    // loadRequested() follows when that one is neither loaded nor loading.
    void refill();

Q_SIGNALS:
    void loadRequested(const camchat::inference::ModelProfile &profile);
    void downloadRequested(const QString &profileId);
    void manageRequested();

private:
    void choose(int index);

    session::ModelCatalog *m_models = nullptr;
    session::ModelDownloads *m_downloads = nullptr;
    QString m_selected; // the profile shown while not choosing (a download entry returns to it)
};

} // namespace camchat::ui
