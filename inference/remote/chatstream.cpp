#include "chatstream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

namespace camchat::inference {

namespace {

std::optional<double> number(const QJsonObject &object, QLatin1String key)
{
    const QJsonValue value = object.value(key);
    if (!value.isDouble())
        return std::nullopt;
    return value.toDouble();
}

std::optional<int> count(const QJsonObject &object, QLatin1String key)
{
    const std::optional<double> value = number(object, key);
    if (!value || *value < 0)
        return std::nullopt;
    return static_cast<int>(*value);
}

// The message of an OpenAI-style error value: {"message": ...} or a bare string.
QString errorMessage(const QJsonValue &error)
{
    if (error.isString())
        return error.toString();
    const QJsonObject object = error.toObject();
    const QString message = object.value(QLatin1String("message")).toString();
    if (!message.isEmpty())
        return message;
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

QStringList ChatStream::push(QByteArrayView bytes)
{
    return handle(m_parser.push(bytes));
}

QStringList ChatStream::finish()
{
    return handle(m_parser.finish());
}

QStringList ChatStream::handle(const QList<SseEvent> &events)
{
    QStringList pieces;
    for (const SseEvent &event : events) {
        if (m_done || m_error || m_malformed)
            break;
        const QByteArray data = event.data.trimmed();
        if (data == "[DONE]") {
            m_done = true;
            break;
        }
        if (data.isEmpty())
            continue;
        readChunk(data, pieces);
    }
    return pieces;
}

void ChatStream::readChunk(const QByteArray &data, QStringList &pieces)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        m_malformed = QStringLiteral("not a JSON object in the event stream: %1")
                          .arg(QString::fromUtf8(data.left(200)));
        return;
    }
    const QJsonObject chunk = document.object();
    if (chunk.contains(QLatin1String("error"))) {
        m_error = errorMessage(chunk.value(QLatin1String("error")));
        return;
    }

    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    if (!choices.isEmpty()) {
        const QJsonObject choice = choices.first().toObject();
        const QString content = choice.value(QLatin1String("delta")).toObject().value(QLatin1String("content")).toString();
        if (!content.isEmpty()) {
            pieces.append(content);
            ++m_contentChunks;
        }
        const QJsonValue reason = choice.value(QLatin1String("finish_reason"));
        if (reason.isString() && !reason.toString().isEmpty())
            m_finishReason = reason.toString();
    }

    // OpenAI's usage (the last chunk with stream_options.include_usage).
    const QJsonValue usageValue = chunk.value(QLatin1String("usage"));
    if (usageValue.isObject()) {
        const QJsonObject usage = usageValue.toObject();
        if (const auto prompt = count(usage, QLatin1String("prompt_tokens")); prompt && !m_timings.promptTokens)
            m_timings.promptTokens = prompt;
        if (const auto completion = count(usage, QLatin1String("completion_tokens"));
            completion && !m_timings.decodeTokens)
            m_timings.decodeTokens = completion;
        const QJsonObject details = usage.value(QLatin1String("prompt_tokens_details")).toObject();
        if (const auto cached = count(details, QLatin1String("cached_tokens")); cached && !m_timings.cachedPromptTokens)
            m_timings.cachedPromptTokens = cached;
    }
    // llama-server's own figures: more precise than usage, so they win.
    const QJsonValue timingsValue = chunk.value(QLatin1String("timings"));
    if (timingsValue.isObject()) {
        const QJsonObject timings = timingsValue.toObject();
        if (const auto v = number(timings, QLatin1String("prompt_ms")))
            m_timings.promptMs = v;
        if (const auto v = count(timings, QLatin1String("prompt_n")))
            m_timings.promptTokens = v;
        if (const auto v = count(timings, QLatin1String("cache_n")))
            m_timings.cachedPromptTokens = v;
        if (const auto v = number(timings, QLatin1String("predicted_ms")))
            m_timings.decodeMs = v;
        if (const auto v = count(timings, QLatin1String("predicted_n")))
            m_timings.decodeTokens = v;
        if (const auto v = number(timings, QLatin1String("predicted_per_second")))
            m_timings.decodeTokensPerSecond = v;
    }
}

} // namespace camchat::inference
