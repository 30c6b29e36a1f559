#pragma once

#include "inference/inferenceerror.h"
#include "inference/rk/rkllmabi.h"
#include "inference/rk/rklibrarysearch.h"
#include "inference/rk/rknnabi.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <mutex>

namespace camchat::inference {

// librknnrt's entry points, resolved once when the library is opened.
struct RknnApi {
    rk::RknnInitFn init = nullptr;
    rk::RknnDestroyFn destroy = nullptr;
    rk::RknnQueryFn query = nullptr;
    rk::RknnInputsSetFn inputsSet = nullptr;
    rk::RknnRunFn run = nullptr;
    rk::RknnOutputsGetFn outputsGet = nullptr;
    rk::RknnOutputsReleaseFn outputsRelease = nullptr;
    rk::RknnSetCoreMaskFn setCoreMask = nullptr;
};

// librkllmrt's entry points (the 1.2.x ABI), resolved once when the library is opened.
struct RkllmApi {
    rk::RkllmCreateDefaultParamFn createDefaultParam = nullptr;
    rk::RkllmInitFn init = nullptr;
    rk::RkllmRunFn run = nullptr;
    rk::RkllmAbortFn abort = nullptr;
    rk::RkllmIsRunningFn isRunning = nullptr;
    rk::RkllmDestroyFn destroy = nullptr;
    rk::RkllmClearKvCacheFn clearKvCache = nullptr;
    rk::RkllmSetChatTemplateFn setChatTemplate = nullptr;
};

// The two Rockchip runtimes, opened with dlopen so that one camchat binary runs with or
// without them. Every symbol is resolved up front: a library missing any of them is
// refused with the names, never found out about mid-answer. A librkllmrt whose ABI is not
// 1.2.x is refused before anything in it is called (1.3 changed rkllm_init's arguments
// and the multimodal input: calling it with the 1.2 layout would crash).
// Not tied to a thread; the function tables are read-only after open().
class RkRuntime
{
public:
    static constexpr const char *kRknnLibrary = "librknnrt.so";
    static constexpr const char *kRkllmLibrary = "librkllmrt.so";
    static constexpr const char *kLibraryDirEnv = rk::kLibraryDirEnv;
    // For messages: the librkllmrt versions whose ABI rkllmabi.h declares.
    static constexpr const char *kSupportedRkllmVersions = rk::kSupportedRkllmVersions;

    ~RkRuntime();
    RkRuntime(const RkRuntime &) = delete;
    RkRuntime &operator=(const RkRuntime &) = delete;

    // Opens each library from the first folder of rk::librarySearchPath() that has it
    // ($CAMCHAT_RK_LIB_DIR, the Settings folder, the system library path; never a model
    // folder), by its absolute path: the file `camchat doctor` reports. Errors are
    // BackendUnavailable, the detail naming the library, the places searched, missing
    // symbols or the unsupported version.
    static std::unique_ptr<RkRuntime> open(InferenceError &error);
    // The same, searching exactly `dirs` in order.
    static std::unique_ptr<RkRuntime> open(const QStringList &dirs, InferenceError &error);

    const RknnApi &rknn() const { return m_rknn; }
    const RkllmApi &rkllm() const { return m_rkllm; }
    QString rknnPath() const { return m_rknnPath; }
    QString rkllmPath() const { return m_rkllmPath; }
    // "1.2.3", or empty when the library does not say.
    QString rkllmVersion() const { return m_rkllmVersion; }

    // Held around every call into either runtime, process-wide: RKNN and RKLLM working
    // on the NPU at the same time fail ("failed to submit") or hang the board.
    static std::mutex &npuMutex();

    // The "X.Y.Z" after "rkllm-runtime version: " in a library file, else empty.
    static QString versionInFile(const QString &path);

private:
    RkRuntime() = default;

    void *m_rknnHandle = nullptr;
    void *m_rkllmHandle = nullptr;
    RknnApi m_rknn;
    RkllmApi m_rkllm;
    QString m_rknnPath;
    QString m_rkllmPath;
    QString m_rkllmVersion;
};

} // namespace camchat::inference
