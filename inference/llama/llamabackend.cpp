#include "llamabackend.h"

#include "ggufpreflight.h"
#include "inference/cputopology.h"
#include "inference/modelprobe.h"
#include "inference/utf8stream.h"
#include "llamalog.h"

#include <ggml-cpu.h>
#include <llama.h>
#include <mtmd-helper.h>
#include <mtmd.h>

#include <QFile>

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace camchat::inference {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t microsecondsSince(Clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

cpu_set_t cpuSet(const QList<int> &cpus)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    for (const int cpu : cpus) {
        if (cpu >= 0 && cpu < CPU_SETSIZE)
            CPU_SET(cpu, &set);
    }
    return set;
}

// --- llama.cpp helpers -------------------------------------------------------------------

class Batch
{
public:
    explicit Batch(std::int32_t capacity) : m_batch(llama_batch_init(capacity, 0, 1)) {}
    ~Batch() { llama_batch_free(m_batch); }
    Batch(const Batch &) = delete;
    Batch &operator=(const Batch &) = delete;

    // Tokens at consecutive positions in sequence 0.
    llama_batch &fill(const llama_token *tokens, std::int32_t count, llama_pos firstPosition, bool logitsForLast)
    {
        m_batch.n_tokens = count;
        for (std::int32_t i = 0; i < count; ++i) {
            m_batch.token[i] = tokens[i];
            m_batch.pos[i] = firstPosition + i;
            m_batch.n_seq_id[i] = 1;
            m_batch.seq_id[i][0] = 0;
            m_batch.logits[i] = logitsForLast && i == count - 1;
        }
        return m_batch;
    }

private:
    llama_batch m_batch;
};

std::string tokenPiece(const llama_vocab *vocab, llama_token token)
{
    std::string piece(32, '\0');
    std::int32_t length = llama_token_to_piece(vocab, token, piece.data(), std::int32_t(piece.size()), 0, false);
    if (length < 0) {
        piece.resize(std::size_t(-length));
        length = llama_token_to_piece(vocab, token, piece.data(), std::int32_t(piece.size()), 0, false);
    }
    piece.resize(std::size_t(std::max(length, 0)));
    return piece;
}

SamplerHandle makeSampler(const SamplingParams &params, std::int32_t vocabSize)
{
    llama_sampler_chain_params chainParams = llama_sampler_chain_default_params();
    chainParams.no_perf = true;
    SamplerHandle chain(llama_sampler_chain_init(chainParams));
    if (params.repeatPenalty > 0.0f && params.repeatPenalty != 1.0f)
        llama_sampler_chain_add(chain.get(), llama_sampler_init_penalties(vocabSize, 64, params.repeatPenalty, 0.0f, 0.0f));
    if (params.temperature <= 0.0f) {
        llama_sampler_chain_add(chain.get(), llama_sampler_init_greedy());
        return chain;
    }
    if (params.topK > 0)
        llama_sampler_chain_add(chain.get(), llama_sampler_init_top_k(params.topK));
    if (params.topP > 0.0f && params.topP < 1.0f)
        llama_sampler_chain_add(chain.get(), llama_sampler_init_top_p(params.topP, 1));
    llama_sampler_chain_add(chain.get(), llama_sampler_init_temp(params.temperature));
    llama_sampler_chain_add(chain.get(), llama_sampler_init_dist(params.seed == 0 ? LLAMA_DEFAULT_SEED : params.seed));
    return chain;
}

InferenceError cancelled()
{
    return {InferenceErrorCode::Cancelled, QStringLiteral("cancelled")};
}

} // namespace

LlamaBackend::LlamaBackend()
{
    LlamaLog::initOnce();
}

LlamaBackend::~LlamaBackend()
{
    unload();
}

int LlamaBackend::defaultThreadCount()
{
    return CpuTopology::currentPlan().threads;
}

void LlamaBackend::pinThisThread(const QList<int> &cpus)
{
    if (cpus.isEmpty())
        return;
    cpu_set_t current;
    CPU_ZERO(&current);
    if (pthread_getaffinity_np(pthread_self(), sizeof(current), &current) != 0)
        return;
    const cpu_set_t wanted = cpuSet(cpus);
    if (pthread_setaffinity_np(pthread_self(), sizeof(wanted), &wanted) != 0)
        return;
    m_savedAffinity.clear();
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &current))
            m_savedAffinity.append(cpu);
    }
}

