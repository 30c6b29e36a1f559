// A library planted beside a model file under a runtime's name (librkllmrt.so,
// librknnrt.so): its constructor records that it ran. camchat must never load it. It
// says it is rkllm 1.2.3, so only where it sits keeps it out.
#include <cstdlib>

extern "C" {

__attribute__((visibility("default"), used)) extern const char camchat_planted_version[];
const char camchat_planted_version[] = "rkllm-runtime version: 1.2.3";

__attribute__((constructor)) static void camchatPlantedRuntimeRan()
{
    ::setenv("CAMCHAT_PLANTED_RUNTIME_RAN", "1", 1);
}

}
