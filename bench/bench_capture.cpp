// Capture-side costs per image: JPEG decode (full size and DCT-scaled for the model),
// NV12 camera frame -> model input, NV12 camera frame -> display XRGB, and per live
// frame, from a dequeued V4L2 buffer (NV12, NV16, NV24, BGR3, YUYV, MJPEG) to the
// preview picture (convertForDisplay) and to a 512x512 model input.
//
//   bench_capture --benchmark_min_time=0.5
//
// The time column is milliseconds per image; bytes_per_second is input bytes (JPEG file
// bytes, or NV12 frame bytes) per second.
//
// Also how fast bad input is refused, which the tests check only for the outcome (a loaded
// machine must not fail a correct program): a JPEG whose header claims 60000x60000 pixels,
// and a grab from a device node that does not exist.

#include "capture/frame.h"
#include "capture/frameconvert.h"
#include "capture/imageloader.h"
#include "capture/jpegcodec.h"
#include "capture/modelinput.h"
#include "capture/v4l2/v4l2grab.h"

#include <QByteArray>
#include <QSize>

#include <benchmark/benchmark.h>
#include <turbojpeg.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

using namespace camchat::capture;

namespace {

// Packed R,G,B, tight rows.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;
};

// Something a camera might see: a sky gradient, a textured "ground", a few objects with
// hard edges, fine stripes and a little sensor noise. A flat or purely random image
// would make the JPEG numbers meaningless (too easy or incompressible).
RgbImage makePhoto(int width, int height)
{
    RgbImage img{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height * 3)};
    std::uint32_t noise = 0x12345678u;
    const double horizon = height * 0.55;
    for (int y = 0; y < height; ++y) {
        std::uint8_t *p = img.rgb.data() + static_cast<std::size_t>(y) * width * 3;
        const double v = static_cast<double>(y) / height;
        for (int x = 0; x < width; ++x, p += 3) {
            const double u = static_cast<double>(x) / width;
            double r;
            double g;
            double b;
            if (y < horizon) {
                r = 90 + 80 * v + 20 * u;
                g = 140 + 60 * v;
                b = 230 - 40 * v;
            } else {
                const double t = 0.5 + 0.25 * std::sin(x * 0.07 + std::sin(y * 0.05) * 3)
                    + 0.25 * std::sin(y * 0.31 + x * 0.011);
                r = 70 + 60 * t;
                g = 100 + 70 * t;
                b = 40 + 30 * t;
            }
            // A disc and a striped panel with hard edges.
            const double dx = u - 0.3;
            const double dy = v - 0.6;
            if (dx * dx * 1.8 + dy * dy < 0.02) {
                r = 220 - 90 * (dy + 0.14);
                g = 60;
                b = 40;
            }
            if (u > 0.62 && u < 0.85 && v > 0.25 && v < 0.7) {
                const bool stripe = ((x / 3) + (y / 17)) % 2 == 0;
                r = stripe ? 240 : 30;
                g = stripe ? 235 : 35;
                b = stripe ? 220 : 50;
            }
            noise = noise * 1664525u + 1013904223u;
            const double n = static_cast<double>((noise >> 24) & 15) - 7.5;
            p[0] = static_cast<std::uint8_t>(std::clamp(r + n, 0.0, 255.0));
            p[1] = static_cast<std::uint8_t>(std::clamp(g + n, 0.0, 255.0));
            p[2] = static_cast<std::uint8_t>(std::clamp(b + n, 0.0, 255.0));
        }
    }
    return img;
}

// Quality 90, 4:2:0, accurate DCT: a high-quality still (the ImageLoader cases and the
// default MJPEG case, a demanding stream). `cameraLike`: what UVC cameras typically send
// as MJPEG, quality 80 and 4:2:2 with the fast DCT.
QByteArray encodeJpeg(const RgbImage &img, bool cameraLike = false)
{
    tjhandle handle = tjInitCompress();
    if (!handle) {
        std::fprintf(stderr, "tjInitCompress failed\n");
        std::abort();
    }
    unsigned char *out = nullptr;
    unsigned long size = 0;
    if (tjCompress2(handle, img.rgb.data(), img.width, img.width * 3, img.height, TJPF_RGB, &out, &size,
                    cameraLike ? TJSAMP_422 : TJSAMP_420, cameraLike ? 80 : 90,
                    cameraLike ? TJFLAG_FASTDCT : TJFLAG_ACCURATEDCT)
        != 0) {
        std::fprintf(stderr, "tjCompress2 failed: %s\n", tjGetErrorStr2(handle));
        std::abort();
    }
    QByteArray bytes(reinterpret_cast<const char *>(out), static_cast<qsizetype>(size));
    tjFree(out);
    tjDestroy(handle);
    return bytes;
}

