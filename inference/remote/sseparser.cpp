#include "sseparser.h"

namespace camchat::inference {

QList<SseEvent> SseParser::push(QByteArrayView bytes)
{
    QList<SseEvent> out;
    qsizetype start = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c != '\n' && c != '\r')
            continue;
        if (c == '\n' && m_skipLineFeed && i == start && m_line.isEmpty()) {
            // The LF of a CR LF whose CR ended the previous line.
            m_skipLineFeed = false;
            start = i + 1;
            continue;
        }
        m_line.append(bytes.sliced(start, i - start));
        line(m_line, out);
        m_line.clear();
        m_skipLineFeed = c == '\r';
        start = i + 1;
    }
    if (start < bytes.size()) {
        m_line.append(bytes.sliced(start));
        m_skipLineFeed = false;
    }
    return out;
}

QList<SseEvent> SseParser::finish()
{
    QList<SseEvent> out;
    if (!m_line.isEmpty()) {
        line(m_line, out);
        m_line.clear();
    }
    dispatch(out);
    return out;
}

void SseParser::line(QByteArrayView text, QList<SseEvent> &out)
{
    if (text.isEmpty()) {
        dispatch(out);
        return;
    }
    if (text.front() == ':')
        return; // a comment: keep-alive
    const qsizetype colon = text.indexOf(':');
    QByteArrayView field = colon < 0 ? text : text.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : text.sliced(colon + 1);
    if (!value.isEmpty() && value.front() == ' ')
        value = value.sliced(1);
    if (field == "data") {
        if (m_hasData)
            m_event.data.append('\n');
        m_event.data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_event.type = value.toByteArray();
    }
    // "id", "retry" and unknown fields mean nothing to a chat completion.
}

void SseParser::dispatch(QList<SseEvent> &out)
{
    if (m_hasData)
        out.append(std::move(m_event));
    m_event = {};
    m_hasData = false;
}

} // namespace camchat::inference
