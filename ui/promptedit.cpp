#include "promptedit.h"

#include <QKeyEvent>
#include <QTextBlock>
#include <QTextLayout>

namespace camchat::ui {

namespace {

constexpr int kPreferredLines = 4;
constexpr int kMinimumLines = 2;

// The line of the text layout that holds the cursor, or an invalid line while the block
// has not been laid out yet (e.g. before the widget is first shown).
QTextLine cursorLine(const QTextCursor &cursor)
{
    const QTextLayout *layout = cursor.block().layout();
    if (!layout || layout->lineCount() == 0)
        return {};
    return layout->lineForTextPosition(cursor.positionInBlock());
}

} // namespace

PromptEdit::PromptEdit(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setPlaceholderText(tr("Ask about the image… (Enter to send, Shift+Enter for a new line)"));
    setTabChangesFocus(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

QString PromptEdit::prompt() const
{
    return toPlainText().trimmed();
}

QStringList PromptEdit::history() const
{
    return m_history;
}

void PromptEdit::setHistory(const QStringList &oldestFirst)
{
    m_history.clear();
    for (const QString &entry : oldestFirst) {
        if (entry.trimmed().isEmpty() || (!m_history.isEmpty() && m_history.constLast() == entry))
            continue;
        m_history.append(entry);
    }
    if (m_history.size() > kMaxHistory)
        m_history.remove(0, m_history.size() - kMaxHistory);
    resetNavigation();
}

void PromptEdit::addToHistory(const QString &prompt)
{
    if (!prompt.trimmed().isEmpty() && (m_history.isEmpty() || m_history.constLast() != prompt)) {
        m_history.append(prompt);
        if (m_history.size() > kMaxHistory)
            m_history.removeFirst();
    }
    resetNavigation();
}

QSize PromptEdit::sizeHint() const
{
    return sizeForLines(kPreferredLines);
}

QSize PromptEdit::minimumSizeHint() const
{
    return sizeForLines(kMinimumLines);
}

QSize PromptEdit::sizeForLines(int lines) const
{
    const QMargins margins = contentsMargins() + viewportMargins();
    const int documentMargin = qRound(document()->documentMargin());
    const int height = lines * fontMetrics().lineSpacing() + 2 * documentMargin
        + margins.top() + margins.bottom();
    return {QPlainTextEdit::sizeHint().width(), height};
}

void PromptEdit::keyPressEvent(QKeyEvent *event)
{
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (isComposing()) {
            // The input method owns this Enter (it commits the composition); neither send
            // a half-composed prompt nor break the line under it.
            event->accept();
            return;
        }
        if (modifiers == Qt::ShiftModifier) {
            // A real paragraph break rather than Qt's default U+2028 line separator, so
            // the prompt and the history walk see ordinary lines.
            textCursor().insertBlock();
            ensureCursorVisible();
            return;
        }
        if (modifiers == Qt::NoModifier || modifiers == Qt::ControlModifier) {
            Q_EMIT submitRequested();
            return;
        }
        break;
    case Qt::Key_Up:
        if (modifiers == Qt::NoModifier && !isComposing() && cursorOnFirstLine() && m_index > 0) {
            showHistoryEntry(m_index - 1, true);
            return;
        }
        break;
    case Qt::Key_Down:
        if (modifiers == Qt::NoModifier && !isComposing() && cursorOnLastLine()
            && m_index < m_history.size()) {
            showHistoryEntry(m_index + 1, false);
            return;
        }
        break;
    default:
        break;
    }
    QPlainTextEdit::keyPressEvent(event);
}

bool PromptEdit::isComposing() const
{
    const QTextLayout *layout = textCursor().block().layout();
    return layout && !layout->preeditAreaText().isEmpty();
}

bool PromptEdit::cursorOnFirstLine() const
{
    const QTextCursor cursor = textCursor();
    if (cursor.block() != document()->firstBlock())
        return false;
    const QTextLine line = cursorLine(cursor);
    return !line.isValid() || line.lineNumber() == 0;
}

bool PromptEdit::cursorOnLastLine() const
{
    const QTextCursor cursor = textCursor();
    if (cursor.block() != document()->lastBlock())
        return false;
    const QTextLine line = cursorLine(cursor);
    return !line.isValid() || line.lineNumber() == cursor.block().layout()->lineCount() - 1;
}

void PromptEdit::showHistoryEntry(int index, bool cursorAtStart)
{
    m_edits.insert(m_index, toPlainText());
    m_index = index;
    const QString original = index < m_history.size() ? m_history.at(index) : QString();
    setPlainText(m_edits.value(index, original));
    // Up leaves the cursor at the start and Down at the end, so repeated presses keep
    // walking even through multi-line entries.
    QTextCursor cursor = textCursor();
    cursor.movePosition(cursorAtStart ? QTextCursor::Start : QTextCursor::End);
    setTextCursor(cursor);
}

void PromptEdit::resetNavigation()
{
    m_index = m_history.size();
    m_edits.clear();
}

} // namespace camchat::ui
