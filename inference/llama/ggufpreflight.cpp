#include "ggufpreflight.h"

#include "ggufreader.h"
#include "ggufvaluerules.h"

#include <gguf.h>

#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QStringList>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <span>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace camchat::inference {

using namespace preflight;

namespace {

// Projector types of vision encoders libmtmd (pinned llama.cpp) can run.
const QSet<QString> &supportedProjectors()
{
    static const QSet<QString> names = {
        QStringLiteral("mlp"), QStringLiteral("ldp"), QStringLiteral("ldpv2"),
        QStringLiteral("resampler"), QStringLiteral("adapter"), QStringLiteral("qwen2vl_merger"),
        QStringLiteral("qwen2.5vl_merger"), QStringLiteral("qwen3vl_merger"), QStringLiteral("qwen2.5o"),
        QStringLiteral("step3vl"), QStringLiteral("gemma3"), QStringLiteral("gemma3nv"),
        QStringLiteral("gemma4v"), QStringLiteral("gemma4uv"), QStringLiteral("phi4"),
        QStringLiteral("idefics3"), QStringLiteral("pixtral"), QStringLiteral("internvl"),
        QStringLiteral("llama4"), QStringLiteral("lfm2"), QStringLiteral("kimivl"),
        QStringLiteral("paddleocr"), QStringLiteral("lightonocr"), QStringLiteral("cogvlm"),
        QStringLiteral("janus_pro"), QStringLiteral("dots_ocr"), QStringLiteral("dots3note_v"),
        QStringLiteral("deepseekocr"), QStringLiteral("deepseekocr2"), QStringLiteral("deepseek4v"),
        QStringLiteral("glm4v"), QStringLiteral("youtuvl"), QStringLiteral("yasa2"),
        QStringLiteral("kimik25"), QStringLiteral("nemotron_v2_vl"), QStringLiteral("exaone4_5"),
        QStringLiteral("hunyuanvl"), QStringLiteral("minicpmv4_6"), QStringLiteral("mimovl"),
        QStringLiteral("minimax_m3"), QStringLiteral("granite4_vision"),
    };
    return names;
}

// Generic keys libmtmd reads for every vision projector.
constexpr KeyRule kVisionRules[] = {
    {"general.name", GGUF_TYPE_STRING, kNoArray, false},
    {"general.description", GGUF_TYPE_STRING, kNoArray, false},
    {"clip.has_vision_encoder", GGUF_TYPE_BOOL, kNoArray, true},
    {"clip.has_audio_encoder", GGUF_TYPE_BOOL, kNoArray, false},
    {"clip.has_gen_audio_encoder", GGUF_TYPE_BOOL, kNoArray, false},
    {"clip.use_gelu", GGUF_TYPE_BOOL, kNoArray, false},
    {"clip.use_silu", GGUF_TYPE_BOOL, kNoArray, false},
    {"clip.projector_type", GGUF_TYPE_STRING, kNoArray, false},
    {"clip.vision.projector_type", GGUF_TYPE_STRING, kNoArray, false},
    {"clip.vision.embedding_length", GGUF_TYPE_UINT32, kNoArray, true},
    {"clip.vision.attention.head_count", GGUF_TYPE_UINT32, kNoArray, true},
    {"clip.vision.attention.head_count_kv", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.attention.head_dim", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.feed_forward_length", GGUF_TYPE_UINT32, kNoArray, true},
    {"clip.vision.block_count", GGUF_TYPE_UINT32, kNoArray, true},
    {"clip.vision.projection_dim", GGUF_TYPE_UINT32, kNoArray, true},
    {"clip.vision.attention.layer_norm_epsilon", GGUF_TYPE_FLOAT32, kNoArray, true},
    {"clip.vision.image_size", GGUF_TYPE_UINT32, kNoArray, true},
    {"clip.vision.patch_size", GGUF_TYPE_UINT32, kNoArray, true},
    {"clip.vision.image_mean", GGUF_TYPE_ARRAY, GGUF_TYPE_FLOAT32, true},
    {"clip.vision.image_std", GGUF_TYPE_ARRAY, GGUF_TYPE_FLOAT32, true},
    {"clip.vision.image_grid_pinpoints", GGUF_TYPE_ARRAY, GGUF_TYPE_INT32, false},
    {"clip.vision.feature_layer", GGUF_TYPE_ARRAY, GGUF_TYPE_INT32, false},
    {"clip.vision.mm_patch_merge_type", GGUF_TYPE_STRING, kNoArray, false},
    {"clip.vision.projector.scale_factor", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.preproc_image_size", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.preproc_min_tiles", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.preproc_max_tiles", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.image_min_pixels", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.image_max_pixels", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.spatial_merge_size", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.n_wa_pattern", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.window_size", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.wa_layer_indexes", GGUF_TYPE_ARRAY, GGUF_TYPE_INT32, false},
    {"clip.minicpmv_version", GGUF_TYPE_INT32, kNoArray, false},
    {"clip.minicpmv_query_num", GGUF_TYPE_UINT32, kNoArray, false},
    // deepseekocr's SAM stage (tools/mtmd/clip-impl.h:75-77), read with get_u32.
    {"clip.vision.sam.head_count", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.sam.block_count", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.sam.embedding_length", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.vision.wa_pattern_mode", GGUF_TYPE_ARRAY, GGUF_TYPE_INT32, false},
};

// Read only when clip.has_audio_encoder is true (tools/mtmd/clip.cpp:1298-1309 with the
// "audio" prefix, clip-impl.h:80-99): their types, as get_u32/get_f32/get_string assert.
// Missing ones make libmtmd throw, which LlamaBackend reports; only the types matter here.
constexpr KeyRule kAudioRules[] = {
    {"clip.audio.embedding_length", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.audio.attention.head_count", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.audio.attention.head_count_kv", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.audio.attention.head_dim", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.audio.feed_forward_length", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.audio.block_count", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.audio.projection_dim", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.audio.attention.layer_norm_epsilon", GGUF_TYPE_FLOAT32, kNoArray, false},
    {"clip.audio.projector_type", GGUF_TYPE_STRING, kNoArray, false},
    {"clip.audio.num_mel_bins", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.audio.projector.stack_factor", GGUF_TYPE_UINT32, kNoArray, false},
    {"clip.audio.subsampling_factor", GGUF_TYPE_UINT32, kNoArray, false},
};

struct OpenResult {
    std::optional<Reader> reader;
    InferenceError error;
};

OpenResult open(const QString &path, const QString &role)
{
    const QFileInfo info(path);
    if (path.isEmpty())
        return {std::nullopt, {InferenceErrorCode::ModelFileMissing, QStringLiteral("no %1 file given").arg(role)}};
    if (!info.exists()) {
        return {std::nullopt, {InferenceErrorCode::ModelFileMissing,
                               path + QStringLiteral(": %1 file does not exist").arg(role)}};
    }
    if (!info.isFile()) {
        return {std::nullopt, {InferenceErrorCode::ModelFileInvalid,
                               path + QStringLiteral(": not a regular file")}};
    }
    if (info.size() == 0) {
        return {std::nullopt, {InferenceErrorCode::ModelFileInvalid,
                               path + QStringLiteral(": empty file (0 bytes)")}};
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {std::nullopt, {InferenceErrorCode::ModelFileInvalid,
                               path + QStringLiteral(": cannot be read: ") + file.errorString()}};
    }
    const QByteArray magic = file.read(4);
    file.close();
    if (magic != QByteArrayLiteral("GGUF")) {
        return {std::nullopt, {InferenceErrorCode::ModelFileInvalid,
                               path + QStringLiteral(": not a GGUF file (starts with %1 instead of \"GGUF\")")
                                          .arg(QString::fromLatin1(magic.toHex(' ')))}};
    }

    gguf_init_params params{};
    params.no_alloc = true;
    params.ctx = nullptr;
    GgufPtr gguf(gguf_init_from_file(QFile::encodeName(path).constData(), params));
    if (!gguf) {
        return {std::nullopt, {InferenceErrorCode::ModelFileInvalid,
                               path + QStringLiteral(": GGUF metadata is corrupt or truncated")}};
    }
    Reader reader(path, std::move(gguf));
    if (auto error = reader.checkDataSize(info.size()))
        return {std::nullopt, *error};
    return {std::move(reader), {}};
}

// The pixel-shuffle factor both projectors read: present, a uint32, and dividing the
// patch grid (mtmd asserts on each).
InferenceError checkScaleFactor(const Reader &reader, std::uint32_t patchesPerSide, const QString &why,
                                std::uint32_t &scale)
{
    const KeyRule scaleRule{"clip.vision.projector.scale_factor", GGUF_TYPE_UINT32, kNoArray, true};
    if (auto error = reader.checkRule(scaleRule, why))
        return *error;
    scale = reader.u32(scaleRule.key);
    if (scale == 0 || patchesPerSide % scale != 0) {
        return reader.invalid(QStringLiteral("clip.vision.projector.scale_factor %1 does not divide the %2 patches per side")
                                  .arg(scale).arg(patchesPerSide));
    }
    return {};
}

InferenceError checkIdefics3(const Reader &reader, std::uint32_t embd, std::uint32_t patchesPerSide,
                             std::int64_t &outputWidth)
{
    const QString why = QStringLiteral("required by the idefics3 projector");
    std::uint32_t scale = 0;
    if (auto error = checkScaleFactor(reader, patchesPerSide, why, scale))
        return error;
    const auto fc = reader.tensor("mm.model.fc.weight");
    if (!fc)
        return reader.invalid(QStringLiteral("missing tensor mm.model.fc.weight (%1)").arg(why));
    if (fc->ne[0] != std::int64_t(embd) * scale * scale) {
        return reader.invalid(QStringLiteral("tensor mm.model.fc.weight takes %1 inputs, but embedding_length %2 x scale_factor %3 squared is %4")
                                  .arg(fc->ne[0]).arg(embd).arg(scale).arg(std::int64_t(embd) * scale * scale));
    }
    outputWidth = fc->ne[1];
    return {};
}

InferenceError checkInternVl(const Reader &reader, std::uint32_t embd, std::uint32_t patchesPerSide,
                             std::int64_t &outputWidth)
{
    const QString why = QStringLiteral("required by the internvl projector");
    std::uint32_t scale = 0;
    if (auto error = checkScaleFactor(reader, patchesPerSide, why, scale))
        return error;
    const std::uint32_t minTiles = reader.u32("clip.vision.preproc_min_tiles", 1);
    const std::uint32_t maxTiles = reader.u32("clip.vision.preproc_max_tiles", 12);
    if (minTiles > maxTiles || maxTiles >= 0x7fffffffU) {
        return reader.invalid(QStringLiteral("clip.vision.preproc_min_tiles %1 / preproc_max_tiles %2 are not a valid range")
                                  .arg(minTiles).arg(maxTiles));
    }
    for (const char *name : {"v.class_embd", "mm.model.mlp.0.weight", "mm.model.mlp.1.weight", "mm.model.mlp.3.weight"}) {
        if (!reader.tensor(name))
            return reader.invalid(QStringLiteral("missing tensor %1 (%2)").arg(QLatin1String(name), why));
    }
    const auto norm = reader.tensor("mm.model.mlp.0.weight");
    if (norm->ne[0] != std::int64_t(embd) * scale * scale) {
        return reader.invalid(QStringLiteral("tensor mm.model.mlp.0.weight has %1 elements, but embedding_length %2 x scale_factor %3 squared is %4")
                                  .arg(norm->ne[0]).arg(embd).arg(scale).arg(std::int64_t(embd) * scale * scale));
    }
    outputWidth = reader.tensor("mm.model.mlp.3.weight")->ne[1];
    return {};
}

} // namespace

GgufPreflightResult GgufPreflight::checkTextModel(const QString &path)
{
    OpenResult opened = open(path, QStringLiteral("model"));
    if (!opened.reader)
        return {opened.error, {}};
    const Reader &reader = *opened.reader;

    GgufPreflightResult result;
    const KeyRule archRule{"general.architecture", GGUF_TYPE_STRING, kNoArray, true};
    if (auto error = reader.checkRule(archRule)) {
        result.error = *error;
        return result;
    }
    result.summary.architecture = reader.string(archRule.key);
    if (result.summary.architecture == QLatin1String("clip")) {
        result.error = reader.invalid(QStringLiteral("this is a multimodal projector (general.architecture = clip), not a text model"));
        return result;
    }

    const std::string arch = result.summary.architecture.toStdString();
    const std::string contextKey = arch + ".context_length";
    const std::string embeddingKey = arch + ".embedding_length";
    const std::string blockKey = arch + ".block_count";
    const KeyRule rules[] = {
        {contextKey.c_str(), GGUF_TYPE_UINT32, kNoArray, true},
        {embeddingKey.c_str(), GGUF_TYPE_UINT32, kNoArray, true},
        {blockKey.c_str(), GGUF_TYPE_UINT32, kNoArray, true},
        {"tokenizer.ggml.model", GGUF_TYPE_STRING, kNoArray, true},
        {"tokenizer.ggml.tokens", GGUF_TYPE_ARRAY, GGUF_TYPE_STRING, true},
        {"tokenizer.chat_template", GGUF_TYPE_STRING, kNoArray, false},
    };
    for (const KeyRule &rule : rules) {
        if (auto error = reader.checkRule(rule)) {
            result.error = *error;
            return result;
        }
    }
    if (reader.arraySize("tokenizer.ggml.tokens") == 0) {
        result.error = reader.invalid(QStringLiteral("key tokenizer.ggml.tokens is empty"));
        return result;
    }
    if (auto error = checkTextValues(reader, arch)) {
        result.error = *error;
        return result;
    }
    result.summary.embeddingWidth = reader.u32(embeddingKey.c_str());
    return result;
}

GgufPreflightResult GgufPreflight::checkProjector(const QString &path)
{
    OpenResult opened = open(path, QStringLiteral("mmproj"));
    if (!opened.reader)
        return {opened.error, {}};
    const Reader &reader = *opened.reader;

    GgufPreflightResult result;
    result.summary.architecture = reader.string("general.architecture");
    if (!result.summary.architecture.isEmpty() && result.summary.architecture != QLatin1String("clip")) {
        result.error = reader.invalid(
            QStringLiteral("this is a text model (general.architecture = %1), not a multimodal projector (mmproj)")
                .arg(result.summary.architecture));
        return result;
    }
    if (!reader.has("clip.projector_type") && !reader.has("clip.vision.projector_type")
        && !reader.has("clip.has_vision_encoder")) {
        result.error = reader.invalid(QStringLiteral("not a multimodal projector (no clip.projector_type key)"));
        return result;
    }
    for (const KeyRule &rule : kVisionRules) {
        if (auto error = reader.checkRule(rule)) {
            result.error = *error;
            return result;
        }
    }
    if (reader.boolean("clip.has_audio_encoder")) {
        for (const KeyRule &rule : kAudioRules) {
            if (auto error = reader.checkRule(rule)) {
                result.error = *error;
                return result;
            }
        }
    }
    if (!reader.boolean("clip.has_vision_encoder")) {
        result.error = reader.invalid(QStringLiteral("clip.has_vision_encoder is false: the file has no vision encoder"));
        return result;
    }
    QString projector = reader.string("clip.projector_type");
    if (projector.isEmpty())
        projector = reader.string("clip.vision.projector_type");
    result.summary.projectorType = projector;
    if (projector.isEmpty()) {
        result.error = reader.invalid(QStringLiteral("missing key clip.projector_type"));
        return result;
    }
    if (!supportedProjectors().contains(projector)) {
        result.error = reader.invalid(QStringLiteral("clip.projector_type \"%1\" is not a vision projector this llama.cpp supports")
                                          .arg(projector));
        return result;
    }
    if (reader.arraySize("clip.vision.image_mean") < 3 || reader.arraySize("clip.vision.image_std") < 3) {
        result.error = reader.invalid(QStringLiteral("clip.vision.image_mean and image_std need 3 values each"));
        return result;
    }

    const std::uint32_t embd = reader.u32("clip.vision.embedding_length");
    const std::uint32_t heads = reader.u32("clip.vision.attention.head_count");
    const std::uint32_t imageSize = reader.u32("clip.vision.image_size");
    const std::uint32_t patchSize = reader.u32("clip.vision.patch_size");
    if (embd == 0 || heads == 0 || embd % heads != 0) {
        result.error = reader.invalid(QStringLiteral("clip.vision.embedding_length %1 is not a multiple of attention.head_count %2")
                                          .arg(embd).arg(heads));
        return result;
    }
    if (reader.u32("clip.vision.block_count") == 0) {
        result.error = reader.invalid(QStringLiteral("clip.vision.block_count is 0"));
        return result;
    }
    if (patchSize == 0 || imageSize == 0 || imageSize % patchSize != 0) {
        result.error = reader.invalid(QStringLiteral("clip.vision.image_size %1 is not a multiple of patch_size %2")
                                          .arg(imageSize).arg(patchSize));
        return result;
    }

    if (auto error = checkProjectorValues(reader, projector.toStdString())) {
        result.error = *error;
        return result;
    }

    // Projectors camchat ships profiles for: every key and tensor shape libmtmd relies on
    // without checking.
    const std::uint32_t patchesPerSide = imageSize / patchSize;
    if (projector == QLatin1String("idefics3") || projector == QLatin1String("internvl")) {
        const auto position = reader.tensor("v.position_embd.weight");
        if (!position) {
            result.error = reader.invalid(QStringLiteral("missing tensor v.position_embd.weight"));
            return result;
        }
        if (position->type != GGML_TYPE_F32) {
            result.error = reader.invalid(QStringLiteral("tensor v.position_embd.weight is %1, expected f32")
                                              .arg(QLatin1String(ggml_type_name(position->type))));
            return result;
        }
        if (!reader.tensor("v.patch_embd.weight")) {
            result.error = reader.invalid(QStringLiteral("missing tensor v.patch_embd.weight"));
            return result;
        }
        std::int64_t width = 0;
        result.error = projector == QLatin1String("idefics3") ? checkIdefics3(reader, embd, patchesPerSide, width)
                                                              : checkInternVl(reader, embd, patchesPerSide, width);
        result.summary.embeddingWidth = width;
    }
    return result;
}

InferenceError GgufPreflight::checkPair(const QString &modelPath, const QString &mmprojPath,
                                       GgufSummary *modelSummary, GgufSummary *mmprojSummary)
{
    const GgufPreflightResult text = checkTextModel(modelPath);
    if (modelSummary)
        *modelSummary = text.summary;
    if (text.error)
        return text.error;
    const GgufPreflightResult projector = checkProjector(mmprojPath);
    if (mmprojSummary)
        *mmprojSummary = projector.summary;
    if (projector.error)
        return projector.error;
    if (projector.summary.embeddingWidth > 0 && text.summary.embeddingWidth > 0
        && projector.summary.embeddingWidth != text.summary.embeddingWidth) {
        return {InferenceErrorCode::ModelFileInvalid,
                QStringLiteral("%1: the projector makes %2-wide embeddings but %3 has embedding_length %4: "
                               "the two files do not belong together")
                    .arg(mmprojPath)
                    .arg(projector.summary.embeddingWidth)
                    .arg(modelPath)
                    .arg(text.summary.embeddingWidth)};
    }
    return {};
}

} // namespace camchat::inference
