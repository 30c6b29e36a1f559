// SystemCheck on fake root trees (tests/data/doctor/) and on trees built in temporary
// directories, plus `camchat doctor` run as a process.
#include "inference/rk/systemcheck.h"
#include "processrunner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using camchat::inference::BackendKind;
using camchat::inference::CheckFix;
using camchat::inference::CheckItem;
using camchat::inference::CheckStatus;
using camchat::inference::InferenceErrorCode;
using camchat::inference::ModelFile;
using camchat::inference::ModelProfile;
using camchat::inference::NpuDriverInfo;
using camchat::inference::SystemCheck;
using camchat::test::ProcessResult;

Q_DECLARE_METATYPE(CheckStatus)

namespace {

QString tree(const char *name)
{
    return QStringLiteral(CAMCHAT_DOCTOR_DATA_DIR "/") + QLatin1String(name);
}

CheckItem find(const QList<CheckItem> &items, const QString &id)
{
    for (const CheckItem &item : items) {
        if (item.id == id)
            return item;
    }
    qWarning("no item %s", qPrintable(id));
    return {};
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(path.section(QLatin1Char('/'), 0, -2));
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// An RK3588 board whose debugfs cannot be read by us: the version path is made
// unreadable by `how` in a root-independent way (tests run as root, so mode 000 would
// not stop a read).
QString makeDeniedTree(const QTemporaryDir &dir, const QString &how)
{
    const QString root = dir.path() + QStringLiteral("/denied-") + how;
    writeFile(root + QStringLiteral("/proc/device-tree/compatible"), QByteArray("radxa,rock-5b\0rockchip,rk3588\0", 30));
    writeFile(root + QStringLiteral("/proc/sys/kernel/osrelease"), "6.1.75\n");
    const QString version = root + QStringLiteral("/sys/kernel/debug/rknpu/version");
    if (how == QLatin1String("directory")) {
        QDir().mkpath(version);
    } else if (how == QLatin1String("dangling-symlink")) {
        QDir().mkpath(root + QStringLiteral("/sys/kernel/debug/rknpu"));
        QFile::link(root + QStringLiteral("/nowhere/version"), version);
    } else if (how == QLatin1String("no-debugfs-entry")) {
        // Debugfs absent or not traversable, and the kernel log has rotated away.
        writeFile(root + QStringLiteral("/var/log/kern.log"), "Nov 24 08:00:05 rock-5b kernel: usb 1-1: new device\n");
    }
    return root;
}

} // namespace

class TestSystemCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The library dir comes from the environment by default: keep the host's out.
        qunsetenv("CAMCHAT_RK_LIB_DIR");
        QVERIFY(m_dir.isValid());
    }

    void compareVersions_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<int>("expected");
        QTest::newRow("older") << "0.8.2" << "0.9.7" << -1;
        QTest::newRow("same") << "0.9.7" << "0.9.7" << 0;
        QTest::newRow("newer") << "0.9.8" << "0.9.7" << 1;
        QTest::newRow("numeric, not text") << "0.9.10" << "0.9.7" << 1;
        QTest::newRow("missing part is zero") << "1.2" << "1.2.0" << 0;
    }
    void compareVersions()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(int, expected);
        QCOMPARE(SystemCheck::compareVersions(a, b), expected);
    }

    // (a) vendor 5.10 kernel with driver 0.8.2: a problem with the fix.
    void vendorKernelOldDriver()
    {
        const SystemCheck check(tree("vendor510"));
        QVERIFY(check.hasNpuSoc());
        const QList<CheckItem> items = check.run();

        QCOMPARE(find(items, QStringLiteral("board")).value, QStringLiteral("Youyeetoo R1 V3.0"));
        QVERIFY(find(items, QStringLiteral("board")).detail.contains(QLatin1String("rockchip,rk3588s")));
        QCOMPARE(find(items, QStringLiteral("kernel")).value, QStringLiteral("5.10.160"));

        const CheckItem driver = find(items, QStringLiteral("npu_driver"));
        QCOMPARE(driver.status, CheckStatus::Problem);
        QCOMPARE(driver.value, QStringLiteral("0.8.2"));
        QVERIFY(driver.detail.contains(QLatin1String("/sys/kernel/debug/rknpu/version")));
        QCOMPARE(driver.fix, CheckFix::UpgradeNpuDriver);
        QCOMPARE(driver.fixArg, QStringLiteral("0.9.7"));

        // The format string "rkllm-runtime version: %s" comes first and is skipped.
        const CheckItem rkllm = find(items, QStringLiteral("runtime_rkllm"));
        QCOMPARE(rkllm.status, CheckStatus::Ok);
        QCOMPARE(rkllm.value, QStringLiteral("1.2.1"));
        QCOMPARE(rkllm.detail, QStringLiteral("/usr/lib/librkllmrt.so"));
        QCOMPARE(find(items, QStringLiteral("runtime_rknn")).value, QStringLiteral("1.5.2"));

        const CheckItem dri = find(items, QStringLiteral("dev_dri"));
        QCOMPARE(dri.value, QStringLiteral("card0, renderD128, renderD129"));
        QCOMPARE(find(items, QStringLiteral("dev_video")).value, QStringLiteral("video0"));

        const CheckItem verdict = items.constLast();
        QCOMPARE(verdict.id, QStringLiteral("npu_backend"));
        QCOMPARE(verdict.status, CheckStatus::Problem);
        QCOMPARE(verdict.value, QStringLiteral("unavailable"));
        QCOMPARE(verdict.fix, CheckFix::UpgradeNpuDriver);
        QVERIFY(verdict.detail.contains(QLatin1String("rknpu driver 0.8.2 < 0.9.7")));

        const auto blocker = SystemCheck::npuBlocker(tree("vendor510"));
        QCOMPARE(blocker.code, InferenceErrorCode::BackendUnavailable);
        QVERIFY(blocker.detail.contains(QLatin1String("0.8.2")));
        QVERIFY(blocker.detail.contains(QLatin1String("matmul(w8a8)")));
        QVERIFY(blocker.detail.contains(QLatin1String("Armbian")));
    }

    // (b) Armbian 6.1 with 0.9.8, found in the kernel log (debugfs not there for users).
    void armbianNewDriver()
    {
        const SystemCheck check(tree("armbian61"));
        const NpuDriverInfo info = check.npuDriver();
        QCOMPARE(info.state, NpuDriverInfo::State::Found);
        // Two boots in the log: the newest one counts.
        QCOMPARE(info.version, QStringLiteral("0.9.8"));
        QCOMPARE(info.source, QStringLiteral("/var/log/kern.log"));

        const QList<CheckItem> items = check.run();
        QCOMPARE(find(items, QStringLiteral("board")).value, QStringLiteral("Radxa ROCK 5B"));
        QCOMPARE(find(items, QStringLiteral("kernel")).value, QStringLiteral("6.1.75-vendor-rk35xx"));
        QCOMPARE(find(items, QStringLiteral("npu_driver")).status, CheckStatus::Ok);
        const CheckItem rknn = find(items, QStringLiteral("runtime_rknn"));
        QCOMPARE(rknn.status, CheckStatus::Ok);
        QCOMPARE(rknn.value, QStringLiteral("2.3.0"));
        QCOMPARE(rknn.detail, QStringLiteral("/usr/lib/aarch64-linux-gnu/librknnrt.so"));
        QCOMPARE(find(items, QStringLiteral("runtime_rkllm")).detail, QStringLiteral("/usr/local/lib/librkllmrt.so"));
        QCOMPARE(find(items, QStringLiteral("dev_video")).value, QStringLiteral("video0, video1"));

        for (const CheckItem &item : items)
            QVERIFY2(item.status == CheckStatus::Ok, qPrintable(item.id + QLatin1Char(' ') + item.detail));
        QCOMPARE(items.constLast().value, QStringLiteral("available"));
        QVERIFY(!SystemCheck::npuBlocker(tree("armbian61")));
    }

    // (c) an x86 desktop: NPU unavailable, said plainly, and nothing flagged as a fault.
    void noNpuAtAll()
    {
        const SystemCheck check(tree("x86desktop"));
        QVERIFY(!check.hasNpuSoc());
        QCOMPARE(check.npuDriver().state, NpuDriverInfo::State::Absent);
        const QList<CheckItem> items = check.run();

        QCOMPARE(find(items, QStringLiteral("board")).value, QStringLiteral("OptiPlex 7090"));
        QCOMPARE(find(items, QStringLiteral("kernel")).value, QStringLiteral("6.1.0-27-amd64"));
        const CheckItem driver = find(items, QStringLiteral("npu_driver"));
        QCOMPARE(driver.status, CheckStatus::Info);
        QCOMPARE(driver.value, QStringLiteral("none"));
        const CheckItem rknn = find(items, QStringLiteral("runtime_rknn"));
        QCOMPARE(rknn.status, CheckStatus::Info);
        QCOMPARE(rknn.fix, CheckFix::InstallRuntime);
        QCOMPARE(rknn.fixArg, QStringLiteral("librknnrt.so"));

        const CheckItem verdict = items.constLast();
        QCOMPARE(verdict.status, CheckStatus::Info);
        QCOMPARE(verdict.value, QStringLiteral("unavailable"));
        QCOMPARE(verdict.fix, CheckFix::UseCpuBackend);
        QVERIFY(verdict.detail.contains(QLatin1String("no rknpu device or driver")));
        QVERIFY(verdict.detail.contains(QLatin1String("librknnrt.so not found")));
        QVERIFY(verdict.detail.contains(QLatin1String("librkllmrt.so not found")));
        // Clean: information, no warnings or problems.
        QVERIFY(SystemCheck::worst(items) <= CheckStatus::Info);
        // Absence is left to the runtime (so fake runtimes work on any machine).
        QVERIFY(!SystemCheck::npuBlocker(tree("x86desktop")));
    }

    // (d) debugfs permission denied → "unknown: run as root".
    void debugfsDenied_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("version path is a directory") << QStringLiteral("directory");
        QTest::newRow("dangling symlink") << QStringLiteral("dangling-symlink");
        QTest::newRow("no entry, RK3588 board") << QStringLiteral("no-debugfs-entry");
    }
    void debugfsDenied()
    {
        QFETCH(QString, how);
        const QString root = makeDeniedTree(m_dir, how);
        const SystemCheck check(root);
        QCOMPARE(check.npuDriver().state, NpuDriverInfo::State::Unreadable);
        const QList<CheckItem> items = check.run();
        const CheckItem driver = find(items, QStringLiteral("npu_driver"));
        QCOMPARE(driver.status, CheckStatus::Warning);
        QCOMPARE(driver.value, QStringLiteral("unknown"));
        QCOMPARE(driver.fix, CheckFix::RunAsRoot);
        if (how != QLatin1String("no-debugfs-entry"))
            QVERIFY2(driver.detail.startsWith(QLatin1String("permission denied")), qPrintable(driver.detail));
        // No runtime in this tree: that is the blocker; the unknown driver does not block.
        QCOMPARE(items.constLast().status, CheckStatus::Problem);
        QVERIFY(!SystemCheck::npuBlocker(root));
    }

    void unknownDriverOnlyWarns()
    {
        const QString root = makeDeniedTree(m_dir, QStringLiteral("directory"));
        writeFile(root + QStringLiteral("/usr/lib/librknnrt.so"), "librknnrt version: 2.3.0");
        writeFile(root + QStringLiteral("/usr/lib/librkllmrt.so"), "rkllm-runtime version: 1.2.3");
        const CheckItem verdict = SystemCheck(root).run().constLast();
        QCOMPARE(verdict.status, CheckStatus::Warning);
        QCOMPARE(verdict.value, QStringLiteral("unverified"));
        QCOMPARE(verdict.fix, CheckFix::RunAsRoot);
    }

    void runtimeVersions_data()
    {
        QTest::addColumn<QByteArray>("contents");
        QTest::addColumn<QString>("version");
        QTest::addColumn<CheckStatus>("status");
        QTest::newRow("1.2.3") << QByteArray("xx rkllm-runtime version: 1.2.3\0", 32) << "1.2.3" << CheckStatus::Ok;
        QTest::newRow("1.3.0 refused") << QByteArray("rkllm-runtime version: 1.3.0") << "1.3.0" << CheckStatus::Problem;
        QTest::newRow("1.1.4 refused") << QByteArray("rkllm-runtime version: 1.1.4") << "1.1.4" << CheckStatus::Problem;
        QTest::newRow("no version string") << QByteArray("\x7f" "ELF stripped") << "unknown version" << CheckStatus::Ok;
    }
    void runtimeVersions()
    {
        QFETCH(QByteArray, contents);
        QFETCH(QString, version);
        QFETCH(CheckStatus, status);
        const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_'));
        const QString root = m_dir.path() + QStringLiteral("/runtime-") + tag;
        // Found through an extra library dir (what CAMCHAT_RK_LIB_DIR gives), under the root.
        QVERIFY(writeFile(root + QStringLiteral("/opt/rk/lib/librkllmrt.so"), contents));
        SystemCheck check(root);
        check.setLibraryDirs({QStringLiteral("/opt/rk/lib")});
        const CheckItem item = check.runtimeItem(QStringLiteral("librkllmrt.so"));
        QCOMPARE(item.value, version);
        QCOMPARE(item.status, status);
        QCOMPARE(item.detail.section(QLatin1Char(';'), 0, 0), QStringLiteral("/opt/rk/lib/librkllmrt.so"));
        if (status == CheckStatus::Problem) {
            QCOMPARE(item.fix, CheckFix::InstallSupportedRuntime);
            QCOMPARE(item.fixArg, QStringLiteral("1.2.1-1.2.3"));
        }
    }

    void versionAcrossChunkBoundary()
    {
        // The scan reads 1 MiB chunks: a marker straddling the boundary must still be found.
        QByteArray bytes(1024 * 1024 - 10, 'x');
        bytes += "librknnrt version: 2.3.2 (abc)";
        const QString path = m_dir.path() + QStringLiteral("/big.so");
        QVERIFY(writeFile(path, bytes));
        QCOMPARE(SystemCheck::versionInFile(path, "librknnrt version"), QStringLiteral("2.3.2"));
        QCOMPARE(SystemCheck::versionInFile(path, "rkllm-runtime version"), QString());
    }

    void profileFiles()
    {
        const QString root = m_dir.path() + QStringLiteral("/profiles");
        QVERIFY(writeFile(root + QStringLiteral("/models/good.rknn"), "RKNN\x01\x02 model"));
        QVERIFY(writeFile(root + QStringLiteral("/models/good.rkllm"), "weights"));
        QVERIFY(writeFile(root + QStringLiteral("/models/foreign.rknn"), "GGUF not rknn"));
        QVERIFY(writeFile(root + QStringLiteral("/models/empty.rkllm"), QByteArray()));

        auto profile = [](const char *id, const char *encoder, const char *llm) {
            ModelProfile p;
            p.id = QLatin1String(id);
            p.name = QLatin1String(id);
            p.backend = BackendKind::Rk;
            p.files = {ModelFile{QStringLiteral("encoder"), QStringLiteral("/models/") + QLatin1String(encoder)},
                       ModelFile{QStringLiteral("llm"), QStringLiteral("/models/") + QLatin1String(llm)}};
            return p;
        };
        ModelProfile cpu = profile("cpu", "x", "y");
        cpu.backend = BackendKind::Llama; // not the NPU's business: skipped

        SystemCheck check(root);
        check.setProfiles({profile("good", "good.rknn", "good.rkllm"),
                           profile("foreign", "foreign.rknn", "good.rkllm"),
                           profile("empty", "good.rknn", "empty.rkllm"),
                           profile("missing", "good.rknn", "gone.rkllm"), cpu});
        const QList<CheckItem> items = check.profileItems();
        QCOMPARE(items.size(), 4);
        QCOMPARE(items.at(0).id, QStringLiteral("profile:good"));
        QCOMPARE(items.at(0).status, CheckStatus::Ok);
        QCOMPARE(items.at(1).status, CheckStatus::Problem);
        QCOMPARE(items.at(1).fix, CheckFix::ReplaceModelFile);
        QCOMPARE(items.at(1).fixArg, QStringLiteral("/models/foreign.rknn"));
        QVERIFY(items.at(1).detail.contains(QLatin1String("RKNN")));
        QCOMPARE(items.at(2).status, CheckStatus::Problem);
        QCOMPARE(items.at(2).fixArg, QStringLiteral("/models/empty.rkllm"));
        // Missing NPU models are only a fact on a machine without an NPU...
        QCOMPARE(items.at(3).status, CheckStatus::Info);
        QCOMPARE(items.at(3).fix, CheckFix::DownloadModelFile);
        QCOMPARE(items.at(3).fixArg, QStringLiteral("/models/gone.rkllm"));
        // ...and worth a warning on a board that could run them.
        QVERIFY(writeFile(root + QStringLiteral("/proc/device-tree/compatible"), QByteArray("rockchip,rk3588\0", 16)));
        QCOMPARE(check.profileItems().at(3).status, CheckStatus::Warning);
        QCOMPARE(check.profileItems().at(2).status, CheckStatus::Problem);
    }

    // `camchat doctor --root <tree> --json`: a report, so exit 0 even with problems.
    void doctorCommand_data()
    {
        QTest::addColumn<QString>("root");
        QTest::addColumn<bool>("available");
        QTest::addColumn<QString>("driverStatus");
        QTest::addColumn<QString>("fix");
        QTest::newRow("vendor510") << tree("vendor510") << false << "problem" << "upgrade_npu_driver";
        QTest::newRow("armbian61") << tree("armbian61") << true << "ok" << "none";
        QTest::newRow("x86desktop") << tree("x86desktop") << false << "info" << "use_cpu_backend";
    }
    void doctorCommand()
    {
        QFETCH(QString, root);
        QFETCH(bool, available);
        QFETCH(QString, driverStatus);
        QFETCH(QString, fix);
        const ProcessResult process = doctor({QStringLiteral("--root"), root, QStringLiteral("--json")});
        QVERIFY(process.finished);
        QCOMPARE(process.exitStatus, QProcess::NormalExit);
        QCOMPARE(process.exitCode, 0);
        const QJsonObject object = QJsonDocument::fromJson(process.out).object();
        QCOMPARE(object.value(QStringLiteral("root")).toString(), root);
        const QJsonObject verdict = object.value(QStringLiteral("npu_backend")).toObject();
        QCOMPARE(verdict.value(QStringLiteral("available")).toBool(), available);
        QCOMPARE(verdict.value(QStringLiteral("fix")).toString(), fix);
        bool sawDriver = false;
        for (const QJsonValue &value : object.value(QStringLiteral("items")).toArray()) {
            const QJsonObject item = value.toObject();
            if (item.value(QStringLiteral("id")).toString() != QLatin1String("npu_driver"))
                continue;
            sawDriver = true;
            QCOMPARE(item.value(QStringLiteral("status")).toString(), driverStatus);
            if (driverStatus == QLatin1String("problem"))
                QVERIFY(item.value(QStringLiteral("fix_text")).toString().contains(QLatin1String("Armbian with kernel 6.1")));
        }
        QVERIFY(sawDriver);
    }

    void doctorTextAndUsage()
    {
        ProcessResult process = doctor({QStringLiteral("--root"), tree("vendor510")});
        QVERIFY(process.finished);
        QCOMPARE(process.exitCode, 0);
        const QString text = QString::fromUtf8(process.out);
        // Every problem with its fix on one line.
        QVERIFY2(text.contains(QLatin1String("fix: answers will fail with matmul(w8a8) errors; the vendor 5.10 kernel "
                                             "cannot take the newer driver; install Armbian with kernel 6.1, or use "
                                             "the CPU backend\n")),
                 qPrintable(text));
        QVERIFY(text.contains(QLatin1String("NPU backend: unavailable")));

        process = doctor({QStringLiteral("--bogus")});
        QVERIFY(process.finished);
        QCOMPARE(process.exitCode, 2);
        process = doctor({QStringLiteral("--root"), m_dir.path() + QStringLiteral("/no-such-dir")});
        QVERIFY(process.finished);
        QCOMPARE(process.exitCode, 2);
    }

private:
    // `camchat doctor ARGUMENTS`, run to the end.
    ProcessResult doctor(const QStringList &arguments) const
    {
        return camchat::test::runProcess(QStringLiteral(CAMCHAT_EXECUTABLE),
                                         QStringList{QStringLiteral("doctor")} + arguments, childEnvironment(), 60000);
    }

    QProcessEnvironment childEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("CAMCHAT_RK_LIB_DIR"));
        // No user profiles: the report depends on the tree only.
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.path() + QStringLiteral("/xdg"));
        env.insert(QStringLiteral("LANG"), QStringLiteral("C"));
        env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        return env;
    }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestSystemCheck)
#include "test_systemcheck.moc"