void LlamaBackend::restoreAffinity()
{
    if (m_savedAffinity.isEmpty())
        return;
    const cpu_set_t saved = cpuSet(m_savedAffinity);
    pthread_setaffinity_np(pthread_self(), sizeof(saved), &saved);
    m_savedAffinity.clear();
}

InferenceError LlamaBackend::load(const ModelProfile &profile, const BackendOptions &options,
                                  const std::function<bool(float)> &progress)
{
    unload();
    if (profile.backend != BackendKind::Llama) {
        return {InferenceErrorCode::BackendUnavailable,
                QStringLiteral("profile %1 is not for the llama backend").arg(profile.id)};
    }
    const QString modelPath = profile.filePath(QStringLiteral("model"));
    const QString mmprojPath = profile.filePath(QStringLiteral("mmproj"));
    if (modelPath.isEmpty() || mmprojPath.isEmpty()) {
        return {InferenceErrorCode::ProfileInvalid,
                QStringLiteral("profile %1 needs a \"model\" and an \"mmproj\" file").arg(profile.id)};
    }
    GgufSummary modelSummary;
    if (InferenceError error = GgufPreflight::checkPair(modelPath, mmprojPath, &modelSummary))
        return error;

    // One thread per fast core, kept on the fast cores when slower ones exist (big.LITTLE).
    // Threads started from this thread (the vision encoder's) inherit its CPUs; llama.cpp's
    // own get them from the thread pool's mask below.
    const CpuThreadPlan plan = CpuTopology::currentPlan();
    const int threads = options.threads > 0 ? options.threads : plan.threads;
    const QList<int> pinTo = !options.cpus.isEmpty()           ? options.cpus
                             : threads <= plan.cpus.size() ? plan.cpus
                                                           : QList<int>();

    // A pair this camchat has not seen load is first loaded by a child process: an abort
    // inside llama.cpp then ends only the child (ModelProbe). It reports the first half of
    // the progress.
    float progressBase = 0.0f;
    if (!options.probe.executable.isEmpty()) {
        const ProbeReport probe = ModelProbe::check(profile, threads, options.probe, [&progress](float fraction) {
            return !progress || progress(0.5f * fraction);
        });
        if (probe.error)
            return probe.error;
        if (probe.childRan)
            progressBase = 0.5f;
    }

    // Loading reports 0..0.8 for the language model, the rest for the projector (of what
    // is left after the probe).
    struct Progress {
        const std::function<bool(float)> *callback;
        float base = 0.0f;
        bool aborted = false;
        bool report(float fraction)
        {
            if (!*callback || (*callback)(base + (1.0f - base) * fraction))
                return true;
            aborted = true;
            return false;
        }
    } tracker{&progress, progressBase};

    llama_model_params modelParams = llama_model_default_params();
    modelParams.n_gpu_layers = 0;
    modelParams.progress_callback = [](float fraction, void *data) {
        return static_cast<Progress *>(data)->report(0.8f * fraction);
    };
    modelParams.progress_callback_user_data = &tracker;
    LlamaLog::clearErrors();
    m_model.reset(llama_model_load_from_file(QFile::encodeName(modelPath).constData(), modelParams));
    if (!m_model) {
        if (tracker.aborted)
            return {InferenceErrorCode::Cancelled, QStringLiteral("model loading aborted")};
        const QString log = LlamaLog::errors();
        if (log.contains(QLatin1String("unknown model architecture"))) {
            return {InferenceErrorCode::ModelFileInvalid,
                    QStringLiteral("%1: general.architecture \"%2\" is not an architecture this llama.cpp supports")
                        .arg(modelPath, modelSummary.architecture)};
        }
        return {InferenceErrorCode::ModelLoadFailed,
                QStringLiteral("%1: llama.cpp could not load the model: %2").arg(modelPath, log)};
    }

    llama_context_params contextParams = llama_context_default_params();
    contextParams.n_ctx = std::uint32_t(std::max(profile.contextLength, 1));
    contextParams.n_threads = threads;
    contextParams.n_threads_batch = threads;
    contextParams.no_perf = true;
    LlamaLog::clearErrors();
    pinThisThread(pinTo); // unload() undoes it, on every failure below too
    m_context.reset(llama_init_from_model(m_model.get(), contextParams));
    if (m_context && !pinTo.isEmpty()) {
        ggml_threadpool_params pool = ggml_threadpool_params_default(threads);
        for (const int cpu : pinTo) {
            if (cpu >= 0 && cpu < GGML_MAX_N_THREADS)
                pool.cpumask[cpu] = true;
        }
        // Every thread may run on any CPU of the cluster. Strict placement (one CPU per
        // thread) would also narrow this thread, the pool's thread 0, to a single CPU
        // for everything else it does until unload.
        pool.strict_cpu = false;
        m_threadpool.reset(ggml_threadpool_new(&pool));
        if (m_threadpool)
            llama_attach_threadpool(m_context.get(), m_threadpool.get(), m_threadpool.get());
    }
    if (!m_context) {
        const QString log = LlamaLog::errors();
        unload();
        return {InferenceErrorCode::ModelLoadFailed,
                QStringLiteral("%1: cannot create a context of %2 tokens: %3").arg(modelPath).arg(profile.contextLength).arg(log)};
    }
    llama_set_abort_callback(m_context.get(), &LlamaBackend::abortCallback, this);
    // llama.cpp rounds the context up to a multiple of 256; the profile's length is the limit.
    m_contextSize = std::min<std::int32_t>(std::int32_t(llama_n_ctx(m_context.get())), std::max(profile.contextLength, 1));

    mtmd_context_params visionParams = mtmd_context_params_default();
    visionParams.use_gpu = false;
    visionParams.print_timings = false;
    visionParams.warmup = false;
    visionParams.n_threads = threads;
    if (profile.vision.maxImageTokens > 0)
        visionParams.image_max_tokens = profile.vision.maxImageTokens;
    visionParams.progress_callback = [](float fraction, void *data) {
        return static_cast<Progress *>(data)->report(0.8f + 0.2f * fraction);
    };
    visionParams.progress_callback_user_data = &tracker;
    LlamaLog::clearErrors();
    m_mtmd.reset(mtmd_init_from_file(QFile::encodeName(mmprojPath).constData(), m_model.get(), visionParams));
    if (!m_mtmd) {
        const bool aborted = tracker.aborted;
        const QString log = LlamaLog::errors();
        unload();
        if (aborted)
            return {InferenceErrorCode::Cancelled, QStringLiteral("model loading aborted")};
        return {InferenceErrorCode::ModelLoadFailed,
                QStringLiteral("%1: libmtmd could not load the projector: %2").arg(mmprojPath, log)};
    }
    if (!mtmd_support_vision(m_mtmd.get())) {
        unload();
        return {InferenceErrorCode::ModelFileInvalid, mmprojPath + QStringLiteral(": the projector has no vision encoder")};
    }

    std::string chatTemplate;
    if (profile.prompt.chatTemplate.isEmpty()) {
        const char *own = llama_model_chat_template(m_model.get(), nullptr);
        if (!own) {
            unload();
            return {InferenceErrorCode::ModelFileInvalid,
                    QStringLiteral("%1: the model has no tokenizer.chat_template; name one in the profile's prompt.chatTemplate")
                        .arg(modelPath)};
        }
        chatTemplate = own;
    } else {
        chatTemplate = profile.prompt.chatTemplate.toStdString();
    }
    if (!m_chat.setTemplate(std::move(chatTemplate))) {
        const bool own = profile.prompt.chatTemplate.isEmpty();
        unload();
        if (own) {
            return {InferenceErrorCode::ModelFileInvalid,
                    QStringLiteral("%1: llama.cpp does not know the model's chat template; name one in the profile's prompt.chatTemplate")
                        .arg(modelPath)};
        }
        return {InferenceErrorCode::ProfileInvalid,
                QStringLiteral("profile %1: prompt.chatTemplate \"%2\" is not a template llama.cpp knows")
                    .arg(profile.id, profile.prompt.chatTemplate)};
    }

    m_profile = profile;
    m_threads = threads;
    m_pinnedCpus = pinTo;
    if (progress)
        progress(1.0f);
    return {};
}

