#include "widgettest.h"
#include "ui/promptedit.h"

#include <QInputMethodEvent>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using camchat::ui::PromptEdit;

class TestPromptEdit : public QObject
{
    Q_OBJECT

private:
    // A shown editor, so the text is laid out in visual lines as for a user.
    static void show(PromptEdit &edit)
    {
        QVERIFY(camchat::test::showWindow(&edit, QSize(400, edit.sizeHint().height())));
    }

private Q_SLOTS:
    void enterSubmits_data()
    {
        QTest::addColumn<int>("key");
        QTest::addColumn<int>("modifiers");
        QTest::newRow("Return") << int(Qt::Key_Return) << int(Qt::NoModifier);
        QTest::newRow("keypad Enter") << int(Qt::Key_Enter) << int(Qt::KeypadModifier);
        QTest::newRow("Ctrl+Return") << int(Qt::Key_Return) << int(Qt::ControlModifier);
        QTest::newRow("Ctrl+keypad Enter")
            << int(Qt::Key_Enter) << int(Qt::ControlModifier | Qt::KeypadModifier);
    }

    void enterSubmits()
    {
        QFETCH(int, key);
        QFETCH(int, modifiers);
        PromptEdit edit;
        QSignalSpy spy(&edit, &PromptEdit::submitRequested);
        QTest::keyClicks(&edit, QStringLiteral("what is this"));
        QTest::keyClick(&edit, Qt::Key(key), Qt::KeyboardModifiers(modifiers));
        QCOMPARE(spy.count(), 1);
        // Submitting is the owner's job: the text stays until it is taken.
        QCOMPARE(edit.toPlainText(), QStringLiteral("what is this"));
    }

