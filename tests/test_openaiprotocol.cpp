// The model-server protocol without a network: the event-stream parser over every split
// point, the chat stream's pieces, errors and timings, the request body, /models lists,
// HTTP errors as typed errors, and the request log line without the key.
#include "inference/remote/chatstream.h"
#include "inference/remote/openaibackend.h"
#include "inference/remote/openaiprotocol.h"
#include "inference/remote/sseparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace camchat::inference;

namespace {

QByteArray chunk(const QString &content)
{
    const QJsonObject object{
        {QStringLiteral("choices"),
         QJsonArray{QJsonObject{{QStringLiteral("delta"), QJsonObject{{QStringLiteral("content"), content}}}}}}};
    return "data: " + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n";
}

// Feeds `stream` in two pieces split at `at`, then ends it; the whole answer.
QString feedSplit(ChatStream &stream, const QByteArray &bytes, qsizetype at)
{
    QString text = stream.push(QByteArrayView(bytes).first(at)).join(QString());
    text += stream.push(QByteArrayView(bytes).sliced(at)).join(QString());
    text += stream.finish().join(QString());
    return text;
}

} // namespace

class TestOpenAiProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sseEventsAndComments();
    void sseLineEndings_data();
    void sseLineEndings();
    void sseEveryByteBoundary();
    void sseByteByByte();
    void sseLastEventWithoutBlankLine();
    void utf8SplitAcrossChunks();
    void keepAlivesProduceNothing();
    void doneEndsTheStream();
    void errorObjectMidStream();
    void noDoneButFinishReason();
    void malformedData();
    void llamaServerTimings();
    void usageOnly();
    void requestBodyFirstQuestion();
    void requestBodyFollowUpSendsImageOnce();
    void apiUrlAndHost();
    void modelIds();
    void httpErrors();
    void logLineRedactsAuthorization();
};

void TestOpenAiProtocol::sseEventsAndComments()
{
    SseParser parser;
    const QList<SseEvent> events = parser.push(": keep-alive\n\nevent: x\ndata: one\ndata: two\n\ndata:three\n\n");
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[0].type, QByteArray("x"));
    QCOMPARE(events[0].data, QByteArray("one\ntwo"));
    QCOMPARE(events[1].data, QByteArray("three"));
    QVERIFY(parser.finish().isEmpty());
}

void TestOpenAiProtocol::sseLineEndings_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::newRow("lf") << QByteArray("data: a\n\ndata: b\n\n");
    QTest::newRow("crlf") << QByteArray("data: a\r\n\r\ndata: b\r\n\r\n");
    QTest::newRow("cr") << QByteArray("data: a\r\rdata: b\r\r");
}

void TestOpenAiProtocol::sseLineEndings()
{
    QFETCH(QByteArray, stream);
    // Split everywhere too: a CR LF split between reads is still one line end.
    for (qsizetype at = 0; at <= stream.size(); ++at) {
        SseParser parser;
        QList<SseEvent> events = parser.push(QByteArrayView(stream).first(at));
        events += parser.push(QByteArrayView(stream).sliced(at));
        events += parser.finish();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].data, QByteArray("a"));
        QCOMPARE(events[1].data, QByteArray("b"));
    }
}

void TestOpenAiProtocol::sseEveryByteBoundary()
{
    QByteArray stream = ": ping\n\n" + chunk(QStringLiteral("Hello")) + chunk(QStringLiteral(", wörld ☕"))
        + ": ping\r\n\r\n" + chunk(QStringLiteral("!")) + "data: [DONE]\n\n";
    for (qsizetype at = 0; at <= stream.size(); ++at) {
        ChatStream chat;
        QCOMPARE(feedSplit(chat, stream, at), QStringLiteral("Hello, wörld ☕!"));
        QVERIFY(chat.isDone());
        QCOMPARE(chat.contentChunks(), 3);
    }
}

