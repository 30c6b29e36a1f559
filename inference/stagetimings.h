#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace camchat::inference {

// The stages of one request through the pipeline, in order.
// Upload: a model server's request body on its way (backend "openai" only).
enum class Stage { Preprocess, Upload, VisionEncode, Prefill, FirstToken, Decode };

inline constexpr std::array<Stage, 6> kAllStages{Stage::Preprocess, Stage::Upload,   Stage::VisionEncode,
                                                 Stage::Prefill,    Stage::FirstToken, Stage::Decode};

// What a model server says about its own work (llama-server's `timings`, or the OpenAI
// `usage` token counts). Each figure is empty when the server did not report it.
struct ServerTimings {
    std::optional<double> promptMs;
    std::optional<int> promptTokens;
    std::optional<int> cachedPromptTokens; // prompt tokens the server reused from its cache
    std::optional<double> decodeMs;
    std::optional<int> decodeTokens;
    std::optional<double> decodeTokensPerSecond;
};

// Stable machine name ("preprocess", "vision_encode", ...) for JSON and logs.
std::string_view stageKey(Stage stage);

// Timings of one request, microseconds on the worker's monotonic clock. A stage that did
// not run (e.g. the vision encoder on a follow-up question) stays empty.
struct StageTimings {
    std::optional<std::int64_t> preprocessUs;
    std::optional<std::int64_t> uploadUs; // request start -> body sent (model servers)
    std::optional<std::int64_t> visionEncodeUs;
    std::optional<std::int64_t> prefillUs;
    std::optional<std::int64_t> firstTokenUs; // request start -> first streamed token
    std::optional<std::int64_t> decodeUs;
    // Encode on snap: the image's preparation done before the question was asked
    // (preprocess, vision encode, the prompt up to the image), which this request did not
    // have to wait for. Empty when the image was not prepared ahead.
    std::optional<std::int64_t> preparedAheadUs;
    int prefillTokens = 0;
    int decodeTokens = 0;
    std::int64_t totalUs = 0;
    std::int64_t peakRssBytes = 0;
    // Memory the model runtime says it uses (RKLLM's perf figure: NPU buffers that are
    // not in the process RSS); 0 when the backend does not report one.
    std::int64_t runtimeMemoryBytes = 0;
    ServerTimings server; // model servers only

    std::optional<std::int64_t> durationUs(Stage stage) const;
    // Decoded tokens per second, or empty when nothing was decoded.
    std::optional<double> decodeTokensPerSecond() const;
};

} // namespace camchat::inference
