#pragma once

#include "inference/vlmbackend.h"
#include "openaiprotocol.h"

#include <QByteArray>
#include <QList>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace camchat::inference {

// The "openai" backend: any OpenAI-compatible chat-completions server (llama-server,
// vLLM, Ollama, LM Studio) over HTTP(S), streamed as server-sent events.
//
// Lives on the inference thread like every backend; its QNetworkAccessManager is created
// there by load(). run() and load() are synchronous: they wait for the network in a
// local QEventLoop on the inference thread (InferenceWorker defers its own queued calls
// that arrive meanwhile, so nothing re-enters the worker). The sink's cancellation flag
// is polled every few milliseconds while waiting and aborts the HTTP request at once.
//
// The conversation (image, questions and answers) is kept here and resent whole with each
// follow-up, the image once in its first turn: servers with prompt caching then do not
// encode it again. The API key is read from the environment variable the profile names,
// kept in memory only, and never logged (the request log redacts Authorization).
class OpenAiBackend final : public VlmBackend
{
public:
    // Waits for a connection this long before calling the server unreachable, unless
    // BackendOptions::connectTimeoutMs says otherwise.
    static constexpr int kConnectTimeoutMs = 10'000;
    // Once the answer has started, this long without a byte ends it (ServerStalled),
    // unless BackendOptions::silenceTimeoutMs says otherwise.
    static constexpr int kSilenceTimeoutMs = 60'000;

    OpenAiBackend();
    ~OpenAiBackend() override;

    BackendKind kind() const override { return BackendKind::OpenAi; }
    InferenceError load(const ModelProfile &profile, const BackendOptions &options,
                        const std::function<bool(float)> &progress) override;
    void unload() override;
    bool isLoaded() const override { return m_loaded; }
    bool hasConversation() const override { return m_conversation.has_value(); }
    InferenceError run(const BackendRequest &request, GenerationSink &sink) override;

    // The model the server runs (the profile's, or the first /models listed).
    QString model() const { return m_model; }
    // What /models listed at load.
    QStringList serverModels() const { return m_serverModels; }

    // A request's method, URL and headers as one log line, Authorization redacted.
    static QString describeForLog(const QByteArray &method, const QNetworkRequest &request);

private:
    struct Conversation {
        QByteArray jpeg;
        QList<openai::Turn> turns;
    };

    QNetworkRequest makeRequest(const QString &path) const;
    openai::ErrorContext errorContext() const;
    InferenceError unreachable(const QString &detail) const;
    InferenceError fetchModels(const std::function<bool(float)> &progress);
    InferenceError stream(const QByteArray &body, GenerationSink &sink, QString &answer);

    std::unique_ptr<QNetworkAccessManager> m_network;
    RemoteSpec m_remote;
    QString m_system;
    QUrl m_endpoint;
    QString m_server; // host:port
    QString m_model;
    QStringList m_serverModels;
    QByteArray m_key; // never logged, never written
    bool m_keySet = false;
    std::optional<QSslConfiguration> m_tls;
    int m_silenceTimeoutMs = kSilenceTimeoutMs;
    int m_connectTimeoutMs = kConnectTimeoutMs;
    bool m_loaded = false;
    std::optional<Conversation> m_conversation;
};

} // namespace camchat::inference
