#include "llamachat.h"

#include <llama.h>
#include <mtmd.h>

#include <algorithm>

namespace camchat::inference {

namespace {

std::string trimmed(const std::string &text)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && isSpace(text[begin]))
        ++begin;
    while (end > begin && isSpace(text[end - 1]))
        --end;
    return text.substr(begin, end - begin);
}

} // namespace

bool LlamaChat::setTemplate(std::string chatTemplate)
{
    clear();
    m_template = std::move(chatTemplate);
    std::string probe;
    return render({{"user", "?"}}, true, probe);
}

bool LlamaChat::firstTurn(const std::string &system, const std::string &question, Turn &turn) const
{
    turn.messages.clear();
    if (!system.empty())
        turn.messages.push_back({"system", system});
    turn.messages.push_back({"user", std::string(mtmd_default_marker()) + question});
    return render(turn.messages, true, turn.text);
}

bool LlamaChat::imagePrefix(const std::string &system, std::string &prefix) const
{
    // Rendered with two different questions: the part before the image must not change.
    const std::string marker = mtmd_default_marker();
    Turn first;
    Turn second;
    if (!firstTurn(system, "What is this?", first) || !firstTurn(system, "Describe the picture.", second))
        return false;
    const std::size_t at = first.text.find(marker);
    if (at == std::string::npos)
        return false;
    const std::size_t end = at + marker.size();
    if (second.text.compare(0, end, first.text, 0, end) != 0)
        return false;
    prefix = first.text.substr(0, end);
    return true;
}

bool LlamaChat::followUp(const std::string &question, Turn &turn) const
{
    turn.messages = m_messages;
    turn.messages.push_back({"user", question});
    std::string full;
    if (!render(turn.messages, true, full))
        return false;
    // The cache holds m_rendered minus the closing of the last answer (generation stops
    // before it, or at end-of-generation, which is not fed back).
    if (!m_rendered.empty() && full.compare(0, m_rendered.size(), m_rendered) == 0) {
        turn.text = m_turnClosing + full.substr(m_rendered.size());
    } else {
        // A template that rewrites earlier turns: feed everything after the common part.
        const auto mismatch = std::mismatch(full.begin(), full.end(), m_rendered.begin(), m_rendered.end());
        turn.text = full.substr(std::size_t(mismatch.first - full.begin()));
    }
    return true;
}

void LlamaChat::commit(Turn turn, const std::string &answer)
{
    m_messages = std::move(turn.messages);
    const std::string content = trimmed(answer);
    std::string before;
    render(m_messages, true, before);
    m_messages.push_back({"assistant", content});
    m_rendered.clear();
    m_turnClosing.clear();
    render(m_messages, false, m_rendered);
    // What the template writes after the answer's text ("<end_of_utterance>\n",
    // "<|im_end|>\n"): the cache does not hold it yet.
    if (m_rendered.compare(0, before.size(), before) == 0) {
        const std::string rest = m_rendered.substr(before.size());
        const std::size_t at = content.empty() ? std::string::npos : rest.rfind(content);
        m_turnClosing = at == std::string::npos ? rest : rest.substr(at + content.size());
    }
}

void LlamaChat::clear()
{
    m_messages.clear();
    m_rendered.clear();
    m_turnClosing.clear();
}

std::string LlamaChat::userText(const std::string &question)
{
    std::string text = question;
    const std::string marker = mtmd_default_marker();
    for (std::size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at))
        text.erase(at, marker.size());
    return text;
}

bool LlamaChat::render(const std::vector<Message> &messages, bool addAssistant, std::string &out) const
{
    std::vector<llama_chat_message> chat;
    chat.reserve(messages.size());
    std::size_t length = 0;
    for (const Message &message : messages) {
        chat.push_back({message.role.c_str(), message.content.c_str()});
        length += message.content.size() + message.role.size();
    }
    std::vector<char> buffer(2 * length + 256);
    std::int32_t size = llama_chat_apply_template(m_template.c_str(), chat.data(), chat.size(), addAssistant,
                                                  buffer.data(), std::int32_t(buffer.size()));
    if (size > std::int32_t(buffer.size())) {
        buffer.resize(std::size_t(size));
        size = llama_chat_apply_template(m_template.c_str(), chat.data(), chat.size(), addAssistant, buffer.data(),
                                         std::int32_t(buffer.size()));
    }
    if (size < 0)
        return false;
    out.assign(buffer.data(), std::size_t(size));
    return true;
}

} // namespace camchat::inference
