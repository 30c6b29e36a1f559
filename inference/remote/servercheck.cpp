#include "servercheck.h"

#include "openaiprotocol.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

#include <utility>

namespace camchat::inference {

ServerCheck::ServerCheck(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ServerCheckResult>();
}

ServerCheck::~ServerCheck()
{
    cancel();
}

void ServerCheck::cancel()
{
    if (QNetworkReply *reply = std::exchange(m_reply, nullptr)) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void ServerCheck::check(const QString &endpoint, const QString &model, const QByteArray &key,
                        const QByteArray &probeJpeg)
{
    cancel();
    if (!m_network)
        m_network = std::make_unique<QNetworkAccessManager>();
    m_endpoint = endpoint.trimmed();
    m_server = openai::hostAndPort(QUrl(m_endpoint));
    m_key = key;
    m_jpeg = probeJpeg;
    m_result = ServerCheckResult{};
    m_result.model = model.trimmed();

    const QUrl url = openai::apiUrl(m_endpoint, QStringLiteral("models"));
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        m_result.error = {InferenceErrorCode::ServerUnreachable,
                          QStringLiteral("not an http:// or https:// address: %1").arg(m_endpoint), m_endpoint};
        QMetaObject::invokeMethod(this, [this] { Q_EMIT finished(m_result); }, Qt::QueuedConnection);
        return;
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(kStepTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    if (!m_key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_key);
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::finished, this, &ServerCheck::onModels);
}

namespace {

// The typed error of a finished reply, or none when it was a 2xx answer.
InferenceError replyError(QNetworkReply *reply, const QByteArray &body, const openai::ErrorContext &context)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300)
        return openai::httpError(status, body, context);
    if (reply->error() != QNetworkReply::NoError || status == 0)
        return {InferenceErrorCode::ServerUnreachable, reply->errorString(), context.server};
    return {};
}

} // namespace

void ServerCheck::onModels()
{
    QNetworkReply *reply = std::exchange(m_reply, nullptr);
    reply->deleteLater();
    m_result.roundTripMs = QDateTime::currentMSecsSinceEpoch() - m_startedMs;
    const QByteArray body = reply->readAll();
    openai::ErrorContext context;
    context.server = m_server;
    context.keySent = !m_key.isEmpty();
    if (const InferenceError error = replyError(reply, body, context)) {
        m_result.roundTripMs = -1;
        m_result.error = error;
        finish();
        return;
    }
    m_result.models = openai::modelIds(body);
    Q_EMIT modelsListed(m_result.models);
    if (m_result.model.isEmpty() && !m_result.models.isEmpty())
        m_result.model = m_result.models.first();
    if (!m_result.model.isEmpty() && !m_result.models.isEmpty() && !m_result.models.contains(m_result.model)) {
        m_result.error = {InferenceErrorCode::RemoteModelUnknown,
                          QStringLiteral("GET /models does not list %1").arg(m_result.model), m_result.model,
                          m_result.models};
        finish();
        return;
    }
    if (m_jpeg.isEmpty() || m_result.model.isEmpty()) {
        finish();
        return;
    }

    SamplingParams sampling;
    sampling.maxNewTokens = 1;
    const QByteArray request = openai::chatRequestBody(m_result.model, {}, m_jpeg, {},
                                                       QStringLiteral("Answer with one word: what is this?"), sampling);
    QNetworkRequest post(openai::apiUrl(m_endpoint, QStringLiteral("chat/completions")));
    post.setTransferTimeout(kStepTimeoutMs);
    post.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    post.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!m_key.isEmpty())
        post.setRawHeader("Authorization", "Bearer " + m_key);
    m_reply = m_network->post(post, request);
    connect(m_reply, &QNetworkReply::finished, this, &ServerCheck::onVision);
}

void ServerCheck::onVision()
{
    QNetworkReply *reply = std::exchange(m_reply, nullptr);
    reply->deleteLater();
    const QByteArray body = reply->readAll();
    openai::ErrorContext context;
    context.server = m_server;
    context.keySent = !m_key.isEmpty();
    context.model = m_result.model;
    context.models = m_result.models;
    const InferenceError error = replyError(reply, body, context);
    if (error.code == InferenceErrorCode::ImageNotSupported)
        m_result.seesImages = false; // an answer, not a failure of the check
    else if (error)
        m_result.error = error;
    else
        m_result.seesImages = true;
    finish();
}

void ServerCheck::finish()
{
    Q_EMIT finished(m_result);
}

} // namespace camchat::inference
