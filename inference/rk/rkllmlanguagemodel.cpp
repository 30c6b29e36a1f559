#include "rkllmlanguagemodel.h"

#include "rkruntime.h"
#include "inference/utf8stream.h"

#include <QFile>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string>

namespace camchat::inference {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t microsecondsSince(Clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

// The RK3588's Cortex-A76 cores are CPUs 4-7: the runtime's CPU-side work goes there.
constexpr int kBigCoreFirst = 4;
constexpr int kBigCoreCount = 4;

// One rkllm_run: what the callback needs, on the stack of run().
struct RunState {
    const RkllmApi *api = nullptr;
    rk::RkllmHandle handle = nullptr;
    GenerationSink *sink = nullptr;
    int maxNewTokens = 0;
    Clock::time_point start;
    Utf8Stream stream;
    int tokens = 0;
    bool decodeStarted = false;
    std::int64_t prefillUs = 0; // by the clock: run start to the first token
    bool aborted = false;      // rkllm_abort called because the sink was cancelled
    bool limitReached = false; // rkllm_abort called at the request's maxNewTokens
    bool finished = false;
    bool failed = false;
    QString errorText;
    rk::RKLLMPerfStat perf{};
};

// Runs on the inference thread, inside rkllm_run (which holds the NPU mutex): the
// rkllm_abort below is part of that serialized call, not a second one.
int resultCallback(rk::RKLLMResult *result, void *userdata, rk::LLMCallState state)
{
    auto *run = static_cast<RunState *>(userdata);
    if (!run)
        return rk::kRkllmCallbackContinue;
    switch (state) {
    case rk::LLMCallState::Normal: {
        if (run->aborted || run->limitReached)
            break;
        if (!run->decodeStarted) {
            run->decodeStarted = true;
            run->prefillUs = microsecondsSince(run->start);
            run->sink->stageStarted(Stage::Decode);
        }
        ++run->tokens;
        if (result && result->text) {
            const QString piece = run->stream.push(result->text);
            if (!piece.isEmpty())
                run->sink->token(piece);
        }
        if (run->sink->isCancelled()) {
            run->aborted = true;
            run->api->abort(run->handle);
        } else if (run->maxNewTokens > 0 && run->tokens >= run->maxNewTokens) {
            // Sampling is fixed at rkllm_init; a request's own token limit is applied here.
            run->limitReached = true;
            run->api->abort(run->handle);
        }
        break;
    }
    case rk::LLMCallState::Waiting:
        // Part of a character: the runtime delivers it whole with the next NORMAL.
        if (run->sink->isCancelled() && !run->aborted) {
            run->aborted = true;
            run->api->abort(run->handle);
        }
        break;
    case rk::LLMCallState::Finish:
        run->finished = true;
        if (result)
            run->perf = result->perf;
        break;
    case rk::LLMCallState::Error:
        run->failed = true;
        if (result && result->text && *result->text)
            run->errorText = QString::fromUtf8(result->text).trimmed();
        break;
    }
    return rk::kRkllmCallbackContinue;
}

} // namespace

RkllmLanguageModel::RkllmLanguageModel(std::shared_ptr<const RkRuntime> runtime)
    : m_runtime(std::move(runtime))
{
}

RkllmLanguageModel::~RkllmLanguageModel()
{
    unload();
}

void RkllmLanguageModel::unload()
{
    if (m_handle) {
        const std::lock_guard lock(RkRuntime::npuMutex());
        m_runtime->rkllm().destroy(m_handle);
        m_handle = nullptr;
    }
    m_path.clear();
    m_imageTag.clear();
}

QByteArray RkllmLanguageModel::imagePrompt(const QString &imageTag, const QString &question)
{
    QString text = question;
    text.remove(imageTag);
    return (imageTag + text).toUtf8();
}

InferenceError RkllmLanguageModel::load(const QString &path, const ModelProfile &profile, int threads)
{
    unload();
    const RkllmApi &api = m_runtime->rkllm();
    const int imageTokens = profile.vision.imageTokens;
    if (profile.contextLength <= imageTokens + profile.sampling.maxNewTokens) {
        return {InferenceErrorCode::ProfileInvalid,
                QStringLiteral("profile %1: contextLength %2 must exceed the image's %3 tokens plus maxNewTokens %4 "
                               "and the question")
                    .arg(profile.id).arg(profile.contextLength).arg(imageTokens).arg(profile.sampling.maxNewTokens)};
    }
    m_modelPath = QFile::encodeName(path);
    m_imageStart = profile.prompt.imageStart.toUtf8();
    m_imageEnd = profile.prompt.imageEnd.toUtf8();
    m_imageContent = profile.prompt.imageContent.toUtf8();
    m_imageTag = profile.prompt.imageTag.isEmpty() ? QString::fromLatin1(rk::kRkllmImagePlaceholder)
                                                   : profile.prompt.imageTag;

    const std::lock_guard lock(RkRuntime::npuMutex());
    rk::RKLLMParam param = api.createDefaultParam();
    param.model_path = m_modelPath.constData();
    param.max_context_len = profile.contextLength;
    param.max_new_tokens = profile.sampling.maxNewTokens;
    // RKLLM has no "off" for top-k (0 keeps the runtime's default); temperature 0 means
    // greedy, which is top-k 1 there.
    if (profile.sampling.topK > 0)
        param.top_k = profile.sampling.topK;
    if (profile.sampling.temperature <= 0.0f)
        param.top_k = 1;
    param.top_p = profile.sampling.topP;
    param.temperature = profile.sampling.temperature;
    param.repeat_penalty = profile.sampling.repeatPenalty;
    param.skip_special_token = true;
    param.is_async = false;
    // Null rather than "": the runtime treats an empty tag as a tag.
    param.img_start = m_imageStart.isEmpty() ? nullptr : m_imageStart.constData();
    param.img_end = m_imageEnd.isEmpty() ? nullptr : m_imageEnd.constData();
    param.img_content = m_imageContent.isEmpty() ? nullptr : m_imageContent.constData();
    // Vision-language models need this NPU memory domain, or loading fails.
    param.extend_param.base_domain_id = rk::kRkllmMultimodalBaseDomainId;
    const int cores = threads > 0 ? std::min(threads, kBigCoreCount) : kBigCoreCount;
    param.extend_param.enabled_cpus_num = std::int8_t(cores);
    std::uint32_t mask = 0;
    for (int i = 0; i < cores; ++i)
        mask |= 1u << (kBigCoreFirst + i);
    param.extend_param.enabled_cpus_mask = mask;

    rk::RkllmHandle handle = nullptr;
    const int result = api.init(&handle, &param, &resultCallback);
    if (result != 0 || !handle) {
        return {InferenceErrorCode::ModelLoadFailed,
                QStringLiteral("%1: rkllm_init failed (%2)").arg(path).arg(result)};
    }
    m_handle = handle;
    m_path = path;

    const QByteArray system = profile.prompt.system.toUtf8();
    const QByteArray prefix = profile.prompt.prefix.toUtf8();
    const QByteArray postfix = profile.prompt.postfix.toUtf8();
    const int templated = api.setChatTemplate(m_handle, system.constData(), prefix.constData(), postfix.constData());
    if (templated != 0) {
        api.destroy(m_handle);
        m_handle = nullptr;
        m_path.clear();
        return {InferenceErrorCode::ModelLoadFailed,
                QStringLiteral("%1: rkllm_set_chat_template failed (%2)").arg(path).arg(templated)};
    }
    return {};
}

InferenceError RkllmLanguageModel::clearConversation()
{
    if (!m_handle)
        return {InferenceErrorCode::NotLoaded, QStringLiteral("no language model loaded")};
    const std::lock_guard lock(RkRuntime::npuMutex());
    // keep_system_prompt = 1: the system prompt is the same for every conversation.
    const int result = m_runtime->rkllm().clearKvCache(m_handle, 1, nullptr, nullptr);
    if (result != 0)
        return {InferenceErrorCode::DecodeFailed, QStringLiteral("rkllm_clear_kv_cache failed (%1)").arg(result)};
    return {};
}

InferenceError RkllmLanguageModel::askAboutImage(const QString &question, const std::vector<float> &embeddings,
                                                 int tokens, int imageWidth, int imageHeight,
                                                 const SamplingParams &sampling, GenerationSink &sink)
{
    QByteArray prompt = imagePrompt(m_imageTag, question);
    rk::RKLLMInput input{};
    input.role = "user";
    input.enable_thinking = false;
    input.input_type = rk::RKLLMInputType::MultiModal;
    input.multimodal_input.prompt = prompt.data();
    // The runtime reads the embeddings only; its declaration lacks the const.
    input.multimodal_input.image_embed = const_cast<float *>(embeddings.data());
    input.multimodal_input.n_image_tokens = std::size_t(tokens);
    input.multimodal_input.n_image = 1;
    input.multimodal_input.image_width = std::size_t(imageWidth);
    input.multimodal_input.image_height = std::size_t(imageHeight);
    return run(input, sampling, sink);
}

InferenceError RkllmLanguageModel::askFollowUp(const QString &question, const SamplingParams &sampling,
                                               GenerationSink &sink)
{
    QString text = question;
    text.remove(m_imageTag); // no image goes with a follow-up
    const QByteArray prompt = text.toUtf8();
    rk::RKLLMInput input{};
    input.role = "user";
    input.enable_thinking = false;
    input.input_type = rk::RKLLMInputType::Prompt;
    input.prompt_input = prompt.constData();
    return run(input, sampling, sink);
}

InferenceError RkllmLanguageModel::run(rk::RKLLMInput &input, const SamplingParams &sampling, GenerationSink &sink)
{
    if (!m_handle)
        return {InferenceErrorCode::NotLoaded, QStringLiteral("no language model loaded")};
    if (sink.isCancelled())
        return {InferenceErrorCode::Cancelled, QStringLiteral("cancelled")};

    rk::RKLLMInferParam inferParam{};
    inferParam.mode = rk::RKLLMInferMode::Generate;
    inferParam.keep_history = 1; // the conversation stays in the KV cache for follow-ups

    RunState state;
    state.api = &m_runtime->rkllm();
    state.handle = m_handle;
    state.sink = &sink;
    state.maxNewTokens = sampling.maxNewTokens;
    state.start = Clock::now();

    sink.stageStarted(Stage::Prefill);
    int result = 0;
    {
        const std::lock_guard lock(RkRuntime::npuMutex());
        result = state.api->run(m_handle, &input, &inferParam, &state);
    }
    const std::int64_t totalUs = microsecondsSince(state.start);

    if (state.failed) {
        return {InferenceErrorCode::DecodeFailed,
                state.errorText.isEmpty() ? QStringLiteral("rkllm_run reported an error (%1)").arg(result)
                                          : state.errorText};
    }
    if (state.aborted)
        return {InferenceErrorCode::Cancelled, QStringLiteral("cancelled")};
    if (result != 0 && !state.limitReached)
        return {InferenceErrorCode::DecodeFailed, QStringLiteral("rkllm_run failed (%1)").arg(result)};

    // The runtime's own figures when it gave them; else what the clock saw.
    const auto prefillUs = std::int64_t(double(state.perf.prefill_time_ms) * 1000.0);
    const auto generateUs = std::int64_t(double(state.perf.generate_time_ms) * 1000.0);
    const bool havePerf = state.finished && (state.perf.prefill_tokens > 0 || state.perf.generate_tokens > 0);
    const std::int64_t clockPrefillUs = state.decodeStarted ? state.prefillUs : totalUs;
    sink.stageFinished(Stage::Prefill, havePerf ? prefillUs : clockPrefillUs, havePerf ? state.perf.prefill_tokens : 0);
    if (!state.decodeStarted)
        sink.stageStarted(Stage::Decode);
    sink.stageFinished(Stage::Decode, havePerf ? generateUs : totalUs - clockPrefillUs,
                       havePerf ? state.perf.generate_tokens : state.tokens);
    if (state.finished && state.perf.memory_usage_mb > 0)
        sink.runtimeMemory(std::int64_t(double(state.perf.memory_usage_mb) * 1024.0 * 1024.0));
    return {};
}

} // namespace camchat::inference
