#include "modelprofile.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QStandardPaths>
#include <QUrl>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <system_error>
#include <utility>

namespace camchat::inference {
namespace {

constexpr int kSchemaVersion = 1;
// A profile is a few hundred bytes; anything this big is not one (and must not be slurped).
constexpr qint64 kMaxProfileBytes = 1 << 20;
constexpr int kMaxIdLength = 64;
constexpr int kMinVisionSide = 28;
constexpr int kMaxVisionSide = 4096;
constexpr int kMaxTokenCount = 65536;
constexpr int kMinContext = 256;
constexpr int kMaxContext = 131072;
constexpr qint64 kNoLimit = std::numeric_limits<int>::max();
constexpr int kDefaultJpegQuality = 90;
constexpr int kMaxTimeoutSeconds = 3600;

QString builtInDir()
{
    return QStringLiteral(":/models");
}

bool isBuiltInPath(const QString &path)
{
    return path.startsWith(QLatin1String(":/"));
}

// The offending value as it appeared in the JSON, shortened: what "got ..." shows.
QString shown(const QJsonValue &value)
{
    if (value.isUndefined())
        return QStringLiteral("nothing");
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    QString text = QString::fromUtf8(json.mid(1, json.size() - 2));
    constexpr qsizetype kMaxShown = 40;
    if (text.size() > kMaxShown)
        text = text.left(kMaxShown - 3) + QStringLiteral("...");
    return text;
}

bool isIdChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'.' || u == u'_' || u == u'-';
}

bool isIdentifier(const QString &text, bool allowEmpty)
{
    if (text.isEmpty())
        return allowEmpty;
    if (text.size() > kMaxIdLength)
        return false;
    for (QChar c : text) {
        if (!isIdChar(c))
            return false;
    }
    return true;
}

QString rangeText(qint64 min, qint64 max)
{
    if (max == kNoLimit)
        return QStringLiteral(">= %1").arg(min);
    return QStringLiteral("%1..%2").arg(min).arg(max);
}

// `path` relative to `baseDir` when it lies inside it, else as it is.
QString relativeTo(const QString &path, const QString &baseDir)
{
    if (baseDir.isEmpty())
        return path;
    const QString relative = QDir(baseDir).relativeFilePath(path);
    if (!relative.startsWith(QLatin1String("../")) && QDir::isRelativePath(relative))
        return relative;
    return path;
}

QString resolvePath(const QString &path, const QString &baseDir)
{
    QString expanded = path;
    if (expanded == QLatin1String("~") || expanded.startsWith(QLatin1String("~/")))
        expanded = QDir::homePath() + expanded.mid(1);
    return QDir::cleanPath(QDir(baseDir).absoluteFilePath(expanded));
}

// Reads one profile object. The first error wins: later reads still run (they return
// their fallback) but leave the message alone, so parsing needs no early exits.
class Reader
{
public:
    explicit Reader(QString file)
        : m_file(std::move(file))
    {
    }

    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }

    void fail(const QString &path, const QString &message)
    {
        if (m_error.isEmpty())
            m_error = m_file + QStringLiteral(": ") + (path.isEmpty() ? QString() : path + QStringLiteral(": "))
                + message;
    }

    static QString join(const QString &path, const QString &key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }

