#pragma once

// The values llama.cpp and libmtmd assert on, checked before they can abort the process
// (private to inference/llama/; see ggufvaluerules.cpp for the table).

#include "ggufreader.h"

#include <optional>
#include <string>

namespace camchat::inference::preflight {

// The first value rule a language model of architecture `arch` breaks, as an error that
// names the assert it would reach.
std::optional<InferenceError> checkTextValues(const Reader &reader, const std::string &arch);
// The same for a projector of type `projector` (clip.projector_type).
std::optional<InferenceError> checkProjectorValues(const Reader &reader, const std::string &projector);

} // namespace camchat::inference::preflight
