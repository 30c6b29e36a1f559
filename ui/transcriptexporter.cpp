#include "transcriptexporter.h"

#include "chatview.h"
#include "errortext.h"
#include "savefiledialog.h"

#include "capture/filepublish.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLocale>
#include <QRandomGenerator>
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
    QString markdownError; // the technical error text
    bool markdownExists = false; // a file at the transcript's path was kept
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
    // The dialog adds ".md" to a bare name before it checks for an existing file.
    return askSaveFileName(parent, tr("Save Transcript"), QDir(directory).filePath(name), {tr("Markdown (*.md)")});
}

bool TranscriptExporter::save(const QString &path, const ChatView &chat, const QList<capture::Frame> &askedImages,
                              const QString &modelName, capture::SnapshotOptions options,
                              MarkdownPolicy markdownPolicy)
{
    if (chat.isEmpty() || m_saving)
        return false;
    options.overwrite = false; // a picture never replaces a file: a taken name gets the next number
    const QString suffix = options.format == capture::SnapshotFormat::Png ? QStringLiteral("png") : QStringLiteral("jpg");
    const QFileInfo info(path);
    const QDir dir = info.absoluteDir();
    const QString baseName = info.completeBaseName();

    // One file per distinct picture; a picture asked about again links to the same file.
    // The file names are only known once written (a name may be taken, even while the
    // transcript is being saved), so the Markdown carries placeholders until then.
    const QString nonce = QString::number(QRandomGenerator::global()->generate64(), 16);
    QList<capture::Frame> images;
    QStringList placeholders;
    QStringList links;
    for (const capture::Frame &frame : askedImages) {
        const auto same = std::find_if(images.cbegin(), images.cend(),
                                       [&frame](const capture::Frame &other) { return samePicture(frame, other); });
        if (same != images.cend()) {
            links << placeholders.at(same - images.cbegin());
            continue;
        }
        images.append(frame);
        placeholders << QStringLiteral("camchat-image-%1-%2").arg(nonce).arg(images.size());
        links << placeholders.constLast();
    }
    const QString title = QStringLiteral("# ")
        + tr("camchat conversation, %1").arg(QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat));
    QString model;
    if (!modelName.isEmpty())
        model = QLatin1Char('*') + tr("Model: %1").arg(modelName) + QStringLiteral("*\n\n");
    const QString markdownTemplate = title + QStringLiteral("\n\n") + model + chat.toMarkdown(links);
    const bool replaceMarkdown = markdownPolicy == ReplaceMarkdown;

    m_saving = true;
    Q_EMIT savingChanged(true);

    auto *watcher = new QFutureWatcher<TranscriptResult>(this);
    connect(watcher, &QFutureWatcher<TranscriptResult>::finished, this, [this, watcher, path] {
        watcher->deleteLater();
        m_saving = false;
        Q_EMIT savingChanged(false);
        const TranscriptResult result = watcher->result();
        if (result.markdownExists) {
            Q_EMIT failed(tr("The transcript was not saved: %1 already exists and was left as it was.")
                              .arg(QDir::toNativeSeparators(path)),
                          result.markdownError);
        } else if (result.imageError) {
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
    watcher->setFuture(QtConcurrent::run([images, placeholders, dir, baseName, suffix, path, markdownTemplate, options,
                                          replaceMarkdown] {
        TranscriptResult result;
        // Checked first so no picture is written for a transcript that cannot be.
        const QFileInfo target(path);
        if (!replaceMarkdown && (target.exists() || target.isSymLink())) {
            result.markdownExists = true;
            result.markdownError = path;
            return result;
        }
        QStringList written;
        const auto dropWritten = [&written] {
            for (const QString &file : std::as_const(written))
                QFile::remove(file);
        };
        QString markdown = markdownTemplate;
        int number = 1;
        for (qsizetype i = 0; i < images.size(); ++i) {
            // A name that is taken, before or while writing, is skipped, never replaced.
            constexpr int kMaxAttempts = 10000;
            for (int attempt = 0;; ++attempt, ++number) {
                const QString name = QStringLiteral("%1-%2.%3").arg(baseName, QString::number(number), suffix);
                const QString imagePath = dir.filePath(name);
                const QFileInfo existing(imagePath);
                if ((existing.exists() || existing.isSymLink()) && attempt < kMaxAttempts)
                    continue;
                result.imageError = capture::SnapshotWriter::save(images.at(i), imagePath, options);
                if (result.imageError.code == capture::SaveErrorCode::AlreadyExists && attempt < kMaxAttempts)
                    continue;
                if (result.imageError) {
                    result.imagePath = imagePath;
                    dropWritten();
                    return result;
                }
                written << imagePath;
                markdown.replace(QStringLiteral("](%1)").arg(placeholders.at(i)),
                                 QStringLiteral("](%1)").arg(markdownLinkTarget(name)));
                ++number;
                break;
            }
        }
        const QByteArray bytes = markdown.toUtf8();
        if (replaceMarkdown) {
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
                result.markdownError = file.errorString().isEmpty() ? QStringLiteral("write failed") : file.errorString();
        } else {
            const capture::NewFileResult published = capture::writeNewFile(path, bytes);
            if (published) {
                result.markdownExists = published.code == capture::NewFileError::AlreadyExists;
                result.markdownError = published.detail;
            }
        }
        if (!result.markdownError.isNull())
            dropWritten();
        return result;
    }));
    return true;
}

} // namespace camchat::ui
