// CpuTopology: the thread count and CPU placement for the model, from fake sysfs trees of
// the machines camchat runs on.

#include "inference/cputopology.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using camchat::inference::CpuThreadPlan;
using camchat::inference::CpuTopology;

namespace {

struct FakeCpu {
    int id;
    int capacity;       // 0: no cpu_capacity file
    int maxFreqKhz;     // 0: no cpufreq
    QString siblings;   // empty: no topology directory
};

void writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text + '\n');
}

// A /sys/devices/system/cpu look-alike under `root`.
void writeTree(const QString &root, const QList<FakeCpu> &cpus, const QByteArray &online = {})
{
    if (!online.isEmpty())
        writeFile(root + QStringLiteral("/online"), online);
    for (const FakeCpu &cpu : cpus) {
        const QString dir = root + QStringLiteral("/cpu%1").arg(cpu.id);
        QDir().mkpath(dir);
        if (cpu.capacity > 0)
            writeFile(dir + QStringLiteral("/cpu_capacity"), QByteArray::number(cpu.capacity));
        if (cpu.maxFreqKhz > 0)
            writeFile(dir + QStringLiteral("/cpufreq/cpuinfo_max_freq"), QByteArray::number(cpu.maxFreqKhz));
        if (!cpu.siblings.isEmpty())
            writeFile(dir + QStringLiteral("/topology/thread_siblings_list"), cpu.siblings.toLatin1());
    }
    // Not CPUs: must be ignored.
    QDir().mkpath(root + QStringLiteral("/cpufreq"));
    QDir().mkpath(root + QStringLiteral("/cpuidle"));
}

// RK3588 and RK3588S: CPUs 0-3 Cortex-A55 (1.8 GHz), 4-5 and 6-7 two Cortex-A76 clusters
// (2.4 and 2.352 GHz on binned parts). Capacities as the mainline device tree gives them.
QList<FakeCpu> rk3588(bool withCapacity)
{
    QList<FakeCpu> cpus;
    for (int id = 0; id < 8; ++id) {
        const bool big = id >= 4;
        const int capacity = withCapacity ? (big ? 1024 : 414) : 0;
        const int freq = !big ? 1800000 : (id < 6 ? 2400000 : 2352000);
        cpus.append({id, capacity, freq, QString::number(id)});
    }
    return cpus;
}

} // namespace

class TestCpuTopology : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rk3588FourThreadsOnTheBigCores_data();
    void rk3588FourThreadsOnTheBigCores();
    void x86WithSmtOneThreadPerCoreUnpinned();
    void noCpufreqAllCoresUnpinned();
    void affinityLimitsTheChoice();
    void offlineCpusAreLeftOut();
    void missingTreeStillGivesAThread();
    void cpuLists_data();
    void cpuLists();
    void thisMachine();
};

void TestCpuTopology::rk3588FourThreadsOnTheBigCores_data()
{
    QTest::addColumn<bool>("withCapacity");
    QTest::addColumn<int>("measure");
    QTest::newRow("RK3588, cpu_capacity") << true << int(CpuTopology::Measure::Capacity);
    // RK3588S has the same CPU layout; older vendor kernels give no cpu_capacity.
    QTest::newRow("RK3588S, cpufreq only") << false << int(CpuTopology::Measure::MaxFrequency);
}

void TestCpuTopology::rk3588FourThreadsOnTheBigCores()
{
    QFETCH(bool, withCapacity);
    QFETCH(int, measure);
    QTemporaryDir dir;
    writeTree(dir.path(), rk3588(withCapacity), "0-7");
    const CpuTopology topology = CpuTopology::read(dir.path());
    QCOMPARE(topology.cpus().size(), 8);
    QCOMPARE(int(topology.measure()), measure);
    const CpuThreadPlan plan = topology.plan();
    QCOMPARE(plan.threads, 4);
    QCOMPARE(plan.cpus, (QList<int>{4, 5, 6, 7}));
    QVERIFY2(plan.summary.contains(QLatin1String("CPUs 4-7")), qPrintable(plan.summary));
}

void TestCpuTopology::x86WithSmtOneThreadPerCoreUnpinned()
{
    // 4 cores, 2 hyper-threads each (siblings n and n+4), one clock.
    QList<FakeCpu> cpus;
    for (int id = 0; id < 8; ++id)
        cpus.append({id, 0, 3600000, QStringLiteral("%1,%2").arg(id % 4).arg(id % 4 + 4)});
    QTemporaryDir dir;
    writeTree(dir.path(), cpus, "0-7");
    const CpuThreadPlan plan = CpuTopology::read(dir.path()).plan();
    QCOMPARE(plan.threads, 4);
    QVERIFY(plan.cpus.isEmpty()); // all CPUs alike: the scheduler places the threads
}

