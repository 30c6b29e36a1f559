#include "widgettest.h"
#include "ui/chatview.h"

#include <QImage>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextImageFormat>

using camchat::ui::ChatView;

namespace {

// True when `needles` occur in `haystack` in this order.
bool inOrder(const QString &haystack, const QStringList &needles)
{
    qsizetype from = 0;
    for (const QString &needle : needles) {
        from = haystack.indexOf(needle, from);
        if (from < 0) {
            qWarning() << "not found in order:" << needle;
            return false;
        }
        from += needle.size();
    }
    return true;
}

void answer(ChatView &view, const QStringList &pieces)
{
    view.beginAssistantTurn();
    for (const QString &piece : pieces)
        view.appendAssistantText(piece);
    view.endAssistantTurn();
}

} // namespace

class TestChatView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyViewShowsHint()
    {
        ChatView view;
        QVERIFY(view.document()->isEmpty());
        QVERIFY(!view.placeholderText().isEmpty());
        QVERIFY(!view.hasAnswer());
        QVERIFY(view.toMarkdown().isEmpty());

        // The hint is painted on the empty transcript and gone once there is a turn.
        view.resize(400, 200);
        const QImage withHint = view.grab().toImage();
        ChatView blank;
        blank.setPlaceholderText(QString());
        blank.resize(400, 200);
        QVERIFY(withHint != blank.grab().toImage());
        view.addUserTurn(QStringLiteral("hello"));
        QVERIFY(!view.toPlainText().contains(view.placeholderText()));
    }

    void turnsAppearInOrder()
    {
        ChatView view;
        view.addUserTurn(QStringLiteral("What is on the table?"));
        answer(view, {QStringLiteral("A red "), QStringLiteral("mug.")});
        view.addUserTurn(QStringLiteral("Is it full?\nLook closely."));
        answer(view, {QStringLiteral("It is **empty**.")});

        QVERIFY(inOrder(view.toPlainText(),
            {QStringLiteral("You"), QStringLiteral("What is on the table?"), QStringLiteral("camchat"),
                QStringLiteral("A red mug."), QStringLiteral("You"), QStringLiteral("Is it full?\nLook closely."),
                QStringLiteral("camchat"), QStringLiteral("It is **empty**.")}));
        // Nothing before the first turn: the document starts with it.
        QVERIFY(view.toPlainText().startsWith(QStringLiteral("You")));

        const QString markdown = view.toMarkdown();
        QVERIFY2(inOrder(markdown,
                     {QStringLiteral("### You"), QStringLiteral("> What is on the table?"),
                         QStringLiteral("### camchat"), QStringLiteral("A red mug."), QStringLiteral("### You"),
                         QStringLiteral("> Is it full?\n> Look closely."), QStringLiteral("### camchat"),
                         QStringLiteral("It is **empty**.")}),
            qPrintable(markdown));
        QCOMPARE(view.lastAnswer(), QStringLiteral("It is **empty**."));
    }

    void userTurnWithThumbnail()
    {
        ChatView view;
        QImage photo(1280, 720, QImage::Format_RGB32);
        photo.fill(Qt::darkGreen);
        view.addUserTurn(QStringLiteral("What is this?"), photo);

        QTextImageFormat image;
        for (QTextBlock block = view.document()->begin(); block.isValid(); block = block.next()) {
            for (auto it = block.begin(); !it.atEnd(); ++it) {
                if (it.fragment().charFormat().isImageFormat())
                    image = it.fragment().charFormat().toImageFormat();
            }
        }
        QVERIFY(image.isValid());
        const QImage stored = view.document()
                                  ->resource(QTextDocument::ImageResource, QUrl(image.name()))
                                  .value<QImage>();
        QVERIFY(!stored.isNull());
        QVERIFY(image.width() <= 160 && image.height() <= 160);
        QCOMPARE(qRound(image.width()), 160);
        QCOMPARE(stored.pixelColor(0, 0), QColor(Qt::darkGreen));
        QVERIFY(inOrder(view.toMarkdown(), {QStringLiteral("### You"), QStringLiteral("image"),
                                               QStringLiteral("> What is this?")}));
    }

    void streamingIsIncremental()
    {
        ChatView view;
        view.addUserTurn(QStringLiteral("Count"));
        view.beginAssistantTurn();
        const int blocksBefore = view.document()->blockCount();
        const int answerStart = view.document()->characterCount() - 1;

        QSignalSpy changes(view.document(), &QTextDocument::contentsChange);
        QString expected;
        for (int i = 0; i < 1000; ++i) {
            const QString piece = QStringLiteral(" tok%1").arg(i);
            view.appendAssistantText(piece);
            expected += piece;
        }
        view.endAssistantTurn();

        // Every piece is one insertion after what was already there; nothing is rebuilt.
        QCOMPARE(changes.count(), 1000);
        for (const QList<QVariant> &change : std::as_const(changes)) {
            QVERIFY(change.at(0).toInt() >= answerStart);
            QCOMPARE(change.at(1).toInt(), 0);
        }
        QVERIFY(view.document()->blockCount() - blocksBefore <= 2);
        QCOMPARE(view.lastAnswer(), expected);
        QVERIFY(view.toPlainText().endsWith(expected));
    }

    void scrollFollowsOnlyAtBottom()
    {
        ChatView view;
        QVERIFY(camchat::test::showWindow(&view, QSize(400, 200)));
        QScrollBar *bar = view.verticalScrollBar();

        view.addUserTurn(QStringLiteral("Tell me a long story"));
        view.beginAssistantTurn();
        for (int i = 0; i < 60; ++i)
            view.appendAssistantText(QStringLiteral("line %1\n").arg(i));
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum()); // was at the bottom: follows

        // The user scrolls up to read: new text must not pull the view away.
        bar->setValue(bar->maximum() / 3);
        const int readingAt = bar->value();
        const int oldMaximum = bar->maximum();
        for (int i = 0; i < 60; ++i)
            view.appendAssistantText(QStringLiteral("more %1\n").arg(i));
        QTRY_VERIFY(bar->maximum() > oldMaximum);
        QTest::qWait(20);
        QCOMPARE(bar->value(), readingAt);

        // Back at the bottom, it follows again.
        bar->setValue(bar->maximum());
        const int bottom = bar->maximum();
        for (int i = 0; i < 20; ++i)
            view.appendAssistantText(QStringLiteral("end %1\n").arg(i));
        QTRY_VERIFY(bar->maximum() > bottom);
        QTRY_COMPARE(bar->value(), bar->maximum());
        view.endAssistantTurn();
    }

    void unicodePieces()
    {
        ChatView view;
        view.addUserTurn(QStringLiteral("这是什么？"));
        const QStringList pieces{QStringLiteral("这是"), QStringLiteral("一只"), QStringLiteral("猫。"),
            QStringLiteral(" 日本語 "), QStringLiteral("😀"), QStringLiteral("👍🏽"), QStringLiteral(" café"),
            QStringLiteral("\n"), QStringLiteral("👩‍👩‍👧")};
        answer(view, pieces);
        const QString expected = pieces.join(QString());
        QCOMPARE(view.lastAnswer(), expected);
        QVERIFY(view.toPlainText().endsWith(expected));
        QVERIFY(view.toMarkdown().contains(expected));
        QVERIFY(view.toMarkdown().contains(QStringLiteral("> 这是什么？")));
    }

    void errorWithDetail()
    {
        ChatView view;
        QVERIFY(camchat::test::showWindow(&view, QSize(500, 300)));
        const QString message = QStringLiteral("The model could not be loaded.");
        const QString detail = QStringLiteral("dlopen(librkllmrt.so): cannot open shared object file");
        view.addUserTurn(QStringLiteral("hi"));
        view.addError(message, detail);
        view.addUserTurn(QStringLiteral("again"));

        QVERIFY(inOrder(view.toPlainText(), {QStringLiteral("hi"), message, QStringLiteral("again")}));
        QVERIFY(!view.toPlainText().contains(detail)); // only on request
        QVERIFY(inOrder(view.toMarkdown(), {QStringLiteral("> hi"), QStringLiteral("Error"), message,
                                               detail, QStringLiteral("> again")}));

        // Clicking "Details" shows the detail under the message.
        const QTextCursor link = view.document()->find(QStringLiteral("Details"));
        QVERIFY(!link.isNull());
        QTextCursor inside(view.document());
        inside.setPosition(link.selectionStart() + 2);
        const QPoint at = view.cursorRect(inside).center();
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, at);
        QTRY_VERIFY(view.toPlainText().contains(detail));
        QVERIFY(inOrder(view.toPlainText(), {message, detail, QStringLiteral("again")}));
        QVERIFY(view.document()->find(QStringLiteral("Details")).isNull());
        QVERIFY(!view.hasAnswer());
    }

    void errorsExpandIndependently()
    {
        ChatView view;
        view.addError(QStringLiteral("first"), QStringLiteral("detail one"));
        view.addError(QStringLiteral("second"), QStringLiteral("detail two"));
        view.addError(QStringLiteral("third"), QString()); // nothing to expand
        Q_EMIT view.anchorClicked(QUrl(QStringLiteral("camchat-detail:1")));
        QVERIFY(view.toPlainText().contains(QStringLiteral("detail two")));
        QVERIFY(!view.toPlainText().contains(QStringLiteral("detail one")));
        QVERIFY(inOrder(view.toPlainText(),
            {QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("detail two"), QStringLiteral("third")}));
        Q_EMIT view.anchorClicked(QUrl(QStringLiteral("camchat-detail:0")));
        QVERIFY(inOrder(view.toPlainText(), {QStringLiteral("first"), QStringLiteral("detail one"),
                                                QStringLiteral("second"), QStringLiteral("detail two")}));
        // A second click, or a bogus number, changes nothing.
        const QString before = view.toPlainText();
        Q_EMIT view.anchorClicked(QUrl(QStringLiteral("camchat-detail:0")));
        Q_EMIT view.anchorClicked(QUrl(QStringLiteral("camchat-detail:7")));
        QCOMPARE(view.toPlainText(), before);
    }

    void newConversationKeepsOldText()
    {
        ChatView view;
        view.startNewConversation(); // nothing to divide yet
        QVERIFY(view.document()->isEmpty());

        view.addUserTurn(QStringLiteral("old question"));
        answer(view, {QStringLiteral("old answer")});
        view.startNewConversation();
        view.startNewConversation(); // one divider is enough
        view.addUserTurn(QStringLiteral("new question"));

        const QString text = view.toPlainText();
        QVERIFY(inOrder(text, {QStringLiteral("old question"), QStringLiteral("old answer"),
                                  QStringLiteral("New conversation"), QStringLiteral("new question")}));
        QCOMPARE(text.count(QStringLiteral("New conversation")), 1);
        QVERIFY(inOrder(view.toMarkdown(),
            {QStringLiteral("old answer"), QStringLiteral("\n---\n"), QStringLiteral("> new question")}));
        QCOMPARE(view.toMarkdown().count(QStringLiteral("\n---\n")), 1);
    }

    void lastAnswerChangedSignal()
    {
        ChatView view;
        QSignalSpy spy(&view, &ChatView::lastAnswerChanged);
        view.addUserTurn(QStringLiteral("q"));
        view.beginAssistantTurn();
        QCOMPARE(spy.count(), 0);
        view.appendAssistantText(QStringLiteral("Hel"));
        view.appendAssistantText(QString());
        view.appendAssistantText(QStringLiteral("lo"));
        view.endAssistantTurn();
        QCOMPARE(spy.count(), 2);
        QCOMPARE(view.lastAnswer(), QStringLiteral("Hello"));
        QVERIFY(view.hasAnswer());

        // A turn that produced nothing leaves the previous answer in place.
        view.addUserTurn(QStringLiteral("q2"));
        view.beginAssistantTurn();
        view.endAssistantTurn();
        QCOMPARE(view.lastAnswer(), QStringLiteral("Hello"));
        QCOMPARE(spy.count(), 2);

        answer(view, {QStringLiteral("Second")});
        QCOMPARE(spy.count(), 3);
        QCOMPARE(view.lastAnswer(), QStringLiteral("Second"));
    }
};

QTEST_MAIN(TestChatView)
#include "test_chatview.moc"
