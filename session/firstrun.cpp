#include "firstrun.h"

#include <QLatin1String>

#include <limits>

namespace camchat::session {

std::optional<ModelEntry> firstRunChoice(const QList<ModelEntry> &entries)
{
    std::optional<ModelEntry> smallest;
    for (const ModelEntry &entry : entries) {
        if (!entry.downloadable || entry.profile.backend != inference::BackendKind::Llama)
            continue;
        if (entry.profile.id == QLatin1String(kFirstRunModelId))
            return entry;
        // An unknown size (-1) sorts last.
        const auto size = [](const ModelEntry &e) {
            return e.totalBytes < 0 ? std::numeric_limits<qint64>::max() : e.totalBytes;
        };
        if (!smallest || size(entry) < size(*smallest))
            smallest = entry;
    }
    return smallest;
}

} // namespace camchat::session
