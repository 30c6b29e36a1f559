#include "cputopology.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>

#include <sched.h>

#include <algorithm>
#include <thread>

namespace camchat::inference {

namespace {

std::optional<qint64> readNumber(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    bool ok = false;
    const qint64 value = file.read(64).trimmed().toLongLong(&ok);
    if (!ok || value <= 0)
        return std::nullopt;
    return value;
}

QString readLine(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(file.read(4096).trimmed());
}

const char *measureName(CpuTopology::Measure measure)
{
    switch (measure) {
    case CpuTopology::Measure::Capacity: return "cpu_capacity";
    case CpuTopology::Measure::MaxFrequency: return "cpuinfo_max_freq";
    case CpuTopology::Measure::None: break;
    }
    return "no speed information";
}

} // namespace

QList<int> CpuTopology::parseCpuList(const QString &text)
{
    QList<int> cpus;
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return cpus;
    static const QRegularExpression range(QStringLiteral("^(\\d{1,5})(?:-(\\d{1,5}))?$"));
    for (const QString &part : trimmed.split(QLatin1Char(','))) {
        const QRegularExpressionMatch match = range.match(part.trimmed());
        if (!match.hasMatch())
            return {};
        const int first = match.captured(1).toInt();
        const int last = match.captured(2).isEmpty() ? first : match.captured(2).toInt();
        if (last < first)
            return {};
        for (int cpu = first; cpu <= last; ++cpu)
            cpus.append(cpu);
    }
    std::sort(cpus.begin(), cpus.end());
    cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
    return cpus;
}

QString CpuTopology::formatCpuList(const QList<int> &cpus)
{
    QStringList parts;
    for (qsizetype i = 0; i < cpus.size();) {
        qsizetype j = i;
        while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1)
            ++j;
        parts.append(j == i ? QString::number(cpus[i])
                            : QStringLiteral("%1-%2").arg(cpus[i]).arg(cpus[j]));
        i = j + 1;
    }
    return parts.join(QLatin1Char(','));
}

CpuTopology CpuTopology::read(const QString &root)
{
    CpuTopology topology;
    const QDir dir(root);
    QList<int> ids = parseCpuList(readLine(dir.filePath(QStringLiteral("online"))));
    if (ids.isEmpty()) {
        static const QRegularExpression cpuName(QStringLiteral("^cpu(\\d+)$"));
        for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            const QRegularExpressionMatch match = cpuName.match(name);
            if (match.hasMatch())
                ids.append(match.captured(1).toInt());
        }
        std::sort(ids.begin(), ids.end());
    }

    QList<Cpu> cpus;
    QList<std::optional<qint64>> capacities;
    QList<std::optional<qint64>> frequencies;
    for (const int id : ids) {
        const QString base = dir.filePath(QStringLiteral("cpu%1/").arg(id));
        Cpu cpu;
        cpu.id = id;
        cpu.core = readLine(base + QStringLiteral("topology/thread_siblings_list"));
        if (cpu.core.isEmpty())
            cpu.core = QString::number(id); // no topology: every CPU is a core of its own
        cpus.append(cpu);
        capacities.append(readNumber(base + QStringLiteral("cpu_capacity")));
        frequencies.append(readNumber(base + QStringLiteral("cpufreq/cpuinfo_max_freq")));
    }
    const auto known = [](const QList<std::optional<qint64>> &values) {
        return !values.isEmpty() && std::all_of(values.begin(), values.end(), [](const auto &v) { return v.has_value(); });
    };
    // Capacity is the kernel's own ranking (it includes the core's design, not only its
    // clock); the maximum frequency ranks cores of one design, and is the best left.
    const QList<std::optional<qint64>> *chosen = nullptr;
    if (known(capacities)) {
        chosen = &capacities;
        topology.m_measure = Measure::Capacity;
    } else if (known(frequencies)) {
        chosen = &frequencies;
        topology.m_measure = Measure::MaxFrequency;
    }
    for (qsizetype i = 0; i < cpus.size(); ++i)
        cpus[i].performance = chosen ? *(*chosen)[i] : 0;
    topology.m_cpus = cpus;
    return topology;
}

std::optional<std::set<int>> CpuTopology::processAffinity()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0)
        return std::nullopt;
    std::set<int> cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &set))
            cpus.insert(cpu);
    }
    if (cpus.empty())
        return std::nullopt;
    return cpus;
}

CpuThreadPlan CpuTopology::plan(const std::optional<std::set<int>> &allowed) const
{
    QList<Cpu> usable;
    for (const Cpu &cpu : m_cpus) {
        if (!allowed || allowed->empty() || allowed->count(cpu.id))
            usable.append(cpu);
    }
    CpuThreadPlan result;
    if (usable.isEmpty()) {
        // Nothing known about the machine (no sysfs): the thread count the C++ library sees.
        const int logical = int(std::thread::hardware_concurrency());
        result.threads = std::max(1, allowed && !allowed->empty() ? int(allowed->size()) : logical);
        result.summary = QStringLiteral("%1 threads (no CPU topology)").arg(result.threads);
        return result;
    }
    qint64 fastest = 0;
    for (const Cpu &cpu : usable)
        fastest = std::max(fastest, cpu.performance);
    QList<int> fast;
    QSet<QString> cores;
    for (const Cpu &cpu : usable) {
        if (cpu.performance * 100 >= fastest * 85) {
            fast.append(cpu.id);
            cores.insert(cpu.core);
        }
    }
    result.threads = std::max(1, int(cores.size()));
    const bool slowerExist = fast.size() < usable.size();
    if (slowerExist) {
        result.cpus = fast;
        result.summary = QStringLiteral("%1 threads on CPUs %2, the fastest of %3 (by %4)")
                             .arg(result.threads)
                             .arg(formatCpuList(fast))
                             .arg(usable.size())
                             .arg(QLatin1String(measureName(m_measure)));
    } else {
        result.summary = QStringLiteral("%1 threads, one per core of %2 CPUs")
                             .arg(result.threads)
                             .arg(usable.size());
    }
    return result;
}

CpuThreadPlan CpuTopology::currentPlan()
{
    return read().plan(processAffinity());
}

} // namespace camchat::inference
