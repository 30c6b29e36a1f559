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
    }
    return QCoreApplication::translate("camchat::ui::ErrorText", "The model could not answer.");
}

QString describeSourceState(capture::FrameSource::State state, bool hdmiInput, const QString &sourceName,
                            const QString &detail)
{
    using State = capture::FrameSource::State;
    switch (state) {
    case State::Streaming:
        return {};
    case State::Stopped:
        return QCoreApplication::translate("camchat::ui::ErrorText", "%1 is not capturing.").arg(sourceName);
    case State::Starting:
        return QCoreApplication::translate("camchat::ui::ErrorText", "Opening %1…").arg(sourceName);
    case State::NoSignal:
        if (hdmiInput)
            return QCoreApplication::translate("camchat::ui::ErrorText",
                                               "No signal on the HDMI input — check the cable and the source");
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "%1 delivers no pictures. Is the lens covered, or is another program "
                                           "using the camera?").arg(sourceName);
    case State::DeviceGone:
        return QCoreApplication::translate("camchat::ui::ErrorText",
                                           "%1 was unplugged. Waiting for it to come back…").arg(sourceName);
    case State::Error:
        return QCoreApplication::translate("camchat::ui::ErrorText", "Cannot capture from %1: %2")
            .arg(sourceName, detail);
    }
    return {};
}

} // namespace camchat::ui
