#include "askcommand.h"

#include "commandparser.h"
#include "interruptguard.h"
#include "modelscommand.h"
#include "snapcommand.h"

#include "capture/imageloader.h"
#include "capture/v4l2/v4l2grab.h"
#include "inference/inferenceerror.h"
#include "inference/inferencethread.h"
#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"
#include "inference/stagetimings.h"
#include "session/chatsession.h"
#include "session/modelcatalog.h"
#include "capture/qimageframe.h"
#include "ui/errortext.h"
#include "ui/screengrabber.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QGuiApplication>
#include <QRect>
#include <QRegularExpression>
#include <QUrl>
#include <QJsonArray>
#include <QJsonObject>
#include <QSocketNotifier>

#include <chrono>

#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <optional>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

namespace camchat::app {

namespace {

using inference::InferenceError;
using inference::InferenceErrorCode;
using inference::ModelProfile;
using inference::ModelProfiles;

constexpr char kDefaultPrompt[] = "Describe this image.";
// The ad-hoc profile built from --model-file/--mmproj shrinks the picture to fit this
// square before mtmd sees it: camera frames are much larger than any encoder's input.
constexpr int kAdHocVisionSize = 512;
// --endpoint without a profile: the picture a model server gets, and where its key is.
constexpr int kRemoteVisionSize = 1024;
constexpr int kRemoteJpegQuality = 90;
constexpr char kDefaultApiKeyEnv[] = "CAMCHAT_API_KEY";

struct AskOptions {
    QString imagePath;
    QString devicePath; // --device: ask about a fresh frame from this camera instead
    bool screen = false; // --screen: ask about a grab of the screen instead
    std::optional<QRect> region; // --region X,Y,W,H (with --screen), in screen pixels
    double timeoutSeconds = SnapCommand::kDefaultTimeoutSeconds;
    QString prompt;
    QString model;      // --model: profile id or JSON path
    QString modelFile;  // --model-file
    QString mmprojFile; // --mmproj
    QString endpoint;   // --endpoint: a model server instead of a profile
    QString remoteModel; // --remote-model
    QString apiKeyEnv = QLatin1String(kDefaultApiKeyEnv); // --api-key-env
    std::optional<int> maxTokens;
    std::optional<int> imageMaxTokens;
    std::optional<float> temperature;
    std::optional<std::uint32_t> seed;
    int threads = 0;
    bool json = false;
};

// A sentence for the user, then what went wrong technically (for bug reports).
void printError(const QString &sentence, const QString &detail)
{
    printFailure(QStringLiteral("ask"), sentence, detail);
}

// `answerStarted`: part of the answer was printed. A model server's failure before that
// is a model error (3: unreachable, key rejected, unknown model, no vision, no first
// token in time), after it an inference error (5: dropped, stalled).
int exitCodeFor(InferenceErrorCode code, bool answerStarted = false)
{
    switch (code) {
    case InferenceErrorCode::ServerUnreachable:
    case InferenceErrorCode::ApiKeyRejected:
    case InferenceErrorCode::ApiKeyMissing:
    case InferenceErrorCode::RemoteModelUnknown:
    case InferenceErrorCode::ImageNotSupported:
    case InferenceErrorCode::ServerTimeout:
    case InferenceErrorCode::ServerStalled:
    case InferenceErrorCode::ConnectionDropped:
    case InferenceErrorCode::ServerError:
        return answerStarted ? kExitInferenceError : kExitModelError;
    case InferenceErrorCode::ProfileInvalid:
    case InferenceErrorCode::ModelFileMissing:
    case InferenceErrorCode::ModelFileInvalid:
    case InferenceErrorCode::ModelLoadFailed:
    case InferenceErrorCode::BackendUnavailable:
        return kExitModelError;
    case InferenceErrorCode::ImageInvalid:
        return kExitInputError;
    default:
        return kExitInferenceError;
    }
}

// In --json mode a failure still produces one object on stdout, so scripts can always
// parse what they get; the sentence goes to stderr either way.
void printJsonError(const char *key, const QString &message, const QString &detail,
                    const QString &partialAnswer = {})
{
    QJsonObject root{
        {QStringLiteral("error"), QJsonObject{
             {QStringLiteral("code"), QLatin1String(key)},
             {QStringLiteral("message"), message},
             {QStringLiteral("detail"), detail},
         }},
    };
    if (!partialAnswer.isEmpty()) {
        root.insert(QStringLiteral("answer"), partialAnswer);
        root.insert(QStringLiteral("cut_off"), true);
    }
    printJson(root, JsonLayout::Line);
}

// `sentence` replaces the generic one for the error code when the caller knows better.
int failWith(const AskOptions &options, const InferenceError &error, const QString &partialAnswer = {},
             QString sentence = {})
{
    if (sentence.isEmpty())
        sentence = ui::describeInferenceError(error);
    printError(sentence, error.detail);
    if (options.json)
        printJsonError(inference::errorKey(error.code), sentence, error.detail, partialAnswer);
    return exitCodeFor(error.code, !partialAnswer.isEmpty());
}

// --- option parsing -----------------------------------------------------------------------

// Fills `options`; returns the exit code to end with, or nullopt to go on.
std::optional<int> parseOptions(const QStringList &arguments, AskOptions &options)
{
    CommandParser parser(QStringLiteral("ask"),
                         AskCommand::tr("Asks a vision-language model about an image and prints the answer."));
    parser.setUsage(AskCommand::tr("Usage: camchat ask (--image FILE | --device /dev/videoN |\n"
                                   "        --screen [--region X,Y,W,H]) [--prompt TEXT]\n"
                                   "       [--model PROFILE | --model-file GGUF --mmproj GGUF |\n"
                                   "        --endpoint URL [--remote-model NAME] [--api-key-env NAME]] [options]"));
    parser.setEpilogue(AskCommand::tr(
        "Without --model or --model-file, the first profile whose files are present\n"
        "is used ('camchat models' lists them).\n"
        "\n"
        "--endpoint asks an OpenAI-compatible model server (llama-server, vLLM, Ollama,\n"
        "LM Studio), e.g. http://127.0.0.1:8080/v1. Its API key, if it wants one, is read\n"
        "from $CAMCHAT_API_KEY or the variable --api-key-env names; never give the key\n"
        "itself on the command line.\n"
        "\n"
        "The answer is printed to stdout as it is generated; the time each stage took\n"
        "goes to stderr. Ctrl+C stops the answer; what was printed so far stays.\n"
        "\n"
        "Exit status:\n"
        "  0  the model answered\n"
        "  2  usage error (unknown option, missing or bad value)\n"
        "  3  model error: unknown or invalid profile, model files missing or unloadable;\n"
        "     a model server unreachable, refusing the key, without that model or without\n"
        "     vision, or not answering in time\n"
        "  4  input error: the image is missing, unreadable or corrupt, or the device\n"
        "     is missing, busy, not allowed, or sent no picture before the timeout;\n"
        "     the screen could not be grabbed, or the region is not on it\n"
        "  5  inference error: the model failed while answering (or the server's answer\n"
        "     broke off), or Ctrl+C stopped it\n"));
    parser.setUnexpectedArgumentHint(AskCommand::tr("the image goes after --image"));
    const QCommandLineOption imageOption({QStringLiteral("i"), QStringLiteral("image")},
                                         AskCommand::tr("The image to ask about."),
                                         AskCommand::tr("FILE"));
    const QCommandLineOption deviceOption({QStringLiteral("d"), QStringLiteral("device")},
                                          AskCommand::tr("Ask about a fresh picture from this camera or HDMI "
                                                         "input instead of --image, e.g. /dev/video0."),
                                          AskCommand::tr("PATH"));
    const QCommandLineOption screenOption(QStringLiteral("screen"),
                                          AskCommand::tr("Ask about a grab of the screen instead of --image (needs "
                                                         "a desktop session)."));
    const QCommandLineOption regionOption(QStringLiteral("region"),
                                          AskCommand::tr("With --screen: only this part of the screen, in screen "
                                                         "pixels from the top left, e.g. 0,0,800,600."),
                                          AskCommand::tr("X,Y,W,H"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"),
                                           AskCommand::tr("With --device: give up when no picture arrived "
                                                          "after this long (default: %1).")
                                               .arg(SnapCommand::kDefaultTimeoutSeconds),
                                           AskCommand::tr("SECONDS"));
    const QCommandLineOption promptOption({QStringLiteral("p"), QStringLiteral("prompt")},
                                          AskCommand::tr("The question (default: \"%1\").")
                                              .arg(QLatin1String(kDefaultPrompt)),
                                          AskCommand::tr("TEXT"));
    const QCommandLineOption modelOption({QStringLiteral("m"), QStringLiteral("model")},
                                         AskCommand::tr("A profile id from 'camchat models', or the path of a "
                                                        "profile JSON file."),
                                         AskCommand::tr("PROFILE"));
    const QCommandLineOption modelFileOption(QStringLiteral("model-file"),
                                             AskCommand::tr("A llama.cpp language model (use with --mmproj)."),
                                             AskCommand::tr("GGUF"));
    const QCommandLineOption mmprojOption(QStringLiteral("mmproj"),
                                          AskCommand::tr("The llama.cpp vision projector that goes with "
                                                         "--model-file."),
                                          AskCommand::tr("GGUF"));
    const QCommandLineOption endpointOption(QStringLiteral("endpoint"),
                                            AskCommand::tr("Ask an OpenAI-compatible model server at this API "
                                                           "base URL instead of a local model."),
                                            AskCommand::tr("URL"));
    const QCommandLineOption remoteModelOption(QStringLiteral("remote-model"),
                                               AskCommand::tr("With --endpoint: the server's model (default: "
                                                              "the first it lists)."),
                                               AskCommand::tr("NAME"));
    const QCommandLineOption apiKeyEnvOption(QStringLiteral("api-key-env"),
                                             AskCommand::tr("With --endpoint: the environment variable holding "
                                                            "the API key (default: %1).")
                                                 .arg(QLatin1String(kDefaultApiKeyEnv)),
                                             AskCommand::tr("NAME"));
    const QCommandLineOption maxTokensOption(QStringLiteral("max-tokens"),
                                             AskCommand::tr("Stop after N answer tokens (default: the "
                                                            "profile's)."),
                                             AskCommand::tr("N"));
    const QCommandLineOption threadsOption(QStringLiteral("threads"),
                                           AskCommand::tr("CPU threads for the model (default: chosen "
                                                          "for this machine)."),
                                           AskCommand::tr("N"));
    const QCommandLineOption temperatureOption(QStringLiteral("temperature"),
                                               AskCommand::tr("Sampling temperature 0..2; 0 always picks "
                                                              "the likeliest token (default: the profile's)."),
                                               AskCommand::tr("T"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
                                        AskCommand::tr("Sampling seed, for repeatable answers (default: "
                                                       "the profile's; 0 = random)."),
                                        AskCommand::tr("N"));
    const QCommandLineOption imageMaxTokensOption(QStringLiteral("image-max-tokens"),
                                                  AskCommand::tr("Cap the image tokens of models that tile "
                                                                 "images (default: the profile's)."),
                                                  AskCommand::tr("N"));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        AskCommand::tr("Print nothing while answering, then one JSON "
                                                       "object with the answer and all timings."));
    parser.addOptions({imageOption, deviceOption, screenOption, regionOption, timeoutOption, promptOption, modelOption, modelFileOption, mmprojOption,
                       endpointOption, remoteModelOption, apiKeyEnvOption, maxTokensOption, threadsOption, temperatureOption, seedOption,
                       imageMaxTokensOption, jsonOption});

    if (const std::optional<int> exit = parser.parse(arguments))
        return exit;

    options.imagePath = parser.value(imageOption);
    options.devicePath = parser.value(deviceOption);
    options.screen = parser.isSet(screenOption);
    if (int(parser.isSet(imageOption)) + int(parser.isSet(deviceOption)) + int(options.screen) > 1)
        return parser.usageError(AskCommand::tr("use one of --image, --device and --screen."));
    if (options.imagePath.isEmpty() && options.devicePath.isEmpty() && !options.screen)
        return parser.usageError(AskCommand::tr("--image FILE, --device PATH or --screen is required."));
    if (parser.isSet(regionOption)) {
        if (!options.screen)
            return parser.usageError(AskCommand::tr("--region only applies to --screen."));
        static const QRegularExpression kRegion(QStringLiteral("^\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*$"));
        const QRegularExpressionMatch match = kRegion.match(parser.value(regionOption));
        bool ok = match.hasMatch();
        int values[4] = {};
        for (int i = 0; ok && i < 4; ++i)
            values[i] = match.captured(i + 1).toInt(&ok);
        if (!ok || values[2] <= 0 || values[3] <= 0) {
            return parser.usageError(AskCommand::tr("--region expects X,Y,WIDTH,HEIGHT in pixels with a width and "
                                                    "height above 0, got '%1'.")
                                         .arg(parser.value(regionOption)));
        }
        options.region = QRect(values[0], values[1], values[2], values[3]);
    }
    if (parser.isSet(timeoutOption)) {
        if (!parser.isSet(deviceOption))
            return parser.usageError(AskCommand::tr("--timeout only applies to --device."));
        if (!SnapCommand::parseTimeout(parser.value(timeoutOption), &options.timeoutSeconds)) {
            return parser.usageError(AskCommand::tr("--timeout expects seconds greater than 0, got '%1'.")
                                         .arg(parser.value(timeoutOption)));
        }
    }
    options.prompt = parser.isSet(promptOption) ? parser.value(promptOption) : QLatin1String(kDefaultPrompt);
    if (options.prompt.trimmed().isEmpty())
        return parser.usageError(AskCommand::tr("the prompt is empty."));
    options.model = parser.value(modelOption);
    options.modelFile = parser.value(modelFileOption);
    options.mmprojFile = parser.value(mmprojOption);
    if (parser.isSet(modelOption) && (parser.isSet(modelFileOption) || parser.isSet(mmprojOption)))
        return parser.usageError(AskCommand::tr("use either --model or --model-file with --mmproj, not both."));
    if (parser.isSet(modelOption) && options.model.isEmpty())
        return parser.usageError(AskCommand::tr("--model needs a profile id or a profile file."));
    if (options.modelFile.isEmpty() != options.mmprojFile.isEmpty()
        || parser.isSet(modelFileOption) != parser.isSet(mmprojOption)) {
        return parser.usageError(
            AskCommand::tr("--model-file and --mmproj go together: a llama.cpp model needs both files."));
    }
    options.endpoint = parser.value(endpointOption).trimmed();
    options.remoteModel = parser.value(remoteModelOption).trimmed();
    if (parser.isSet(apiKeyEnvOption))
        options.apiKeyEnv = parser.value(apiKeyEnvOption).trimmed();
    if (parser.isSet(endpointOption)) {
        if (parser.isSet(modelOption) || parser.isSet(modelFileOption) || parser.isSet(mmprojOption))
            return parser.usageError(AskCommand::tr("use either --endpoint or a local model, not both."));
        const QUrl url(options.endpoint, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            return parser.usageError(AskCommand::tr("--endpoint expects an http:// or https:// URL, got '%1'.")
                                         .arg(options.endpoint));
        }
        if (parser.isSet(imageMaxTokensOption) || parser.isSet(threadsOption))
            return parser.usageError(AskCommand::tr("--image-max-tokens and --threads are for local models; "
                                                    "the server decides those."));
    } else if (parser.isSet(remoteModelOption) || parser.isSet(apiKeyEnvOption)) {
        return parser.usageError(AskCommand::tr("--remote-model and --api-key-env go with --endpoint."));
    }
    if (parser.isSet(apiKeyEnvOption) && options.apiKeyEnv.isEmpty())
        return parser.usageError(AskCommand::tr("--api-key-env needs the name of an environment variable."));
    if (!parser.number(maxTokensOption, 1, 1 << 20, options.maxTokens)
        || !parser.number(imageMaxTokensOption, 1, 65536, options.imageMaxTokens)
        || !parser.number(threadsOption, 0, 1024, options.threads)
        || !parser.number(temperatureOption, 0.0f, 2.0f, options.temperature)
        || !parser.number(seedOption, std::uint32_t{0}, std::numeric_limits<std::uint32_t>::max(), options.seed)) {
        return kExitUsage;
    }
    options.json = parser.isSet(jsonOption);
    return std::nullopt;
}

// --- model --------------------------------------------------------------------------------

// A llama profile for a bare GGUF pair, with the app's defaults for everything else.
ModelProfile adHocProfile(const AskOptions &options)
{
    ModelProfile profile;
    const QFileInfo model(options.modelFile);
    profile.id = model.completeBaseName();
    profile.name = model.fileName();
    profile.backend = inference::BackendKind::Llama;
    profile.files = {
        {QStringLiteral("model"), model.absoluteFilePath()},
        {QStringLiteral("mmproj"), QFileInfo(options.mmprojFile).absoluteFilePath()},
    };
    profile.vision.width = kAdHocVisionSize;
    profile.vision.height = kAdHocVisionSize;
    profile.vision.resize = inference::VisionResize::Fit;
    profile.sourcePath = model.absoluteFilePath();
    return profile;
}

// An "openai" profile for --endpoint: the server's model, the key from the environment.
ModelProfile remoteProfile(const AskOptions &options)
{
    ModelProfile profile;
    profile.id = QStringLiteral("endpoint");
    profile.name = options.endpoint;
    profile.backend = inference::BackendKind::OpenAi;
    profile.remote.endpoint = options.endpoint;
    profile.remote.model = options.remoteModel;
    profile.remote.apiKeyEnv = options.apiKeyEnv;
    profile.vision.width = kRemoteVisionSize;
    profile.vision.height = kRemoteVisionSize;
    profile.vision.resize = inference::VisionResize::Fit;
    profile.vision.jpegQuality = kRemoteJpegQuality;
    profile.sourcePath = options.endpoint;
    return profile;
}

// Finds the profile the options name; on failure fills `error` and, when the generic
// sentence for its code would mislead, `sentence`.
std::optional<ModelProfile> resolveProfile(const AskOptions &options, InferenceError &error, QString &sentence)
{
    if (!options.modelFile.isEmpty())
        return adHocProfile(options);
    if (!options.endpoint.isEmpty())
        return remoteProfile(options);
    const session::ProfileResolution resolution = session::ModelCatalog::resolve(options.model);
    error = resolution.error;
    switch (resolution.problem) {
    case session::ProfileResolution::Problem::None:
    case session::ProfileResolution::Problem::Invalid:
        break;
    case session::ProfileResolution::Problem::NoneReady:
        sentence = AskCommand::tr("No model is installed. Put a profile's model files where 'camchat models' "
                                  "expects them, or name the files with --model-file and --mmproj.");
        break;
    case session::ProfileResolution::Problem::UnknownId:
        sentence = AskCommand::tr("There is no model profile '%1'; 'camchat models' lists them.").arg(options.model);
        break;
    }
    return resolution.profile;
}

// --- output -------------------------------------------------------------------------------

QString stageName(inference::Stage stage)
{
    const std::string_view key = inference::stageKey(stage);
    return QString::fromLatin1(key.data(), static_cast<qsizetype>(key.size()));
}

QJsonValue optionalNumber(const std::optional<std::int64_t> &value)
{
    return value ? QJsonValue(static_cast<qint64>(*value)) : QJsonValue(QJsonValue::Null);
}

// `remote`: a model server's timings, with the upload (local backends never upload).
QJsonObject timingsJson(const inference::StageTimings &timings, bool remote)
{
    QJsonObject object;
    for (const inference::Stage stage : inference::kAllStages) {
        if (stage == inference::Stage::Upload && !remote)
            continue;
        object.insert(stageName(stage) + QLatin1String("_us"), optionalNumber(timings.durationUs(stage)));
    }
    object.insert(QStringLiteral("prefill_tokens"), timings.prefillTokens);
    object.insert(QStringLiteral("decode_tokens"), timings.decodeTokens);
    const std::optional<double> rate = timings.decodeTokensPerSecond();
    object.insert(QStringLiteral("decode_tokens_per_s"), rate ? QJsonValue(*rate) : QJsonValue(QJsonValue::Null));
    object.insert(QStringLiteral("total_us"), static_cast<qint64>(timings.totalUs));
    object.insert(QStringLiteral("peak_rss_bytes"), static_cast<qint64>(timings.peakRssBytes));
    object.insert(QStringLiteral("runtime_memory_bytes"),
                  timings.runtimeMemoryBytes > 0 ? QJsonValue(static_cast<qint64>(timings.runtimeMemoryBytes))
                                                 : QJsonValue(QJsonValue::Null));
    return object;
}

// What a model server reported about its own work; null where it said nothing.
void addServerTimings(QJsonObject &object, const inference::ServerTimings &server)
{
    const auto value = [](const auto &optional) {
        return optional ? QJsonValue(*optional) : QJsonValue(QJsonValue::Null);
    };
    object.insert(QStringLiteral("server_prompt_ms"), value(server.promptMs));
    object.insert(QStringLiteral("server_prompt_tokens"), value(server.promptTokens));
    object.insert(QStringLiteral("server_cached_prompt_tokens"), value(server.cachedPromptTokens));
    object.insert(QStringLiteral("server_decode_tokens"), value(server.decodeTokens));
    object.insert(QStringLiteral("server_decode_tokens_per_s"), value(server.decodeTokensPerSecond));
}

QString milliseconds(std::int64_t us)
{
    return QStringLiteral("%1 ms").arg(static_cast<double>(us) / 1000.0, 0, 'f', 1);
}

// One line per stage, aligned; machine-friendly keys, the same as in the JSON.
QString timingsText(const inference::StageTimings &timings)
{
    QString text;
    const auto line = [&text](const QString &label, const QString &value) {
        text += QStringLiteral("%1 %2\n").arg(label, -14).arg(value);
    };
    for (const inference::Stage stage : inference::kAllStages) {
        const std::optional<std::int64_t> us = timings.durationUs(stage);
        if (stage == inference::Stage::Upload && !us)
            continue; // local backends never upload
        QString value = us ? milliseconds(*us) : QStringLiteral("-");
        if (stage == inference::Stage::Prefill && us)
            value += QStringLiteral(", %1 tokens").arg(timings.prefillTokens);
        if (stage == inference::Stage::Decode && us) {
            value += QStringLiteral(", %1 tokens").arg(timings.decodeTokens);
            if (const std::optional<double> rate = timings.decodeTokensPerSecond())
                value += QStringLiteral(", %1 tokens/s").arg(*rate, 0, 'f', 1);
        }
        line(stageName(stage), value);
    }
    if (timings.server.promptMs) {
        QString value = QStringLiteral("%1 ms").arg(*timings.server.promptMs, 0, 'f', 1);
        if (timings.server.promptTokens)
            value += QStringLiteral(", %1 tokens").arg(*timings.server.promptTokens);
        if (timings.server.cachedPromptTokens)
            value += QStringLiteral(", %1 cached").arg(*timings.server.cachedPromptTokens);
        line(QStringLiteral("server_prompt"), value);
    }
    if (timings.server.decodeTokensPerSecond)
        line(QStringLiteral("server_decode"),
             QStringLiteral("%1 tokens/s").arg(*timings.server.decodeTokensPerSecond, 0, 'f', 1));
    line(QStringLiteral("total"), milliseconds(timings.totalUs));
    line(QStringLiteral("peak_rss"),
         QStringLiteral("%1 MiB").arg(static_cast<double>(timings.peakRssBytes) / (1024.0 * 1024.0), 0, 'f', 1));
    if (timings.runtimeMemoryBytes > 0) {
        line(QStringLiteral("runtime_memory"),
             QStringLiteral("%1 MiB").arg(static_cast<double>(timings.runtimeMemoryBytes) / (1024.0 * 1024.0), 0, 'f', 1));
    }
    return text;
}

// --- the run ------------------------------------------------------------------------------

// Drives one question through a ChatSession on the inference thread's worker, the model
// loaded through a ModelCatalog; every callback runs on the main thread (queued from the
// worker).
class AskSession
{
public:
    AskSession(const AskOptions &options, const ModelProfile &profile, const capture::Frame &frame)
        : m_options(options)
        , m_profile(profile)
        , m_frame(frame)
        , m_showProgress(!options.json && ::isatty(STDERR_FILENO) == 1)
        , m_filterControls(!options.json && ::isatty(STDOUT_FILENO) == 1)
    {
    }

    int exec()
    {
        InterruptGuard interrupt;
        inference::InferenceThread thread;
        inference::InferenceWorker *worker = thread.worker();

        std::optional<QSocketNotifier> notifier;
        if (interrupt.readFd() >= 0) {
            notifier.emplace(interrupt.readFd(), QSocketNotifier::Read);
            QObject::connect(&*notifier, &QSocketNotifier::activated, &m_loop, [this, &interrupt] {
                char buffer[16];
                while (::read(interrupt.readFd(), buffer, sizeof buffer) > 0) {
                }
                onInterrupt();
            });
        }

        session::ModelCatalog models(worker);
        session::ChatSession chat(worker);
        m_chat = &chat;
        QObject::connect(&models, &session::ModelCatalog::loadProgress, &m_loop,
                         [this](float fraction) { onLoadProgress(fraction); });
        QObject::connect(&models, &session::ModelCatalog::modelReady, &m_loop,
                         [this](const ModelProfile &) { onModelLoaded(); });
        QObject::connect(&models, &session::ModelCatalog::loadFailed, &m_loop,
                         [this](const ModelProfile &, const InferenceError &error) { onModelLoadFailed(error); });
        QObject::connect(&chat, &session::ChatSession::token, &m_loop,
                         [this](const QString &piece) { onToken(piece); });
        QObject::connect(&chat, &session::ChatSession::finished, &m_loop,
                         [this](const inference::InferenceResult &result) { onFinished(result); });
        QObject::connect(&chat, &session::ChatSession::failed, &m_loop,
                         [this](const InferenceError &error) { finish(error); });

        models.load(m_profile, m_options.threads);
        const int code = m_loop.exec();
        m_chat = nullptr;
        // ~InferenceThread cancels whatever still runs (e.g. a model load that Ctrl+C
        // interrupted) and waits for the thread.
        return code;
    }

private:
    void onLoadProgress(float fraction)
    {
        if (m_showProgress) {
            printErr(AskCommand::tr("Loading %1… %2%").arg(m_profile.name).arg(qRound(fraction * 100.0f))
                     + QLatin1Char('\r'));
        }
    }

    void clearProgress()
    {
        if (m_showProgress)
            printErr(QStringLiteral("\r\033[K"));
    }

    void onModelLoaded()
    {
        clearProgress();
        if (m_interrupted) {
            finish(cancelledError());
            return;
        }
        inference::SamplingParams sampling = m_profile.sampling;
        if (m_options.maxTokens)
            sampling.maxNewTokens = *m_options.maxTokens;
        if (m_options.temperature)
            sampling.temperature = *m_options.temperature;
        if (m_options.seed)
            sampling.seed = *m_options.seed;
        m_chat->setImage(m_frame);
        m_chat->ask(m_options.prompt, sampling);
    }

    void onModelLoadFailed(const InferenceError &error)
    {
        clearProgress();
        finish(m_interrupted ? cancelledError() : error);
    }

    void onToken(const QString &piece)
    {
        if (m_done)
            return;
        m_answer += piece;
        if (!m_options.json)
            printOut(m_filterControls ? withoutControlCharacters(piece) : piece);
    }

    void onFinished(const inference::InferenceResult &result)
    {
        if (m_done)
            return;
        m_done = true;
        if (m_options.json) {
            const bool remote = m_profile.backend == inference::BackendKind::OpenAi;
            QJsonObject timings = timingsJson(result.timings, remote);
            if (remote)
                addServerTimings(timings, result.timings.server);
            const QJsonObject root{
                {QStringLiteral("answer"), result.text},
                {QStringLiteral("model"), QJsonObject{
                     {QStringLiteral("id"), m_profile.id},
                     {QStringLiteral("name"), m_profile.name},
                     {QStringLiteral("backend"), inference::backendName(m_profile.backend)},
                 }},
                {QStringLiteral("image"), imageJson()},
                {QStringLiteral("prompt"), m_options.prompt},
                {QStringLiteral("timings"), timings},
            };
            printJson(root, JsonLayout::Line);
        } else {
            printOut(QStringLiteral("\n"));
            printErr(timingsText(result.timings));
        }
        m_loop.exit(kExitOk);
    }

    void onInterrupt()
    {
        if (m_interrupted)
            return;
        m_interrupted = true;
        if (m_chat && m_chat->isBusy())
            m_chat->stop(); // failed(Cancelled) follows and ends the loop
        else
            finish(cancelledError()); // still loading: ~InferenceThread stops the load
    }

    QJsonObject imageJson() const
    {
        QJsonObject image{{QStringLiteral("width"), m_frame.width()}, {QStringLiteral("height"), m_frame.height()}};
        if (m_options.screen) {
            image.insert(QStringLiteral("screen"), true);
            if (m_options.region) {
                const QRect &r = *m_options.region;
                image.insert(QStringLiteral("region"), QJsonArray{r.x(), r.y(), r.width(), r.height()});
            }
        } else if (!m_options.devicePath.isEmpty()) {
            image.insert(QStringLiteral("device"), m_options.devicePath);
        } else {
            image.insert(QStringLiteral("path"), QFileInfo(m_options.imagePath).absoluteFilePath());
        }
        return image;
    }

    static InferenceError cancelledError()
    {
        return {InferenceErrorCode::Cancelled, QStringLiteral("interrupted (SIGINT)")};
    }

    void finish(const InferenceError &error)
    {
        if (m_done)
            return;
        m_done = true;
        // The partial answer stays; end its line so the messages start on their own.
        if (!m_options.json && !m_answer.isEmpty())
            printOut(QStringLiteral("\n"));
        m_loop.exit(failWith(m_options, error, m_answer));
    }

    const AskOptions &m_options;
    const ModelProfile &m_profile;
    const capture::Frame &m_frame;
    const bool m_showProgress;
    // Text mode on a terminal: the answer without control characters (a byte token could
    // send escape sequences); a pipe gets the bytes as generated.
    const bool m_filterControls;
    QEventLoop m_loop;
    session::ChatSession *m_chat = nullptr;
    QString m_answer;
    bool m_interrupted = false;
    bool m_done = false;
};

// --screen: the screen (or the part --region names) as a frame, or an exit code after
// saying why not. Needs the QGuiApplication main() makes for `ask --screen`.
std::optional<capture::Frame> grabScreen(const AskOptions &options, int &exitCode)
{
    const auto fail = [&](const QString &sentence, const QString &detail) {
        printError(sentence, detail);
        if (options.json)
            printJsonError(inference::errorKey(InferenceErrorCode::ImageInvalid), sentence, detail);
        exitCode = kExitInputError;
        return std::nullopt;
    };
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        return fail(AskCommand::tr("There is no screen to grab: --screen needs a desktop session."),
                    QStringLiteral("neither DISPLAY nor WAYLAND_DISPLAY is set"));
    }
    ui::ScreenGrabber grabber;
    QEventLoop loop;
    QImage grabbed;
    QString reason;
    QString detail;
    QObject::connect(&grabber, &ui::ScreenGrabber::grabbed, &loop, [&](const QImage &image) {
        grabbed = image;
        loop.quit();
    });
    QObject::connect(&grabber, &ui::ScreenGrabber::failed, &loop, [&](const QString &why, const QString &more) {
        reason = why;
        detail = more;
        loop.quit();
    });
    if (grabber.grab(nullptr, 0))
        loop.exec();
    if (grabbed.isNull())
        return fail(reason.isEmpty() ? AskCommand::tr("The screen could not be grabbed.") : reason, detail);
    if (options.region) {
        // The grab is in device pixels, like the coordinates screenshot tools show.
        const QRect screen = grabbed.rect();
        if (!screen.contains(*options.region)) {
            const QRect &r = *options.region;
            return fail(AskCommand::tr("The region %1,%2 %3×%4 is not on the screen, which is %5×%6 pixels.")
                            .arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())
                            .arg(screen.width()).arg(screen.height()),
                        {});
        }
        grabbed = grabbed.copy(*options.region);
    }
    return capture::frameFromImage(grabbed);
}

} // namespace