void TestCpuTopology::noCpufreqAllCoresUnpinned()
{
    // A VM or a board without cpufreq: nothing ranks the CPUs.
    QList<FakeCpu> cpus;
    for (int id = 0; id < 6; ++id)
        cpus.append({id, 0, 0, QString::number(id)});
    QTemporaryDir dir;
    writeTree(dir.path(), cpus);
    const CpuTopology topology = CpuTopology::read(dir.path());
    QCOMPARE(int(topology.measure()), int(CpuTopology::Measure::None));
    const CpuThreadPlan plan = topology.plan();
    QCOMPARE(plan.threads, 6);
    QVERIFY(plan.cpus.isEmpty());

    // One CPU with a clock and others without ranks nothing either.
    QTemporaryDir mixed;
    cpus[0].maxFreqKhz = 2000000;
    writeTree(mixed.path(), cpus);
    QCOMPARE(CpuTopology::read(mixed.path()).plan().threads, 6);
}

void TestCpuTopology::affinityLimitsTheChoice()
{
    QTemporaryDir dir;
    writeTree(dir.path(), rk3588(true), "0-7");
    const CpuTopology topology = CpuTopology::read(dir.path());
    // taskset to the little cores: those are all there is, and alike.
    CpuThreadPlan plan = topology.plan(std::set<int>{0, 1, 2, 3});
    QCOMPARE(plan.threads, 4);
    QVERIFY(plan.cpus.isEmpty());
    // Two big and two little cores allowed: the two big ones.
    plan = topology.plan(std::set<int>{2, 3, 6, 7});
    QCOMPARE(plan.threads, 2);
    QCOMPARE(plan.cpus, (QList<int>{6, 7}));
}

void TestCpuTopology::offlineCpusAreLeftOut()
{
    QTemporaryDir dir;
    writeTree(dir.path(), rk3588(true), "0-5"); // CPUs 6 and 7 taken offline
    const CpuThreadPlan plan = CpuTopology::read(dir.path()).plan();
    QCOMPARE(plan.threads, 2);
    QCOMPARE(plan.cpus, (QList<int>{4, 5}));
}

void TestCpuTopology::missingTreeStillGivesAThread()
{
    const CpuTopology topology = CpuTopology::read(QStringLiteral("/nonexistent/cpu"));
    QVERIFY(topology.cpus().isEmpty());
    const CpuThreadPlan plan = topology.plan();
    QVERIFY(plan.threads >= 1);
    QVERIFY(plan.cpus.isEmpty());
    QCOMPARE(topology.plan(std::set<int>{0, 1, 2}).threads, 3);
}

void TestCpuTopology::cpuLists_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QList<int>>("cpus");
    QTest::addColumn<QString>("formatted");
    QTest::newRow("range") << "0-7" << QList<int>{0, 1, 2, 3, 4, 5, 6, 7} << "0-7";
    QTest::newRow("mixed") << "0-1,4,6-7\n" << QList<int>{0, 1, 4, 6, 7} << "0-1,4,6-7";
    QTest::newRow("single") << "5" << QList<int>{5} << "5";
    QTest::newRow("empty") << "" << QList<int>{} << "";
    QTest::newRow("backwards") << "7-4" << QList<int>{} << "";
    QTest::newRow("garbage") << "0-3,x" << QList<int>{} << "";
}

void TestCpuTopology::cpuLists()
{
    QFETCH(QString, text);
    QFETCH(QList<int>, cpus);
    QFETCH(QString, formatted);
    QCOMPARE(CpuTopology::parseCpuList(text), cpus);
    QCOMPARE(CpuTopology::formatCpuList(cpus), formatted);
}

void TestCpuTopology::thisMachine()
{
    // Whatever this machine is: at least one thread, never more than the CPUs allowed.
    const CpuThreadPlan plan = CpuTopology::currentPlan();
    QVERIFY(plan.threads >= 1);
    const std::optional<std::set<int>> allowed = CpuTopology::processAffinity();
    QVERIFY(allowed.has_value());
    QVERIFY(plan.threads <= int(allowed->size()));
    for (const int cpu : plan.cpus)
        QVERIFY(allowed->count(cpu));
    qInfo("%s", qPrintable(plan.summary));
}

QTEST_GUILESS_MAIN(TestCpuTopology)
#include "test_cputopology.moc"
