#include "capture/filepublish.h"
#include "testfiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace camchat::capture;

Q_DECLARE_METATYPE(camchat::capture::PublishMethod)

using camchat::test::dirEntries;
using camchat::test::readFile;
using camchat::test::writeFile;

namespace {

const QByteArray kMarker = "MARKER: this file was here first and must survive";

} // namespace

class TestFilePublish : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void publishes_data();
    void publishes();
    void neverReplaces_data();
    void neverReplaces();
    void newFileIsComplete();
    void newFileRefusesExisting();
    void fileAppearingBeforePublishIsKept();
    void newFileInMissingFolder();
};

void TestFilePublish::cleanup()
{
    setBeforePublishHookForTesting({});
}

void TestFilePublish::publishes_data()
{
    QTest::addColumn<PublishMethod>("method");
    QTest::newRow("renameat2") << PublishMethod::Auto;
    QTest::newRow("link+unlink") << PublishMethod::LinkOnly;
}

void TestFilePublish::publishes()
{
    QFETCH(PublishMethod, method);
    QTemporaryDir dir;
    const QString from = dir.filePath(QStringLiteral(".part"));
    const QString to = dir.filePath(QStringLiteral("final.jpg"));
    QVERIFY(writeFile(from, "new bytes"));
    const PublishResult result = publishNoReplace(from, to, method);
    QCOMPARE(result.status, PublishStatus::Published);
    QCOMPARE(readFile(to), QByteArray("new bytes"));
    QCOMPARE(dirEntries(dir.path()), QStringList{QStringLiteral("final.jpg")});
}

void TestFilePublish::neverReplaces_data()
{
    publishes_data();
}

void TestFilePublish::neverReplaces()
{
    QFETCH(PublishMethod, method);
    QTemporaryDir dir;
    const QString from = dir.filePath(QStringLiteral(".part"));
    const QString to = dir.filePath(QStringLiteral("final.jpg"));
    QVERIFY(writeFile(from, "new bytes"));
    QVERIFY(writeFile(to, kMarker));
    const PublishResult result = publishNoReplace(from, to, method);
    QCOMPARE(result.status, PublishStatus::TargetExists);
    QCOMPARE(readFile(to), kMarker);
    QCOMPARE(readFile(from), QByteArray("new bytes")); // still there for the caller to drop

    // A dangling symlink is "something there" too.
    const QString link = dir.filePath(QStringLiteral("link.jpg"));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("nowhere")), link));
    QCOMPARE(publishNoReplace(from, link, method).status, PublishStatus::TargetExists);
    QVERIFY(QFileInfo(link).isSymLink());
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("nowhere"))));
}

void TestFilePublish::newFileIsComplete()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("transcript.md"));
    const QByteArray data(100000, 'x');
    const NewFileResult result = writeNewFile(path, data);
    QVERIFY2(!result, qPrintable(result.detail));
    QCOMPARE(readFile(path), data);
    QCOMPARE(dirEntries(dir.path()), QStringList{QStringLiteral("transcript.md")});
    // Ordinary permissions, like any other file the user saves (not a 0600 temporary).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    struct stat st {};
    QVERIFY(::stat(QFile::encodeName(path).constData(), &st) == 0);
    QCOMPARE(int(st.st_mode & 0777), int(0666 & ~mask));
}

void TestFilePublish::newFileRefusesExisting()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("transcript.md"));
    QVERIFY(writeFile(path, kMarker));
    const NewFileResult result = writeNewFile(path, "replacement");
    QCOMPARE(result.code, NewFileError::AlreadyExists);
    QCOMPARE(readFile(path), kMarker);
    QCOMPARE(dirEntries(dir.path()), QStringList{QStringLiteral("transcript.md")});
}

void TestFilePublish::fileAppearingBeforePublishIsKept()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("transcript.md"));
    int calls = 0;
    setBeforePublishHookForTesting([&](const QString &target) {
        ++calls;
        QCOMPARE(target, path);
        QVERIFY(writeFile(target, kMarker));
    });
    const NewFileResult result = writeNewFile(path, "replacement");
    QCOMPARE(calls, 1);
    QCOMPARE(result.code, NewFileError::AlreadyExists);
    QVERIFY(result.detail.contains(path));
    QCOMPARE(readFile(path), kMarker);
    // The temporary file is gone too.
    QCOMPARE(dirEntries(dir.path()), QStringList{QStringLiteral("transcript.md")});
}

void TestFilePublish::newFileInMissingFolder()
{
    QTemporaryDir dir;
    const NewFileResult result = writeNewFile(dir.filePath(QStringLiteral("no/such/x.md")), "x");
    QCOMPARE(result.code, NewFileError::OpenFailed);
    QVERIFY(!result.detail.isEmpty());
    QCOMPARE(writeNewFile(QString(), "x").code, NewFileError::OpenFailed);
}

QTEST_GUILESS_MAIN(TestFilePublish)
#include "test_filepublish.moc"
