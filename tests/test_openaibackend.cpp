// OpenAiBackend against a scripted loopback server (tests/support/scriptedchatserver):
// streaming, the stream's edge cases over real sockets, stop, follow-ups, timings, and
// every error a model server can cause before or during an answer.
#include "llamaserver.h"
#include "scriptedchatserver.h"

#include "inference/remote/openaibackend.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <atomic>
#include <cstdlib>
#include <optional>
#include <vector>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace camchat::inference;
using camchat::test::ScriptedChatServer;
using Response = ScriptedChatServer::Response;
using Request = ScriptedChatServer::Request;

namespace {

class RecordingSink final : public GenerationSink
{
public:
    void stageStarted(Stage stage) override { started.append(stage); }
    void stageFinished(Stage stage, std::int64_t durationUs, int tokens) override
    {
        finished.append({stage, durationUs, tokens});
    }
    void token(const QString &piece) override
    {
        QVERIFY2(!cancel, "a token after cancellation");
        pieces.append(piece);
        if (cancelAfterTokens > 0 && pieces.size() >= cancelAfterTokens)
            cancel = true;
    }
    void serverTimings(const ServerTimings &t) override { server = t; }
    bool isCancelled() const override { return cancel; }

    struct Finished {
        Stage stage;
        std::int64_t us;
        int tokens;
    };
    std::optional<Finished> stage(Stage s) const
    {
        for (const Finished &f : finished) {
            if (f.stage == s)
                return f;
        }
        return std::nullopt;
    }
    QString text() const { return pieces.join(QString()); }

    QList<Stage> started;
    QList<Finished> finished;
    QStringList pieces;
    std::optional<ServerTimings> server;
    int cancelAfterTokens = 0;
    std::atomic<bool> cancel{false};
};

const QByteArray kModels = ScriptedChatServer::modelList({QStringLiteral("vision-1"), QStringLiteral("vision-2")});

// Answers /models with kModels and the chat with `chat`.
ScriptedChatServer::Handler serve(const std::function<Response(const Request &)> &chat)
{
    return [chat](const Request &request) {
        if (request.path.endsWith("/models"))
            return Response::json(200, kModels);
        return chat(request);
    };
}

QList<QByteArray> answerEvents(const QStringList &pieces)
{
    QList<QByteArray> events;
    for (const QString &piece : pieces)
        events.append(ScriptedChatServer::contentChunk(piece));
    events.append(ScriptedChatServer::finalChunk(12, int(pieces.size())));
    events.append("[DONE]");
    return events;
}

// This process's TCP sockets connected to `port` (the client's side of a loopback
// connection), with whether each has TCP_NODELAY set.
QList<bool> clientSocketsNoDelay(quint16 port)
{
    QList<bool> found;
    DIR *dir = opendir("/proc/self/fd");
    while (const dirent *entry = dir ? readdir(dir) : nullptr) {
        const int fd = std::atoi(entry->d_name);
        sockaddr_in peer{};
        socklen_t length = sizeof peer;
        if (fd <= 2 || getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &length) != 0
            || peer.sin_family != AF_INET || ntohs(peer.sin_port) != port)
            continue;
        int on = 0;
        socklen_t size = sizeof on;
        found.append(getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, &size) == 0 && on != 0);
    }
    if (dir)
        closedir(dir);
    return found;
}

// A loopback port whose connections are never established: a listening socket with a
// backlog of 0 that never accepts, filled up by connections of our own. Linux then drops
// further SYNs, so a client's connect() hangs as it would towards a host that is down.
class BlackholePort
{
public:
    BlackholePort()
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (m_listener < 0 || ::bind(m_listener, reinterpret_cast<sockaddr *>(&address), length) != 0
            || ::listen(m_listener, 0) != 0
            || ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length) != 0)
            return;
        m_port = ntohs(address.sin_port);
        // Connect until one does not complete: from then on the queue is full.
        for (int i = 0; i < 16; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            m_fillers.push_back(fd);
            ::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
            pollfd waiting{fd, POLLOUT, 0};
            if (::poll(&waiting, 1, 300) == 0) {
                m_full = true;
                return;
            }
        }
    }
    ~BlackholePort()
    {
        for (const int fd : m_fillers)
            ::close(fd);
        if (m_listener >= 0)
            ::close(m_listener);
    }
    BlackholePort(const BlackholePort &) = delete;
    BlackholePort &operator=(const BlackholePort &) = delete;

    bool isFull() const { return m_full; }
    quint16 port() const { return m_port; }

