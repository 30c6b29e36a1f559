// camchat_fakehub: a loopback stand-in for the Hugging Face hub and its CDN, for the
// download tests. Two servers on 127.0.0.1 (ports chosen by the kernel):
//   hub: GET /api/models/{owner}/{repo}/tree/{rev}[/{folder}]  the tree API with lfs sha256
//        GET|HEAD /{owner}/{repo}/resolve/{rev}/{path}         302 to the CDN, X-Linked-*
//   cdn: GET /cdn/{path}                                      the bytes: Range, If-Range,
//                                                             ETag, Content-Length
// It serves the files of --dir as the repository --repo (any revision).
//
// Prints "hub PORT" and "cdn PORT" on stdout, then reads commands from stdin, one a line,
// answering "ok CMD" on stdout once applied:
//   drop N          the CDN closes the connection once the file's byte N went out (0: off)
//   corrupt 0|1     the CDN serves every file with one byte changed
//   ignore-range 0|1  the CDN answers 200 with the whole file to a Range request
//   token T|-       the hub answers 401 unless "Authorization: Bearer T" ("-": no token)
//   rate N          the CDN sends N bytes per second (0: as fast as it can)
// The same switches exist as options (--drop-after N, --corrupt, --ignore-range,
// --token T, --rate N). Each request appends one line to --log FILE:
//   SERVER METHOD PATH range=VALUE|- if-range=VALUE|- auth=yes|no
// It exits when stdin closes, so it never outlives the test that started it.

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <cstdio>

#include <unistd.h>

namespace {

struct Settings {
    QString dir;
    QString repo;
    QString logPath;
    QByteArray token;
    qint64 dropAfter = 0;
    qint64 rate = 0;
    bool corrupt = false;
    bool ignoreRange = false;
};

Settings g_settings;
quint16 g_cdnPort = 0;

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

struct Request {
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // lower-case names
};

QByteArray sha256Of(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

// The file at `relative` inside the served dir, or nothing (never outside it).
bool readServed(const QByteArray &relative, QByteArray *data)
{
    const QString name = QString::fromUtf8(QByteArray::fromPercentEncoding(relative));
    if (name.isEmpty() || name.contains(QLatin1String("..")))
        return false;
    QFile file(QDir(g_settings.dir).filePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    *data = file.readAll();
    return true;
}

QByteArray served(const QByteArray &data)
{
    if (!g_settings.corrupt || data.isEmpty())
        return data;
    QByteArray changed = data;
    changed[changed.size() / 2] = static_cast<char>(changed.at(changed.size() / 2) ^ 0x5a);
    return changed;
}

void logRequest(const char *server, const Request &request)
{
    if (g_settings.logPath.isEmpty())
        return;
    QFile log(g_settings.logPath);
    if (!log.open(QIODevice::Append))
        return;
    const auto value = [&request](const char *name) {
        const QByteArray v = request.headers.value(name);
        return v.isEmpty() ? QByteArray("-") : v;
    };
    log.write(QByteArray(server) + ' ' + request.method + ' ' + request.path + " range=" + value("range")
              + " if-range=" + value("if-range") + " auth=" + (request.headers.contains("authorization") ? "yes" : "no")
              + '\n');
}

void respond(QTcpSocket *socket, int status, const QByteArray &reason, const QList<QByteArray> &headers,
             const QByteArray &body, bool head = false, qint64 bodyLength = -1)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    for (const QByteArray &header : headers)
        out += header + "\r\n";
    out += "Content-Length: " + QByteArray::number(bodyLength >= 0 ? bodyLength : body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n";
    socket->write(out);
    if (!head && !body.isEmpty())
        socket->write(body);
    socket->disconnectFromHost();
}

bool authorised(const Request &request)
{
    if (g_settings.token.isEmpty())
        return true;
    return request.headers.value("authorization") == "Bearer " + g_settings.token;
}

void serveHub(QTcpSocket *socket, const Request &request)
{
    logRequest("hub", request);
    const QList<QByteArray> parts = request.path.split('?').constFirst().split('/');
    // /api/models/{owner}/{repo}/tree/{rev}[/folder...]
    if (parts.size() >= 7 && parts.at(1) == "api" && parts.at(2) == "models" && parts.at(5) == "tree") {
        const QByteArray repo = parts.at(3) + '/' + parts.at(4);
        if (!authorised(request)) {
            respond(socket, 401, "Unauthorized", {"Content-Type: application/json"}, R"({"error":"Invalid credentials"})");
            return;
        }
        if (repo != g_settings.repo.toUtf8()) {
            respond(socket, 404, "Not Found", {"Content-Type: application/json"}, R"({"error":"Repository not found"})");
            return;
        }
        const QString folder = QString::fromUtf8(parts.mid(7).join('/'));
        const QDir base(g_settings.dir);
        QJsonArray list;
        const QDir dir(base.filePath(folder));
        for (const QFileInfo &info : dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            const QString path = base.relativeFilePath(info.filePath());
            if (info.isDir()) {
                list.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("directory")},
                                        {QStringLiteral("path"), path}});
                continue;
            }
            QFile file(info.filePath());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QByteArray data = file.readAll();
            list.append(QJsonObject{
                {QStringLiteral("type"), QStringLiteral("file")},
                {QStringLiteral("path"), path},
                {QStringLiteral("size"), data.size()},
                {QStringLiteral("oid"), QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha1).toHex())},
                {QStringLiteral("lfs"), QJsonObject{{QStringLiteral("oid"), QString::fromLatin1(sha256Of(data))},
                                                    {QStringLiteral("size"), data.size()},
                                                    {QStringLiteral("pointerSize"), 134}}},
            });
        }
        respond(socket, 200, "OK", {"Content-Type: application/json"}, QJsonDocument(list).toJson(QJsonDocument::Compact));
        return;
    }
    // /{owner}/{repo}/resolve/{rev}/{path...}
    if (parts.size() >= 6 && parts.at(3) == "resolve") {
        const QByteArray repo = parts.at(1) + '/' + parts.at(2);
        if (!authorised(request)) {
            respond(socket, 401, "Unauthorized", {}, "Invalid credentials");
            return;
        }
        const QByteArray relative = parts.mid(5).join('/');
        QByteArray data;
        if (repo != g_settings.repo.toUtf8() || !readServed(relative, &data)) {
            respond(socket, 404, "Not Found", {"X-Error-Code: EntryNotFound"}, "Entry not found");
            return;
        }
        const QByteArray sha = sha256Of(data);
        respond(socket, 302, "Found",
                {"Location: http://127.0.0.1:" + QByteArray::number(g_cdnPort) + "/cdn/" + relative,
                 "X-Linked-Etag: \"" + sha + '"', "X-Linked-Size: " + QByteArray::number(data.size()),
                 "ETag: \"" + sha + '"', "X-Repo-Commit: 0123456789abcdef0123456789abcdef01234567"},
                {}, request.method == "HEAD", 0);
        return;
    }
    respond(socket, 404, "Not Found", {}, "Not found");
}

