#include "kioskwindow.h"

#include "errortext.h"
#include "previewview.h"

#include <QDeadlineTimer>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QLinearGradient>
#include <QLocale>
#include <QPainter>
#include <QPixmap>
#include <QPointer>
#include <QScreen>
#include <QStringList>
#include <QTextLayout>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace camchat::ui {

using session::KioskController;
using session::KioskStatus;

namespace {

// Sizes as fractions of the window height, so the caption reads the same from across a
// room at 1280x720 and at 1920x1080.
constexpr qreal kCaptionPxPerHeight = 0.05;    // 54 px at 1080, 36 px at 720
constexpr qreal kMinCaptionPxPerHeight = 0.03; // shrink a long caption no further
constexpr qreal kDetailPxPerHeight = 0.026;    // 28 px at 1080, 19 px at 720
constexpr qreal kMaxCaptionHeight = 0.36;      // of the window: the picture stays visible
constexpr qreal kPaddingPerHeight = 0.028;
constexpr qreal kPreviewPointsPerHeight = 0.022; // the preview's messages: 16 pt at 720
constexpr qreal kSidePaddingPerHeight = 0.05;
constexpr int kMinCaptionPx = 14;
constexpr int kMinDetailPx = 11;
constexpr int kBandAlpha = 185; // dark enough for white text on a white scene
constexpr int kTickMs = 1000;

const QColor kCaptionColor(255, 255, 255);
const QColor kDetailColor(255, 255, 255, 200);
const QColor kStatusColor(255, 214, 120); // warm: something needs attention

qint64 monotonicNowNs()
{
    // Frame timestamps are CLOCK_MONOTONIC, which steady_clock is on Linux.
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// One paragraph laid out in a given width.
struct TextBlock {
    std::unique_ptr<QTextLayout> layout;
    qreal height = 0;
    int visibleLines = 0; // lines that fit; the last visible one is elided when fewer than all
    bool elided = false;
};

TextBlock layoutText(const QString &text, const QFont &font, qreal width, qreal maxHeight)
{
    TextBlock block;
    block.layout = std::make_unique<QTextLayout>(text, font);
    QTextOption option(Qt::AlignHCenter);
    // Model output can hold long runs without spaces (URLs, a random-weight model's
    // tokens): break them rather than let them run off screen.
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    block.layout->setTextOption(option);
    const QFontMetricsF metrics(font);
    qreal y = 0;
    block.layout->beginLayout();
    for (QTextLine line = block.layout->createLine(); line.isValid(); line = block.layout->createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, y));
        y += metrics.lineSpacing();
        if (y <= maxHeight || block.visibleLines == 0) {
            ++block.visibleLines;
            block.height = y;
        } else {
            block.elided = true;
        }
    }
    block.layout->endLayout();
    return block;
}

void drawBlock(QPainter &painter, const TextBlock &block, const QPointF &origin, qreal width)
{
    if (!block.elided) {
        block.layout->draw(&painter, origin);
        return;
    }
    for (int i = 0; i + 1 < block.visibleLines; ++i)
        block.layout->lineAt(i).draw(&painter, origin);
    // The last line that fits ends in an ellipsis: the text goes on.
    const QTextLine last = block.layout->lineAt(block.visibleLines - 1);
    const QString rest = block.layout->text().mid(last.textStart()).simplified();
    const QFontMetricsF metrics(block.layout->font());
    const QString elided = metrics.elidedText(rest + QChar(0x2026), Qt::ElideRight, width);
    painter.setFont(block.layout->font());
    painter.drawText(QRectF(origin.x(), origin.y() + last.y(), width, metrics.lineSpacing()),
                     Qt::AlignHCenter | Qt::AlignTop, elided);
}

// The dark band with the caption and the small print, drawn over the preview. It is
// rendered into a pixmap when its text or size changes, so the many repaints the live
// preview causes under it are one blit each.
class CaptionBand : public QWidget
{
public:
    explicit CaptionBand(QWidget *parent)
        : QWidget(parent)
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setAttribute(Qt::WA_NoSystemBackground);
        setFocusPolicy(Qt::NoFocus);
    }

    // Lays out for a window of `windowSize` and places itself at its bottom.
    void setContent(const QString &caption, const QString &detail, const QString &status, QSize windowSize)
    {
        m_caption = caption;
        m_detail = detail;
        m_status = status;
        m_windowSize = windowSize;
        rebuild();
    }

    // For the tests' look at the layout: how large the caption font ended up.
    int captionPixelSize() const { return m_captionPx; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        if (m_pixmap.isNull())
            return;
        // The device pixel ratio changes when the window moves to another screen; Qt 6.4
        // has no event for that, so notice it here.
        if (!qFuzzyCompare(m_pixmap.devicePixelRatio(), devicePixelRatioF())) {
            rebuild();
            if (m_pixmap.isNull())
                return;
        }
        QPainter painter(this);
        painter.drawPixmap(0, 0, m_pixmap);
    }

