#include "systemcheck.h"

#include "rklibrarysearch.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <fcntl.h>
#include <grp.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <vector>

namespace camchat::inference {

namespace {

const QString kDebugfsVersion = QStringLiteral("/sys/kernel/debug/rknpu/version");
const QString kDebugfsDir = QStringLiteral("/sys/kernel/debug");

// Rockchip SoCs with an NPU the runtimes support, as device-tree compatible strings.
constexpr const char *kNpuSocs[] = {"rockchip,rk3588", "rockchip,rk3588s", "rockchip,rk3576", "rockchip,rk3568",
                                    "rockchip,rk3566", "rockchip,rk3562", "rockchip,rv1106",
                                    "rockchip,rv1103"};

// Kernel logs are big on long-running boards: the probe line is near the start of a boot,
// but only the newest boot matters, so the tail is enough.
constexpr qint64 kLogTailBytes = 8 * 1024 * 1024;

QString fromDeviceTree(const QByteArray &bytes)
{
    // Device-tree strings are NUL-terminated; string lists are NUL-separated.
    QList<QByteArray> parts = bytes.split('\0');
    QStringList out;
    for (const QByteArray &part : parts) {
        const QByteArray trimmed = part.trimmed();
        if (!trimmed.isEmpty())
            out.append(QString::fromUtf8(trimmed));
    }
    return out.join(QStringLiteral(", "));
}

QString driverVersionIn(const QByteArray &text)
{
    // debugfs: "RKNPU driver: v0.9.8"; probe log: "RKNPU fdab0000.npu: RKNPU: ... driver v0.9.8"
    // or the DRM line "Initialized rknpu 0.9.8 20240828 for fdab0000.npu".
    static const QRegularExpression kPatterns[] = {
        QRegularExpression(QStringLiteral("RKNPU driver[^\\n]*?v?(\\d+\\.\\d+\\.\\d+)"),
                           QRegularExpression::CaseInsensitiveOption),
        QRegularExpression(QStringLiteral("Initialized rknpu (\\d+\\.\\d+\\.\\d+)")),
    };
    const QString string = QString::fromUtf8(text);
    QString found;
    qsizetype foundAt = -1;
    for (const QRegularExpression &pattern : kPatterns) {
        // The last match is the newest boot.
        QRegularExpressionMatchIterator it = pattern.globalMatch(string);
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            if (match.capturedStart() > foundAt) {
                foundAt = match.capturedStart();
                found = match.captured(1);
            }
        }
    }
    return found;
}

QStringList userGroups()
{
    QStringList names;
    const int count = ::getgroups(0, nullptr);
    std::vector<gid_t> ids(static_cast<std::size_t>(std::max(count, 0)));
    if (count > 0 && ::getgroups(count, ids.data()) < 0)
        ids.clear();
    ids.push_back(::getegid());
    for (gid_t id : ids) {
        if (const group *entry = ::getgrgid(id))
            names.append(QString::fromLocal8Bit(entry->gr_name));
    }
    return names;
}

} // namespace

const char *statusKey(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Ok: return "ok";
    case CheckStatus::Info: return "info";
    case CheckStatus::Warning: return "warning";
    case CheckStatus::Problem: return "problem";
    }
    return "unknown";
}

const char *fixKey(CheckFix fix)
{
    switch (fix) {
    case CheckFix::None: return "none";
    case CheckFix::UpgradeNpuDriver: return "upgrade_npu_driver";
    case CheckFix::RunAsRoot: return "run_as_root";
    case CheckFix::InstallRuntime: return "install_runtime";
    case CheckFix::InstallSupportedRuntime: return "install_supported_runtime";
    case CheckFix::JoinGroup: return "join_group";
    case CheckFix::DownloadModelFile: return "download_model_file";
    case CheckFix::ReplaceModelFile: return "replace_model_file";
    case CheckFix::UseCpuBackend: return "use_cpu_backend";
    }
    return "unknown";
}

