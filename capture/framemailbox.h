#pragma once

#include "frame.h"

#include <QObject>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

namespace camchat::capture {

// Counters of a mailbox, read together so that
// published == taken + dropped + (pending ? 1 : 0) always holds.
struct MailboxStats {
    std::uint64_t published = 0;
    std::uint64_t taken = 0;
    std::uint64_t dropped = 0; // replaced before anyone took them, or discarded by clear()
    bool pending = false;      // a published frame waits to be taken
};

// A one-slot hand-over from a capture thread to its consumer: the newest frame wins and
// the one it replaces is dropped (and counted), so a slow consumer never makes a queue
// grow and never holds back the driver's buffers.
//
// Thread-safe: any thread may publish, take or wait. The object itself lives in the
// consumer's thread so that frameAvailable() reaches it through a queued connection.
class FrameMailbox : public QObject
{
    Q_OBJECT

public:
    explicit FrameMailbox(QObject *parent = nullptr);
    ~FrameMailbox() override;

    // Producer: stores `frame` as the newest, dropping an unread older one. Ignored
    // (returns false) after close(). Emits frameAvailable() only when the slot was empty,
    // i.e. at most once per published-then-unread frame; never holds the lock while
    // emitting or while the dropped frame is released.
    bool publish(Frame frame);

    // Consumer: the newest unread frame, or nothing if none arrived since the last take.
    std::optional<Frame> take();
    // Like take(), but waits up to `timeout` for a frame. Returns nothing on timeout or
    // when the mailbox is (or gets) closed.
    std::optional<Frame> waitTake(std::chrono::milliseconds timeout);

    // Drops the unread frame, if any (counted as dropped): a source that stops or
    // renegotiates must not leave a stale frame behind.
    void clear();

    // Ends the hand-over: wakes every waiter, discards the unread frame (counted as
    // dropped) and ignores later publishes. reopen() accepts frames again; counters stay.
    void close();
    void reopen();
    bool isClosed() const;

    MailboxStats stats() const;
    std::uint64_t droppedCount() const { return stats().dropped; }

Q_SIGNALS:
    // Emitted in the publishing thread when a frame lands in an empty slot. The frame may
    // already be gone (taken by a waiter) when a queued receiver runs: take() may return
    // nothing.
    void frameAvailable();

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_arrived;
    std::optional<Frame> m_slot;
    MailboxStats m_stats;
    bool m_closed = false;
};

} // namespace camchat::capture
