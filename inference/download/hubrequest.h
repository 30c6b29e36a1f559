#pragma once

#include "inference/inferenceerror.h"

#include <QByteArray>
#include <QNetworkRequest>
#include <QString>
#include <QUrl>

#include <optional>

class QNetworkReply;

namespace camchat::inference::hub {

// Qt follows no redirect for these requests: the caller does (see redirectTarget), so
// that the token goes to the endpoint's origin only. `authOrigin` is the endpoint; the
// token is set only when `url` has the same scheme, host and port. TLS is verified
// (Qt's default, never turned off). The body is asked for as it is (no gzip), so byte
// counts and ranges mean the file's bytes.
QNetworkRequest makeRequest(const QUrl &url, const QUrl &authOrigin, const QByteArray &token);

// Where a 301/302/303/307/308 answer points (resolved against the request), if it is one.
std::optional<QUrl> redirectTarget(QNetworkReply *reply);

// The typed error for an HTTP status >= 400 (401/403: not authorised, 404: not found,
// others: a network error that a retry may fix).
InferenceError httpError(int status, const QUrl &url);

// The URL without user info or query, for messages and logs.
QString shownUrl(const QUrl &url);

constexpr int kMaxRedirects = 10;

} // namespace camchat::inference::hub
