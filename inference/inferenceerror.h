#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <utility>

namespace camchat::inference {

enum class InferenceErrorCode {
    None,
    ProfileInvalid,     // a profile JSON is malformed or a field is wrong (detail names it)
    ModelFileMissing,   // a file the profile names does not exist
    ModelFileInvalid,   // not a GGUF file, truncated, wrong architecture, missing keys (preflight)
    ModelLoadFailed,    // the runtime refused the file after preflight passed
    BackendUnavailable, // no backend of this kind in this build / on this machine
    NotLoaded,          // a request arrived before a model was loaded
    NoConversation,     // a follow-up without an image and without an earlier one
    ImageInvalid,       // the image could not be prepared for the encoder
    ImageEncodeFailed,
    ContextFull,        // the conversation no longer fits the context: start a new one
    PromptFailed,       // tokenizing or templating the prompt failed
    DecodeFailed,       // the language model failed mid-answer
    Cancelled,          // stopped by the user or superseded by a newer request
    // Downloads (inference/download/):
    NoDownloadSource,      // the profile has no "source" block: nothing says where its files are
    DownloadNotFound,      // the hub or server answered 404: unknown repository, revision or file
    DownloadNotAuthorised, // 401/403: a gated or private repository, and no (valid) HF_TOKEN
    ChecksumMismatch,      // the downloaded bytes are not the expected size or sha256 (detail: both)
    NetworkError,          // unreachable, TLS refused, or dropped after the retries (.part kept)
    DiskFull,              // not enough free space for the files (checked before and while writing)
    DownloadWriteFailed,   // the model folder or a file in it cannot be written (permission)
    DownloadBusy,          // another process is downloading the same file (detail: its PID)
    // A model server (backend "openai"). `subject` is the server's host:port unless said.
    ServerUnreachable,  // refused, DNS, TLS, or no connection within 10 s
    ApiKeyRejected,     // 401/403 with a key; subject: the variable the key came from
    ApiKeyMissing,      // 401/403 without a key; subject: the variable named (unset), or empty
    RemoteModelUnknown, // subject: the model; choices: what GET /models offers
    ImageNotSupported,  // the server's model has no vision (llama-server without --mmproj)
    ServerTimeout,      // no first token within the profile's timeoutSeconds
    ServerStalled,      // the answer had started, then nothing for 60 s
    ConnectionDropped,  // the connection ended before the answer did (partial answer kept)
    ServerError,        // any other error the server reported (detail: its message)
};

// Errors carry a code for the UI's sentence and the technical detail for "details".
struct InferenceError {
    InferenceError() = default;
    InferenceError(InferenceErrorCode code_, QString detail_, QString subject_ = {}, QStringList choices_ = {})
        : code(code_)
        , detail(std::move(detail_))
        , subject(std::move(subject_))
        , choices(std::move(choices_))
    {
    }

    InferenceErrorCode code = InferenceErrorCode::None;
    QString detail;
    // What the sentence names, for the codes that name something (see each code).
    QString subject;
    QStringList choices;
    explicit operator bool() const { return code != InferenceErrorCode::None; }
};

// Stable machine name ("model_file_invalid", ...) for JSON output and logs.
const char *errorKey(InferenceErrorCode code);

} // namespace camchat::inference

Q_DECLARE_METATYPE(camchat::inference::InferenceError)