// BT.709 limited-range NV12 with 64-byte row padding, as the RK3588 HDMI receiver
// delivers it.
Frame makeNv12(const RgbImage &img)
{
    const int w = img.width;
    const int h = img.height;
    const int stride = (w + 63) / 64 * 64;
    const std::size_t ySize = static_cast<std::size_t>(stride) * h;
    const std::size_t size = ySize + static_cast<std::size_t>(stride) * ((h + 1) / 2);
    std::shared_ptr<std::byte[]> bytes(new std::byte[size]());
    auto *base = reinterpret_cast<std::uint8_t *>(bytes.get());
    auto at = [&](int x, int y, int c) {
        return static_cast<double>(img.rgb[(static_cast<std::size_t>(y) * w + x) * 3 + c]);
    };
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            base[static_cast<std::size_t>(y) * stride + x] = static_cast<std::uint8_t>(
                16.5 + (0.2126 * at(x, y, 0) + 0.7152 * at(x, y, 1) + 0.0722 * at(x, y, 2)) * 219.0 / 255.0);
    for (int y = 0; y < h / 2; ++y) {
        for (int x = 0; x < w / 2; ++x) {
            const double r = at(2 * x, 2 * y, 0);
            const double g = at(2 * x, 2 * y, 1);
            const double b = at(2 * x, 2 * y, 2);
            const double luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            std::uint8_t *uv = base + ySize + static_cast<std::size_t>(y) * stride + 2 * x;
            uv[0] = static_cast<std::uint8_t>(std::clamp(128.5 + (b - luma) / 1.8556 * 224.0 / 255.0, 0.0, 255.0));
            uv[1] = static_cast<std::uint8_t>(std::clamp(128.5 + (r - luma) / 1.5748 * 224.0 / 255.0, 0.0, 255.0));
        }
    }
    const FramePlane planes[2] = {{0, stride}, {ySize, stride}};
    Frame frame = Frame::wrap(PixelFormat::Nv12, w, h, planes, std::shared_ptr<const std::byte>(bytes, bytes.get()), size);
    frame.setYuvEncoding(YuvMatrix::Bt709, YuvRange::Limited);
    return frame;
}

// The live formats a V4L2 buffer can hold (benchmark argument 0).
// MjpegCamera (not in the per-format sweep): MJPEG at a typical camera's quality.
enum class LiveFormat { Nv12, Nv16, Nv24, Bgr3, Yuyv, Mjpeg, MjpegCamera };

const char *liveFormatName(LiveFormat format)
{
    switch (format) {
    case LiveFormat::Nv12: return "NV12";
    case LiveFormat::Nv16: return "NV16";
    case LiveFormat::Nv24: return "NV24";
    case LiveFormat::Bgr3: return "BGR3";
    case LiveFormat::Yuyv: return "YUYV";
    case LiveFormat::Mjpeg: return "MJPG";
    case LiveFormat::MjpegCamera: return "MJPG(camera q80 4:2:2)";
    }
    return "?";
}

