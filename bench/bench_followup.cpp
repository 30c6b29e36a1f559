// Time to first token of a follow-up question versus the first question about an image,
// through the real InferenceWorker (model and conversation stay loaded in between), and of
// a first question about an image encoded on snap (InferenceWorker::prepareImage, done
// before the question as while the user types it; not for model servers, which have
// nothing to prepare). Prints one JSON object with the medians. Used by
// bench/compare_mtmd_cli.py.
//
//   bench_followup --model PROFILE.json [--threads N] [--max-tokens N] [--runs N]
#include "capture/frame.h"
#include "capture/jpegcodec.h"
#include "inference/inferencethread.h"
#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <cstring>
#include <optional>
#include <vector>

using namespace camchat::inference;

namespace {

// Random weights make the picture's content irrelevant: a gradient at the encoder's size.
// Each `variant` is another picture, so that nothing of an earlier question's is reused
// (a model server's prompt cache would otherwise answer a "first" question from memory).
RgbImage syntheticImage(const VisionSpec &spec, int variant)
{
    const int w = spec.width;
    const int h = spec.resize == VisionResize::Fit ? spec.height * 9 / 16 : spec.height;
    std::shared_ptr<std::uint8_t[]> pixels(new std::uint8_t[static_cast<std::size_t>(w) * h * 3]);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            std::uint8_t *p = pixels.get() + (static_cast<std::size_t>(y) * w + x) * 3;
            p[0] = static_cast<std::uint8_t>(x * 255 / w + variant * 37);
            p[1] = static_cast<std::uint8_t>(y * 255 / h);
            p[2] = static_cast<std::uint8_t>((x ^ y) & 0xff);
        }
    }
    RgbImage image{w, h, pixels, {}};
    if (spec.jpegQuality > 0) {
        // A model server's profile: the JPEG it is sent as (session/visioninput does this
        // for captured frames), encoded here so the follow-up bench runs against servers too.
        camchat::capture::Frame frame = camchat::capture::Frame::allocate(camchat::capture::PixelFormat::Rgb24, w, h);
        std::memcpy(frame.bits(0), pixels.get(), static_cast<std::size_t>(w) * h * 3);
        camchat::capture::JpegEncodeOptions options;
        options.quality = spec.jpegQuality;
        image.jpeg = camchat::capture::JpegEncoder().encode(frame, options).data;
    }
    return image;
}

// Runs one request to the end; returns its timings or nothing on failure.
std::optional<StageTimings> ask(InferenceWorker *worker, InferenceRequest request)
{
    QEventLoop loop;
    std::optional<StageTimings> timings;
    const std::uint64_t id = worker->submit(std::move(request));
    auto done = QObject::connect(worker, &InferenceWorker::finished, &loop, [&](const InferenceResult &result) {
        if (result.requestId == id) {
            timings = result.timings;
            loop.quit();
        }
    });
    auto fail = QObject::connect(worker, &InferenceWorker::failed, &loop,
                                 [&](quint64 requestId, const InferenceError &error) {
                                     if (requestId == id) {
                                         std::fprintf(stderr, "request failed: %s\n", qPrintable(error.detail));
                                         loop.quit();
                                     }
                                 });
    loop.exec();
    QObject::disconnect(done);
    QObject::disconnect(fail);
    return timings;
}

