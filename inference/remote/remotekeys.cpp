#include "remotekeys.h"

#include <QHash>
#include <QMutex>
#include <QMutexLocker>
#include <QUrl>

namespace camchat::inference::remotekeys {

namespace {

QMutex &mutex()
{
    static QMutex m;
    return m;
}

QHash<QString, QByteArray> &keys()
{
    static QHash<QString, QByteArray> k;
    return k;
}

// "http://h:8000/v1/" and "http://h:8000/v1" are the same server.
QString normalised(const QString &endpoint)
{
    return QUrl(endpoint.trimmed()).adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments).toString();
}

} // namespace

void set(const QString &endpoint, const QByteArray &key)
{
    const QMutexLocker lock(&mutex());
    if (key.isEmpty())
        keys().remove(normalised(endpoint));
    else
        keys().insert(normalised(endpoint), key);
}

QByteArray get(const QString &endpoint)
{
    const QMutexLocker lock(&mutex());
    return keys().value(normalised(endpoint));
}

} // namespace camchat::inference::remotekeys
