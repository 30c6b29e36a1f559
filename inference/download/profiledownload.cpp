#include "profiledownload.h"

#include "filedownload.h"
#include "hublocations.h"
#include "hubrequest.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <sys/statvfs.h>

namespace camchat::inference {

namespace {

QString folderOf(const QString &name)
{
    const qsizetype slash = name.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : name.left(slash);
}

// Keep a little room beyond the files themselves (the filesystem's own blocks, logs).
constexpr qint64 kFreeSpaceMargin = 16 << 20;

} // namespace

ProfileDownload::ProfileDownload(ModelProfile profile, QObject *parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_network(std::make_unique<QNetworkAccessManager>())
{
    // Plain http is allowed (a LAN mirror); https is verified, and the redirects are ours.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

ProfileDownload::~ProfileDownload()
{
    m_hasher.stop();
    if (m_metaReply) {
        m_metaReply->disconnect(this);
        m_metaReply->abort();
    }
    delete m_file;
}

qint64 ProfileDownload::received() const
{
    qint64 sum = 0;
    for (const Item &item : m_items)
        sum += item.received;
    return sum;
}

qint64 ProfileDownload::total() const
{
    qint64 sum = 0;
    for (const Item &item : m_items) {
        if (item.source.bytes < 0)
            return -1;
        sum += item.source.bytes;
    }
    return sum;
}

void ProfileDownload::start()
{
    // Every outcome arrives after start() returned, as a signal.
    QTimer::singleShot(0, this, [this] {
        if (m_done)
            return;
        if (!m_profile.source) {
            finish({InferenceErrorCode::NoDownloadSource,
                    QStringLiteral("profile %1 has no \"source\" block").arg(m_profile.id)});
            return;
        }
        for (const ModelFile &file : m_profile.files) {
            if (file.exists())
                continue;
            // A link left dangling (its cache file was deleted) would block the new file.
            if (QFileInfo(file.path).isSymLink())
                QFile::remove(file.path);
            const SourceFile *source = m_profile.source->file(file.role);
            if (!source) {
                finish({InferenceErrorCode::NoDownloadSource,
                        QStringLiteral("profile %1: no source for \"%2\"").arg(m_profile.id, file.role)});
                return;
            }
            Item item;
            item.source = *source;
            item.target = file.path;
            const QFileInfo part(FileDownload::partPath(file.path));
            item.received = part.isFile() ? part.size() : 0;
            m_items.append(item);
        }
        if (m_items.isEmpty()) {
            finish({});
            return;
        }
        if (!m_profile.source->huggingface.isEmpty()) {
            for (const Item &item : std::as_const(m_items)) {
                const QString folder = folderOf(item.source.name);
                if ((item.source.bytes < 0 || item.source.sha256.isEmpty()) && !m_pendingFolders.contains(folder))
                    m_pendingFolders.append(folder);
            }
        }
        Q_EMIT progressChanged();
        if (m_pendingFolders.isEmpty())
            fetchHeads();
        else
            fetchTree();
    });
}

void ProfileDownload::follow(const QByteArray &method, const QUrl &url, int redirects,
                             std::function<void(QNetworkReply *)> done)
{
    const QNetworkRequest request = hub::makeRequest(url, QUrl(hub::endpoint()), hub::token());
    m_metaReply = method == "HEAD" ? m_network->head(request) : m_network->get(request);
    QNetworkReply *reply = m_metaReply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, method, redirects, done = std::move(done)]() {
        reply->deleteLater();
        if (m_done)
            return;
        if (const std::optional<QUrl> next = hub::redirectTarget(reply)) {
            if (redirects >= hub::kMaxRedirects) {
                finish({InferenceErrorCode::NetworkError,
                        QStringLiteral("%1: more than %2 redirects").arg(hub::shownUrl(reply->url())).arg(hub::kMaxRedirects)});
                return;
            }
            follow(method, *next, redirects + 1, done);
            return;
        }
        done(reply);
    });
}

void ProfileDownload::fetchTree()
{
    const QString folder = m_pendingFolders.constFirst();
    const QUrl url = hub::treeUrl(m_profile.source->huggingface, m_profile.source->revision, folder);
    follow("GET", url, 0, [this, folder](QNetworkReply *reply) { onTreeReply(reply, folder); });
}

void ProfileDownload::fetchHeads()
{
    // Files hosted elsewhere: a HEAD tells the size (and, on a hub-like server, the sha256
    // in X-Linked-Etag) before the download, for the free-space check and the progress.
    for (int index = 0; index < m_items.size(); ++index) {
        const Item &item = m_items.at(index);
        if (item.source.url.isEmpty() || item.source.bytes > 0 || item.headDone)
            continue;
        m_items[index].headDone = true;
        follow("HEAD", QUrl(item.source.url), 0, [this, index](QNetworkReply *reply) {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status == 401 || status == 403 || status == 404 || status == 410) {
                finish(hub::httpError(status, reply->url()));
                return;
            }
            // Anything else (a server without HEAD, a network hiccup) leaves the size
            // unknown; the download itself reports real failures.
            if (status == 200) {
                Item &it = m_items[index];
                QByteArray size = reply->rawHeader("X-Linked-Size");
                if (size.isEmpty())
                    size = reply->rawHeader("Content-Length");
                bool ok = false;
                const qint64 bytes = size.trimmed().toLongLong(&ok);
                if (ok && bytes > 0)
                    it.source.bytes = bytes;
                QByteArray linked = reply->rawHeader("X-Linked-Etag").trimmed();
                if (linked.startsWith("W/"))
                    linked = linked.mid(2);
                linked.replace('"', QByteArray());
                const QString sha = QString::fromLatin1(linked).toLower();
                if (it.source.sha256.isEmpty() && sha.size() == 64
                    && std::all_of(sha.cbegin(), sha.cend(), [](QChar c) { return c.isDigit() || (c >= u'a' && c <= u'f'); }))
                    it.source.sha256 = sha;
            }
            fetchHeads();
        });
        return;
    }
    afterMetadata();
}

