#pragma once

#include <string>
#include <vector>

namespace camchat::inference {

// The text side of one llama conversation: the messages so far, how the chat template
// renders them, and which part of a rendering the KV cache does not hold yet.
//
// The cache holds everything fed so far, so a follow-up feeds only the new turn: the
// whole message list is rendered and only the text after what the cache already holds
// goes in. Used on the inference thread by LlamaBackend; knows nothing of tokens.
class LlamaChat
{
public:
    struct Message {
        std::string role;
        std::string content;
    };

    // A question on its way: the messages once it is asked, and the text to feed for it
    // (the whole prompt for a first turn, the part the cache lacks for a follow-up).
    struct Turn {
        std::vector<Message> messages;
        std::string text;
    };

    // The template source, or a llama.cpp template name ("smolvlm", "chatml"). Forgets
    // the conversation. False when llama.cpp cannot render with it.
    bool setTemplate(std::string chatTemplate);

    // The first turn about an image: `system` (may be empty), then a user message of
    // the image marker followed by `question`. False when the template fails.
    bool firstTurn(const std::string &system, const std::string &question, Turn &turn) const;
    // Encode on snap: the start of a first turn's rendering, up to and including the
    // image marker, which is the same whatever the question. False when the template puts
    // text that depends on the question before the image, or fails.
    bool imagePrefix(const std::string &system, std::string &prefix) const;
    // The next question in the conversation: `turn.text` is what the cache lacks, the
    // closing of the last answer included. False when the template fails.
    bool followUp(const std::string &question, Turn &turn) const;
    // The turn was answered: it becomes the conversation, ending with `answer`.
    void commit(Turn turn, const std::string &answer);
    void clear();
    bool isEmpty() const { return m_messages.empty(); }

    // The question the user typed, without copies of libmtmd's image marker: the marker
    // count must match the number of images.
    static std::string userText(const std::string &question);

private:
    bool render(const std::vector<Message> &messages, bool addAssistant, std::string &out) const;

    std::string m_template;
    std::vector<Message> m_messages;
    std::string m_rendered;    // the template's rendering of m_messages
    std::string m_turnClosing; // what the template writes after the last answer
};

} // namespace camchat::inference