    void rejectUnknownKeys(const QJsonObject &object, const QString &path, const QStringList &known)
    {
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            if (!known.contains(it.key()))
                fail(join(path, it.key()),
                     QStringLiteral("unknown key (expected one of: %1)").arg(known.join(QStringLiteral(", "))));
        }
    }

    // The member, or Undefined; a missing required member is an error.
    QJsonValue member(const QJsonObject &object, const QString &path, const QString &key, bool required)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() && required)
            fail(join(path, key), QStringLiteral("required but missing"));
        return value;
    }

    QJsonObject object(const QJsonObject &parent, const QString &path, const QString &key, bool required)
    {
        const QJsonValue value = member(parent, path, key, required);
        if (value.isUndefined())
            return {};
        if (!value.isObject()) {
            fail(join(path, key), QStringLiteral("expected an object, got %1").arg(shown(value)));
            return {};
        }
        return value.toObject();
    }

    // An integer in [min, max] (pass kNoLimit as max for "no upper bound").
    qint64 integer(const QJsonValue &value, const QString &fieldPath, qint64 min, qint64 max, qint64 fallback)
    {
        if (value.isUndefined())
            return fallback;
        const double d = value.toDouble(std::numeric_limits<double>::quiet_NaN());
        if (!value.isDouble() || !std::isfinite(d) || d != std::trunc(d) || d < static_cast<double>(min)
            || d > static_cast<double>(max)) {
            fail(fieldPath, QStringLiteral("expected an integer %1, got %2").arg(rangeText(min, max), shown(value)));
            return fallback;
        }
        return static_cast<qint64>(d);
    }

    qint64 integer(const QJsonObject &object, const QString &path, const QString &key, qint64 min, qint64 max,
                   qint64 fallback, bool required = false)
    {
        return integer(member(object, path, key, required), join(path, key), min, max, fallback);
    }

    // A number in [min, max], or (min, max] with `minExclusive`.
    double number(const QJsonObject &object, const QString &path, const QString &key, double min, double max,
                  bool minExclusive, double fallback)
    {
        const QJsonValue value = member(object, path, key, false);
        if (value.isUndefined())
            return fallback;
        const double d = value.toDouble(std::numeric_limits<double>::quiet_NaN());
        const bool aboveMin = minExclusive ? d > min : d >= min;
        if (!value.isDouble() || !std::isfinite(d) || !aboveMin || d > max) {
            const QString range = minExclusive ? QStringLiteral("> %1 and <= %2").arg(min).arg(max)
                                               : QStringLiteral("%1..%2").arg(min).arg(max);
            fail(join(path, key), QStringLiteral("expected a number %1, got %2").arg(range, shown(value)));
            return fallback;
        }
        return d;
    }

    QString string(const QJsonObject &object, const QString &path, const QString &key, bool required,
                   bool nonEmpty, const QString &fallback = {})
    {
        const QJsonValue value = member(object, path, key, required);
        if (value.isUndefined())
            return fallback;
        if (!value.isString() || (nonEmpty && value.toString().trimmed().isEmpty())) {
            fail(join(path, key), QStringLiteral("expected a%1 string, got %2")
                                      .arg(nonEmpty ? QStringLiteral(" non-empty") : QString(), shown(value)));
            return fallback;
        }
        return value.toString();
    }

    // A string that must be one of `choices` (returns its index, or -1).
    int choice(const QJsonObject &object, const QString &path, const QString &key, bool required,
               const QStringList &choices)
    {
        const QJsonValue value = member(object, path, key, required);
        if (value.isUndefined())
            return -1;
        const qsizetype index = value.isString() ? choices.indexOf(value.toString()) : -1;
        if (index < 0) {
            QStringList quoted;
            for (const QString &c : choices)
                quoted.append(QLatin1Char('"') + c + QLatin1Char('"'));
            fail(join(path, key),
                 QStringLiteral("expected %1, got %2").arg(quoted.join(QStringLiteral(" or ")), shown(value)));
            return -1;
        }
        return static_cast<int>(index);
    }

private:
    QString m_file;
    QString m_error;
};

const QStringList &rolesFor(BackendKind backend)
{
    static const QStringList llama{QStringLiteral("model"), QStringLiteral("mmproj")};
    static const QStringList rk{QStringLiteral("encoder"), QStringLiteral("llm")};
    return backend == BackendKind::Rk ? rk : llama;
}

const QStringList &backendNames()
{
    // Index = BackendKind.
    static const QStringList names{backendName(BackendKind::Llama), backendName(BackendKind::Rk),
                                   backendName(BackendKind::OpenAi)};
    return names;
}

const QStringList &resizeNames()
{
    // Index = VisionResize.
    static const QStringList names{QStringLiteral("fit"), QStringLiteral("expand-to-square"),
                                   QStringLiteral("stretch")};
    return names;
}

void readFiles(Reader &r, const QJsonObject &root, BackendKind backend, const QString &baseDir,
               ModelProfile &profile)
{
    const QString path = QStringLiteral("files");
    if (backend == BackendKind::OpenAi) {
        // A model server holds its own files.
        if (root.contains(path))
            r.fail(path, QStringLiteral("not used by backend \"openai\" (the server has the model)"));
        return;
    }
    const QJsonObject files = r.object(root, QString(), path, true);
    if (r.failed())
        return;
    const QStringList &roles = rolesFor(backend);
    r.rejectUnknownKeys(files, path, roles);
    // Listed in the backend's role order, not the JSON's key order.
    for (const QString &role : roles) {
        const QString file = r.string(files, path, role, true, true);
        if (!file.isEmpty())
            profile.files.append(ModelFile{role, resolvePath(file, baseDir)});
    }
}

