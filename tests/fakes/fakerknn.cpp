// A fake librknnrt.so: the camchat-side C ABI of inference/rk/rknnabi.h over a tiny text
// "model" (magic line "camchat-fake-rknn 1"; keys input_width, input_height,
// output_tokens, output_width, output_leading_ones). The vision encoder takes uint8 NHWC
// RGB and produces deterministic, image-dependent float embeddings [1, tokens, width].

#include "fakecontrol.h"
#include "fakemodelfile.h"
#include "inference/rk/rknnabi.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace camchat::inference::rk;
using camchat::fakes::envNumber;
using camchat::fakes::FakeModelFile;

namespace {

__attribute__((used)) const char kFakeRknnVersion[] = "librknnrt version: 2.3.2 (camchat fake)";

struct Context {
    std::uint32_t inputWidth = 0;
    std::uint32_t inputHeight = 0;
    std::uint32_t tokens = 0;
    std::uint32_t width = 0;
    std::uint32_t leadingOnes = 1;
    std::vector<std::uint8_t> input;
    bool inputSet = false;
    bool ran = false;
    std::vector<float> output;
    std::int64_t lastRunUs = 0;
    std::set<void *> heldOutputs;
    std::set<RknnTensorMem *> mems;
};

std::mutex g_mutex;
std::set<Context *> g_contexts;

Context *lookup(RknnContext context, const char *who)
{
    auto *c = reinterpret_cast<Context *>(static_cast<std::uintptr_t>(context));
    std::lock_guard lock(g_mutex);
    if (!g_contexts.count(c)) {
        camchat_fake_violation("%s: unknown or destroyed rknn_context", who);
        return nullptr;
    }
    return c;
}

std::uint16_t toHalf(float value)
{
    // Enough for the embeddings' range: normal numbers, truncated mantissa.
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    const std::uint32_t sign = (bits >> 16) & 0x8000u;
    const int exponent = static_cast<int>((bits >> 23) & 0xffu) - 127 + 15;
    if (exponent <= 0)
        return static_cast<std::uint16_t>(sign);
    if (exponent >= 31)
        return static_cast<std::uint16_t>(sign | 0x7c00u);
    return static_cast<std::uint16_t>(sign | (static_cast<std::uint32_t>(exponent) << 10)
                                      | ((bits >> 13) & 0x3ffu));
}

void fillAttr(const Context &c, bool input, RknnTensorAttr *attr)
{
    const std::uint32_t index = attr->index;
    std::memset(attr, 0, sizeof *attr);
    attr->index = index;
    if (input) {
        attr->n_dims = 4;
        attr->dims[0] = 1;
        attr->dims[1] = c.inputHeight;
        attr->dims[2] = c.inputWidth;
        attr->dims[3] = 3;
        std::snprintf(attr->name, sizeof attr->name, "pixel_values");
        attr->n_elems = c.inputWidth * c.inputHeight * 3;
        attr->size = attr->n_elems;
        attr->fmt = RknnTensorFormat::Nhwc;
        attr->type = RknnTensorType::Uint8;
        attr->qnt_type = 2; // affine asymmetric
        attr->scale = 1.0f;
        attr->w_stride = c.inputWidth;
        attr->size_with_stride = attr->size;
        attr->h_stride = c.inputHeight;
    } else {
        std::uint32_t n = 0;
        for (std::uint32_t i = 0; i < c.leadingOnes && n < kRknnMaxDims - 2; ++i)
            attr->dims[n++] = 1;
        attr->dims[n++] = c.tokens;
        attr->dims[n++] = c.width;
        attr->n_dims = n;
        std::snprintf(attr->name, sizeof attr->name, "image_embeds");
        attr->n_elems = c.tokens * c.width;
        attr->size = attr->n_elems * 2;
        attr->fmt = RknnTensorFormat::Nchw;
        attr->type = RknnTensorType::Float16;
        attr->scale = 1.0f;
        attr->size_with_stride = attr->size;
    }
}

} // namespace

