#include "openaibackend.h"

#include "lowdelay.h"

#include "chatstream.h"
#include "remotekeys.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QTimer>

#include <chrono>
#include <utility>

namespace camchat::inference {

namespace {

Q_LOGGING_CATEGORY(lcRemote, "camchat.remote", QtInfoMsg)

// How often a wait looks at the cancellation flag: "at once" for a person pressing Stop.
constexpr int kCancelPollMs = 5;
// The /models list is small; a server that cannot send it in this long is not usable.
constexpr int kModelsTimeoutMs = 30'000;
constexpr qint64 kMaxErrorBodyBytes = 64 * 1024;

InferenceError cancelled()
{
    return {InferenceErrorCode::Cancelled, QStringLiteral("cancelled")};
}

std::int64_t microseconds(const QElapsedTimer &timer)
{
    return timer.nsecsElapsed() / 1000;
}

QString noConnectionWithin(int ms)
{
    return QStringLiteral("no connection within %1 s").arg(ms / 1000.0);
}

int httpStatus(const QNetworkReply &reply)
{
    return reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

OpenAiBackend::OpenAiBackend() = default;

OpenAiBackend::~OpenAiBackend() = default;

QString OpenAiBackend::describeForLog(const QByteArray &method, const QNetworkRequest &request)
{
    QString line = QString::fromLatin1(method) + QLatin1Char(' ') + request.url().toString(QUrl::RemoveUserInfo);
    for (const QByteArray &name : request.rawHeaderList()) {
        const bool secret = name.compare("authorization", Qt::CaseInsensitive) == 0
            || name.compare("proxy-authorization", Qt::CaseInsensitive) == 0;
        line += QStringLiteral(" | %1: %2")
                    .arg(QString::fromLatin1(name),
                         secret ? QStringLiteral("<redacted>") : QString::fromLatin1(request.rawHeader(name)));
    }
    return line;
}

QNetworkRequest OpenAiBackend::makeRequest(const QString &path) const
{
    QNetworkRequest request(openai::apiUrl(m_remote.endpoint, path));
    // A redirect would carry the key to wherever it points: report it instead.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", path == QLatin1String("models") ? "application/json" : "text/event-stream");
    if (!m_key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_key);
    if (m_tls)
        request.setSslConfiguration(*m_tls);
    return request;
}

openai::ErrorContext OpenAiBackend::errorContext() const
{
    openai::ErrorContext context;
    context.server = m_server;
    context.apiKeyEnv = m_remote.apiKeyEnv;
    context.keySent = !m_key.isEmpty();
    context.model = m_model;
    context.models = m_serverModels;
    return context;
}

InferenceError OpenAiBackend::unreachable(const QString &detail) const
{
    InferenceError error{InferenceErrorCode::ServerUnreachable, detail};
    error.subject = m_server;
    return error;
}

InferenceError OpenAiBackend::load(const ModelProfile &profile, const BackendOptions &options,
                                   const std::function<bool(float)> &progress)
{
    unload(); // the server decides its own threads: options.threads means nothing here
    m_silenceTimeoutMs = options.silenceTimeoutMs > 0 ? options.silenceTimeoutMs : kSilenceTimeoutMs;
    m_connectTimeoutMs = options.connectTimeoutMs > 0 ? options.connectTimeoutMs : kConnectTimeoutMs;
    m_remote = profile.remote;
    m_system = profile.prompt.system;
    m_endpoint = QUrl(m_remote.endpoint);
    if (!m_endpoint.isValid() || m_endpoint.host().isEmpty())
        return {InferenceErrorCode::ProfileInvalid,
                QStringLiteral("remote.endpoint: not a URL: %1").arg(m_remote.endpoint)};
    m_server = openai::hostAndPort(m_endpoint);

    if (!m_remote.apiKeyEnv.isEmpty()) {
        const QByteArray name = m_remote.apiKeyEnv.toLocal8Bit();
        m_keySet = qEnvironmentVariableIsSet(name.constData());
        m_key = qgetenv(name.constData()).trimmed();
    } else {
        // A key typed into Settings → Remote server for this endpoint (memory only).
        m_key = remotekeys::get(m_remote.endpoint);
        m_keySet = !m_key.isEmpty();
    }

    if (!m_remote.caFile.isEmpty()) {
        const QList<QSslCertificate> certificates = QSslCertificate::fromPath(m_remote.caFile);
        if (certificates.isEmpty())
            return {InferenceErrorCode::ProfileInvalid,
                    QStringLiteral("remote.caFile: no PEM certificate in %1").arg(m_remote.caFile)};
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(certificates); // added to the system's, verification stays on
        m_tls = tls;
    }

    m_network = std::make_unique<QNetworkAccessManager>();
    m_model = m_remote.model;
    if (InferenceError error = fetchModels(progress)) {
        unload();
        return error;
    }
    m_loaded = true;
    progress(1.0f);
    return {};
}

void OpenAiBackend::unload()
{
    m_conversation.reset();
    m_network.reset();
    m_loaded = false;
    m_key.clear();
    m_keySet = false;
    m_tls.reset();
    m_serverModels.clear();
    m_model.clear();
}

// GET {endpoint}/models: the server is reachable, the key is right, the model exists.
InferenceError OpenAiBackend::fetchModels(const std::function<bool(float)> &progress)
{
    const QNetworkRequest request = makeRequest(QStringLiteral("models"));
    qCDebug(lcRemote).noquote() << describeForLog("GET", request);
    std::unique_ptr<QNetworkReply> reply(m_network->get(request));

    QEventLoop loop;
    bool aborted = false;
    QString timedOut;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer poll;
    poll.setInterval(kCancelPollMs * 10);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (!progress(0.0f)) {
            aborted = true;
            reply->abort();
        }
    });
    QTimer connectTimer;
    connectTimer.setSingleShot(true);
    QObject::connect(&connectTimer, &QTimer::timeout, &loop, [&] {
        timedOut = noConnectionWithin(m_connectTimeoutMs);
        reply->abort();
    });
    QObject::connect(reply.get(), &QNetworkReply::requestSent, &connectTimer, &QTimer::stop);
    QTimer answerTimer;
    answerTimer.setSingleShot(true);
    QObject::connect(&answerTimer, &QTimer::timeout, &loop, [&] {
        timedOut = QStringLiteral("GET /models did not answer within %1 s").arg(kModelsTimeoutMs / 1000);
        reply->abort();
    });
    poll.start();
    connectTimer.start(m_connectTimeoutMs);
    answerTimer.start(kModelsTimeoutMs);
    if (!reply->isFinished())
        loop.exec();
    if (!reply->isFinished()) {
        // The thread is quitting (QThread::quit ends every event loop on it).
        reply->abort();
        return {InferenceErrorCode::Cancelled, QStringLiteral("model loading aborted")};
    }
    if (aborted)
        return {InferenceErrorCode::Cancelled, QStringLiteral("model loading aborted")};
    if (!timedOut.isEmpty())
        return unreachable(timedOut);