void TestOpenAiProtocol::sseByteByByte()
{
    const QByteArray stream = chunk(QStringLiteral("A")) + chunk(QStringLiteral("B")) + "data: [DONE]\n\n";
    ChatStream chat;
    QStringList pieces;
    for (char c : stream)
        pieces += chat.push(QByteArrayView(&c, 1));
    QCOMPARE(pieces, (QStringList{QStringLiteral("A"), QStringLiteral("B")}));
    QVERIFY(chat.isDone());
}

void TestOpenAiProtocol::sseLastEventWithoutBlankLine()
{
    SseParser parser;
    QVERIFY(parser.push("data: last").isEmpty());
    const QList<SseEvent> events = parser.finish();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].data, QByteArray("last"));
}

void TestOpenAiProtocol::utf8SplitAcrossChunks()
{
    // "€" is E2 82 AC: split inside it, the piece still arrives whole, never as U+FFFD.
    const QByteArray stream = chunk(QStringLiteral("€uro")) + "data: [DONE]\n\n";
    const qsizetype euro = stream.indexOf("\xE2\x82\xAC");
    QVERIFY(euro > 0);
    for (qsizetype at = euro + 1; at <= euro + 2; ++at) {
        ChatStream chat;
        const QStringList first = chat.push(QByteArrayView(stream).first(at));
        QVERIFY(first.isEmpty());
        const QStringList second = chat.push(QByteArrayView(stream).sliced(at));
        QCOMPARE(second, QStringList{QStringLiteral("€uro")});
    }
}

void TestOpenAiProtocol::keepAlivesProduceNothing()
{
    ChatStream chat;
    QVERIFY(chat.push(": keep-alive\n\n:\n\n: another\n").isEmpty());
    QVERIFY(!chat.isDone());
    QVERIFY(!chat.error());
    QCOMPARE(chat.push(chunk(QStringLiteral("x"))), QStringList{QStringLiteral("x")});
}

void TestOpenAiProtocol::doneEndsTheStream()
{
    ChatStream chat;
    const QStringList pieces = chat.push(chunk(QStringLiteral("a")) + "data: [DONE]\n\n" + chunk(QStringLiteral("late")));
    QCOMPARE(pieces, QStringList{QStringLiteral("a")});
    QVERIFY(chat.isDone());
    QVERIFY(chat.push(chunk(QStringLiteral("later"))).isEmpty());
}

void TestOpenAiProtocol::errorObjectMidStream()
{
    ChatStream chat;
    const QStringList pieces = chat.push(chunk(QStringLiteral("part")) +
                                         "data: {\"error\":{\"message\":\"out of memory\",\"code\":500}}\n\n"
                                         + chunk(QStringLiteral("never")));
    QCOMPARE(pieces, QStringList{QStringLiteral("part")});
    QCOMPARE(chat.error().value_or(QString()), QStringLiteral("out of memory"));
    QVERIFY(!chat.isDone());
}

void TestOpenAiProtocol::noDoneButFinishReason()
{
    ChatStream chat;
    chat.push(chunk(QStringLiteral("a")));
    QVERIFY(!chat.hasFinishReason());
    chat.push("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}\n\n");
    chat.finish();
    QVERIFY(!chat.isDone());
    QVERIFY(chat.hasFinishReason());
    QCOMPARE(chat.finishReason(), QStringLiteral("length"));
}

void TestOpenAiProtocol::malformedData()
{
    ChatStream chat;
    QVERIFY(chat.push("data: {not json\n\n").isEmpty());
    QVERIFY(chat.malformed());
}

void TestOpenAiProtocol::llamaServerTimings()
{
    ChatStream chat;
    chat.push("data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],"
              "\"usage\":{\"prompt_tokens\":99,\"completion_tokens\":98},"
              "\"timings\":{\"cache_n\":3,\"prompt_n\":75,\"prompt_ms\":9.5,\"prompt_per_token_ms\":0.1,"
              "\"prompt_per_second\":7000,\"predicted_n\":16,\"predicted_ms\":5.25,"
              "\"predicted_per_token_ms\":0.3,\"predicted_per_second\":3047.6}}\n\n");
    const ServerTimings &t = chat.serverTimings();
    QCOMPARE(t.promptMs.value_or(-1), 9.5);
    QCOMPARE(t.promptTokens.value_or(-1), 75);
    QCOMPARE(t.cachedPromptTokens.value_or(-1), 3);
    QCOMPARE(t.decodeTokens.value_or(-1), 16);
    QCOMPARE(t.decodeMs.value_or(-1), 5.25);
    QCOMPARE(t.decodeTokensPerSecond.value_or(-1), 3047.6);
}

