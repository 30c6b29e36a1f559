#pragma once

// Model profile JSON, schema 1 (resources/models/README.md says the same for users).
// Unknown keys anywhere are errors, so a typo never passes silently. Errors name the
// JSON file and the path of the bad field: "smol.json: vision.width: expected an
// integer 28..4096, got \"big\"".
//
// {
//   "schema": 1,                       required, must be 1
//   "id": "smolvlm-256m-cpu",          required, [a-z0-9._-], 1..64 characters, unique
//   "name": "SmolVLM 256M (CPU)",      required, non-empty: shown to the user
//   "family": "smolvlm",               optional, [a-z0-9._-]: links CPU and NPU profiles
//   "backend": "llama",                required: "llama" | "rk" | "openai"
//   "files": {                         required (not for "openai"); exactly the backend's roles:
//     "model": "X-Q8_0.gguf",            llama: "model" + "mmproj"; rk: "encoder" + "llm"
//     "mmproj": "mmproj-X-Q8_0.gguf"     non-empty paths; relative ones resolve against
//   },                                   the JSON's folder ("~/" = home). Built-in
//                                        profiles resolve against userProfileDir().
//   "vision": {                        optional (defaults below)
//     "width": 512, "height": 512,       integers 28..4096
//     "resize": "fit",                   "fit" | "expand-to-square" | "stretch"
//     "fill": [128, 128, 128],           three integers 0..255 (R, G, B)
//     "maxImageTokens": 64,              integer 0..65536 (llama; 0 = model default)
//     "imageTokens": 0,                  integer 0..65536 (rk: required, >= 1)
//     "embeddingWidth": 0,               integer 0..65536 (rk: required, >= 1)
//     "npuCores": 3,                     integer 1..3 (rk: NPU cores for the encoder)
//     "jpegQuality": 90                  integer 1..100 (openai only: the JPEG sent)
//   },
//   "remote": {                        required for "openai", refused otherwise
//     "endpoint": "http://gpu-box:8000/v1",  required: http(s) URL of the OpenAI API base
//     "model": "Qwen/Qwen2.5-VL-7B-Instruct", optional: default the first of GET /models
//     "apiKeyEnv": "CAMCHAT_API_KEY",     optional: environment variable holding the key
//     "timeoutSeconds": 120,              optional, integer 1..3600: wait for the first token
//     "caFile": "ca.pem"                  optional: extra CA certificates (PEM), path like files
//   },
//   "prompt": {                        optional; every member a string, default ""
//     "chatTemplate": "", "system": "", "prefix": "", "postfix": "",
//     "imageTag": "", "imageStart": "", "imageEnd": "", "imageContent": ""
//   },
//   "sampling": {                      optional (defaults: SamplingParams)
//     "temperature": 0.2,                number 0..2
//     "topK": 40,                        integer >= 0 (0 = off)
//     "topP": 0.9,                       number > 0 and <= 1
//     "repeatPenalty": 1.1,              number 0.5..2 (1 = off)
//     "maxNewTokens": 256,               integer 1..contextLength
//     "seed": 0                          integer 0..4294967295 (0 = random per request)
//   },
//   "contextLength": 4096,             optional, integer 256..131072
//   "source": {                        optional: where the files can be downloaded from
//     "huggingface": "owner/repo",       a Hugging Face repo; or leave it out and give a
//     "revision": "main",                "url" per file. revision: optional, "main"
//     "files": {                         exactly the backend's roles, each an object:
//       "model": {"name": "X.gguf",        name: the file in the repo (required with
//                 "bytes": 436806912,      huggingface; else the URL's last segment);
//                 "sha256": "64 hex"},     url: http(s) URL (only without huggingface);
//       ...                                bytes (integer >= 1), sha256 (64 hex): optional,
//     }                                    taken from the hub before a download if absent
//   }
// }

#include "inferenceerror.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>
#include <optional>

namespace camchat::inference {

enum class BackendKind { Llama, Rk, OpenAi };

// The backend's name as profiles spell it ("llama", "rk", "openai"): the one name the window, the
// command line and the profile files all use.
QString backendName(BackendKind kind);

// How the picture becomes the encoder's input (done by the caller's preprocessor).
enum class VisionResize {
    Fit,            // shrink so the image fits width x height, aspect kept, never enlarge
    ExpandToSquare, // pad to a square of `fill`, then resize to width x height
    Stretch,        // resize to width x height ignoring the aspect ratio
};

struct VisionSpec {
    int width = 512;
    int height = 512;
    VisionResize resize = VisionResize::Fit;
    std::array<std::uint8_t, 3> fill{128, 128, 128};
    int maxImageTokens = 0; // llama: cap on image tokens passed to mtmd (0 = model default)
    int imageTokens = 0;    // rk: tokens the encoder produces
    int embeddingWidth = 0; // rk: width of each image token embedding
    int npuCores = 3;       // rk: RK3588 NPU cores the encoder runs on (one alone is ~3x slower)
    int jpegQuality = 0;    // openai: the picture goes as a JPEG of this quality (0 = raw RGB only)

