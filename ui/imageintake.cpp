#include "imageintake.h"

#include "errortext.h"
#include "regionselector.h"
#include "screengrabber.h"

#include <QClipboard>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>
#include <QKeyEvent>
#include <QMimeData>
#include <QMimeDatabase>
#include <QPlainTextEdit>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace camchat::ui {

namespace {

// The local image file a drop or paste names, or an empty string. Only local files:
// camchat never downloads anything.
QString firstLocalFile(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    const QList<QUrl> urls = mime->urls();
    for (const QUrl &url : urls) {
        if (url.isLocalFile())
            return url.toLocalFile();
    }
    return {};
}

bool looksLikeImageFile(const QString &path)
{
    const QMimeType type = QMimeDatabase().mimeTypeForFile(path, QMimeDatabase::MatchExtension);
    return type.name().startsWith(QLatin1String("image/"));
}

QString firstImageFormat(const QMimeData *mime)
{
    const QStringList formats = mime->formats();
    for (const QString &format : formats) {
        if (format.startsWith(QLatin1String("image/")))
            return format;
    }
    return {};
}

} // namespace

ImageIntake::ImageIntake(QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_grabber(new ScreenGrabber(this))
{
    connect(m_grabber, &ScreenGrabber::grabbed, this, [this](const QImage &image) {
        if (m_grabRegion) {
            chooseRegion(image);
            return;
        }
        Q_EMIT grabFinished();
        startLoad([image] { return capture::ImageLoader::fromImage(image); }, tr("Screen grab"), {});
    });
    connect(m_grabber, &ScreenGrabber::failed, this, [this](const QString &reason, const QString &detail) {
        Q_EMIT grabFinished();
        Q_EMIT grabFailed(reason, detail);
    });
    m_window->setAcceptDrops(true);
    m_window->installEventFilter(this);
}

void ImageIntake::watchPrompt(QPlainTextEdit *prompt)
{
    m_prompt = prompt;
    m_prompt->installEventFilter(this);
    m_prompt->viewport()->installEventFilter(this);
}

bool ImageIntake::chooseFile(const QString &directory)
{
    QStringList patterns;
    const QList<QByteArray> formats = QImageReader::supportedImageFormats();
    for (const QByteArray &format : formats)
        patterns << QStringLiteral("*.") + QString::fromLatin1(format);
    // JPEG goes through TurboJPEG, whatever Qt's plugins say.
    for (const char *jpeg : {"*.jpg", "*.jpeg"}) {
        if (!patterns.contains(QLatin1String(jpeg)))
            patterns << QLatin1String(jpeg);
    }
    const QString filters = tr("Images (%1)").arg(patterns.join(QLatin1Char(' '))) + QStringLiteral(";;")
        + tr("All files (*)");
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open Image"), directory, filters);
    if (path.isEmpty())
        return false;
    openFile(path);
    return true;
}

void ImageIntake::openFile(const QString &path)
{
    const QFileInfo info(path);
    startLoad([path] { return capture::ImageLoader::loadFile(path, capture::ImageLoadOptions{}); },
              info.fileName(), info.absolutePath());
}

bool ImageIntake::grabScreen(int delayMs, bool region)
{
    if (m_choosingRegion || !m_grabber->grab(m_window, delayMs))
        return false;
    m_grabRegion = region;
    return true;
}

void ImageIntake::chooseRegion(const QImage &screenshot)
{
    m_choosingRegion = true;
    auto *selector = new RegionSelector(screenshot);
    m_selector = selector;
    connect(selector, &RegionSelector::selected, this, [this](const QRect &, const QImage &part) {
        m_choosingRegion = false;
        Q_EMIT grabFinished();
        startLoad([part] { return capture::ImageLoader::fromImage(part); }, tr("Screen region"), {});
    });
    connect(selector, &RegionSelector::cancelled, this, [this] {
        m_choosingRegion = false;
        Q_EMIT grabCancelled();
        Q_EMIT grabFinished();
    });
    selector->showOverScreen();
}

bool ImageIntake::hasImageFileUrl(const QMimeData *mime)
{
    const QString path = firstLocalFile(mime);
    return !path.isEmpty() && looksLikeImageFile(path);
}

bool ImageIntake::canLoadMimeData(const QMimeData *mime)
{
    if (!mime)
        return false;
    return !firstLocalFile(mime).isEmpty() || mime->hasImage() || !firstImageFormat(mime).isEmpty();
}

bool ImageIntake::loadMimeData(const QMimeData *mime, const QString &sourceName)
{
    if (!mime)
        return false;
    // Prefer a file (its name is known), then encoded bytes (ImageLoader checks the size
    // before decoding), and only then an image some other program already decoded.
    if (const QString path = firstLocalFile(mime); !path.isEmpty()) {
        startLoad([path] { return capture::ImageLoader::loadFile(path, capture::ImageLoadOptions{}); },
                  QFileInfo(path).fileName(), {});
        return true;
    }
    if (const QString format = firstImageFormat(mime); !format.isEmpty()) {
        const QByteArray bytes = mime->data(format);
        if (!bytes.isEmpty()) {
            startLoad([bytes] { return capture::ImageLoader::loadData(bytes, capture::ImageLoadOptions{}); },
                      sourceName, {});
            return true;
        }
    }
    if (mime->hasImage()) {
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        if (!image.isNull()) {
            startLoad([image] { return capture::ImageLoader::fromImage(image); }, sourceName, {});
            return true;
        }
    }
    return false;
}

bool ImageIntake::paste()
{
    return loadMimeData(QGuiApplication::clipboard()->mimeData(), tr("Clipboard"));
}

bool ImageIntake::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window)
        return filterDrop(event, false);
    if (!m_prompt)
        return false;
    if (watched == m_prompt->viewport())
        return filterDrop(event, true);
    if (watched == m_prompt && event->type() == QEvent::ShortcutOverride) {
        // Ctrl+V in the prompt box pastes text as usual; only when the clipboard holds
        // an image and no text does the key go to "Paste Image".
        auto *keyEvent = static_cast<QKeyEvent *>(event);
        if (keyEvent->matches(QKeySequence::Paste)) {
            const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
            if (mime && !mime->hasText() && canLoadMimeData(mime)) {
                event->ignore();
                return true;
            }
        }
    }
    return false;
}

