// camchat entry point: picks the GUI or a headless subcommand, sets up the application
// object, translations and the main window. No business logic lives here.
#include "commandline.h"
#include "instancechannel.h"

#include "ui/i18n.h"
#include "ui/mainwindow.h"

#include "inference/modelprobe.h"
#include "session/usersettings.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFileInfo>
#include <QGuiApplication>
#include <QIcon>

#include <cstdio>
#include <memory>

namespace {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("camchat"));
    QCoreApplication::setApplicationName(QStringLiteral("camchat"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAMCHAT_VERSION));
}

void setUpTranslations(QCoreApplication &app, const QString &requested)
{
    const QString language = camchat::ui::resolveLanguage(requested);
    if (language != QLatin1String("en") && !camchat::ui::installTranslators(app, language))
        std::fprintf(stderr, "camchat: no translation for '%s'; using English\n", qPrintable(language));
    if (!requested.isEmpty() && language == QLatin1String("en") && !requested.startsWith(QLatin1String("en")))
        std::fprintf(stderr, "camchat: no translation for '%s'; using English\n", qPrintable(requested));
}

} // namespace

int main(int argc, char *argv[])
{
    using namespace camchat;
    const app::Invocation invocation = app::classify(argc, argv);

    // Everything that can end the process before a window exists (subcommands, --help,
    // --version, usage errors) runs under a QCoreApplication, so it works over SSH and in
    // scripts without a display.
    app::GuiOptions options;
    {
        // `ask --screen` grabs the screen, which takes a GUI application (not a window).
        const std::unique_ptr<QCoreApplication> core = invocation.grabsScreen && app::hasDisplay()
            ? std::make_unique<QGuiApplication>(argc, argv)
            : std::make_unique<QCoreApplication>(argc, argv);
        setApplicationIdentity();
        setUpTranslations(*core, invocation.language);
        // A model pair camchat has not seen load is first tried by camchat itself in a
        // child process (`camchat probe-model`), so an abort in llama.cpp ends only that.
        inference::ProbeSettings probe;
        probe.executable = QCoreApplication::applicationFilePath();
        inference::ModelProbe::setDefaultSettings(probe);
        if (invocation.kind == app::Invocation::Kind::Subcommand) {
            QStringList arguments = QCoreApplication::arguments();
            arguments.removeAt(1); // the subcommand's name
            return invocation.subcommand->run(arguments);
        }
        if (const int code = app::CommandLine::parse(QCoreApplication::arguments(), options); code >= 0)
            return code;
    }

    // `camchat --grab` from a desktop shortcut: the window that is open takes the grab.
    if (options.grab && app::InstanceChannel::sendToRunning(options.region ? app::InstanceChannel::kGrabRegion
                                                                            : app::InstanceChannel::kGrab))
        return 0;

    QApplication application(argc, argv);
    setApplicationIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("camchat"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.camchat.camchat"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/camchat.svg")));
    setUpTranslations(application, invocation.language);

    auto window = std::make_unique<ui::MainWindow>();
    if (!options.device.isEmpty()) {
        // /dev/v4l/by-id/... links name the same node as /dev/videoN.
        const QString canonical = QFileInfo(options.device).canonicalFilePath();
        const QString device = canonical.isEmpty() ? options.device : canonical;
        if (!window->sourceManager()->openSource(device))
            app::printErr(QCoreApplication::translate("CommandLine", "camchat: %1 is not a capture device that can be opened; "
                                                                     "run 'camchat devices' to list them.\n")
                                  .arg(options.device));
    }
    app::InstanceChannel channel;
    channel.listen();
    QObject::connect(&channel, &app::InstanceChannel::requested, window.get(), [&window](const QByteArray &request) {
        if (window->isKioskMode())
            return; // the kiosk's screen is not for desktop shortcuts
        if (window->isMinimized())
            window->showNormal();
        else
            window->show();
        window->raise();
        window->activateWindow();
        window->grabScreen(request == app::InstanceChannel::kGrabRegion);
    });
    if (options.grab) {
        window->show();
        window->grabScreen(options.region);
    } else if (options.kiosk || session::kioskOnStartFromSettings()) {
        window->enterKioskMode();
    } else {
        window->show();
        if (!options.imageFile.isEmpty())
            window->openImageFile(options.imageFile);
    }
    return QApplication::exec();
}
