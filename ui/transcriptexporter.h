#pragma once

#include "capture/frame.h"
#include "capture/snapshotwriter.h"

#include <QList>
#include <QObject>
#include <QString>

class QWidget;

namespace camchat::ui {

class ChatView;

// Writes a conversation as Markdown, with each picture asked about next to it
// ("<name>-1.jpg", ...; a picture asked about again links to the same file), in the
// background. A picture never replaces a file: a name that is taken, also one taken while
// saving, is skipped for the next number. The .md replaces an existing file only with
// ReplaceMarkdown. GUI thread; the files are written on a pool thread.
class TranscriptExporter : public QObject
{
    Q_OBJECT

public:
    // Whether an existing file at the transcript's own path may be replaced (the file
    // dialog asked the user). Pictures never replace a file.
    enum MarkdownPolicy { KeepExistingMarkdown, ReplaceMarkdown };

    explicit TranscriptExporter(QObject *parent = nullptr);

    // Asks where to save a transcript, starting in `directory` with a time-stamped name;
    // an empty string when cancelled.
    static QString askForPath(QWidget *parent, const QString &directory);

    // Starts writing `chat` to `path`; `images` are the pictures of the user turns that
    // carried one, in order; `modelName` (may be empty) goes under the title. Nothing
    // happens for an empty conversation or while another transcript is being written.
    // saved() or failed() follows.
    bool save(const QString &path, const ChatView &chat, const QList<capture::Frame> &images,
              const QString &modelName, capture::SnapshotOptions options,
              MarkdownPolicy markdownPolicy = KeepExistingMarkdown);
    bool isSaving() const { return m_saving; }

Q_SIGNALS:
    void savingChanged(bool saving);
    void saved(const QString &path);
    void failed(const QString &message, const QString &detail);

private:
    bool m_saving = false;
};

} // namespace camchat::ui