// `img` as the HDMI receiver (NV16/NV24/BGR3: rows padded to 64 bytes, one memory
// plane) or a UVC camera (YUYV: tight rows) delivers it; BT.709 limited range.
Frame makeLive(const RgbImage &img, LiveFormat format)
{
    const int w = img.width;
    const int h = img.height;
    auto at = [&](int x, int y, int c) {
        return static_cast<double>(img.rgb[(static_cast<std::size_t>(y) * w + x) * 3 + c]);
    };
    auto luma = [&](int x, int y) {
        return 0.2126 * at(x, y, 0) + 0.7152 * at(x, y, 1) + 0.0722 * at(x, y, 2);
    };
    auto yByte = [&](int x, int y) { return static_cast<std::uint8_t>(16.5 + luma(x, y) * 219.0 / 255.0); };
    auto uByte = [&](int x, int y) {
        return static_cast<std::uint8_t>(std::clamp(128.5 + (at(x, y, 2) - luma(x, y)) / 1.8556 * 224.0 / 255.0, 0.0, 255.0));
    };
    auto vByte = [&](int x, int y) {
        return static_cast<std::uint8_t>(std::clamp(128.5 + (at(x, y, 0) - luma(x, y)) / 1.5748 * 224.0 / 255.0, 0.0, 255.0));
    };
    PixelFormat pixelFormat = PixelFormat::Invalid;
    int stride0 = 0;
    int stride1 = 0;
    int rows1 = 0;
    switch (format) {
    case LiveFormat::Nv16:
        pixelFormat = PixelFormat::Nv16;
        stride0 = stride1 = (w + 63) / 64 * 64;
        rows1 = h;
        break;
    case LiveFormat::Nv24:
        pixelFormat = PixelFormat::Nv24;
        stride0 = (w + 63) / 64 * 64;
        stride1 = 2 * stride0;
        rows1 = h;
        break;
    case LiveFormat::Bgr3:
        pixelFormat = PixelFormat::Bgr24;
        stride0 = (w * 3 + 63) / 64 * 64;
        break;
    case LiveFormat::Yuyv:
        pixelFormat = PixelFormat::Yuyv;
        stride0 = w * 2;
        break;
    default:
        std::abort();
    }
    const std::size_t plane0 = static_cast<std::size_t>(stride0) * h;
    const std::size_t size = plane0 + static_cast<std::size_t>(stride1) * rows1;
    std::shared_ptr<std::byte[]> bytes(new std::byte[size]());
    auto *base = reinterpret_cast<std::uint8_t *>(bytes.get());
    for (int y = 0; y < h; ++y) {
        std::uint8_t *row = base + static_cast<std::size_t>(y) * stride0;
        std::uint8_t *chroma = base + plane0 + static_cast<std::size_t>(y) * stride1;
        for (int x = 0; x < w; ++x) {
            switch (format) {
            case LiveFormat::Bgr3:
                row[x * 3] = static_cast<std::uint8_t>(at(x, y, 2));
                row[x * 3 + 1] = static_cast<std::uint8_t>(at(x, y, 1));
                row[x * 3 + 2] = static_cast<std::uint8_t>(at(x, y, 0));
                break;
            case LiveFormat::Yuyv:
                row[x * 2] = yByte(x, y);
                row[x * 2 + 1] = x % 2 == 0 ? uByte(x, y) : vByte(x - 1, y);
                break;
            case LiveFormat::Nv16:
                row[x] = yByte(x, y);
                if (x % 2 == 0) {
                    chroma[x] = uByte(x, y);
                    chroma[x + 1] = vByte(x, y);
                }
                break;
            default: // NV24
                row[x] = yByte(x, y);
                chroma[2 * x] = uByte(x, y);
                chroma[2 * x + 1] = vByte(x, y);
                break;
            }
        }
    }
    std::vector<FramePlane> planes{{0, stride0}};
    if (stride1 > 0)
        planes.push_back({plane0, stride1});
    Frame frame = Frame::wrap(pixelFormat, w, h, planes, std::shared_ptr<const std::byte>(bytes, bytes.get()), size);
    frame.setYuvEncoding(YuvMatrix::Bt709, YuvRange::Limited);
    return frame;
}

// Inputs are built once per size and shared by the benchmarks.
const RgbImage &photo(int width, int height)
{
    static std::map<std::pair<int, int>, RgbImage> cache;
    auto it = cache.find({width, height});
    if (it == cache.end())
        it = cache.emplace(std::pair{width, height}, makePhoto(width, height)).first;
    return it->second;
}

const QByteArray &jpeg(int width, int height, bool cameraLike = false)
{
    static std::map<std::tuple<int, int, bool>, QByteArray> cache;
    auto it = cache.find({width, height, cameraLike});
    if (it == cache.end())
        it = cache.emplace(std::tuple{width, height, cameraLike}, encodeJpeg(photo(width, height), cameraLike)).first;
    return it->second;
}

const Frame &nv12(int width, int height)
{
    static std::map<std::pair<int, int>, Frame> cache;
    auto it = cache.find({width, height});
    if (it == cache.end())
        it = cache.emplace(std::pair{width, height}, makeNv12(photo(width, height))).first;
    return it->second;
}

const Frame &live(LiveFormat format, int width, int height)
{
    if (format == LiveFormat::Nv12)
        return nv12(width, height);
    static std::map<std::tuple<int, int, int>, Frame> cache;
    const auto key = std::tuple{static_cast<int>(format), width, height};
    auto it = cache.find(key);
    if (it == cache.end())
        it = cache.emplace(key, makeLive(photo(width, height), format)).first;
    return it->second;
}

std::int64_t nv12Bytes(const Frame &f)
{
    return static_cast<std::int64_t>(f.width()) * f.height() * 3 / 2;
}

