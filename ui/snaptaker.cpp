#include "snaptaker.h"

#include "capture/jpegcodec.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace camchat::ui {

namespace {

// A live frame as a picture to keep: full resolution, own pixels. Any thread.
capture::Frame keepableFrame(const capture::Frame &frame)
{
    const capture::Frame full = capture::fullResolutionFrame(frame);
    if (full.isValid() && full.constBits() != frame.constBits())
        return full; // freshly decoded: already its own
    return frame.detached();
}

} // namespace

SnapTaker::SnapTaker(QObject *parent)
    : QObject(parent)
{
}

void SnapTaker::take(const capture::Frame &latest)
{
    const std::uint64_t generation = ++m_generation;
    auto *watcher = new QFutureWatcher<capture::Frame>(this);
    connect(watcher, &QFutureWatcher<capture::Frame>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation == m_generation)
            Q_EMIT taken(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([latest] { return keepableFrame(latest); }));
}

void SnapTaker::cancel()
{
    ++m_generation;
}

} // namespace camchat::ui