void readVision(Reader &r, const QJsonObject &root, BackendKind backend, VisionSpec &vision)
{
    const QString path = QStringLiteral("vision");
    const QJsonObject object = r.object(root, QString(), path, false);
    r.rejectUnknownKeys(object, path,
                        {QStringLiteral("width"), QStringLiteral("height"), QStringLiteral("resize"),
                         QStringLiteral("fill"), QStringLiteral("maxImageTokens"), QStringLiteral("imageTokens"),
                         QStringLiteral("embeddingWidth"), QStringLiteral("npuCores"),
                         QStringLiteral("jpegQuality")});
    vision.width = static_cast<int>(
        r.integer(object, path, QStringLiteral("width"), kMinVisionSide, kMaxVisionSide, vision.width));
    vision.height = static_cast<int>(
        r.integer(object, path, QStringLiteral("height"), kMinVisionSide, kMaxVisionSide, vision.height));
    const int resize = r.choice(object, path, QStringLiteral("resize"), false, resizeNames());
    if (resize >= 0)
        vision.resize = static_cast<VisionResize>(resize);

    const QJsonValue fill = r.member(object, path, QStringLiteral("fill"), false);
    const QString fillPath = Reader::join(path, QStringLiteral("fill"));
    if (!fill.isUndefined()) {
        if (!fill.isArray() || fill.toArray().size() != 3) {
            r.fail(fillPath, QStringLiteral("expected an array of 3 integers 0..255, got %1").arg(shown(fill)));
        } else {
            const QJsonArray array = fill.toArray();
            for (qsizetype i = 0; i < 3; ++i) {
                const auto channel = static_cast<std::size_t>(i);
                vision.fill[channel] = static_cast<std::uint8_t>(r.integer(
                    array.at(i), fillPath + QStringLiteral("[%1]").arg(i), 0, 255, vision.fill[channel]));
            }
        }
    }

    vision.maxImageTokens = static_cast<int>(
        r.integer(object, path, QStringLiteral("maxImageTokens"), 0, kMaxTokenCount, vision.maxImageTokens));
    // The NPU encoder has a fixed output the language model must be told about.
    const bool rk = backend == BackendKind::Rk;
    vision.imageTokens = static_cast<int>(r.integer(object, path, QStringLiteral("imageTokens"), rk ? 1 : 0,
                                                    kMaxTokenCount, vision.imageTokens, rk));
    vision.embeddingWidth = static_cast<int>(r.integer(object, path, QStringLiteral("embeddingWidth"), rk ? 1 : 0,
                                                       kMaxTokenCount, vision.embeddingWidth, rk));
    vision.npuCores = static_cast<int>(r.integer(object, path, QStringLiteral("npuCores"), 1, 3, vision.npuCores));
    // Only a model server takes the picture as JPEG; the local encoders take raw RGB.
    if (backend == BackendKind::OpenAi) {
        vision.jpegQuality = static_cast<int>(
            r.integer(object, path, QStringLiteral("jpegQuality"), 1, 100, kDefaultJpegQuality));
    } else if (object.contains(QStringLiteral("jpegQuality"))) {
        r.fail(Reader::join(path, QStringLiteral("jpegQuality")),
               QStringLiteral("only used by backend \"openai\""));
    }
}

// --- remote (backend "openai") ----------------------------------------------------------

