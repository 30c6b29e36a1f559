#include "ggufvaluerules.h"

#include <QStringList>

#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_set>

namespace camchat::inference::preflight {

namespace {

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

std::optional<InferenceError> checkTextValues(const Reader &reader, const std::string &arch)
{
    return checkValues(reader, arch, kTextValueRules);
}

std::optional<InferenceError> checkProjectorValues(const Reader &reader, const std::string &projector)
{
    return checkValues(reader, projector, kProjectorValueRules);
}

} // namespace camchat::inference::preflight