void LlamaBackend::unload()
{
    clearConversation();
    // Projector and context use the model: they go first.
    m_mtmd.reset();
    m_context.reset();
    m_threadpool.reset();
    m_model.reset();
    restoreAffinity();
    m_profile = {};
    m_threads = 0;
    m_pinnedCpus.clear();
    m_contextSize = 0;
    m_chat = LlamaChat();
}

bool LlamaBackend::isLoaded() const
{
    return m_model && m_context && m_mtmd;
}

bool LlamaBackend::hasConversation() const
{
    return !m_chat.isEmpty();
}

InferenceError LlamaBackend::run(const BackendRequest &request, GenerationSink &sink)
{
    if (!isLoaded())
        return {InferenceErrorCode::NotLoaded, QStringLiteral("no model loaded")};
    if (!request.image && m_chat.isEmpty())
        return {InferenceErrorCode::NoConversation, QStringLiteral("a follow-up question needs an earlier image")};

    ActiveSink active(this, sink);
    m_answer.clear();
    m_generated = 0;

    return request.image ? runNewConversation(request, sink) : runFollowUp(request, sink);
}

InferenceError LlamaBackend::runNewConversation(const BackendRequest &request, GenerationSink &sink)
{
    const RgbImage &image = *request.image;
    if (!image.isValid())
        return {InferenceErrorCode::ImageInvalid, QStringLiteral("the image is empty")};

    LlamaChat::Turn turn;
    if (!m_chat.firstTurn(m_profile.prompt.system.toStdString(), LlamaChat::userText(request.prompt.toStdString()), turn))
        return {InferenceErrorCode::PromptFailed, QStringLiteral("the chat template could not format the prompt")};

    // Encoded on snap: the cache holds the prompt up to the image; only the rest goes in.
    if (m_prepared && m_prepared->pixels == image.pixels && turn.text.compare(0, m_prepared->prefix.size(), m_prepared->prefix) == 0) {
        const std::string rest = turn.text.substr(m_prepared->prefix.size());
        m_prepared.reset();
        std::vector<std::int32_t> tokens;
        if (!tokenize(rest, tokens) || tokens.empty())
            return {InferenceErrorCode::PromptFailed, QStringLiteral("tokenizing the question failed")};
        if (m_position + std::int64_t(tokens.size()) >= m_contextSize) {
            clearConversation();
            return {InferenceErrorCode::ContextFull,
                    QStringLiteral("the prompt with its image needs %1 positions; the context holds %2")
                        .arg(m_position + std::int64_t(tokens.size()))
                        .arg(m_contextSize)};
        }
        sink.stageStarted(Stage::Prefill);
        const Clock::time_point prefillStart = Clock::now();
        if (InferenceError error = decodeTokens(tokens)) {
            clearConversation();
            return error;
        }
        sink.stageFinished(Stage::Prefill, microsecondsSince(prefillStart), int(tokens.size()));
    } else {
        clearConversation();
        if (InferenceError error = feedPrompt(turn.text, image, true, sink)) {
            clearConversation();
            return error;
        }
    }

    if (InferenceError error = generate(request.sampling, sink)) {
        // A first turn that did not finish leaves nothing to follow up on.
        clearConversation();
        return error;
    }
    m_chat.commit(std::move(turn), m_answer);
    return {};
}

