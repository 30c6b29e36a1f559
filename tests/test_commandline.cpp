// Tests the top-level command line of camchat_cli in-process (the app executable itself
// is run as a process by the cli_* tests).
#include "app/commandline.h"

#include "testimages.h"
#include "ui/mainwindow.h"
#include "ui/previewview.h"

#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <array>
#include <cstdio>
#include <vector>

#include <unistd.h>

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

    void kioskAndDeviceOptions()
    {
        GuiOptions defaults;
        QCOMPARE(CommandLine::parse({QStringLiteral("camchat")}, defaults), -1);
        QVERIFY(!defaults.kiosk);
        QVERIFY(defaults.device.isEmpty());

        GuiOptions options;
        QCOMPARE(CommandLine::parse({QStringLiteral("camchat"), QStringLiteral("--kiosk"), QStringLiteral("--device"),
                                     QStringLiteral("/dev/video11")},
                                    options),
                 -1);
        QVERIFY(options.kiosk);
        QCOMPARE(options.device, QStringLiteral("/dev/video11"));
        QVERIFY(options.imageFile.isEmpty());

        GuiOptions equals;
        QCOMPARE(CommandLine::parse({QStringLiteral("camchat"), QStringLiteral("--device=/dev/video0"),
                                     QStringLiteral("photo.jpg")},
                                    equals),
                 -1);
        QVERIFY(!equals.kiosk);
        QCOMPARE(equals.device, QStringLiteral("/dev/video0"));
        QVERIFY(equals.imageFile.endsWith(QStringLiteral("photo.jpg")));
    }

    void helpListsKioskDeviceAndSnap()
    {
        QTemporaryFile capture;
        QVERIFY(capture.open());
        std::fflush(stdout);
        const int saved = ::dup(STDOUT_FILENO);
        ::dup2(capture.handle(), STDOUT_FILENO);
        GuiOptions options;
        const int code = CommandLine::parse({QStringLiteral("camchat"), QStringLiteral("--help")}, options);
        std::fflush(stdout);
        ::dup2(saved, STDOUT_FILENO);
        ::close(saved);
        QCOMPARE(code, 0);
        capture.seek(0);
        const QByteArray help = capture.readAll();
        QVERIFY2(help.contains("--kiosk") && help.contains("--device <path>"), help.constData());
        QVERIFY(help.contains("  snap "));
        QCOMPARE(classifyArgs({"snap", "--help"}).kind, Invocation::Kind::Subcommand);
        QCOMPARE(QLatin1String(classifyArgs({"snap"}).subcommand->name), QLatin1String("snap"));
    }

    void usageErrorsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("camchat"), QStringLiteral("--bogus")};
        QTest::newRow("two files") << QStringList{QStringLiteral("camchat"), QStringLiteral("a.jpg"), QStringLiteral("b.jpg")};
        QTest::newRow("lang without value") << QStringList{QStringLiteral("camchat"), QStringLiteral("--lang")};
        QTest::newRow("device without value") << QStringList{QStringLiteral("camchat"), QStringLiteral("--device")};
        QTest::newRow("empty device") << QStringList{QStringLiteral("camchat"), QStringLiteral("--device="),
                                                     QStringLiteral("--kiosk")};
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