    friend bool operator==(const VisionSpec &, const VisionSpec &) = default;
};

struct PromptFormat {
    // llama: the chat template to apply: "" = the model's own (tokenizer.chat_template),
    // or a llama.cpp template name such as "smolvlm" or "chatml".
    QString chatTemplate;
    QString system;         // system prompt, may be empty
    // rk: literal prompt pieces (docs/models.md), e.g. prefix "<|im_start|>User:".
    QString prefix;
    QString postfix;
    QString imageTag;       // where the image goes in the user turn, e.g. "<image>"
    QString imageStart;
    QString imageEnd;
    QString imageContent;

    friend bool operator==(const PromptFormat &, const PromptFormat &) = default;
};

struct SamplingParams {
    float temperature = 0.2f;
    int topK = 40;
    float topP = 0.9f;
    float repeatPenalty = 1.1f;
    int maxNewTokens = 256;
    std::uint32_t seed = 0; // 0 = random per request

    friend bool operator==(const SamplingParams &, const SamplingParams &) = default;
};

// --- remote (backend "openai") ----------------------------------------------------------
// Where a model server is and how to talk to it. The key itself is never stored: only
// the name of the environment variable holding it.
struct RemoteSpec {
    static constexpr int kDefaultTimeoutSeconds = 120;

    QString endpoint;   // the API base, e.g. "http://gpu-box:8000/v1"
    QString model;      // empty: the first model GET {endpoint}/models lists
    QString apiKeyEnv;  // empty: no key
    int timeoutSeconds = kDefaultTimeoutSeconds; // until the first token
    QString caFile;     // extra CA certificates (absolute after loading), empty: none

    friend bool operator==(const RemoteSpec &, const RemoteSpec &) = default;
};
// --- end remote ---------------------------------------------------------------------------

struct ModelFile {
    QString role;  // "model", "mmproj" (llama); "encoder", "llm" (rk)
    QString path;  // absolute after loading
    bool exists() const;

    friend bool operator==(const ModelFile &, const ModelFile &) = default;
};

// --- download source (the profile's optional "source" block) ----------------------------

// One file of a source: where it is fetched from and what it must be.
struct SourceFile {
    QString role;   // the ModelFile role it fills
    QString name;   // the file's path in the repository (or the URL's last segment)
    QString url;    // the full URL when the source is not a hub repository; else empty
    qint64 bytes = -1; // -1: unknown (taken from the hub)
    QString sha256;    // lower-case hex; empty: unknown (taken from the hub)

    friend bool operator==(const SourceFile &, const SourceFile &) = default;
};

struct ModelSource {
    QString huggingface;                    // "owner/repo"; empty when every file has a url
    QString revision = QStringLiteral("main");
    QList<SourceFile> files;                // in the backend's role order

    const SourceFile *file(const QString &role) const;
    friend bool operator==(const ModelSource &, const ModelSource &) = default;
};

// One model the app can run, loaded from JSON (resources/models/ built in, or the
// user's $XDG_DATA_HOME/camchat/models/*.json, paths relative to the JSON file).
struct ModelProfile {
    QString id;          // unique, e.g. "smolvlm-256m-cpu"
    QString name;        // shown to the user
    QString family;      // "smolvlm", "internvl3", "qwen2-vl": links CPU and NPU profiles
    BackendKind backend = BackendKind::Llama;
    QList<ModelFile> files; // none for "openai"
    RemoteSpec remote;      // "openai" only
    VisionSpec vision;
    PromptFormat prompt;
    SamplingParams sampling;
    int contextLength = 4096;
    QString sourcePath;  // the JSON it came from (":/models/..." for built-in ones)
    std::optional<ModelSource> source; // where its files can be downloaded from, if known

    QString filePath(const QString &role) const; // "" when the profile has no such file
    bool filesPresent() const;
    QStringList missingFiles() const; // paths of the files that do not exist, in role order

    friend bool operator==(const ModelProfile &, const ModelProfile &) = default;
};

struct ProfileLoadResult {
    std::optional<ModelProfile> profile;
    InferenceError error; // ProfileInvalid with the JSON path and the bad field in detail
};

class ModelProfiles
{
public:
    // Parses and validates one profile. `baseDir` resolves relative file paths.
    static ProfileLoadResult parse(const QByteArray &json, const QString &sourcePath, const QString &baseDir);
    // Reads and parses a file; ":/..." (built-in) paths resolve against userProfileDir().
    static ProfileLoadResult loadFile(const QString &path);
    // The profile as schema-1 JSON that parse() reads back to an equal profile (apart
    // from sourcePath). Files inside `baseDir` are written relative to it.
    static QByteArray toJson(const ModelProfile &profile, const QString &baseDir = {});

    // Where user profiles live: $XDG_DATA_HOME/camchat/models.
    static QString userProfileDir();
    // Built-in profiles resolve their files against the user profile dir.
    static QList<ProfileLoadResult> builtIn();
    // The *.json in `dir` by file name; a second profile with an id already seen there
    // is an error. A missing dir gives an empty list.
    static QList<ProfileLoadResult> user(const QString &dir = userProfileDir());
    // Built-in then user profiles (a user profile with the same id replaces the built-in).
    static QList<ProfileLoadResult> all();
};

} // namespace camchat::inference

Q_DECLARE_METATYPE(camchat::inference::ModelProfile)
