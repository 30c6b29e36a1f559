#include "rkbackend.h"

#include "rkllmlanguagemodel.h"
#include "rknnvisionencoder.h"
#include "rkruntime.h"
#include "systemcheck.h"

#include <QFileInfo>

#include <vector>

namespace camchat::inference {

namespace {

const QString kEncoderRole = QStringLiteral("encoder");
const QString kLlmRole = QStringLiteral("llm");

InferenceError cancelled()
{
    return {InferenceErrorCode::Cancelled, QStringLiteral("cancelled")};
}

} // namespace

RkBackend::RkBackend() = default;

RkBackend::~RkBackend()
{
    unload();
}

InferenceError RkBackend::load(const ModelProfile &profile, const BackendOptions &options,
                               const std::function<bool(float)> &progress)
{
    unload();
    if (profile.backend != BackendKind::Rk) {
        return {InferenceErrorCode::BackendUnavailable,
                QStringLiteral("profile %1 is not for the rk backend").arg(profile.id)};
    }
    const QString encoderPath = profile.filePath(kEncoderRole);
    const QString llmPath = profile.filePath(kLlmRole);
    if (encoderPath.isEmpty() || llmPath.isEmpty()) {
        return {InferenceErrorCode::ProfileInvalid,
                QStringLiteral("profile %1 needs an \"encoder\" and an \"llm\" file").arg(profile.id)};
    }
    if (profile.vision.imageTokens < 1 || profile.vision.embeddingWidth < 1) {
        return {InferenceErrorCode::ProfileInvalid,
                QStringLiteral("profile %1: vision.imageTokens and vision.embeddingWidth are required").arg(profile.id)};
    }
    for (const QString &path : {encoderPath, llmPath}) {
        if (!QFileInfo::exists(path))
            return {InferenceErrorCode::ModelFileMissing, path};
    }

    // The doctor's preflight: a driver known to be too old loads models but fails at the
    // first answer, so refuse now with the reason and the fix.
    if (InferenceError blocker = SystemCheck::npuBlocker())
        return blocker;

    // Never from the model files' folders: a profile must not bring code that runs when
    // its model is chosen. CAMCHAT_RK_LIB_DIR, the Settings folder, the system path.
    InferenceError error;
    std::shared_ptr<RkRuntime> runtime = RkRuntime::open(error);
    if (!runtime)
        return error;
    if (progress && !progress(0.05f))
        return {InferenceErrorCode::Cancelled, QStringLiteral("model loading aborted")};

    auto encoder = std::make_unique<RknnVisionEncoder>(runtime);
    // The profile's core count as an RKNN core mask: cores 0, 0+1 or 0+1+2.
    const int coreMask = profile.vision.npuCores <= 1 ? int(rk::RknnCoreMask::Core0)
        : profile.vision.npuCores == 2                ? int(rk::RknnCoreMask::Core01)
                                                      : int(rk::RknnCoreMask::Core012);
    if ((error = encoder->load(encoderPath, profile.vision, coreMask)))
        return error;
    if (progress && !progress(0.3f))
        return {InferenceErrorCode::Cancelled, QStringLiteral("model loading aborted")};

    auto language = std::make_unique<RkllmLanguageModel>(runtime);
    if ((error = language->load(llmPath, profile, options.threads)))
        return error;

    m_runtime = std::move(runtime);
    m_encoder = std::move(encoder);
    m_language = std::move(language);
    m_profile = profile;
    if (progress)
        progress(1.0f);
    return {};
}

void RkBackend::unload()
{
    // Models before the runtime whose code they run on.
    m_language.reset();
    m_encoder.reset();
    m_runtime.reset();
    m_profile = {};
    m_conversation = false;
    m_prepared.reset();
}

bool RkBackend::isLoaded() const
{
    return m_encoder && m_encoder->isLoaded() && m_language && m_language->isLoaded();
}

bool RkBackend::hasConversation() const
{
    return m_conversation;
}

InferenceError RkBackend::prepare(const RgbImage &image, GenerationSink &sink)
{
    m_prepared.reset();
    if (!isLoaded())
        return {InferenceErrorCode::NotLoaded, QStringLiteral("no model loaded")};
    if (sink.isCancelled())
        return cancelled();
    // The conversation stays as it is: the cache is cleared when the question comes.
    PreparedImage prepared{image.pixels, {}};
    std::int64_t encodeUs = 0;
    sink.stageStarted(Stage::VisionEncode);
    if (InferenceError error = m_encoder->encode(image, prepared.embeddings, encodeUs))
        return error;
    sink.stageFinished(Stage::VisionEncode, encodeUs, 0);
    m_prepared = std::move(prepared);
    return {};
}

InferenceError RkBackend::run(const BackendRequest &request, GenerationSink &sink)
{
    if (!isLoaded())
        return {InferenceErrorCode::NotLoaded, QStringLiteral("no model loaded")};
    if (!request.image) {
        if (!m_conversation)
            return {InferenceErrorCode::NoConversation, QStringLiteral("a follow-up question needs an earlier image")};
        // A failed follow-up leaves the conversation as it was: the user may ask again.
        return m_language->askFollowUp(request.prompt, request.sampling, sink);
    }

    // A new image: the cache still holds the old one, and the runtime would keep
    // answering about it.
    m_conversation = false;
    if (InferenceError error = m_language->clearConversation())
        return error;
    if (sink.isCancelled())
        return cancelled();

    std::vector<float> embeddings;
    if (m_prepared && m_prepared->pixels == request.image->pixels) {
        embeddings = std::move(m_prepared->embeddings); // encoded on snap
        m_prepared.reset();
    } else {
        m_prepared.reset();
        std::int64_t encodeUs = 0;
        sink.stageStarted(Stage::VisionEncode);
        if (InferenceError error = m_encoder->encode(*request.image, embeddings, encodeUs))
            return error;
        sink.stageFinished(Stage::VisionEncode, encodeUs, 0);
        if (sink.isCancelled())
            return cancelled();
    }

    const InferenceError error =
        m_language->askAboutImage(request.prompt, embeddings, m_encoder->tokens(), m_encoder->inputWidth(),
                                  m_encoder->inputHeight(), request.sampling, sink);
    // A first answer that did not finish leaves nothing certain to follow up on.
    m_conversation = !error;
    return error;
}

} // namespace camchat::inference