void ProfileDownload::onTreeReply(QNetworkReply *reply, const QString &folder)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 400) {
        finish(hub::httpError(status, reply->url()));
        return;
    }
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        finish({InferenceErrorCode::NetworkError,
                QStringLiteral("%1: %2").arg(hub::shownUrl(reply->url()), reply->errorString())});
        return;
    }
    const QJsonArray entries = QJsonDocument::fromJson(reply->readAll()).array();
    for (Item &item : m_items) {
        if (folderOf(item.source.name) != folder)
            continue;
        bool found = false;
        for (const QJsonValue &value : entries) {
            const QJsonObject entry = value.toObject();
            if (entry.value(QStringLiteral("path")).toString() != item.source.name)
                continue;
            found = true;
            const QJsonObject lfs = entry.value(QStringLiteral("lfs")).toObject();
            const qint64 hubSize = lfs.isEmpty() ? entry.value(QStringLiteral("size")).toInteger(-1)
                                                 : lfs.value(QStringLiteral("size")).toInteger(-1);
            if (hubSize > 0) {
                if (item.source.bytes > 0 && item.source.bytes != hubSize)
                    qInfo("camchat: %s: the hub says %lld bytes, the profile %lld; using the hub's size",
                          qPrintable(item.source.name), static_cast<long long>(hubSize),
                          static_cast<long long>(item.source.bytes));
                item.source.bytes = hubSize;
            }
            const QString hubSha = lfs.value(QStringLiteral("oid")).toString().toLower();
            if (hubSha.size() == 64) {
                if (item.source.sha256.isEmpty())
                    item.source.sha256 = hubSha;
                else if (item.source.sha256 != hubSha)
                    qWarning("camchat: %s: the hub's sha256 %s differs from the profile's %s; checking against "
                             "the profile's",
                             qPrintable(item.source.name), qPrintable(hubSha), qPrintable(item.source.sha256));
            }
            break;
        }
        if (!found) {
            finish({InferenceErrorCode::DownloadNotFound,
                    QStringLiteral("%1 is not in %2 at revision %3")
                        .arg(item.source.name, m_profile.source->huggingface, m_profile.source->revision)});
            return;
        }
    }
    m_pendingFolders.removeFirst();
    Q_EMIT progressChanged();
    if (m_pendingFolders.isEmpty())
        fetchHeads();
    else
        fetchTree();
}

void ProfileDownload::afterMetadata()
{
    // Free space, per filesystem folder of the targets (normally one).
    QHash<QString, qint64> needed;
    for (const Item &item : std::as_const(m_items)) {
        const QString dir = QFileInfo(item.target).absolutePath();
        if (!QDir().mkpath(dir)) {
            finish({InferenceErrorCode::DownloadWriteFailed, QStringLiteral("%1: cannot create the folder").arg(dir)});
            return;
        }
        if (item.source.bytes > 0)
            needed[dir] += std::max<qint64>(0, item.source.bytes - item.received);
    }
    for (auto it = needed.constBegin(); it != needed.constEnd(); ++it) {
        struct statvfs info = {};
        if (::statvfs(QFile::encodeName(it.key()).constData(), &info) != 0)
            continue;
        const qint64 free = static_cast<qint64>(info.f_bavail) * static_cast<qint64>(info.f_frsize);
        if (free < it.value() + kFreeSpaceMargin) {
            finish({InferenceErrorCode::DiskFull, QStringLiteral("%1: %2 bytes needed, %3 free")
                                                      .arg(it.key())
                                                      .arg(it.value() + kFreeSpaceMargin)
                                                      .arg(free)});
            return;
        }
    }
    m_index = -1;
    next();
}

