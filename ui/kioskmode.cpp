#include "kioskmode.h"

#include "kioskwindow.h"

#include "session/kioskcontroller.h"
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

void KioskMode::enter(capture::FrameSource *source, const std::optional<inference::ModelProfile> &loaded)
{
    if (m_window)
        return;
    m_controller = std::make_unique<session::KioskController>(source, m_worker);
    m_controller->setOptions(session::kioskOptionsFromSettings());
    m_hasProfile = loaded.has_value();
    if (m_hasProfile)
        m_controller->setProfile(*loaded, true);
    m_window = std::make_unique<KioskWindow>(source, m_controller.get());
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
}

} // namespace camchat::ui
