#include "inference/utf8stream.h"

#include <QTest>

#include <string>

using camchat::inference::Utf8Stream;

class TestUtf8Stream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void asciiPassesStraightThrough()
    {
        Utf8Stream stream;
        QCOMPARE(stream.push("Hello"), QStringLiteral("Hello"));
        QCOMPARE(stream.push(" world"), QStringLiteral(" world"));
    }

    // Every split point of every multi-byte length: nothing comes out until the
    // character is whole, then exactly that character.
    void splitCharactersArriveWhole_data()
    {
        QTest::addColumn<QString>("character");
        QTest::newRow("2 bytes") << QStringLiteral("é");
        QTest::newRow("3 bytes") << QStringLiteral("中");
        QTest::newRow("4 bytes") << QString::fromUtf8("\xF0\x9F\x99\x82"); // U+1F642
    }

    void splitCharactersArriveWhole()
    {
        QFETCH(QString, character);
        const std::string bytes = character.toStdString();
        for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
            Utf8Stream stream;
            QCOMPARE(stream.push(std::string("a") + bytes.substr(0, cut)), QStringLiteral("a"));
            QCOMPARE(stream.push(bytes.substr(cut) + "b"), character + QStringLiteral("b"));
        }
    }

    void byteByByte()
    {
        Utf8Stream stream;
        const std::string bytes = QStringLiteral("é中\U0001F642!").toStdString();
        QString out;
        int pieces = 0;
        for (const char byte : bytes) {
            const QString piece = stream.push(std::string(1, byte));
            if (!piece.isEmpty())
                ++pieces;
            out += piece;
        }
        QCOMPARE(out, QStringLiteral("é中\U0001F642!"));
        QCOMPARE(pieces, 4); // one emission per whole character
    }

    void invalidBytesBecomeReplacementCharacters()
    {
        Utf8Stream stream;
        QCOMPARE(stream.push("a\xFF" "b"), QStringLiteral("a\uFFFDb"));
    }
};

QTEST_GUILESS_MAIN(TestUtf8Stream)
#include "test_utf8stream.moc"
