#pragma once

#include "inference/vlmbackend.h"

#include <cstdint>
#include <string>
#include <vector>

struct llama_model;
struct llama_context;
struct mtmd_context;

namespace camchat::inference {

// The CPU backend: llama.cpp for the language model, libmtmd for the vision encoder.
// Lives on the inference thread like every VlmBackend.
//
// A conversation is one image plus its turns. The KV cache keeps everything fed so far,
// so a follow-up question feeds only the new turn: the whole message list is formatted
// with the chat template and only the text after what the cache already holds goes in.
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
    // The number of physical CPU cores (hyper-threads share a core's arithmetic units,
    // so more threads than cores only adds contention), at least 1.
    static int defaultThreadCount();

private:
    struct Message {
        std::string role;
        std::string content;
    };

    InferenceError runNewConversation(const BackendRequest &request, GenerationSink &sink);
    InferenceError runFollowUp(const BackendRequest &request, GenerationSink &sink);
    // Feeds `tokens` at the end of the cache; logits for the last one.
    InferenceError decodeTokens(const std::vector<std::int32_t> &tokens);
    // Samples and streams the answer; on return m_answer holds it.
    InferenceError generate(const SamplingParams &sampling, GenerationSink &sink);
    // Appends the answer to m_messages (which ends with its question) and notes how the
    // template renders it, so the next follow-up can be formatted.
    void commitTurn();
    void clearConversation();
    // Drops cache entries from `position` on (a failed or cancelled follow-up).
    void rollBackTo(std::int32_t position);
    bool formatChat(const std::vector<Message> &messages, bool addAssistant, std::string &out) const;

    static bool abortCallback(void *data);

    llama_model *m_model = nullptr;
    llama_context *m_context = nullptr;
    mtmd_context *m_mtmd = nullptr;
    ModelProfile m_profile;
    int m_threads = 0;
    std::int32_t m_contextSize = 0; // positions the conversation may use
    std::string m_template; // the template source, or a llama.cpp template name

    // Conversation state.
    std::vector<Message> m_messages;
    std::int32_t m_position = 0;     // next free position in the KV cache
    std::int32_t m_pendingToken = -1; // sampled last but not yet in the cache (or -1)
    std::string m_rendered;          // the template's rendering of m_messages
    std::string m_turnClosing;       // what the template writes after the last answer
    bool m_conversation = false;

    // The running request.
    GenerationSink *m_sink = nullptr;
    std::string m_answer;
    int m_generated = 0;
};

} // namespace camchat::inference