SystemCheck::SystemCheck(const QString &root)
    : m_root(root.isEmpty() ? QStringLiteral("/") : root)
{
    m_libraryDirs = rk::librarySearchPath(m_root).chosen;
}

QString SystemCheck::path(const QString &absolute) const
{
    if (m_root == QLatin1String("/"))
        return absolute;
    return QDir::cleanPath(m_root + QLatin1Char('/') + absolute);
}

QByteArray SystemCheck::readSmall(const QString &absolute, bool *ok, QString *error) const
{
    QFile file(path(absolute));
    const bool opened = QFileInfo(file.fileName()).isFile() && file.open(QIODevice::ReadOnly);
    if (ok)
        *ok = opened;
    if (!opened) {
        if (error)
            *error = file.errorString();
        return {};
    }
    return file.read(64 * 1024);
}

bool SystemCheck::hasNpuSoc() const
{
    QByteArray compatible = readSmall(QStringLiteral("/proc/device-tree/compatible"));
    if (compatible.isEmpty())
        compatible = readSmall(QStringLiteral("/sys/firmware/devicetree/base/compatible"));
    for (const QByteArray &entry : compatible.split('\0')) {
        for (const char *soc : kNpuSocs) {
            if (entry.trimmed() == soc)
                return true;
        }
    }
    return false;
}

CheckItem SystemCheck::board() const
{
    CheckItem item{QStringLiteral("board"), CheckStatus::Info, {}, {}, CheckFix::None, {}};
    QByteArray model = readSmall(QStringLiteral("/proc/device-tree/model"));
    QByteArray compatible = readSmall(QStringLiteral("/proc/device-tree/compatible"));
    if (model.isEmpty() && compatible.isEmpty()) {
        model = readSmall(QStringLiteral("/sys/firmware/devicetree/base/model"));
        compatible = readSmall(QStringLiteral("/sys/firmware/devicetree/base/compatible"));
    }
    if (model.isEmpty() && compatible.isEmpty()) {
        // Not a device-tree machine (a PC): the DMI name is the best description.
        item.value = QString::fromUtf8(readSmall(QStringLiteral("/sys/class/dmi/id/product_name")).trimmed());
        item.detail = QStringLiteral("no device tree (/proc/device-tree/model): not a Rockchip board");
        return item;
    }
    item.value = fromDeviceTree(model);
    item.detail = QStringLiteral("compatible: %1").arg(fromDeviceTree(compatible));
    item.status = hasNpuSoc() ? CheckStatus::Ok : CheckStatus::Info;
    if (!hasNpuSoc())
        item.detail += QStringLiteral("; no Rockchip SoC with an NPU");
    return item;
}

CheckItem SystemCheck::kernel() const
{
    CheckItem item{QStringLiteral("kernel"), CheckStatus::Info, {}, {}, CheckFix::None, {}};
    const QByteArray release = readSmall(QStringLiteral("/proc/sys/kernel/osrelease")).trimmed();
    if (!release.isEmpty()) {
        item.status = CheckStatus::Ok;
        item.value = QString::fromUtf8(release);
        item.detail = QStringLiteral("/proc/sys/kernel/osrelease");
        return item;
    }
    // "Linux version 6.1.75-rockchip (builder@...) ..."
    const QByteArray version = readSmall(QStringLiteral("/proc/version"));
    const QList<QByteArray> words = version.simplified().split(' ');
    if (words.size() >= 3 && words.at(1) == "version") {
        item.status = CheckStatus::Ok;
        item.value = QString::fromUtf8(words.at(2));
        item.detail = QStringLiteral("/proc/version");
    } else {
        item.value = QStringLiteral("unknown");
        item.detail = QStringLiteral("neither /proc/sys/kernel/osrelease nor /proc/version readable");
    }
    return item;
}