    const int status = httpStatus(*reply);
    const QByteArray body = reply->readAll();
    if (status == 0)
        return unreachable(reply->errorString());
    if (status >= 300) {
        // Without a model to name, a list is needed; with one, a server that has no
        // /models (or hides it) may still answer the chat request.
        if (status == 401 || status == 403 || m_model.isEmpty())
            return openai::httpError(status, body, errorContext());
        qCInfo(lcRemote).noquote() << QStringLiteral("GET /models answered HTTP %1; going on with model %2")
                                          .arg(status)
                                          .arg(m_model);
        return {};
    }
    m_serverModels = openai::modelIds(body);
    if (m_model.isEmpty()) {
        if (m_serverModels.isEmpty()) {
            InferenceError error{InferenceErrorCode::ServerError,
                                 QStringLiteral("GET /models lists no model: %1").arg(QString::fromUtf8(body.left(300)))};
            error.subject = m_server;
            return error;
        }
        m_model = m_serverModels.first();
    } else if (!m_serverModels.isEmpty() && !m_serverModels.contains(m_model)) {
        InferenceError error{InferenceErrorCode::RemoteModelUnknown,
                             QStringLiteral("GET /models lists: %1").arg(m_serverModels.join(QStringLiteral(", ")))};
        error.subject = m_model;
        error.choices = m_serverModels;
        return error;
    }
    return {};
}

InferenceError OpenAiBackend::run(const BackendRequest &request, GenerationSink &sink)
{
    if (!m_loaded)
        return {InferenceErrorCode::NotLoaded, QStringLiteral("no model server connected")};
    Conversation conversation;
    if (request.image) {
        if (request.image->jpeg.isEmpty())
            return {InferenceErrorCode::ImageInvalid,
                    QStringLiteral("the image came without its JPEG encoding (vision.jpegQuality is 0)")};
        m_conversation.reset(); // a new picture starts a new conversation
        conversation.jpeg = request.image->jpeg;
    } else {
        if (!m_conversation)
            return {InferenceErrorCode::NoConversation,
                    QStringLiteral("a follow-up question needs an earlier question with an image")};
        conversation = *m_conversation;
    }

    const QByteArray body = openai::chatRequestBody(m_model, m_system, conversation.jpeg, conversation.turns,
                                                    request.prompt, request.sampling);
    QString answer;
    const InferenceError error = stream(body, sink, answer);
    // A finished answer, or a follow-up stopped part-way, becomes part of the
    // conversation (as the llama backend keeps a stopped follow-up); a first question
    // that did not finish leaves nothing to follow up on.
    const bool keep = !error || (!request.image && error.code == InferenceErrorCode::Cancelled && !answer.isEmpty());
    if (keep) {
        conversation.turns.append({request.prompt, answer});
        m_conversation = std::move(conversation);
    } else if (request.image) {
        m_conversation.reset();
    }
    return error;
}

InferenceError OpenAiBackend::stream(const QByteArray &body, GenerationSink &sink, QString &answer)
{
    if (sink.isCancelled())
        return cancelled();
    QNetworkRequest request = makeRequest(QStringLiteral("chat/completions"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    qCDebug(lcRemote).noquote() << describeForLog("POST", request) << "|" << body.size() << "bytes";

    // The connection /models opened is usually the one the request goes on: no Nagle
    // delays on it (lowdelay.h says why); a new one is switched once its bytes are written.
    const auto port = quint16(m_endpoint.port(m_endpoint.scheme() == QLatin1String("https") ? 443 : 80));
    sendWithoutDelay(port);
    QElapsedTimer clock;
    clock.start();
    sink.stageStarted(Stage::Upload);
    std::unique_ptr<QNetworkReply> reply(m_network->post(request, body));

    ChatStream chat;
    QByteArray errorBody;
    std::optional<InferenceError> failure; // set by a handler: ends the wait
    bool uploaded = false;
    bool started = false; // the first piece of the answer arrived
    bool sent = false;    // the request reached the server
    std::int64_t firstTokenUs = 0;

    QEventLoop loop;
    QTimer poll;
    QTimer connectTimer;
    QTimer firstTokenTimer;
    QTimer silenceTimer;
    for (QTimer *timer : {&connectTimer, &firstTokenTimer, &silenceTimer})
        timer->setSingleShot(true);

    const auto fail = [&](InferenceError error) {
        if (!failure)
            failure = std::move(error);
        loop.quit();
    };
    const auto finishUpload = [&] {
        if (uploaded)
            return;
        uploaded = true;
        sink.stageFinished(Stage::Upload, microseconds(clock), 0);
    };
    const auto deliver = [&](const QStringList &pieces) {
        for (const QString &piece : pieces) {
            if (sink.isCancelled()) {
                fail(cancelled());
                return;
            }
            if (!started) {
                started = true;
                firstTokenTimer.stop();
                finishUpload();
                firstTokenUs = microseconds(clock);
                sink.stageStarted(Stage::Decode);
            }
            answer += piece;
            sink.token(piece);
        }
    };
    const auto markSent = [&] {
        if (!sent)
            sendWithoutDelay(port); // a new connection: what Nagle holds back goes now
        sent = true;
        connectTimer.stop();
    };

    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (sink.isCancelled())
            fail(cancelled());
    });
    QObject::connect(&connectTimer, &QTimer::timeout, &loop, [&] {
        fail(unreachable(noConnectionWithin(m_connectTimeoutMs)));
    });
    QObject::connect(&firstTokenTimer, &QTimer::timeout, &loop, [&] {
        InferenceError error{InferenceErrorCode::ServerTimeout,
                             QStringLiteral("no answer within %1 s (remote.timeoutSeconds)").arg(m_remote.timeoutSeconds)};
        error.subject = m_server;
        fail(std::move(error));
    });
    QObject::connect(&silenceTimer, &QTimer::timeout, &loop, [&] {
        InferenceError error{InferenceErrorCode::ServerStalled,
                             QStringLiteral("nothing received for %1 ms mid-answer").arg(m_silenceTimeoutMs)};
        error.subject = m_server;
        fail(std::move(error));
    });
    QObject::connect(reply.get(), &QNetworkReply::requestSent, &loop, markSent);
    QObject::connect(reply.get(), &QNetworkReply::uploadProgress, &loop, [&](qint64 done, qint64 total) {
        if (done > 0)
            markSent();
        if (total > 0 && done >= total)
            finishUpload();
    });
    QObject::connect(reply.get(), &QNetworkReply::readyRead, &loop, [&] {
        markSent();
        finishUpload();
        const QByteArray bytes = reply->readAll();
        const int status = httpStatus(*reply);
        if (status >= 300) {
            if (errorBody.size() < kMaxErrorBodyBytes)
                errorBody += bytes;
            return;
        }
        deliver(chat.push(bytes));
        if (started)
            silenceTimer.start(m_silenceTimeoutMs); // a keep-alive counts as life too
        if (const std::optional<QString> message = chat.error())
            fail(openai::streamError(*message, errorContext()));
        else if (const std::optional<QString> malformed = chat.malformed())
            fail({InferenceErrorCode::ServerError, *malformed, m_server, {}});
        else if (chat.isDone())
            loop.quit();
    });
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);

