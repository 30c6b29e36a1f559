#include "rklibrarysearch.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QSysInfo>

namespace camchat::inference::rk {

namespace {

QString underRoot(const QString &root, const QString &absolute)
{
    if (root.isEmpty() || root == QLatin1String("/"))
        return absolute;
    return QDir::cleanPath(root + QLatin1Char('/') + absolute);
}

// "/usr/lib/x86_64-linux-gnu"-style folder names of the architecture camchat runs on.
QString multiarchTriplet()
{
    const QString cpu = QSysInfo::buildCpuArchitecture();
    if (cpu == QLatin1String("arm64"))
        return QStringLiteral("aarch64-linux-gnu");
    if (cpu == QLatin1String("x86_64"))
        return QStringLiteral("x86_64-linux-gnu");
    if (cpu == QLatin1String("arm"))
        return QStringLiteral("arm-linux-gnueabihf");
    return {};
}

// The folders an ld.so.conf file lists, following its "include" globs (one level deep
// per file, as ldconfig does; a loop is cut by `seen`).
void readLdConf(const QString &root, const QString &file, QStringList &dirs, QStringList &seen, int depth)
{
    if (depth > 8 || seen.contains(file))
        return;
    seen << file;
    QFile conf(underRoot(root, file));
    if (!conf.open(QIODevice::ReadOnly))
        return;
    const QStringList lines = QString::fromLocal8Bit(conf.readAll()).split(QLatin1Char('\n'));
    for (QString line : lines) {
        const qsizetype hash = line.indexOf(QLatin1Char('#'));
        if (hash >= 0)
            line.truncate(hash);
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        if (line.startsWith(QLatin1String("include")) && line.size() > 7 && line.at(7).isSpace()) {
            QString pattern = line.mid(8).trimmed();
            if (!pattern.startsWith(QLatin1Char('/')))
                pattern = QFileInfo(file).path() + QLatin1Char('/') + pattern;
            const QFileInfo info(pattern);
            const QDir dir(underRoot(root, info.path()), info.fileName(), QDir::Name, QDir::Files);
            for (const QString &name : dir.entryList())
                readLdConf(root, QDir::cleanPath(info.path() + QLatin1Char('/') + name), dirs, seen, depth + 1);
            continue;
        }
        if (line.startsWith(QLatin1Char('/')))
            dirs << QDir::cleanPath(line);
    }
}

} // namespace

QString settingsLibraryDir()
{
    return QSettings().value(QLatin1String(kLibraryDirSettingsKey)).toString().trimmed();
}

QStringList systemLibraryDirs(const QString &root)
{
    QStringList dirs;
    for (const QString &dir : qEnvironmentVariable("LD_LIBRARY_PATH").split(QLatin1Char(':'), Qt::SkipEmptyParts)) {
        if (dir.startsWith(QLatin1Char('/')))
            dirs << QDir::cleanPath(dir);
    }
    QStringList seen;
    readLdConf(root, QStringLiteral("/etc/ld.so.conf"), dirs, seen, 0);
    const QString triplet = multiarchTriplet();
    QStringList standard{QStringLiteral("/usr/local/lib")};
    if (!triplet.isEmpty())
        standard << QStringLiteral("/lib/") + triplet << QStringLiteral("/usr/lib/") + triplet;
    // The board's architecture too: doctor --root reads an arm64 tree on any machine.
    if (triplet != QLatin1String("aarch64-linux-gnu"))
        standard << QStringLiteral("/usr/lib/aarch64-linux-gnu");
    standard << QStringLiteral("/lib") << QStringLiteral("/usr/lib");
    dirs << standard;
    dirs.removeDuplicates();
    return dirs;
}

LibrarySearchPath librarySearchPath(const QString &root)
{
    LibrarySearchPath search;
    const QString envDir = qEnvironmentVariable(kLibraryDirEnv).trimmed();
    if (!envDir.isEmpty())
        search.chosen << envDir;
    const QString settingsDir = settingsLibraryDir();
    if (!settingsDir.isEmpty())
        search.chosen << settingsDir;
    search.system = systemLibraryDirs(root);
    return search;
}

LibraryLocation locateLibrary(const QString &fileName, const QStringList &dirs, const QString &root)
{
    LibraryLocation location;
    for (const QString &dir : dirs) {
        // A relative folder would depend on the working directory: started from a model's
        // folder, "." or "lib" would load a library from beside the model. Never searched.
        if (dir.isEmpty() || QDir::isRelativePath(dir))
            continue;
        const QString absolute = QDir::cleanPath(QDir(dir).filePath(fileName));
        location.searched << absolute;
        if (QFileInfo(underRoot(root, absolute)).isFile()) {
            location.path = absolute;
            return location;
        }
    }
    return location;
}

bool isSupportedRkllmVersion(const QString &version)
{
    const QStringList parts = version.split(QLatin1Char('.'));
    if (parts.size() < 2)
        return false;
    bool ok = false;
    const int major = parts.at(0).toInt(&ok);
    if (!ok)
        return false;
    const int minor = parts.at(1).toInt(&ok);
    if (!ok)
        return false;
    const int patch = parts.size() > 2 ? parts.at(2).toInt(&ok) : 0;
    if (!ok)
        return false;
    return major == 1 && minor == 2 && patch >= 1;
}

} // namespace camchat::inference::rk
