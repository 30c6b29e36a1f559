#pragma once

#include "inferenceerror.h"
#include "modelprofile.h"
#include "stagetimings.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>

namespace camchat::inference {

// The encoder's input: packed R,G,B bytes, rows of 3 * width.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::shared_ptr<const std::uint8_t[]> pixels;
    // The same picture as JPEG, when the profile asks for it (VisionSpec::jpegQuality > 0:
    // a model server takes the image this way). Encoded by whoever prepares the image,
    // as part of the preprocess stage: this layer has no JPEG encoder.
    QByteArray jpeg;
    bool isValid() const { return width > 0 && height > 0 && pixels; }
};

// The probe: a model pair the process has not seen pass before is first loaded by a child
// process (ModelProbe), so an abort inside llama.cpp kills only the child.
struct ProbeSettings {
    // The program to run as `EXECUTABLE probe-model` (camchat itself; the app sets it,
    // InferenceWorker passes it on). Empty: no probe, the backend loads in-process.
    QString executable;
    // The verdicts: empty = ModelProbe::defaultCacheFile().
    QString cacheFile;
    // A child still running after this long is killed and the load fails.
    int timeoutMs = 10 * 60 * 1000;
};

struct BackendOptions {
    int threads = 0; // 0 = a sensible default for the machine
    // CPUs to keep the threads on. Empty: the fastest cluster when slower CPUs exist (a
    // big.LITTLE board), else wherever the scheduler puts them.
    QList<int> cpus;
    ProbeSettings probe;
    // Model servers: how long an answer that has started may go without a byte before it
    // counts as stalled; 0 = the backend's default (60 s). Tests shorten it.
    int silenceTimeoutMs = 0;
    // Model servers: how long to wait for a connection before the server counts as
    // unreachable; 0 = the backend's default (10 s). Tests shorten it.
    int connectTimeoutMs = 0;
};

// What a backend reports while it works. Called on the inference thread.
class GenerationSink
{
public:
    virtual ~GenerationSink() = default;
    virtual void stageStarted(Stage stage) = 0;
    // `tokens`: tokens processed in that stage (prefill, decode), else 0.
    virtual void stageFinished(Stage stage, std::int64_t durationUs, int tokens) = 0;
    // A piece of the answer: always whole UTF-8 characters.
    virtual void token(const QString &piece) = 0;
    // The runtime's own memory figure for this request, when it has one.
    virtual void runtimeMemory(std::int64_t bytes) { (void)bytes; }
    // What a model server reported about its own work (backend "openai").
    virtual void serverTimings(const ServerTimings &timings) { (void)timings; }
    // Checked between tokens and between image chunks.
    virtual bool isCancelled() const = 0;
};

struct BackendRequest {
    const RgbImage *image = nullptr; // set: new conversation about it; null: follow-up
    QString prompt;
    SamplingParams sampling;
};

// One vision-language pipeline (vision encoder + language model). Lives on and is only
// ever called from the inference thread; not thread-safe.
class VlmBackend
{
public:
    virtual ~VlmBackend() = default;
    virtual BackendKind kind() const = 0;

    // Loads (or replaces) the model. `progress` gets 0..1; returning false aborts.
    virtual InferenceError load(const ModelProfile &profile, const BackendOptions &options,
                                const std::function<bool(float)> &progress) = 0;
    virtual void unload() = 0;
    virtual bool isLoaded() const = 0;
    virtual bool hasConversation() const = 0;

    // Runs one question: with an image, clears the conversation (KV cache), encodes the
    // image and answers; without, continues the conversation without re-encoding.
    // Reports stages and tokens to `sink`; returns Cancelled when the sink says so.
    virtual InferenceError run(const BackendRequest &request, GenerationSink &sink) = 0;

    // Encode on snap: does for `image` the work that does not depend on the question, while
    // the user types it (llama: the prompt up to and including the image, encoded and in
    // the cache; rk: the vision encode). A later run() about the same image (the same
    // pixels) starts from there. May drop the conversation. Reports stages to `sink`, which
    // is also asked between chunks whether to stop (Cancelled). May be called from another
    // thread than the inference thread, but never at the same time as any other call.
    // The default has nothing to do ahead (a model server).
    virtual InferenceError prepare(const RgbImage &image, GenerationSink &sink);
    // prepare() does something for this backend and model.
    virtual bool preparesImages() const { return false; }
};

// Creates the backend a profile asks for, or null when this build has none of that kind.
std::unique_ptr<VlmBackend> createBackend(BackendKind kind);

} // namespace camchat::inference
