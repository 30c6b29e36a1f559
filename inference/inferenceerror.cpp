#include "inferenceerror.h"

namespace camchat::inference {

const char *errorKey(InferenceErrorCode code)
{
    // No default: the compiler then warns when a new code has no key.
    switch (code) {
    case InferenceErrorCode::None:
        return "none";
    case InferenceErrorCode::ProfileInvalid:
        return "profile_invalid";
    case InferenceErrorCode::ModelFileMissing:
        return "model_file_missing";
    case InferenceErrorCode::ModelFileInvalid:
        return "model_file_invalid";
    case InferenceErrorCode::ModelLoadFailed:
        return "model_load_failed";
    case InferenceErrorCode::BackendUnavailable:
        return "backend_unavailable";
    case InferenceErrorCode::NotLoaded:
        return "not_loaded";
    case InferenceErrorCode::NoConversation:
        return "no_conversation";
    case InferenceErrorCode::ImageInvalid:
        return "image_invalid";
    case InferenceErrorCode::ImageEncodeFailed:
        return "image_encode_failed";
    case InferenceErrorCode::ContextFull:
        return "context_full";
    case InferenceErrorCode::PromptFailed:
        return "prompt_failed";
    case InferenceErrorCode::DecodeFailed:
        return "decode_failed";
    case InferenceErrorCode::Cancelled:
        return "cancelled";
    case InferenceErrorCode::NoDownloadSource:
        return "no_download_source";
    case InferenceErrorCode::DownloadNotFound:
        return "download_not_found";
    case InferenceErrorCode::DownloadNotAuthorised:
        return "download_not_authorised";
    case InferenceErrorCode::ChecksumMismatch:
        return "checksum_mismatch";
    case InferenceErrorCode::NetworkError:
        return "network_error";
    case InferenceErrorCode::DiskFull:
        return "disk_full";
    case InferenceErrorCode::DownloadWriteFailed:
        return "download_write_failed";
    case InferenceErrorCode::DownloadBusy:
        return "download_busy";
    case InferenceErrorCode::ServerUnreachable:
        return "server_unreachable";
    case InferenceErrorCode::ApiKeyRejected:
        return "api_key_rejected";
    case InferenceErrorCode::ApiKeyMissing:
        return "api_key_missing";
    case InferenceErrorCode::RemoteModelUnknown:
        return "remote_model_unknown";
    case InferenceErrorCode::ImageNotSupported:
        return "image_not_supported";
    case InferenceErrorCode::ServerTimeout:
        return "server_timeout";
    case InferenceErrorCode::ServerStalled:
        return "server_stalled";
    case InferenceErrorCode::ConnectionDropped:
        return "connection_dropped";
    case InferenceErrorCode::ServerError:
        return "server_error";
    }
    return "unknown";
}

} // namespace camchat::inference
