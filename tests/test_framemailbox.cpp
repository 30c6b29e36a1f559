// FrameMailbox: newest frame wins, drops are counted, nothing queues up behind a slow
// consumer, and the hand-over holds up with several threads on each side.
#include "capture/framemailbox.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

using namespace camchat::capture;
using namespace std::chrono_literals;

namespace {

// Counts the frames whose storage is alive anywhere, to prove the mailbox holds no more
// than one: a V4L2 buffer only goes back to the driver when its last Frame is gone.
std::atomic<int> g_liveFrames{0};
std::atomic<int> g_maxLiveFrames{0};

Frame makeFrame(std::uint64_t sequence, int producer = 0)
{
    constexpr std::size_t kSize = 4 * 4;
    const int live = ++g_liveFrames;
    int seen = g_maxLiveFrames.load();
    while (live > seen && !g_maxLiveFrames.compare_exchange_weak(seen, live)) {
    }
    std::shared_ptr<std::byte[]> bytes(new std::byte[kSize](), [](std::byte *p) {
        --g_liveFrames;
        delete[] p;
    });
    bytes[0] = static_cast<std::byte>(producer);
    const FramePlane plane{0, 4};
    Frame frame = Frame::wrap(PixelFormat::Rgb24, 1, 4, std::span(&plane, 1),
                              std::shared_ptr<const std::byte>(bytes, bytes.get()), kSize);
    frame.setSequence(sequence);
    return frame;
}

int producerOf(const Frame &frame)
{
    return static_cast<int>(frame.constBits()[0]);
}

void checkBalanced(const MailboxStats &stats)
{
    QCOMPARE(stats.published, stats.taken + stats.dropped + (stats.pending ? 1U : 0U));
}

// Lives in the test's thread and takes a frame each time it is told one arrived, slowly.
class SlowReceiver : public QObject
{
public:
    SlowReceiver(FrameMailbox *mailbox, std::chrono::milliseconds delay)
        : m_mailbox(mailbox)
        , m_delay(delay)
    {
        connect(mailbox, &FrameMailbox::frameAvailable, this, &SlowReceiver::onFrameAvailable);
    }

    int notifications = 0;
    int emptyTakes = 0;
    std::vector<std::uint64_t> sequences;

private:
    void onFrameAvailable()
    {
        ++notifications;
        std::this_thread::sleep_for(m_delay);
        if (const std::optional<Frame> frame = m_mailbox->take())
            sequences.push_back(frame->sequence());
        else
            ++emptyTakes;
    }

    FrameMailbox *m_mailbox;
    std::chrono::milliseconds m_delay;
};

} // namespace

class TestFrameMailbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void emptyTakeReturnsNothing();
    void newestWinsAndDropsAreCounted();
    void droppedFrameIsReleasedAtOnce();
    void signalOncePerUnreadFrame();
    void waitTakeTimesOut();
    void waitTakeWakesOnPublish();
    void closeWakesWaitersAndRefusesFrames();
    void clearDiscardsStaleFrame();
    void slowConsumerDropsInsteadOfQueueing();
    void queuedSignalsStayBounded();
    void stressManyProducersManyConsumers();
};

void TestFrameMailbox::init()
{
    QCOMPARE(g_liveFrames.load(), 0);
    g_maxLiveFrames = 0;
}

void TestFrameMailbox::emptyTakeReturnsNothing()
{
    FrameMailbox mailbox;
    QVERIFY(!mailbox.take());
    const MailboxStats stats = mailbox.stats();
    QCOMPARE(stats.published, 0U);
    QCOMPARE(stats.taken, 0U);
    QCOMPARE(stats.dropped, 0U);
    QVERIFY(!stats.pending);
}

