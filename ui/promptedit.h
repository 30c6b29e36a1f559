#pragma once

#include <QHash>
#include <QPlainTextEdit>
#include <QStringList>

namespace camchat::ui {

// The prompt box: Enter sends, Shift+Enter starts a new line, Up/Down walk through the
// prompts sent before (like a shell), without ever losing what the user was typing.
class PromptEdit : public QPlainTextEdit
{
    Q_OBJECT

public:
    static constexpr int kMaxHistory = 100;

    explicit PromptEdit(QWidget *parent = nullptr);

    // The text as it would be sent: trimmed.
    QString prompt() const;

    // Sent prompts, oldest first.
    QStringList history() const;
    void setHistory(const QStringList &oldestFirst);
    // Records a sent prompt and ends any history walk.
    void addToHistory(const QString &prompt);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // Enter or Ctrl+Enter; the owner decides whether the prompt can be sent now.
    void submitRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    bool isComposing() const;
    bool cursorOnFirstLine() const;
    bool cursorOnLastLine() const;
    void showHistoryEntry(int index, bool cursorAtStart);
    void resetNavigation();
    QSize sizeForLines(int lines) const;

    QStringList m_history;
    // Position of the walk: m_history.size() is the user's own draft below the newest entry.
    int m_index = 0;
    // What the box held at each visited position (the draft, or edits of a recalled
    // entry), so walking away and back loses nothing; m_history itself never changes.
    QHash<int, QString> m_edits;
};

} // namespace camchat::ui