InferenceError LlamaBackend::prepare(const RgbImage &image, GenerationSink &sink)
{
    if (!isLoaded())
        return {InferenceErrorCode::NotLoaded, QStringLiteral("no model loaded")};
    if (!image.isValid())
        return {InferenceErrorCode::ImageInvalid, QStringLiteral("the image is empty")};
    ActiveSink active(this, sink);
    clearConversation();
    std::string prefix;
    if (!imagePrefix(prefix))
        return {}; // nothing to do ahead: run() does it all
    // Called on another thread than load(): its threads stay on the same CPUs.
    if (!m_pinnedCpus.isEmpty()) {
        const cpu_set_t cpus = cpuSet(m_pinnedCpus);
        pthread_setaffinity_np(pthread_self(), sizeof(cpus), &cpus);
    }
    if (InferenceError error = feedPrompt(prefix, image, false, sink)) {
        clearConversation();
        return error;
    }
    m_prepared = PreparedImage{image.pixels, std::move(prefix)};
    return {};
}

bool LlamaBackend::preparesImages() const
{
    std::string prefix;
    return imagePrefix(prefix);
}

bool LlamaBackend::imagePrefix(std::string &prefix) const
{
    // The part before the image must not depend on the question, and nothing may be
    // appended after the prompt (an end-of-sequence token would land after the image).
    return isLoaded() && !llama_vocab_get_add_eos(llama_model_get_vocab(m_model.get()))
        && m_chat.imagePrefix(m_profile.prompt.system.toStdString(), prefix);
}

