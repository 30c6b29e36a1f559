#pragma once

#include <QString>
#include <QStringList>

// Where the Rockchip runtime libraries (librknnrt.so, librkllmrt.so) are loaded from. One
// resolution, used by the rk backend to dlopen() and by `camchat doctor` / System Check
// to report, so both name the same file.
//
// The folders, in this order: $CAMCHAT_RK_LIB_DIR; the folder set in Settings; the
// system library path ($LD_LIBRARY_PATH, the folders /etc/ld.so.conf lists, the standard
// folders). Never a model or profile folder: a profile on a USB stick must not bring
// code that runs when its model is chosen.
namespace camchat::inference::rk {

inline constexpr char kLibraryDirEnv[] = "CAMCHAT_RK_LIB_DIR";
// QSettings key of the folder set in Settings ("" or absent = none).
inline constexpr char kLibraryDirSettingsKey[] = "npu/runtimeLibraryDir";
// For messages: the librkllmrt versions whose ABI rkllmabi.h declares.
inline constexpr char kSupportedRkllmVersions[] = "1.2.1-1.2.3";

struct LibrarySearchPath {
    QStringList chosen; // $CAMCHAT_RK_LIB_DIR, then the Settings folder (each when set)
    QStringList system; // the system library path
    QStringList all() const { return chosen + system; }
};

// $CAMCHAT_RK_LIB_DIR and the Settings folder as they are now, and the system library
// path read under `root` ("/" normally; tests and `doctor --root` use a fake tree).
LibrarySearchPath librarySearchPath(const QString &root = QStringLiteral("/"));
// The Settings folder alone ("" when not set). Reads QSettings: any thread.
QString settingsLibraryDir();
// The system library path under `root`, in the order searched.
QStringList systemLibraryDirs(const QString &root = QStringLiteral("/"));

struct LibraryLocation {
    QString path;         // absolute path of the file that is loaded, as seen without `root`; "" = none
    QStringList searched; // the candidate files looked at, for messages
    bool found() const { return !path.isEmpty(); }
};

// The first `dirs` entry (absolute, read under `root`) that holds `fileName` as a file.
LibraryLocation locateLibrary(const QString &fileName, const QStringList &dirs,
                              const QString &root = QStringLiteral("/"));

// Whether camchat's librkllmrt declarations cover `version` ("1.2.1" .. "1.2.x").
// 1.2.0 predates the ABI declared, 1.3 changed rkllm_init. Empty (the file does not say)
// is not decided here.
bool isSupportedRkllmVersion(const QString &version);

} // namespace camchat::inference::rk
