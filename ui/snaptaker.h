#pragma once

#include "capture/frame.h"

#include <QObject>

#include <cstdint>

namespace camchat::ui {

// Freezes a live frame as a picture to keep: at full resolution (an MJPEG frame is decoded
// again) and with its own pixels (a raw one is copied out of the driver's buffer), off the
// GUI thread. A newer snap, or cancel(), drops one still under way. GUI thread.
class SnapTaker : public QObject
{
    Q_OBJECT

public:
    explicit SnapTaker(QObject *parent = nullptr);

    // Keeps `latest` (a valid frame); taken() follows unless superseded.
    void take(const capture::Frame &latest);
    // The snap under way, if any, is not wanted any more (another source, say).
    void cancel();

Q_SIGNALS:
    // The kept picture; invalid when it could not be made.
    void taken(const capture::Frame &frame);

private:
    // Incremented per snap; a snap finishing after a newer one (or a cancel) is dropped.
    std::uint64_t m_generation = 0;
};

} // namespace camchat::ui