InferenceError LlamaBackend::feedPrompt(const std::string &text, const RgbImage &image, bool endsWithText,
                                        GenerationSink &sink)
{
    const BitmapHandle bitmap(mtmd_bitmap_init(std::uint32_t(image.width), std::uint32_t(image.height), image.pixels.get()));
    if (!bitmap)
        return {InferenceErrorCode::ImageInvalid, QStringLiteral("libmtmd did not accept the image")};
    const ChunksHandle chunks(mtmd_input_chunks_init());
    const mtmd_input_text input{text.c_str(), text.size(), true, true};
    const mtmd_bitmap *bitmaps[] = {bitmap.get()};
    LlamaLog::clearErrors();
    const std::int32_t tokenized = mtmd_tokenize(m_mtmd.get(), chunks.get(), &input, bitmaps, 1);
    if (tokenized == 2) {
        return {InferenceErrorCode::ImageInvalid,
                QStringLiteral("libmtmd could not preprocess the %1x%2 image: %3")
                    .arg(image.width).arg(image.height).arg(LlamaLog::errors())};
    }
    if (tokenized != 0) {
        return {InferenceErrorCode::PromptFailed,
                QStringLiteral("libmtmd could not tokenize the prompt (%1): %2").arg(tokenized).arg(LlamaLog::errors())};
    }

    const std::size_t chunkCount = mtmd_input_chunks_size(chunks.get());
    // Sampling reads the logits of the prompt's last text token.
    if (endsWithText
        && (chunkCount == 0
            || mtmd_input_chunk_get_type(mtmd_input_chunks_get(chunks.get(), chunkCount - 1)) != MTMD_INPUT_CHUNK_TYPE_TEXT)) {
        return {InferenceErrorCode::PromptFailed, QStringLiteral("the chat template does not end the prompt with text")};
    }
    const llama_pos positions = mtmd_helper_get_n_pos(chunks.get());
    const auto promptTokens = int(mtmd_helper_get_n_tokens(chunks.get()));
    const llama_pos contextSize = m_contextSize;
    if (m_position + positions >= contextSize) {
        return {InferenceErrorCode::ContextFull,
                QStringLiteral("the prompt with its image needs %1 positions; the context holds %2")
                    .arg(m_position + positions).arg(contextSize)};
    }

    // Encode every image chunk first, then prefill in order: the stages stay apart in time.
    const auto embeddingWidth = std::size_t(llama_model_n_embd_inp(m_model.get()));
    std::vector<std::vector<float>> embeddings(chunkCount);
    sink.stageStarted(Stage::VisionEncode);
    const Clock::time_point encodeStart = Clock::now();
    for (std::size_t i = 0; i < chunkCount; ++i) {
        const mtmd_input_chunk *chunk = mtmd_input_chunks_get(chunks.get(), i);
        if (mtmd_input_chunk_get_type(chunk) != MTMD_INPUT_CHUNK_TYPE_IMAGE)
            continue;
        // mtmd_encode_chunk cannot be interrupted: stop between chunks.
        if (sink.isCancelled())
            return cancelled();
        LlamaLog::clearErrors();
        if (mtmd_encode_chunk(m_mtmd.get(), chunk) != 0) {
            return {InferenceErrorCode::ImageEncodeFailed,
                    QStringLiteral("the vision encoder failed on image chunk %1: %2").arg(i).arg(LlamaLog::errors())};
        }
        const float *output = mtmd_get_output_embd(m_mtmd.get());
        embeddings[i].assign(output, output + mtmd_input_chunk_get_n_tokens(chunk) * embeddingWidth);
    }
    sink.stageFinished(Stage::VisionEncode, microsecondsSince(encodeStart), 0);

    sink.stageStarted(Stage::Prefill);
    const Clock::time_point prefillStart = Clock::now();
    for (std::size_t i = 0; i < chunkCount; ++i) {
        const mtmd_input_chunk *chunk = mtmd_input_chunks_get(chunks.get(), i);
        if (mtmd_input_chunk_get_type(chunk) == MTMD_INPUT_CHUNK_TYPE_TEXT) {
            std::size_t count = 0;
            const llama_token *tokens = mtmd_input_chunk_get_tokens_text(chunk, &count);
            if (InferenceError error = decodeTokens(std::vector<std::int32_t>(tokens, tokens + count)))
                return error;
            continue;
        }
        if (sink.isCancelled())
            return cancelled();
        llama_pos next = m_position;
        const std::int32_t decoded = mtmd_helper_decode_image_chunk(
            m_mtmd.get(), m_context.get(), chunk, embeddings[i].data(), m_position, 0,
            std::int32_t(llama_n_batch(m_context.get())),
            &next, nullptr, nullptr);
        std::vector<float>().swap(embeddings[i]);
        if (decoded != 0) {
            return sink.isCancelled() ? cancelled()
                                      : InferenceError{InferenceErrorCode::DecodeFailed,
                                                       QStringLiteral("decoding the image embeddings failed (%1)").arg(decoded)};
        }
        m_position = next;
    }
    sink.stageFinished(Stage::Prefill, microsecondsSince(prefillStart), promptTokens);
    return {};
}