bool isEnvironmentName(const QString &name)
{
    if (name.isEmpty() || name.size() > 128 || name.front().isDigit())
        return false;
    for (QChar c : name) {
        const char16_t u = c.unicode();
        if (!((u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'_'))
            return false;
    }
    return true;
}

void readRemote(Reader &r, const QJsonObject &root, BackendKind backend, const QString &baseDir, RemoteSpec &remote)
{
    const QString path = QStringLiteral("remote");
    if (backend != BackendKind::OpenAi) {
        if (root.contains(path))
            r.fail(path, QStringLiteral("only used by backend \"openai\""));
        return;
    }
    const QJsonObject object = r.object(root, QString(), path, true);
    if (r.failed())
        return;
    r.rejectUnknownKeys(object, path,
                        {QStringLiteral("endpoint"), QStringLiteral("model"), QStringLiteral("apiKeyEnv"),
                         QStringLiteral("timeoutSeconds"), QStringLiteral("caFile")});
    remote.endpoint = r.string(object, path, QStringLiteral("endpoint"), true, true).trimmed();
    if (!r.failed()) {
        const QUrl url(remote.endpoint, QUrl::StrictMode);
        const QString scheme = url.scheme();
        if (!url.isValid() || url.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))) {
            r.fail(Reader::join(path, QStringLiteral("endpoint")),
                   QStringLiteral("expected an http:// or https:// URL, got %1").arg(shown(QJsonValue(remote.endpoint))));
        }
    }
    remote.model = r.string(object, path, QStringLiteral("model"), false, false).trimmed();
    remote.apiKeyEnv = r.string(object, path, QStringLiteral("apiKeyEnv"), false, false);
    if (!r.failed() && !remote.apiKeyEnv.isEmpty() && !isEnvironmentName(remote.apiKeyEnv))
        r.fail(Reader::join(path, QStringLiteral("apiKeyEnv")),
               QStringLiteral("expected an environment variable name (A-Z a-z 0-9 _), got %1")
                   .arg(shown(QJsonValue(remote.apiKeyEnv))));
    remote.timeoutSeconds = static_cast<int>(r.integer(object, path, QStringLiteral("timeoutSeconds"), 1,
                                                       kMaxTimeoutSeconds, remote.timeoutSeconds));
    const QString caFile = r.string(object, path, QStringLiteral("caFile"), false, true);
    if (!caFile.isEmpty())
        remote.caFile = resolvePath(caFile, baseDir);
}

QJsonObject remoteJson(const RemoteSpec &remote, const QString &baseDir)
{
    QJsonObject object{{QStringLiteral("endpoint"), remote.endpoint},
                       {QStringLiteral("timeoutSeconds"), remote.timeoutSeconds}};
    if (!remote.model.isEmpty())
        object.insert(QStringLiteral("model"), remote.model);
    if (!remote.apiKeyEnv.isEmpty())
        object.insert(QStringLiteral("apiKeyEnv"), remote.apiKeyEnv);
    if (!remote.caFile.isEmpty())
        object.insert(QStringLiteral("caFile"), relativeTo(remote.caFile, baseDir));
    return object;
}

// --- end remote ---------------------------------------------------------------------------

void readPrompt(Reader &r, const QJsonObject &root, PromptFormat &prompt)
{
    const QString path = QStringLiteral("prompt");
    const QJsonObject object = r.object(root, QString(), path, false);
    const std::pair<QString, QString *> fields[] = {
        {QStringLiteral("chatTemplate"), &prompt.chatTemplate},
        {QStringLiteral("system"), &prompt.system},
        {QStringLiteral("prefix"), &prompt.prefix},
        {QStringLiteral("postfix"), &prompt.postfix},
        {QStringLiteral("imageTag"), &prompt.imageTag},
        {QStringLiteral("imageStart"), &prompt.imageStart},
        {QStringLiteral("imageEnd"), &prompt.imageEnd},
        {QStringLiteral("imageContent"), &prompt.imageContent},
    };
    QStringList known;
    for (const auto &field : fields)
        known.append(field.first);
    r.rejectUnknownKeys(object, path, known);
    for (const auto &[key, target] : fields)
        *target = r.string(object, path, key, false, false);
}

