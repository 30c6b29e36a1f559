#include "framesource.h"

#include "framemailbox.h"

#include <algorithm>

namespace camchat::capture {

void FrameSource::addMailbox(FrameMailbox *mailbox)
{
    if (!mailbox)
        return;
    std::lock_guard lock(m_mailboxMutex);
    if (std::find(m_mailboxes.begin(), m_mailboxes.end(), mailbox) == m_mailboxes.end())
        m_mailboxes.push_back(mailbox);
}

void FrameSource::removeMailbox(FrameMailbox *mailbox)
{
    std::lock_guard lock(m_mailboxMutex);
    std::erase(m_mailboxes, mailbox);
}

void FrameSource::setMailbox(FrameMailbox *mailbox)
{
    std::lock_guard lock(m_mailboxMutex);
    m_mailboxes.clear();
    if (mailbox)
        m_mailboxes.push_back(mailbox);
}

void FrameSource::publishFrame(const Frame &frame)
{
    // Publishing under the lock keeps removeMailbox() a guarantee: once it returns, no
    // frame lands in that mailbox. FrameMailbox::publish never blocks for long.
    std::lock_guard lock(m_mailboxMutex);
    for (FrameMailbox *mailbox : m_mailboxes)
        mailbox->publish(frame);
}

void FrameSource::clearMailboxes()
{
    std::lock_guard lock(m_mailboxMutex);
    for (FrameMailbox *mailbox : m_mailboxes)
        mailbox->clear();
}

} // namespace camchat::capture