extern "C" {

__attribute__((visibility("default"))) int rknn_init(RknnContext *context, void *model,
                                                     std::uint32_t size, std::uint32_t,
                                                     void *)
{
    camchat_fake_count("rknn_init", 1);
    if (!context || !model) {
        camchat_fake_violation("rknn_init: null context or model");
        return kRknnErrParamInvalid;
    }
    *context = 0;
    if (envNumber("CAMCHAT_FAKE_RKNN_FAIL_INIT", 0) == 1)
        return kRknnErrDeviceUnavailable;
    const std::string magic = "camchat-fake-rknn 1";
    const auto file = size == 0
        ? FakeModelFile::load(static_cast<const char *>(model), magic)
        : FakeModelFile::parse(std::string(static_cast<const char *>(model), size), magic);
    if (!file) {
        std::fprintf(stderr, "E RKNN: fake: not a model: %s\n",
                     size == 0 ? static_cast<const char *>(model) : "(buffer)");
        return kRknnErrModelInvalid;
    }
    auto *c = new Context;
    c->inputWidth = static_cast<std::uint32_t>(file->number("input_width", 224));
    c->inputHeight = static_cast<std::uint32_t>(file->number("input_height", 224));
    c->tokens = static_cast<std::uint32_t>(file->number("output_tokens", 64));
    c->width = static_cast<std::uint32_t>(file->number("output_width", 64));
    c->leadingOnes = static_cast<std::uint32_t>(file->number("output_leading_ones", 1));
    {
        std::lock_guard lock(g_mutex);
        g_contexts.insert(c);
    }
    camchat_fake_count("live_rknn_contexts", 1);
    std::fprintf(stderr, "I RKNN: fake %s\n", kFakeRknnVersion);
    *context = static_cast<RknnContext>(reinterpret_cast<std::uintptr_t>(c));
    return kRknnSucc;
}

__attribute__((visibility("default"))) int rknn_query(RknnContext context, RknnQueryCmd cmd,
                                                      void *info, std::uint32_t size)
{
    camchat_fake_count("rknn_query", 1);
    Context *c = lookup(context, "rknn_query");
    if (!c)
        return kRknnErrCtxInvalid;
    if (!info) {
        camchat_fake_violation("rknn_query: null info");
        return kRknnErrParamInvalid;
    }
    auto sizeIs = [&](std::size_t expected) {
        if (size == expected)
            return true;
        camchat_fake_violation("rknn_query(%d): size %u, expected %zu", static_cast<int>(cmd),
                               size, expected);
        return false;
    };
    switch (cmd) {
    case RknnQueryCmd::InOutNum: {
        if (!sizeIs(sizeof(RknnInputOutputNum)))
            return kRknnErrParamInvalid;
        auto *num = static_cast<RknnInputOutputNum *>(info);
        num->n_input = 1;
        num->n_output = 1;
        return kRknnSucc;
    }
    case RknnQueryCmd::InputAttr:
    case RknnQueryCmd::OutputAttr: {
        if (!sizeIs(sizeof(RknnTensorAttr)))
            return kRknnErrParamInvalid;
        auto *attr = static_cast<RknnTensorAttr *>(info);
        if (attr->index != 0)
            return kRknnErrParamInvalid; // one input, one output
        fillAttr(*c, cmd == RknnQueryCmd::InputAttr, attr);
        return kRknnSucc;
    }
    case RknnQueryCmd::PerfRun: {
        if (!sizeIs(sizeof(RknnPerfRun)))
            return kRknnErrParamInvalid;
        static_cast<RknnPerfRun *>(info)->run_duration = c->lastRunUs;
        return kRknnSucc;
    }
    case RknnQueryCmd::SdkVersion: {
        if (!sizeIs(sizeof(RknnSdkVersion)))
            return kRknnErrParamInvalid;
        auto *version = static_cast<RknnSdkVersion *>(info);
        std::snprintf(version->api_version, sizeof version->api_version, "2.3.2 (fake)");
        std::snprintf(version->drv_version, sizeof version->drv_version, "0.9.8");
        return kRknnSucc;
    }
    }
    return kRknnErrParamInvalid;
}

__attribute__((visibility("default"))) int rknn_set_core_mask(RknnContext context,
                                                              RknnCoreMask mask)
{
    camchat_fake_count("rknn_set_core_mask", 1);
    if (!lookup(context, "rknn_set_core_mask"))
        return kRknnErrCtxInvalid;
    const int m = static_cast<int>(mask);
    if (m != 0 && m != 1 && m != 2 && m != 4 && m != 3 && m != 7) {
        camchat_fake_violation("rknn_set_core_mask: invalid mask %d", m);
        return kRknnErrParamInvalid;
    }
    camchat_fake_set_counter("rknn_core_mask", m);
    return kRknnSucc;
}

__attribute__((visibility("default"))) int rknn_inputs_set(RknnContext context,
                                                           std::uint32_t count,
                                                           RknnInput *inputs)
{
    camchat_fake_count("rknn_inputs_set", 1);
    Context *c = lookup(context, "rknn_inputs_set");
    if (!c)
        return kRknnErrCtxInvalid;
    if (count != 1 || !inputs) {
        camchat_fake_violation("rknn_inputs_set: %u inputs, the model has 1", count);
        return kRknnErrInputInvalid;
    }
    const RknnInput &in = inputs[0];
    const std::uint32_t expected = c->inputWidth * c->inputHeight * 3;
    if (in.index != 0 || !in.buf || in.size != expected || in.pass_through != 0
        || in.type != RknnTensorType::Uint8 || in.fmt != RknnTensorFormat::Nhwc) {
        camchat_fake_violation("rknn_inputs_set: index %u buf %p size %u (expected %u) "
                               "pass_through %u type %d (expected uint8=3) fmt %d "
                               "(expected NHWC=1)",
                               in.index, in.buf, in.size, expected, in.pass_through,
                               static_cast<int>(in.type), static_cast<int>(in.fmt));
        return kRknnErrInputInvalid;
    }
    // The runtime copies the input; touching every byte lets ASan catch short buffers.
    const auto *bytes = static_cast<const std::uint8_t *>(in.buf);
    c->input.assign(bytes, bytes + in.size);
    c->inputSet = true;
    return kRknnSucc;
}

__attribute__((visibility("default"))) int rknn_run(RknnContext context, void *)
{
    camchat_fake_count("rknn_run", 1);
    Context *c = lookup(context, "rknn_run");
    if (!c)
        return kRknnErrCtxInvalid;
    if (!c->inputSet) {
        camchat_fake_violation("rknn_run: no input set");
        return kRknnErrInputInvalid;
    }
    camchat_fake_npu_enter("rknn_run");
    const auto start = std::chrono::steady_clock::now();
    const long delayMs = envNumber("CAMCHAT_FAKE_RKNN_RUN_MS", 0);
    if (delayMs > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
    int result = kRknnSucc;
    if (envNumber("CAMCHAT_FAKE_RKNN_FAIL_RUN", 0) == 1) {
        std::fprintf(stderr, "E RKNN: failed to submit!\n");
        result = kRknnErrFail;
    } else {
        // Token t describes band t of the rows, so different images give different
        // embeddings and equal images equal ones.
        c->output.assign(static_cast<std::size_t>(c->tokens) * c->width, 0.0f);
        const std::uint32_t w = c->inputWidth;
        const std::uint32_t h = c->inputHeight;
        for (std::uint32_t t = 0; t < c->tokens; ++t) {
            const std::uint32_t y0 = t * h / c->tokens;
            const std::uint32_t y1 = std::max(y0 + 1, (t + 1) * h / c->tokens);
            double sum[3] = {0, 0, 0};
            for (std::uint32_t y = y0; y < y1 && y < h; ++y)
                for (std::uint32_t x = 0; x < w; ++x)
                    for (int ch = 0; ch < 3; ++ch)
                        sum[ch] += c->input[(static_cast<std::size_t>(y) * w + x) * 3 + ch];
            const double count = static_cast<double>(y1 - y0) * w;
            for (std::uint32_t d = 0; d < c->width; ++d)
                c->output[static_cast<std::size_t>(t) * c->width + d] =
                    static_cast<float>(sum[d % 3] / count / 255.0 - 0.5 + 0.001 * (d % 10));
        }
        c->ran = true;
    }
    c->lastRunUs = std::chrono::duration_cast<std::chrono::microseconds>(
                       std::chrono::steady_clock::now() - start)
                       .count();
    camchat_fake_npu_leave();
    return result;
}

__attribute__((visibility("default"))) int rknn_outputs_get(RknnContext context,
                                                            std::uint32_t count,
                                                            RknnOutput *outputs, void *)
{
    camchat_fake_count("rknn_outputs_get", 1);
    Context *c = lookup(context, "rknn_outputs_get");
    if (!c)
        return kRknnErrCtxInvalid;
    if (count != 1 || !outputs || outputs[0].index != 0) {
        camchat_fake_violation("rknn_outputs_get: %u outputs, the model has 1", count);
        return kRknnErrOutputInvalid;
    }
    if (!c->ran) {
        camchat_fake_violation("rknn_outputs_get before a successful rknn_run");
        return kRknnErrOutputInvalid;
    }
    RknnOutput &out = outputs[0];
    const std::size_t n = c->output.size();
    const std::uint32_t bytes = static_cast<std::uint32_t>(n * (out.want_float ? 4 : 2));
    if (out.is_prealloc) {
        if (!out.buf || out.size < bytes) {
            camchat_fake_violation("rknn_outputs_get: preallocated buffer %p of %u bytes, "
                                   "needs %u",
                                   out.buf, out.size, bytes);
            return kRknnErrOutputInvalid;
        }
    } else {
        out.buf = std::malloc(bytes);
        out.size = bytes;
        c->heldOutputs.insert(out.buf);
        camchat_fake_count("rknn_outputs_held", 1);
    }
    if (out.want_float) {
        std::memcpy(out.buf, c->output.data(), bytes);
    } else {
        auto *half = static_cast<std::uint16_t *>(out.buf);
        for (std::size_t i = 0; i < n; ++i)
            half[i] = toHalf(c->output[i]);
    }
    return kRknnSucc;
}

__attribute__((visibility("default"))) int rknn_outputs_release(RknnContext context,
                                                                std::uint32_t count,
                                                                RknnOutput *outputs)
{
    camchat_fake_count("rknn_outputs_release", 1);
    Context *c = lookup(context, "rknn_outputs_release");
    if (!c)
        return kRknnErrCtxInvalid;
    for (std::uint32_t i = 0; outputs && i < count; ++i) {
        RknnOutput &out = outputs[i];
        if (out.is_prealloc)
            continue;
        if (!c->heldOutputs.erase(out.buf)) {
            camchat_fake_violation("rknn_outputs_release: %p was not given by rknn_outputs_get",
                                   out.buf);
            continue;
        }
        std::free(out.buf);
        out.buf = nullptr;
        camchat_fake_count("rknn_outputs_held", -1);
    }
    return kRknnSucc;
}

__attribute__((visibility("default"))) RknnTensorMem *
rknn_create_mem_from_fd(RknnContext context, std::int32_t fd, void *virtAddr, std::uint32_t size,
                        std::int32_t offset)
{
    camchat_fake_count("rknn_create_mem_from_fd", 1);
    Context *c = lookup(context, "rknn_create_mem_from_fd");
    if (!c)
        return nullptr;
    auto *mem = new RknnTensorMem{};
    mem->virt_addr = virtAddr;
    mem->fd = fd;
    mem->offset = offset;
    mem->size = size;
    c->mems.insert(mem);
    return mem;
}

__attribute__((visibility("default"))) int rknn_set_io_mem(RknnContext context,
                                                           RknnTensorMem *mem,
                                                           RknnTensorAttr *attr)
{
    camchat_fake_count("rknn_set_io_mem", 1);
    Context *c = lookup(context, "rknn_set_io_mem");
    if (!c)
        return kRknnErrCtxInvalid;
    if (!mem || !attr || !c->mems.count(mem)) {
        camchat_fake_violation("rknn_set_io_mem: unknown memory or null attr");
        return kRknnErrParamInvalid;
    }
    // Zero-copy input: behaves like rknn_inputs_set on the mapped bytes.
    if (attr->index == 0 && attr->type == RknnTensorType::Uint8 && mem->virt_addr) {
        RknnInput in{};
        in.buf = static_cast<std::uint8_t *>(mem->virt_addr) + mem->offset;
        in.size = c->inputWidth * c->inputHeight * 3;
        in.type = RknnTensorType::Uint8;
        in.fmt = attr->fmt;
        if (mem->size < in.size + static_cast<std::uint32_t>(mem->offset)) {
            camchat_fake_violation("rknn_set_io_mem: %u bytes, input needs %u", mem->size,
                                   in.size);
            return kRknnErrParamInvalid;
        }
        return rknn_inputs_set(context, 1, &in);
    }
    return kRknnSucc;
}

__attribute__((visibility("default"))) int rknn_destroy_mem(RknnContext context,
                                                            RknnTensorMem *mem)
{
    camchat_fake_count("rknn_destroy_mem", 1);
    Context *c = lookup(context, "rknn_destroy_mem");
    if (!c)
        return kRknnErrCtxInvalid;
    if (!c->mems.erase(mem)) {
        camchat_fake_violation("rknn_destroy_mem: unknown memory %p", static_cast<void *>(mem));
        return kRknnErrParamInvalid;
    }
    delete mem;
    return kRknnSucc;
}

__attribute__((visibility("default"))) int rknn_destroy(RknnContext context)
{
    camchat_fake_count("rknn_destroy", 1);
    Context *c = lookup(context, "rknn_destroy");
    if (!c)
        return kRknnErrCtxInvalid;
    if (!c->heldOutputs.empty())
        camchat_fake_violation("rknn_destroy: %zu outputs never released",
                               c->heldOutputs.size());
    for (void *buf : c->heldOutputs)
        std::free(buf);
    camchat_fake_count("rknn_outputs_held", -static_cast<long>(c->heldOutputs.size()));
    for (RknnTensorMem *mem : c->mems)
        delete mem;
    {
        std::lock_guard lock(g_mutex);
        g_contexts.erase(c);
    }
    delete c;
    camchat_fake_count("live_rknn_contexts", -1);
    return kRknnSucc;
}

} // extern "C"
