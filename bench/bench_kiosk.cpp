// Kiosk throughput: captions per minute and model-busy fraction with the next picture
// prepared while the model decodes (overlap) versus strictly one after the other, through
// the real CaptionPipeline and InferenceWorker. The camera is synthetic: a thread hands
// out frames at a fixed rate through a FrameMailbox, as a V4L2 source would; the provider
// converts each with session::prepareModelImage on the pipeline's thread, as the kiosk does.
//
//   nv12-1080p   raw NV12 frames (an HDMI grabber): the pixels come by DMA on a real
//                device, so the producer itself costs next to nothing.
//   mjpeg-1080p, mjpeg-4k
//                JPEG frames (a UVC webcam), decoded to Xrgb8888 on the camera thread,
//                where V4l2Source decodes MJPEG in production, so every frame's decode
//                competes for the CPU with the model as it would there. The decode is at
//                full size (V4l2Source may scale down to the preview's minimum size):
//                the costliest case, and the one the model input is made from.
//
//   bench_kiosk --model PROFILE.json [--captions N] [--max-tokens N] [--threads N]
//               [--rounds N] [--image-tokens N] [--camera KIND] [--fps N]
//
// The SmolVLM-256M-shaped random-weight model comes from the fixture generator:
//   makegguf --smolvlm-256m --out DIR   (bench/compare_mtmd_cli.py does the same)
#include "capture/frame.h"
#include "capture/framemailbox.h"
#include "capture/jpegcodec.h"
#include "inference/captionpipeline.h"
#include "inference/inferencethread.h"
#include "inference/inferenceworker.h"
#include "inference/modelprofile.h"
#include "session/visioninput.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <thread>
#include <vector>

using namespace camchat;

