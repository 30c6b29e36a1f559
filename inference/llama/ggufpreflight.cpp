#include "ggufpreflight.h"

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

// The type a key must have: libmtmd reads scalars with gguf_get_val_<type>, which asserts
// on any other type.
struct KeyRule {
    const char *key;
    gguf_type type;
    gguf_type arrayType; // for GGUF_TYPE_ARRAY
    bool required;
};

constexpr gguf_type kNoArray = GGUF_TYPE_COUNT;

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

struct GgufDeleter {
    void operator()(gguf_context *context) const { gguf_free(context); }
};
using GgufPtr = std::unique_ptr<gguf_context, GgufDeleter>;

QString typeName(gguf_type type)
{
    return QString::fromLatin1(gguf_type_name(type));
}

// An open, structurally sound GGUF file and the checks on its keys.
class Reader
{
public:
    Reader(QString path, GgufPtr gguf) : m_path(std::move(path)), m_gguf(std::move(gguf)) {}

    const QString &path() const { return m_path; }

    InferenceError invalid(const QString &what) const
    {
        return {InferenceErrorCode::ModelFileInvalid, m_path + QStringLiteral(": ") + what};
    }

    bool has(const char *key) const { return gguf_find_key(m_gguf.get(), key) >= 0; }

    // Error when a present key has another type than `rule` says, or a required one is missing.
    std::optional<InferenceError> checkRule(const KeyRule &rule, const QString &why = {}) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), rule.key);
        if (id < 0) {
            if (!rule.required)
                return std::nullopt;
            QString what = QStringLiteral("missing key %1").arg(QLatin1String(rule.key));
            if (!why.isEmpty())
                what += QStringLiteral(" (") + why + QLatin1Char(')');
            return invalid(what);
        }
        const gguf_type type = gguf_get_kv_type(m_gguf.get(), id);
        if (type != rule.type) {
            return invalid(QStringLiteral("key %1 has type %2, expected %3")
                               .arg(QLatin1String(rule.key), typeName(type), typeName(rule.type)));
        }
        if (type == GGUF_TYPE_ARRAY) {
            const gguf_type element = gguf_get_arr_type(m_gguf.get(), id);
            if (element != rule.arrayType) {
                return invalid(QStringLiteral("key %1 is an array of %2, expected %3")
                                   .arg(QLatin1String(rule.key), typeName(element), typeName(rule.arrayType)));
            }
        }
        return std::nullopt;
    }

    QString string(const char *key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key);
        if (id < 0 || gguf_get_kv_type(m_gguf.get(), id) != GGUF_TYPE_STRING)
            return {};
        return QString::fromUtf8(gguf_get_val_str(m_gguf.get(), id));
    }

    // Callers have checked the type with checkRule().
    std::uint32_t u32(const char *key, std::uint32_t fallback = 0) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key);
        if (id < 0 || gguf_get_kv_type(m_gguf.get(), id) != GGUF_TYPE_UINT32)
            return fallback;
        return gguf_get_val_u32(m_gguf.get(), id);
    }
    bool boolean(const char *key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key);
        return id >= 0 && gguf_get_kv_type(m_gguf.get(), id) == GGUF_TYPE_BOOL && gguf_get_val_bool(m_gguf.get(), id);
    }
    std::size_t arraySize(const char *key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key);
        if (id < 0 || gguf_get_kv_type(m_gguf.get(), id) != GGUF_TYPE_ARRAY)
            return 0;
        return gguf_get_arr_n(m_gguf.get(), id);
    }

    // An integer of any GGUF integer type (llama.cpp's get_key converts between them).
    std::optional<std::int64_t> integer(const std::string &key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key.c_str());
        if (id < 0)
            return std::nullopt;
        gguf_context *g = m_gguf.get();
        switch (gguf_get_kv_type(g, id)) {
        case GGUF_TYPE_UINT8: return gguf_get_val_u8(g, id);
        case GGUF_TYPE_INT8: return gguf_get_val_i8(g, id);
        case GGUF_TYPE_UINT16: return gguf_get_val_u16(g, id);
        case GGUF_TYPE_INT16: return gguf_get_val_i16(g, id);
        case GGUF_TYPE_UINT32: return gguf_get_val_u32(g, id);
        case GGUF_TYPE_INT32: return gguf_get_val_i32(g, id);
        case GGUF_TYPE_UINT64: return std::int64_t(std::min<std::uint64_t>(gguf_get_val_u64(g, id), INT64_MAX));
        case GGUF_TYPE_INT64: return gguf_get_val_i64(g, id);
        case GGUF_TYPE_BOOL: return gguf_get_val_bool(g, id) ? 1 : 0;
        default: return std::nullopt;
        }
    }
    // The largest value of an integer key that may also be a per-layer array.
    std::optional<std::int64_t> maxInteger(const std::string &key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key.c_str());
        if (id < 0)
            return std::nullopt;
        gguf_context *g = m_gguf.get();
        if (gguf_get_kv_type(g, id) != GGUF_TYPE_ARRAY)
            return integer(key);
        const gguf_type element = gguf_get_arr_type(g, id);
        const void *data = element == GGUF_TYPE_STRING ? nullptr : gguf_get_arr_data(g, id);
        const std::size_t n = gguf_get_arr_n(g, id);
        std::optional<std::int64_t> best;
        for (std::size_t i = 0; data && i < n; ++i) {
            std::int64_t v = 0;
            if (element == GGUF_TYPE_UINT32)
                v = static_cast<const std::uint32_t *>(data)[i];
            else if (element == GGUF_TYPE_INT32)
                v = static_cast<const std::int32_t *>(data)[i];
            else
                return std::nullopt;
            best = best ? std::max(*best, v) : v;
        }
        return best;
    }
    std::optional<double> real(const std::string &key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key.c_str());
        if (id < 0)
            return std::nullopt;
        if (gguf_get_kv_type(m_gguf.get(), id) == GGUF_TYPE_FLOAT32)
            return gguf_get_val_f32(m_gguf.get(), id);
        if (gguf_get_kv_type(m_gguf.get(), id) == GGUF_TYPE_FLOAT64)
            return gguf_get_val_f64(m_gguf.get(), id);
        return std::nullopt;
    }
    QString stringValue(const std::string &key) const { return string(key.c_str()); }
    // The first string that occurs twice in a string array, if any.
    std::optional<QString> duplicateString(const char *key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key);
        if (id < 0 || gguf_get_kv_type(m_gguf.get(), id) != GGUF_TYPE_ARRAY
            || gguf_get_arr_type(m_gguf.get(), id) != GGUF_TYPE_STRING)
            return std::nullopt;
        const std::size_t n = gguf_get_arr_n(m_gguf.get(), id);
        std::unordered_set<std::string_view> seen;
        seen.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            const std::string_view token(gguf_get_arr_str(m_gguf.get(), id, i));
            if (!seen.insert(token).second)
                return QString::fromUtf8(token.data(), qsizetype(token.size()));
        }
        return std::nullopt;
    }

    // Shape (ggml order) and type of a tensor, if the file has it.
    struct Tensor {
        std::array<std::int64_t, 4> ne{};
        ggml_type type = GGML_TYPE_F32;
    };
    std::optional<Tensor> tensor(const char *name) const
    {
        const std::int64_t id = gguf_find_tensor(m_gguf.get(), name);
        if (id < 0)
            return std::nullopt;
        Tensor info;
        const std::int64_t *ne = gguf_get_tensor_ne(m_gguf.get(), id);
        std::copy(ne, ne + 4, info.ne.begin());
        info.type = gguf_get_tensor_type(m_gguf.get(), id);
        return info;
    }

    // The data section must hold every tensor: a cut-off download passes the metadata
    // parse but llama.cpp/mtmd would read past the end.
    std::optional<InferenceError> checkDataSize(qint64 fileSize) const
    {
        const std::uint64_t dataOffset = gguf_get_data_offset(m_gguf.get());
        std::uint64_t needed = dataOffset;
        const std::int64_t count = gguf_get_n_tensors(m_gguf.get());
        QString last;
        for (std::int64_t i = 0; i < count; ++i) {
            const std::uint64_t end = dataOffset + gguf_get_tensor_offset(m_gguf.get(), i)
                + gguf_get_tensor_size(m_gguf.get(), i);
            if (end > needed) {
                needed = end;
                last = QString::fromUtf8(gguf_get_tensor_name(m_gguf.get(), i));
            }
        }
        if (needed > std::uint64_t(fileSize)) {
            return invalid(QStringLiteral("truncated: the tensor data needs %1 bytes (up to tensor %2) but the file has %3")
                               .arg(needed).arg(last).arg(fileSize));
        }
        return std::nullopt;
    }

