#pragma once

#include "inference/vlmbackend.h"
#include "llamachat.h"
#include "llamahandles.h"

#include <QList>

#include <cstdint>
#include <string>
#include <vector>

namespace camchat::inference {

// The CPU backend: llama.cpp for the language model, libmtmd for the vision encoder.
// Lives on the inference thread like every VlmBackend.
//
// A conversation is one image plus its turns. The KV cache keeps everything fed so far,
// so a follow-up question feeds only the new turn (LlamaChat says which text that is).
class LlamaBackend final : public VlmBackend
{
public:
    LlamaBackend();
    ~LlamaBackend() override;
    LlamaBackend(const LlamaBackend &) = delete;
    LlamaBackend &operator=(const LlamaBackend &) = delete;

    BackendKind kind() const override { return BackendKind::Llama; }
    InferenceError load(const ModelProfile &profile, const BackendOptions &options,
                        const std::function<bool(float)> &progress) override;
    void unload() override;
    bool isLoaded() const override;
    bool hasConversation() const override;
    InferenceError run(const BackendRequest &request, GenerationSink &sink) override;

    // Threads the loaded model uses (0 when nothing is loaded).
    int threads() const { return m_threads; }
    // CPUs those threads are kept on (empty: wherever the scheduler puts them).
    const QList<int> &pinnedCpus() const { return m_pinnedCpus; }
    // One thread per physical core of the fastest cluster (CpuTopology::currentPlan):
    // hyper-threads share a core's arithmetic units, and slow cores of a big.LITTLE board
    // hold back the fast ones at every barrier. At least 1.
    static int defaultThreadCount();

private:
    InferenceError runNewConversation(const BackendRequest &request, GenerationSink &sink);
    InferenceError runFollowUp(const BackendRequest &request, GenerationSink &sink);
    // Feeds `tokens` at the end of the cache; logits for the last one.
    InferenceError decodeTokens(const std::vector<std::int32_t> &tokens);
    // Samples and streams the answer; on return m_answer holds it.
    InferenceError generate(const SamplingParams &sampling, GenerationSink &sink);
    void clearConversation();
    // Drops cache entries from `position` on (a failed or cancelled follow-up).
    void rollBackTo(std::int32_t position);

    static bool abortCallback(void *data);

    // Keeps this (the inference) thread, and the threads it starts, on `cpus` until
    // restoreAffinity(); nothing when `cpus` is empty.
    void pinThisThread(const QList<int> &cpus);
    void restoreAffinity();

    // Declared in the order they are created: destroyed projector first, model last (the
    // context uses the thread pool, so the pool goes after it).
    ModelHandle m_model;
    ThreadpoolHandle m_threadpool;
    ContextHandle m_context;
    MtmdHandle m_mtmd;
    ModelProfile m_profile;
    int m_threads = 0;
    QList<int> m_pinnedCpus;
    QList<int> m_savedAffinity; // this thread's CPUs before pinThisThread()
    std::int32_t m_contextSize = 0; // positions the conversation may use

    // Conversation state: the text in m_chat, the cache's side here.
    LlamaChat m_chat;
    std::int32_t m_position = 0;     // next free position in the KV cache
    std::int32_t m_pendingToken = -1; // sampled last but not yet in the cache (or -1)

    // The running request.
    GenerationSink *m_sink = nullptr;
    std::string m_answer;
    int m_generated = 0;
};

} // namespace camchat::inference
