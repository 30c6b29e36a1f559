#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

class QLocalServer;

namespace camchat::app {

// The open camchat window, reachable from a later `camchat --grab`: a local socket in the
// user's runtime folder. The first window listens; `camchat --grab` hands its request to
// it and exits, so a desktop shortcut raises the window that is open (with a fresh grab)
// instead of starting another one. A second plain `camchat` still opens its own window,
// but does not take the socket from the first. GUI thread.
class InstanceChannel : public QObject
{
    Q_OBJECT

public:
    // Requests, one line each.
    static constexpr const char *kGrab = "grab";
    static constexpr const char *kGrabRegion = "grab-region";

    explicit InstanceChannel(QObject *parent = nullptr);
    ~InstanceChannel() override;

    // $XDG_RUNTIME_DIR/camchat-instance (the user's private runtime folder), else a
    // per-user name in the temp folder.
    static QString socketPath();
    // Hands `request` to the window that listens; true once it confirmed. Blocks for at
    // most `timeoutMs` (there is no event loop yet when it is used).
    static bool sendToRunning(const QByteArray &request, int timeoutMs = 2000);

    // Starts listening, unless another window answers on the socket already (false then).
    // A socket left behind by a crashed camchat is replaced.
    bool listen();
    bool isListening() const;

Q_SIGNALS:
    void requested(const QByteArray &request);

private:
    void onConnection();

    QLocalServer *m_server = nullptr;
};

} // namespace camchat::app
