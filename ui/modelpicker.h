#pragma once

#include "inference/modelprofile.h"

#include <QComboBox>
#include <QString>

namespace camchat::session {
class ModelCatalog;
}

namespace camchat::ui {

// The model picker next to the Ask button, a view of the ModelCatalog: every profile,
// the ready ones selectable and the others greyed out with what is missing. Picking one
// remembers it (ModelCatalog::choose()) and asks for it to be loaded. GUI thread.
class ModelPicker : public QComboBox
{
    Q_OBJECT

public:
    explicit ModelPicker(session::ModelCatalog *models, QWidget *parent = nullptr);

    // Lists the catalogue's profiles again and selects the current or remembered choice;
    // loadRequested() follows when that one is neither loaded nor loading.
    void refill();

Q_SIGNALS:
    void loadRequested(const camchat::inference::ModelProfile &profile);

private:
    void choose(int index);

    session::ModelCatalog *m_models = nullptr;
};

} // namespace camchat::ui