bool LlamaBackend::tokenize(const std::string &text, std::vector<std::int32_t> &tokens) const
{
    // As libmtmd tokenizes the text between images: special tokens parsed, none added.
    const llama_vocab *vocab = llama_model_get_vocab(m_model.get());
    tokens.resize(text.size() + 8);
    std::int32_t count = llama_tokenize(vocab, text.c_str(), std::int32_t(text.size()), tokens.data(),
                                        std::int32_t(tokens.size()), false, true);
    if (count < 0) {
        tokens.resize(std::size_t(-count));
        count = llama_tokenize(vocab, text.c_str(), std::int32_t(text.size()), tokens.data(),
                               std::int32_t(tokens.size()), false, true);
    }
    if (count < 0)
        return false;
    tokens.resize(std::size_t(count));
    return true;
}

InferenceError LlamaBackend::runFollowUp(const BackendRequest &request, GenerationSink &sink)
{
    LlamaChat::Turn turn;
    if (!m_chat.followUp(LlamaChat::userText(request.prompt.toStdString()), turn))
        return {InferenceErrorCode::PromptFailed, QStringLiteral("the chat template could not format the conversation")};
    const std::string &delta = turn.text;

    std::vector<std::int32_t> tokens;
    if (!tokenize(delta, tokens))
        return {InferenceErrorCode::PromptFailed, QStringLiteral("tokenizing the follow-up failed")};
    if (m_pendingToken >= 0)
        tokens.insert(tokens.begin(), m_pendingToken);
    if (tokens.empty())
        return {InferenceErrorCode::PromptFailed, QStringLiteral("the follow-up adds nothing to the conversation")};

    const std::int64_t contextSize = m_contextSize;
    if (m_position + std::int64_t(tokens.size()) >= contextSize) {
        return {InferenceErrorCode::ContextFull,
                QStringLiteral("the conversation needs %1 positions; the context holds %2")
                    .arg(m_position + std::int64_t(tokens.size()))
                    .arg(contextSize)};
    }

    const std::int32_t start = m_position;
    const std::int32_t pendingBefore = m_pendingToken;
    sink.stageStarted(Stage::Prefill);
    const Clock::time_point prefillStart = Clock::now();
    if (InferenceError error = decodeTokens(tokens)) {
        rollBackTo(start);
        m_pendingToken = pendingBefore;
        return error;
    }
    m_pendingToken = -1;
    sink.stageFinished(Stage::Prefill, microsecondsSince(prefillStart), int(tokens.size()));

    const InferenceError error = generate(request.sampling, sink);
    if (!error || (error.code == InferenceErrorCode::Cancelled && m_generated > 0)) {
        // A stopped answer stays part of the conversation, as far as it got.
        m_chat.commit(std::move(turn), m_answer);
        return error;
    }
    rollBackTo(start);
    m_pendingToken = pendingBefore;
    return error;
}