int AskCommand::run(const QStringList &arguments)
{
    return run(arguments, nullptr);
}

int AskCommand::run(const QStringList &arguments, std::shared_ptr<capture::V4l2Io> io)
{
    AskOptions options;
    if (const std::optional<int> exit = parseOptions(arguments, options))
        return *exit;

    // Model first: it is cheap to check the profile and that its files exist, and a wrong
    // model is the likelier mistake. Loading the files comes after the image.
    InferenceError profileError;
    QString profileSentence;
    const std::optional<ModelProfile> profile = resolveProfile(options, profileError, profileSentence);
    if (!profile)
        return failWith(options, profileError, {}, profileSentence);
    if (!profile->filesPresent()) {
        return failWith(options, {InferenceErrorCode::ModelFileMissing,
                                  profile->missingFiles().join(QStringLiteral(", "))});
    }
    ModelProfile effective = *profile;
    if (options.imageMaxTokens)
        effective.vision.maxImageTokens = *options.imageMaxTokens;

    if (options.screen) {
        int exitCode = 0;
        const std::optional<capture::Frame> screen = grabScreen(options, exitCode);
        if (!screen)
            return exitCode;
        AskSession session(options, effective, *screen);
        return session.exec();
    }

    if (!options.devicePath.isEmpty()) {
        capture::V4l2SourceOptions source;
        source.devicePath = options.devicePath.toStdString();
        source.io = std::move(io);
        const auto timeout = std::chrono::milliseconds(std::llround(options.timeoutSeconds * 1000.0));
        const capture::V4l2GrabResult grabbed = capture::grabV4l2Frame(std::move(source), timeout);
        if (!grabbed.ok()) {
            const QString sentence = SnapCommand::describeGrabFailure(grabbed, options.devicePath,
                                                                      options.timeoutSeconds);
            printError(sentence, {});
            if (options.json)
                printJsonError(inference::errorKey(InferenceErrorCode::ImageInvalid), sentence, grabbed.detail);
            return kExitInputError;
        }
        AskSession session(options, effective, grabbed.frame);
        return session.exec();
    }

    const capture::LoadedImage image = capture::ImageLoader::loadFile(options.imagePath);
    if (!image.ok()) {
        const QString sentence = ui::describeImageError(image.error);
        // The loader's detail usually names the file already.
        const QString detail = image.error.detail.contains(options.imagePath)
                                   ? image.error.detail
                                   : QStringLiteral("%1: %2").arg(options.imagePath, image.error.detail);
        printError(sentence, detail);
        if (options.json)
            printJsonError(inference::errorKey(InferenceErrorCode::ImageInvalid), sentence, detail);
        return kExitInputError;
    }

    AskSession session(options, effective, image.frame);
    return session.exec();
}

} // namespace camchat::app