namespace {

// How many distinct pictures the camera cycles through: enough that consecutive captions
// never see the same bytes (no cache keeps an unrealistic advantage), few enough to render
// and compress quickly at start-up.
constexpr int kRingSize = 4;
// A typical UVC webcam's MJPEG quality.
constexpr int kJpegQuality = 85;

enum class CameraKind { Nv12_1080p, Mjpeg1080p, Mjpeg4k };

struct CameraKindName {
    CameraKind kind;
    const char *name;
};
constexpr CameraKindName kCameraKinds[] = {
    {CameraKind::Nv12_1080p, "nv12-1080p"},
    {CameraKind::Mjpeg1080p, "mjpeg-1080p"},
    {CameraKind::Mjpeg4k, "mjpeg-4k"},
};

const char *cameraName(CameraKind kind)
{
    for (const CameraKindName &entry : kCameraKinds) {
        if (entry.kind == kind)
            return entry.name;
    }
    return "?";
}

// What the camera hands out, prepared once for all runs: rendering and compressing 4K
// pictures takes seconds, which must not be repeated (or timed) per run.
struct CameraPictures {
    CameraKind kind = CameraKind::Nv12_1080p;
    QSize size;
    std::vector<capture::Frame> raw;                    // nv12-1080p
    std::vector<std::shared_ptr<const QByteArray>> jpeg; // mjpeg-*
    bool isJpeg() const { return !jpeg.empty(); }
};

// 1080p NV12 with a luma ramp and slowly varying chroma: the cost of makeModelInput does
// not depend on content, so nothing more elaborate is needed.
capture::Frame renderNv12(int index, int width, int height)
{
    capture::Frame frame = capture::Frame::allocate(capture::PixelFormat::Nv12, width, height);
    for (int y = 0; y < height; ++y) {
        std::uint8_t *row = frame.bits(0) + static_cast<std::ptrdiff_t>(y) * frame.stride(0);
        for (int x = 0; x < width; ++x)
            row[x] = static_cast<std::uint8_t>(16 + ((x + index * 97) * 219 / width + y / 8) % 220);
    }
    for (int y = 0; y < height / 2; ++y) {
        std::uint8_t *row = frame.bits(1) + static_cast<std::ptrdiff_t>(y) * frame.stride(1);
        for (int x = 0; x < width; x += 2) {
            row[x] = static_cast<std::uint8_t>(96 + (x / 16 + index * 20) % 64);
            row[x + 1] = static_cast<std::uint8_t>(160 - (y / 8) % 64);
        }
    }
    frame.setYuvEncoding(capture::YuvMatrix::Bt709, capture::YuvRange::Limited);
    return frame;
}

// A smooth scene (sky and ground gradients, a few soft-edged discs) with a little
// sensor-like noise. JPEG decode time grows with the compressed size, and a noiseless
// gradient compresses to a fraction of what a real camera sends; the noise brings the
// size per pixel into a webcam's range.
capture::Frame renderScene(int index, int width, int height)
{
    struct Disc {
        float cx, cy, radius, r, g, b;
    };
    const float w = float(width);
    const float h = float(height);
    const Disc discs[] = {
        {w * (0.20f + 0.15f * float(index)), h * 0.30f, h * 0.10f, 250, 230, 170},
        {w * 0.70f, h * (0.55f + 0.05f * float(index)), h * 0.18f, 60, 110, 170},
        {w * (0.45f - 0.05f * float(index)), h * 0.75f, h * 0.12f, 190, 70, 60},
    };
    const float horizon = h * (0.55f + 0.03f * float(index));
    capture::Frame frame = capture::Frame::allocate(capture::PixelFormat::Rgb24, width, height);
    std::uint32_t noiseState = 0x9e3779b9u * std::uint32_t(index + 1);
    for (int y = 0; y < height; ++y) {
        std::uint8_t *row = frame.bits(0) + static_cast<std::ptrdiff_t>(y) * frame.stride(0);
        const float fy = float(y);
        for (int x = 0; x < width; ++x) {
            const float fx = float(x);
            float r, g, b;
            if (fy < horizon) {
                const float t = fy / horizon;
                r = 90 + 80 * t;
                g = 140 + 60 * t;
                b = 230 - 20 * t;
            } else {
                const float t = (fy - horizon) / (h - horizon);
                r = 70 + 50 * t + 20 * fx / w;
                g = 120 - 30 * t;
                b = 50 + 10 * t;
            }
            for (const Disc &disc : discs) {
                const float dx = fx - disc.cx;
                const float dy = fy - disc.cy;
                const float d = std::sqrt(dx * dx + dy * dy);
                // A soft edge a few percent of the radius wide: smooth, but not blurred away.
                const float a = std::clamp((disc.radius - d) / (disc.radius * 0.04f), 0.0f, 1.0f);
                r += (disc.r - r) * a;
                g += (disc.g - g) * a;
                b += (disc.b - b) * a;
            }
            noiseState = noiseState * 1664525u + 1013904223u; // LCG: cheap and reproducible
            const float noise = float(int(noiseState >> 28) - 8) * 0.75f;
            row[3 * x] = static_cast<std::uint8_t>(std::clamp(r + noise, 0.0f, 255.0f));
            row[3 * x + 1] = static_cast<std::uint8_t>(std::clamp(g + noise, 0.0f, 255.0f));
            row[3 * x + 2] = static_cast<std::uint8_t>(std::clamp(b + noise, 0.0f, 255.0f));
        }
    }
    return frame;
}

std::optional<CameraPictures> prepareCamera(CameraKind kind)
{
    CameraPictures pictures;
    pictures.kind = kind;
    pictures.size = kind == CameraKind::Mjpeg4k ? QSize(3840, 2160) : QSize(1920, 1080);
    capture::JpegEncoder encoder;
    capture::JpegEncodeOptions options;
    options.quality = kJpegQuality;
    options.subsampling = capture::JpegSubsampling::S422; // what UVC MJPEG streams use
    for (int i = 0; i < kRingSize; ++i) {
        if (kind == CameraKind::Nv12_1080p) {
            pictures.raw.push_back(renderNv12(i, pictures.size.width(), pictures.size.height()));
            continue;
        }
        const capture::JpegEncodeResult encoded =
                encoder.encode(renderScene(i, pictures.size.width(), pictures.size.height()), options);
        if (!encoded.ok()) {
            std::fprintf(stderr, "bench_kiosk: JPEG encode failed: %s\n", qPrintable(encoded.error));
            return std::nullopt;
        }
        pictures.jpeg.push_back(std::make_shared<const QByteArray>(encoded.data));
    }
    return pictures;
}

// What the camera thread did during one run.
struct CameraStats {
    std::uint64_t frames = 0;  // published
    std::uint64_t missed = 0;  // frame periods skipped because decoding ran late
    std::int64_t decodeNs = 0; // MJPEG only
    std::int64_t aliveNs = 0;
};

// A camera on its own thread, frames on a fixed sensor clock. The pictures are handed
// out in turn with fresh sequence numbers and timestamps, like a driver's buffer ring.
// When decoding a frame outlasts the frame period, the periods it overran are skipped,
// as a driver drops frames no buffer was queued for: the clock never drifts.
class SyntheticCamera
{
public:
    SyntheticCamera(capture::FrameMailbox &mailbox, const CameraPictures &pictures, int fps)
        : m_mailbox(mailbox)
        , m_pictures(pictures)
        , m_period(std::chrono::nanoseconds(1000000000 / fps))
    {
        m_thread = std::thread([this] { run(); });
    }
    ~SyntheticCamera() { stop(); }

