#pragma once

#include <QString>

#include <string>
#include <string_view>

namespace camchat::inference {

// Turns a stream of byte pieces (token pieces, runtime callbacks) into whole characters.
// A character split across pieces is held back until it is complete; invalid bytes inside
// a piece become U+FFFD (QString::fromUtf8). So no broken character ever reaches the UI.
// What is still held when the stream is dropped is a character cut off at the end of an
// answer: it is discarded, never shown as U+FFFD.
class Utf8Stream
{
public:
    // The whole characters now complete (possibly empty).
    QString push(std::string_view bytes);

private:
    std::string m_pending;
};

} // namespace camchat::inference
