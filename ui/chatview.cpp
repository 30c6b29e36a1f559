#include "chatview.h"

#include <QDesktopServices>
#include <QFontDatabase>
#include <QScrollBar>
#include <QTextBlockFormat>
#include <QTextCharFormat>
#include <QTextDocument>
#include <QTextImageFormat>

#include <algorithm>

namespace camchat::ui {

namespace {

constexpr int kThumbnailSize = 160;
constexpr int kTurnSpacing = 10;
constexpr int kTurnPadding = 6;
constexpr int kBottomSlack = 2; // px still counted as "at the bottom"
const QLatin1String kDetailScheme("camchat-detail");
const QLatin1String kImageScheme("camchat-image");
const QLatin1String kLinkGap("  ");

QString detailHref(int index)
{
    return QStringLiteral("%1:%2").arg(kDetailScheme).arg(index);
}

QColor mix(const QColor &a, const QColor &b, qreal bWeight)
{
    const qreal aWeight = 1.0 - bWeight;
    return QColor::fromRgbF(float(a.redF() * aWeight + b.redF() * bWeight),
        float(a.greenF() * aWeight + b.greenF() * bWeight),
        float(a.blueF() * aWeight + b.blueF() * bWeight));
}

QString quoted(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    for (QString &line : lines)
        line.prepend(line.isEmpty() ? QStringLiteral(">") : QStringLiteral("> "));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QString markdownLinkTarget(const QString &target)
{
    static const QString special = QStringLiteral(" ()<>");
    const bool plain = std::none_of(target.cbegin(), target.cend(), [](QChar c) { return special.contains(c); });
    return plain ? target : QLatin1Char('<') + target + QLatin1Char('>');
}

ChatView::ChatView(QWidget *parent)
    : QTextBrowser(parent)
    , m_end(document())
{
    // Our own links (error details) are handled here; anything else opens externally.
    setOpenLinks(false);
    connect(this, &QTextBrowser::anchorClicked, this, &ChatView::onAnchorClicked);

    setPlaceholderText(tr("Your conversation appears here. Snap or load an image, "
                          "then ask a question below."));

    const QPalette pal = palette();
    m_userBackground = mix(pal.color(QPalette::Base), pal.color(QPalette::Highlight), 0.12);
    m_assistantBackground = mix(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.04);
    m_errorColor = mix(pal.color(QPalette::Text), QColor(Qt::red), 0.6);

    // The document lays out small appends lazily, so the range grows after the insert:
    // follow it here rather than right after inserting.
    QScrollBar *bar = verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar] {
        m_pinnedToBottom = bar->value() >= bar->maximum() - kBottomSlack;
    });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar] {
        if (m_pinnedToBottom)
            bar->setValue(bar->maximum());
    });
}

