#include "chatsession.h"

#include "visioninput.h"

#include <utility>

namespace camchat::session {

ChatSession::ChatSession(inference::InferenceWorker *worker, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
{
    using inference::InferenceWorker;
    // Queued explicitly: a few of the worker's signals can come from this thread (a
    // dropped waiting request), and every one of them should arrive the same way.
    const auto queued = Qt::QueuedConnection;
    connect(worker, &InferenceWorker::stageStarted, this, &ChatSession::onStageStarted, queued);
    connect(worker, &InferenceWorker::stageFinished, this, &ChatSession::onStageFinished, queued);
    connect(worker, &InferenceWorker::token, this, &ChatSession::onToken, queued);
    connect(worker, &InferenceWorker::finished, this, &ChatSession::onFinished, queued);
    connect(worker, &InferenceWorker::failed, this, &ChatSession::onFailed, queued);
}

void ChatSession::setImage(const capture::Frame &image)
{
    m_image = image;
    m_newImage = image.isValid();
    if (m_encodeAhead && image.isValid())
        prepareImage();
    else if (std::exchange(m_imageKey, 0) != 0)
        m_worker->dropPreparation();
    Q_EMIT imageChanged();
}

void ChatSession::setEncodeAhead(bool on)
{
    if (on == m_encodeAhead)
        return;
    m_encodeAhead = on;
    if (on && nextQuestionSendsImage())
        prepareImage();
    else if (!on && std::exchange(m_imageKey, 0) != 0)
        m_worker->dropPreparation();
}

void ChatSession::prepareImage()
{
    m_imageKey = m_nextImageKey++;
    m_worker->prepareImage(m_imageKey, makeImagePreparer(m_image));
    // Preparing may replace what the worker holds (llama's cache): the next question
    // carries the image anyway, and no follow-up goes to the old conversation.
    m_hasConversation = false;
}

bool ChatSession::nextQuestionSendsImage() const
{
    return m_image.isValid() && (m_newImage || !m_hasConversation);
}

void ChatSession::forgetConversation()
{
    m_hasConversation = false;
    m_newImage = m_image.isValid();
    // The next question sends the image again: have it ready (the worker holds it back
    // while a model loads, to prepare it for that model).
    if (m_encodeAhead && m_newImage)
        prepareImage();
}

AskedQuestion ChatSession::ask(const QString &prompt, const inference::SamplingParams &sampling)
{
    inference::InferenceRequest request;
    request.prompt = prompt;
    request.sampling = sampling;

    // A picture not asked about yet (or one whose conversation was lost) goes along with
    // the question; otherwise this is a follow-up about the picture already encoded.
    AskedQuestion asked;
    asked.withImage = nextQuestionSendsImage();
    ChatTurn turn;
    turn.question = prompt;
    if (asked.withImage) {
        asked.startsNewConversation = m_newImage;
        request.image = makeImagePreparer(m_image);
        request.imageKey = std::exchange(m_imageKey, 0);
        turn.image = m_image;
        m_newImage = false;
        m_hasConversation = false;
    }
    m_turns.append(turn);
    m_activeHasImage = asked.withImage;
    m_answerStarted = false;
    m_stopRequested = false;
    m_activeRequest = m_worker->submit(std::move(request));
    asked.requestId = m_activeRequest;
    return asked;
}

void ChatSession::stop()
{
    if (m_activeRequest == 0 || m_stopRequested)
        return;
    // Pieces already on their way are not shown: the answer ends where the user saw it.
    m_stopRequested = true;
    m_worker->cancel();
}

QList<capture::Frame> ChatSession::askedImages() const
{
    QList<capture::Frame> images;
    for (const ChatTurn &turn : m_turns) {
        if (turn.image.isValid())
            images.append(turn.image);
    }
    return images;
}

void ChatSession::onStageStarted(quint64 requestId, inference::Stage stage)
{
    if (requestId != m_activeRequest || m_stopRequested)
        return;
    Q_EMIT stageStarted(stage);
}

void ChatSession::onStageFinished(quint64 requestId, inference::Stage stage, qint64 durationUs)
{
    if (requestId != m_activeRequest)
        return;
    Q_EMIT stageFinished(stage, durationUs);
}

void ChatSession::onToken(quint64 requestId, const QString &piece)
{
    if (requestId != m_activeRequest || m_stopRequested)
        return;
    m_turns.last().answer += piece;
    Q_EMIT token(piece);
    if (m_answerStarted) {
        Q_EMIT answerText(piece);
        return;
    }
    qsizetype start = 0;
    while (start < piece.size() && piece.at(start).isSpace())
        ++start;
    if (start == piece.size())
        return;
    m_answerStarted = true;
    Q_EMIT answerText(piece.sliced(start));
}

void ChatSession::onFinished(const inference::InferenceResult &result)
{
    if (result.requestId != m_activeRequest)
        return;
    const bool stopped = m_stopRequested;
    endRequest();
    m_hasConversation = true;
    m_lastTimings = result.timings;
    Q_EMIT finished(result, stopped);
}

void ChatSession::onFailed(quint64 requestId, const inference::InferenceError &error)
{
    if (requestId != m_activeRequest)
        return;
    const bool hadImage = m_activeHasImage;
    endRequest();
    using Code = inference::InferenceErrorCode;
    // A first question that did not finish leaves nothing to follow up on: the next one
    // sends the picture again. A follow-up that failed leaves the conversation as it was.
    if (hadImage || error.code == Code::NoConversation || error.code == Code::NotLoaded)
        m_hasConversation = false;
    // A full context: the next question starts over with the same picture.
    if (error.code == Code::ContextFull)
        forgetConversation();
    Q_EMIT failed(error);
}

void ChatSession::endRequest()
{
    m_activeRequest = 0;
    m_stopRequested = false;
    m_activeHasImage = false;
}

} // namespace camchat::session