void readSampling(Reader &r, const QJsonObject &root, int contextLength, SamplingParams &sampling)
{
    const QString path = QStringLiteral("sampling");
    const QJsonObject object = r.object(root, QString(), path, false);
    r.rejectUnknownKeys(object, path,
                        {QStringLiteral("temperature"), QStringLiteral("topK"), QStringLiteral("topP"),
                         QStringLiteral("repeatPenalty"), QStringLiteral("maxNewTokens"), QStringLiteral("seed")});
    sampling.temperature = static_cast<float>(
        r.number(object, path, QStringLiteral("temperature"), 0.0, 2.0, false, sampling.temperature));
    sampling.topK = static_cast<int>(r.integer(object, path, QStringLiteral("topK"), 0, kNoLimit, sampling.topK));
    sampling.topP = static_cast<float>(r.number(object, path, QStringLiteral("topP"), 0.0, 1.0, true, sampling.topP));
    sampling.repeatPenalty = static_cast<float>(
        r.number(object, path, QStringLiteral("repeatPenalty"), 0.5, 2.0, false, sampling.repeatPenalty));
    // The default must not exceed a small context either.
    const qint64 fallbackTokens = std::min(sampling.maxNewTokens, contextLength);
    sampling.maxNewTokens =
        static_cast<int>(r.integer(object, path, QStringLiteral("maxNewTokens"), 1, contextLength, fallbackTokens));
    sampling.seed = static_cast<std::uint32_t>(r.integer(object, path, QStringLiteral("seed"), 0,
                                                         std::numeric_limits<std::uint32_t>::max(), sampling.seed));
}

// --- download source -------------------------------------------------------------------

bool isSha256(const QString &text)
{
    if (text.size() != 64)
        return false;
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f');
    });
}

bool isRepoName(const QString &text)
{
    const QStringList parts = text.split(QLatin1Char('/'));
    if (parts.size() != 2)
        return false;
    for (const QString &part : parts) {
        if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String(".."))
            return false;
        for (QChar c : part) {
            if (!c.isLetterOrNumber() && c != u'-' && c != u'_' && c != u'.')
                return false;
        }
    }
    return true;
}

// A file name inside a repository: relative, no "..", no empty segments.
bool isRepoPath(const QString &text)
{
    if (text.isEmpty() || text.startsWith(QLatin1Char('/')) || text.contains(QLatin1Char('\\')))
        return false;
    const QStringList parts = text.split(QLatin1Char('/'));
    return std::none_of(parts.cbegin(), parts.cend(), [](const QString &part) {
        return part.isEmpty() || part == QLatin1String(".") || part == QLatin1String("..");
    });
}