    // Stops the thread; stats() is final afterwards.
    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    const CameraStats &stats() const { return m_stats; }

private:
    void run()
    {
        const auto started = std::chrono::steady_clock::now();
        // Owned by this thread, like V4l2Source's thread_local decoder.
        capture::JpegDecoder decoder;
        const QString sourceName = QString::fromLatin1(cameraName(m_pictures.kind));
        auto next = started;
        std::uint64_t sequence = 0;
        while (!m_stop) {
            // The driver stamps the frame when it is captured, before any decode.
            const std::int64_t timestampNs = capture::monotonicNowNs();
            const std::size_t slot = sequence % kRingSize;
            capture::Frame frame;
            if (m_pictures.isJpeg()) {
                const std::shared_ptr<const QByteArray> &jpeg = m_pictures.jpeg[slot];
                const std::span<const std::uint8_t> data(reinterpret_cast<const std::uint8_t *>(jpeg->constData()),
                                                         static_cast<std::size_t>(jpeg->size()));
                const auto decodeStart = std::chrono::steady_clock::now();
                capture::ImageError error{};
                // No minimum size: full resolution, since the model input is made from it.
                frame = decoder.decode(data, QSize(), &error);
                m_stats.decodeNs += std::chrono::duration_cast<std::chrono::nanoseconds>(
                                            std::chrono::steady_clock::now() - decodeStart)
                                            .count();
                if (!frame.isValid()) {
                    std::fprintf(stderr, "bench_kiosk: JPEG decode failed\n");
                    break;
                }
                frame.setEncodedJpeg(jpeg, m_pictures.size);
            } else {
                frame = m_pictures.raw[slot];
            }
            frame.setSequence(++sequence);
            frame.setTimestampNs(timestampNs);
            frame.setSourceName(sourceName);
            m_mailbox.publish(frame);
            ++m_stats.frames;
            next += m_period;
            const auto now = std::chrono::steady_clock::now();
            while (next <= now) {
                next += m_period;
                ++m_stats.missed;
            }
            std::this_thread::sleep_until(next);
        }
        m_stats.aliveNs =
                std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started)
                        .count();
    }

    capture::FrameMailbox &m_mailbox;
    const CameraPictures &m_pictures;
    const std::chrono::nanoseconds m_period;
    CameraStats m_stats; // written by the camera thread only, read after stop()
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

// Sums over the counted captions of one or more runs of a mode.
struct RunResult {
    std::int64_t wallUs = 0;
    std::int64_t busyUs = 0;  // vision encode + prefill + decode, as the pipeline measured it
    int captions = 0;
    double providerMs = 0;    // capture wait + camera frame -> model input, on the pipeline thread
    int providerCalls = 0;
    double encodeMs = 0;
    double prefillMs = 0;
    double decodeMs = 0;
    double requestMs = 0;     // the worker's whole request (incl. tokenizing, mtmd's own preprocessing)
    int decodeTokens = 0;
    int failures = 0;
    CameraStats camera;       // over whole runs, warm-up included