void ChatView::addUserTurn(const QString &text, const QImage &thumbnail)
{
    endAssistantTurn();
    insertTurnHeader(tr("You"), m_userBackground);

    if (!thumbnail.isNull()) {
        const qreal dpr = devicePixelRatioF();
        QImage image = thumbnail;
        const QSize limit = QSize(kThumbnailSize, kThumbnailSize) * dpr;
        if (image.width() > limit.width() || image.height() > limit.height())
            image = image.scaled(limit, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        const QUrl name(QStringLiteral("%1:%2").arg(kImageScheme).arg(++m_nextImageId));
        document()->addResource(QTextDocument::ImageResource, name, image);
        QTextImageFormat format;
        format.setName(name.toString());
        format.setWidth(image.width() / dpr);
        format.setHeight(image.height() / dpr);
        startBlock(turnFormat(m_userBackground));
        m_end.insertImage(format);
    }

    startBlock(turnFormat(m_userBackground));
    m_end.insertText(text, QTextCharFormat());
    m_turns.append({Kind::User, text, {}, !thumbnail.isNull(), {}});
}

void ChatView::beginAssistantTurn()
{
    endAssistantTurn();
    m_end.movePosition(QTextCursor::End);
    m_assistantStart = m_end.position();
    insertTurnHeader(tr("camchat"), m_assistantBackground);
    startBlock(turnFormat(m_assistantBackground));
    m_turns.append({Kind::Assistant, {}, {}, false, {}});
    m_assistantOpen = true;
}

void ChatView::appendAssistantText(const QString &piece)
{
    if (piece.isEmpty())
        return;
    if (!m_assistantOpen)
        beginAssistantTurn();
    m_end.movePosition(QTextCursor::End);
    m_end.insertText(piece, QTextCharFormat());
    QString &answer = m_turns.last().text;
    answer += piece;
    m_lastAnswer = answer;
    Q_EMIT lastAnswerChanged();
}

void ChatView::endAssistantTurn()
{
    m_assistantOpen = false;
}

void ChatView::addAssistantNote(const QString &note)
{
    if (note.isEmpty() || m_turns.isEmpty() || m_turns.constLast().kind != Kind::Assistant)
        return;
    endAssistantTurn();
    Turn &turn = m_turns.last();
    turn.note = note;
    QTextCharFormat muted;
    muted.setForeground(palette().color(QPalette::PlaceholderText));
    muted.setFontItalic(true);
    m_end.movePosition(QTextCursor::End);
    // After the answer's last word when there is one, alone in the turn otherwise.
    if (!turn.text.isEmpty() && !turn.text.endsWith(QLatin1Char('\n')))
        m_end.insertText(QStringLiteral(" "), QTextCharFormat());
    m_end.insertText(QStringLiteral("[%1]").arg(note), muted);
}

void ChatView::addError(const QString &message, const QString &detail)
{
    if (m_assistantOpen && !m_turns.isEmpty() && m_turns.constLast().kind == Kind::Assistant
        && m_turns.constLast().text.isEmpty()) {
        QTextCursor cursor(document());
        cursor.setPosition(m_assistantStart);
        cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
        m_turns.removeLast();
    }
    endAssistantTurn();
    QTextBlockFormat format = turnFormat(Qt::transparent);
    format.setTopMargin(kTurnSpacing);
    startBlock(format);

    QTextCharFormat text;
    text.setForeground(m_errorColor);
    m_end.insertText(QStringLiteral("⚠ ") + message, text);

    if (!detail.isEmpty()) {
        QTextCharFormat link;
        link.setAnchor(true);
        link.setAnchorHref(detailHref(int(m_detailLinks.size())));
        link.setForeground(palette().link());
        link.setFontUnderline(true);
        link.setToolTip(detail);
        m_end.insertText(kLinkGap, QTextCharFormat());
        m_end.insertText(tr("Details"), link);
        m_detailLinks.append({m_end.block(), detail});
    }
    m_turns.append({Kind::Error, message, detail, false, {}});
}

void ChatView::startNewConversation()
{
    endAssistantTurn();
    if (m_turns.isEmpty() || m_turns.constLast().kind == Kind::Divider)
        return;
    QTextBlockFormat format;
    format.setTopMargin(kTurnSpacing);
    format.setAlignment(Qt::AlignHCenter);
    format.setProperty(QTextFormat::BlockTrailingHorizontalRulerWidth,
        QTextLength(QTextLength::PercentageLength, 100));
    startBlock(format);
    QTextCharFormat text;
    text.setForeground(palette().color(QPalette::PlaceholderText));
    m_end.insertText(tr("New conversation"), text);
    m_turns.append({Kind::Divider, {}, {}, false, {}});
}

QString ChatView::lastAnswer() const
{
    return m_lastAnswer;
}

bool ChatView::hasAnswer() const
{
    return !m_lastAnswer.isEmpty();
}

int ChatView::imageTurnCount() const
{
    return int(std::count_if(m_turns.cbegin(), m_turns.cend(), [](const Turn &turn) { return turn.hasImage; }));
}

QString ChatView::toMarkdown(const QStringList &imageLinks) const
{
    QStringList parts;
    int image = 0;
    for (const Turn &turn : m_turns) {
        switch (turn.kind) {
        case Kind::User:
            parts << QStringLiteral("### ") + tr("You");
            if (turn.hasImage && image < imageLinks.size())
                parts << QStringLiteral("![%1](%2)").arg(tr("image"), markdownLinkTarget(imageLinks.at(image++)));
            else if (turn.hasImage)
                parts << QStringLiteral("*") + tr("(image attached)") + QStringLiteral("*");
            if (!turn.text.isEmpty())
                parts << quoted(turn.text);
            break;
        case Kind::Assistant:
            if (turn.text.isEmpty() && turn.note.isEmpty())
                break;
            parts << QStringLiteral("### ") + tr("camchat");
            if (!turn.text.isEmpty())
                parts << turn.text;
            if (!turn.note.isEmpty())
                parts << QStringLiteral("*[%1]*").arg(turn.note);
            break;
        case Kind::Error:
            parts << QStringLiteral("**") + tr("Error:") + QStringLiteral("** ") + turn.text;
            if (!turn.detail.isEmpty())
                parts << QStringLiteral("```\n") + turn.detail + QStringLiteral("\n```");
            break;
        case Kind::Divider:
            parts << QStringLiteral("---");
            break;
        }
    }
    return parts.isEmpty() ? QString() : parts.join(QStringLiteral("\n\n")) + QLatin1Char('\n');
}

void ChatView::startBlock(const QTextBlockFormat &format)
{
    m_end.movePosition(QTextCursor::End);
    if (document()->isEmpty())
        m_end.setBlockFormat(format);
    else
        m_end.insertBlock(format, QTextCharFormat());
}

void ChatView::insertTurnHeader(const QString &label, const QColor &background)
{
    QTextBlockFormat format = turnFormat(background);
    format.setTopMargin(kTurnSpacing);
    startBlock(format);
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    m_end.insertText(label, bold);
}

QTextBlockFormat ChatView::turnFormat(const QColor &background) const
{
    QTextBlockFormat format;
    format.setBackground(background);
    format.setLeftMargin(kTurnPadding);
    format.setRightMargin(kTurnPadding);
    return format;
}

void ChatView::onAnchorClicked(const QUrl &url)
{
    if (url.scheme() == kDetailScheme)
        showDetail(url.path().toInt());
    else
        QDesktopServices::openUrl(url);
}

void ChatView::showDetail(int index)
{
    if (index < 0 || index >= m_detailLinks.size())
        return;
    const DetailLink &link = m_detailLinks.at(index);
    const QString href = detailHref(index);
    for (auto it = link.block.begin(); !it.atEnd(); ++it) {
        const QTextFragment fragment = it.fragment();
        if (fragment.charFormat().anchorHref() != href)
            continue;
        // The link gives way to the detail itself, in a block of its own below the message.
        QTextCursor cursor(document());
        cursor.setPosition(fragment.position() - int(kLinkGap.size()));
        cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
        QTextCharFormat text;
        text.setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        text.setForeground(palette().color(QPalette::PlaceholderText));
        cursor.insertBlock(turnFormat(Qt::transparent), text);
        cursor.insertText(link.detail, text);
        return;
    }
}

} // namespace camchat::ui