void TestFrameMailbox::newestWinsAndDropsAreCounted()
{
    FrameMailbox mailbox;
    QVERIFY(mailbox.publish(makeFrame(1)));
    QVERIFY(mailbox.publish(makeFrame(2)));
    QVERIFY(mailbox.publish(makeFrame(3)));
    QVERIFY(mailbox.stats().pending);

    std::optional<Frame> frame = mailbox.take();
    QVERIFY(frame);
    QCOMPARE(frame->sequence(), 3U);
    QVERIFY(frame->isValid());
    QVERIFY(!mailbox.take()); // taken means gone: no second copy of the same frame

    QVERIFY(mailbox.publish(makeFrame(4)));
    frame = mailbox.take();
    QVERIFY(frame);
    QCOMPARE(frame->sequence(), 4U);

    const MailboxStats stats = mailbox.stats();
    QCOMPARE(stats.published, 4U);
    QCOMPARE(stats.taken, 2U);
    QCOMPARE(stats.dropped, 2U);
    QCOMPARE(mailbox.droppedCount(), 2U);
    QVERIFY(!stats.pending);
    checkBalanced(stats);
}

void TestFrameMailbox::droppedFrameIsReleasedAtOnce()
{
    FrameMailbox mailbox;
    mailbox.publish(makeFrame(1));
    QCOMPARE(g_liveFrames.load(), 1);
    mailbox.publish(makeFrame(2));
    QCOMPARE(g_liveFrames.load(), 1); // frame 1's storage went back as soon as it was replaced
    {
        const std::optional<Frame> frame = mailbox.take();
        QVERIFY(frame);
        QCOMPARE(g_liveFrames.load(), 1); // now held by the consumer only
    }
    QCOMPARE(g_liveFrames.load(), 0);
}

void TestFrameMailbox::signalOncePerUnreadFrame()
{
    FrameMailbox mailbox;
    QSignalSpy spy(&mailbox, &FrameMailbox::frameAvailable);
    mailbox.publish(makeFrame(1));
    mailbox.publish(makeFrame(2));
    mailbox.publish(makeFrame(3));
    QCOMPARE(spy.count(), 1); // the consumer was told once; it will find the newest frame

    QVERIFY(mailbox.take());
    QCOMPARE(spy.count(), 1);
    mailbox.publish(makeFrame(4));
    QCOMPARE(spy.count(), 2);

    mailbox.clear();
    mailbox.publish(makeFrame(5)); // the slot was emptied by clear(): worth a new signal
    QCOMPARE(spy.count(), 3);
}

void TestFrameMailbox::waitTakeTimesOut()
{
    FrameMailbox mailbox;
    const auto start = std::chrono::steady_clock::now();
    QVERIFY(!mailbox.waitTake(50ms));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    QVERIFY(elapsed >= 45ms);
    QVERIFY(elapsed < 2s);

    // A frame already waiting is returned without waiting at all.
    mailbox.publish(makeFrame(7));
    const std::optional<Frame> frame = mailbox.waitTake(0ms);
    QVERIFY(frame);
    QCOMPARE(frame->sequence(), 7U);
}

void TestFrameMailbox::waitTakeWakesOnPublish()
{
    FrameMailbox mailbox;
    std::thread producer([&mailbox] {
        std::this_thread::sleep_for(30ms);
        mailbox.publish(makeFrame(42));
    });
    const auto start = std::chrono::steady_clock::now();
    const std::optional<Frame> frame = mailbox.waitTake(10s);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    producer.join();
    QVERIFY(frame);
    QCOMPARE(frame->sequence(), 42U);
    QVERIFY(elapsed < 5s); // woken by the publish, not by the timeout
}

