#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace camchat::inference {

// One server-sent event: its `event:` type (empty = "message") and its `data:` lines
// joined by '\n', as raw bytes (UTF-8 text is decoded by the reader of the data, so a
// character split across network reads is whole again by then).
struct SseEvent {
    QByteArray type;
    QByteArray data;
};

// An incremental server-sent-events parser (the WHATWG event-stream format): feed it the
// bytes as they arrive, in pieces split anywhere, and take the events each piece
// completes. Lines end in LF, CR LF or CR; lines starting with ':' are comments (a
// server's keep-alive) and produce nothing; a blank line ends an event. Pure: no I/O, no
// threads; one object per stream.
class SseParser
{
public:
    // The events the bytes completed, in order.
    QList<SseEvent> push(QByteArrayView bytes);
    // The stream ended: an event whose blank line never came is still delivered (a
    // server that closes right after its last data line).
    QList<SseEvent> finish();

private:
    void line(QByteArrayView text, QList<SseEvent> &out);
    void dispatch(QList<SseEvent> &out);

    QByteArray m_line;           // the unfinished line
    bool m_skipLineFeed = false; // the last byte was a CR: an LF right after belongs to it
    bool m_hasData = false;
    SseEvent m_event;
};

} // namespace camchat::inference
