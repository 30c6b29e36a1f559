#include "modelprobe.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

namespace camchat::inference {

namespace {

constexpr int kPollMs = 50;
constexpr qsizetype kMaxStderrBytes = 64 * 1024; // the tail is where the abort is
constexpr qsizetype kMaxCacheEntries = 256;
constexpr int kCacheVersion = 1;
// The child's exit codes (runChild).
constexpr int kChildPassed = 0;
constexpr int kChildBadProfile = 2;
constexpr int kChildLoadFailed = 3;
constexpr int kChildAnswerFailed = 5;

std::mutex g_defaultMutex;
ProbeSettings &defaultSettingsStorage()
{
    static ProbeSettings settings;
    return settings;
}

// --- the cache of passed pairs -----------------------------------------------------------

// A file as the cache knows it: replaced, rewritten or touched, it is another file.
QJsonObject fileStamp(const QString &path)
{
    struct stat info = {};
    if (path.isEmpty() || ::stat(QFile::encodeName(path).constData(), &info) != 0)
        return {};
    return QJsonObject{
        {QStringLiteral("path"), QFileInfo(path).absoluteFilePath()},
        {QStringLiteral("size"), QString::number(qint64(info.st_size))},
        {QStringLiteral("mtimeNs"), QString::number(qint64(info.st_mtim.tv_sec) * 1000000000LL + info.st_mtim.tv_nsec)},
        {QStringLiteral("inode"), QString::number(quint64(info.st_ino))},
    };
}

struct PairStamp {
    QJsonObject model;
    QJsonObject mmproj;
    QJsonObject probe;
    bool isValid() const { return !model.isEmpty() && !mmproj.isEmpty() && !probe.isEmpty(); }
    bool matches(const QJsonObject &entry) const
    {
        return entry.value(QStringLiteral("model")).toObject() == model
            && entry.value(QStringLiteral("mmproj")).toObject() == mmproj
            && entry.value(QStringLiteral("probe")).toObject() == probe;
    }
};

QJsonArray readPassed(const QString &cacheFile)
{
    QFile file(cacheFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject root = QJsonDocument::fromJson(file.read(4 * 1024 * 1024)).object();
    if (root.value(QStringLiteral("version")).toInt() != kCacheVersion)
        return {};
    return root.value(QStringLiteral("passed")).toArray();
}

bool isKnownGood(const QString &cacheFile, const PairStamp &stamp)
{
    const QJsonArray passed = readPassed(cacheFile);
    for (const QJsonValue &entry : passed) {
        if (stamp.matches(entry.toObject()))
            return true;
    }
    return false;
}

// Best effort: a cache that cannot be written costs a probe next time, nothing else.
void rememberPassed(const QString &cacheFile, const PairStamp &stamp)
{
    QJsonArray passed = readPassed(cacheFile);
    for (qsizetype i = passed.size() - 1; i >= 0; --i) {
        // The same files with an older stamp are stale.
        const QJsonObject entry = passed.at(i).toObject();
        if (entry.value(QStringLiteral("model")).toObject().value(QStringLiteral("path")) == stamp.model.value(QStringLiteral("path"))
            && entry.value(QStringLiteral("mmproj")).toObject().value(QStringLiteral("path"))
                   == stamp.mmproj.value(QStringLiteral("path"))) {
            passed.removeAt(i);
        }
    }
    passed.append(QJsonObject{
        {QStringLiteral("model"), stamp.model},
        {QStringLiteral("mmproj"), stamp.mmproj},
        {QStringLiteral("probe"), stamp.probe},
        {QStringLiteral("checked"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
    });
    while (passed.size() > kMaxCacheEntries)
        passed.removeFirst();
    QDir().mkpath(QFileInfo(cacheFile).absolutePath());
    QSaveFile file(cacheFile);
    if (!file.open(QIODevice::WriteOnly))
        return;
    const QJsonObject root{{QStringLiteral("version"), kCacheVersion}, {QStringLiteral("passed"), passed}};
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    file.commit();
}

// --- reading the child -------------------------------------------------------------------

QString signalName(int signal)
{
    switch (signal) {
    case SIGABRT: return QStringLiteral("SIGABRT");
    case SIGSEGV: return QStringLiteral("SIGSEGV");
    case SIGBUS: return QStringLiteral("SIGBUS");
    case SIGFPE: return QStringLiteral("SIGFPE");
    case SIGILL: return QStringLiteral("SIGILL");
    case SIGTRAP: return QStringLiteral("SIGTRAP");
    case SIGKILL: return QStringLiteral("SIGKILL");
    case SIGTERM: return QStringLiteral("SIGTERM");
    default: return QStringLiteral("signal %1").arg(signal);
    }
}

// Signals a broken file can cause (an assert, a bad read); anything else came from outside.
bool isCrash(int signal)
{
    return signal == SIGABRT || signal == SIGSEGV || signal == SIGBUS || signal == SIGFPE || signal == SIGILL
        || signal == SIGTRAP;
}

// What the child said about its end: ggml's assert lines ("file:line: GGML_ASSERT(x)
// failed"), else an uncaught exception's, else its last lines.
QString abortText(const QByteArray &stderrBytes)
{
    const QList<QByteArray> lines = stderrBytes.split('\n');
    QStringList asserts;
    QStringList exceptions;
    QStringList last;
    for (const QByteArray &raw : lines) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty())
            continue;
        if (line.contains(QLatin1String("GGML_ASSERT")) || line.contains(QLatin1String("GGML_ABORT")))
            asserts.append(line);
        else if (line.startsWith(QLatin1String("terminate called")) || line.contains(QLatin1String("what():")))
            exceptions.append(line);
        last.append(line);
        if (last.size() > 3)
            last.removeFirst();
    }
    const QStringList &chosen = !asserts.isEmpty() ? asserts : !exceptions.isEmpty() ? exceptions : last;
    return chosen.isEmpty() ? QStringLiteral("(it printed nothing)") : chosen.join(QLatin1String(" | "));
}

// --- the child side ----------------------------------------------------------------------

class ProbeSink final : public GenerationSink
{
public:
    void stageStarted(Stage) override {}
    void stageFinished(Stage, std::int64_t, int) override {}
    void token(const QString &) override {}
    bool isCancelled() const override { return false; }
};

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, std::size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace

void ModelProbe::setDefaultSettings(const ProbeSettings &settings)
{
    const std::lock_guard lock(g_defaultMutex);
    defaultSettingsStorage() = settings;
}

ProbeSettings ModelProbe::defaultSettings()
{
    const std::lock_guard lock(g_defaultMutex);
    return defaultSettingsStorage();
}

QString ModelProbe::defaultCacheFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
        + QStringLiteral("/camchat/probe.json");
}

ProbeReport ModelProbe::check(const ModelProfile &profile, int threads, const ProbeSettings &settings,
                              const std::function<bool(float)> &progress)
{
    const QString modelPath = profile.filePath(QStringLiteral("model"));
    const QString mmprojPath = profile.filePath(QStringLiteral("mmproj"));
    const QString cacheFile = settings.cacheFile.isEmpty() ? defaultCacheFile() : settings.cacheFile;
    const PairStamp stamp{fileStamp(modelPath), fileStamp(mmprojPath), fileStamp(settings.executable)};
    if (stamp.isValid() && isKnownGood(cacheFile, stamp))
        return {};

    // The child loads exactly what this process would: the profile with absolute paths.
    ModelProfile forChild = profile;
    for (ModelFile &file : forChild.files)
        file.path = profile.filePath(file.role);

    QProcess child;
    child.setProgram(settings.executable);
    child.setArguments({QLatin1String(kSubcommand), QStringLiteral("--threads"), QString::number(threads)});
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // ggml's abort handler would otherwise attach gdb for a backtrace (and has left core
    // files behind); the assert line itself is all the parent reads.
    environment.insert(QStringLiteral("GGML_NO_BACKTRACE"), QStringLiteral("1"));
    child.setProcessEnvironment(environment);
    // Wherever a core file might still land, never in the user's folder.
    child.setWorkingDirectory(QDir::tempPath());
    child.setChildProcessModifier([] {
        // Between fork and exec: async-signal-safe calls only.
        const rlimit noCore{0, 0};
        ::setrlimit(RLIMIT_CORE, &noCore);
        // This thread gone (the app quit or crashed): the child goes too.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    });
    child.start();
    if (!child.waitForStarted(10000))
        return {}; // nothing to probe with: load in-process as without a probe
    child.write(ModelProfiles::toJson(forChild));
    child.closeWriteChannel();

    ProbeReport report;
    report.childRan = true;
    QElapsedTimer clock;
    clock.start();
    QByteArray out;
    QByteArray err;
    float fraction = 0.0f;
    bool passed = false;
    QString childError; // the child's own report of a failure without a signal
    const auto readChild = [&] {
        out += child.readAllStandardOutput();
        err += child.readAllStandardError();
        if (err.size() > kMaxStderrBytes)
            err.remove(0, err.size() - kMaxStderrBytes);
        qsizetype newline = 0;
        while ((newline = out.indexOf('\n')) >= 0) {
            const QByteArray line = out.left(newline).trimmed();
            out.remove(0, newline + 1);
            if (line.startsWith("progress ")) {
                bool ok = false;
                const float value = line.mid(9).toFloat(&ok);
                if (ok && value >= 0.0f && value <= 1.0f)
                    fraction = std::max(fraction, value);
            } else if (line == "passed") {
                passed = true;
            } else if (line.startsWith("error ")) {
                childError = QString::fromUtf8(line.mid(6));
            }
        }
    };
    const auto stop = [&child] {
        child.kill();
        child.waitForFinished(-1);
    };
    while (child.state() != QProcess::NotRunning) {
        if (child.waitForFinished(kPollMs))
            break;
        readChild();
        if (progress && !progress(fraction)) {
            stop();
            report.error = {InferenceErrorCode::Cancelled, QStringLiteral("model loading aborted (during the probe)")};
            return report;
        }
        if (clock.elapsed() > settings.timeoutMs) {
            stop();
            report.error = {InferenceErrorCode::ModelLoadFailed,
                            QStringLiteral("%1 + %2: the probe process loading them was still running after %3 s")
                                .arg(modelPath, mmprojPath)
                                .arg(settings.timeoutMs / 1000)};
            return report;
        }
    }
    readChild();

    if (child.exitStatus() == QProcess::CrashExit) {
        const int signal = child.exitCode();
        if (isCrash(signal)) {
            report.error = {InferenceErrorCode::ModelFileInvalid,
                            QStringLiteral("%1 + %2: loading this pair ended the probe process with %3: %4")
                                .arg(modelPath, mmprojPath, signalName(signal), abortText(err))};
        } else {
            report.error = {InferenceErrorCode::ModelLoadFailed,
                            QStringLiteral("%1 + %2: the probe process loading them was killed (%3; out of memory?)")
                                .arg(modelPath, mmprojPath, signalName(signal))};
        }
        return report;
    }
    if (child.exitCode() == 0 && passed) {
        if (stamp.isValid())
            rememberPassed(cacheFile, stamp);
        return report;
    }
    if (child.exitCode() == kChildAnswerFailed) {
        // It loads but cannot answer even a tiny picture: every question would fail the
        // same way, after a load that seemed fine.
        report.error = {InferenceErrorCode::ModelFileInvalid,
                        QStringLiteral("%1 + %2: they load, but the probe process could not answer a test picture with them: %3")
                            .arg(modelPath, mmprojPath, childError)};
        return report;
    }
    // The load itself failed without a signal: the in-process load finds the same and
    // reports it with its own code.
    return report;
}

int ModelProbe::runChild(const QByteArray &profileJson, int threads)
{
    // No core file, no debugger attaching (ggml's backtrace): an abort here is expected.
    const rlimit noCore{0, 0};
    ::setrlimit(RLIMIT_CORE, &noCore);
    ::prctl(PR_SET_DUMPABLE, 0);

    const ProfileLoadResult parsed = ModelProfiles::parse(profileJson, QStringLiteral("<probe>"), QDir::rootPath());
    if (!parsed.profile) {
        say("error " + parsed.error.detail.toUtf8());
        return kChildBadProfile;
    }
    const std::unique_ptr<VlmBackend> backend = createBackend(parsed.profile->backend);
    if (!backend) {
        say("error no backend for this profile");
        return kChildLoadFailed;
    }
    BackendOptions options;
    options.threads = threads; // options.probe stays empty: this is the probe
    float reported = -1.0f;
    const InferenceError loadError = backend->load(*parsed.profile, options, [&reported](float fraction) {
        if (fraction - reported >= 0.05f || fraction >= 1.0f) {
            reported = fraction;
            say("progress " + QByteArray::number(double(fraction), 'f', 3));
        }
        return true;
    });
    if (loadError) {
        say("error " + QByteArray(errorKey(loadError.code)) + ' ' + loadError.detail.toUtf8());
        return kChildLoadFailed;
    }

    // A small grey-and-white picture: whatever the encoder's size, mtmd scales it.
    constexpr int kSide = 32;
    auto pixels = std::make_shared<std::uint8_t[]>(std::size_t(kSide * kSide * 3));
    for (int i = 0; i < kSide * kSide * 3; ++i)
        pixels[std::size_t(i)] = std::uint8_t((i / 3) % 7 == 0 ? 255 : 128);
    RgbImage image{kSide, kSide, pixels, {}};
    BackendRequest request;
    request.image = &image;
    request.prompt = QStringLiteral("What is this?");
    request.sampling = parsed.profile->sampling;
    request.sampling.maxNewTokens = 1;
    request.sampling.temperature = 0.0f;
    ProbeSink sink;
    const InferenceError runError = backend->run(request, sink);
    if (runError) {
        say("error " + QByteArray(errorKey(runError.code)) + ' ' + runError.detail.toUtf8());
        return kChildAnswerFailed;
    }
    say("passed");
    return kChildPassed;
}

} // namespace camchat::inference