    void add(const RunResult &other)
    {
        wallUs += other.wallUs;
        busyUs += other.busyUs;
        captions += other.captions;
        providerMs += other.providerMs;
        providerCalls += other.providerCalls;
        encodeMs += other.encodeMs;
        prefillMs += other.prefillMs;
        decodeMs += other.decodeMs;
        requestMs += other.requestMs;
        decodeTokens += other.decodeTokens;
        failures += other.failures;
        camera.frames += other.camera.frames;
        camera.missed += other.camera.missed;
        camera.decodeNs += other.camera.decodeNs;
        camera.aliveNs += other.camera.aliveNs;
    }
    double perMinute() const { return wallUs > 0 ? captions * 60e6 / double(wallUs) : 0; }
    double busy() const { return wallUs > 0 ? double(busyUs) / double(wallUs) : 0; }
    double mean(double sum) const { return captions ? sum / captions : 0; }
    double cameraFps() const { return camera.aliveNs > 0 ? double(camera.frames) * 1e9 / double(camera.aliveNs) : 0; }
    double jpegDecodeMs() const { return camera.frames ? double(camera.decodeNs) / 1e6 / double(camera.frames) : 0; }
};

RunResult runMode(inference::InferenceWorker *worker, const inference::ModelProfile &profile, bool overlap,
                  int captions, int maxTokens, const CameraPictures &pictures, int fps)
{
    capture::FrameMailbox mailbox;
    SyntheticCamera camera(mailbox, pictures, fps);
    std::atomic<std::int64_t> providerNs{0};
    std::atomic<int> providerCalls{0};
    inference::CaptionPipeline pipeline(worker, [&](const inference::VisionSpec &spec)
                                                    -> std::optional<inference::CaptionImage> {
        const auto start = std::chrono::steady_clock::now();
        const std::optional<capture::Frame> frame = mailbox.waitTake(std::chrono::milliseconds(200));
        if (!frame)
            return std::nullopt;
        inference::CaptionImage picture;
        picture.image = session::prepareModelImage(*frame, spec);
        picture.timestampNs = frame->timestampNs();
        providerNs += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
                          .count();
        ++providerCalls;
        return picture;
    });

    inference::CaptionPipelineOptions options;
    options.prompt = QStringLiteral("Describe what you see in one short sentence.");
    inference::SamplingParams sampling = profile.sampling;
    sampling.maxNewTokens = maxTokens;
    options.sampling = sampling;
    options.overlap = overlap;
    options.continuous = true;
    options.reloadAfterFailures = 0;
    options.retryInitialMs = 100;
    pipeline.setOptions(options);
    pipeline.setProfile(profile, true);

    RunResult result;
    int done = 0;
    bool warm = false;
    QEventLoop loop;
    QObject::connect(&pipeline, &inference::CaptionPipeline::captionFinished, &loop,
                     [&](quint64, const QString &, const inference::StageTimings &t) {
                         if (!warm) {
                             // The first caption warms caches and allocators; and its
                             // successor was not prepared behind anything: not counted.
                             warm = true;
                             pipeline.resetStats();
                             providerNs = 0;
                             providerCalls = 0;
                             return;
                         }
                         ++done;
                         result.encodeMs += double(t.visionEncodeUs.value_or(0)) / 1e3;
                         result.prefillMs += double(t.prefillUs.value_or(0)) / 1e3;
                         result.decodeMs += double(t.decodeUs.value_or(0)) / 1e3;
                         result.requestMs += double(t.totalUs) / 1e3;
                         result.decodeTokens += t.decodeTokens;
                         if (done >= captions) {
                             const inference::CaptionStats stats = pipeline.stats();
                             result.wallUs = stats.wallUs;
                             result.busyUs = stats.busyUs;
                             result.captions = int(stats.captions);
                             loop.quit();
                         }
                     });
    QObject::connect(&pipeline, &inference::CaptionPipeline::captionFailed, &loop,
                     [&](quint64, const inference::InferenceError &error, int) {
                         ++result.failures;
                         std::fprintf(stderr, "caption failed: %s\n", qPrintable(error.detail));
                         if (result.failures > 3)
                             loop.quit();
                     });
    pipeline.start();
    loop.exec();
    pipeline.stop();
    camera.stop();
    result.camera = camera.stats();
    result.providerMs = double(providerNs.load()) / 1e6;
    result.providerCalls = providerCalls;
    return result;
}

bool loadModel(inference::InferenceWorker *worker, const inference::ModelProfile &profile, int threads)
{
    QEventLoop loop;
    bool ok = false;
    QObject::connect(worker, &inference::InferenceWorker::modelLoaded, &loop, [&] {
        ok = true;
        loop.quit();
    });
    QObject::connect(worker, &inference::InferenceWorker::modelLoadFailed, &loop,
                     [&](const inference::InferenceError &error) {
                         std::fprintf(stderr, "model load failed: %s\n", qPrintable(error.detail));
                         loop.quit();
                     });
    QMetaObject::invokeMethod(worker, [worker, profile, threads] { worker->loadModel(profile, threads); },
                              Qt::QueuedConnection);
    loop.exec();
    return ok;
}

void printRow(const char *label, const RunResult &r)
{
    const double perCaption = r.captions ? double(r.wallUs) / 1e3 / r.captions : 0;
    const double busy = r.mean(r.encodeMs + r.prefillMs + r.decodeMs);
    std::printf("%-12s %9.2f %7.1f %% %9.0f %8.1f %8.0f %8.0f %8.0f %8.0f %8.1f %6.1f %7.1f %7.1f\n", label,
                r.perMinute(), r.busy() * 100.0, perCaption, r.providerCalls ? r.providerMs / r.providerCalls : 0.0,
                r.mean(r.encodeMs), r.mean(r.prefillMs), r.mean(r.decodeMs), r.mean(r.requestMs), perCaption - busy,
                r.decodeMs > 0 ? r.decodeTokens / (r.decodeMs / 1e3) : 0.0, r.cameraFps(), r.jpegDecodeMs());
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Kiosk captions: overlapped versus sequential."));
    parser.addHelpOption();
    const QCommandLineOption modelOption(QStringLiteral("model"), QStringLiteral("Model profile JSON."),
                                         QStringLiteral("file"));
    const QCommandLineOption captionsOption(QStringLiteral("captions"), QStringLiteral("Captions per mode."),
                                            QStringLiteral("n"), QStringLiteral("8"));
    const QCommandLineOption tokensOption(QStringLiteral("max-tokens"), QStringLiteral("New tokens per caption."),
                                          QStringLiteral("n"), QStringLiteral("32"));
    const QCommandLineOption threadsOption(QStringLiteral("threads"), QStringLiteral("Model threads."),
                                           QStringLiteral("n"), QStringLiteral("2"));
    const QCommandLineOption roundsOption(QStringLiteral("rounds"),
                                          QStringLiteral("Alternating sequential/overlapped rounds."),
                                          QStringLiteral("n"), QStringLiteral("2"));
    const QCommandLineOption imageTokensOption(QStringLiteral("image-tokens"),
                                               QStringLiteral("Image token cap (0 = the profile's)."),
                                               QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption cameraOption(QStringLiteral("camera"),
                                          QStringLiteral("Synthetic camera: nv12-1080p, mjpeg-1080p or mjpeg-4k."),
                                          QStringLiteral("kind"), QStringLiteral("nv12-1080p"));
    const QCommandLineOption fpsOption(QStringLiteral("fps"), QStringLiteral("Camera frame rate."),
                                       QStringLiteral("n"), QStringLiteral("30"));
    parser.addOptions({modelOption, captionsOption, tokensOption, threadsOption, roundsOption, imageTokensOption,
                       cameraOption, fpsOption});
    parser.process(app);
    if (!parser.isSet(modelOption)) {
        std::fprintf(stderr, "bench_kiosk: --model PROFILE.json is required (makegguf --smolvlm-256m --out DIR)\n");
        return 2;
    }
    const inference::ProfileLoadResult loaded = inference::ModelProfiles::loadFile(parser.value(modelOption));
    if (!loaded.profile) {
        std::fprintf(stderr, "bench_kiosk: %s\n", qPrintable(loaded.error.detail));
        return 2;
    }
    inference::ModelProfile profile = *loaded.profile;
    const int captions = std::max(1, parser.value(captionsOption).toInt());
    const int maxTokens = std::max(1, parser.value(tokensOption).toInt());
    const int threads = std::max(1, parser.value(threadsOption).toInt());
    const int rounds = std::max(1, parser.value(roundsOption).toInt());
    if (const int cap = parser.value(imageTokensOption).toInt(); cap > 0)
        profile.vision.maxImageTokens = cap;
    const int fps = std::clamp(parser.value(fpsOption).toInt(), 1, 240);
    std::optional<CameraKind> cameraKind;
    for (const CameraKindName &entry : kCameraKinds) {
        if (parser.value(cameraOption) == QLatin1String(entry.name))
            cameraKind = entry.kind;
    }
    if (!cameraKind) {
        std::fprintf(stderr, "bench_kiosk: unknown --camera %s (nv12-1080p, mjpeg-1080p, mjpeg-4k)\n",
                     qPrintable(parser.value(cameraOption)));
        return 2;
    }
    const std::optional<CameraPictures> pictures = prepareCamera(*cameraKind);
    if (!pictures)
        return 1;
    std::int64_t jpegBytes = 0;
    for (const auto &jpeg : pictures->jpeg)
        jpegBytes += jpeg->size();

    inference::InferenceThread thread;
    if (!loadModel(thread.worker(), profile, threads))
        return 1;

    // The modes alternate, round after round, so that a machine whose load drifts (other
    // processes, thermal throttling) biases neither; each run starts with an uncounted
    // warm-up caption.
    RunResult sequential;
    RunResult overlapped;
    for (int round = 0; round < rounds; ++round) {
        sequential.add(runMode(thread.worker(), profile, false, captions, maxTokens, *pictures, fps));
        overlapped.add(runMode(thread.worker(), profile, true, captions, maxTokens, *pictures, fps));
        std::fprintf(stderr, "round %d/%d done\n", round + 1, rounds);
    }
    if (sequential.failures || overlapped.failures)
        return 1;

    std::printf("\n%s, synthetic %s camera at %d fps", qPrintable(profile.name), cameraName(*cameraKind), fps);
    if (pictures->isJpeg()) {
        std::printf(" (%dx%d, quality %d, %lld KB per frame)", pictures->size.width(), pictures->size.height(),
                    kJpegQuality, static_cast<long long>(jpegBytes / qsizetype(pictures->jpeg.size()) / 1024));
    }
    std::printf(", %d rounds x %d captions per mode (+1 warm-up each), %d new tokens, %d threads, image token "
                "cap %d\n\n",
                rounds, captions, maxTokens, threads, profile.vision.maxImageTokens);
    std::printf("%-12s %9s %9s %9s %8s %8s %8s %8s %8s %8s %6s %7s %7s\n", "mode", "capt/min", "busy", "ms/capt",
                "prep ms", "enc ms", "prefill", "decode", "request", "gap ms", "tok/s", "cam fps", "jpeg ms");
    printRow("sequential", sequential);
    printRow("overlapped", overlapped);
    const double ratio = sequential.perMinute() > 0 ? overlapped.perMinute() / sequential.perMinute() : 0.0;
    std::printf("\noverlapped / sequential: %.3fx (target >= 1.3x), overlapped busy %.1f %% (target >= 90 %%)\n",
                ratio, overlapped.busy() * 100.0);
    // What overlap can win at most: the sequential wall time outside the model's stages.
    std::printf("sequential time outside encode + prefill + decode: %.2f %% -> overlap can gain at most %.3fx\n",
                (1.0 - sequential.busy()) * 100.0, sequential.busy() > 0 ? 1.0 / sequential.busy() : 0.0);
    std::printf("prep = capture wait + camera frame -> model input (pipeline thread); request = the worker's whole "
                "request; gap = ms/capt - (enc + prefill + decode); cam fps = frames the camera delivered; jpeg "
                "ms = full-size decode per frame (camera thread)\n");
    return 0;
}
