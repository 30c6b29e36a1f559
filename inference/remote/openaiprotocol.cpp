#include "openaiprotocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace camchat::inference::openai {

namespace {

QJsonObject textPart(const QString &text)
{
    return {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}};
}

QJsonObject message(const QString &role, const QJsonValue &content)
{
    return {{QStringLiteral("role"), role}, {QStringLiteral("content"), content}};
}

// "image input is not supported" (llama-server without --mmproj) and the like: the
// server's model has no vision.
bool saysNoVision(const QString &message)
{
    const QString text = message.toLower();
    return text.contains(QLatin1String("image input is not supported"))
        || text.contains(QLatin1String("does not support image"))
        || text.contains(QLatin1String("not a multimodal model"))
        || (text.contains(QLatin1String("mmproj")) && text.contains(QLatin1String("image")));
}

// "model ... not found / does not exist": a server saying it has no such model.
bool saysUnknownModel(const QString &message)
{
    const QString text = message.toLower();
    return text.contains(QLatin1String("model"))
        && (text.contains(QLatin1String("not found")) || text.contains(QLatin1String("does not exist"))
            || text.contains(QLatin1String("unknown")));
}

} // namespace

QByteArray chatRequestBody(const QString &model, const QString &system, const QByteArray &jpeg,
                           const QList<Turn> &history, const QString &question, const SamplingParams &sampling)
{
    QJsonArray messages;
    if (!system.isEmpty())
        messages.append(message(QStringLiteral("system"), system));
    const auto userTurn = [&](const QString &text, bool withImage) {
        if (!withImage)
            return message(QStringLiteral("user"), QJsonArray{textPart(text)});
        const QString url = QStringLiteral("data:image/jpeg;base64,") + QString::fromLatin1(jpeg.toBase64());
        const QJsonObject image{{QStringLiteral("type"), QStringLiteral("image_url")},
                                {QStringLiteral("image_url"), QJsonObject{{QStringLiteral("url"), url}}}};
        return message(QStringLiteral("user"), QJsonArray{image, textPart(text)});
    };
    bool imageSent = false;
    for (const Turn &turn : history) {
        messages.append(userTurn(turn.question, !imageSent));
        imageSent = true;
        messages.append(message(QStringLiteral("assistant"), turn.answer));
    }
    messages.append(userTurn(question, !imageSent));

    QJsonObject body{
        {QStringLiteral("messages"), messages},
        {QStringLiteral("stream"), true},
        {QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}}},
        {QStringLiteral("max_tokens"), sampling.maxNewTokens},
        {QStringLiteral("temperature"), static_cast<double>(sampling.temperature)},
        {QStringLiteral("top_p"), static_cast<double>(sampling.topP)},
    };
    if (!model.isEmpty())
        body.insert(QStringLiteral("model"), model);
    // Not in OpenAI's API, but llama-server, vLLM and Ollama read them; others ignore them.
    if (sampling.topK > 0)
        body.insert(QStringLiteral("top_k"), sampling.topK);
    if (sampling.repeatPenalty != 1.0f)
        body.insert(QStringLiteral("repeat_penalty"), static_cast<double>(sampling.repeatPenalty));
    if (sampling.seed != 0)
        body.insert(QStringLiteral("seed"), static_cast<qint64>(sampling.seed));
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QUrl apiUrl(const QString &endpoint, const QString &path)
{
    QString base = endpoint.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return QUrl(base + QLatin1Char('/') + path);
}

QString hostAndPort(const QUrl &url)
{
    const int fallback = url.scheme() == QLatin1String("https") ? 443 : 80;
    QString host = url.host();
    if (host.contains(QLatin1Char(':')))
        host = QLatin1Char('[') + host + QLatin1Char(']'); // IPv6
    return QStringLiteral("%1:%2").arg(host).arg(url.port(fallback));
}

QStringList modelIds(const QByteArray &json)
{
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    QStringList ids;
    for (const QJsonValue &entry : root.value(QLatin1String("data")).toArray()) {
        const QString id = entry.toObject().value(QLatin1String("id")).toString();
        if (!id.isEmpty())
            ids.append(id);
    }
    if (!ids.isEmpty())
        return ids;
    for (const QJsonValue &entry : root.value(QLatin1String("models")).toArray()) {
        const QJsonObject object = entry.toObject();
        QString id = object.value(QLatin1String("model")).toString();
        if (id.isEmpty())
            id = object.value(QLatin1String("name")).toString();
        if (!id.isEmpty())
            ids.append(id);
    }
    return ids;
}

QString errorMessage(const QByteArray &body)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    const QJsonValue error = root.value(QLatin1String("error"));
    if (error.isObject()) {
        const QString message = error.toObject().value(QLatin1String("message")).toString();
        if (!message.isEmpty())
            return message;
    }
    if (error.isString())
        return error.toString();
    for (const char *key : {"message", "detail"}) {
        const QJsonValue value = root.value(QLatin1String(key));
        if (value.isString())
            return value.toString();
    }
    return QString::fromUtf8(body.left(500)).trimmed();
}

InferenceError httpError(int status, const QByteArray &body, const ErrorContext &context)
{
    const QString message = errorMessage(body);
    const QString detail = message.isEmpty() ? QStringLiteral("HTTP %1").arg(status)
                                             : QStringLiteral("HTTP %1: %2").arg(status).arg(message);
    InferenceError error;
    error.detail = detail;
    if (status == 401 || status == 403) {
        error.code = context.keySent ? InferenceErrorCode::ApiKeyRejected : InferenceErrorCode::ApiKeyMissing;
        error.subject = context.apiKeyEnv;
        return error;
    }
    if (saysNoVision(message)) {
        error.code = InferenceErrorCode::ImageNotSupported;
        error.subject = context.server;
        return error;
    }
    if (status == 404 && (saysUnknownModel(message) || !context.model.isEmpty())) {
        error.code = InferenceErrorCode::RemoteModelUnknown;
        error.subject = context.model;
        error.choices = context.models;
        return error;
    }
    if (status >= 300 && status < 400) {
        error.code = InferenceErrorCode::ServerError;
        error.subject = context.server;
        error.detail = QStringLiteral("HTTP %1: redirected; set the endpoint to the final address").arg(status);
        return error;
    }
    error.code = InferenceErrorCode::ServerError;
    error.subject = context.server;
    return error;
}

InferenceError streamError(const QString &message, const ErrorContext &context)
{
    InferenceError error;
    error.detail = message;
    error.subject = context.server;
    error.code = saysNoVision(message) ? InferenceErrorCode::ImageNotSupported : InferenceErrorCode::ServerError;
    return error;
}

} // namespace camchat::inference::openai
