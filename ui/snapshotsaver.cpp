#include "snapshotsaver.h"

#include "errortext.h"
#include "savefiledialog.h"

#include "capture/jpegcodec.h"
#include "capture/snapshotwriter.h"
#include "session/usersettings.h"

#include <QDateTime>
#include <QDir>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace camchat::ui {

SnapshotSaver::SnapshotSaver(QObject *parent)
    : QObject(parent)
{
}

QString SnapshotSaver::askForPath(QWidget *parent, const QString &directory)
{
    const bool png = session::snapshotOptionsFromSettings().format == capture::SnapshotFormat::Png;
    const QString jpegFilter = tr("JPEG image (*.jpg *.jpeg)");
    const QString pngFilter = tr("PNG image (*.png)");
    QString selected = png ? pngFilter : jpegFilter;
    const QString name = QStringLiteral("camchat-%1.%2")
                             .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")),
                                  png ? QStringLiteral("png") : QStringLiteral("jpg"));
    // The dialog adds the filter's suffix to a bare name before it checks for an existing file.
    return askSaveFileName(parent, tr("Save Snapshot"), QDir(directory).filePath(name), {jpegFilter, pngFilter},
                           &selected);
}

bool SnapshotSaver::save(const capture::Frame &frame, const QString &path, bool overwrite)
{
    if (!frame.isValid() || m_saving)
        return false;
    capture::SnapshotOptions options = session::snapshotOptionsFromSettings();
    // The name the user typed decides the format; the setting only chose the default.
    options.format = capture::SnapshotWriter::formatForPath(path);
    options.overwrite = overwrite;
    setSaving(true);

    auto *watcher = new QFutureWatcher<capture::SaveError>(this);
    connect(watcher, &QFutureWatcher<capture::SaveError>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        setSaving(false);
        const capture::SaveError error = watcher->result();
        if (error) {
            Q_EMIT failed(tr("The snapshot was not saved. %1").arg(describeSaveError(error)), error.detail);
            return;
        }
        Q_EMIT saved(path);
    });
    watcher->setFuture(QtConcurrent::run([frame, path, options] {
        return capture::SnapshotWriter::save(capture::fullResolutionFrame(frame), path, options);
    }));
    return true;
}

void SnapshotSaver::setSaving(bool saving)
{
    m_saving = saving;
    Q_EMIT savingChanged(saving);
}

} // namespace camchat::ui
