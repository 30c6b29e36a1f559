// Tests app/commandline.cpp, compiled into this test (the app executable itself is only
// run as a process, by the cli_* tests).
#include "app/commandline.h"

#include "testimages.h"
#include "ui/mainwindow.h"
#include "ui/previewview.h"

#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <vector>

using camchat::app::CommandLine;
using camchat::app::GuiOptions;
using camchat::app::Invocation;

namespace {

Invocation classifyArgs(std::vector<QByteArray> args)
{
    args.insert(args.begin(), QByteArrayLiteral("camchat"));
    std::vector<char *> argv;
    for (QByteArray &arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    return camchat::app::classify(static_cast<int>(args.size()), argv.data());
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("camchat-test"));
        QCoreApplication::setApplicationName(QStringLiteral("test_commandline"));
        QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7"));
    }

    void classifiesWithoutAnApplication()
    {
        QCOMPARE(classifyArgs({}).kind, Invocation::Kind::Gui);
        QCOMPARE(classifyArgs({"photo.jpg"}).kind, Invocation::Kind::Gui);
        QCOMPARE(classifyArgs({"--help"}).kind, Invocation::Kind::HelpOrVersion);
        QCOMPARE(classifyArgs({"photo.jpg", "--version"}).kind, Invocation::Kind::HelpOrVersion);
        // Anything after "--" is a file name, even if it looks like an option.
        QCOMPARE(classifyArgs({"--", "--help"}).kind, Invocation::Kind::Gui);
        QCOMPARE(classifyArgs({"--lang", "de", "x.png"}).language, QStringLiteral("de"));
        QCOMPARE(classifyArgs({"--lang=zh_CN"}).language, QStringLiteral("zh_CN"));
    }

    void fileArgumentBecomesAbsolutePath()
    {
        GuiOptions options;
        QCOMPARE(CommandLine::parse({QStringLiteral("camchat"), QStringLiteral("some.jpg")}, options), -1);
        QCOMPARE(options.imageFile, QDir::current().absoluteFilePath(QStringLiteral("some.jpg")));
    }

    void noFileMeansEmptyWindow()
    {
        GuiOptions options;
        QCOMPARE(CommandLine::parse({QStringLiteral("camchat"), QStringLiteral("--lang"), QStringLiteral("de")}, options), -1);
        QVERIFY(options.imageFile.isEmpty());
    }

    void usageErrorsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("camchat"), QStringLiteral("--bogus")};
        QTest::newRow("two files") << QStringList{QStringLiteral("camchat"), QStringLiteral("a.jpg"), QStringLiteral("b.jpg")};
        QTest::newRow("lang without value") << QStringList{QStringLiteral("camchat"), QStringLiteral("--lang")};
    }

    void usageErrorsExitWithTwo()
    {
        QFETCH(QStringList, arguments);
        GuiOptions options;
        QCOMPARE(CommandLine::parse(arguments, options), int(camchat::app::kExitUsage));
    }

    void helpAndVersionExitWithZero()
    {
        GuiOptions options;
        QCOMPARE(CommandLine::parse({QStringLiteral("camchat"), QStringLiteral("--version")}, options), 0);
        QCOMPARE(CommandLine::parse({QStringLiteral("camchat"), QStringLiteral("--help")}, options), 0);
    }

    // What main() does with `camchat FILE`: the parsed file ends up in the preview.
    void commandLineFileIsShownInPreview()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = camchat::testimages::writeTempFile(
            dir, QStringLiteral("cli.png"), camchat::testimages::encodePng(camchat::testimages::patternFrame(321, 123)));
        QVERIFY(!path.isEmpty());

        GuiOptions options;
        QCOMPARE(CommandLine::parse({QStringLiteral("camchat"), path}, options), -1);

        camchat::ui::MainWindow window;
        QSignalSpy changed(&window, &camchat::ui::MainWindow::imageChanged);
        window.openImageFile(options.imageFile);
        QVERIFY(changed.wait(10000));
        auto *preview = window.findChild<camchat::ui::PreviewView *>(QStringLiteral("previewView"));
        QVERIFY(preview);
        QVERIFY(preview->hasImage());
        QCOMPARE(preview->image().size(), QSize(321, 123));
    }
};

QTEST_MAIN(TestCommandLine)
#include "test_commandline.moc"
