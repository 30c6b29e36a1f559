#include "rkruntime.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <dlfcn.h>
#include <link.h>

#include <cctype>

namespace camchat::inference {

namespace {

struct Opened {
    void *handle = nullptr;
    QString path;
    QString failure;
};

// dlopen with RTLD_LOCAL: the vendor libraries' symbols stay out of the global namespace,
// and RTLD_NOW makes a library with unresolvable dependencies fail here, not at a call.
Opened openLibrary(const char *name, const QStringList &dirs)
{
    Opened opened;
    QStringList tried;
    for (const QString &dir : dirs) {
        if (dir.isEmpty())
            continue;
        const QString path = QDir(dir).absoluteFilePath(QString::fromLatin1(name));
        if (!QFileInfo::exists(path)) {
            tried << path;
            continue;
        }
        opened.handle = dlopen(QFile::encodeName(path).constData(), RTLD_NOW | RTLD_LOCAL);
        if (opened.handle) {
            opened.path = path;
            return opened;
        }
        // The file is there but does not load (wrong architecture, missing dependency):
        // that is the answer, not a reason to quietly take another copy.
        const char *reason = dlerror();
        opened.failure = QStringLiteral("%1: %2").arg(path, QString::fromLocal8Bit(reason ? reason : "dlopen failed"));
        return opened;
    }
    opened.handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (opened.handle) {
        // Where the standard search found it: the version check reads that file.
        const link_map *map = nullptr;
        opened.path = dlinfo(opened.handle, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name && *map->l_name
            ? QFile::decodeName(map->l_name)
            : QString::fromLatin1(name);
        return opened;
    }
    const char *reason = dlerror();
    tried << QString::fromLatin1(name) + QStringLiteral(" on the standard library path");
    opened.failure = QStringLiteral("%1 not found (searched %2): %3")
                         .arg(QString::fromLatin1(name), tried.join(QStringLiteral(", ")),
                              QString::fromLocal8Bit(reason ? reason : "dlopen failed"));
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

std::unique_ptr<RkRuntime> RkRuntime::open(const QStringList &firstDirs, InferenceError &error)
{
    error = {};
    QStringList dirs = firstDirs;
    const QString envDir = qEnvironmentVariable(kLibraryDirEnv);
    if (!envDir.isEmpty())
        dirs << envDir;

    const auto refuse = [&error](const QString &path, const QString &version) {
        error = unavailable(QStringLiteral("%1 is rkllm-runtime %2; camchat supports %3 only")
                                .arg(path, version, QLatin1String(kSupportedRkllmVersions)));
    };
    const auto supported = [](const QString &version) {
        // Empty: the file does not say. Accepted; every 1.2 symbol must still resolve.
        return version.isEmpty() || version.startsWith(QLatin1String("1.2."));
    };

    // A library in a known folder is checked before dlopen, so not even its
    // initialisers run when it is the wrong version.
    for (const QString &dir : std::as_const(dirs)) {
        const QString path = dir.isEmpty() ? QString() : QDir(dir).absoluteFilePath(QLatin1String(kRkllmLibrary));
        if (path.isEmpty() || !QFileInfo::exists(path))
            continue;
        const QString version = versionInFile(path);
        if (!supported(version)) {
            refuse(path, version);
            return nullptr;
        }
        break;
    }

    std::unique_ptr<RkRuntime> runtime(new RkRuntime);
    const Opened rkllm = openLibrary(kRkllmLibrary, dirs);
    if (!rkllm.handle) {
        error = unavailable(rkllm.failure);
        return nullptr;
    }
    runtime->m_rkllmHandle = rkllm.handle;
    runtime->m_rkllmPath = rkllm.path;

    // The version before the symbols (found on the standard path, it was not checked
    // above): a 1.3 library's version says more than a list of names.
    runtime->m_rkllmVersion = versionInFile(rkllm.path);
    if (!supported(runtime->m_rkllmVersion)) {
        refuse(rkllm.path, runtime->m_rkllmVersion);
        return nullptr;
    }

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

    const Opened rknn = openLibrary(kRknnLibrary, dirs);
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