NpuDriverInfo SystemCheck::npuDriver() const
{
    NpuDriverInfo info;
    // 1. debugfs: exact, but root only (debugfs is mode 0700).
    const QFileInfo versionFile(path(kDebugfsVersion));
    if (versionFile.isFile()) {
        bool ok = false;
        QString error;
        const QByteArray text = readSmall(kDebugfsVersion, &ok, &error);
        const QString version = driverVersionIn(text);
        if (ok && !version.isEmpty())
            return {NpuDriverInfo::State::Found, version, kDebugfsVersion, {}};
        if (!ok) {
            info.state = NpuDriverInfo::State::Unreadable;
            info.reason = QStringLiteral("permission denied: %1 (%2)").arg(kDebugfsVersion, error);
        }
    } else if (versionFile.exists() || versionFile.isSymLink()) {
        // Something is there but it cannot be read as a file (a dangling link, or a
        // directory): what an unprivileged user meets.
        info.state = NpuDriverInfo::State::Unreadable;
        info.reason = QStringLiteral("permission denied: %1").arg(kDebugfsVersion);
    } else {
        const QFileInfo debugfs(path(kDebugfsDir));
        if (debugfs.isDir() && !(debugfs.isReadable() && debugfs.isExecutable())) {
            info.state = NpuDriverInfo::State::Unreadable;
            info.reason = QStringLiteral("permission denied: %1").arg(kDebugfsDir);
        }
    }

    // 2. The kernel log: the driver prints its version at probe.
    static const QString kLogs[] = {QStringLiteral("/var/log/kern.log"), QStringLiteral("/var/log/dmesg")};
    for (const QString &log : kLogs) {
        QFile file(path(log));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        if (file.size() > kLogTailBytes)
            file.seek(file.size() - kLogTailBytes);
        const QString version = driverVersionIn(file.readAll());
        if (!version.isEmpty())
            return {NpuDriverInfo::State::Found, version, log, {}};
    }
    if (m_root == QLatin1String("/")) {
        // /dev/kmsg gives one record per read and blocks at the end unless non-blocking.
        const int fd = ::open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0) {
            QByteArray log;
            char record[8192];
            for (int i = 0; i < 100000; ++i) {
                const ssize_t n = ::read(fd, record, sizeof record);
                if (n < 0 && errno == EPIPE)
                    continue; // records overwritten while reading: go on with the next
                if (n <= 0)
                    break;
                const QByteArray line = QByteArray::fromRawData(record, n);
                if (line.contains("RKNPU") || line.contains("rknpu"))
                    log.append(record, n);
            }
            ::close(fd);
            const QString version = driverVersionIn(log);
            if (!version.isEmpty())
                return {NpuDriverInfo::State::Found, version, QStringLiteral("/dev/kmsg"), {}};
        }
    }

    if (info.state == NpuDriverInfo::State::Absent && hasNpuSoc()) {
        info.state = NpuDriverInfo::State::Unreadable;
        info.reason = QStringLiteral("no RKNPU line in the kernel log; %1 needs root").arg(kDebugfsVersion);
    }
    return info;
}

CheckItem SystemCheck::npuDriverItem() const
{
    CheckItem item{QStringLiteral("npu_driver"), CheckStatus::Info, {}, {}, CheckFix::None, {}};
    const NpuDriverInfo info = npuDriver();
    switch (info.state) {
    case NpuDriverInfo::State::Found:
        item.value = info.version;
        item.detail = QStringLiteral("from %1").arg(info.source);
        if (compareVersions(info.version, QLatin1String(kMinDriverVersion)) < 0) {
            item.status = CheckStatus::Problem;
            item.detail += QStringLiteral("; older than %1: librkllmrt fails with matmul(w8a8) errors")
                               .arg(QLatin1String(kMinDriverVersion));
            item.fix = CheckFix::UpgradeNpuDriver;
            item.fixArg = QLatin1String(kMinDriverVersion);
        } else {
            item.status = CheckStatus::Ok;
        }
        break;
    case NpuDriverInfo::State::Unreadable:
        item.status = CheckStatus::Warning;
        item.value = QStringLiteral("unknown");
        item.detail = info.reason;
        item.fix = CheckFix::RunAsRoot;
        break;
    case NpuDriverInfo::State::Absent:
        item.value = QStringLiteral("none");
        item.detail = QStringLiteral("no rknpu device or driver: no %1, no RKNPU line in the kernel log")
                          .arg(kDebugfsVersion);
        break;
    }
    return item;
}

