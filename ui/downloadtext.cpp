#include "downloadtext.h"

#include "session/modeldownloads.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace camchat::ui {

namespace {

// The context of these texts for the translators.
struct DownloadText {
    Q_DECLARE_TR_FUNCTIONS(DownloadText)
};

QString timeLeftText(double seconds)
{
    if (seconds < 60)
        return DownloadText::tr("about %n s left", nullptr,
                                std::max(1, int(std::ceil(seconds))));
    if (seconds < 3600)
        return DownloadText::tr("about %n min left", nullptr,
                                int(std::ceil(seconds / 60)));
    return DownloadText::tr("about %n h left", nullptr,
                            int(std::ceil(seconds / 3600)));
}

} // namespace

QString sizeText(qint64 bytes)
{
    if (bytes < 0)
        return QStringLiteral("—");
    return QLocale().formattedDataSize(bytes, bytes < 1000 * 1000 * 1000 ? 0 : 1, QLocale::DataSizeSIFormat);
}

QString progressText(const session::DownloadProgress &progress)
{
    QStringList parts;
    if (progress.total > 0) {
        parts << DownloadText::tr("%1 %").arg(progressPermille(progress) / 10);
        parts << DownloadText::tr("%1 of %2")
                     .arg(sizeText(progress.received), sizeText(progress.total));
    } else {
        parts << sizeText(progress.received);
    }
    if (progress.bytesPerSecond > 0) {
        parts << DownloadText::tr("%1/s")
                     .arg(sizeText(qint64(progress.bytesPerSecond)));
        if (progress.total > progress.received)
            parts << timeLeftText(double(progress.total - progress.received) / progress.bytesPerSecond);
    }
    return parts.join(QStringLiteral(" · "));
}

int progressPermille(const session::DownloadProgress &progress)
{
    if (progress.total <= 0)
        return -1;
    return int(std::clamp<qint64>(progress.received * 1000 / progress.total, 0, 1000));
}

} // namespace camchat::ui
