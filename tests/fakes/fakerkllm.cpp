// A fake librkllmrt.so: the camchat-side C ABI of inference/rk/rkllmabi.h over a tiny
// text "model" (magic line "camchat-fake-rkllm 1"; keys image_tokens, embed_width,
// image_width, image_height and the expected img_start / img_end / img_content).
// Built twice: as 1.2.3 (the ABI camchat targets) and, with CAMCHAT_FAKE_RKLLM_13, as a
// 1.3.0 runtime whose entry points must never be called through the 1.2 declarations.

#include "fakecontrol.h"
#include "fakemodelfile.h"
#include "inference/rk/rkllmabi.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#ifndef CAMCHAT_FAKE_RKLLM_VERSION
#define CAMCHAT_FAKE_RKLLM_VERSION "1.2.3"
#endif

using namespace camchat::inference::rk;
using camchat::fakes::envNumber;
using camchat::fakes::FakeModelFile;

namespace {

// What the loader's version detection reads from the library file.
__attribute__((used)) const char kVersionString[] =
    "rkllm-runtime version: " CAMCHAT_FAKE_RKLLM_VERSION;

#ifdef CAMCHAT_FAKE_RKLLM_13
constexpr bool kIs13 = true;
#else
constexpr bool kIs13 = false;
#endif

struct Handle {
    RkllmCallback callback = nullptr;
    int maxContextLen = 0;
    int maxNewTokens = 0;
    long imageTokens = 0;
    long embedWidth = 0;
    long imageWidth = 0;
    long imageHeight = 0;
    std::atomic<bool> running{false};
    std::atomic<bool> abortRequested{false};
    // The KV cache.
    bool cacheHasImage = false;
    std::uint32_t cacheImageId = 0;
    int cacheTurns = 0;
    long cacheTokens = 0;
};

std::mutex g_mutex;
std::set<Handle *> g_handles;

Handle *lookup(RkllmHandle handle, const char *who)
{
    auto *h = static_cast<Handle *>(handle);
    std::lock_guard lock(g_mutex);
    if (!g_handles.count(h)) {
        camchat_fake_violation("%s: unknown or destroyed handle", who);
        return nullptr;
    }
    return h;
}

bool refuse13(const char *who)
{
    if (!kIs13)
        return false;
    camchat_fake_violation("%s called through the 1.2 ABI on the 1.3.0 runtime", who);
    return true;
}

std::uint32_t fnv1a(const void *data, std::size_t size)
{
    std::uint32_t hash = 2166136261u;
    const auto *bytes = static_cast<const std::uint8_t *>(data);
    for (std::size_t i = 0; i < size; ++i)
        hash = (hash ^ bytes[i]) * 16777619u;
    return hash;
}

long countOccurrences(const std::string &text, const std::string &needle)
{
    long n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos;
         pos = text.find(needle, pos + needle.size()))
        ++n;
    return n;
}

struct Event {
    LLMCallState state;
    std::string text; // unused for WAITING
};

// The answer, one event per generated token: it names the image the KV cache holds and
// the turn, and carries a character announced by WAITING plus one split across tokens.
std::vector<Event> answerEvents(const Handle &h, long count)
{
    std::vector<Event> events;
    char marker[32];
    if (h.cacheHasImage)
        std::snprintf(marker, sizeof marker, "[img:%08x]", h.cacheImageId);
    else
        std::snprintf(marker, sizeof marker, "[noimg]");
    events.push_back({LLMCallState::Normal, marker});
    events.push_back({LLMCallState::Normal, " turn" + std::to_string(h.cacheTurns)});
    if (count >= 7) {
        events.push_back({LLMCallState::Normal, " caf"});
        events.push_back({LLMCallState::Waiting, {}});
        events.push_back({LLMCallState::Normal, "\xc3\xa9"}); // é
        events.push_back({LLMCallState::Normal, " \xf0\x9f"}); // first half of U+1F642
        events.push_back({LLMCallState::Normal, "\x99\x82"});
    }
    while (static_cast<long>(events.size()) < count)
        events.push_back({LLMCallState::Normal, " w" + std::to_string(events.size())});
    events.resize(static_cast<std::size_t>(std::max(0L, count)));
    return events;
}

float msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<float, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

