#pragma once

#include <QImage>
#include <QList>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>

namespace camchat::ui {

// A link target as Markdown wants it: names with spaces or brackets go in <...>.
QString markdownLinkTarget(const QString &target);

// The read-only transcript. Assistant answers stream in piece by piece: every piece is
// inserted at an end cursor, so the cost of a token does not grow with the transcript.
class ChatView : public QTextBrowser
{
    Q_OBJECT

public:
    explicit ChatView(QWidget *parent = nullptr);

    void addUserTurn(const QString &text, const QImage &thumbnail = {});

    void beginAssistantTurn();
    void appendAssistantText(const QString &piece);
    void endAssistantTurn();
    // Closes the open assistant turn (or the last one) with a muted remark after its text,
    // e.g. "Stopped"; kept in the Markdown too.
    void addAssistantNote(const QString &note);

    // `detail` is the technical part, shown only on request. An assistant turn still open
    // without any text gives way to the error.
    void addError(const QString &message, const QString &detail);

    // Draws a divider; everything above stays readable.
    void startNewConversation();

    // The most recent answer that has any text (possibly still streaming).
    QString lastAnswer() const;
    bool hasAnswer() const;

    bool isEmpty() const { return m_turns.isEmpty(); }
    // User turns that came with an image, oldest first.
    int imageTurnCount() const;

    // The whole transcript as Markdown, for copying or saving. With `imageLinks`, the
    // n-th user turn with an image shows the n-th link as an image instead of a remark.
    QString toMarkdown(const QStringList &imageLinks = {}) const;

Q_SIGNALS:
    void lastAnswerChanged();

private:
    enum class Kind { User, Assistant, Error, Divider };
    struct Turn {
        Kind kind;
        QString text;
        QString detail;
        bool hasImage = false;
        QString note;
    };

    // Starts a new block at the end (reusing the document's initial empty block).
    void startBlock(const QTextBlockFormat &format);
    void insertTurnHeader(const QString &label, const QColor &background);
    QTextBlockFormat turnFormat(const QColor &background) const;
    void onAnchorClicked(const QUrl &url);
    void showDetail(int index);

    QList<Turn> m_turns;
    QTextCursor m_end;
    bool m_assistantOpen = false;
    // Where the open assistant turn starts in the document, so an empty one can go again.
    int m_assistantStart = 0;
    // Follow new text only while the user has not scrolled away from the bottom.
    bool m_pinnedToBottom = true;
    QString m_lastAnswer;
    // Each error's "Details" link, by number: the block holding it (blocks stay valid while
    // text is added elsewhere) and the detail it expands to.
    struct DetailLink {
        QTextBlock block;
        QString detail;
    };
    QList<DetailLink> m_detailLinks;
    QColor m_userBackground;
    QColor m_assistantBackground;
    QColor m_errorColor;
    int m_nextImageId = 0;
};

} // namespace camchat::ui