    poll.start(kCancelPollMs);
    connectTimer.start(m_connectTimeoutMs);
    firstTokenTimer.start(m_remote.timeoutSeconds * 1000);
    if (!reply->isFinished())
        loop.exec();
    poll.stop();

    const auto endDecode = [&] {
        if (!started)
            return;
        const ServerTimings &server = chat.serverTimings();
        const int tokens = server.decodeTokens.value_or(chat.contentChunks());
        sink.stageFinished(Stage::Decode, microseconds(clock) - firstTokenUs, tokens);
    };

    if (!failure && !chat.isDone() && !reply->isFinished()) {
        // The loop ended without an answer: the inference thread is quitting.
        failure = cancelled();
    }
    if (failure) {
        reply->abort();
        endDecode();
        return *failure;
    }
    if (!chat.isDone()) {
        // The reply finished (or failed) before [DONE].
        const int status = httpStatus(*reply);
        if (status >= 300) {
            errorBody += reply->readAll();
            return openai::httpError(status, errorBody, errorContext());
        }
        if (reply->error() != QNetworkReply::NoError) {
            const QString detail = reply->errorString();
            if (status == 0 && !sent)
                return unreachable(detail);
            endDecode();
            InferenceError error{InferenceErrorCode::ConnectionDropped, detail};
            error.subject = m_server;
            return error;
        }
        deliver(chat.finish());
        if (failure)
            return *failure;
        if (const std::optional<QString> message = chat.error())
            return openai::streamError(*message, errorContext());
        if (!chat.hasFinishReason()) {
            endDecode();
            InferenceError error{InferenceErrorCode::ConnectionDropped,
                                 QStringLiteral("the event stream ended before the answer did (no [DONE])")};
            error.subject = m_server;
            return error;
        }
    }
    reply->abort(); // [DONE] came: the rest of the reply is of no interest
    finishUpload();
    endDecode();
    const ServerTimings &server = chat.serverTimings();
    if (server.promptMs) {
        // The server's prompt processing (image encoding included), known only now.
        sink.stageStarted(Stage::Prefill);
        sink.stageFinished(Stage::Prefill, static_cast<std::int64_t>(*server.promptMs * 1000.0),
                           server.promptTokens.value_or(0));
    }
    sink.serverTimings(server);
    return {};
}

} // namespace camchat::inference
