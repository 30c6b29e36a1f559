#include "utf8stream.h"

#include <algorithm>

namespace camchat::inference {

namespace {

// Length of the prefix that does not end inside an unfinished multi-byte sequence.
std::size_t completeLength(const std::string &bytes)
{
    const std::size_t size = bytes.size();
    for (std::size_t back = 1; back <= std::min<std::size_t>(4, size); ++back) {
        const auto byte = static_cast<unsigned char>(bytes[size - back]);
        if ((byte & 0xC0) == 0x80)
            continue; // continuation byte: the lead byte is further back
        std::size_t length = 1;
        if (byte >= 0xC2 && byte <= 0xDF)
            length = 2;
        else if (byte >= 0xE0 && byte <= 0xEF)
            length = 3;
        else if (byte >= 0xF0 && byte <= 0xF4)
            length = 4;
        return length > back ? size - back : size;
    }
    return size;
}

} // namespace

QString Utf8Stream::push(std::string_view bytes)
{
    m_pending.append(bytes);
    const std::size_t complete = completeLength(m_pending);
    if (complete == 0)
        return {};
    const QString text = QString::fromUtf8(m_pending.data(), qsizetype(complete));
    m_pending.erase(0, complete);
    return text;
}

} // namespace camchat::inference
