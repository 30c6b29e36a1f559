#pragma once

#include <QMetaType>
#include <QString>

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
};

// Errors carry a code for the UI's sentence and the technical detail for "details".
struct InferenceError {
    InferenceErrorCode code = InferenceErrorCode::None;
    QString detail;
    explicit operator bool() const { return code != InferenceErrorCode::None; }
};

// Stable machine name ("model_file_invalid", ...) for JSON output and logs.
const char *errorKey(InferenceErrorCode code);

} // namespace camchat::inference

Q_DECLARE_METATYPE(camchat::inference::InferenceError)