void TestFrameMailbox::closeWakesWaitersAndRefusesFrames()
{
    FrameMailbox mailbox;
    mailbox.publish(makeFrame(1));
    QVERIFY(mailbox.take());

    std::atomic<bool> returned{false};
    std::optional<Frame> got;
    std::thread consumer([&] {
        got = mailbox.waitTake(10s);
        returned = true;
    });
    std::this_thread::sleep_for(30ms);
    QVERIFY(!returned.load());
    const auto start = std::chrono::steady_clock::now();
    mailbox.close();
    consumer.join();
    QVERIFY(std::chrono::steady_clock::now() - start < 5s);
    QVERIFY(!got);
    QVERIFY(mailbox.isClosed());

    QSignalSpy spy(&mailbox, &FrameMailbox::frameAvailable);
    QVERIFY(!mailbox.publish(makeFrame(2)));
    QCOMPARE(spy.count(), 0);
    QVERIFY(!mailbox.take());
    QCOMPARE(g_liveFrames.load(), 0); // the refused frame was not kept
    QCOMPARE(mailbox.stats().published, 1U);

    mailbox.reopen();
    QVERIFY(!mailbox.isClosed());
    QVERIFY(mailbox.publish(makeFrame(3)));
    QCOMPARE(spy.count(), 1);
    const std::optional<Frame> frame = mailbox.take();
    QVERIFY(frame);
    QCOMPARE(frame->sequence(), 3U);
}

void TestFrameMailbox::clearDiscardsStaleFrame()
{
    FrameMailbox mailbox;
    mailbox.publish(makeFrame(1));
    mailbox.clear();
    QCOMPARE(g_liveFrames.load(), 0);
    QVERIFY(!mailbox.take());
    mailbox.clear(); // nothing to clear: no count
    const MailboxStats stats = mailbox.stats();
    QCOMPARE(stats.published, 1U);
    QCOMPARE(stats.dropped, 1U);
    QCOMPARE(stats.taken, 0U);
    checkBalanced(stats);

    // close() also discards what is waiting.
    mailbox.publish(makeFrame(2));
    mailbox.close();
    QCOMPARE(g_liveFrames.load(), 0);
    QCOMPARE(mailbox.stats().dropped, 2U);
    checkBalanced(mailbox.stats());
}

void TestFrameMailbox::slowConsumerDropsInsteadOfQueueing()
{
    // The producer runs flat out; the consumer needs 2 ms per frame. A queue would grow
    // by hundreds of frames; the mailbox keeps at most one in flight.
    constexpr std::uint64_t kFrames = 2000;
    FrameMailbox mailbox;
    std::atomic<bool> done{false};
    std::thread producer([&] {
        for (std::uint64_t i = 1; i <= kFrames; ++i) {
            mailbox.publish(makeFrame(i));
            if (i % 16 == 0)
                std::this_thread::yield();
        }
        done = true;
    });

    std::vector<std::uint64_t> sequences;
    while (true) {
        const bool finished = done.load();
        if (std::optional<Frame> frame = mailbox.waitTake(5ms)) {
            sequences.push_back(frame->sequence());
            std::this_thread::sleep_for(2ms);
        } else if (finished) {
            break;
        }
    }
    producer.join();

    const MailboxStats stats = mailbox.stats();
    QCOMPARE(stats.published, kFrames);
    QVERIFY(!stats.pending);
    QCOMPARE(stats.taken, static_cast<std::uint64_t>(sequences.size()));
    QVERIFY2(stats.dropped > 0, "a slow consumer must cause drops");
    QVERIFY(stats.taken < kFrames);
    checkBalanced(stats);
    QCOMPARE(sequences.back(), kFrames); // the consumer always ends on the newest frame
    for (std::size_t i = 1; i < sequences.size(); ++i)
        QVERIFY(sequences[i] > sequences[i - 1]);
    // One being built by the producer, one in the slot, one with the consumer.
    QVERIFY2(g_maxLiveFrames.load() <= 3, qPrintable(QString::number(g_maxLiveFrames.load())));
    QCOMPARE(g_liveFrames.load(), 0);
}

