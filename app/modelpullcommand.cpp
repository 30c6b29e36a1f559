#include "modelpullcommand.h"

#include "commandparser.h"
#include "interruptguard.h"
#include "output.h"

#include "inference/inferenceerror.h"
#include "session/modelcatalog.h"
#include "session/modeldownloads.h"
#include "ui/downloadtext.h"
#include "ui/errortext.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSocketNotifier>

#include <optional>

#include <unistd.h>

namespace camchat::app {

namespace {

using inference::InferenceError;
using inference::InferenceErrorCode;

// Piped progress: one line this often at most, so a log is not flooded.
constexpr qint64 kPipedIntervalMs = 5000;

int exitCodeFor(InferenceErrorCode code)
{
    switch (code) {
    case InferenceErrorCode::None:
        return kExitOk;
    case InferenceErrorCode::DiskFull:
    case InferenceErrorCode::DownloadWriteFailed:
    case InferenceErrorCode::DownloadBusy:
        return kExitFailure;
    case InferenceErrorCode::Cancelled:
        return kExitInferenceError;
    case InferenceErrorCode::NetworkError:
        return kExitNetworkError;
    default:
        return kExitModelError;
    }
}

// One line of progress: the file, then what the window shows (ui::progressText).
QString progressLine(const session::DownloadProgress &p)
{
    const QString text = ui::progressText(p);
    return p.currentFile.isEmpty() ? text : p.currentFile + QStringLiteral("  ") + text;
}

std::optional<session::ModelEntry> findEntry(const session::ModelCatalog &catalog, const QString &id, const char *command)
{
    const std::optional<session::ModelEntry> entry = catalog.entry(id);
    if (!entry) {
        QStringList ids;
        for (const session::ModelEntry &e : catalog.entries())
            ids.append(e.profile.id);
        printFailure(QString::fromLatin1(command),
                     ModelPullCommand::tr("There is no model profile with the id '%1'. Run `camchat models` to list them.").arg(id),
                     QStringLiteral("known ids: %1").arg(ids.join(QStringLiteral(", "))));
    }
    return entry;
}

} // namespace

int ModelPullCommand::pull(const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("models pull"),
                         tr("Downloads the model files of profile ID from where its profile says (the Hugging Face "
                            "hub, or the URLs in its \"source\"), verifies their size and sha256 and puts them in "
                            "place. A file already in llama.cpp's or the Hugging Face cache is used where it lies. An "
                            "interrupted download keeps its .part file and the next pull resumes it. HF_ENDPOINT "
                            "selects a mirror; HF_TOKEN is sent for gated or private repositories."));
    parser.setUsage(tr("Usage: camchat models pull ID"));
    parser.setEpilogue(tr("Exit status: 0 verified and in place, 1 could not be written (disk full, permission, "
                          "another pull of the same file), 2 usage error, 3 model error (unknown id, not found, "
                          "not authorised, checksum mismatch), 5 interrupted (Ctrl+C; the partial file is kept), "
                          "6 network error (the partial file is kept; pull again to resume)."));
    parser.addPositionalArgument(QStringLiteral("ID"), tr("The model profile to download."));
    if (const std::optional<int> exit = parser.parse(arguments))
        return *exit;
    if (parser.positionalArguments().isEmpty())
        return parser.usageError(tr("Name the model profile to download."));
    const QString id = parser.positionalArguments().constFirst();

    session::ModelCatalog catalog;
    catalog.reload();
    const std::optional<session::ModelEntry> entry = findEntry(catalog, id, "models pull");
    if (!entry)
        return kExitModelError;
    if (!entry->downloadable && !entry->isReady()) {
        const InferenceError error{InferenceErrorCode::NoDownloadSource,
                                   QStringLiteral("%1 has no \"source\" block").arg(entry->profile.sourcePath)};
        printFailure(QStringLiteral("models pull"), ui::describeInferenceError(error), error.detail);
        return kExitModelError;
    }
    if (entry->isReady()) {
        printOut(tr("%1 is ready: its files are in place.").arg(id) + QLatin1Char('\n'));
        return kExitOk;
    }

    session::ModelDownloads downloads(&catalog);
    QEventLoop loop;
    InferenceError result;
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    QElapsedTimer sincePrinted;
    QString lastFile;
    bool lineOpen = false;
    std::optional<session::DownloadProgress> last;

