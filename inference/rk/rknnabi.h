#pragma once

// camchat's own description of the librknnrt C ABI (2.x; the layout is unchanged since
// 1.1.x). Written from the facts in the reference notes, not taken from the vendor header.
// The backend resolves every function with dlsym, so only pointer types are declared here.

#include <cstddef>
#include <cstdint>

namespace camchat::inference::rk {

using RknnContext = std::uint64_t;

// Return codes.
inline constexpr int kRknnSucc = 0;
inline constexpr int kRknnErrFail = -1;
inline constexpr int kRknnErrTimeout = -2;
inline constexpr int kRknnErrDeviceUnavailable = -3;
inline constexpr int kRknnErrMallocFail = -4;
inline constexpr int kRknnErrParamInvalid = -5;
inline constexpr int kRknnErrModelInvalid = -6;
inline constexpr int kRknnErrCtxInvalid = -7;
inline constexpr int kRknnErrInputInvalid = -8;
inline constexpr int kRknnErrOutputInvalid = -9;
inline constexpr int kRknnErrDeviceUnmatch = -10;
inline constexpr int kRknnErrIncompatiblePreCompileModel = -11;
inline constexpr int kRknnErrIncompatibleOptimizationLevel = -12;
inline constexpr int kRknnErrTargetPlatformUnmatch = -13;

// rknn_query commands.
enum class RknnQueryCmd : int {
    InOutNum = 0,
    InputAttr = 1,
    OutputAttr = 2,
    PerfRun = 4,
    SdkVersion = 5,
};

enum class RknnTensorType : int {
    Float32 = 0,
    Float16 = 1,
    Int8 = 2,
    Uint8 = 3,
};

enum class RknnTensorFormat : int {
    Nchw = 0,
    Nhwc = 1,
};

enum class RknnCoreMask : int {
    Auto = 0,
    Core0 = 1,
    Core1 = 2,
    Core2 = 4,
    Core01 = 3,
    Core012 = 7, // all three RK3588 cores; one core alone is about 3x slower
};

inline constexpr int kRknnMaxDims = 16;
inline constexpr int kRknnMaxName = 256;

extern "C" {

struct RknnInputOutputNum {
    std::uint32_t n_input;
    std::uint32_t n_output;
};

struct RknnTensorAttr {
    std::uint32_t index; // set by the caller before rknn_query
    std::uint32_t n_dims;
    std::uint32_t dims[kRknnMaxDims];
    char name[kRknnMaxName];
    std::uint32_t n_elems;
    std::uint32_t size;
    RknnTensorFormat fmt;
    RknnTensorType type;
    int qnt_type;
    std::int8_t fl;
    std::int32_t zp;
    float scale;
    std::uint32_t w_stride;
    std::uint32_t size_with_stride;
    std::uint8_t pass_through;
    std::uint32_t h_stride;
};

struct RknnInput {
    std::uint32_t index;
    void *buf;
    std::uint32_t size;
    std::uint8_t pass_through;
    RknnTensorType type;
    RknnTensorFormat fmt;
};

struct RknnOutput {
    std::uint8_t want_float;
    std::uint8_t is_prealloc; // 1: buf/size are the caller's; 0: the runtime allocates
    std::uint32_t index;
    void *buf;
    std::uint32_t size;
};

struct RknnSdkVersion {
    char api_version[256];
    char drv_version[256];
};

struct RknnPerfRun {
    std::int64_t run_duration; // microseconds
};

struct RknnTensorMem {
    void *virt_addr;
    std::uint64_t phys_addr;
    std::int32_t fd;
    std::int32_t offset;
    std::uint32_t size;
    std::uint32_t flags;
    void *priv_data;
};

// `model`: a path when `size` is 0, else `size` bytes of model data.
using RknnInitFn = int (*)(RknnContext *context, void *model, std::uint32_t size,
                           std::uint32_t flag, void *extend);
using RknnQueryFn = int (*)(RknnContext context, RknnQueryCmd cmd, void *info,
                            std::uint32_t size);
using RknnInputsSetFn = int (*)(RknnContext context, std::uint32_t count, RknnInput *inputs);
using RknnRunFn = int (*)(RknnContext context, void *extend);
using RknnOutputsGetFn = int (*)(RknnContext context, std::uint32_t count, RknnOutput *outputs,
                                 void *extend);
using RknnOutputsReleaseFn = int (*)(RknnContext context, std::uint32_t count,
                                     RknnOutput *outputs);
using RknnSetCoreMaskFn = int (*)(RknnContext context, RknnCoreMask mask);
using RknnDestroyFn = int (*)(RknnContext context);
using RknnCreateMemFromFdFn = RknnTensorMem *(*)(RknnContext context, std::int32_t fd,
                                                 void *virtAddr, std::uint32_t size,
                                                 std::int32_t offset);
using RknnSetIoMemFn = int (*)(RknnContext context, RknnTensorMem *mem, RknnTensorAttr *attr);
using RknnDestroyMemFn = int (*)(RknnContext context, RknnTensorMem *mem);

} // extern "C"

inline constexpr const char kRknnInitName[] = "rknn_init";
inline constexpr const char kRknnQueryName[] = "rknn_query";
inline constexpr const char kRknnInputsSetName[] = "rknn_inputs_set";
inline constexpr const char kRknnRunName[] = "rknn_run";
inline constexpr const char kRknnOutputsGetName[] = "rknn_outputs_get";
inline constexpr const char kRknnOutputsReleaseName[] = "rknn_outputs_release";
inline constexpr const char kRknnSetCoreMaskName[] = "rknn_set_core_mask";
inline constexpr const char kRknnDestroyName[] = "rknn_destroy";
inline constexpr const char kRknnCreateMemFromFdName[] = "rknn_create_mem_from_fd";
inline constexpr const char kRknnSetIoMemName[] = "rknn_set_io_mem";
inline constexpr const char kRknnDestroyMemName[] = "rknn_destroy_mem";

// Every function declared above, in declaration order.
inline constexpr const char *kRknnSymbolNames[] = {
    kRknnInitName,          kRknnQueryName,           kRknnInputsSetName,
    kRknnRunName,           kRknnOutputsGetName,      kRknnOutputsReleaseName,
    kRknnSetCoreMaskName,   kRknnDestroyName,         kRknnCreateMemFromFdName,
    kRknnSetIoMemName,      kRknnDestroyMemName,
};

static_assert(sizeof(RknnContext) == 8);
static_assert(sizeof(RknnInputOutputNum) == 8);

static_assert(sizeof(RknnTensorAttr) == 376);
static_assert(offsetof(RknnTensorAttr, n_dims) == 4);
static_assert(offsetof(RknnTensorAttr, dims) == 8);
static_assert(offsetof(RknnTensorAttr, name) == 72);
static_assert(offsetof(RknnTensorAttr, n_elems) == 328);
static_assert(offsetof(RknnTensorAttr, size) == 332);
static_assert(offsetof(RknnTensorAttr, fmt) == 336);
static_assert(offsetof(RknnTensorAttr, type) == 340);
static_assert(offsetof(RknnTensorAttr, qnt_type) == 344);
static_assert(offsetof(RknnTensorAttr, fl) == 348);
static_assert(offsetof(RknnTensorAttr, zp) == 352);
static_assert(offsetof(RknnTensorAttr, scale) == 356);
static_assert(offsetof(RknnTensorAttr, w_stride) == 360);
static_assert(offsetof(RknnTensorAttr, size_with_stride) == 364);
static_assert(offsetof(RknnTensorAttr, pass_through) == 368);
static_assert(offsetof(RknnTensorAttr, h_stride) == 372);

static_assert(sizeof(RknnInput) == 32);
static_assert(offsetof(RknnInput, buf) == 8);
static_assert(offsetof(RknnInput, size) == 16);
static_assert(offsetof(RknnInput, pass_through) == 20);
static_assert(offsetof(RknnInput, type) == 24);
static_assert(offsetof(RknnInput, fmt) == 28);

static_assert(sizeof(RknnOutput) == 24);
static_assert(offsetof(RknnOutput, is_prealloc) == 1);
static_assert(offsetof(RknnOutput, index) == 4);
static_assert(offsetof(RknnOutput, buf) == 8);
static_assert(offsetof(RknnOutput, size) == 16);

static_assert(sizeof(RknnSdkVersion) == 512);
static_assert(offsetof(RknnSdkVersion, drv_version) == 256);
static_assert(sizeof(RknnPerfRun) == 8);

static_assert(sizeof(RknnTensorMem) == 40);
static_assert(offsetof(RknnTensorMem, phys_addr) == 8);
static_assert(offsetof(RknnTensorMem, fd) == 16);
static_assert(offsetof(RknnTensorMem, offset) == 20);
static_assert(offsetof(RknnTensorMem, size) == 24);
static_assert(offsetof(RknnTensorMem, flags) == 28);
static_assert(offsetof(RknnTensorMem, priv_data) == 32);

static_assert(sizeof(RknnQueryCmd) == 4 && sizeof(RknnTensorType) == 4
              && sizeof(RknnTensorFormat) == 4 && sizeof(RknnCoreMask) == 4);

} // namespace camchat::inference::rk