void TestFrameMailbox::queuedSignalsStayBounded()
{
    // The receiver lives in this thread and gets frameAvailable() queued from a capture
    // thread. However fast the producer, it is told at most once per frame it can take,
    // so the event queue cannot fill up either.
    constexpr std::uint64_t kFrames = 1000;
    FrameMailbox mailbox;
    SlowReceiver receiver(&mailbox, 1ms);
    std::atomic<bool> done{false};
    auto *worker = QThread::create([&] {
        for (std::uint64_t i = 1; i <= kFrames; ++i)
            mailbox.publish(makeFrame(i));
        done = true;
    });
    worker->start();
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 30000);
    worker->wait();
    delete worker;
    // Deliver whatever is still queued; then take what the last signal announced.
    QTRY_VERIFY_WITH_TIMEOUT(!mailbox.stats().pending, 10000);

    const MailboxStats stats = mailbox.stats();
    QCOMPARE(stats.published, kFrames);
    QVERIFY(stats.dropped > 0);
    checkBalanced(stats);
    QVERIFY(!receiver.sequences.empty());
    QCOMPARE(receiver.sequences.back(), kFrames);
    // Every notification but the empty ones led to a take.
    QCOMPARE(static_cast<std::uint64_t>(receiver.sequences.size()), stats.taken);
    QCOMPARE(receiver.notifications, static_cast<int>(receiver.sequences.size()) + receiver.emptyTakes);
    QCOMPARE(static_cast<std::uint64_t>(receiver.notifications), stats.taken);
    QVERIFY(static_cast<std::uint64_t>(receiver.notifications) < kFrames);
    QCOMPARE(receiver.emptyTakes, 0); // nobody else takes: each signal finds its frame
}

void TestFrameMailbox::stressManyProducersManyConsumers()
{
    // For the sanitizers: several producers and consumers hammer one mailbox. Each
    // consumer must see every producer's sequence numbers strictly increasing.
    constexpr int kProducers = 3;
    constexpr int kConsumers = 3;
    constexpr std::uint64_t kFramesEach = 3000;
    FrameMailbox mailbox;
    std::atomic<int> signals{0};
    connect(&mailbox, &FrameMailbox::frameAvailable, &mailbox, [&signals] { ++signals; },
            Qt::DirectConnection);

    std::atomic<int> producersLeft{kProducers};
    std::atomic<bool> orderBroken{false};
    std::atomic<std::uint64_t> takenByConsumers{0};
    std::vector<std::thread> threads;
    for (int p = 0; p < kProducers; ++p) {
        threads.emplace_back([&, p] {
            for (std::uint64_t i = 1; i <= kFramesEach; ++i) {
                mailbox.publish(makeFrame(i, p));
                if (i % 64 == 0)
                    (void)mailbox.stats();
            }
            --producersLeft;
        });
    }
    for (int c = 0; c < kConsumers; ++c) {
        threads.emplace_back([&, c] {
            std::vector<std::uint64_t> last(kProducers, 0);
            while (true) {
                const bool producing = producersLeft.load() > 0;
                const std::optional<Frame> frame = (c == 0) ? mailbox.take() : mailbox.waitTake(2ms);
                if (frame) {
                    const int producer = producerOf(*frame);
                    if (frame->sequence() <= last[static_cast<std::size_t>(producer)])
                        orderBroken = true;
                    last[static_cast<std::size_t>(producer)] = frame->sequence();
                    ++takenByConsumers;
                } else if (!producing) {
                    break;
                }
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();

    QVERIFY(!orderBroken.load());
    const MailboxStats stats = mailbox.stats();
    QCOMPARE(stats.published, kProducers * kFramesEach);
    QCOMPARE(stats.taken, takenByConsumers.load());
    QVERIFY(!stats.pending);
    checkBalanced(stats);
    // One signal per empty-to-full transition, and each take is the full-to-empty one.
    QCOMPARE(static_cast<std::uint64_t>(signals.load()), stats.taken);
    QVERIFY(g_maxLiveFrames.load() <= kProducers + kConsumers + 1);
    QCOMPARE(g_liveFrames.load(), 0);
}

QTEST_GUILESS_MAIN(TestFrameMailbox)
#include "test_framemailbox.moc"