private:
    void rebuild()
    {
        const int height = m_windowSize.height();
        const int width = m_windowSize.width();
        if (height <= 0 || width <= 0 || (m_caption.isEmpty() && m_detail.isEmpty() && m_status.isEmpty())) {
            m_pixmap = QPixmap();
            hide();
            return;
        }
        const qreal padding = std::round(height * kPaddingPerHeight);
        const qreal side = std::round(height * kSidePaddingPerHeight);
        const qreal textWidth = std::max<qreal>(width - 2 * side, 50);

        QFont captionFont = font();
        captionFont.setWeight(QFont::DemiBold);
        QFont detailFont = font();
        detailFont.setPixelSize(std::max(kMinDetailPx, int(std::lround(height * kDetailPxPerHeight))));

        // A long caption gets a smaller font before it gets an ellipsis.
        TextBlock caption;
        if (!m_caption.isEmpty()) {
            const int largest = std::max(kMinCaptionPx, int(std::lround(height * kCaptionPxPerHeight)));
            const int smallest = std::max(kMinCaptionPx, int(std::lround(height * kMinCaptionPxPerHeight)));
            const qreal maxHeight = height * kMaxCaptionHeight;
            for (int px = largest;; px = std::max(smallest, int(px * 0.9))) {
                captionFont.setPixelSize(px);
                caption = layoutText(m_caption, captionFont, textWidth, px == smallest ? maxHeight : 1e9);
                m_captionPx = px;
                if (px == smallest || caption.height <= maxHeight)
                    break;
            }
        }
        const qreal smallMax = height * 0.12;
        TextBlock detail;
        if (!m_detail.isEmpty())
            detail = layoutText(m_detail, detailFont, textWidth, smallMax);
        TextBlock status;
        if (!m_status.isEmpty()) {
            // Without a caption the status is the main message: larger.
            QFont statusFont = detailFont;
            if (m_caption.isEmpty())
                statusFont.setPixelSize(std::lround(detailFont.pixelSize() * 1.35));
            status = layoutText(m_status, statusFont, textWidth, smallMax);
        }

        const qreal gap = std::round(padding * 0.45);
        qreal contentHeight = 0;
        for (const TextBlock *block : {&caption, &detail, &status}) {
            if (!block->layout)
                continue;
            if (contentHeight > 0)
                contentHeight += gap;
            contentHeight += block->height;
        }
        // The top of the band fades in, so it does not cut the picture with a hard edge.
        const qreal fade = padding * 1.5;
        const int bandHeight = int(std::ceil(fade + padding + contentHeight + padding));

        const qreal dpr = devicePixelRatioF();
        QPixmap pixmap(QSize(width, bandHeight) * dpr);
        pixmap.setDevicePixelRatio(dpr);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::TextAntialiasing);
        QLinearGradient gradient(0, 0, 0, fade + padding);
        gradient.setColorAt(0, QColor(0, 0, 0, 0));
        gradient.setColorAt(1, QColor(0, 0, 0, kBandAlpha));
        painter.fillRect(QRectF(0, 0, width, fade + padding), gradient);
        painter.fillRect(QRectF(0, fade + padding, width, bandHeight - fade - padding), QColor(0, 0, 0, kBandAlpha));

        qreal y = fade + padding;
        const auto draw = [&](const TextBlock &block, const QColor &color) {
            if (!block.layout)
                return;
            painter.setPen(color);
            drawBlock(painter, block, QPointF(side, y), textWidth);
            y += block.height + gap;
        };
        draw(caption, kCaptionColor);
        draw(detail, kDetailColor);
        draw(status, m_caption.isEmpty() ? kCaptionColor : kStatusColor);
        painter.end();

        m_pixmap = pixmap;
        setGeometry(0, m_windowSize.height() - bandHeight, width, bandHeight);
        show();
        raise();
        update();
    }

    QString m_caption;
    QString m_detail;
    QString m_status;
    QSize m_windowSize;
    QPixmap m_pixmap;
    int m_captionPx = 0;
};

} // namespace