CheckItem SystemCheck::runtimeItem(const QString &fileName) const
{
    const bool rkllm = fileName == QLatin1String("librkllmrt.so");
    CheckItem item{rkllm ? QStringLiteral("runtime_rkllm") : QStringLiteral("runtime_rknn"),
                   CheckStatus::Info, {}, {}, CheckFix::None, {}};
    // The backend's own resolution (RkRuntime::open): the file named here is the one loaded.
    const rk::LibraryLocation location =
        rk::locateLibrary(fileName, m_libraryDirs + rk::systemLibraryDirs(m_root), m_root);
    if (location.found()) {
        const QString absolute = location.path;
        const QString version =
            versionInFile(path(absolute), rkllm ? QByteArrayLiteral("rkllm-runtime version")
                                                : QByteArrayLiteral("librknnrt version"));
        item.status = CheckStatus::Ok;
        item.value = version.isEmpty() ? QStringLiteral("unknown version") : version;
        item.detail = absolute;
        // Only 1.2.1-1.2.x has the ABI camchat declares; 1.3 changed rkllm_init.
        if (rkllm && !version.isEmpty() && !rk::isSupportedRkllmVersion(version)) {
            item.status = CheckStatus::Problem;
            item.detail += QStringLiteral("; camchat supports rkllm-runtime %1")
                               .arg(QLatin1String(kSupportedRkllmVersions));
            item.fix = CheckFix::InstallSupportedRuntime;
            item.fixArg = QLatin1String(kSupportedRkllmVersions);
        }
        return item;
    }
    QStringList searched;
    for (const QString &file : location.searched)
        searched << QFileInfo(file).path();
    item.status = hasNpuSoc() ? CheckStatus::Problem : CheckStatus::Info;
    item.value = QStringLiteral("not found");
    item.detail = QStringLiteral("searched %1").arg(searched.join(QStringLiteral(", ")));
    item.fix = CheckFix::InstallRuntime;
    item.fixArg = fileName;
    return item;
}

CheckItem SystemCheck::devicesItem(const QString &id, const QString &dir, const QString &prefix) const
{
    CheckItem item{id, CheckStatus::Info, {}, {}, CheckFix::None, {}};
    QStringList names;
    const QDir directory(path(dir));
    for (const QFileInfo &entry : directory.entryInfoList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot,
                                                          QDir::Name)) {
        if (!prefix.isEmpty() && !entry.fileName().startsWith(prefix))
            continue;
        if (prefix.isEmpty() && entry.isDir())
            continue; // /dev/dri/by-path
        names.append(entry.fileName());
    }
    if (names.isEmpty()) {
        item.value = QStringLiteral("none");
        item.detail = QStringLiteral("no %1/%2*").arg(dir, prefix);
        return item;
    }
    const QStringList myGroups = userGroups();
    QStringList denied;
    for (const QString &name : std::as_const(names)) {
        const QString device = path(dir + QLatin1Char('/') + name);
        if (::access(QFile::encodeName(device).constData(), R_OK | W_OK) == 0)
            continue;
        const QString group = QFileInfo(device).group();
        denied.append(QStringLiteral("%1/%2 (group %3)").arg(dir, name, group));
        if (item.fixArg.isEmpty() && !group.isEmpty() && !myGroups.contains(group)) {
            item.fix = CheckFix::JoinGroup;
            item.fixArg = group;
        }
    }
    item.value = names.join(QStringLiteral(", "));
    if (denied.isEmpty()) {
        item.status = CheckStatus::Ok;
        item.detail = QStringLiteral("readable and writable");
    } else {
        item.status = CheckStatus::Warning;
        item.detail = QStringLiteral("no read/write access: %1").arg(denied.join(QStringLiteral(", ")));
    }
    return item;
}

