#include "errortext.h"

#include <QCoreApplication>

namespace camchat::ui {

// Free functions have no tr(); one explicit context keeps the sentences together for
// translators.

QString describeImageError(const capture::ImageError &error)
{
    using capture::ImageErrorCode;
    switch (error.code) {
    case ImageErrorCode::None:
        return {};
    case ImageErrorCode::FileNotFound:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The file does not exist (any more).");
    case ImageErrorCode::PermissionDenied:
        return QCoreApplication::translate("camchat::ui::ErrorText", "camchat is not allowed to read this file.");
    case ImageErrorCode::ReadFailed:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The file could not be read.");
    case ImageErrorCode::EmptyFile:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The file is empty.");
    case ImageErrorCode::FileTooLarge:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The file is too large: camchat opens image files up to 200 MB.");
    case ImageErrorCode::NotAnImage:
        return QCoreApplication::translate("camchat::ui::ErrorText", "This is not an image camchat recognises.");
    case ImageErrorCode::UnsupportedFormat:
        return QCoreApplication::translate("camchat::ui::ErrorText", "camchat cannot open images in this format.");
    case ImageErrorCode::TooManyPixels:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The image is too large: camchat opens images up to 64 megapixels.");
    case ImageErrorCode::Truncated:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The image is incomplete: the file ends too early.");
    case ImageErrorCode::Corrupt:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The image is damaged and cannot be shown.");
    case ImageErrorCode::OutOfMemory:
        return QCoreApplication::translate("camchat::ui::ErrorText", "There is not enough memory to open this image.");
    }
    return QCoreApplication::translate("camchat::ui::ErrorText", "The image could not be opened.");
}

QString describeSaveError(const capture::SaveError &error)
{
    using capture::SaveErrorCode;
    switch (error.code) {
    case SaveErrorCode::None:
        return {};
    case SaveErrorCode::AlreadyExists:
        return QCoreApplication::translate("camchat::ui::ErrorText", "A file with this name already exists.");
    case SaveErrorCode::InvalidFrame:
        return QCoreApplication::translate("camchat::ui::ErrorText", "There is no image to save.");
    case SaveErrorCode::EncodeFailed:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The image could not be encoded.");
    case SaveErrorCode::OpenFailed:
        return QCoreApplication::translate("camchat::ui::ErrorText", "camchat cannot create files in this folder.");
    case SaveErrorCode::WriteFailed:
        return QCoreApplication::translate("camchat::ui::ErrorText", "Writing the snapshot failed; the disk may be full.");
    case SaveErrorCode::CommitFailed:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The snapshot could not be put in place of the old file.");
    }
    return QCoreApplication::translate("camchat::ui::ErrorText", "The snapshot could not be saved.");
}

QString describeInferenceError(const inference::InferenceError &error)
{
    using inference::InferenceErrorCode;
    switch (error.code) {
    case InferenceErrorCode::None:
        return {};
    case InferenceErrorCode::ProfileInvalid:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The model profile is not valid.");
    case InferenceErrorCode::ModelFileMissing:
        return QCoreApplication::translate("camchat::ui::ErrorText", "A file of this model is missing.");
    case InferenceErrorCode::ModelFileInvalid:
        return QCoreApplication::translate("camchat::ui::ErrorText", "A file of this model is damaged or is not the kind of file the model needs.");
    case InferenceErrorCode::ModelLoadFailed:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The model could not be loaded.");
    case InferenceErrorCode::BackendUnavailable:
        return QCoreApplication::translate("camchat::ui::ErrorText", "This model needs a runtime that is not available on this computer.");
    case InferenceErrorCode::NotLoaded:
        return QCoreApplication::translate("camchat::ui::ErrorText", "No model is loaded. Choose one and ask again.");
    case InferenceErrorCode::NoConversation:
        return QCoreApplication::translate("camchat::ui::ErrorText", "There is no image to talk about yet. Open one and ask again.");
    case InferenceErrorCode::ImageInvalid:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The image could not be prepared for the model.");
    case InferenceErrorCode::ImageEncodeFailed:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The model could not look at the image.");
    case InferenceErrorCode::ContextFull:
        return QCoreApplication::translate("camchat::ui::ErrorText", "This conversation is too long for the model. Ask again to start a new one about the same image.");
    case InferenceErrorCode::PromptFailed:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The question could not be prepared for the model.");
    case InferenceErrorCode::DecodeFailed:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The model failed while writing the answer.");
    case InferenceErrorCode::Cancelled:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The answer was stopped.");
    case InferenceErrorCode::NoDownloadSource:
        return QCoreApplication::translate("camchat::ui::ErrorText", "This model does not say where its files can be downloaded from. Put them in place yourself.");
    case InferenceErrorCode::DownloadNotFound:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The model files were not found on the server.");
    case InferenceErrorCode::DownloadNotAuthorised:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The server refused the download: the repository is gated or private: set HF_TOKEN.");
    case InferenceErrorCode::ChecksumMismatch:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The downloaded file is not the expected one (checksum mismatch) and was deleted.");
    case InferenceErrorCode::NetworkError:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The download failed on the network. The partial file is kept: downloading again (or `camchat models pull`) resumes it.");
    case InferenceErrorCode::DiskFull:
        return QCoreApplication::translate("camchat::ui::ErrorText", "There is not enough free disk space for the model files.");
    case InferenceErrorCode::DownloadWriteFailed:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The model files cannot be written to the model folder.");
    case InferenceErrorCode::DownloadBusy:
        return QCoreApplication::translate("camchat::ui::ErrorText", "Another camchat is downloading the same file.");
    case InferenceErrorCode::ServerUnreachable:
        return QCoreApplication::translate("camchat::ui::ErrorText", "Cannot reach the model server at %1: %2")
            .arg(error.subject, error.detail);
    case InferenceErrorCode::ApiKeyRejected:
        if (error.subject.isEmpty())
            return QCoreApplication::translate("camchat::ui::ErrorText",
                                               "The model server rejected the API key (Settings → Remote server).");
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "The model server rejected the API key from the variable %1.")
            .arg(error.subject);
    case InferenceErrorCode::ApiKeyMissing:
        if (error.subject.isEmpty())
            return QCoreApplication::translate("camchat::ui::ErrorText",
                                               "The model server wants an API key: enter it in Settings → "
                                               "Remote server, or put it in an environment variable and name "
                                               "that variable in the profile's remote.apiKeyEnv (or with "
                                               "--api-key-env).");
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "The model server wants an API key, but the variable %1 is unset.")
            .arg(error.subject);
    case InferenceErrorCode::RemoteModelUnknown:
        if (error.choices.isEmpty())
            return QCoreApplication::translate("camchat::ui::ErrorText", "The model server has no model \"%1\".")
                .arg(error.subject);
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "The model server has no model \"%1\"; it offers: %2.")
            .arg(error.subject, error.choices.join(QStringLiteral(", ")));
    case InferenceErrorCode::ImageNotSupported:
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "This server's model cannot see images — start llama-server with "
                                           "--mmproj, or choose a vision model.");
    case InferenceErrorCode::ServerTimeout:
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "The model server at %1 did not start answering in time.")
            .arg(error.subject);
    case InferenceErrorCode::ServerStalled:
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "The model server at %1 stopped sending mid-answer; the answer is "
                                           "cut off.")
            .arg(error.subject);
    case InferenceErrorCode::ConnectionDropped:
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "The connection to the model server at %1 dropped; the answer is "
                                           "cut off.")
            .arg(error.subject);
    case InferenceErrorCode::ServerError:
        return QCoreApplication::translate("camchat::ui::ErrorText", "The model server at %1 reported an error: %2")
            .arg(error.subject, error.detail);
    }
    return QCoreApplication::translate("camchat::ui::ErrorText", "The model could not answer.");
}

