#pragma once

#include "inference/inferenceerror.h"
#include "inference/modelprofile.h"
#include "inference/rk/rknnabi.h"
#include "inference/vlmbackend.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace camchat::inference {

class RkRuntime;

// The vision encoder on the NPU: a .rknn model taking uint8 RGB NHWC (normalisation is
// baked in) and giving imageTokens x embeddingWidth floats. Every runtime call holds
// RkRuntime::npuMutex(). Used from one thread at a time (the inference thread).
class RknnVisionEncoder
{
public:
    // All three RK3588 NPU cores: one core alone is about three times slower.
    static constexpr int kDefaultCoreMask = int(rk::RknnCoreMask::Core012);

    explicit RknnVisionEncoder(std::shared_ptr<const RkRuntime> runtime);
    ~RknnVisionEncoder();
    RknnVisionEncoder(const RknnVisionEncoder &) = delete;
    RknnVisionEncoder &operator=(const RknnVisionEncoder &) = delete;

    // Loads `path`, checks its input is uint8 NHWC of spec.width x spec.height and its
    // output spec.imageTokens x spec.embeddingWidth, and runs it once (the first run pays
    // for the weight upload and graph set-up; the user's first question then gets the
    // warm time).
    InferenceError load(const QString &path, const VisionSpec &spec, int coreMask = kDefaultCoreMask);
    void unload();
    bool isLoaded() const { return m_context != 0; }

    // `image` must be the encoder's input size. On success `embeddings` holds
    // tokens() * embeddingWidth() floats and `durationUs` the time the NPU took.
    InferenceError encode(const RgbImage &image, std::vector<float> &embeddings, std::int64_t &durationUs);

    int inputWidth() const { return m_inputWidth; }
    int inputHeight() const { return m_inputHeight; }
    int tokens() const { return m_tokens; }
    int embeddingWidth() const { return m_embeddingWidth; }
    std::int64_t warmUpUs() const { return m_warmUpUs; }

private:
    InferenceError checkTensors(const VisionSpec &spec);

    std::shared_ptr<const RkRuntime> m_runtime;
    std::uint64_t m_context = 0;
    QString m_path;
    int m_inputWidth = 0;
    int m_inputHeight = 0;
    int m_tokens = 0;
    int m_embeddingWidth = 0;
    std::int64_t m_warmUpUs = 0;
};

} // namespace camchat::inference
