#pragma once

// What `camchat doctor` and Help → System Check report: can this machine run the rk
// (Rockchip NPU) backend, and if not, why and what to do. Every file read goes through a
// root directory ("/" normally), so tests point it at a fake sysfs/procfs tree.
//
// Core library rule: items carry typed status and fix codes plus technical values; the
// app and the UI turn them into sentences.

#include "inference/inferenceerror.h"
#include "inference/modelprofile.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace camchat::inference {

enum class CheckStatus { Ok, Info, Warning, Problem };

// What the user should do about an item. `CheckItem::fixArg` carries the technical
// parameter the sentence needs (a version, a group name, a path).
enum class CheckFix {
    None,
    UpgradeNpuDriver,     // driver older than fixArg (0.9.7): matmul(w8a8) errors; the vendor
                          // 5.10 kernel cannot take a newer one → Armbian 6.1, or the CPU backend
    RunAsRoot,            // the driver version is only readable by root (debugfs)
    InstallRuntime,       // fixArg: the library file name (librknnrt.so / librkllmrt.so)
    InstallSupportedRuntime, // fixArg: the supported versions ("1.2.1-1.2.3")
    JoinGroup,            // fixArg: the group that owns the device ("video", "render")
    DownloadModelFile,    // fixArg: the path the profile expects
    ReplaceModelFile,     // fixArg: the path of an empty or foreign file
    UseCpuBackend,        // no Rockchip NPU here
};

struct CheckItem {
    // Stable ids: "board", "kernel", "npu_driver", "runtime_rknn", "runtime_rkllm",
    // "dev_dri", "dev_video", "profile:<profile id>", and last "npu_backend" (the verdict).
    QString id;
    CheckStatus status = CheckStatus::Info;
    QString value;  // the finding in short: "Radxa ROCK 5B", "6.1.75", "0.9.8", a path
    QString detail; // technical detail: where it was read, what is wrong ("" when nothing to add)
    CheckFix fix = CheckFix::None;
    QString fixArg;
};

struct NpuDriverInfo {
    enum class State {
        Found,      // version read (from `source`)
        Unreadable, // there is (or may be) a driver, but its version needs root
        Absent,     // no trace of an rknpu driver
    };
    State state = State::Absent;
    QString version; // "0.9.8" when Found
    QString source;  // the path it came from, e.g. "/sys/kernel/debug/rknpu/version"
    QString reason;  // Unreadable: why ("permission denied: /sys/kernel/debug/rknpu/version")
};

// Stable machine names for JSON output: "ok", "info", "warning", "problem";
// "upgrade_npu_driver", "run_as_root", ... ("none" for CheckFix::None).
const char *statusKey(CheckStatus status);
const char *fixKey(CheckFix fix);

class SystemCheck
{
public:
    static constexpr const char *kMinDriverVersion = "0.9.7";
    static constexpr const char *kSupportedRkllmVersions = "1.2.1-1.2.3";

    explicit SystemCheck(const QString &root = QStringLiteral("/"));

    QString root() const { return m_root; }
    // Library folders searched before the system library path (absolute, read under the
    // root). The default is what the rk backend uses: $CAMCHAT_RK_LIB_DIR and the folder
    // set in Settings (rk::librarySearchPath()).
    void setLibraryDirs(const QStringList &dirs) { m_libraryDirs = dirs; }
    // The rk profiles whose model files are checked (their paths are read under the root).
    void setProfiles(const QList<ModelProfile> &profiles) { m_profiles = profiles; }

    // Runs every check; the last item is the "npu_backend" verdict.
    QList<CheckItem> run() const;

    CheckItem board() const;
    CheckItem kernel() const;
    NpuDriverInfo npuDriver() const;
    CheckItem npuDriverItem() const;
    CheckItem runtimeItem(const QString &fileName) const; // "librknnrt.so" / "librkllmrt.so"
    CheckItem devicesItem(const QString &id, const QString &dir, const QString &prefix) const;
    QList<CheckItem> profileItems() const;

    // True when the device tree names a Rockchip SoC with an NPU (rk3588, rk3576, rk356x, ...).
    bool hasNpuSoc() const;

    // The preflight the rk backend runs before loading. Refuses (BackendUnavailable, the
    // driver reason in detail) only on a certain blocker: a driver known to be older than
    // kMinDriverVersion. An unreadable or absent driver is left to the runtime, which
    // then fails with its own error (and so fake runtimes work on any machine).
    static InferenceError npuBlocker(const QString &root = QStringLiteral("/"));

    // -1, 0, 1 comparing dotted versions numerically ("0.9.10" > "0.9.7").
    static int compareVersions(const QString &a, const QString &b);
    // The version after `marker` in a binary file ("librknnrt version: 2.3.0 (...)"), or "".
    static QString versionInFile(const QString &path, const QByteArray &marker);
    // Status order for summaries: the worst of a list.
    static CheckStatus worst(const QList<CheckItem> &items);

private:
    QString path(const QString &absolute) const; // maps "/proc/x" under the root
    QByteArray readSmall(const QString &absolute, bool *ok = nullptr, QString *error = nullptr) const;

    QString m_root;
    QStringList m_libraryDirs;
    QList<ModelProfile> m_profiles;
};

} // namespace camchat::inference
