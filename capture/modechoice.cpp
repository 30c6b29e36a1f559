#include "modechoice.h"

#include <tuple>

namespace camchat::capture {

namespace {

auto score(const ModeTraits &mode)
{
    const bool fits = mode.width <= kDefaultModeMaxWidth && mode.height <= kDefaultModeMaxHeight;
    const long long area = static_cast<long long>(mode.width) * mode.height;
    return std::make_tuple(fits, mode.fps >= kDefaultModeMinFps, fits ? area : -area, mode.direct, !mode.compressed,
                           mode.fps);
}

} // namespace

bool isBetterDefaultMode(const ModeTraits &a, const ModeTraits &b)
{
    return score(a) > score(b);
}

qsizetype chooseDefaultMode(const QList<ModeTraits> &modes)
{
    qsizetype best = -1;
    for (qsizetype i = 0; i < modes.size(); ++i) {
        if (modes[i].width <= 0 || modes[i].height <= 0)
            continue;
        if (best < 0 || isBetterDefaultMode(modes[i], modes[best]))
            best = i;
    }
    return best;
}

} // namespace camchat::capture