private:
    QString m_path;
    GgufPtr m_gguf;
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

// Values llama.cpp and libmtmd assert on (GGML_ASSERT aborts the whole process: the
// window, the kiosk, `camchat ask`). Each rule names the assert it keeps camchat from
// reaching, with its place in the pinned llama.cpp (cmake/llama.pin, commit de3ff815):
// a pin bump is a review of this table. `violation` returns what is wrong, or nothing.
struct ValueRule {
    const char *checks;  // key and condition, for the reader of this table
    const char *mirrors; // the assert
    const char *where;   // file:line in the pinned llama.cpp
    std::optional<QString> (*violation)(const Reader &reader, const std::string &arch);
};

constexpr std::int64_t kLlamaMaxLayers = 512;   // LLAMA_MAX_LAYERS, src/llama-hparams.h:11
constexpr std::int64_t kLlamaMaxExperts = 1024; // LLAMA_MAX_EXPERTS, src/llama-hparams.h:12

std::int64_t valueOr(const std::optional<std::int64_t> &value, std::int64_t fallback)
{
    return value ? *value : fallback;
}

const ValueRule kTextValueRules[] = {
    {"{arch}.block_count in 1..512", "GGML_ASSERT(hparams.n_layer_all > 0 && hparams.n_layer_all <= LLAMA_MAX_LAYERS)",
     "src/llama-model.cpp:1260",
     [](const Reader &r, const std::string &arch) -> std::optional<QString> {
         const std::int64_t blocks = valueOr(r.integer(arch + ".block_count"), 0);
         if (blocks > 0 && blocks <= kLlamaMaxLayers)
             return std::nullopt;
         return QStringLiteral("%1.block_count is %2, must be 1 to %3")
             .arg(QString::fromStdString(arch)).arg(blocks).arg(kLlamaMaxLayers);
     }},
    // The assert allows equality; then no ordinary layer is left and loading fails later
    // (seen as an abort in the mutation sweep), so equality is refused too.
    {"{arch}.nextn_predict_layers < {arch}.block_count", "GGML_ASSERT(hparams.n_layer_nextn <= hparams.n_layer_all)",
     "src/llama-model.cpp:1262",
     [](const Reader &r, const std::string &arch) -> std::optional<QString> {
         const auto nextn = r.integer(arch + ".nextn_predict_layers");
         const std::int64_t blocks = valueOr(r.integer(arch + ".block_count"), 0);
         if (!nextn || (*nextn >= 0 && *nextn < blocks))
             return std::nullopt;
         return QStringLiteral("%1.nextn_predict_layers %2 is not below block_count %3")
             .arg(QString::fromStdString(arch)).arg(*nextn).arg(blocks);
     }},
    {"{arch}.expert_count <= 1024", "GGML_ASSERT(hparams.n_expert <= LLAMA_MAX_EXPERTS)", "src/llama-model.cpp:1293",
     [](const Reader &r, const std::string &arch) -> std::optional<QString> {
         const std::int64_t experts = valueOr(r.integer(arch + ".expert_count"), 0);
         if (experts >= 0 && experts <= kLlamaMaxExperts)
             return std::nullopt;
         return QStringLiteral("%1.expert_count %2 is above %3").arg(QString::fromStdString(arch)).arg(experts).arg(kLlamaMaxExperts);
     }},
    {"{arch}.expert_used_count <= {arch}.expert_count", "GGML_ASSERT(n_expert_used_max <= hparams.n_expert)",
     "src/llama-model.cpp:1294",
     [](const Reader &r, const std::string &arch) -> std::optional<QString> {
         const std::int64_t experts = valueOr(r.integer(arch + ".expert_count"), 0);
         const std::int64_t used = valueOr(r.maxInteger(arch + ".expert_used_count"), 0);
         if (used <= experts || experts == 0) // 0 experts: the rule below says it
             return std::nullopt;
         return QStringLiteral("%1.expert_used_count %2 is above expert_count %3")
             .arg(QString::fromStdString(arch)).arg(used).arg(experts);
     }},
    {"{arch}.expert_used_count > 0 when {arch}.expert_count > 0", "GGML_ASSERT(n_expert_used_max > 0)",
     "src/llama-model.cpp:1296",
     [](const Reader &r, const std::string &arch) -> std::optional<QString> {
         const std::int64_t experts = valueOr(r.integer(arch + ".expert_count"), 0);
         const std::int64_t used = valueOr(r.maxInteger(arch + ".expert_used_count"), 0);
         if (experts <= 0 || used > 0)
             return std::nullopt;
         return QStringLiteral("%1.expert_count is %2 but expert_used_count is %3")
             .arg(QString::fromStdString(arch)).arg(experts).arg(used);
     }},
    {"{arch}.expert_group_count < {arch}.expert_count when there are experts",
     "GGML_ASSERT(hparams.n_expert_groups < hparams.n_expert)", "src/llama-model.cpp:1297",
     [](const Reader &r, const std::string &arch) -> std::optional<QString> {
         const std::int64_t experts = valueOr(r.integer(arch + ".expert_count"), 0);
         const std::int64_t groups = valueOr(r.integer(arch + ".expert_group_count"), 0);
         if (experts <= 0 || (groups >= 0 && groups < experts))
             return std::nullopt;
         return QStringLiteral("%1.expert_group_count %2 is not below expert_count %3")
             .arg(QString::fromStdString(arch)).arg(groups).arg(experts);
     }},
    {"no {arch}.expert_used_count without experts", "GGML_ASSERT(n_expert_used_max == 0)", "src/llama-model.cpp:1304",
     [](const Reader &r, const std::string &arch) -> std::optional<QString> {
         const std::int64_t experts = valueOr(r.integer(arch + ".expert_count"), 0);
         const std::int64_t used = valueOr(r.maxInteger(arch + ".expert_used_count"), 0);
         if (experts != 0 || used == 0)
             return std::nullopt;
         return QStringLiteral("%1.expert_used_count is %2 but the model has no experts")
             .arg(QString::fromStdString(arch)).arg(used);
     }},
    {"no {arch}.expert_group_count without experts", "GGML_ASSERT(hparams.n_expert_groups == 0)",
     "src/llama-model.cpp:1305",
     [](const Reader &r, const std::string &arch) -> std::optional<QString> {
         const std::int64_t experts = valueOr(r.integer(arch + ".expert_count"), 0);
         const std::int64_t groups = valueOr(r.integer(arch + ".expert_group_count"), 0);
         if (experts != 0 || groups == 0)
             return std::nullopt;
         return QStringLiteral("%1.expert_group_count is %2 but the model has no experts")
             .arg(QString::fromStdString(arch)).arg(groups);
     }},
    {"{arch}.rope.scaling.type one of none, linear, yarn, longrope (LLAMA_ROPE_SCALING_TYPES, llama-model.cpp:1017)",
     "GGML_ASSERT(hparams.rope_scaling_type_train != LLAMA_ROPE_SCALING_TYPE_UNSPECIFIED)", "src/llama-model.cpp:1352",
     [](const Reader &r, const std::string &arch) -> std::optional<QString> {
         const std::string key = arch + ".rope.scaling.type";
         if (!r.has(key.c_str()))
             return std::nullopt;
         const QString type = r.stringValue(key);
         for (const char *known : {"none", "linear", "yarn", "longrope"}) {
             if (type == QLatin1String(known))
                 return std::nullopt;
         }
         return QStringLiteral("%1.rope.scaling.type \"%2\" is not none, linear, yarn or longrope")
             .arg(QString::fromStdString(arch), type);
     }},
    {"no string twice in tokenizer.ggml.tokens", "GGML_ASSERT(id_to_token.size() == token_to_id.size())",
     "src/llama-vocab.cpp:2539",
     [](const Reader &r, const std::string &) -> std::optional<QString> {
         const std::optional<QString> duplicate = r.duplicateString("tokenizer.ggml.tokens");
         if (!duplicate)
             return std::nullopt;
         return QStringLiteral("tokenizer.ggml.tokens has \"%1\" twice").arg(*duplicate);
     }},
    // Aborts only at the first decode, after the model has "loaded".
    {"{arch}.attention.layer_norm_rms_epsilon >= 0, not NaN", "GGML_ASSERT(eps >= 0.0f) in ggml_compute_forward_rms_norm_f32",
     "ggml/src/ggml-cpu/ops.cpp:3949",
     [](const Reader &r, const std::string &arch) -> std::optional<QString> {
         const auto eps = r.real(arch + ".attention.layer_norm_rms_epsilon");
         if (!eps || *eps >= 0.0)
             return std::nullopt;
         return QStringLiteral("%1.attention.layer_norm_rms_epsilon is %2").arg(QString::fromStdString(arch)).arg(*eps);
     }},
};