void sleepMs(long ms)
{
    if (ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

int deliver(Handle &h, RKLLMResult &result, void *userdata, LLMCallState state)
{
    const int answer = h.callback(&result, userdata, state);
    if (answer != kRkllmCallbackContinue && answer != kRkllmCallbackPause)
        camchat_fake_violation("callback returned %d (expected 0 or 1)", answer);
    return answer;
}

int runBlocking(RkllmHandle handle, RKLLMInput *input, RKLLMInferParam *infer, void *userdata)
{
    camchat_fake_count("rkllm_run", 1);
    if (refuse13("rkllm_run"))
        return -1;
    Handle *h = lookup(handle, "rkllm_run");
    if (!h)
        return -1;
    if (!input || !infer) {
        camchat_fake_violation("rkllm_run: null input or infer params");
        return -1;
    }
    if (infer->mode != RKLLMInferMode::Generate) {
        camchat_fake_violation("rkllm_run: infer mode %d", static_cast<int>(infer->mode));
        return -1;
    }
    if (h->running.exchange(true)) {
        camchat_fake_violation("rkllm_run: another run on this handle is in progress");
        return -1;
    }
    camchat_fake_set_counter("rkllm_keep_history", infer->keep_history);
    camchat_fake_set_value("rkllm_role", input->role);
    h->abortRequested = false;
    camchat_fake_npu_enter("rkllm_run");

    int status = 0;
    std::string prompt;
    long imageTokens = 0;
    bool ok = true;
    if (input->input_type == RKLLMInputType::Prompt) {
        if (!input->prompt_input) {
            camchat_fake_violation("rkllm_run: null prompt");
            ok = false;
        } else {
            prompt = input->prompt_input;
            if (prompt.find(kRkllmImagePlaceholder) != std::string::npos)
                camchat_fake_violation("rkllm_run: text prompt contains <image>");
        }
    } else if (input->input_type == RKLLMInputType::MultiModal) {
        const RKLLMMultiModalInput &mm = input->multimodal_input;
        prompt = mm.prompt ? mm.prompt : "";
        const long tags = countOccurrences(prompt, kRkllmImagePlaceholder);
        if (tags != 1) {
            camchat_fake_violation("rkllm_run: multimodal prompt has %ld <image> (needs 1)", tags);
            ok = false;
        }
        if (h->imageTokens == 0) {
            camchat_fake_violation("rkllm_run: multimodal input to a text-only model");
            ok = false;
        } else if (!mm.image_embed || mm.n_image != 1
                   || static_cast<long>(mm.n_image_tokens) != h->imageTokens
                   || static_cast<long>(mm.image_width) != h->imageWidth
                   || static_cast<long>(mm.image_height) != h->imageHeight) {
            camchat_fake_violation("rkllm_run: image embed %p n_image %zu tokens %zu (model %ld) "
                                   "size %zux%zu (model %ldx%ld)",
                                   static_cast<void *>(mm.image_embed), mm.n_image,
                                   mm.n_image_tokens, h->imageTokens, mm.image_width,
                                   mm.image_height, h->imageWidth, h->imageHeight);
            ok = false;
        } else {
            // Reads every value: ASan catches a short buffer, the check catches garbage.
            const std::size_t n = mm.n_image_tokens * static_cast<std::size_t>(h->embedWidth);
            for (std::size_t i = 0; i < n; ++i) {
                if (!std::isfinite(mm.image_embed[i])) {
                    camchat_fake_violation("rkllm_run: image embedding %zu is not finite", i);
                    ok = false;
                    break;
                }
            }
            const std::uint32_t id = fnv1a(mm.image_embed, n * sizeof(float));
            if (h->cacheHasImage) {
                camchat_fake_violation("rkllm_run: new image while the KV cache holds image "
                                       "%08x (clear the cache first)",
                                       h->cacheImageId);
                if (id != h->cacheImageId)
                    camchat_fake_count("old_image_answers", 1);
            } else if (ok) {
                h->cacheHasImage = true;
                h->cacheImageId = id;
            }
            imageTokens = h->imageTokens;
        }
    } else {
        camchat_fake_violation("rkllm_run: input type %d is not used by camchat",
                               static_cast<int>(input->input_type));
        ok = false;
    }
    camchat_fake_set_value("rkllm_prompt", prompt.c_str());

    RKLLMResult result{};
    if (ok) {
        const auto prefillStart = std::chrono::steady_clock::now();
        const long promptTokens = static_cast<long>(prompt.size() + 3) / 4;
        long count = envNumber("CAMCHAT_FAKE_RKLLM_TOKENS", 8);
        if (h->maxNewTokens > 0)
            count = std::min<long>(count, h->maxNewTokens);
        const long errorAfter = envNumber("CAMCHAT_FAKE_RKLLM_ERROR_AFTER", -1);
        const long needed = h->cacheTokens + promptTokens + imageTokens + count;
        sleepMs(envNumber("CAMCHAT_FAKE_RKLLM_PREFILL_MS", 0));
        const float prefillMs = msSince(prefillStart);
        ++h->cacheTurns;

        const auto generateStart = std::chrono::steady_clock::now();
        std::string answer;
        long generated = 0;
        bool stopped = false;
        if (needed > h->maxContextLen) {
            std::fprintf(stderr, "E rkllm: context length %ld exceeds max_context_len %d\n",
                         needed, h->maxContextLen);
            result.text = "context length exceeded";
            deliver(*h, result, userdata, LLMCallState::Error);
            status = -1;
            stopped = true;
        }
        for (const Event &event : stopped ? std::vector<Event>() : answerEvents(*h, count)) {
            if (h->abortRequested)
                break;
            if (errorAfter >= 0 && generated >= errorAfter) {
                std::fprintf(stderr, "E rkllm: matmul(w8a8) run failed\n");
                result = RKLLMResult{};
                result.text = "matmul(w8a8) run failed";
                deliver(*h, result, userdata, LLMCallState::Error);
                status = -1;
                stopped = true;
                break;
            }
            sleepMs(envNumber("CAMCHAT_FAKE_RKLLM_TOKEN_DELAY_MS", 0));
            result = RKLLMResult{};
            result.token_id = static_cast<std::int32_t>(1000 + generated);
            result.text = event.state == LLMCallState::Waiting ? nullptr : event.text.c_str();
            ++generated;
            if (event.state == LLMCallState::Normal)
                answer += event.text;
            if (deliver(*h, result, userdata, event.state) == kRkllmCallbackPause) {
                stopped = true;
                break;
            }
        }
        h->cacheTokens = needed - count + generated;
        camchat_fake_set_value("rkllm_answer", answer.c_str());
        if (!stopped) {
            result = RKLLMResult{};
            result.perf.prefill_time_ms = prefillMs;
            result.perf.prefill_tokens = static_cast<int>(promptTokens + imageTokens);
            result.perf.generate_time_ms = msSince(generateStart);
            result.perf.generate_tokens = static_cast<int>(generated);
            result.perf.memory_usage_mb = 321.5f;
            deliver(*h, result, userdata, LLMCallState::Finish);
        }
    } else {
        status = -1;
    }
    if (infer->keep_history == 0 || !ok) {
        h->cacheHasImage = false;
        h->cacheTurns = 0;
        h->cacheTokens = 0;
    }
    camchat_fake_npu_leave();
    h->running = false;
    return status;
}

} // namespace

extern "C" {

__attribute__((visibility("default"))) RKLLMParam rkllm_createDefaultParam()
{
    camchat_fake_count("rkllm_createDefaultParam", 1);
    RKLLMParam param{};
    if (refuse13("rkllm_createDefaultParam"))
        return param;
    param.max_context_len = 512;
    param.max_new_tokens = -1;
    param.top_k = 1;
    param.top_p = 0.9f;
    param.temperature = 0.8f;
    param.repeat_penalty = 1.1f;
    param.mirostat_tau = 5.0f;
    param.mirostat_eta = 0.1f;
    return param;
}

__attribute__((visibility("default"))) int rkllm_init(RkllmHandle *handle, RKLLMParam *param,
                                                      RkllmCallback callback)
{
    camchat_fake_count("rkllm_init", 1);
    std::fprintf(stderr, "I rkllm: %s, rknpu driver version: 0.9.8, platform: RK3588\n",
                 kVersionString);
    if (refuse13("rkllm_init"))
        return -1;
    if (!handle || !param || !callback) {
        camchat_fake_violation("rkllm_init: null handle, param or callback");
        return -1;
    }
    *handle = nullptr;
    if (envNumber("CAMCHAT_FAKE_RKLLM_FAIL_INIT", 0) == 1) {
        std::fprintf(stderr, "E rkllm: fake: init failure switched on\n");
        return -1;
    }
    const auto file = FakeModelFile::load(param->model_path, "camchat-fake-rkllm 1");
    if (!file) {
        std::fprintf(stderr, "E rkllm: failed to load model: %s\n",
                     param->model_path ? param->model_path : "(null)");
        return -1;
    }
    auto h = std::make_unique<Handle>();
    h->callback = callback;
    h->maxContextLen = param->max_context_len;
    h->maxNewTokens = param->max_new_tokens;
    h->imageTokens = file->number("image_tokens", 0);
    h->embedWidth = file->number("embed_width", 64);
    h->imageWidth = file->number("image_width", 224);
    h->imageHeight = file->number("image_height", 224);

    camchat_fake_set_value("rkllm_img_start", param->img_start);
    camchat_fake_set_value("rkllm_img_end", param->img_end);
    camchat_fake_set_value("rkllm_img_content", param->img_content);
    if (h->imageTokens > 0) {
        if (param->extend_param.base_domain_id != kRkllmMultimodalBaseDomainId) {
            camchat_fake_violation("rkllm_init: multimodal model needs base_domain_id 1, got %d",
                                   param->extend_param.base_domain_id);
            std::fprintf(stderr, "E rkllm: failed to malloc npu memory\n");
            return -1;
        }
        const struct {
            const char *key;
            const char *given;
        } tags[] = {{"img_start", param->img_start},
                    {"img_end", param->img_end},
                    {"img_content", param->img_content}};
        for (const auto &tag : tags) {
            if (file->has(tag.key) && file->text(tag.key) != (tag.given ? tag.given : ""))
                camchat_fake_violation("rkllm_init: %s is \"%s\", the model wants \"%s\"",
                                       tag.key, tag.given ? tag.given : "(null)",
                                       file->text(tag.key).c_str());
        }
    }
    if (param->is_async)
        camchat_fake_violation("rkllm_init: is_async set (camchat runs blocking)");
    if (param->max_new_tokens > 0
        && param->max_context_len <= h->imageTokens + param->max_new_tokens)
        camchat_fake_violation("rkllm_init: max_context_len %d <= image tokens %ld + "
                               "max_new_tokens %d",
                               param->max_context_len, h->imageTokens, param->max_new_tokens);
    {
        std::lock_guard lock(g_mutex);
        g_handles.insert(h.get());
    }
    camchat_fake_count("live_rkllm_handles", 1);
    *handle = h.release();
    return 0;
}

__attribute__((visibility("default"))) int rkllm_run(RkllmHandle handle, RKLLMInput *input,
                                                     RKLLMInferParam *infer, void *userdata)
{
    return runBlocking(handle, input, infer, userdata);
}

__attribute__((visibility("default"))) int rkllm_run_async(RkllmHandle handle,
                                                           RKLLMInput *input,
                                                           RKLLMInferParam *infer,
                                                           void *userdata)
{
    camchat_fake_violation("rkllm_run_async used (camchat runs blocking on its worker)");
    return runBlocking(handle, input, infer, userdata);
}

__attribute__((visibility("default"))) int rkllm_abort(RkllmHandle handle)
{
    camchat_fake_count("rkllm_abort", 1);
    if (refuse13("rkllm_abort"))
        return -1;
    Handle *h = lookup(handle, "rkllm_abort");
    if (!h)
        return -1;
    h->abortRequested = true;
    return 0;
}

__attribute__((visibility("default"))) int rkllm_is_running(RkllmHandle handle)
{
    if (refuse13("rkllm_is_running"))
        return -1;
    Handle *h = lookup(handle, "rkllm_is_running");
    return h && h->running ? kRkllmIsRunning : 1;
}

__attribute__((visibility("default"))) int rkllm_clear_kv_cache(RkllmHandle handle,
                                                                int keepSystemPrompt,
                                                                int *startPos, int *endPos)
{
    camchat_fake_count("rkllm_clear_kv_cache", 1);
    if (refuse13("rkllm_clear_kv_cache"))
        return -1;
    Handle *h = lookup(handle, "rkllm_clear_kv_cache");
    if (!h)
        return -1;
    if (h->running) {
        camchat_fake_violation("rkllm_clear_kv_cache during a run");
        return -1;
    }
    (void)keepSystemPrompt;
    (void)startPos;
    (void)endPos;
    h->cacheHasImage = false;
    h->cacheTurns = 0;
    h->cacheTokens = 0;
    return 0;
}

__attribute__((visibility("default"))) int rkllm_set_chat_template(RkllmHandle handle,
                                                                   const char *system,
                                                                   const char *prefix,
                                                                   const char *postfix)
{
    camchat_fake_count("rkllm_set_chat_template", 1);
    if (refuse13("rkllm_set_chat_template"))
        return -1;
    Handle *h = lookup(handle, "rkllm_set_chat_template");
    if (!h)
        return -1;
    if (h->running) {
        camchat_fake_violation("rkllm_set_chat_template during a run");
        return -1;
    }
    camchat_fake_set_value("rkllm_system", system);
    camchat_fake_set_value("rkllm_prefix", prefix);
    camchat_fake_set_value("rkllm_postfix", postfix);
    return 0;
}

__attribute__((visibility("default"))) int rkllm_destroy(RkllmHandle handle)
{
    camchat_fake_count("rkllm_destroy", 1);
    if (refuse13("rkllm_destroy"))
        return -1;
    Handle *h = lookup(handle, "rkllm_destroy");
    if (!h)
        return -1;
    if (h->running)
        camchat_fake_violation("rkllm_destroy during a run");
    {
        std::lock_guard lock(g_mutex);
        g_handles.erase(h);
    }
    delete h;
    camchat_fake_count("live_rkllm_handles", -1);
    return 0;
}

} // extern "C"
