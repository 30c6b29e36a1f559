#pragma once

#include "capture/frame.h"
#include "capture/framesource.h"

#include <QObject>

class QLabel;
class QProgressBar;
class QStatusBar;

namespace camchat::session {
class ModelCatalog;
class ModelDownloads;
}

namespace camchat::ui {

// The main window's status bar, beside its passing messages: what the image or the live
// source is, and the model's state with the progress of a load (a view of the
// ModelCatalog, following its signals). GUI thread.
class StatusPanel : public QObject
{
    Q_OBJECT

public:
    StatusPanel(QStatusBar *bar, session::ModelCatalog *models);

    // A live source `name` in `format` (empty pixel format: not negotiated yet), with the
    // snap asked about, if `snap` is valid.
    void showLive(const QString &name, const capture::SourceFormat &format, const capture::Frame &snap);
    // The still image asked about, or "No image".
    void showImage(const capture::Frame &image);
    // Loading, loaded (backend and name; the files as tool tip), or why there is no model.
    void showModelState();
    // Follows the model downloads: their overall progress while any runs.
    void setDownloads(session::ModelDownloads *downloads);

private:
    void onLoadEnded();
    void showDownloads();

    session::ModelCatalog *m_models = nullptr;
    QLabel *m_imageInfo = nullptr;
    QLabel *m_modelState = nullptr;
    QProgressBar *m_loadProgress = nullptr;
    session::ModelDownloads *m_downloads = nullptr;
    QLabel *m_downloadState = nullptr;
    QProgressBar *m_downloadProgress = nullptr;
};

} // namespace camchat::ui