private:
    int m_listener = -1;
    quint16 m_port = 0;
    bool m_full = false;
    std::vector<int> m_fillers;
};

ModelProfile remoteProfile(const QString &endpoint, const QString &model = {}, int timeoutSeconds = 30)
{
    ModelProfile profile;
    profile.id = QStringLiteral("remote-test");
    profile.name = QStringLiteral("Remote test");
    profile.backend = BackendKind::OpenAi;
    profile.remote.endpoint = endpoint;
    profile.remote.model = model;
    profile.remote.timeoutSeconds = timeoutSeconds;
    profile.vision.jpegQuality = 90;
    return profile;
}

RgbImage jpegImage()
{
    RgbImage image;
    image.width = 2;
    image.height = 2;
    image.pixels = std::shared_ptr<std::uint8_t[]>(new std::uint8_t[12]{});
    image.jpeg = QByteArray("\xFF\xD8\xFF\xE0 test jpeg \xFF\xD9", 16);
    return image;
}

InferenceError load(OpenAiBackend &backend, const ModelProfile &profile)
{
    return backend.load(profile, {}, [](float) { return true; });
}

InferenceError ask(OpenAiBackend &backend, RecordingSink &sink, const RgbImage *image,
                   const QString &prompt = QStringLiteral("What is it?"))
{
    BackendRequest request;
    request.image = image;
    request.prompt = prompt;
    return backend.run(request, sink);
}

QJsonArray messagesOf(const Request &request)
{
    return QJsonDocument::fromJson(request.body).object().value(QLatin1String("messages")).toArray();
}

} // namespace

class TestOpenAiBackend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streamsAnswerAndTimings();
    void firstModelFromList();
    void followUpResendsConversationWithImageOnce();
    void everyByteInItsOwnRead();
    void utf8CharacterSplitAcrossReads();
    void keepAlivesBetweenChunks();
    void errorEventMidStream();
    void endWithoutDoneAfterFinishReason();
    void endWithoutDoneMidAnswer();
    void chunkedStreamCutOff();
    void slowFirstTokenTimesOut();
    void silenceMidAnswerStalls();
    void unknownModelListsWhatServerOffers();
    void apiKeySentAndRejected();
    void apiKeyVariableUnset();
    void unreachable();
    void connectionNeverEstablishedTimesOut();
    void requestGoesOutWithoutNagleDelay();
    void imageNotSupported();
    void stopAbortsAtOnce();
};

void TestOpenAiBackend::streamsAnswerAndTimings()
{
    ScriptedChatServer server(serve([](const Request &) {
        return Response::events(answerEvents({QStringLiteral("A red"), QStringLiteral(" cat"), QStringLiteral(".")}), 20);
    }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint(), QStringLiteral("vision-2"))));
    QVERIFY(backend.isLoaded());
    QCOMPARE(backend.model(), QStringLiteral("vision-2"));

    RecordingSink sink;
    const RgbImage image = jpegImage();
    const InferenceError error = ask(backend, sink, &image);
    QVERIFY2(!error, qPrintable(error.detail));
    // Piece by piece, as the server sent them.
    QCOMPARE(sink.pieces, (QStringList{QStringLiteral("A red"), QStringLiteral(" cat"), QStringLiteral(".")}));
    QVERIFY(sink.stage(Stage::Upload));
    QVERIFY(sink.stage(Stage::Decode));
    QCOMPARE(sink.stage(Stage::Decode)->tokens, 3);
    QVERIFY(!sink.stage(Stage::Prefill)); // usage has no prompt time: not reported
    QVERIFY(sink.server);
    QCOMPARE(sink.server->promptTokens.value_or(-1), 12);
    QVERIFY(!sink.server->promptMs);
    QVERIFY(backend.hasConversation());

    const QList<Request> requests = server.requests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests[1].method, QByteArray("POST"));
    QCOMPARE(requests[1].path, QByteArray("/v1/chat/completions"));
    const QJsonObject body = QJsonDocument::fromJson(requests[1].body).object();
    QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("vision-2"));
    QVERIFY(!requests[1].headers.contains("authorization"));
}

