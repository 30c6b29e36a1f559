#include "vlmbackend.h"

#include "llama/llamabackend.h"
#include "rk/rkbackend.h"

namespace camchat::inference {

std::unique_ptr<VlmBackend> createBackend(BackendKind kind)
{
    switch (kind) {
    case BackendKind::Llama:
        return std::make_unique<LlamaBackend>();
    case BackendKind::Rk:
        return std::make_unique<RkBackend>();
    }
    return nullptr;
}

} // namespace camchat::inference