struct KioskWindow::Private {
    KioskWindow *q = nullptr;
    KioskController *controller = nullptr;
    CaptionBand *band = nullptr;
    QTimer tick;
    QTimer cursorTimer;
    bool cursorHidden = false;

    QString caption;
    QString lastFinished;                // the last whole caption (and its time below)
    qint64 lastFinishedFrameNs = 0;
    bool streaming = false;              // caption is growing (captionUpdated)
    qint64 captionFrameNs = 0;           // capture time of the caption's frame; 0 = unknown
    // Capture time of the frame the model is working on (captionStarted); 0 = none. The
    // worker runs one request at a time, so starts and ends come in pairs.
    qint64 startedFrameNs = 0;
    std::optional<double> tokensPerSecond;

    KioskStatus status = KioskStatus::Stopped;
    bool reloading = false;
    QString modelHint;                   // no model is ready: how to get one
    QPointer<capture::FrameSource> source;
    QString sourceName;
    QString failure;                     // the last failure, in words; empty once work goes on
    int retryInMs = -1;                  // as captionFailed() said: > 0 in so long, 0 at once, < 0 not
    QDeadlineTimer retryAt;

    QString detail;                      // what the small print shows now
    QString statusLine;

    QString ageText() const;
    QString failureText() const;
    QString computeStatus() const;
    // Recomputes the small print and status; rebuilds the band when something changed
    // (or always, with `force`: the caption or the size changed).
    void refresh(bool force = false);
    void onStarted(qint64 frameTimestampNs);
    void onUpdated(const QString &textSoFar);
    void onFinished(const QString &text, const inference::StageTimings &timings);
    void onFailed(const inference::InferenceError &error, int retryIn);
    void onStatus(KioskStatus newStatus);
    void showCursor();
};

QString KioskWindow::Private::ageText() const
{
    if (caption.isEmpty() || captionFrameNs <= 0)
        return {};
    const qint64 seconds = std::max<qint64>(0, (monotonicNowNs() - captionFrameNs) / 1000000000);
    if (seconds < 120)
        return KioskWindow::tr("%n s ago", nullptr, int(seconds));
    if (seconds < 2 * 3600)
        return KioskWindow::tr("%n min ago", nullptr, int(seconds / 60));
    return KioskWindow::tr("%n h ago", nullptr, int(seconds / 3600));
}

QString KioskWindow::Private::failureText() const
{
    if (retryInMs > 0) {
        const int seconds = int((std::max<qint64>(retryAt.remainingTime(), 0) + 999) / 1000);
        return KioskWindow::tr("Retrying in %n s — %1", nullptr, seconds).arg(failure);
    }
    if (retryInMs == 0)
        return KioskWindow::tr("Retrying — %1").arg(failure);
    return KioskWindow::tr("Captioning failed — %1").arg(failure);
}

QString KioskWindow::Private::computeStatus() const
{
    switch (status) {
    case KioskStatus::WaitingForModel:
        if (reloading)
            return KioskWindow::tr("Reloading the model after repeated errors…");
        if (!modelHint.isEmpty() && failure.isEmpty())
            return modelHint;
        return failure.isEmpty() ? KioskWindow::tr("Waiting for the model to load…") : failureText();
    case KioskStatus::WaitingForPicture: {
        if (!source)
            return KioskWindow::tr("Waiting for a camera or HDMI input — plug one in; captions start when it appears.");
        const QString name = sourceName.isEmpty() ? source->sourceId() : sourceName;
        if (source->isHdmiInput())
            return KioskWindow::tr("Waiting for a picture from %1 — check the HDMI cable and that the source is "
                                   "on; captions resume by themselves.").arg(name);
        return KioskWindow::tr("Waiting for a picture from %1 — check that the camera is plugged in; captions "
                               "resume by themselves.").arg(name);
    }
    case KioskStatus::Retrying:
        return failure.isEmpty() ? KioskWindow::tr("Retrying…") : failureText();
    case KioskStatus::Captioning:
        return caption.isEmpty() ? KioskWindow::tr("Describing what the camera sees…") : QString();
    case KioskStatus::Idle:
        return caption.isEmpty() ? KioskWindow::tr("Space: caption now · Esc: leave kiosk mode") : QString();
    case KioskStatus::Stopped:
        return {};
    }
    return {};
}