QList<CheckItem> SystemCheck::profileItems() const
{
    QList<CheckItem> items;
    const bool npuSoc = hasNpuSoc();
    for (const ModelProfile &profile : m_profiles) {
        if (profile.backend != BackendKind::Rk)
            continue;
        CheckItem item{QStringLiteral("profile:") + profile.id, CheckStatus::Ok, profile.name, {},
                       CheckFix::None, {}};
        QStringList notes;
        for (const ModelFile &file : profile.files) {
            const QFileInfo info(path(file.path));
            CheckStatus status = CheckStatus::Ok;
            CheckFix fix = CheckFix::None;
            QString note;
            if (!info.isFile()) {
                // Missing NPU models matter only where the NPU could run them.
                status = npuSoc ? CheckStatus::Warning : CheckStatus::Info;
                fix = CheckFix::DownloadModelFile;
                note = QStringLiteral("missing");
            } else if (info.size() == 0) {
                status = CheckStatus::Problem;
                fix = CheckFix::ReplaceModelFile;
                note = QStringLiteral("empty");
            } else if (file.path.endsWith(QLatin1String(".rknn"), Qt::CaseInsensitive)) {
                QFile handle(info.filePath());
                const QByteArray magic = handle.open(QIODevice::ReadOnly) ? handle.read(4) : QByteArray();
                if (magic != "RKNN") {
                    status = CheckStatus::Problem;
                    fix = CheckFix::ReplaceModelFile;
                    note = QStringLiteral("not an RKNN model (no \"RKNN\" magic)");
                }
            }
            // .rkllm files have no published magic: size is all there is to check.
            if (note.isEmpty())
                note = QStringLiteral("%1 bytes").arg(info.size());
            notes.append(QStringLiteral("%1: %2 (%3)").arg(file.role, file.path, note));
            if (status > item.status) {
                item.status = status;
                item.fix = fix;
                item.fixArg = file.path;
            }
        }
        item.detail = notes.join(QStringLiteral("; "));
        items.append(item);
    }
    return items;
}

QList<CheckItem> SystemCheck::run() const
{
    QList<CheckItem> items;
    items << board() << kernel();
    const CheckItem driver = npuDriverItem();
    const CheckItem rknn = runtimeItem(QStringLiteral("librknnrt.so"));
    const CheckItem rkllm = runtimeItem(QStringLiteral("librkllmrt.so"));
    items << driver << rknn << rkllm;
    items << devicesItem(QStringLiteral("dev_dri"), QStringLiteral("/dev/dri"), {});
    items << devicesItem(QStringLiteral("dev_video"), QStringLiteral("/dev"), QStringLiteral("video"));
    items << profileItems();

    CheckItem verdict{QStringLiteral("npu_backend"), CheckStatus::Ok, QStringLiteral("available"), {},
                      CheckFix::None, {}};
    QStringList reasons;
    const bool npuSoc = hasNpuSoc();
    if (!npuSoc)
        reasons.append(QStringLiteral("no Rockchip SoC with an NPU"));
    if (driver.status == CheckStatus::Problem)
        reasons.append(QStringLiteral("rknpu driver %1 < %2").arg(driver.value, QLatin1String(kMinDriverVersion)));
    else if (driver.status == CheckStatus::Info)
        reasons.append(QStringLiteral("no rknpu device or driver"));
    for (const CheckItem &runtime : {rknn, rkllm}) {
        if (runtime.fix == CheckFix::InstallRuntime)
            reasons.append(QStringLiteral("%1 not found").arg(runtime.fixArg));
        else if (runtime.status == CheckStatus::Problem)
            reasons.append(QStringLiteral("rkllm-runtime %1 unsupported (supported: %2)")
                               .arg(runtime.value, QLatin1String(kSupportedRkllmVersions)));
    }
    if (!npuSoc && driver.status == CheckStatus::Info) {
        // A PC or another board: not a fault, the CPU backend is the way here.
        verdict.status = CheckStatus::Info;
        verdict.value = QStringLiteral("unavailable");
        verdict.fix = CheckFix::UseCpuBackend;
    } else if (!reasons.isEmpty()) {
        verdict.status = CheckStatus::Problem;
        verdict.value = QStringLiteral("unavailable");
        for (const CheckItem &blocker : {driver, rknn, rkllm}) {
            if (blocker.status == CheckStatus::Problem) {
                verdict.fix = blocker.fix;
                verdict.fixArg = blocker.fixArg;
                break;
            }
        }
        if (verdict.fix == CheckFix::None)
            verdict.fix = CheckFix::UseCpuBackend;
    } else if (driver.status == CheckStatus::Warning) {
        verdict.status = CheckStatus::Warning;
        verdict.value = QStringLiteral("unverified");
        reasons.append(QStringLiteral("rknpu driver version unknown"));
        verdict.fix = CheckFix::RunAsRoot;
    }
    verdict.detail = reasons.join(QStringLiteral("; "));
    items << verdict;
    return items;
}

