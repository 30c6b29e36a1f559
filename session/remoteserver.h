#pragma once

#include "inference/modelprofile.h"

#include <QList>
#include <QString>

#include <optional>

namespace camchat::session {

// The model server set in the window (Settings → Remote server): its address and model,
// kept in QSettings. Its API key is not here: that lives in the desktop keyring and in
// memory (inference::remotekeys), never in QSettings or a profile.
struct RemoteServerSettings {
    QString endpoint; // "http://gpu-box:8000/v1"; empty: no server set
    QString model;    // empty: the first model the server lists
};

RemoteServerSettings remoteServerFromSettings();
void saveRemoteServer(const RemoteServerSettings &server);

// The id of the profile that stands for the server set in the window.
inline constexpr char kRemoteServerProfileId[] = "remote-server";

// That profile ("backend": "openai", pictures up to 1024 px as JPEG quality 90), or an
// error naming the bad field; nothing when no endpoint is set. Its family is the one of
// the local profile whose family the model's name contains ("SmolVLM-500M-Instruct" ->
// "smolvlm"), so a local model of the same family can be offered when the server fails.
inference::ProfileLoadResult remoteServerProfile(const RemoteServerSettings &server,
                                                 const QList<inference::ModelProfile> &local);

} // namespace camchat::session
