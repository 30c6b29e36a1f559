#include "kioskmode.h"

#include "kioskwindow.h"

#include "session/firstrun.h"
#include "session/kioskcontroller.h"
#include "session/modelcatalog.h"
#include "session/usersettings.h"

namespace camchat::ui {

KioskMode::KioskMode(inference::InferenceWorker *worker, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
{
}

KioskMode::~KioskMode()
{
    // The window shows the controller's captions: it goes first.
    m_window.reset();
    m_controller.reset();
}

QString KioskMode::noModelHint(const session::ModelCatalog &models)
{
    if (models.anyReady())
        return {};
    if (const std::optional<session::ModelEntry> offer = session::firstRunChoice(models.entries()))
        return tr("No model is ready. Run “camchat models pull %1” on this machine; captions start when it "
                  "has been checked.").arg(offer->profile.id);
    return tr("No model is ready. Put a model's files in %1; captions start when they are there.")
        .arg(inference::ModelProfiles::userProfileDir());
}

void KioskMode::enter(capture::FrameSource *source, const std::optional<inference::ModelProfile> &loaded,
                      const session::ModelCatalog &models)
{
    if (m_window)
        return;
    m_controller = std::make_unique<session::KioskController>(source, m_worker);
    m_controller->setOptions(session::kioskOptionsFromSettings());
    m_hasProfile = loaded.has_value();
    if (m_hasProfile)
        m_controller->setProfile(*loaded, true);
    m_window = std::make_unique<KioskWindow>(source, m_controller.get());
    m_window->setModelHint(noModelHint(models));
    connect(m_window.get(), &KioskWindow::exitRequested, this, &KioskMode::exitRequested,
            Qt::QueuedConnection); // not while the kiosk's key handler is still running
    m_controller->start();
}

void KioskMode::show()
{
    if (m_window)
        m_window->showKiosk();
}

void KioskMode::leave()
{
    if (!m_window)
        return;
    m_controller->stop();
    m_window->hide();
    m_window.reset();
    m_controller.reset();
}

void KioskMode::setSource(capture::FrameSource *source)
{
    if (!m_controller)
        return;
    m_controller->setSource(source);
    m_window->setSource(source);
}

void KioskMode::modelLoaded(const inference::ModelProfile &profile)
{
    if (!m_controller || m_hasProfile)
        return;
    m_controller->setProfile(profile, true);
    m_hasProfile = true;
    m_window->setModelHint({});
}

} // namespace camchat::ui
