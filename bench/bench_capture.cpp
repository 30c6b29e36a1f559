// Capture-side costs per image: JPEG decode (full size and DCT-scaled for the model),
// NV12 camera frame -> model input, NV12 camera frame -> display XRGB.
//
//   bench_capture --benchmark_min_time=0.5
//
// The time column is milliseconds per image; bytes_per_second is input bytes (JPEG file
// bytes, or NV12 frame bytes) per second.

#include "capture/frame.h"
#include "capture/frameconvert.h"
#include "capture/imageloader.h"
#include "capture/modelinput.h"

#include <QByteArray>
#include <QSize>

#include <benchmark/benchmark.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
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

QByteArray encodeJpeg(const RgbImage &img)
{
    tjhandle handle = tjInitCompress();
    if (!handle) {
        std::fprintf(stderr, "tjInitCompress failed\n");
        std::abort();
    }
    unsigned char *out = nullptr;
    unsigned long size = 0;
    if (tjCompress2(handle, img.rgb.data(), img.width, img.width * 3, img.height, TJPF_RGB, &out, &size,
                    TJSAMP_420, 90, TJFLAG_ACCURATEDCT)
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

// Inputs are built once per size and shared by the benchmarks.
const RgbImage &photo(int width, int height)
{
    static std::map<std::pair<int, int>, RgbImage> cache;
    auto it = cache.find({width, height});
    if (it == cache.end())
        it = cache.emplace(std::pair{width, height}, makePhoto(width, height)).first;
    return it->second;
}

const QByteArray &jpeg(int width, int height)
{
    static std::map<std::pair<int, int>, QByteArray> cache;
    auto it = cache.find({width, height});
    if (it == cache.end())
        it = cache.emplace(std::pair{width, height}, encodeJpeg(photo(width, height))).first;
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

} // namespace

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

BENCHMARK_MAIN();