// Sends `body` at the configured rate, dropping the connection at `dropAt` (absolute
// offset `start` + sent) when set.
void sendBody(QTcpSocket *socket, const QByteArray &body, qint64 start)
{
    qint64 limit = body.size();
    if (g_settings.dropAfter > 0)
        limit = std::clamp<qint64>(g_settings.dropAfter - start, 0, limit);
    const bool dropping = limit < body.size();
    if (g_settings.rate <= 0) {
        socket->write(body.left(limit));
        if (dropping) {
            socket->flush();
            socket->waitForBytesWritten(2000);
            socket->abort();
            socket->deleteLater();
        } else {
            socket->disconnectFromHost();
        }
        return;
    }
    auto *timer = new QTimer(socket);
    auto sent = std::make_shared<qint64>(0);
    const qint64 chunk = std::max<qint64>(1, g_settings.rate / 20);
    QObject::connect(timer, &QTimer::timeout, socket, [socket, timer, body, limit, dropping, sent, chunk] {
        if (socket->state() != QAbstractSocket::ConnectedState) {
            timer->stop();
            return;
        }
        const qint64 n = std::min(chunk, limit - *sent);
        socket->write(body.mid(*sent, n));
        *sent += n;
        if (*sent >= limit) {
            timer->stop();
            if (dropping) {
                socket->flush();
                socket->waitForBytesWritten(2000);
                socket->abort();
                socket->deleteLater();
            } else {
                socket->disconnectFromHost();
            }
        }
    });
    timer->start(50);
}

void serveCdn(QTcpSocket *socket, const Request &request)
{
    logRequest("cdn", request);
    const QByteArray path = request.path.split('?').constFirst();
    QByteArray data;
    if (!path.startsWith("/cdn/") || !readServed(path.mid(5), &data)) {
        respond(socket, 404, "Not Found", {}, "Not found");
        return;
    }
    const QByteArray etag = '"' + sha256Of(data) + '"';
    const QByteArray body = served(data);
    const QList<QByteArray> common{"ETag: " + etag, "Accept-Ranges: bytes", "Content-Type: application/octet-stream"};
    qint64 start = 0;
    const QByteArray range = request.headers.value("range");
    const QByteArray ifRange = request.headers.value("if-range");
    if (!range.isEmpty() && !g_settings.ignoreRange && (ifRange.isEmpty() || ifRange == etag)
        && range.startsWith("bytes=") && range.endsWith('-')) {
        start = range.mid(6, range.size() - 7).toLongLong();
        if (start >= body.size()) {
            respond(socket, 416, "Range Not Satisfiable", {"Content-Range: bytes */" + QByteArray::number(body.size())}, {});
            return;
        }
    }
    QByteArray head;
    if (start > 0) {
        head = "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + QByteArray::number(start) + '-'
            + QByteArray::number(body.size() - 1) + '/' + QByteArray::number(body.size()) + "\r\n";
    } else {
        head = "HTTP/1.1 200 OK\r\n";
    }
    for (const QByteArray &header : common)
        head += header + "\r\n";
    head += "Content-Length: " + QByteArray::number(body.size() - start) + "\r\nConnection: close\r\n\r\n";
    socket->write(head);
    if (request.method == "HEAD") {
        socket->disconnectFromHost();
        return;
    }
    sendBody(socket, body.mid(start), start);
}

