#pragma once

#include "inference/stagetimings.h"
#include "sseparser.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <optional>

namespace camchat::inference {

// Reads a streamed OpenAI chat completion (server-sent events of
// `chat.completion.chunk` objects) as it arrives: the pieces of the answer, the end
// (`data: [DONE]`, or a chunk with a finish_reason), an error the server sends instead of
// a chunk, and the usage / llama-server timings of the final chunk. Pure, like SseParser.
class ChatStream
{
public:
    // Feeds bytes split anywhere. Returns the pieces of the answer they completed, in
    // order (empty pieces are dropped).
    QStringList push(QByteArrayView bytes);
    // The stream ended; returns what a last event without its blank line still held.
    QStringList finish();

    // `data: [DONE]` arrived. Anything after it is ignored.
    bool isDone() const { return m_done; }
    // A choice ended (finish_reason "stop", "length", ...): the answer is complete even
    // if [DONE] never comes.
    bool hasFinishReason() const { return !m_finishReason.isEmpty(); }
    QString finishReason() const { return m_finishReason; }
    // An `{"error": ...}` object arrived mid-stream: its message. The stream is over then.
    std::optional<QString> error() const { return m_error; }
    // Data that was not JSON, or not a chunk: what it was (the stream is over then).
    std::optional<QString> malformed() const { return m_malformed; }
    // What the server reported about its work; empty fields where it said nothing.
    const ServerTimings &serverTimings() const { return m_timings; }
    // Chunks that carried a piece of the answer.
    int contentChunks() const { return m_contentChunks; }

private:
    QStringList handle(const QList<SseEvent> &events);
    void readChunk(const QByteArray &data, QStringList &pieces);

    SseParser m_parser;
    bool m_done = false;
    QString m_finishReason;
    std::optional<QString> m_error;
    std::optional<QString> m_malformed;
    ServerTimings m_timings;
    int m_contentChunks = 0;
};

} // namespace camchat::inference
