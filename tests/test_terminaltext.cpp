#include "app/output.h"

#include <QTest>

using camchat::app::withoutControlCharacters;

class TestTerminalText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filters_data();
    void filters();
    void everyC0Character();
};

void TestTerminalText::filters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("A cat on a mat.") << QStringLiteral("A cat on a mat.");
    QTest::newRow("newline and tab kept") << QStringLiteral("a\n\tb\n") << QStringLiteral("a\n\tb\n");
    QTest::newRow("CSI clear screen") << QStringLiteral("x\x1b[2Jy") << QStringLiteral("x[2Jy");
    QTest::newRow("OSC window title") << QStringLiteral("\x1b]0;owned\x07ok") << QStringLiteral("]0;ownedok");
    QTest::newRow("carriage return") << QStringLiteral("safe\rEVIL") << QStringLiteral("safeEVIL");
    QTest::newRow("backspace, NUL") << QString::fromLatin1("a\bb\0c", 5) << QStringLiteral("abc");
    QTest::newRow("non-ASCII kept") << QStringLiteral("Größe 猫 🐈") << QStringLiteral("Größe 猫 🐈");
    QTest::newRow("DEL") << QStringLiteral("a\x7f") << QStringLiteral("a");
    QTest::newRow("C1 CSI") << (QStringLiteral("x") + QChar(0x9b) + QStringLiteral("2Jy")) << QStringLiteral("x2Jy");
    QTest::newRow("C1 OSC") << (QChar(0x9d) + QStringLiteral("0;owned")) << QStringLiteral("0;owned");
    QTest::newRow("bidi override") << (QStringLiteral("abc") + QChar(0x202e) + QStringLiteral("fed") + QChar(0x2069))
                                   << QStringLiteral("abcfed");
    QTest::newRow("U+00A0 kept") << (QStringLiteral("1") + QChar(0xa0) + QStringLiteral("kg"))
                                 << (QStringLiteral("1") + QChar(0xa0) + QStringLiteral("kg"));
    QTest::newRow("empty") << QString() << QString();
}

void TestTerminalText::filters()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(withoutControlCharacters(text), expected);
}

void TestTerminalText::everyC0Character()
{
    for (char16_t c = 0; c < 0x20; ++c) {
        const QString out = withoutControlCharacters(QString(QChar(c)));
        if (c == u'\n' || c == u'\t')
            QCOMPARE(out, QString(QChar(c)));
        else
            QVERIFY2(out.isEmpty(), qPrintable(QString::number(c)));
    }
}

QTEST_GUILESS_MAIN(TestTerminalText)
#include "test_terminaltext.moc"