void listen(QTcpServer &server, void (*handler)(QTcpSocket *, const Request &))
{
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&server, handler] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            auto buffer = std::make_shared<QByteArray>();
            auto handled = std::make_shared<bool>(false);
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, buffer, handled, handler] {
                if (*handled) {
                    socket->readAll();
                    return;
                }
                *buffer += socket->readAll();
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                *handled = true;
                const QList<QByteArray> lines = buffer->left(end).split('\n');
                Request request;
                const QList<QByteArray> first = lines.constFirst().trimmed().split(' ');
                request.method = first.value(0);
                request.path = first.value(1);
                for (qsizetype i = 1; i < lines.size(); ++i) {
                    const qsizetype colon = lines.at(i).indexOf(':');
                    if (colon > 0)
                        request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                               lines.at(i).mid(colon + 1).trimmed());
                }
                handler(socket, request);
            });
        }
    });
}

void command(const QByteArray &line)
{
    const QList<QByteArray> words = line.trimmed().split(' ');
    const QByteArray name = words.value(0);
    const QByteArray value = words.value(1);
    if (name == "drop")
        g_settings.dropAfter = value.toLongLong();
    else if (name == "corrupt")
        g_settings.corrupt = value == "1";
    else if (name == "ignore-range")
        g_settings.ignoreRange = value == "1";
    else if (name == "token")
        g_settings.token = value == "-" ? QByteArray() : value;
    else if (name == "rate")
        g_settings.rate = value.toLongLong();
    else if (name.isEmpty())
        return;
    else {
        say("error unknown command " + name);
        return;
    }
    say("ok " + line.trimmed());
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption dir(QStringLiteral("dir"), QStringLiteral("Files to serve."), QStringLiteral("DIR"));
    const QCommandLineOption repo(QStringLiteral("repo"), QStringLiteral("owner/name"), QStringLiteral("REPO"));
    const QCommandLineOption log(QStringLiteral("log"), QStringLiteral("Request log."), QStringLiteral("FILE"));
    const QCommandLineOption token(QStringLiteral("token"), QStringLiteral("Required token."), QStringLiteral("T"));
    const QCommandLineOption drop(QStringLiteral("drop-after"), QStringLiteral("Drop at byte N."), QStringLiteral("N"));
    const QCommandLineOption rate(QStringLiteral("rate"), QStringLiteral("Bytes per second."), QStringLiteral("N"));
    const QCommandLineOption corrupt(QStringLiteral("corrupt"), QStringLiteral("Serve wrong bytes."));
    const QCommandLineOption ignoreRange(QStringLiteral("ignore-range"), QStringLiteral("Ignore Range."));
    parser.addOptions({dir, repo, log, token, drop, rate, corrupt, ignoreRange});
    parser.process(app);
    g_settings.dir = QDir(parser.value(dir)).absolutePath();
    g_settings.repo = parser.value(repo);
    g_settings.logPath = parser.value(log);
    g_settings.token = parser.value(token).toUtf8();
    g_settings.dropAfter = parser.value(drop).toLongLong();
    g_settings.rate = parser.value(rate).toLongLong();
    g_settings.corrupt = parser.isSet(corrupt);
    g_settings.ignoreRange = parser.isSet(ignoreRange);

    QTcpServer hub;
    QTcpServer cdn;
    if (!hub.listen(QHostAddress::LocalHost, 0) || !cdn.listen(QHostAddress::LocalHost, 0)) {
        std::fprintf(stderr, "camchat_fakehub: cannot listen on 127.0.0.1\n");
        return 1;
    }
    g_cdnPort = cdn.serverPort();
    listen(hub, &serveHub);
    listen(cdn, &serveCdn);

    // Commands on stdin; end of input (the test ended, however) ends the server.
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QByteArray pending;
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&pending, &input] {
        char buffer[256];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            input.setEnabled(false);
            QCoreApplication::quit();
            return;
        }
        pending.append(buffer, n);
        qsizetype newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
            command(pending.left(newline));
            pending.remove(0, newline + 1);
        }
    });
    say("hub " + QByteArray::number(hub.serverPort()));
    say("cdn " + QByteArray::number(cdn.serverPort()));
    return QCoreApplication::exec();
}
