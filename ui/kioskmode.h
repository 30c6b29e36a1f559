#pragma once

#include "inference/modelprofile.h"

#include <QObject>

#include <memory>
#include <optional>

namespace camchat::capture {
class FrameSource;
}

namespace camchat::inference {
class InferenceWorker;
}

namespace camchat::session {
class KioskController;
class ModelCatalog;
}

namespace camchat::ui {

class KioskWindow;

// Kiosk mode as the main window runs it: a KioskController (options from Settings) with
// its full-screen KioskWindow, made on entering and dropped on leaving. The kiosk's Esc
// comes out as exitRequested(). GUI thread.
class KioskMode : public QObject
{
    Q_OBJECT

public:
    explicit KioskMode(inference::InferenceWorker *worker, QObject *parent = nullptr);
    ~KioskMode() override;

    // Starts captioning `source` (null: none yet; setSource() brings one) with `loaded`,
    // the model that is loaded (none while one is loading). When `models` has no ready
    // profile, the kiosk says so with the command that fetches one. show() shows it.
    void enter(capture::FrameSource *source, const std::optional<inference::ModelProfile> &loaded,
               const session::ModelCatalog &models);
    void show();
    // Stops the captions and closes the kiosk window.
    void leave();
    bool isActive() const { return m_window != nullptr; }

    void setSource(capture::FrameSource *source);
    // A model has loaded. The kiosk takes the first one it was waiting for; later loads (its
    // own reloads after failures) it follows by itself.
    void modelLoaded(const inference::ModelProfile &profile);

    // The kiosk's line while `models` has no ready profile; empty when one is ready.
    static QString noModelHint(const session::ModelCatalog &models);

    KioskWindow *window() const { return m_window.get(); }
    session::KioskController *controller() const { return m_controller.get(); }

Q_SIGNALS:
    void exitRequested();

private:
    inference::InferenceWorker *m_worker = nullptr;
    std::unique_ptr<session::KioskController> m_controller;
    std::unique_ptr<KioskWindow> m_window;
    bool m_hasProfile = false; // the controller was told which model is loaded
};

} // namespace camchat::ui