void KioskWindow::Private::refresh(bool force)
{
    QStringList parts;
    if (const QString age = ageText(); !age.isEmpty())
        parts << age;
    if (tokensPerSecond && !streaming)
        parts << KioskWindow::tr("%1 tokens/s").arg(QLocale().toString(*tokensPerSecond, 'f', *tokensPerSecond < 100 ? 1 : 0));
    const QString newDetail = parts.join(QStringLiteral(" · "));
    const QString newStatus = computeStatus();
    if (!force && newDetail == detail && newStatus == statusLine)
        return;
    detail = newDetail;
    statusLine = newStatus;
    band->setContent(caption, detail, statusLine, q->size());
    q->setAccessibleDescription(caption);
}

void KioskWindow::Private::onStarted(qint64 frameTimestampNs)
{
    startedFrameNs = frameTimestampNs > 0 ? frameTimestampNs : monotonicNowNs();
}

void KioskWindow::Private::onUpdated(const QString &textSoFar)
{
    if (textSoFar.trimmed().isEmpty())
        return; // keep the previous caption until the new one has words
    if (!streaming) {
        streaming = true;
        captionFrameNs = startedFrameNs > 0 ? startedFrameNs : monotonicNowNs();
    }
    caption = textSoFar.trimmed();
    refresh(true);
}

void KioskWindow::Private::onFinished(const QString &text, const inference::StageTimings &timings)
{
    const qint64 frameNs = startedFrameNs > 0 ? startedFrameNs : monotonicNowNs();
    startedFrameNs = 0;
    streaming = false;
    const QString finished = text.trimmed();
    if (!finished.isEmpty()) {
        caption = finished;
        captionFrameNs = frameNs;
        tokensPerSecond = timings.decodeTokensPerSecond();
        lastFinished = caption;
        lastFinishedFrameNs = captionFrameNs;
    } else {
        caption = lastFinished;
        captionFrameNs = lastFinishedFrameNs;
    }
    failure.clear();
    refresh(true);
}

void KioskWindow::Private::onFailed(const inference::InferenceError &error, int retryIn)
{
    startedFrameNs = 0;
    if (streaming) {
        // The half-written caption is not a caption: back to the last whole one.
        streaming = false;
        caption = lastFinished;
        captionFrameNs = lastFinishedFrameNs;
    }
    failure = describeInferenceError(error);
    retryInMs = retryIn;
    if (retryIn > 0)
        retryAt = QDeadlineTimer(retryIn);
    refresh(true);
}

void KioskWindow::Private::onStatus(KioskStatus newStatus)
{
    if (newStatus != KioskStatus::WaitingForModel)
        reloading = false;
    // Work goes on: the last failure is history.
    if (newStatus == KioskStatus::Captioning || newStatus == KioskStatus::Idle)
        failure.clear();
    if (newStatus == KioskStatus::Stopped) {
        startedFrameNs = 0;
        if (streaming) {
            streaming = false;
            caption = lastFinished;
            captionFrameNs = lastFinishedFrameNs;
        }
    }
    status = newStatus;
    refresh(true);
}

void KioskWindow::Private::showCursor()
{
    if (cursorHidden) {
        cursorHidden = false;
        q->unsetCursor();
    }
    cursorTimer.start();
}

