#include "hubrequest.h"

#include "hublocations.h"

#include <QNetworkReply>

namespace camchat::inference::hub {

QNetworkRequest makeRequest(const QUrl &url, const QUrl &authOrigin, const QByteArray &token)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("User-Agent", "camchat");
    request.setRawHeader("Accept-Encoding", "identity");
    // A stalled transfer (no byte for this long) is a dropped connection.
    request.setTransferTimeout(60 * 1000);
    if (!token.isEmpty() && sameOrigin(url, authOrigin))
        request.setRawHeader("Authorization", "Bearer " + token);
    return request;
}

std::optional<QUrl> redirectTarget(QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308)
        return std::nullopt;
    const QByteArray location = reply->rawHeader("Location");
    if (location.isEmpty())
        return std::nullopt;
    const QUrl target = reply->url().resolved(QUrl::fromEncoded(location));
    if (!target.isValid()
        || (target.scheme() != QLatin1String("http") && target.scheme() != QLatin1String("https")))
        return std::nullopt;
    return target;
}

InferenceError httpError(int status, const QUrl &url)
{
    const QString detail = QStringLiteral("HTTP %1 from %2").arg(status).arg(shownUrl(url));
    if (status == 401 || status == 403)
        return {InferenceErrorCode::DownloadNotAuthorised, detail};
    if (status == 404 || status == 410)
        return {InferenceErrorCode::DownloadNotFound, detail};
    return {InferenceErrorCode::NetworkError, detail};
}

QString shownUrl(const QUrl &url)
{
    return url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

} // namespace camchat::inference::hub
