#pragma once

#include <QString>
#include <QtGlobal>

namespace camchat::session {
struct DownloadProgress;
}

namespace camchat::ui {

// "546 MB": decimal units, as the hubs and disk makers count. "—" for an unknown size.
QString sizeText(qint64 bytes);

// One line for a download under way: "42 % · 230 of 546 MB · 3.1 MB/s · about 2 min left".
// Parts that are not known yet (the total, the speed in the first second) are left out.
QString progressText(const session::DownloadProgress &progress);

// 0..1000 for a QProgressBar; -1 when the total is not known (show it busy).
int progressPermille(const session::DownloadProgress &progress);

} // namespace camchat::ui
