#include "hublocations.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace camchat::inference {

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

QString homeCache()
{
    const QString xdg = env("XDG_CACHE_HOME");
    return xdg.isEmpty() ? QDir::homePath() + QStringLiteral("/.cache") : xdg;
}

int effectivePort(const QUrl &url)
{
    if (url.port() >= 0)
        return url.port();
    if (url.scheme() == QLatin1String("https"))
        return 443;
    if (url.scheme() == QLatin1String("http"))
        return 80;
    return -1;
}

bool isInside(const QString &path, const QString &dir)
{
    if (dir.isEmpty())
        return false;
    const QString root = QFileInfo(dir).canonicalFilePath();
    return !root.isEmpty() && (path == root || path.startsWith(root + QLatin1Char('/')));
}

} // namespace

namespace hub {

QString endpoint()
{
    QString value = env("MODEL_ENDPOINT");
    if (value.isEmpty())
        value = env("HF_ENDPOINT");
    if (value.isEmpty())
        value = QStringLiteral("https://huggingface.co");
    while (value.endsWith(QLatin1Char('/')))
        value.chop(1);
    return value;
}

QByteArray token()
{
    return qgetenv("HF_TOKEN").trimmed();
}

QUrl resolveUrl(const QString &repo, const QString &revision, const QString &name)
{
    return QUrl(QStringLiteral("%1/%2/resolve/%3/%4").arg(endpoint(), repo, revision, name));
}

QUrl treeUrl(const QString &repo, const QString &revision, const QString &folder)
{
    QString url = QStringLiteral("%1/api/models/%2/tree/%3").arg(endpoint(), repo, revision);
    if (!folder.isEmpty())
        url += QLatin1Char('/') + folder;
    return QUrl(url);
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && effectivePort(a) == effectivePort(b);
}

QString llamaCacheDir()
{
    const QString explicitDir = env("LLAMA_CACHE");
    if (!explicitDir.isEmpty())
        return explicitDir;
    return homeCache() + QStringLiteral("/llama.cpp");
}

QString hubCacheDir()
{
    const QString explicitDir = env("HF_HUB_CACHE");
    if (!explicitDir.isEmpty())
        return explicitDir;
    const QString hfHome = env("HF_HOME");
    if (!hfHome.isEmpty())
        return hfHome + QStringLiteral("/hub");
    return homeCache() + QStringLiteral("/huggingface/hub");
}

QStringList cachedCandidates(const QString &repo, const QString &name)
{
    QStringList found;
    const auto add = [&found](const QString &path) {
        const QFileInfo info(path);
        if (info.isFile() && !found.contains(info.absoluteFilePath()))
            found.append(info.absoluteFilePath());
    };
    QString flat = repo + QLatin1Char('_') + name;
    flat.replace(QLatin1Char('/'), QLatin1Char('_'));
    add(QDir(llamaCacheDir()).filePath(flat));

    QString repoDir = QStringLiteral("models--") + repo;
    repoDir.replace(QLatin1Char('/'), QStringLiteral("--"));
    const QDir snapshots(QDir(hubCacheDir()).filePath(repoDir + QStringLiteral("/snapshots")));
    for (const QString &commit : snapshots.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        add(snapshots.filePath(commit + QLatin1Char('/') + name));
    return found;
}

bool isInForeignCache(const QString &path)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    if (canonical.isEmpty())
        return false;
    return isInside(canonical, llamaCacheDir()) || isInside(canonical, hubCacheDir());
}

} // namespace hub

namespace {

QJsonObject readStore()
{
    QFile file(VerifiedFiles::storePath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.read(4 << 20)).object();
}

} // namespace

QString VerifiedFiles::storePath()
{
    return homeCache() + QStringLiteral("/camchat/verified-files.json");
}

QString VerifiedFiles::lookup(const QString &path)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    if (canonical.isEmpty())
        return {};
    const QJsonObject entry = readStore().value(canonical).toObject();
    if (entry.value(QStringLiteral("bytes")).toInteger(-1) != info.size()
        || entry.value(QStringLiteral("mtime")).toInteger(-1) != info.lastModified().toMSecsSinceEpoch())
        return {};
    return entry.value(QStringLiteral("sha256")).toString();
}

void VerifiedFiles::remember(const QString &path, const QString &sha256)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    if (canonical.isEmpty())
        return;
    QJsonObject store = readStore();
    // Forget files that are gone, so the store does not grow forever.
    for (auto it = store.begin(); it != store.end();) {
        if (!QFileInfo::exists(it.key()))
            it = store.erase(it);
        else
            ++it;
    }
    store.insert(canonical, QJsonObject{
                                {QStringLiteral("bytes"), info.size()},
                                {QStringLiteral("mtime"), info.lastModified().toMSecsSinceEpoch()},
                                {QStringLiteral("sha256"), sha256},
                            });
    QDir().mkpath(QFileInfo(storePath()).absolutePath());
    QSaveFile out(storePath());
    if (out.open(QIODevice::WriteOnly)) {
        out.write(QJsonDocument(store).toJson(QJsonDocument::Compact));
        out.commit();
    }
}

} // namespace camchat::inference
