#include "stagetimings.h"

namespace camchat::inference {

std::string_view stageKey(Stage stage)
{
    switch (stage) {
    case Stage::Preprocess: return "preprocess";
    case Stage::Upload: return "upload";
    case Stage::VisionEncode: return "vision_encode";
    case Stage::Prefill: return "prefill";
    case Stage::FirstToken: return "first_token";
    case Stage::Decode: return "decode";
    }
    return "unknown";
}

std::optional<std::int64_t> StageTimings::durationUs(Stage stage) const
{
    switch (stage) {
    case Stage::Preprocess: return preprocessUs;
    case Stage::Upload: return uploadUs;
    case Stage::VisionEncode: return visionEncodeUs;
    case Stage::Prefill: return prefillUs;
    case Stage::FirstToken: return firstTokenUs;
    case Stage::Decode: return decodeUs;
    }
    return std::nullopt;
}

std::optional<double> StageTimings::decodeTokensPerSecond() const
{
    if (!decodeUs || *decodeUs <= 0 || decodeTokens <= 0)
        return std::nullopt;
    return decodeTokens * 1e6 / static_cast<double>(*decodeUs);
}

} // namespace camchat::inference
