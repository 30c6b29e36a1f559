#include "vlmbackend.h"

#include "llama/llamabackend.h"

namespace camchat::inference {

std::unique_ptr<VlmBackend> createBackend(BackendKind kind)
{
    switch (kind) {
    case BackendKind::Llama:
        return std::make_unique<LlamaBackend>();
    case BackendKind::Rk:
        return nullptr; // not in this build yet
    }
    return nullptr;
}

} // namespace camchat::inference