void readSource(Reader &r, const QJsonObject &root, BackendKind backend, ModelProfile &profile)
{
    const QString path = QStringLiteral("source");
    if (!root.contains(path))
        return;
    const QJsonObject object = r.object(root, QString(), path, false);
    if (r.failed())
        return;
    r.rejectUnknownKeys(object, path,
                        {QStringLiteral("huggingface"), QStringLiteral("revision"), QStringLiteral("files")});
    ModelSource source;
    source.huggingface = r.string(object, path, QStringLiteral("huggingface"), false, true);
    if (!r.failed() && object.contains(QStringLiteral("huggingface")) && !isRepoName(source.huggingface))
        r.fail(Reader::join(path, QStringLiteral("huggingface")),
               QStringLiteral("expected \"owner/repo\", got %1").arg(shown(QJsonValue(source.huggingface))));
    source.revision = r.string(object, path, QStringLiteral("revision"), false, true, source.revision);
    if (!r.failed() && (source.revision.contains(QLatin1Char('/')) || source.revision.contains(QLatin1Char(' '))))
        r.fail(Reader::join(path, QStringLiteral("revision")),
               QStringLiteral("expected a branch, tag or commit, got %1").arg(shown(QJsonValue(source.revision))));
    const bool hub = !source.huggingface.isEmpty();

    const QString filesPath = Reader::join(path, QStringLiteral("files"));
    const QJsonObject files = r.object(object, path, QStringLiteral("files"), true);
    if (r.failed())
        return;
    const QStringList &roles = rolesFor(backend);
    r.rejectUnknownKeys(files, filesPath, roles);
    for (const QString &role : roles) {
        const QString filePath = Reader::join(filesPath, role);
        const QJsonObject entry = r.object(files, filesPath, role, true);
        if (r.failed())
            return;
        r.rejectUnknownKeys(entry, filePath,
                            {QStringLiteral("name"), QStringLiteral("url"), QStringLiteral("bytes"),
                             QStringLiteral("sha256")});
        SourceFile file;
        file.role = role;
        file.url = r.string(entry, filePath, QStringLiteral("url"), !hub, true);
        if (!r.failed() && hub && entry.contains(QStringLiteral("url")))
            r.fail(Reader::join(filePath, QStringLiteral("url")),
                   QStringLiteral("not allowed with source.huggingface (the hub gives the URL)"));
        if (!r.failed() && !hub) {
            const QUrl url(file.url, QUrl::StrictMode);
            const QString scheme = url.scheme();
            if (!url.isValid() || url.host().isEmpty()
                || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
                r.fail(Reader::join(filePath, QStringLiteral("url")),
                       QStringLiteral("expected an http:// or https:// URL, got %1").arg(shown(QJsonValue(file.url))));
        }
        file.name = r.string(entry, filePath, QStringLiteral("name"), hub, true);
        if (!r.failed() && file.name.isEmpty())
            file.name = QUrl(file.url).fileName();
        if (!r.failed() && !isRepoPath(file.name))
            r.fail(Reader::join(filePath, QStringLiteral("name")),
                   QStringLiteral("expected a relative file name without \"..\", got %1")
                       .arg(shown(QJsonValue(file.name))));
        file.bytes = r.integer(entry, filePath, QStringLiteral("bytes"), 1,
                               std::numeric_limits<qint64>::max() / 2, -1);
        file.sha256 = r.string(entry, filePath, QStringLiteral("sha256"), false, true).toLower();
        if (!r.failed() && !file.sha256.isEmpty() && !isSha256(file.sha256))
            r.fail(Reader::join(filePath, QStringLiteral("sha256")),
                   QStringLiteral("expected 64 hexadecimal digits, got %1").arg(shown(entry.value(QStringLiteral("sha256")))));
        source.files.append(file);
    }
    if (!r.failed())
        profile.source = std::move(source);
}

QJsonObject sourceJson(const ModelSource &source)
{
    QJsonObject files;
    for (const SourceFile &file : source.files) {
        QJsonObject entry;
        if (source.huggingface.isEmpty())
            entry.insert(QStringLiteral("url"), file.url);
        entry.insert(QStringLiteral("name"), file.name);
        if (file.bytes > 0)
            entry.insert(QStringLiteral("bytes"), file.bytes);
        if (!file.sha256.isEmpty())
            entry.insert(QStringLiteral("sha256"), file.sha256);
        files.insert(file.role, entry);
    }
    QJsonObject object{{QStringLiteral("files"), files}};
    if (!source.huggingface.isEmpty()) {
        object.insert(QStringLiteral("huggingface"), source.huggingface);
        object.insert(QStringLiteral("revision"), source.revision);
    }
    return object;
}

// Floats as the shortest decimal that reads back as the same float ("0.2", not
// "0.200000003"), so a written profile looks like a hand-written one.
double decimal(float value)
{
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (ec != std::errc())
        return value;
    return QByteArray(buffer, end - buffer).toDouble();
}

ProfileLoadResult failure(const QString &detail)
{
    return {std::nullopt, InferenceError{InferenceErrorCode::ProfileInvalid, detail}};
}

} // namespace

QString backendName(BackendKind kind)
{
    switch (kind) {
    case BackendKind::Llama: return QStringLiteral("llama");
    case BackendKind::Rk: return QStringLiteral("rk");
    case BackendKind::OpenAi: return QStringLiteral("openai");
    }
    return {};
}

const SourceFile *ModelSource::file(const QString &role) const
{
    for (const SourceFile &f : files) {
        if (f.role == role)
            return &f;
    }
    return nullptr;
}

bool ModelFile::exists() const
{
    return !path.isEmpty() && QFileInfo(path).isFile();
}

QString ModelProfile::filePath(const QString &role) const
{
    for (const ModelFile &file : files) {
        if (file.role == role)
            return file.path;
    }
    return {};
}

bool ModelProfile::filesPresent() const
{
    return missingFiles().isEmpty();
}

QStringList ModelProfile::missingFiles() const
{
    QStringList missing;
    for (const ModelFile &file : files) {
        if (!file.exists())
            missing.append(file.path);
    }
    return missing;
}

