#pragma once

#include "inference/inferenceerror.h"

#include <QFrame>
#include <QString>
#include <QStringList>

class QLabel;
class QProgressBar;
class QPushButton;

namespace camchat::session {
class ModelCatalog;
class ModelDownloads;
}

namespace camchat::ui {

// The bar above the main window's picture and conversation while no model is ready: one
// click downloads the first-run model (session::firstRunChoice()), with its progress,
// Cancel, and Resume after a failure. The download itself belongs to ModelDownloads, so
// it goes on whatever happens to the bar; once a model is ready the bar hides, and the
// window loads the model. On a board whose NPU is usable it also names the NPU files to
// put in place (setNpuFiles()). GUI thread.
class FirstRunBanner : public QFrame
{
    Q_OBJECT

public:
    FirstRunBanner(session::ModelCatalog *models, session::ModelDownloads *downloads, QWidget *parent = nullptr);

    // The NPU profiles' missing files and the folder they go in; empty: not an NPU board,
    // or its NPU check fails (the CPU model is then the only offer).
    void setNpuFiles(const QStringList &fileNames, const QString &folder);

    // Shows or hides the bar for the catalogue's current state (called on every change).
    void refresh();
    // The profile the Download button fetches; empty when there is none to offer.
    QString offeredId() const { return m_offeredId; }

Q_SIGNALS:
    void manageRequested();

private:
    void download();
    void onFailed(const QString &id, const inference::InferenceError &error);

    session::ModelCatalog *m_models = nullptr;
    session::ModelDownloads *m_downloads = nullptr;
    QString m_offeredId;
    QString m_failure;
    QStringList m_npuFiles;
    QString m_npuFolder;

    QLabel *m_message = nullptr;
    QLabel *m_npuHint = nullptr;
    QLabel *m_progressText = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_download = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_manage = nullptr;
};

} // namespace camchat::ui