// args: width, height, minimum decode size (0 = full size)
void BM_JpegDecode(benchmark::State &state)
{
    const QByteArray &data = jpeg(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
    ImageLoadOptions options;
    if (state.range(2) > 0)
        options.minimumSize = QSize(static_cast<int>(state.range(2)), static_cast<int>(state.range(2)));
    QSize decoded;
    for (auto _ : state) {
        LoadedImage image = ImageLoader::loadData(data, options);
        if (!image.ok()) {
            state.SkipWithError("decode failed");
            break;
        }
        decoded = QSize(image.frame.width(), image.frame.height());
        benchmark::DoNotOptimize(image.frame.constBits());
    }
    state.SetBytesProcessed(state.iterations() * data.size());
    state.SetLabel(std::to_string(data.size() / 1024) + " KiB -> " + std::to_string(decoded.width()) + "x"
                   + std::to_string(decoded.height()));
}

// A small JPEG whose frame header (SOF0..2) is rewritten to claim width x height.
QByteArray jpegClaiming(int width, int height)
{
    QByteArray data = jpeg(64, 64);
    for (qsizetype pos = 2; pos + 9 <= data.size();) {
        const auto marker = static_cast<std::uint8_t>(data[pos + 1]);
        const int length = static_cast<std::uint8_t>(data[pos + 2]) << 8 | static_cast<std::uint8_t>(data[pos + 3]);
        if (marker >= 0xC0 && marker <= 0xC2) {
            data[pos + 5] = static_cast<char>(height >> 8);
            data[pos + 6] = static_cast<char>(height & 0xFF);
            data[pos + 7] = static_cast<char>(width >> 8);
            data[pos + 8] = static_cast<char>(width & 0xFF);
            return data;
        }
        pos += 2 + length;
    }
    return {};
}

void BM_RejectHugeJpegHeader(benchmark::State &state)
{
    const QByteArray data = jpegClaiming(60000, 60000);
    for (auto _ : state) {
        const LoadedImage image = ImageLoader::loadData(data);
        if (image.error.code != ImageErrorCode::TooManyPixels) {
            state.SkipWithError("the huge header was not refused");
            break;
        }
    }
}

void BM_GrabMissingDevice(benchmark::State &state)
{
    for (auto _ : state) {
        V4l2SourceOptions options;
        options.devicePath = "/dev/camchat-bench-no-such-video";
        const V4l2GrabResult result = grabV4l2Frame(std::move(options), std::chrono::milliseconds(5000));
        if (result.error != V4l2Error::DeviceMissing) {
            state.SkipWithError("the missing node was not reported as missing");
            break;
        }
    }
}

// args: width, height, model input side
void BM_Nv12ToModelInput(benchmark::State &state)
{
    const Frame &src = nv12(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
    ModelInputSpec spec;
    spec.width = static_cast<int>(state.range(2));
    spec.height = spec.width;
    for (auto _ : state) {
        Frame out = makeModelInput(src, spec);
        if (!out.isValid()) {
            state.SkipWithError("makeModelInput failed");
            break;
        }
        benchmark::DoNotOptimize(out.constBits());
    }
    state.SetBytesProcessed(state.iterations() * nv12Bytes(src));
}

// The resampling step alone (input already XRGB), to split the cost above.
void BM_XrgbToModelInput(benchmark::State &state)
{
    const Frame xrgb = convertFrame(nv12(static_cast<int>(state.range(0)), static_cast<int>(state.range(1))),
                                    PixelFormat::Xrgb8888);
    ModelInputSpec spec;
    spec.width = static_cast<int>(state.range(2));
    spec.height = spec.width;
    for (auto _ : state) {
        Frame out = makeModelInput(xrgb, spec);
        benchmark::DoNotOptimize(out.constBits());
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(xrgb.byteSize()));
}

// args: width, height
void BM_Nv12ToDisplay(benchmark::State &state)
{
    const Frame &src = nv12(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
    for (auto _ : state) {
        Frame out = convertFrame(src, PixelFormat::Xrgb8888);
        if (!out.isValid()) {
            state.SkipWithError("convertFrame failed");
            break;
        }
        benchmark::DoNotOptimize(out.constBits());
    }
    state.SetBytesProcessed(state.iterations() * nv12Bytes(src));
}

// One live frame as V4l2Source hands it over: raw formats are the buffer itself; an
// MJPEG buffer is copied (the frame keeps its JPEG for full-size snapshots) and decoded
// with DCT scaling to at least `minimum`.
Frame liveFrame(LiveFormat format, int width, int height, QSize minimum, JpegDecoder &decoder)
{
    if (format != LiveFormat::Mjpeg && format != LiveFormat::MjpegCamera)
        return live(format, width, height);
    const QByteArray &data = jpeg(width, height, format == LiveFormat::MjpegCamera);
    auto copy = std::make_shared<const QByteArray>(data.constData(), data.size());
    ImageError error;
    Frame frame = decoder.decode(std::span(reinterpret_cast<const std::uint8_t *>(copy->constData()),
                                           static_cast<std::size_t>(copy->size())),
                                 minimum, &error);
    frame.setEncodedJpeg(std::move(copy), QSize(width, height));
    return frame;
}

// args: live format, width, height, preview width, preview height
// From a dequeued buffer to the preview picture (convertForDisplay; MJPEG decoded with
// the preview size as minimum first, as the preview asks V4l2Source to).
void BM_LiveToPreview(benchmark::State &state)
{
    const auto format = static_cast<LiveFormat>(state.range(0));
    const int width = static_cast<int>(state.range(1));
    const int height = static_cast<int>(state.range(2));
    const QSize preview(static_cast<int>(state.range(3)), static_cast<int>(state.range(4)));
    JpegDecoder decoder;
    liveFrame(format, width, height, preview, decoder); // builds the cached input
    for (auto _ : state) {
        const Frame frame = liveFrame(format, width, height, preview, decoder);
        Frame out = convertForDisplay(frame, preview);
        if (!out.isValid()) {
            state.SkipWithError("conversion failed");
            break;
        }
        benchmark::DoNotOptimize(out.constBits());
    }
    state.SetLabel(std::string(liveFormatName(format)) + " " + std::to_string(width) + "x" + std::to_string(height)
                   + " -> " + std::to_string(preview.width()) + "x" + std::to_string(preview.height()));
}

// args: live format, width, height, model input side
// From a dequeued buffer to the model's input (MJPEG decoded with the side as minimum).
void BM_LiveToModelInput(benchmark::State &state)
{
    const auto format = static_cast<LiveFormat>(state.range(0));
    const int width = static_cast<int>(state.range(1));
    const int height = static_cast<int>(state.range(2));
    ModelInputSpec spec;
    spec.width = static_cast<int>(state.range(3));
    spec.height = spec.width;
    JpegDecoder decoder;
    const QSize minimum(spec.width, spec.height);
    liveFrame(format, width, height, minimum, decoder);
    for (auto _ : state) {
        const Frame frame = liveFrame(format, width, height, minimum, decoder);
        Frame out = makeModelInput(frame, spec);
        if (!out.isValid()) {
            state.SkipWithError("makeModelInput failed");
            break;
        }
        benchmark::DoNotOptimize(out.constBits());
    }
    state.SetLabel(std::string(liveFormatName(format)) + " " + std::to_string(width) + "x" + std::to_string(height)
                   + " -> " + std::to_string(spec.width));
}

void liveFormatsAt(benchmark::internal::Benchmark *b, std::vector<std::int64_t> tail)
{
    for (int format = 0; format <= static_cast<int>(LiveFormat::Mjpeg); ++format) {
        for (const auto &[w, h] : {std::pair{1920, 1080}, std::pair{3840, 2160}}) {
            std::vector<std::int64_t> args{format, w, h};
            args.insert(args.end(), tail.begin(), tail.end());
            b->Args(args);
        }
    }
}

} // namespace

BENCHMARK(BM_LiveToPreview)
    ->ArgNames({"fmt", "w", "h", "pw", "ph"})
    ->Apply([](benchmark::internal::Benchmark *b) { liveFormatsAt(b, {960, 540}); })
    ->Args({static_cast<int>(LiveFormat::Mjpeg), 1920, 1080, 512, 288})
    ->Args({static_cast<int>(LiveFormat::MjpegCamera), 1920, 1080, 960, 540})
    ->Args({static_cast<int>(LiveFormat::MjpegCamera), 1920, 1080, 512, 288})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LiveToModelInput)
    ->ArgNames({"fmt", "w", "h", "n"})
    ->Apply([](benchmark::internal::Benchmark *b) { liveFormatsAt(b, {512}); })
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JpegDecode)
    ->ArgNames({"w", "h", "min"})
    ->Args({1920, 1080, 0})
    ->Args({1920, 1080, 512})
    ->Args({3840, 2160, 0})
    ->Args({3840, 2160, 512})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Nv12ToModelInput)
    ->ArgNames({"w", "h", "n"})
    ->Args({1920, 1080, 512})
    ->Args({1920, 1080, 448})
    ->Args({3840, 2160, 512})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_XrgbToModelInput)->ArgNames({"w", "h", "n"})->Args({1920, 1080, 512})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Nv12ToDisplay)
    ->ArgNames({"w", "h"})
    ->Args({1920, 1080})
    ->Args({3840, 2160})
    ->Unit(benchmark::kMillisecond);

BENCHMARK(BM_RejectHugeJpegHeader)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GrabMissingDevice)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
