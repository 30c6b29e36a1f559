#include "rkruntime.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <dlfcn.h>

#include <cctype>

namespace camchat::inference {

namespace {

struct Opened {
    void *handle = nullptr;
    QString path;
    QString failure;
};

// Opens the file rk::locateLibrary() chose, by absolute path, with RTLD_LOCAL: the vendor
// libraries' symbols stay out of the global namespace, and RTLD_NOW makes a library with
// unresolvable dependencies fail here, not at a call. No bare-name dlopen(): that could
// load a different file than the one the doctor reports.
Opened openLibrary(const rk::LibraryLocation &location, const char *name)
{
    Opened opened;
    if (!location.found()) {
        opened.failure = QStringLiteral("%1 not found (searched %2)")
                             .arg(QString::fromLatin1(name), location.searched.join(QStringLiteral(", ")));
        return opened;
    }
    opened.handle = dlopen(QFile::encodeName(location.path).constData(), RTLD_NOW | RTLD_LOCAL);
    if (opened.handle) {
        opened.path = location.path;
        return opened;
    }
    // The file is there but does not load (wrong architecture, missing dependency):
    // that is the answer, not a reason to quietly take another copy.
    const char *reason = dlerror();
    opened.failure =
        QStringLiteral("%1: %2").arg(location.path, QString::fromLocal8Bit(reason ? reason : "dlopen failed"));
    return opened;
}

// Resolves `symbol` into `slot`, or notes its name in `missing`.
template<typename Fn>
void resolve(void *handle, const char *symbol, Fn &slot, QStringList &missing)
{
    void *address = dlsym(handle, symbol);
    if (!address) {
        missing << QString::fromLatin1(symbol);
        return;
    }
    slot = reinterpret_cast<Fn>(address);
}

InferenceError unavailable(const QString &detail)
{
    return {InferenceErrorCode::BackendUnavailable, detail};
}

} // namespace

RkRuntime::~RkRuntime()
{
    if (m_rkllmHandle)
        dlclose(m_rkllmHandle);
    if (m_rknnHandle)
        dlclose(m_rknnHandle);
}

std::mutex &RkRuntime::npuMutex()
{
    static std::mutex mutex;
    return mutex;
}

QString RkRuntime::versionInFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // Mapped, not read: the real library is tens of megabytes.
    const qint64 size = file.size();
    const uchar *data = size > 0 ? file.map(0, size) : nullptr;
    if (!data)
        return {};
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), size);
    const QByteArrayView marker(rk::kRkllmVersionPrefix, qsizetype(sizeof rk::kRkllmVersionPrefix - 1));
    QString version;
    for (qsizetype at = bytes.indexOf(marker); at >= 0 && version.isEmpty();
         at = bytes.indexOf(marker, at + 1)) {
        // Digits and dots up to the end of the string (a format string such as "%s" is
        // not a version: keep looking).
        qsizetype end = at + marker.size();
        while (end < size && (std::isdigit(static_cast<unsigned char>(bytes[end])) || bytes[end] == '.'))
            ++end;
        const QString candidate = QString::fromLatin1(bytes.sliced(at + marker.size(), end - at - marker.size()));
        static const QRegularExpression kVersion(QStringLiteral("^\\d+\\.\\d+(\\.\\d+)?$"));
        if (kVersion.match(candidate).hasMatch())
            version = candidate;
    }
    file.unmap(const_cast<uchar *>(data));
    return version;
}

std::unique_ptr<RkRuntime> RkRuntime::open(InferenceError &error)
{
    return open(rk::librarySearchPath().all(), error);
}

std::unique_ptr<RkRuntime> RkRuntime::open(const QStringList &dirs, InferenceError &error)
{
    error = {};
    const auto refuse = [&error](const QString &path, const QString &version) {
        error = unavailable(QStringLiteral("%1 is rkllm-runtime %2; camchat supports %3 only")
                                .arg(path, version, QLatin1String(kSupportedRkllmVersions)));
    };

    // The version is read from the file before dlopen, so not even the initialisers of
    // a wrong version run. Empty: the file does not say; accepted, every 1.2 symbol must
    // still resolve.
    const rk::LibraryLocation rkllmFile = rk::locateLibrary(QLatin1String(kRkllmLibrary), dirs);
    QString version;
    if (rkllmFile.found()) {
        version = versionInFile(rkllmFile.path);
        if (!version.isEmpty() && !rk::isSupportedRkllmVersion(version)) {
            refuse(rkllmFile.path, version);
            return nullptr;
        }
    }

    std::unique_ptr<RkRuntime> runtime(new RkRuntime);
    const Opened rkllm = openLibrary(rkllmFile, kRkllmLibrary);
    if (!rkllm.handle) {
        error = unavailable(rkllm.failure);
        return nullptr;
    }
    runtime->m_rkllmHandle = rkllm.handle;
    runtime->m_rkllmPath = rkllm.path;
    runtime->m_rkllmVersion = version;

    QStringList missing;
    RkllmApi &llm = runtime->m_rkllm;
    resolve(rkllm.handle, rk::kRkllmCreateDefaultParamName, llm.createDefaultParam, missing);
    resolve(rkllm.handle, rk::kRkllmInitName, llm.init, missing);
    resolve(rkllm.handle, rk::kRkllmRunName, llm.run, missing);
    resolve(rkllm.handle, rk::kRkllmAbortName, llm.abort, missing);
    resolve(rkllm.handle, rk::kRkllmIsRunningName, llm.isRunning, missing);
    resolve(rkllm.handle, rk::kRkllmDestroyName, llm.destroy, missing);
    resolve(rkllm.handle, rk::kRkllmClearKvCacheName, llm.clearKvCache, missing);
    resolve(rkllm.handle, rk::kRkllmSetChatTemplateName, llm.setChatTemplate, missing);
    if (!missing.isEmpty()) {
        error = unavailable(QStringLiteral("%1 lacks %2 (not the rkllm-runtime %3 ABI)")
                                .arg(rkllm.path, missing.join(QStringLiteral(", ")),
                                     QLatin1String(kSupportedRkllmVersions)));
        return nullptr;
    }

    const Opened rknn = openLibrary(rk::locateLibrary(QLatin1String(kRknnLibrary), dirs), kRknnLibrary);
    if (!rknn.handle) {
        error = unavailable(rknn.failure);
        return nullptr;
    }
    runtime->m_rknnHandle = rknn.handle;
    runtime->m_rknnPath = rknn.path;
    RknnApi &nn = runtime->m_rknn;
    resolve(rknn.handle, rk::kRknnInitName, nn.init, missing);
    resolve(rknn.handle, rk::kRknnDestroyName, nn.destroy, missing);
    resolve(rknn.handle, rk::kRknnQueryName, nn.query, missing);
    resolve(rknn.handle, rk::kRknnInputsSetName, nn.inputsSet, missing);
    resolve(rknn.handle, rk::kRknnRunName, nn.run, missing);
    resolve(rknn.handle, rk::kRknnOutputsGetName, nn.outputsGet, missing);
    resolve(rknn.handle, rk::kRknnOutputsReleaseName, nn.outputsRelease, missing);
    resolve(rknn.handle, rk::kRknnSetCoreMaskName, nn.setCoreMask, missing);
    if (!missing.isEmpty()) {
        error = unavailable(QStringLiteral("%1 lacks %2").arg(rknn.path, missing.join(QStringLiteral(", "))));
        return nullptr;
    }
    return runtime;
}

} // namespace camchat::inference