void TestOpenAiBackend::firstModelFromList()
{
    ScriptedChatServer server(serve([](const Request &) { return Response::events(answerEvents({QStringLiteral("x")})); }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint())));
    QCOMPARE(backend.model(), QStringLiteral("vision-1"));
    QCOMPARE(backend.serverModels(), (QStringList{QStringLiteral("vision-1"), QStringLiteral("vision-2")}));
}

void TestOpenAiBackend::followUpResendsConversationWithImageOnce()
{
    ScriptedChatServer server(serve([](const Request &request) {
        const int turns = int(messagesOf(request).size());
        return Response::events(answerEvents({QStringLiteral("answer %1").arg(turns)}));
    }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint())));
    const RgbImage image = jpegImage();
    RecordingSink first;
    QVERIFY(!ask(backend, first, &image, QStringLiteral("Q1")));
    RecordingSink second;
    QVERIFY(!ask(backend, second, nullptr, QStringLiteral("Q2")));
    QCOMPARE(second.text(), QStringLiteral("answer 3"));

    const QList<Request> requests = server.requests();
    QCOMPARE(requests.size(), 3);
    const QJsonArray messages = messagesOf(requests[2]);
    QCOMPARE(messages.size(), 3); // Q1 (with the image), A1, Q2
    QCOMPARE(requests[2].body.count("data:image/jpeg;base64,"), 1);
    QCOMPARE(messages[0].toObject().value(QLatin1String("content")).toArray()[0].toObject()
                 .value(QLatin1String("type")).toString(),
             QStringLiteral("image_url"));
    QCOMPARE(messages[1].toObject().value(QLatin1String("content")).toString(), QStringLiteral("answer 1"));

    // A new image starts over.
    RecordingSink third;
    QVERIFY(!ask(backend, third, &image, QStringLiteral("Q3")));
    QCOMPARE(messagesOf(server.requests().last()).size(), 1);
}

void TestOpenAiBackend::everyByteInItsOwnRead()
{
    QByteArray stream;
    for (const QByteArray &event : answerEvents({QStringLiteral("Hello"), QStringLiteral(" there")}))
        stream += "data: " + event + "\n\n";
    ScriptedChatServer server(serve([stream](const Request &) {
        Response response;
        for (char c : stream)
            response.steps.append({QByteArray(1, c), 1}); // a pause after each: separate reads
        return response;
    }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint())));
    RecordingSink sink;
    const RgbImage image = jpegImage();
    const InferenceError error = ask(backend, sink, &image);
    QVERIFY2(!error, qPrintable(error.detail));
    QCOMPARE(sink.text(), QStringLiteral("Hello there"));
}

void TestOpenAiBackend::utf8CharacterSplitAcrossReads()
{
    const QByteArray event = "data: " + ScriptedChatServer::contentChunk(QStringLiteral("5 €")) + "\n\n";
    const qsizetype euro = event.indexOf("\xE2\x82\xAC");
    ScriptedChatServer server(serve([event, euro](const Request &) {
        Response response;
        response.steps = {{event.left(euro + 1), 0}, {event.mid(euro + 1, 1), 30}, {event.mid(euro + 2), 30},
                          {"data: " + ScriptedChatServer::finalChunk(1, 1) + "\n\ndata: [DONE]\n\n", 0}};
        return response;
    }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint())));
    RecordingSink sink;
    const RgbImage image = jpegImage();
    QVERIFY(!ask(backend, sink, &image));
    QCOMPARE(sink.pieces, QStringList{QStringLiteral("5 €")});
}

