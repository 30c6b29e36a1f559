#pragma once

#include "inference/vlmbackend.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace camchat::inference {

class RkRuntime;
class RknnVisionEncoder;
class RkllmLanguageModel;

// The Rockchip NPU backend: librknnrt runs the vision encoder (the profile's "encoder"
// .rknn), librkllmrt the language model (its "llm" .rkllm), both opened at load with
// dlopen. Lives on the inference thread like every VlmBackend. Every call into either
// runtime holds RkRuntime::npuMutex(), so RKNN and RKLLM never use the NPU at once.
//
// A conversation is one image: the encoder runs once, the first question goes in with
// the image embeddings, follow-ups go in as text and the runtime's KV cache
// (keep_history) holds the rest. A new image clears the cache first.
class RkBackend final : public VlmBackend
{
public:
    RkBackend();
    ~RkBackend() override;
    RkBackend(const RkBackend &) = delete;
    RkBackend &operator=(const RkBackend &) = delete;

    BackendKind kind() const override { return BackendKind::Rk; }
    InferenceError load(const ModelProfile &profile, const BackendOptions &options,
                        const std::function<bool(float)> &progress) override;
    void unload() override;
    bool isLoaded() const override;
    bool hasConversation() const override;
    InferenceError run(const BackendRequest &request, GenerationSink &sink) override;
    // Encode on snap: the RKNN encode, its embeddings kept for the question.
    InferenceError prepare(const RgbImage &image, GenerationSink &sink) override;
    bool preparesImages() const override { return isLoaded(); }

private:
    std::shared_ptr<RkRuntime> m_runtime;
    std::unique_ptr<RknnVisionEncoder> m_encoder;
    std::unique_ptr<RkllmLanguageModel> m_language;
    ModelProfile m_profile;
    bool m_conversation = false;
    struct PreparedImage {
        std::shared_ptr<const std::uint8_t[]> pixels; // kept: its address names the image
        std::vector<float> embeddings;
    };
    std::optional<PreparedImage> m_prepared;
};

} // namespace camchat::inference
