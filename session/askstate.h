#pragma once

namespace camchat::session {

class ChatSession;
class ModelCatalog;

// Why a question cannot be asked now; the first reason that applies.
enum class AskBlocker {
    None,
    Busy,                  // an answer is being written
    ModelLoading,
    NoModelConfigured,     // no profile has its files
    NoModelChosen,
    WaitingForLivePicture, // live, but no frame shown yet
    NoImage,               // nothing to ask about and no conversation to follow up
    NoQuestion,            // the prompt is empty
};

// What asking would do.
enum class AskKind {
    SnapAndAsk,      // live without a snap: snap the newest frame, then ask about it
    NewConversation, // about a new image, after an earlier conversation
    AboutImage,      // about the image, a first question
    FollowUp,        // about the same image, without sending it again
};

// What the window knows and the session does not.
struct AskContext {
    bool live = false;           // a live source is shown
    bool liveFrameReady = false; // ... streaming, and a frame has been shown
    bool promptEmpty = true;
    bool transcriptEmpty = true;
};

struct AskState {
    AskBlocker blocker = AskBlocker::None;
    AskKind kind = AskKind::AboutImage;

    bool canAsk() const { return blocker == AskBlocker::None; }
};

// Whether the next question can be asked, and what asking would do, for the window to
// show on its Ask button.
AskState askState(const ChatSession &chat, const ModelCatalog &models, const AskContext &context);

} // namespace camchat::session