void TestOpenAiBackend::keepAlivesBetweenChunks()
{
    ScriptedChatServer server(serve([](const Request &) {
        Response response;
        response.steps = {{": keep-alive\n\n", 0},
                          {"data: " + ScriptedChatServer::contentChunk(QStringLiteral("a")) + "\n\n", 10},
                          {": keep-alive\n\n", 10},
                          {":\n\n", 10},
                          {"data: " + ScriptedChatServer::contentChunk(QStringLiteral("b")) + "\n\n", 10},
                          {"data: [DONE]\n\n", 10}};
        return response;
    }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint())));
    RecordingSink sink;
    const RgbImage image = jpegImage();
    QVERIFY(!ask(backend, sink, &image));
    QCOMPARE(sink.text(), QStringLiteral("ab"));
}

void TestOpenAiBackend::errorEventMidStream()
{
    ScriptedChatServer server(serve([](const Request &) {
        return Response::events({ScriptedChatServer::contentChunk(QStringLiteral("The ")),
                                 R"({"error":{"message":"backend crashed","type":"server_error"}})",
                                 ScriptedChatServer::contentChunk(QStringLiteral("never"))});
    }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint())));
    RecordingSink sink;
    const RgbImage image = jpegImage();
    const InferenceError error = ask(backend, sink, &image);
    QCOMPARE(error.code, InferenceErrorCode::ServerError);
    QCOMPARE(error.detail, QStringLiteral("backend crashed"));
    QCOMPARE(error.subject, QStringLiteral("127.0.0.1:%1").arg(server.port()));
    QCOMPARE(sink.text(), QStringLiteral("The "));
    QVERIFY(!backend.hasConversation()); // a first question that failed leaves nothing
}

void TestOpenAiBackend::endWithoutDoneAfterFinishReason()
{
    ScriptedChatServer server(serve([](const Request &) {
        return Response::events({ScriptedChatServer::contentChunk(QStringLiteral("done")),
                                 ScriptedChatServer::finalChunk(3, 1)}); // no [DONE]
    }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint())));
    RecordingSink sink;
    const RgbImage image = jpegImage();
    const InferenceError error = ask(backend, sink, &image);
    QVERIFY2(!error, qPrintable(error.detail));
    QCOMPARE(sink.text(), QStringLiteral("done"));
}

void TestOpenAiBackend::endWithoutDoneMidAnswer()
{
    ScriptedChatServer server(serve([](const Request &) {
        return Response::events({ScriptedChatServer::contentChunk(QStringLiteral("half an"))});
    }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint())));
    RecordingSink sink;
    const RgbImage image = jpegImage();
    const InferenceError error = ask(backend, sink, &image);
    QCOMPARE(error.code, InferenceErrorCode::ConnectionDropped);
    QCOMPARE(sink.text(), QStringLiteral("half an")); // the partial answer was delivered
}

void TestOpenAiBackend::chunkedStreamCutOff()
{
    ScriptedChatServer server(serve([](const Request &) {
        Response response = Response::events({ScriptedChatServer::contentChunk(QStringLiteral("cut"))});
        response.chunked = true;
        response.cutOff = true;
        return response;
    }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint())));
    RecordingSink sink;
    const RgbImage image = jpegImage();
    const InferenceError error = ask(backend, sink, &image);
    QCOMPARE(error.code, InferenceErrorCode::ConnectionDropped);
    QCOMPARE(sink.text(), QStringLiteral("cut"));
}

void TestOpenAiBackend::slowFirstTokenTimesOut()
{
    ScriptedChatServer server(serve([](const Request &) {
        Response response;
        response.steps = {{": still thinking\n\n", 0}};
        response.hang = true;
        return response;
    }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint(), {}, 1)));
    RecordingSink sink;
    const RgbImage image = jpegImage();
    const InferenceError error = ask(backend, sink, &image);
    QCOMPARE(error.code, InferenceErrorCode::ServerTimeout);
    QVERIFY(sink.pieces.isEmpty());
}