// Encode on snap: prepares an image and waits until it is ready, as a user typing the
// question would. False when the preparation did not finish (no signal within 10 min).
bool prepare(InferenceWorker *worker, std::uint64_t key, ImagePreparer image, double &durationUs)
{
    QEventLoop loop;
    bool done = false;
    auto ready = QObject::connect(worker, &InferenceWorker::imagePrepared, &loop, [&](quint64 prepared, qint64 us) {
        if (prepared == key) {
            done = true;
            durationUs = static_cast<double>(us);
            loop.quit();
        }
    });
    QTimer::singleShot(10 * 60 * 1000, &loop, &QEventLoop::quit);
    worker->prepareImage(key, std::move(image));
    loop.exec();
    QObject::disconnect(ready);
    return done;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n == 0 ? 0.0 : (n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption modelOption(QStringLiteral("model"), QStringLiteral("Profile JSON."), QStringLiteral("file"));
    const QCommandLineOption threadsOption(QStringLiteral("threads"), QStringLiteral("Threads."), QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption tokensOption(QStringLiteral("max-tokens"), QStringLiteral("New tokens."), QStringLiteral("n"), QStringLiteral("32"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Repetitions."), QStringLiteral("n"), QStringLiteral("3"));
    parser.addOptions({modelOption, threadsOption, tokensOption, runsOption});
    parser.process(app);

    const ProfileLoadResult loaded = ModelProfiles::loadFile(parser.value(modelOption));
    if (!loaded.profile) {
        std::fprintf(stderr, "bad profile: %s\n", qPrintable(loaded.error.detail));
        return 3;
    }
    const ModelProfile profile = *loaded.profile;

    InferenceThread thread;
    InferenceWorker *worker = thread.worker();
    {
        QEventLoop loop;
        bool ok = false;
        QObject::connect(worker, &InferenceWorker::modelLoaded, &loop, [&] { ok = true; loop.quit(); });
        QObject::connect(worker, &InferenceWorker::modelLoadFailed, &loop, [&](const InferenceError &error) {
            std::fprintf(stderr, "load failed: %s\n", qPrintable(error.detail));
            loop.quit();
        });
        QMetaObject::invokeMethod(worker, "loadModel", Qt::QueuedConnection, Q_ARG(camchat::inference::ModelProfile, profile),
                                  Q_ARG(int, parser.value(threadsOption).toInt()));
        loop.exec();
        if (!ok)
            return 3;
    }

    SamplingParams sampling = profile.sampling;
    sampling.maxNewTokens = parser.value(tokensOption).toInt();
    std::vector<double> first;
    std::vector<double> followUp;
    std::vector<double> prepared;
    std::vector<double> preparation;
    const bool prepares = profile.backend != BackendKind::OpenAi;
    for (int run = 0; run < parser.value(runsOption).toInt(); ++run) {
        InferenceRequest question;
        question.image = [run](const VisionSpec &spec) { return syntheticImage(spec, 2 * run); };
        question.prompt = QStringLiteral("Describe this image in detail.");
        question.sampling = sampling;
        const auto a = ask(worker, std::move(question));
        InferenceRequest again;
        again.prompt = QStringLiteral("What colours are in it?");
        again.sampling = sampling;
        const auto b = ask(worker, std::move(again));
        if (!a || !b || !a->firstTokenUs || !b->firstTokenUs)
            return 5;
        first.push_back(static_cast<double>(*a->firstTokenUs));
        followUp.push_back(static_cast<double>(*b->firstTokenUs));

        if (!prepares)
            continue;
        const auto shifted = [run](const VisionSpec &spec) { return syntheticImage(spec, 2 * run + 1); };
        const auto key = static_cast<std::uint64_t>(run + 1);
        double preparationUs = 0;
        if (!prepare(worker, key, shifted, preparationUs))
            return 5;
        preparation.push_back(preparationUs);
        InferenceRequest ahead;
        ahead.image = shifted;
        ahead.imageKey = key;
        ahead.prompt = QStringLiteral("Describe this image in detail.");
        ahead.sampling = sampling;
        const auto c = ask(worker, std::move(ahead));
        if (!c || !c->firstTokenUs || !c->preparedAheadUs)
            return 5;
        prepared.push_back(static_cast<double>(*c->firstTokenUs));
    }

    QJsonObject out{{QStringLiteral("first_first_token_us"), median(first)},
                    {QStringLiteral("followup_first_token_us"), median(followUp)},
                    {QStringLiteral("runs"), static_cast<int>(first.size())}};
    if (prepares) {
        out.insert(QStringLiteral("prepared_first_token_us"), median(prepared));
        // How long the preparation itself took (at its low priority), for comparison with
        // the cold first token.
        out.insert(QStringLiteral("preparation_us"), median(preparation));
    }
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