    void shiftEnterInsertsNewline()
    {
        PromptEdit edit;
        QSignalSpy spy(&edit, &PromptEdit::submitRequested);
        QTest::keyClicks(&edit, QStringLiteral("first"));
        QTest::keyClick(&edit, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(&edit, QStringLiteral("second"));
        QCOMPARE(spy.count(), 0);
        QCOMPARE(edit.toPlainText(), QStringLiteral("first\nsecond"));
        QCOMPARE(edit.document()->blockCount(), 2);
    }

    void enterDuringCompositionDoesNotSubmit()
    {
        PromptEdit edit;
        show(edit);
        QSignalSpy spy(&edit, &PromptEdit::submitRequested);
        QTest::keyClicks(&edit, QStringLiteral("ab"));
        QInputMethodEvent compose(QStringLiteral("ni"), {});
        QCoreApplication::sendEvent(&edit, &compose);
        QTest::keyClick(&edit, Qt::Key_Return);
        QCOMPARE(spy.count(), 0);

        QInputMethodEvent commit;
        commit.setCommitString(QStringLiteral("你"));
        QCoreApplication::sendEvent(&edit, &commit);
        QCOMPARE(edit.toPlainText(), QStringLiteral("ab你"));
        QTest::keyClick(&edit, Qt::Key_Return);
        QCOMPARE(spy.count(), 1);
    }

    void promptIsTrimmed()
    {
        PromptEdit edit;
        edit.setPlainText(QStringLiteral("  \n what colour is it? \n\n"));
        QCOMPARE(edit.prompt(), QStringLiteral("what colour is it?"));
        QVERIFY(!edit.placeholderText().isEmpty());
    }

    void sizeHintIsAFewLines()
    {
        PromptEdit edit;
        const int line = edit.fontMetrics().lineSpacing();
        QVERIFY(edit.sizeHint().height() >= 3 * line);
        QVERIFY(edit.sizeHint().height() <= 6 * line);
        QVERIFY(edit.minimumSizeHint().height() < edit.sizeHint().height());
    }

    void historyWalkRestoresDraft()
    {
        PromptEdit edit;
        show(edit);
        edit.setHistory({QStringLiteral("one"), QStringLiteral("two\nlines"), QStringLiteral("three")});
        const QString draft = QStringLiteral("my draft\nsecond line");
        QTest::keyClicks(&edit, QStringLiteral("my draft"));
        QTest::keyClick(&edit, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(&edit, QStringLiteral("second line"));
        QCOMPARE(edit.toPlainText(), draft);

        // On the draft's last line Up only moves the cursor.
        QTest::keyClick(&edit, Qt::Key_Up);
        QCOMPARE(edit.toPlainText(), draft);
        QCOMPARE(edit.textCursor().blockNumber(), 0);

        QTest::keyClick(&edit, Qt::Key_Up);
        QCOMPARE(edit.toPlainText(), QStringLiteral("three"));
        QTest::keyClick(&edit, Qt::Key_Up);
        QCOMPARE(edit.toPlainText(), QStringLiteral("two\nlines"));
        QTest::keyClick(&edit, Qt::Key_Up);
        QCOMPARE(edit.toPlainText(), QStringLiteral("one"));
        QTest::keyClick(&edit, Qt::Key_Up); // past the oldest: stays
        QCOMPARE(edit.toPlainText(), QStringLiteral("one"));

        QTest::keyClick(&edit, Qt::Key_Down);
        QCOMPARE(edit.toPlainText(), QStringLiteral("two\nlines"));
        QTest::keyClick(&edit, Qt::Key_Down);
        QCOMPARE(edit.toPlainText(), QStringLiteral("three"));
        QTest::keyClick(&edit, Qt::Key_Down);
        QCOMPARE(edit.toPlainText(), draft);
        QTest::keyClick(&edit, Qt::Key_Down); // nothing newer than the draft
        QCOMPARE(edit.toPlainText(), draft);
    }

    void multiLineEntryIsWalkedLineByLine()
    {
        PromptEdit edit;
        show(edit);
        edit.setHistory({QStringLiteral("one"), QStringLiteral("two\nlines")});
        QTest::keyClick(&edit, Qt::Key_Up);
        QTest::keyClick(&edit, Qt::Key_Up);
        QCOMPARE(edit.toPlainText(), QStringLiteral("one"));
        // Down lands at the end of the two-line entry: the next Up moves within it first.
        QTest::keyClick(&edit, Qt::Key_Down);
        QCOMPARE(edit.toPlainText(), QStringLiteral("two\nlines"));
        QCOMPARE(edit.textCursor().blockNumber(), 1);
        QTest::keyClick(&edit, Qt::Key_Up);
        QCOMPARE(edit.toPlainText(), QStringLiteral("two\nlines"));
        QCOMPARE(edit.textCursor().blockNumber(), 0);
        QTest::keyClick(&edit, Qt::Key_Up);
        QCOMPARE(edit.toPlainText(), QStringLiteral("one"));
    }

    void wrappedLineCountsAsVisualLines()
    {
        PromptEdit edit;
        edit.setLineWrapMode(QPlainTextEdit::WidgetWidth);
        show(edit);
        edit.setHistory({QStringLiteral("old")});
        QString longText;
        for (int i = 0; i < 40; ++i)
            longText += QStringLiteral("word%1 ").arg(i);
        QTest::keyClicks(&edit, longText);
        QVERIFY(edit.document()->firstBlock().layout()->lineCount() > 1);

        // The cursor is on the last visual line of a single paragraph: Up moves it up.
        QTest::keyClick(&edit, Qt::Key_Up);
        QCOMPARE(edit.toPlainText(), longText);
        QTest::keyClick(&edit, Qt::Key_Home, Qt::ControlModifier);
        QTest::keyClick(&edit, Qt::Key_Up);
        QCOMPARE(edit.toPlainText(), QStringLiteral("old"));
        QTest::keyClick(&edit, Qt::Key_Down);
        QCOMPARE(edit.toPlainText(), longText);
    }

    void editingRecalledEntryKeepsHistory()
    {
        PromptEdit edit;
        show(edit);
        const QStringList history{QStringLiteral("one"), QStringLiteral("two")};
        edit.setHistory(history);
        QTest::keyClicks(&edit, QStringLiteral("draft"));
        QTest::keyClick(&edit, Qt::Key_Up);
        QCOMPARE(edit.toPlainText(), QStringLiteral("two"));
        QTest::keyClick(&edit, Qt::Key_End);
        QTest::keyClicks(&edit, QStringLiteral(" edited"));
        QTest::keyClick(&edit, Qt::Key_Up);
        QCOMPARE(edit.toPlainText(), QStringLiteral("one"));
        QCOMPARE(edit.history(), history);

        // The edit is still there while walking, and the draft after it.
        QTest::keyClick(&edit, Qt::Key_Down);
        QCOMPARE(edit.toPlainText(), QStringLiteral("two edited"));
        QTest::keyClick(&edit, Qt::Key_Down);
        QCOMPARE(edit.toPlainText(), QStringLiteral("draft"));
        QCOMPARE(edit.history(), history);

        // Sending ends the walk: the next Up recalls the stored entries again.
        edit.addToHistory(QStringLiteral("draft"));
        edit.clear();
        QTest::keyClick(&edit, Qt::Key_Up);
        QCOMPARE(edit.toPlainText(), QStringLiteral("draft"));
        QTest::keyClick(&edit, Qt::Key_Up);
        QCOMPARE(edit.toPlainText(), QStringLiteral("two"));
    }

    void historyDedupesAndIgnoresEmpty()
    {
        PromptEdit edit;
        edit.addToHistory(QStringLiteral("a"));
        edit.addToHistory(QStringLiteral("a"));
        edit.addToHistory(QString());
        edit.addToHistory(QStringLiteral("  \n"));
        edit.addToHistory(QStringLiteral("b"));
        edit.addToHistory(QStringLiteral("a"));
        QCOMPARE(edit.history(), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("a")}));
    }

    void historyIsCapped()
    {
        PromptEdit edit;
        for (int i = 0; i < PromptEdit::kMaxHistory + 50; ++i)
            edit.addToHistory(QStringLiteral("p%1").arg(i));
        QCOMPARE(edit.history().size(), PromptEdit::kMaxHistory);
        QCOMPARE(edit.history().constFirst(), QStringLiteral("p50"));
        QCOMPARE(edit.history().constLast(), QStringLiteral("p149"));

        QStringList saved;
        for (int i = 0; i < PromptEdit::kMaxHistory + 7; ++i)
            saved << QStringLiteral("s%1").arg(i);
        edit.setHistory(saved);
        QCOMPARE(edit.history(), saved.mid(7));
    }
};

QTEST_MAIN(TestPromptEdit)
#include "test_promptedit.moc"