void TestOpenAiBackend::silenceMidAnswerStalls()
{
    ScriptedChatServer server(serve([](const Request &) {
        Response response = Response::events({ScriptedChatServer::contentChunk(QStringLiteral("begun"))});
        response.hang = true; // then nothing, not even a keep-alive
        return response;
    }));
    OpenAiBackend backend;
    BackendOptions options;
    options.silenceTimeoutMs = 300;
    QVERIFY(!backend.load(remoteProfile(server.endpoint()), options, [](float) { return true; }));
    RecordingSink sink;
    const RgbImage image = jpegImage();
    const InferenceError error = ask(backend, sink, &image);
    QCOMPARE(error.code, InferenceErrorCode::ServerStalled);
    QCOMPARE(sink.text(), QStringLiteral("begun")); // the partial answer was delivered
}

void TestOpenAiBackend::unknownModelListsWhatServerOffers()
{
    ScriptedChatServer server(serve([](const Request &) {
        return Response::json(404, R"({"error":{"message":"The model `gone` does not exist."}})");
    }));
    OpenAiBackend backend;
    const InferenceError error = load(backend, remoteProfile(server.endpoint(), QStringLiteral("gone")));
    QCOMPARE(error.code, InferenceErrorCode::RemoteModelUnknown);
    QCOMPARE(error.subject, QStringLiteral("gone"));
    QCOMPARE(error.choices, (QStringList{QStringLiteral("vision-1"), QStringLiteral("vision-2")}));
    QVERIFY(!backend.isLoaded());

    // A server whose /models is not there: the chat request's 404 says the same.
    ScriptedChatServer bare([](const Request &request) {
        if (request.path.endsWith("/models"))
            return Response::json(404, "{}");
        return Response::json(404, R"({"error":{"message":"model 'gone' not found"}})");
    });
    OpenAiBackend second;
    QVERIFY(!load(second, remoteProfile(bare.endpoint(), QStringLiteral("gone"))));
    RecordingSink sink;
    const RgbImage image = jpegImage();
    QCOMPARE(ask(second, sink, &image).code, InferenceErrorCode::RemoteModelUnknown);
}

void TestOpenAiBackend::apiKeySentAndRejected()
{
    ScriptedChatServer server(serve([](const Request &) {
        return Response::json(401, R"({"error":{"message":"Invalid API Key","type":"authentication_error"}})");
    }));
    qputenv("CAMCHAT_TEST_REMOTE_KEY", "sk-test-456");
    ModelProfile profile = remoteProfile(server.endpoint());
    profile.remote.apiKeyEnv = QStringLiteral("CAMCHAT_TEST_REMOTE_KEY");
    OpenAiBackend backend;
    QVERIFY(!load(backend, profile));
    RecordingSink sink;
    const RgbImage image = jpegImage();
    const InferenceError error = ask(backend, sink, &image);
    qunsetenv("CAMCHAT_TEST_REMOTE_KEY");
    QCOMPARE(error.code, InferenceErrorCode::ApiKeyRejected);
    QCOMPARE(error.subject, QStringLiteral("CAMCHAT_TEST_REMOTE_KEY"));
    QVERIFY(!error.detail.contains(QLatin1String("sk-test-456")));
    QCOMPARE(server.requests().last().headers.value("authorization"), QByteArray("Bearer sk-test-456"));
}

void TestOpenAiBackend::apiKeyVariableUnset()
{
    ScriptedChatServer server([](const Request &) { return Response::json(401, R"({"error":{"message":"Invalid API Key"}})"); });
    qunsetenv("CAMCHAT_TEST_REMOTE_UNSET");
    ModelProfile profile = remoteProfile(server.endpoint());
    profile.remote.apiKeyEnv = QStringLiteral("CAMCHAT_TEST_REMOTE_UNSET");
    OpenAiBackend backend;
    const InferenceError error = load(backend, profile);
    QCOMPARE(error.code, InferenceErrorCode::ApiKeyMissing);
    QCOMPARE(error.subject, QStringLiteral("CAMCHAT_TEST_REMOTE_UNSET"));
    QVERIFY(!server.requests().first().headers.contains("authorization")); // no key sent
}

