#pragma once

#include "capture/frame.h"

#include <QObject>
#include <QString>

class QWidget;

namespace camchat::ui {

// Writes the image asked about (or a live frame) to a file in the background: the format
// follows the file name, the JPEG quality the settings. One snapshot at a time. GUI
// thread; the file is written on a pool thread.
class SnapshotSaver : public QObject
{
    Q_OBJECT

public:
    explicit SnapshotSaver(QObject *parent = nullptr);

    // Asks where to save a snapshot, starting in `directory` with a time-stamped name in the
    // format the settings choose; an empty string when cancelled. The dialog has asked
    // before replacing an existing file.
    static QString askForPath(QWidget *parent, const QString &directory);

    // Starts writing `frame` (at full resolution) to `path`; false (and nothing happens)
    // for an invalid frame or while another snapshot is being written. saved() or failed()
    // follows.
    bool save(const capture::Frame &frame, const QString &path, bool overwrite);
    bool isSaving() const { return m_saving; }

Q_SIGNALS:
    void savingChanged(bool saving);
    void saved(const QString &path);
    void failed(const QString &message, const QString &detail);

private:
    void setSaving(bool saving);

    bool m_saving = false;
};

} // namespace camchat::ui
