#pragma once

#include "inference/vlmbackend.h"
#include "llamachat.h"
#include "llamahandles.h"

#include <QList>

#include <cstdint>
#include <memory>
#include <optional>
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
    InferenceError prepare(const RgbImage &image, GenerationSink &sink) override;
    // False for a template that writes question-dependent text before the image.
    bool preparesImages() const override;

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
    // Tokenizes `text` with libmtmd and the image, encodes the image and feeds it all in
    // at the end of the cache (VisionEncode and Prefill stages). `endsWithText`: the
    // prompt must end with text, whose logits sampling reads.
    InferenceError feedPrompt(const std::string &text, const RgbImage &image, bool endsWithText, GenerationSink &sink);
    // Encode on snap: the first turn's text up to and including the image, when it does
    // not depend on the question and the tokenizer appends nothing after a prompt.
    bool imagePrefix(std::string &prefix) const;
    // Text as libmtmd tokenizes what follows an image: special tokens parsed, none added.
    bool tokenize(const std::string &text, std::vector<std::int32_t> &tokens) const;
    // Feeds `tokens` at the end of the cache; logits for the last one.
    InferenceError decodeTokens(const std::vector<std::int32_t> &tokens);
    // Samples and streams the answer; on return m_answer holds it.
    InferenceError generate(const SamplingParams &sampling, GenerationSink &sink);
    void clearConversation();
    // Drops cache entries from `position` on (a failed or cancelled follow-up).
    void rollBackTo(std::int32_t position);

    static bool abortCallback(void *data);

    // The sink of the call in progress, for the abort callback (which reads it while
    // llama_decode runs), from construction to destruction.
    class ActiveSink
    {
    public:
        ActiveSink(LlamaBackend *backend, GenerationSink &sink);
        ~ActiveSink();
        ActiveSink(const ActiveSink &) = delete;
        ActiveSink &operator=(const ActiveSink &) = delete;

    private:
        LlamaBackend *m_backend;
    };

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

    // Encode on snap: the cache holds the first turn's prompt up to and including this image.
    struct PreparedImage {
        std::shared_ptr<const std::uint8_t[]> pixels; // kept: its address names the image
        std::string prefix;                           // the rendered text the cache holds
    };
    std::optional<PreparedImage> m_prepared;

    // The running request.
    GenerationSink *m_sink = nullptr;
    std::string m_answer;
    int m_generated = 0;
};

} // namespace camchat::inference