void TestOpenAiBackend::unreachable()
{
    const quint16 port = camchat::test::freeLoopbackPort();
    OpenAiBackend backend;
    const InferenceError error = load(backend, remoteProfile(QStringLiteral("http://127.0.0.1:%1/v1").arg(port)));
    QCOMPARE(error.code, InferenceErrorCode::ServerUnreachable);
    QCOMPARE(error.subject, QStringLiteral("127.0.0.1:%1").arg(port));
    QVERIFY(!error.detail.isEmpty());
}

void TestOpenAiBackend::connectionNeverEstablishedTimesOut()
{
    BlackholePort blackhole;
    QVERIFY2(blackhole.isFull(), "could not fill the listen queue");
    OpenAiBackend backend;
    BackendOptions options;
    options.connectTimeoutMs = 400; // 10 s by default
    const InferenceError error = backend.load(
        remoteProfile(QStringLiteral("http://127.0.0.1:%1/v1").arg(blackhole.port())), options,
        [](float) { return true; });
    QCOMPARE(error.code, InferenceErrorCode::ServerUnreachable);
    QCOMPARE(error.subject, QStringLiteral("127.0.0.1:%1").arg(blackhole.port()));
    QCOMPARE(error.detail, QStringLiteral("no connection within 0.4 s"));
    QVERIFY(!backend.isLoaded());
}

// Qt's HTTP client writes the body in 16 KiB pieces; without TCP_NODELAY the server's
// delayed ACKs held the end of the image back (47 ms of the first token on loopback).
void TestOpenAiBackend::requestGoesOutWithoutNagleDelay()
{
    ScriptedChatServer server(serve([](const Request &) {
        Response response = Response::events({ScriptedChatServer::contentChunk(QStringLiteral("one"))});
        response.hang = true; // the connection stays open while the sink looks at it
        return response;
    }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint())));

    class SocketSink final : public GenerationSink
    {
    public:
        explicit SocketSink(quint16 port) : m_port(port) {}
        void stageStarted(Stage) override {}
        void stageFinished(Stage, std::int64_t, int) override {}
        void token(const QString &) override
        {
            sockets = clientSocketsNoDelay(m_port);
            m_cancel = true;
        }
        bool isCancelled() const override { return m_cancel; }
        QList<bool> sockets;

    private:
        quint16 m_port;
        bool m_cancel = false;
    } sink(server.port());
    const RgbImage image = jpegImage();
    BackendRequest request;
    request.image = &image;
    request.prompt = QStringLiteral("What is this?");
    QCOMPARE(backend.run(request, sink).code, InferenceErrorCode::Cancelled);
    QVERIFY(!sink.sockets.isEmpty());
    QVERIFY(!sink.sockets.contains(false));
}

void TestOpenAiBackend::imageNotSupported()
{
    ScriptedChatServer server(serve([](const Request &) {
        return Response::json(500, R"({"error":{"code":500,"message":"image input is not supported - hint: if this is unexpected, you may need to provide the mmproj","type":"server_error"}})");
    }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint())));
    RecordingSink sink;
    const RgbImage image = jpegImage();
    QCOMPARE(ask(backend, sink, &image).code, InferenceErrorCode::ImageNotSupported);
}

void TestOpenAiBackend::stopAbortsAtOnce()
{
    ScriptedChatServer server(serve([](const Request &) {
        Response response;
        response.steps = {{"data: " + ScriptedChatServer::contentChunk(QStringLiteral("one")) + "\n\n", 0},
                          {"data: " + ScriptedChatServer::contentChunk(QStringLiteral("two")) + "\n\n", 50}};
        response.hang = true; // would never finish on its own
        return response;
    }));
    OpenAiBackend backend;
    QVERIFY(!load(backend, remoteProfile(server.endpoint())));
    RecordingSink sink;
    sink.cancelAfterTokens = 1;
    const RgbImage image = jpegImage();
    const InferenceError error = ask(backend, sink, &image);
    QCOMPARE(error.code, InferenceErrorCode::Cancelled);
    QCOMPARE(sink.pieces, QStringList{QStringLiteral("one")});
}

QTEST_GUILESS_MAIN(TestOpenAiBackend)
#include "test_openaibackend.moc"