InferenceError LlamaBackend::decodeTokens(const std::vector<std::int32_t> &tokens)
{
    const auto batchSize = std::int32_t(llama_n_batch(m_context.get()));
    Batch batch(batchSize);
    const auto total = std::int32_t(tokens.size());
    for (std::int32_t offset = 0; offset < total; offset += batchSize) {
        if (m_sink && m_sink->isCancelled())
            return cancelled();
        const std::int32_t count = std::min(batchSize, total - offset);
        const std::int32_t result =
            llama_decode(m_context.get(), batch.fill(tokens.data() + offset, count, m_position, offset + count == total));
        if (result != 0) {
            // Aborted or failed batches leave the part they finished in the cache.
            m_position = llama_memory_seq_pos_max(llama_get_memory(m_context.get()), 0) + 1;
            if (result == 2 || (m_sink && m_sink->isCancelled()))
                return cancelled();
            if (result == 1)
                return {InferenceErrorCode::ContextFull, QStringLiteral("no room left in the context")};
            return {InferenceErrorCode::DecodeFailed, QStringLiteral("llama_decode failed (%1)").arg(result)};
        }
        m_position += count;
    }
    return {};
}

InferenceError LlamaBackend::generate(const SamplingParams &sampling, GenerationSink &sink)
{
    const llama_vocab *vocab = llama_model_get_vocab(m_model.get());
    const auto sampler = makeSampler(sampling, llama_vocab_n_tokens(vocab));
    const llama_pos contextSize = m_contextSize;
    Batch batch(1);
    Utf8Stream stream;

    sink.stageStarted(Stage::Decode);
    const Clock::time_point start = Clock::now();
    InferenceError result;
    for (;;) {
        if (sink.isCancelled()) {
            result = cancelled();
            break;
        }
        const llama_token token = llama_sampler_sample(sampler.get(), m_context.get(), -1);
        if (llama_vocab_is_eog(vocab, token))
            break;
        ++m_generated;
        const std::string piece = tokenPiece(vocab, token);
        m_answer += piece;
        const QString text = stream.push(piece);
        if (!text.isEmpty())
            sink.token(text);
        // The last token is only fed if the conversation continues (see runFollowUp).
        if (m_generated >= sampling.maxNewTokens || m_position >= contextSize) {
            m_pendingToken = token;
            break;
        }
        const std::int32_t decoded = llama_decode(m_context.get(), batch.fill(&token, 1, m_position, true));
        if (decoded != 0) {
            const llama_pos next = llama_memory_seq_pos_max(llama_get_memory(m_context.get()), 0) + 1;
            if (next == m_position)
                m_pendingToken = token;
            m_position = next;
            if (decoded == 2 || sink.isCancelled())
                result = cancelled();
            else if (decoded != 1) // 1: no room left, the answer just ends
                result = {InferenceErrorCode::DecodeFailed, QStringLiteral("llama_decode failed (%1)").arg(decoded)};
            break;
        }
        ++m_position;
    }
    if (result)
        return result;
    // Whatever the stream still holds is a character cut off by the token limit: it is
    // dropped with the stream rather than shown as U+FFFD.
    sink.stageFinished(Stage::Decode, microsecondsSince(start), m_generated);
    return {};
}

void LlamaBackend::clearConversation()
{
    if (m_context)
        llama_memory_clear(llama_get_memory(m_context.get()), true);
    m_chat.clear();
    m_position = 0;
    m_pendingToken = -1;
    m_prepared.reset();
}

void LlamaBackend::rollBackTo(std::int32_t position)
{
    llama_memory_seq_rm(llama_get_memory(m_context.get()), 0, position, -1);
    m_position = position;
}

LlamaBackend::ActiveSink::ActiveSink(LlamaBackend *backend, GenerationSink &sink)
    : m_backend(backend)
{
    m_backend->m_sink = &sink;
    LlamaLog::setQuiet(false);
}

LlamaBackend::ActiveSink::~ActiveSink()
{
    m_backend->m_sink = nullptr;
    LlamaLog::setQuiet(false);
}

bool LlamaBackend::abortCallback(void *data)
{
    const auto *backend = static_cast<const LlamaBackend *>(data);
    if (!backend->m_sink || !backend->m_sink->isCancelled())
        return false;
    LlamaLog::setQuiet(true);
    return true;
}

} // namespace camchat::inference
