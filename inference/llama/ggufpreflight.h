#pragma once

#include "inference/inferenceerror.h"

#include <QString>

#include <cstdint>

namespace camchat::inference {

// What the preflight learned about a file that passed.
struct GgufSummary {
    QString architecture;          // general.architecture ("llama", "clip", ...)
    QString projectorType;         // mmproj: clip.projector_type, e.g. "idefics3"
    std::int64_t embeddingWidth = 0; // text: <arch>.embedding_length; mmproj: width of the
                                     // projected image embeddings (0 = not known)
};

struct GgufPreflightResult {
    InferenceError error; // ModelFileMissing or ModelFileInvalid, detail names file and key
    GgufSummary summary;
};

// Checks GGUF files with ggml's gguf reader before llama.cpp or libmtmd see them: both
// assert (and so abort the whole process) on some malformed files, e.g. an idefics3
// mmproj without clip.vision.projector.scale_factor or a metadata key of the wrong type.
// Checked: the file exists, is not empty, starts with the GGUF magic, its metadata
// parses, its data section holds every tensor (not truncated), and the keys the runtime
// reads for its role are present with the types it reads them as. Whether llama.cpp knows
// a text model's architecture is left to llama.cpp (LlamaBackend maps that failure).
// Reentrant; no llama.cpp state is touched.
class GgufPreflight
{
public:
    static GgufPreflightResult checkTextModel(const QString &path);
    static GgufPreflightResult checkProjector(const QString &path);
    // Both files, then whether the projector's output fits the text model's embeddings.
    // The summaries, when given, receive what the checks learned.
    static InferenceError checkPair(const QString &modelPath, const QString &mmprojPath,
                                    GgufSummary *modelSummary = nullptr, GgufSummary *mmprojSummary = nullptr);
};

} // namespace camchat::inference