ProfileLoadResult ModelProfiles::parse(const QByteArray &json, const QString &sourcePath, const QString &baseDir)
{
    const QString file = sourcePath.isEmpty() ? QStringLiteral("<profile>") : sourcePath;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Line and column help a person with an editor; the offset is exact.
        const QByteArray before = json.left(parseError.offset);
        const qsizetype line = before.count('\n') + 1;
        const qsizetype column = parseError.offset - (before.lastIndexOf('\n') + 1) + 1;
        return failure(QStringLiteral("%1: invalid JSON at line %2, column %3 (offset %4): %5")
                           .arg(file)
                           .arg(line)
                           .arg(column)
                           .arg(parseError.offset)
                           .arg(parseError.errorString()));
    }
    if (!document.isObject())
        return failure(QStringLiteral("%1: expected a JSON object at the top level").arg(file));
    const QJsonObject root = document.object();

    Reader r(file);
    ModelProfile profile;
    profile.sourcePath = sourcePath;

    // The version first: with another schema every other message would mislead.
    const QJsonValue schema = r.member(root, QString(), QStringLiteral("schema"), true);
    if (!r.failed() && schema.toDouble(-1) != kSchemaVersion)
        r.fail(QStringLiteral("schema"),
               QStringLiteral("expected %1 (this version of camchat), got %2").arg(kSchemaVersion).arg(shown(schema)));
    if (r.failed())
        return failure(r.error());

    r.rejectUnknownKeys(root, QString(),
                        {QStringLiteral("schema"), QStringLiteral("id"), QStringLiteral("name"),
                         QStringLiteral("family"), QStringLiteral("backend"), QStringLiteral("files"),
                         QStringLiteral("vision"), QStringLiteral("prompt"), QStringLiteral("sampling"),
                         QStringLiteral("contextLength"), QStringLiteral("source"),
                         QStringLiteral("remote")});

    profile.id = r.string(root, QString(), QStringLiteral("id"), true, false);
    if (!r.failed() && !isIdentifier(profile.id, false))
        r.fail(QStringLiteral("id"),
               QStringLiteral("expected 1..%1 characters of a-z 0-9 . _ -, got %2")
                   .arg(kMaxIdLength)
                   .arg(shown(QJsonValue(profile.id))));
    profile.name = r.string(root, QString(), QStringLiteral("name"), true, true).trimmed();
    profile.family = r.string(root, QString(), QStringLiteral("family"), false, false);
    if (!r.failed() && !isIdentifier(profile.family, true))
        r.fail(QStringLiteral("family"),
               QStringLiteral("expected up to %1 characters of a-z 0-9 . _ -, got %2")
                   .arg(kMaxIdLength)
                   .arg(shown(QJsonValue(profile.family))));

    const int backend = r.choice(root, QString(), QStringLiteral("backend"), true, backendNames());
    if (backend >= 0)
        profile.backend = static_cast<BackendKind>(backend);
    // With an unknown backend the roles it needs are unknown too: stop here.
    if (r.failed())
        return failure(r.error());

    profile.contextLength = static_cast<int>(
        r.integer(root, QString(), QStringLiteral("contextLength"), kMinContext, kMaxContext, profile.contextLength));
    readFiles(r, root, profile.backend, baseDir, profile);
    readRemote(r, root, profile.backend, baseDir, profile.remote);
    readVision(r, root, profile.backend, profile.vision);
    readPrompt(r, root, profile.prompt);
    readSampling(r, root, profile.contextLength, profile.sampling);
    readSource(r, root, profile.backend, profile);

    if (r.failed())
        return failure(r.error());
    return {std::move(profile), {}};
}