void TestOpenAiProtocol::usageOnly()
{
    ChatStream chat;
    chat.push("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":7}}\n\n");
    const ServerTimings &t = chat.serverTimings();
    QCOMPARE(t.promptTokens.value_or(-1), 40);
    QCOMPARE(t.decodeTokens.value_or(-1), 7);
    // Not reported: stays empty (shown as "—" / null), never 0.
    QVERIFY(!t.promptMs);
    QVERIFY(!t.decodeTokensPerSecond);
}

void TestOpenAiProtocol::requestBodyFirstQuestion()
{
    SamplingParams sampling;
    sampling.maxNewTokens = 33;
    sampling.temperature = 0.5f;
    const QByteArray jpeg("\xFF\xD8\xFF\xE0jpegbytes", 13);
    const QJsonObject body =
        QJsonDocument::fromJson(openai::chatRequestBody(QStringLiteral("m1"), QString(), jpeg, {},
                                                        QStringLiteral("What is it?"), sampling))
            .object();
    QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("m1"));
    QCOMPARE(body.value(QLatin1String("stream")).toBool(), true);
    QCOMPARE(body.value(QLatin1String("stream_options")).toObject().value(QLatin1String("include_usage")).toBool(), true);
    QCOMPARE(body.value(QLatin1String("max_tokens")).toInt(), 33);
    QCOMPARE(body.value(QLatin1String("temperature")).toDouble(), 0.5);
    const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), 1);
    const QJsonArray content = messages[0].toObject().value(QLatin1String("content")).toArray();
    QCOMPARE(content.size(), 2);
    // The image first, then the text.
    QCOMPARE(content[0].toObject().value(QLatin1String("type")).toString(), QStringLiteral("image_url"));
    QCOMPARE(content[0].toObject().value(QLatin1String("image_url")).toObject().value(QLatin1String("url")).toString(),
             QStringLiteral("data:image/jpeg;base64,") + QString::fromLatin1(jpeg.toBase64()));
    QCOMPARE(content[1].toObject().value(QLatin1String("text")).toString(), QStringLiteral("What is it?"));
}

void TestOpenAiProtocol::requestBodyFollowUpSendsImageOnce()
{
    const QList<openai::Turn> history{{QStringLiteral("Q1"), QStringLiteral("A1")},
                                      {QStringLiteral("Q2"), QStringLiteral("A2")}};
    const QByteArray raw = openai::chatRequestBody(QStringLiteral("m"), QStringLiteral("Be brief."),
                                                   QByteArray("jpg"), history, QStringLiteral("Q3"), {});
    QCOMPARE(raw.count("data:image/jpeg;base64,"), 1);
    const QJsonArray messages = QJsonDocument::fromJson(raw).object().value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), 6); // system, Q1, A1, Q2, A2, Q3
    QCOMPARE(messages[0].toObject().value(QLatin1String("role")).toString(), QStringLiteral("system"));
    QCOMPARE(messages[1].toObject().value(QLatin1String("content")).toArray().size(), 2); // image + Q1
    QCOMPARE(messages[2].toObject().value(QLatin1String("content")).toString(), QStringLiteral("A1"));
    QCOMPARE(messages[3].toObject().value(QLatin1String("content")).toArray().size(), 1); // Q2 only
    QCOMPARE(messages[5].toObject().value(QLatin1String("content")).toArray()[0].toObject()
                 .value(QLatin1String("text")).toString(),
             QStringLiteral("Q3"));
}

