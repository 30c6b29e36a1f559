#pragma once

#include <QString>
#include <QStringList>

class QWidget;

namespace camchat::ui {

// Asks for a file name to save to. A name typed without a suffix gets the suffix of the
// chosen filter ("shot" -> "shot.jpg") inside the dialog, before the dialog checks
// whether the file exists and asks about replacing it. `filters` are file-dialog filters
// such as "JPEG image (*.jpg *.jpeg)"; the first pattern of each gives its suffix.
// `selectedFilter` (may be null) is the filter to start with and, on return, the chosen
// one. Returns an empty string when the user cancels. GUI thread.
QString askSaveFileName(QWidget *parent, const QString &caption, const QString &path, const QStringList &filters,
                        QString *selectedFilter = nullptr);

// "JPEG image (*.jpg *.jpeg)" -> "jpg"; empty when the filter has no "*.suffix" pattern.
QString suffixOfFilter(const QString &filter);

} // namespace camchat::ui
