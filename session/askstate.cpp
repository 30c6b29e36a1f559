#include "askstate.h"

#include "chatsession.h"
#include "modelcatalog.h"

namespace camchat::session {

namespace {

AskBlocker blocker(const ChatSession &chat, const ModelCatalog &models, const AskContext &context)
{
    const bool hasImage = chat.image().isValid();
    const bool liveWithoutSnap = context.live && !hasImage;
    const bool hasPicture = hasImage || (liveWithoutSnap && context.liveFrameReady);
    const bool loaded = models.loadedProfile().has_value();
    if (chat.isBusy())
        return AskBlocker::Busy;
    if (models.isLoading())
        return AskBlocker::ModelLoading;
    if (!loaded && !models.anyReady())
        return AskBlocker::NoModelConfigured;
    if (!loaded)
        return AskBlocker::NoModelChosen;
    if (liveWithoutSnap && !context.liveFrameReady)
        return AskBlocker::WaitingForLivePicture;
    if (!hasPicture && !chat.hasConversation())
        return AskBlocker::NoImage;
    if (context.promptEmpty)
        return AskBlocker::NoQuestion;
    return AskBlocker::None;
}

AskKind kind(const ChatSession &chat, const AskContext &context)
{
    const bool hasImage = chat.image().isValid();
    const bool liveWithoutSnap = context.live && !hasImage;
    const bool hasPicture = hasImage || (liveWithoutSnap && context.liveFrameReady);
    const bool withImage = hasPicture && (chat.hasNewImage() || liveWithoutSnap || !chat.hasConversation());
    if (liveWithoutSnap)
        return AskKind::SnapAndAsk;
    if (withImage && chat.hasNewImage() && !context.transcriptEmpty)
        return AskKind::NewConversation;
    if (withImage)
        return AskKind::AboutImage;
    return AskKind::FollowUp;
}

} // namespace

AskState askState(const ChatSession &chat, const ModelCatalog &models, const AskContext &context)
{
    return {blocker(chat, models, context), kind(chat, context)};
}

} // namespace camchat::session
