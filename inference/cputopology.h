#pragma once

// Which CPUs the model's arithmetic should run on, from the kernel's description of the
// machine (sysfs). On a big.LITTLE board such as the RK3588 (4 Cortex-A76 and 4 Cortex-A55
// cores), threads on the slow cores hold back the fast ones at every barrier of the matrix
// work: the answer comes sooner with one thread per fast core, kept on those cores.

#include <QList>
#include <QString>

#include <optional>
#include <set>

namespace camchat::inference {

struct CpuThreadPlan {
    int threads = 1;
    // Logical CPUs the threads are kept on, ascending; empty when every usable CPU is as
    // fast as the others (the scheduler places the threads then).
    QList<int> cpus;
    // One line for the log and `camchat doctor`, such as "4 threads on CPUs 4-7, the
    // fastest of 8 (by cpu_capacity)".
    QString summary;
};

class CpuTopology
{
public:
    struct Cpu {
        int id = 0;
        // cpu_capacity (1024 = the fastest core) or cpuinfo_max_freq in kHz; 0 if unknown.
        qint64 performance = 0;
        // Logical CPUs that share this CPU's core (SMT siblings), as the kernel lists them.
        QString core;
    };
    enum class Measure { Capacity, MaxFrequency, None };

    // Reads `root` (normally /sys/devices/system/cpu): the online CPUs, their capacity or
    // maximum frequency and their cores. A missing tree gives an empty topology.
    static CpuTopology read(const QString &root = QStringLiteral("/sys/devices/system/cpu"));
    // The CPUs this process may run on (sched_getaffinity), or nullopt if unknown.
    static std::optional<std::set<int>> processAffinity();
    // The plan for this machine and process: read() and processAffinity().
    static CpuThreadPlan currentPlan();

    const QList<Cpu> &cpus() const { return m_cpus; }
    Measure measure() const { return m_measure; }

    // One thread per physical core of the fastest cluster among the allowed CPUs (all, if
    // `allowed` is empty or nullopt), kept on that cluster when slower CPUs exist. Cores
    // within 15 % of the fastest count as fast, so that a cluster whose cores are binned a
    // little apart (2.4 and 2.35 GHz) stays whole. Falls back to one thread when nothing
    // is known.
    CpuThreadPlan plan(const std::optional<std::set<int>> &allowed = std::nullopt) const;

    // "0-3,6" style list of CPU numbers.
    static QString formatCpuList(const QList<int> &cpus);
    // Parses the kernel's "0-3,6" lists; invalid text gives an empty list.
    static QList<int> parseCpuList(const QString &text);

private:
    QList<Cpu> m_cpus;
    Measure m_measure = Measure::None;
};

} // namespace camchat::inference