// The InternVL tile range: a huge maximum makes libmtmd build billions of candidate grids
// at load (camchat's own limit; no assert there, an int overflow).
constexpr std::int64_t kMaxInternVlTiles = 256;

const ValueRule kProjectorValueRules[] = {
    // Aborts only at the first image encode.
    {"clip.vision.attention.layer_norm_epsilon >= 0, not NaN", "GGML_ASSERT(eps >= 0.0f) in ggml_compute_forward_norm_f32",
     "ggml/src/ggml-cpu/ops.cpp:3843",
     [](const Reader &r, const std::string &) -> std::optional<QString> {
         const auto eps = r.real("clip.vision.attention.layer_norm_epsilon");
         if (!eps || *eps >= 0.0)
             return std::nullopt;
         return QStringLiteral("clip.vision.attention.layer_norm_epsilon is %1").arg(*eps);
     }},
    // min_tiles 0 leaves the candidate list empty: it loads, then aborts on the first image.
    {"internvl: clip.vision.preproc_min_tiles >= 1 and preproc_max_tiles <= 256",
     "GGML_ASSERT(!hparams.image_res_candidates.empty())", "tools/mtmd/mtmd-image.cpp:1081",
     [](const Reader &r, const std::string &projector) -> std::optional<QString> {
         if (projector != "internvl")
             return std::nullopt;
         const std::int64_t minTiles = valueOr(r.integer("clip.vision.preproc_min_tiles"), 1);
         const std::int64_t maxTiles = valueOr(r.integer("clip.vision.preproc_max_tiles"), 12);
         if (minTiles >= 1 && minTiles <= maxTiles && maxTiles <= kMaxInternVlTiles)
             return std::nullopt;
         return QStringLiteral("clip.vision.preproc_min_tiles %1 / preproc_max_tiles %2: no valid tile grid "
                               "(min 1, at most %3 tiles)")
             .arg(minTiles).arg(maxTiles).arg(kMaxInternVlTiles);
     }},
    // It loads, then aborts on the first image.
    {"granite4_vision: clip.vision.image_grid_pinpoints present and not empty",
     "GGML_ASSERT(!hparams.image_res_candidates.empty())", "tools/mtmd/mtmd-image.cpp:1632",
     [](const Reader &r, const std::string &projector) -> std::optional<QString> {
         if (projector != "granite4_vision" || r.arraySize("clip.vision.image_grid_pinpoints") >= 2)
             return std::nullopt;
         return QStringLiteral("granite4_vision needs clip.vision.image_grid_pinpoints");
     }},
    {"minicpmv4_6: clip.vision.projector.scale_factor 2 or 4", "GGML_ASSERT(hparams.n_merge == 2 || hparams.n_merge == 4)",
     "tools/mtmd/clip.cpp:1458",
     [](const Reader &r, const std::string &projector) -> std::optional<QString> {
         const std::int64_t scale = valueOr(r.integer("clip.vision.projector.scale_factor"), 4);
         if (projector != "minicpmv4_6" || scale == 2 || scale == 4)
             return std::nullopt;
         return QStringLiteral("minicpmv4_6 clip.vision.projector.scale_factor is %1, must be 2 or 4").arg(scale);
     }},
    {"minimax_m3: clip.vision.spatial_merge_size > 0", "GGML_ASSERT(hparams.n_merge > 0)", "tools/mtmd/clip.cpp:1687",
     [](const Reader &r, const std::string &projector) -> std::optional<QString> {
         if (projector != "minimax_m3" || valueOr(r.integer("clip.vision.spatial_merge_size"), 2) > 0)
             return std::nullopt;
         return QStringLiteral("minimax_m3 clip.vision.spatial_merge_size is 0");
     }},
    {"mimovl: clip.vision.wa_pattern_mode has clip.vision.block_count entries",
     "GGML_ASSERT((int) pat.size() == hparams.n_layer)", "tools/mtmd/clip.cpp:1714",
     [](const Reader &r, const std::string &projector) -> std::optional<QString> {
         if (projector != "mimovl")
             return std::nullopt;
         const std::size_t entries = r.arraySize("clip.vision.wa_pattern_mode");
         const std::int64_t blocks = valueOr(r.integer("clip.vision.block_count"), 0);
         if (std::int64_t(entries) == blocks)
             return std::nullopt;
         return QStringLiteral("mimovl clip.vision.wa_pattern_mode has %1 entries, block_count is %2").arg(entries).arg(blocks);
     }},
    {"deepseekocr: clip.vision.preproc_min_tiles <= preproc_max_tiles <= 256",
     "GGML_ASSERT(preproc_min_tiles >= 0 && preproc_min_tiles <= preproc_max_tiles && preproc_max_tiles <= 256)",
     "tools/mtmd/clip.cpp:1917",
     [](const Reader &r, const std::string &projector) -> std::optional<QString> {
         if (projector != "deepseekocr" && projector != "deepseekocr2")
             return std::nullopt;
         const std::int64_t minTiles = valueOr(r.integer("clip.vision.preproc_min_tiles"), 2);
         const std::int64_t maxTiles = valueOr(r.integer("clip.vision.preproc_max_tiles"), projector == "deepseekocr" ? 9 : 6);
         if (minTiles >= 0 && minTiles <= maxTiles && maxTiles <= 256)
             return std::nullopt;
         return QStringLiteral("%1 clip.vision.preproc_min_tiles %2 / preproc_max_tiles %3 (at most 256)")
             .arg(QString::fromStdString(projector)).arg(minTiles).arg(maxTiles);
     }},
};

// The first rule `reader` breaks, as an error naming the assert.
std::optional<InferenceError> checkValues(const Reader &reader, const std::string &context,
                                          std::span<const ValueRule> rules)
{
    for (const ValueRule &rule : rules) {
        if (const std::optional<QString> problem = rule.violation(reader, context)) {
            return reader.invalid(QStringLiteral("%1 (llama.cpp would abort: %2 at %3)")
                                      .arg(*problem, QLatin1String(rule.mirrors), QLatin1String(rule.where)));
        }
    }
    return std::nullopt;
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
    if (auto error = checkValues(reader, arch, kTextValueRules)) {
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

    if (auto error = checkValues(reader, projector.toStdString(), kProjectorValueRules)) {
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
