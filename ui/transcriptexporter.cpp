#include "transcriptexporter.h"

#include "chatview.h"
#include "errortext.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLocale>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <utility>

namespace camchat::ui {

namespace {

// Two frames are the same picture when they share their pixels (Frame is a shared value).
bool samePicture(const capture::Frame &a, const capture::Frame &b)
{
    return a.constBits() == b.constBits() && a.width() == b.width() && a.height() == b.height();
}

// What the background writer reports back; sentences are made on the GUI thread.
struct TranscriptResult {
    capture::SaveError imageError;
    QString imagePath;
    QString markdownError; // QSaveFile's error string
};

} // namespace

TranscriptExporter::TranscriptExporter(QObject *parent)
    : QObject(parent)
{
}

QString TranscriptExporter::askForPath(QWidget *parent, const QString &directory)
{
    const QString name = QStringLiteral("camchat-%1.md")
                             .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    QString path = QFileDialog::getSaveFileName(parent, tr("Save Transcript"), QDir(directory).filePath(name),
                                                tr("Markdown (*.md)"));
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".md");
    return path;
}

bool TranscriptExporter::save(const QString &path, const ChatView &chat, const QList<capture::Frame> &askedImages,
                              const QString &modelName, capture::SnapshotOptions options,
                              MarkdownPolicy markdownPolicy)
{
    if (chat.isEmpty() || m_saving)
        return false;
    options.overwrite = true; // named after the transcript, which the user agreed to replace
    const QString suffix = options.format == capture::SnapshotFormat::Png ? QStringLiteral("png") : QStringLiteral("jpg");
    const QFileInfo info(path);
    const QDir dir = info.absoluteDir();

    // One file per distinct picture; a picture asked about again links to the same file.
    QList<capture::Frame> images;
    QStringList imageNames;
    QStringList links;
    for (const capture::Frame &frame : askedImages) {
        const auto same = std::find_if(images.cbegin(), images.cend(),
                                       [&frame](const capture::Frame &other) { return samePicture(frame, other); });
        if (same != images.cend()) {
            links << imageNames.at(same - images.cbegin());
            continue;
        }
        images.append(frame);
        imageNames << QStringLiteral("%1-%2.%3").arg(info.completeBaseName()).arg(images.size()).arg(suffix);
        links << imageNames.constLast();
    }
    const QString title = QStringLiteral("# ")
        + tr("camchat conversation, %1").arg(QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat));
    QString model;
    if (!modelName.isEmpty())
        model = QLatin1Char('*') + tr("Model: %1").arg(modelName) + QStringLiteral("*\n\n");
    const QByteArray markdown = (title + QStringLiteral("\n\n") + model + chat.toMarkdown(links)).toUtf8();

    m_saving = true;
    Q_EMIT savingChanged(true);

    auto *watcher = new QFutureWatcher<TranscriptResult>(this);
    connect(watcher, &QFutureWatcher<TranscriptResult>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        m_saving = false;
        Q_EMIT savingChanged(false);
        const TranscriptResult result = watcher->result();
        if (result.imageError) {
            Q_EMIT failed(tr("The transcript was not saved: the image %1 could not be written. %2")
                              .arg(QDir::toNativeSeparators(result.imagePath), describeSaveError(result.imageError)),
                          result.imageError.detail);
        } else if (!result.markdownError.isNull()) {
            Q_EMIT failed(tr("The transcript could not be written to %1.").arg(QDir::toNativeSeparators(path)),
                          result.markdownError);
        } else {
            Q_EMIT saved(path);
        }
    });
    watcher->setFuture(QtConcurrent::run([images, imageNames, dir, path, markdown, options] {
        TranscriptResult result;
        for (qsizetype i = 0; i < images.size(); ++i) {
            const QString imagePath = dir.filePath(imageNames.at(i));
            result.imageError = capture::SnapshotWriter::save(images.at(i), imagePath, options);
            if (result.imageError) {
                result.imagePath = imagePath;
                return result;
            }
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(markdown) != markdown.size() || !file.commit())
            result.markdownError = file.errorString().isEmpty() ? QStringLiteral("write failed") : file.errorString();
        return result;
    }));
    return true;
}

} // namespace camchat::ui
