#pragma once

#include "inference/inferenceerror.h"
#include "inference/modelprofile.h"
#include "inference/rk/rkllmabi.h"
#include "inference/vlmbackend.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

namespace camchat::inference {

class RkRuntime;

// The language model on the NPU through librkllmrt (1.2.x). Answers stream through the
// runtime's callback during a blocking rkllm_run on the calling thread (the inference
// thread); the conversation lives in the runtime's KV cache (keep_history), so a
// follow-up sends only the new question. Every runtime call holds RkRuntime::npuMutex().
class RkllmLanguageModel
{
public:
    explicit RkllmLanguageModel(std::shared_ptr<const RkRuntime> runtime);
    ~RkllmLanguageModel();
    RkllmLanguageModel(const RkllmLanguageModel &) = delete;
    RkllmLanguageModel &operator=(const RkllmLanguageModel &) = delete;

    // Initialises the runtime with the profile's context length, sampling defaults,
    // image tags and chat template. `threads` > 0 limits the CPU cores the runtime uses.
    InferenceError load(const QString &path, const ModelProfile &profile, int threads);
    void unload();
    bool isLoaded() const { return m_handle != nullptr; }

    // Forgets the conversation (rkllm_clear_kv_cache): needed whenever the image changes,
    // or the runtime keeps answering about the previous one.
    InferenceError clearConversation();

    // The first question about an image: `embeddings` holds tokens x width floats from
    // the vision encoder for an imageWidth x imageHeight picture.
    InferenceError askAboutImage(const QString &question, const std::vector<float> &embeddings, int tokens,
                                 int imageWidth, int imageHeight, const SamplingParams &sampling,
                                 GenerationSink &sink);
    // A follow-up in the same conversation: no image, the KV cache holds it.
    InferenceError askFollowUp(const QString &question, const SamplingParams &sampling, GenerationSink &sink);

    // The user turn's text: the image tag exactly once (a tag typed by the user is
    // removed, it would misplace the embeddings), then the question.
    static QByteArray imagePrompt(const QString &imageTag, const QString &question);

private:
    InferenceError run(rk::RKLLMInput &input, const SamplingParams &sampling, GenerationSink &sink);

    std::shared_ptr<const RkRuntime> m_runtime;
    rk::RkllmHandle m_handle = nullptr;
    QString m_path;
    QString m_imageTag;
    // The runtime keeps the pointers of its parameters: they must outlive the handle.
    QByteArray m_modelPath;
    QByteArray m_imageStart;
    QByteArray m_imageEnd;
    QByteArray m_imageContent;
};

} // namespace camchat::inference
