#include "framemailbox.h"

#include <utility>

namespace camchat::capture {

FrameMailbox::FrameMailbox(QObject *parent)
    : QObject(parent)
{
}

FrameMailbox::~FrameMailbox() = default;

bool FrameMailbox::publish(Frame frame)
{
    // The replaced frame is released after the lock is gone: its owner may re-queue a
    // driver buffer, which is an ioctl we don't want other threads to wait behind.
    std::optional<Frame> replaced;
    bool wasEmpty = false;
    {
        const std::lock_guard lock(m_mutex);
        if (m_closed)
            return false;
        ++m_stats.published;
        if (m_slot) {
            ++m_stats.dropped;
            replaced = std::move(m_slot);
        } else {
            wasEmpty = true;
        }
        m_slot = std::move(frame);
        m_stats.pending = true;
    }
    m_arrived.notify_one();
    if (wasEmpty)
        Q_EMIT frameAvailable();
    return true;
}

std::optional<Frame> FrameMailbox::take()
{
    const std::lock_guard lock(m_mutex);
    if (!m_slot)
        return std::nullopt;
    ++m_stats.taken;
    m_stats.pending = false;
    return std::exchange(m_slot, std::nullopt);
}

std::optional<Frame> FrameMailbox::waitTake(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    if (!m_arrived.wait_for(lock, timeout, [this] { return m_closed || m_slot.has_value(); }))
        return std::nullopt;
    if (m_closed || !m_slot)
        return std::nullopt;
    ++m_stats.taken;
    m_stats.pending = false;
    return std::exchange(m_slot, std::nullopt);
}

void FrameMailbox::clear()
{
    std::optional<Frame> discarded;
    const std::lock_guard lock(m_mutex);
    if (m_slot) {
        ++m_stats.dropped;
        m_stats.pending = false;
        discarded = std::exchange(m_slot, std::nullopt);
    }
    // `discarded` is declared before the lock guard, so it is destroyed after the unlock.
}

void FrameMailbox::close()
{
    {
        std::optional<Frame> discarded;
        const std::lock_guard lock(m_mutex);
        m_closed = true;
        if (m_slot) {
            ++m_stats.dropped;
            m_stats.pending = false;
            discarded = std::exchange(m_slot, std::nullopt);
        }
    }
    m_arrived.notify_all();
}

void FrameMailbox::reopen()
{
    const std::lock_guard lock(m_mutex);
    m_closed = false;
}

bool FrameMailbox::isClosed() const
{
    const std::lock_guard lock(m_mutex);
    return m_closed;
}

MailboxStats FrameMailbox::stats() const
{
    const std::lock_guard lock(m_mutex);
    return m_stats;
}

} // namespace camchat::capture