void ProfileDownload::next()
{
    if (m_done)
        return;
    ++m_index;
    if (m_index >= m_items.size()) {
        finish({});
        return;
    }
    const Item &item = m_items.at(m_index);
    m_current = item.source.name;
    Q_EMIT progressChanged();
    QStringList candidates;
    if (!m_profile.source->huggingface.isEmpty())
        candidates = hub::cachedCandidates(m_profile.source->huggingface, item.source.name);
    tryCache(m_index, candidates);
}

void ProfileDownload::tryCache(int index, QStringList candidates)
{
    const Item &item = m_items.at(index);
    while (!candidates.isEmpty()) {
        const QString candidate = candidates.takeFirst();
        if (item.source.bytes > 0 && QFileInfo(candidate).size() != item.source.bytes)
            continue;
        const auto use = [this, index, candidate]() {
            Item &it = m_items[index];
            const QString linked = QFileInfo(candidate).canonicalFilePath();
            QFile::remove(it.target); // a dangling link from an earlier cache
            if (!QFile::link(linked, it.target)) {
                finish({InferenceErrorCode::DownloadWriteFailed,
                        QStringLiteral("%1: cannot link to %2").arg(it.target, linked)});
                return;
            }
            qInfo("camchat: %s: using %s (already downloaded)", qPrintable(it.target), qPrintable(linked));
            // The cache's copy replaces a partial download of ours.
            QFile::remove(FileDownload::partPath(it.target));
            QFile::remove(FileDownload::etagPath(it.target));
            it.received = it.source.bytes > 0 ? it.source.bytes : QFileInfo(linked).size();
            it.done = true;
            next();
        };
        if (item.source.sha256.isEmpty()) {
            use(); // nothing more to check than the size
            return;
        }
        const QString remembered = VerifiedFiles::lookup(candidate);
        if (!remembered.isEmpty()) {
            if (remembered == item.source.sha256) {
                use();
                return;
            }
            continue;
        }
        m_current = item.source.name;
        m_hasher.start(candidate, -1, [this, index, candidate, candidates, use](const FileHasher::Result &result) {
            if (m_done)
                return;
            if (!result.ok) {
                tryCache(index, candidates);
                return;
            }
            const QString sha = QString::fromLatin1(result.hash->result().toHex());
            VerifiedFiles::remember(candidate, sha);
            if (sha == m_items.at(index).source.sha256)
                use();
            else
                tryCache(index, candidates);
        });
        return;
    }
    download(index);
}

void ProfileDownload::download(int index)
{
    const Item &item = m_items.at(index);
    FileDownloadSpec spec;
    spec.url = item.source.url.isEmpty()
        ? hub::resolveUrl(m_profile.source->huggingface, m_profile.source->revision, item.source.name)
        : QUrl(item.source.url);
    spec.target = item.target;
    spec.bytes = item.source.bytes;
    spec.sha256 = item.source.sha256;
    spec.authOrigin = QUrl(hub::endpoint());
    spec.token = hub::token();
    m_file = new FileDownload(m_network.get(), spec, this);
    connect(m_file, &FileDownload::progress, this, [this, index](qint64 received, qint64) {
        m_items[index].received = received;
        Q_EMIT progressChanged();
    });
    connect(m_file, &FileDownload::finished, this, [this, index](const InferenceError &error) {
        m_file->deleteLater();
        m_file = nullptr;
        if (error) {
            finish(error);
            return;
        }
        m_items[index].done = true;
        next();
    });
    m_file->start();
}

void ProfileDownload::cancel()
{
    if (m_done)
        return;
    if (m_file) {
        m_file->cancel(); // finishes with Cancelled, which ends this download too
        return;
    }
    finish({InferenceErrorCode::Cancelled, QStringLiteral("cancelled")});
}

void ProfileDownload::finish(const InferenceError &error)
{
    if (m_done)
        return;
    m_done = true;
    m_hasher.stop();
    if (m_metaReply) {
        m_metaReply->disconnect(this);
        m_metaReply->abort();
        m_metaReply->deleteLater();
    }
    Q_EMIT finished(error);
}

} // namespace camchat::inference
