#pragma once

#include "session/modelcatalog.h"

#include <QList>

#include <optional>

namespace camchat::session {

// The profile id a newcomer is offered first: small enough for any machine, good enough
// to be worth the download.
inline constexpr const char *kFirstRunModelId = "smolvlm-500m-cpu";

// The model to offer when none is ready: kFirstRunModelId when it can be downloaded, else
// the smallest downloadable CPU (llama) profile, else nothing. Used by the window's
// first-run banner and by the kiosk's "no model" line, so both name the same model.
std::optional<ModelEntry> firstRunChoice(const QList<ModelEntry> &entries);

} // namespace camchat::session