void TestOpenAiProtocol::apiUrlAndHost()
{
    QCOMPARE(openai::apiUrl(QStringLiteral("http://h:8000/v1/"), QStringLiteral("models")).toString(),
             QStringLiteral("http://h:8000/v1/models"));
    QCOMPARE(openai::hostAndPort(QUrl(QStringLiteral("http://gpu-box:8000/v1"))), QStringLiteral("gpu-box:8000"));
    QCOMPARE(openai::hostAndPort(QUrl(QStringLiteral("https://api.example/v1"))), QStringLiteral("api.example:443"));
    QCOMPARE(openai::hostAndPort(QUrl(QStringLiteral("http://[::1]:9/v1"))), QStringLiteral("[::1]:9"));
}

void TestOpenAiProtocol::modelIds()
{
    QCOMPARE(openai::modelIds(R"({"object":"list","data":[{"id":"a"},{"id":"b"}]})"),
             (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(openai::modelIds(R"({"models":[{"name":"llava:7b","model":"llava:7b"}]})"),
             QStringList{QStringLiteral("llava:7b")});
    QVERIFY(openai::modelIds("not json").isEmpty());
}

void TestOpenAiProtocol::httpErrors()
{
    openai::ErrorContext context;
    context.server = QStringLiteral("h:1");
    context.apiKeyEnv = QStringLiteral("MY_KEY");
    context.model = QStringLiteral("nope");
    context.models = {QStringLiteral("a"), QStringLiteral("b")};

    context.keySent = true;
    InferenceError e = openai::httpError(401, R"({"error":{"message":"Invalid API Key","type":"authentication_error"}})",
                                         context);
    QCOMPARE(e.code, InferenceErrorCode::ApiKeyRejected);
    QCOMPARE(e.subject, QStringLiteral("MY_KEY"));
    QVERIFY(e.detail.contains(QLatin1String("Invalid API Key")));

    context.keySent = false;
    e = openai::httpError(403, "{}", context);
    QCOMPARE(e.code, InferenceErrorCode::ApiKeyMissing);
    QCOMPARE(e.subject, QStringLiteral("MY_KEY"));

    e = openai::httpError(500, R"({"error":{"code":500,"message":"image input is not supported - hint: if this is unexpected, you may need to provide the mmproj","type":"server_error"}})",
                          context);
    QCOMPARE(e.code, InferenceErrorCode::ImageNotSupported);

    e = openai::httpError(404, R"({"error":{"message":"The model `nope` does not exist."}})", context);
    QCOMPARE(e.code, InferenceErrorCode::RemoteModelUnknown);
    QCOMPARE(e.subject, QStringLiteral("nope"));
    QCOMPARE(e.choices, context.models);

    e = openai::httpError(503, "Loading model", context);
    QCOMPARE(e.code, InferenceErrorCode::ServerError);
    QCOMPARE(e.subject, QStringLiteral("h:1"));
    QVERIFY(e.detail.contains(QLatin1String("Loading model")));

    e = openai::streamError(QStringLiteral("image input is not supported"), context);
    QCOMPARE(e.code, InferenceErrorCode::ImageNotSupported);
}

void TestOpenAiProtocol::logLineRedactsAuthorization()
{
    QNetworkRequest request(QUrl(QStringLiteral("http://user:pw@h:1/v1/chat/completions")));
    request.setRawHeader("Authorization", "Bearer sk-secret-123");
    request.setRawHeader("Accept", "text/event-stream");
    const QString line = OpenAiBackend::describeForLog("POST", request);
    QVERIFY2(!line.contains(QLatin1String("sk-secret-123")), qPrintable(line));
    QVERIFY(!line.contains(QLatin1String("pw")));
    QVERIFY(line.contains(QLatin1String("Authorization: <redacted>")));
    QVERIFY(line.contains(QLatin1String("Accept: text/event-stream")));
}

QTEST_GUILESS_MAIN(TestOpenAiProtocol)
#include "test_openaiprotocol.moc"