    QObject::connect(&downloads, &session::ModelDownloads::progressChanged, &loop, [&](const QString &) {
        const std::optional<session::DownloadProgress> p = downloads.progress(id);
        if (!p || p->currentFile.isEmpty()) // still asking the hub what to fetch
            return;
        last = *p;
        if (terminal) {
            printErr(QLatin1Char('\r') + progressLine(*p) + QStringLiteral("\033[K"));
            lineOpen = true;
        } else if (!sincePrinted.isValid() || sincePrinted.elapsed() >= kPipedIntervalMs || p->currentFile != lastFile) {
            printErr(progressLine(*p) + QLatin1Char('\n'));
            sincePrinted.start();
            lastFile = p->currentFile;
        }
    });
    const auto endLine = [&] {
        if (lineOpen)
            printErr(QStringLiteral("\n"));
        lineOpen = false;
    };
    QObject::connect(&downloads, &session::ModelDownloads::finished, &loop, [&](const QString &) {
        if (last && !terminal) {
            // The last state, whatever the throttle skipped: a log ends at 100%.
            last->received = last->total >= 0 ? last->total : last->received;
            printErr(progressLine(*last) + QLatin1Char('\n'));
        }
        endLine();
        loop.quit();
    });
    QObject::connect(&downloads, &session::ModelDownloads::failed, &loop,
                     [&](const QString &, const InferenceError &error) {
                         endLine();
                         result = error;
                         loop.quit();
                     });
    QObject::connect(&downloads, &session::ModelDownloads::cancelled, &loop, [&](const QString &) {
        endLine();
        result = {InferenceErrorCode::Cancelled, QStringLiteral("interrupted (SIGINT); the partial file is kept")};
        loop.quit();
    });

    InterruptGuard interrupt;
    std::optional<QSocketNotifier> notifier;
    if (interrupt.readFd() >= 0) {
        notifier.emplace(interrupt.readFd(), QSocketNotifier::Read);
        QObject::connect(&*notifier, &QSocketNotifier::activated, &loop, [&] {
            interrupt.drain();
            downloads.cancel(id);
        });
    }

    if (!downloads.start(id)) {
        printFailure(QStringLiteral("models pull"), tr("The download of %1 could not start.").arg(id));
        return kExitFailure;
    }
    loop.exec();

    if (!result) {
        printOut(tr("%1 is ready: its files are verified and in place.").arg(id) + QLatin1Char('\n'));
        return kExitOk;
    }
    QString sentence = result.code == InferenceErrorCode::Cancelled
        ? tr("The download was interrupted. The partial file is kept: `camchat models pull %1` resumes it.").arg(id)
        : ui::describeInferenceError(result);
    printFailure(QStringLiteral("models pull"), sentence, result.detail);
    return exitCodeFor(result.code);
}

int ModelPullCommand::remove(const QStringList &arguments)
{
    CommandParser parser(QStringLiteral("models remove"),
                         tr("Deletes the downloaded files of profile ID and any partial download from the model "
                            "folder. Files in llama.cpp's or the Hugging Face cache are never deleted: only camchat's "
                            "link to them."));
    parser.setUsage(tr("Usage: camchat models remove ID"));
    parser.setEpilogue(tr("Exit status: 0 removed (or nothing to remove), 1 a file could not be deleted, 2 usage "
                          "error, 3 unknown id or a profile camchat does not download."));
    parser.addPositionalArgument(QStringLiteral("ID"), tr("The model profile whose files to delete."));
    if (const std::optional<int> exit = parser.parse(arguments))
        return *exit;
    if (parser.positionalArguments().isEmpty())
        return parser.usageError(tr("Name the model profile whose files to delete."));
    const QString id = parser.positionalArguments().constFirst();

    session::ModelCatalog catalog;
    catalog.reload();
    if (!findEntry(catalog, id, "models remove"))
        return kExitModelError;
    session::ModelDownloads downloads(&catalog);
    const InferenceError error = downloads.remove(id);
    if (error) {
        printFailure(QStringLiteral("models remove"), ui::describeInferenceError(error), error.detail);
        return error.code == InferenceErrorCode::NoDownloadSource ? kExitModelError : kExitFailure;
    }
    printOut(tr("Removed the downloaded files of %1.").arg(id) + QLatin1Char('\n'));
    return kExitOk;
}

} // namespace camchat::app