QString describeV4l2Error(capture::V4l2Error error, const V4l2ErrorContext &context)
{
    using capture::V4l2Error;
    const QString &device = context.device;
    const bool grab = context.waitedSeconds > 0;
    switch (error) {
    case V4l2Error::None:
        return {};
    case V4l2Error::DeviceMissing:
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "%1 does not exist. Run `camchat devices` to list capture devices.")
            .arg(device);
    case V4l2Error::PermissionDenied:
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "No permission to open %1. Add your user to the 'video' group (sudo "
                                           "usermod -aG video $USER), then log out and in again.")
            .arg(device);
    case V4l2Error::Busy:
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "%1 is busy: another program is capturing from it. Close that program "
                                           "(or the camchat window using it) and try again.")
            .arg(device);
    case V4l2Error::NotCapture:
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "%1 is not a video capture device. Run `camchat devices` to list "
                                           "capture devices.")
            .arg(device);
    case V4l2Error::UnsupportedFormat:
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "%1 sends a pixel format camchat cannot capture.")
            .arg(device);
    case V4l2Error::NoSignal: {
        const QString seconds = QString::number(context.waitedSeconds, 'g', 4);
        if (context.hdmiInput && grab)
            return QCoreApplication::translate("camchat::ui::ErrorText",
                                               "No signal on the HDMI input within %1 s — check the cable and "
                                               "the source.")
                .arg(seconds);
        if (context.hdmiInput)
            return QCoreApplication::translate("camchat::ui::ErrorText",
                                               "No signal on the HDMI input — check the cable and the source");
        if (grab)
            return QCoreApplication::translate("camchat::ui::ErrorText",
                                               "%1 delivered no picture within %2 s. If it is an HDMI grabber, "
                                               "check the cable and the source; otherwise try a longer --timeout.")
                .arg(device, seconds);
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "%1 delivers no pictures. Is the lens covered, or is another program "
                                           "using the camera?")
            .arg(device);
    }
    case V4l2Error::Unplugged:
        if (grab)
            return QCoreApplication::translate("camchat::ui::ErrorText",
                                               "%1 was unplugged while waiting for a picture.")
                .arg(device);
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "%1 was unplugged. Waiting for it to come back…")
            .arg(device);
    case V4l2Error::Failed:
        break;
    }
    if (context.detail.isEmpty())
        return QCoreApplication::translate("camchat::ui::ErrorText", "Cannot capture from %1.").arg(device);
    return QCoreApplication::translate("camchat::ui::ErrorText", "Cannot capture from %1: %2")
        .arg(device, context.detail);
}

QString describeSourceState(capture::FrameSource::State state, bool hdmiInput, const QString &sourceName,
                            const QString &detail, capture::V4l2Error error)
{
    using State = capture::FrameSource::State;
    using capture::V4l2Error;
    switch (state) {
    case State::Streaming:
        return {};
    case State::Stopped:
        return QCoreApplication::translate("camchat::ui::ErrorText", "%1 is not capturing.").arg(sourceName);
    case State::Starting:
        return QCoreApplication::translate("camchat::ui::ErrorText", "Opening %1…").arg(sourceName);
    case State::NoSignal:
        return describeV4l2Error(V4l2Error::NoSignal, {sourceName, {}, hdmiInput, 0});
    case State::DeviceGone:
        return describeV4l2Error(V4l2Error::Unplugged, {sourceName, {}, hdmiInput, 0});
    case State::Error:
        return describeV4l2Error(error == V4l2Error::None ? V4l2Error::Failed : error,
                                 {sourceName, detail, hdmiInput, 0});
    }
    return {};
}

} // namespace camchat::ui
