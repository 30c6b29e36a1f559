#pragma once

#include "capture/frame.h"
#include "inference/inferenceerror.h"
#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"
#include "inference/stagetimings.h"

#include <QList>
#include <QObject>
#include <QString>

#include <cstdint>
#include <optional>

namespace camchat::session {

// One question of the conversation, as ChatSession keeps it.
struct ChatTurn {
    QString question;
    // The picture sent along with the question; invalid for a follow-up.
    capture::Frame image;
    QString answer;
};

// What ask() did with a question.
struct AskedQuestion {
    quint64 requestId = 0;
    // The image went along with the question (a first question about it).
    bool withImage = false;
    // ... and it is another image than the conversation so far was about.
    bool startsNewConversation = false;
};

// One conversation with the model about one image at a time: the image asked about, the
// turns, and the request on the worker. A new image (or a conversation the worker lost: a
// new model, the kiosk, a full context) makes the next question send the image again;
// otherwise a question is a follow-up. Only the current request's signals get through;
// pieces of an answer the user stopped are dropped. Any backend: it talks to the worker
// only.
//
// Threads: lives in the GUI thread (any thread with an event loop). The worker lives in
// the inference thread and is used through submit()/cancel() and queued signals.
class ChatSession : public QObject
{
    Q_OBJECT

public:
    explicit ChatSession(inference::InferenceWorker *worker, QObject *parent = nullptr);

    // The image the next question is about (invalid: none). A valid image is new: the next
    // question starts a new conversation about it. imageChanged() follows. The one place
    // where the image asked about changes.
    void setImage(const capture::Frame &image);
    capture::Frame image() const { return m_image; }
    // The image has not been asked about yet.
    bool hasNewImage() const { return m_newImage; }
    // The worker holds this conversation (an encoded image) for a follow-up.
    bool hasConversation() const { return m_hasConversation; }
    // The next question would carry the image.
    bool nextQuestionSendsImage() const;
    // Encode on snap: a new image is prepared for its question while the user types it
    // (InferenceWorker::prepareImage); off by default here, the window turns it on as the
    // settings say. Off drops a preparation under way.
    void setEncodeAhead(bool on);
    bool encodesAhead() const { return m_encodeAhead; }
    // The worker no longer holds the conversation (another model, the kiosk used it): the
    // next question sends the image again.
    void forgetConversation();

    // Sends `prompt` (with the image when it is new or the conversation was lost).
    AskedQuestion ask(const QString &prompt, const inference::SamplingParams &sampling);
    // Cancels the answer being written; nothing more of it arrives, finished() or failed()
    // follows.
    void stop();
    bool isBusy() const { return m_activeRequest != 0; }
    bool isStopping() const { return m_stopRequested; }
    quint64 activeRequest() const { return m_activeRequest; }

    QList<ChatTurn> turns() const { return m_turns; }
    // The timings of the latest answer that finished.
    std::optional<inference::StageTimings> lastTimings() const { return m_lastTimings; }
    // The images sent with questions, in order (one per question that carried one).
    QList<capture::Frame> askedImages() const;

Q_SIGNALS:
    void imageChanged();
    void stageStarted(camchat::inference::Stage stage);
    void stageFinished(camchat::inference::Stage stage, qint64 durationUs);
    // Every piece the model wrote for the current question, as it came (for printers
    // that show the answer verbatim).
    void token(const QString &piece);
    // The answer as a reader sees it: it starts at its first word (models tend to open
    // with a space or a line break).
    void answerText(const QString &piece);
    // The answer is complete, or stopped (`stopped`).
    void finished(const camchat::inference::InferenceResult &result, bool stopped);
    void failed(const camchat::inference::InferenceError &error);

private:
    void onStageStarted(quint64 requestId, inference::Stage stage);
    void onStageFinished(quint64 requestId, inference::Stage stage, qint64 durationUs);
    void onToken(quint64 requestId, const QString &piece);
    void onFinished(const inference::InferenceResult &result);
    void onFailed(quint64 requestId, const inference::InferenceError &error);
    void endRequest();
    void prepareImage();

    inference::InferenceWorker *m_worker = nullptr;
    capture::Frame m_image;
    bool m_newImage = false;
    bool m_hasConversation = false;
    bool m_encodeAhead = false;
    std::uint64_t m_imageKey = 0;     // names m_image's preparation on the worker (0: none)
    std::uint64_t m_nextImageKey = 1;
    QList<ChatTurn> m_turns;
    std::optional<inference::StageTimings> m_lastTimings;
    quint64 m_activeRequest = 0;
    bool m_activeHasImage = false;
    bool m_answerStarted = false; // the active answer has shown its first word
    bool m_stopRequested = false;
};

} // namespace camchat::session
