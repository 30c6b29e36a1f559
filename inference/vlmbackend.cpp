#include "vlmbackend.h"

#include "llama/llamabackend.h"
#include "remote/openaibackend.h"
#include "rk/rkbackend.h"

namespace camchat::inference {

InferenceError VlmBackend::prepare(const RgbImage &image, GenerationSink &sink)
{
    (void)image;
    (void)sink;
    return {};
}

std::unique_ptr<VlmBackend> createBackend(BackendKind kind)
{
    switch (kind) {
    case BackendKind::Llama:
        return std::make_unique<LlamaBackend>();
    case BackendKind::Rk:
        return std::make_unique<RkBackend>();
    case BackendKind::OpenAi:
        return std::make_unique<OpenAiBackend>();
    }
    return nullptr;
}

} // namespace camchat::inference
