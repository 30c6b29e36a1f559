#pragma once

// camchat's own description of the librkllmrt C ABI, releases 1.2.1 to 1.2.3 (identical
// layout). Written from the facts in the reference notes, not taken from the vendor header.
// The backend resolves every function with dlsym, so only pointer types are declared here:
// linking against the runtime is never needed and a missing library stays a runtime error.
// Release 1.3.0 changed rkllm_init and RKLLMParam; these declarations must never be used
// with it (the loader checks the version first).

#include <cstddef>
#include <cstdint>

namespace camchat::inference::rk {

using RkllmHandle = void *;

// C enums, passed and stored as int.
enum class LLMCallState : int {
    Normal = 0,
    Waiting = 1, // an incomplete UTF-8 character is pending; no text to show yet
    Finish = 2,
    Error = 3,
};

enum class RKLLMInputType : int {
    Prompt = 0,
    Token = 1,
    Embed = 2,
    MultiModal = 3,
};

enum class RKLLMInferMode : int {
    Generate = 0,
    GetLastHiddenLayer = 1,
    GetLogits = 2,
};

// Return values of the callback.
inline constexpr int kRkllmCallbackContinue = 0;
inline constexpr int kRkllmCallbackPause = 1;

// rkllm_is_running() returns this while a run is in progress.
inline constexpr int kRkllmIsRunning = 0;

// Vision-language models must load into this NPU memory domain, or loading fails with
// "failed to malloc npu memory".
inline constexpr std::int32_t kRkllmMultimodalBaseDomainId = 1;

// The literal the multimodal prompt carries where the image embeddings go.
inline constexpr const char kRkllmImagePlaceholder[] = "<image>";

// What the runtime prints at init and embeds in the library; the loader looks for it.
inline constexpr const char kRkllmVersionPrefix[] = "rkllm-runtime version: ";

extern "C" {

struct RKLLMExtendParam {
    std::int32_t base_domain_id;
    std::int8_t embed_flash;
    std::int8_t enabled_cpus_num;
    std::uint32_t enabled_cpus_mask;
    std::uint8_t n_batch;
    std::int8_t use_cross_attn;
    std::uint8_t reserved[104];
};

struct RKLLMParam {
    const char *model_path;
    std::int32_t max_context_len;
    std::int32_t max_new_tokens;
    std::int32_t top_k;
    std::int32_t n_keep;
    float top_p;
    float temperature;
    float repeat_penalty;
    float frequency_penalty;
    float presence_penalty;
    std::int32_t mirostat;
    float mirostat_tau;
    float mirostat_eta;
    bool skip_special_token;
    bool is_async;
    const char *img_start;
    const char *img_end;
    const char *img_content;
    RKLLMExtendParam extend_param;
};

struct RKLLMEmbedInput {
    float *embed; // n_tokens * embedding width
    std::size_t n_tokens;
};

struct RKLLMTokenInput {
    std::int32_t *input_ids;
    std::size_t n_tokens;
};

struct RKLLMMultiModalInput {
    char *prompt; // contains kRkllmImagePlaceholder exactly once
    float *image_embed; // n_image * n_image_tokens * embedding width
    std::size_t n_image_tokens;
    std::size_t n_image;
    std::size_t image_width;
    std::size_t image_height;
};

struct RKLLMInput {
    const char *role;
    bool enable_thinking;
    RKLLMInputType input_type;
    union {
        const char *prompt_input;
        RKLLMEmbedInput embed_input;
        RKLLMTokenInput token_input;
        RKLLMMultiModalInput multimodal_input;
    };
};

struct RKLLMInferParam {
    RKLLMInferMode mode;
    void *lora_params;
    void *prompt_cache_params;
    int keep_history; // 1: the KV cache keeps the conversation across runs
};

struct RKLLMPerfStat {
    float prefill_time_ms;
    int prefill_tokens;
    float generate_time_ms;
    int generate_tokens;
    float memory_usage_mb;
};

struct RKLLMResultLastHiddenLayer {
    const float *hidden_states;
    int embd_size;
    int num_tokens;
};

struct RKLLMResultLogits {
    const float *logits;
    int vocab_size;
    int num_tokens;
};

struct RKLLMResult {
    const char *text; // may be null (FINISH, WAITING)
    std::int32_t token_id;
    RKLLMResultLastHiddenLayer last_hidden_layer;
    RKLLMResultLogits logits;
    RKLLMPerfStat perf; // filled on FINISH only
};

// Called on the thread that called rkllm_run, once per token. Returns
// kRkllmCallbackContinue or kRkllmCallbackPause.
using RkllmCallback = int (*)(RKLLMResult *result, void *userdata, LLMCallState state);

using RkllmCreateDefaultParamFn = RKLLMParam (*)();
using RkllmInitFn = int (*)(RkllmHandle *handle, RKLLMParam *param, RkllmCallback callback);
// Blocking; the callback runs on the calling thread.
using RkllmRunFn = int (*)(RkllmHandle handle, RKLLMInput *input, RKLLMInferParam *inferParam,
                           void *userdata);
using RkllmRunAsyncFn = RkllmRunFn;
using RkllmAbortFn = int (*)(RkllmHandle handle);
using RkllmIsRunningFn = int (*)(RkllmHandle handle);
using RkllmDestroyFn = int (*)(RkllmHandle handle);
// start_pos / end_pos may be null: the whole cache.
using RkllmClearKvCacheFn = int (*)(RkllmHandle handle, int keepSystemPrompt, int *startPos,
                                    int *endPos);
using RkllmSetChatTemplateFn = int (*)(RkllmHandle handle, const char *systemPrompt,
                                       const char *promptPrefix, const char *promptPostfix);

} // extern "C"

// The exported names the functions above are looked up by.
inline constexpr const char kRkllmCreateDefaultParamName[] = "rkllm_createDefaultParam";
inline constexpr const char kRkllmInitName[] = "rkllm_init";
inline constexpr const char kRkllmRunName[] = "rkllm_run";
inline constexpr const char kRkllmRunAsyncName[] = "rkllm_run_async";
inline constexpr const char kRkllmAbortName[] = "rkllm_abort";
inline constexpr const char kRkllmIsRunningName[] = "rkllm_is_running";
inline constexpr const char kRkllmDestroyName[] = "rkllm_destroy";
inline constexpr const char kRkllmClearKvCacheName[] = "rkllm_clear_kv_cache";
inline constexpr const char kRkllmSetChatTemplateName[] = "rkllm_set_chat_template";

// Every function declared above, in declaration order.
inline constexpr const char *kRkllmSymbolNames[] = {
    kRkllmCreateDefaultParamName, kRkllmInitName,        kRkllmRunName,
    kRkllmRunAsyncName,           kRkllmAbortName,       kRkllmIsRunningName,
    kRkllmDestroyName,            kRkllmClearKvCacheName, kRkllmSetChatTemplateName,
};

// The layout is the ABI: a wrong size or offset would corrupt memory silently at runtime.
static_assert(sizeof(RKLLMExtendParam) == 120);
static_assert(offsetof(RKLLMExtendParam, enabled_cpus_mask) == 8);
static_assert(offsetof(RKLLMExtendParam, n_batch) == 12);
static_assert(offsetof(RKLLMExtendParam, reserved) == 14);

static_assert(sizeof(RKLLMParam) == 208);
static_assert(offsetof(RKLLMParam, max_context_len) == 8);
static_assert(offsetof(RKLLMParam, top_p) == 24);
static_assert(offsetof(RKLLMParam, mirostat) == 44);
static_assert(offsetof(RKLLMParam, skip_special_token) == 56);
static_assert(offsetof(RKLLMParam, is_async) == 57);
static_assert(offsetof(RKLLMParam, img_start) == 64);
static_assert(offsetof(RKLLMParam, img_end) == 72);
static_assert(offsetof(RKLLMParam, img_content) == 80);
static_assert(offsetof(RKLLMParam, extend_param) == 88);

static_assert(sizeof(RKLLMEmbedInput) == 16);
static_assert(sizeof(RKLLMTokenInput) == 16);
static_assert(sizeof(RKLLMMultiModalInput) == 48);
static_assert(offsetof(RKLLMMultiModalInput, image_embed) == 8);
static_assert(offsetof(RKLLMMultiModalInput, n_image_tokens) == 16);
static_assert(offsetof(RKLLMMultiModalInput, n_image) == 24);
static_assert(offsetof(RKLLMMultiModalInput, image_width) == 32);
static_assert(offsetof(RKLLMMultiModalInput, image_height) == 40);

static_assert(sizeof(RKLLMInput) == 64);
static_assert(offsetof(RKLLMInput, enable_thinking) == 8);
static_assert(offsetof(RKLLMInput, input_type) == 12);
static_assert(offsetof(RKLLMInput, prompt_input) == 16);
static_assert(offsetof(RKLLMInput, multimodal_input) == 16);

static_assert(sizeof(RKLLMInferParam) == 32);
static_assert(offsetof(RKLLMInferParam, lora_params) == 8);
static_assert(offsetof(RKLLMInferParam, prompt_cache_params) == 16);
static_assert(offsetof(RKLLMInferParam, keep_history) == 24);

static_assert(sizeof(RKLLMPerfStat) == 20);
static_assert(offsetof(RKLLMPerfStat, generate_time_ms) == 8);
static_assert(offsetof(RKLLMPerfStat, memory_usage_mb) == 16);

static_assert(sizeof(RKLLMResultLastHiddenLayer) == 16);
static_assert(sizeof(RKLLMResultLogits) == 16);
static_assert(sizeof(RKLLMResult) == 72);
static_assert(offsetof(RKLLMResult, token_id) == 8);
static_assert(offsetof(RKLLMResult, last_hidden_layer) == 16);
static_assert(offsetof(RKLLMResult, logits) == 32);
static_assert(offsetof(RKLLMResult, perf) == 48);

static_assert(sizeof(LLMCallState) == 4 && sizeof(RKLLMInputType) == 4
              && sizeof(RKLLMInferMode) == 4);

} // namespace camchat::inference::rk