QByteArray ModelProfiles::toJson(const ModelProfile &profile, const QString &baseDir)
{
    QJsonObject files;
    for (const ModelFile &file : profile.files)
        files.insert(file.role, relativeTo(file.path, baseDir));
    const VisionSpec &v = profile.vision;
    QJsonObject vision{
        {QStringLiteral("width"), v.width},
        {QStringLiteral("height"), v.height},
        {QStringLiteral("resize"), resizeNames().at(static_cast<qsizetype>(v.resize))},
        {QStringLiteral("fill"), QJsonArray{v.fill[0], v.fill[1], v.fill[2]}},
        {QStringLiteral("maxImageTokens"), v.maxImageTokens},
        {QStringLiteral("imageTokens"), v.imageTokens},
        {QStringLiteral("embeddingWidth"), v.embeddingWidth},
        {QStringLiteral("npuCores"), v.npuCores},
    };
    const bool remote = profile.backend == BackendKind::OpenAi;
    if (remote)
        vision.insert(QStringLiteral("jpegQuality"), v.jpegQuality);
    const PromptFormat &p = profile.prompt;
    const QJsonObject prompt{
        {QStringLiteral("chatTemplate"), p.chatTemplate}, {QStringLiteral("system"), p.system},
        {QStringLiteral("prefix"), p.prefix},             {QStringLiteral("postfix"), p.postfix},
        {QStringLiteral("imageTag"), p.imageTag},         {QStringLiteral("imageStart"), p.imageStart},
        {QStringLiteral("imageEnd"), p.imageEnd},         {QStringLiteral("imageContent"), p.imageContent},
    };
    const SamplingParams &s = profile.sampling;
    const QJsonObject sampling{
        {QStringLiteral("temperature"), decimal(s.temperature)},
        {QStringLiteral("topK"), s.topK},
        {QStringLiteral("topP"), decimal(s.topP)},
        {QStringLiteral("repeatPenalty"), decimal(s.repeatPenalty)},
        {QStringLiteral("maxNewTokens"), s.maxNewTokens},
        {QStringLiteral("seed"), static_cast<qint64>(s.seed)},
    };
    QJsonObject root{
        {QStringLiteral("schema"), kSchemaVersion},
        {QStringLiteral("id"), profile.id},
        {QStringLiteral("name"), profile.name},
        {QStringLiteral("backend"), backendName(profile.backend)},
        {QStringLiteral("vision"), vision},
        {QStringLiteral("prompt"), prompt},
        {QStringLiteral("sampling"), sampling},
        {QStringLiteral("contextLength"), profile.contextLength},
    };
    if (!profile.family.isEmpty())
        root.insert(QStringLiteral("family"), profile.family);
    if (remote)
        root.insert(QStringLiteral("remote"), remoteJson(profile.remote, baseDir));
    else
        root.insert(QStringLiteral("files"), files);
    if (profile.source)
        root.insert(QStringLiteral("source"), sourceJson(*profile.source));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

ProfileLoadResult ModelProfiles::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return failure(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    const QByteArray json = file.read(kMaxProfileBytes + 1);
    if (json.size() > kMaxProfileBytes)
        return failure(QStringLiteral("%1: larger than %2 bytes: not a model profile").arg(path).arg(kMaxProfileBytes));
    const QString baseDir = isBuiltInPath(path) ? userProfileDir() : QFileInfo(path).absolutePath();
    return parse(json, path, baseDir);
}

QString ModelProfiles::userProfileDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/camchat/models");
}

QList<ProfileLoadResult> ModelProfiles::builtIn()
{
    QList<ProfileLoadResult> results;
    const QDir dir(builtInDir());
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        results.append(loadFile(dir.filePath(name)));
    return results;
}

QList<ProfileLoadResult> ModelProfiles::user(const QString &dir)
{
    QList<ProfileLoadResult> results;
    if (dir.isEmpty())
        return results;
    // Unreadable files are listed too: they come back as errors rather than vanish.
    const QFileInfoList entries = QDir(dir).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QHash<QString, QString> seen; // id -> file that defined it
    for (const QFileInfo &entry : entries) {
        ProfileLoadResult result = loadFile(entry.filePath());
        if (result.profile) {
            const QString &id = result.profile->id;
            const auto earlier = seen.constFind(id);
            if (earlier != seen.constEnd()) {
                result = failure(QStringLiteral("%1: id: \"%2\" is already used by %3")
                                     .arg(entry.filePath(), id, earlier.value()));
            } else {
                seen.insert(id, entry.filePath());
            }
        }
        results.append(std::move(result));
    }
    return results;
}

QList<ProfileLoadResult> ModelProfiles::all()
{
    QList<ProfileLoadResult> results = builtIn();
    for (ProfileLoadResult &result : user()) {
        if (result.profile) {
            // Replace in place so a customised built-in keeps its spot in pickers.
            bool replaced = false;
            for (ProfileLoadResult &existing : results) {
                if (existing.profile && existing.profile->id == result.profile->id) {
                    existing = std::move(result);
                    replaced = true;
                    break;
                }
            }
            if (replaced)
                continue;
        }
        results.append(std::move(result));
    }
    return results;
}

} // namespace camchat::inference