KioskWindow::KioskWindow(capture::FrameSource *source, KioskController *controller, QWidget *parent)
    : QWidget(parent, Qt::Window | Qt::FramelessWindowHint)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->controller = controller;
    setWindowTitle(tr("camchat kiosk"));
    setAccessibleName(tr("Caption kiosk"));
    QPalette black = palette();
    black.setColor(QPalette::Window, Qt::black);
    black.setColor(QPalette::WindowText, Qt::white);
    setPalette(black);
    setAutoFillBackground(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 240);

    m_preview = new PreviewView(this);
    m_preview->setObjectName(QStringLiteral("kioskPreview"));
    m_preview->setFocusPolicy(Qt::NoFocus);
    m_preview->setOverlayVisible(false); // the fps line is for the desk, not the audience
    m_preview->setEdgeToEdge(true);
    m_preview->setLiveSource(source);
    d->source = source;

    d->band = new CaptionBand(this);
    d->band->setObjectName(QStringLiteral("kioskCaptionBand"));
    d->band->hide();

    d->tick.setInterval(kTickMs);
    connect(&d->tick, &QTimer::timeout, this, [this] { d->refresh(); });
    d->tick.start();

    d->cursorTimer.setSingleShot(true);
    d->cursorTimer.setInterval(kCursorHideMs);
    connect(&d->cursorTimer, &QTimer::timeout, this, [this] {
        d->cursorHidden = true;
        setCursor(Qt::BlankCursor);
    });
    setMouseTracking(true);
    m_preview->setMouseTracking(true);
    m_preview->installEventFilter(this);
    d->cursorTimer.start();

    if (controller) {
        d->status = controller->status();
        d->caption = controller->lastCaption().trimmed();
        if (!d->caption.isEmpty()) {
            d->captionFrameNs = monotonicNowNs();
            d->lastFinished = d->caption;
            d->lastFinishedFrameNs = d->captionFrameNs;
            if (const auto timings = controller->lastTimings())
                d->tokensPerSecond = timings->decodeTokensPerSecond();
        }
        connect(controller, &KioskController::statusChanged, this, [this](KioskStatus s) { d->onStatus(s); });
        connect(controller, &KioskController::captionStarted, this, [this](qint64 ns) { d->onStarted(ns); });
        connect(controller, &KioskController::captionUpdated, this, [this](const QString &t) { d->onUpdated(t); });
        connect(controller, &KioskController::captionFinished, this,
                [this](const QString &text, const inference::StageTimings &timings) { d->onFinished(text, timings); });
        connect(controller, &KioskController::captionFailed, this,
                [this](const inference::InferenceError &error, int retryInMs) { d->onFailed(error, retryInMs); });
        connect(controller, &KioskController::modelReloading, this, [this] {
            d->reloading = true;
            d->refresh();
        });
    }
    d->refresh(true);
}

KioskWindow::~KioskWindow()
{
    // The preview must let go of the source before the source may go away.
    m_preview->setLiveSource(nullptr);
}

void KioskWindow::setSource(capture::FrameSource *source)
{
    m_preview->setLiveSource(source);
    d->source = source;
    d->sourceName.clear();
    d->refresh(true);
}

void KioskWindow::setSourceName(const QString &name)
{
    d->sourceName = name;
    m_preview->setLiveSourceName(name);
    d->refresh(true);
}

QString KioskWindow::captionText() const
{
    return d->caption;
}

QString KioskWindow::detailText() const
{
    QStringList lines;
    if (!d->detail.isEmpty())
        lines << d->detail;
    if (!d->statusLine.isEmpty())
        lines << d->statusLine;
    return lines.join(QLatin1Char('\n'));
}

void KioskWindow::setModelHint(const QString &hint)
{
    d->modelHint = hint;
    d->refresh(true);
}

void KioskWindow::showKiosk()
{
    // Without a window manager nobody honours "full screen" on X11: take the screen's
    // geometry ourselves (a window manager that does honour it agrees).
    if (const QScreen *target = screen() ? screen() : QGuiApplication::primaryScreen())
        setGeometry(target->geometry());
    showFullScreen();
    raise();
    activateWindow();
    setFocus(Qt::ActiveWindowFocusReason);
}

bool KioskWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::MouseMove)
        d->showCursor();
    return QWidget::eventFilter(watched, event);
}

void KioskWindow::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Escape:
        event->accept();
        Q_EMIT exitRequested();
        return;
    case Qt::Key_Space:
        event->accept();
        if (!event->isAutoRepeat() && d->controller)
            d->controller->askNow();
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

void KioskWindow::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_preview->setGeometry(rect());
    // The preview's own messages ("No signal on the HDMI input…") must read from across
    // the room too. It sizes them from its font's point size.
    QFont previewFont = font();
    previewFont.setPointSizeF(std::max(9.0, height() * kPreviewPointsPerHeight));
    m_preview->setFont(previewFont);
    d->refresh(true);
}

void KioskWindow::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    setFocus(Qt::OtherFocusReason);
    d->showCursor();
}

void KioskWindow::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // Texts change with the language; sizes with the font.
    if (event->type() == QEvent::FontChange || event->type() == QEvent::LanguageChange)
        d->refresh(true);
}

} // namespace camchat::ui
