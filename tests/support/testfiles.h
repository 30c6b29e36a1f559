#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace camchat::test {

// Writes `bytes` to `path` (replacing it); false on failure.
bool writeFile(const QString &path, const QByteArray &bytes);
// The whole file, or empty if it cannot be read.
QByteArray readFile(const QString &path);
// Every file in `path`, hidden ones included (temporaries a save left behind), by name.
QStringList dirEntries(const QString &path);

} // namespace camchat::test
