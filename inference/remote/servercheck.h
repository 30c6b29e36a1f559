#pragma once

#include "inference/inferenceerror.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace camchat::inference {

// What Settings → Remote server's "Test connection" found out.
struct ServerCheckResult {
    InferenceError error;         // None when the server answered
    qint64 roundTripMs = -1;      // GET /models, request to whole answer
    QStringList models;           // what /models lists
    QString model;                // the model checked (the one asked for, else the first listed)
    std::optional<bool> seesImages; // the model answered a question with an image; unknown when not asked
};

// Asks an OpenAI-compatible server what it offers, without a profile: GET {endpoint}/models
// (timed), then, for a model, one question with a tiny image and one token to learn
// whether it accepts images. The same errors as the openai backend (unreachable, key
// rejected or missing, unknown model, no vision). Asynchronous: lives in a thread with an
// event loop (the GUI thread) and never blocks it. A new check() stops the one running.
class ServerCheck : public QObject
{
    Q_OBJECT

public:
    // How long each step may take before the server counts as unreachable.
    static constexpr int kStepTimeoutMs = 10'000;

    explicit ServerCheck(QObject *parent = nullptr);
    ~ServerCheck() override;

    // `model` empty: the first listed. `probeJpeg` empty: only the list (no vision check).
    void check(const QString &endpoint, const QString &model, const QByteArray &key, const QByteArray &probeJpeg);
    void cancel();
    bool isRunning() const { return m_reply != nullptr; }

Q_SIGNALS:
    // Only the model list arrived (before the vision check, if there is one).
    void modelsListed(const QStringList &models);
    void finished(const camchat::inference::ServerCheckResult &result);

private:
    void onModels();
    void onVision();
    void finish();

    std::unique_ptr<QNetworkAccessManager> m_network;
    QNetworkReply *m_reply = nullptr;
    QString m_endpoint;
    QString m_server;
    QByteArray m_key;
    QByteArray m_jpeg;
    qint64 m_startedMs = 0;
    ServerCheckResult m_result;
};

} // namespace camchat::inference

Q_DECLARE_METATYPE(camchat::inference::ServerCheckResult)