bool ImageIntake::filterDrop(QEvent *event, bool onPrompt)
{
    // Images dropped on the prompt box become the image, not a file name in the text;
    // text dropped there stays text.
    const auto takes = [onPrompt](const QMimeData *mime) {
        if (onPrompt)
            return hasImageFileUrl(mime) || (!mime->hasText() && canLoadMimeData(mime));
        return canLoadMimeData(mime);
    };
    switch (event->type()) {
    case QEvent::DragEnter:
    case QEvent::DragMove: {
        auto *drag = static_cast<QDragMoveEvent *>(event);
        if (!takes(drag->mimeData()))
            return false;
        drag->acceptProposedAction();
        return true;
    }
    case QEvent::Drop: {
        auto *drop = static_cast<QDropEvent *>(event);
        if (!takes(drop->mimeData()) || !loadMimeData(drop->mimeData(), tr("Dropped image")))
            return false;
        drop->acceptProposedAction();
        return true;
    }
    default:
        return false;
    }
}

void ImageIntake::startLoad(LoadJob job, const QString &sourceName, const QString &directory)
{
    const std::uint64_t generation = ++m_loadGeneration;
    Q_EMIT loadStarted(sourceName);
    auto *watcher = new QFutureWatcher<capture::LoadedImage>(this);
    connect(watcher, &QFutureWatcher<capture::LoadedImage>::finished, this,
            [this, watcher, generation, sourceName, directory] {
                watcher->deleteLater();
                if (generation != m_loadGeneration)
                    return; // a newer load has taken over
                finishLoad(watcher->result(), sourceName, directory);
            });
    watcher->setFuture(QtConcurrent::run(std::move(job)));
}

void ImageIntake::finishLoad(const capture::LoadedImage &result, const QString &sourceName, const QString &directory)
{
    if (!result.ok()) {
        const QString sentence = result.error ? describeImageError(result.error)
                                              : describeImageError({capture::ImageErrorCode::Corrupt, {}});
        Q_EMIT loadFailed(tr("Could not open %1. %2").arg(sourceName, sentence), result.error.detail);
        return;
    }
    capture::Frame frame = result.frame;
    frame.setSourceName(sourceName);
    Q_EMIT loaded(frame, directory);
}

} // namespace camchat::ui
