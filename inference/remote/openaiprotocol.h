#pragma once

#include "inference/inferenceerror.h"
#include "inference/modelprofile.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace camchat::inference {

// What an OpenAI-compatible chat-completions server is told and what its answers mean:
// the request body, the /models list, and HTTP errors as typed InferenceErrors. Pure
// functions (no network), so every case is testable without a server.
namespace openai {

// One question and its answer, as the conversation resends them.
struct Turn {
    QString question;
    QString answer;
};

// The request body of POST {endpoint}/chat/completions: the whole conversation, the
// image (JPEG bytes) once as a data URL in the first user turn before its text, then the
// earlier answers and questions, then `question`. Streams, with usage.
QByteArray chatRequestBody(const QString &model, const QString &system, const QByteArray &jpeg,
                           const QList<Turn> &history, const QString &question, const SamplingParams &sampling);

// {endpoint}/{path}: "http://h:8000/v1" + "models" -> "http://h:8000/v1/models".
QUrl apiUrl(const QString &endpoint, const QString &path);
// How a person names the server: "gpu-box:8000" (the scheme's port when none is given).
QString hostAndPort(const QUrl &url);
// The model ids of a GET /models answer ({"data":[{"id":...},...]}), in its order; also
// Ollama's {"models":[{"name"|"model":...}]}. Empty when there are none or it is not JSON.
QStringList modelIds(const QByteArray &json);
// The `error.message` (or `message`, or `detail`) of an error body, else the body itself.
QString errorMessage(const QByteArray &body);

// Who the request was from, for the error sentences.
struct ErrorContext {
    QString server;         // host:port
    QString apiKeyEnv;      // the variable the key comes from (may be empty)
    bool keySent = false;   // a key went along
    QString model;          // the model asked for
    QStringList models;     // what /models listed, when known
};

// The typed error for an HTTP error answer (`status` >= 300) with its body.
InferenceError httpError(int status, const QByteArray &body, const ErrorContext &context);
// An error the server sent inside a stream that had started fine.
InferenceError streamError(const QString &message, const ErrorContext &context);

} // namespace openai
} // namespace camchat::inference
