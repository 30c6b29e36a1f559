#include "ui/transcriptexporter.h"

#include "capture/filepublish.h"
#include "ui/chatview.h"

#include "testimages.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using camchat::ui::ChatView;
using camchat::ui::TranscriptExporter;
namespace ti = camchat::testimages;

using camchat::test::dirEntries;
using camchat::test::readFile;
using camchat::test::writeFile;

namespace {

const QByteArray kMarker = "MARKER: the user's own file, which must survive";

// Two user turns with a picture each, each answered.
void fillChat(ChatView &chat)
{
    for (const char *question : {"first question", "second question"}) {
        chat.addUserTurn(QString::fromLatin1(question), QImage(8, 8, QImage::Format_RGB32));
        chat.beginAssistantTurn();
        chat.appendAssistantText(QStringLiteral("an answer"));
        chat.endAssistantTurn();
    }
}

} // namespace

class TestTranscriptExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void existingImagesAreNotReplaced();
    void imageAppearingDuringSaveGetsAnotherName();
    void existingMarkdownIsNotReplaced();
    void markdownAppearingDuringSaveIsKept();
    void replacingTheMarkdownWhenAsked();

private:
    QList<camchat::capture::Frame> m_images{ti::solidFrame(40, 30, qRgb(200, 30, 30)),
                                            ti::solidFrame(30, 20, qRgb(30, 90, 200))};
};

void TestTranscriptExporter::cleanup()
{
    camchat::capture::setBeforePublishHookForTesting({});
}

// NAME-1.jpg and NAME-3.jpg belong to someone else: the pictures go to fresh names and
// the Markdown links to those.
void TestTranscriptExporter::existingImagesAreNotReplaced()
{
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(QStringLiteral("talk-1.jpg")), kMarker));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("talk-3.jpg")), kMarker + "3"));
    ChatView chat;
    fillChat(chat);
    TranscriptExporter exporter;
    QSignalSpy saved(&exporter, &TranscriptExporter::saved);
    QSignalSpy failed(&exporter, &TranscriptExporter::failed);
    const QString path = dir.filePath(QStringLiteral("talk.md"));
    QVERIFY(exporter.save(path, chat, m_images, QString(), {}));
    QVERIFY(saved.wait());
    QCOMPARE(failed.count(), 0);

    QCOMPARE(readFile(dir.filePath(QStringLiteral("talk-1.jpg"))), kMarker);
    QCOMPARE(readFile(dir.filePath(QStringLiteral("talk-3.jpg"))), kMarker + "3");
    QCOMPARE(QImage(dir.filePath(QStringLiteral("talk-2.jpg"))).size(), QSize(40, 30));
    QCOMPARE(QImage(dir.filePath(QStringLiteral("talk-4.jpg"))).size(), QSize(30, 20));
    const QString markdown = QString::fromUtf8(readFile(path));
    QVERIFY2(markdown.contains(QLatin1String("](talk-2.jpg)")), qPrintable(markdown));
    QVERIFY2(markdown.contains(QLatin1String("](talk-4.jpg)")), qPrintable(markdown));
    QVERIFY(!markdown.contains(QLatin1String("talk-1.jpg")));
    QCOMPARE(dirEntries(dir.path()).size(), 5);
}

void TestTranscriptExporter::imageAppearingDuringSaveGetsAnotherName()
{
    QTemporaryDir dir;
    const QString first = dir.filePath(QStringLiteral("talk with space-1.jpg"));
    bool planted = false;
    camchat::capture::setBeforePublishHookForTesting([&](const QString &target) {
        if (target == first && !planted) {
            planted = true;
            writeFile(first, kMarker);
        }
    });
    ChatView chat;
    fillChat(chat);
    TranscriptExporter exporter;
    QSignalSpy saved(&exporter, &TranscriptExporter::saved);
    const QString path = dir.filePath(QStringLiteral("talk with space.md"));
    QVERIFY(exporter.save(path, chat, m_images, QString(), {}));
    QVERIFY(saved.wait());
    QVERIFY(planted);
    QCOMPARE(readFile(first), kMarker);
    const QString markdown = QString::fromUtf8(readFile(path));
    QVERIFY(!markdown.contains(QLatin1String("talk with space-1.jpg")));
    // The names keep Markdown's <...> form for targets with spaces.
    QVERIFY2(markdown.contains(QLatin1String("](<talk with space-2.jpg>)")), qPrintable(markdown));
    QVERIFY2(markdown.contains(QLatin1String("](<talk with space-3.jpg>)")), qPrintable(markdown));
    QCOMPARE(QImage(dir.filePath(QStringLiteral("talk with space-2.jpg"))).size(), QSize(40, 30));
    QCOMPARE(QImage(dir.filePath(QStringLiteral("talk with space-3.jpg"))).size(), QSize(30, 20));
}

void TestTranscriptExporter::existingMarkdownIsNotReplaced()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("talk.md"));
    QVERIFY(writeFile(path, kMarker));
    ChatView chat;
    fillChat(chat);
    TranscriptExporter exporter;
    QSignalSpy saved(&exporter, &TranscriptExporter::saved);
    QSignalSpy failed(&exporter, &TranscriptExporter::failed);
    QVERIFY(exporter.save(path, chat, m_images, QString(), {}));
    QVERIFY(failed.wait());
    QCOMPARE(saved.count(), 0);
    QVERIFY(failed.first().first().toString().contains(QDir::toNativeSeparators(path)));
    QCOMPARE(readFile(path), kMarker);
}

void TestTranscriptExporter::markdownAppearingDuringSaveIsKept()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("talk.md"));
    camchat::capture::setBeforePublishHookForTesting([&](const QString &target) {
        if (target == path)
            writeFile(path, kMarker);
    });
    ChatView chat;
    fillChat(chat);
    TranscriptExporter exporter;
    QSignalSpy saved(&exporter, &TranscriptExporter::saved);
    QSignalSpy failed(&exporter, &TranscriptExporter::failed);
    QVERIFY(exporter.save(path, chat, m_images, QString(), {}));
    QVERIFY(failed.wait());
    QCOMPARE(saved.count(), 0);
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QDir::toNativeSeparators(path)), qPrintable(message));
    QCOMPARE(readFile(path), kMarker);
}

void TestTranscriptExporter::replacingTheMarkdownWhenAsked()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("talk.md"));
    QVERIFY(writeFile(path, kMarker));
    QVERIFY(writeFile(dir.filePath(QStringLiteral("talk-1.jpg")), kMarker));
    ChatView chat;
    fillChat(chat);
    TranscriptExporter exporter;
    QSignalSpy saved(&exporter, &TranscriptExporter::saved);
    // The user agreed to replace the .md (the file dialog asked); the pictures still
    // never replace anything.
    QVERIFY(exporter.save(path, chat, m_images, QString(), {}, TranscriptExporter::ReplaceMarkdown));
    QVERIFY(saved.wait());
    QVERIFY(readFile(path).contains("first question"));
    QCOMPARE(readFile(dir.filePath(QStringLiteral("talk-1.jpg"))), kMarker);
}

QTEST_MAIN(TestTranscriptExporter)
#include "test_transcriptexporter.moc"