InferenceError SystemCheck::npuBlocker(const QString &root)
{
    const NpuDriverInfo info = SystemCheck(root).npuDriver();
    if (info.state == NpuDriverInfo::State::Found
        && compareVersions(info.version, QLatin1String(kMinDriverVersion)) < 0) {
        return {InferenceErrorCode::BackendUnavailable,
                QStringLiteral("rknpu driver %1 (from %2) is older than %3: answers fail with matmul(w8a8) "
                               "errors; the vendor 5.10 kernel cannot take the newer driver: install Armbian "
                               "with kernel 6.1, or use the CPU backend")
                    .arg(info.version, info.source, QLatin1String(kMinDriverVersion))};
    }
    return {};
}

int SystemCheck::compareVersions(const QString &a, const QString &b)
{
    const QStringList left = a.split(QLatin1Char('.'));
    const QStringList right = b.split(QLatin1Char('.'));
    for (qsizetype i = 0; i < std::max(left.size(), right.size()); ++i) {
        const int x = i < left.size() ? left.at(i).toInt() : 0;
        const int y = i < right.size() ? right.at(i).toInt() : 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

QString SystemCheck::versionInFile(const QString &filePath, const QByteArray &marker)
{
    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    // Read in chunks with an overlap, so a marker across a chunk boundary is still found.
    constexpr qint64 kChunk = 1024 * 1024;
    constexpr qint64 kOverlap = 256;
    QByteArray carry;
    while (!file.atEnd()) {
        const QByteArray buffer = carry + file.read(kChunk);
        qsizetype at = 0;
        while ((at = buffer.indexOf(marker, at)) >= 0) {
            qsizetype pos = at + marker.size();
            while (pos < buffer.size() && (buffer.at(pos) == ':' || buffer.at(pos) == ' ' || buffer.at(pos) == '\t'))
                ++pos;
            qsizetype end = pos;
            while (end < buffer.size()
                   && (std::isdigit(static_cast<unsigned char>(buffer.at(end))) || buffer.at(end) == '.'))
                ++end;
            const QByteArray version = buffer.mid(pos, end - pos);
            // The format string ("...version: %s") comes first in some builds: skip it.
            if (version.count('.') >= 1 && std::isdigit(static_cast<unsigned char>(version.front())))
                return QString::fromLatin1(version).section(QLatin1Char('.'), 0, 2);
            at = pos;
        }
        carry = buffer.right(kOverlap);
    }
    return {};
}

CheckStatus SystemCheck::worst(const QList<CheckItem> &items)
{
    CheckStatus result = CheckStatus::Ok;
    for (const CheckItem &item : items)
        result = std::max(result, item.status);
    return result;
}

} // namespace camchat::inference
