#pragma once

#include <QByteArray>
#include <QString>

namespace camchat::inference {

// API keys the user typed into the window (Settings → Remote server), by endpoint, in
// this process's memory only: never in a profile, QSettings or a log. The window fills it
// from the desktop keyring at start; the openai backend reads it for a profile that names
// no key variable. Thread-safe (the backend reads it on the inference thread).
namespace remotekeys {

// `endpoint` as the profile spells it; an empty key forgets it.
void set(const QString &endpoint, const QByteArray &key);
QByteArray get(const QString &endpoint);

} // namespace remotekeys
} // namespace camchat::inference
