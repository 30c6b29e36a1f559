// The GGUF mutation test: hundreds of mutants of the tiny fixture pairs (every key set to
// 0, -1, 2^31-1, -2^31, a huge value, written twice, given the wrong type, deleted; and each
// file issue 14 names), each asked about an image by `camchat ask` as a process. Each
// must end with exit code 0 (it loaded and answered) or 3 (the model was refused), never
// by a signal: the preflight refuses what it knows, the probe child catches the rest.
#include "fixtureprofile.h"
#include "ggufedit.h"
#include "inference/llama/ggufpreflight.h"
#include "processrunner.h"

#include <ggml.h>
#include <gguf.h>

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QMap>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace camchat::inference;
using camchat::test::fixture;

namespace {

struct GgufDeleter {
    void operator()(gguf_context *gguf) const { gguf_free(gguf); }
};
using GgufPtr = std::unique_ptr<gguf_context, GgufDeleter>;

GgufPtr openGguf(const QString &path)
{
    gguf_init_params params{};
    params.no_alloc = true;
    params.ctx = nullptr;
    return GgufPtr(gguf_init_from_file(QFile::encodeName(path).constData(), params));
}

using Patches = QList<std::pair<QByteArray, QByteArray>>;

struct Mutant {
    QString name;
    bool projector = false; // which file of the pair is mutated
    std::function<void(gguf_context *)> edit;
    Patches patches;
};

enum class Value { Zero, MinusOne, Int32Max, Int32Min, Huge };

// Sets key `name` (of `type` in the original) to `value`, keeping its type where it can.
void setScalar(gguf_context *g, const char *name, gguf_type type, Value value)
{
    const auto pick = [value](auto zero, auto minusOne, auto intMax, auto huge) {
        switch (value) {
        case Value::Zero: return zero;
        case Value::MinusOne: return minusOne;
        case Value::Int32Max: return intMax;
        case Value::Int32Min: return decltype(zero)(-intMax - 1);
        case Value::Huge: return huge;
        }
        return zero;
    };
    switch (type) {
    case GGUF_TYPE_UINT8: gguf_set_val_u8(g, name, pick(std::uint8_t(0), std::uint8_t(0xff), std::uint8_t(0x7f), std::uint8_t(0xff))); break;
    case GGUF_TYPE_INT8: gguf_set_val_i8(g, name, pick(std::int8_t(0), std::int8_t(-1), std::int8_t(127), std::int8_t(-128))); break;
    case GGUF_TYPE_UINT16: gguf_set_val_u16(g, name, pick(std::uint16_t(0), std::uint16_t(0xffff), std::uint16_t(0x7fff), std::uint16_t(0xffff))); break;
    case GGUF_TYPE_INT16: gguf_set_val_i16(g, name, pick(std::int16_t(0), std::int16_t(-1), std::int16_t(0x7fff), std::int16_t(-0x8000))); break;
    case GGUF_TYPE_UINT32: gguf_set_val_u32(g, name, pick(0U, 0xffffffffU, 0x7fffffffU, 0xffffffffU)); break;
    case GGUF_TYPE_INT32: gguf_set_val_i32(g, name, pick(0, -1, 0x7fffffff, std::numeric_limits<std::int32_t>::min())); break;
    case GGUF_TYPE_UINT64: gguf_set_val_u64(g, name, pick(std::uint64_t(0), ~std::uint64_t(0), std::uint64_t(0x7fffffff), ~std::uint64_t(0))); break;
    case GGUF_TYPE_INT64: gguf_set_val_i64(g, name, pick(std::int64_t(0), std::int64_t(-1), std::int64_t(0x7fffffff), std::numeric_limits<std::int64_t>::max())); break;
    case GGUF_TYPE_FLOAT32: gguf_set_val_f32(g, name, pick(0.0f, -1.0f, 2147483647.0f, std::nanf(""))); break;
    case GGUF_TYPE_FLOAT64: gguf_set_val_f64(g, name, pick(0.0, -1.0, 2147483647.0, std::nan(""))); break;
    case GGUF_TYPE_BOOL: gguf_set_val_bool(g, name, value != Value::Zero); break;
    case GGUF_TYPE_STRING:
        gguf_set_val_str(g, name, value == Value::Zero       ? ""
                                  : value == Value::MinusOne ? "-1"
                                  : value == Value::Int32Max ? "2147483647"
                                  : value == Value::Int32Min ? "-2147483648"
                                                             : std::string(70000, 'x').c_str());
        break;
    case GGUF_TYPE_ARRAY:
    case GGUF_TYPE_COUNT:
        break;
    }
}

std::size_t elementSize(gguf_type type)
{
    switch (type) {
    case GGUF_TYPE_UINT8: case GGUF_TYPE_INT8: case GGUF_TYPE_BOOL: return 1;
    case GGUF_TYPE_UINT16: case GGUF_TYPE_INT16: return 2;
    case GGUF_TYPE_UINT64: case GGUF_TYPE_INT64: case GGUF_TYPE_FLOAT64: return 8;
    default: return 4;
    }
}

// The same for an array: empty (zero), or its first element set to the value; huge: the
// array four times over.
void setArray(gguf_context *g, const gguf_context *original, std::int64_t id, const char *name, Value value)
{
    const gguf_type element = gguf_get_arr_type(original, id);
    const std::size_t n = gguf_get_arr_n(original, id);
    if (element == GGUF_TYPE_STRING) {
        std::vector<std::string> strings;
        for (std::size_t i = 0; i < n; ++i)
            strings.emplace_back(gguf_get_arr_str(original, id, i));
        if (value == Value::Zero)
            strings.clear();
        else if (value == Value::Huge)
            strings.insert(strings.end(), strings.begin(), strings.end());
        else if (!strings.empty())
            strings.front() = value == Value::MinusOne ? "-1" : value == Value::Int32Max ? "2147483647" : "-2147483648";
        std::vector<const char *> pointers;
        for (const std::string &s : strings)
            pointers.push_back(s.c_str());
        gguf_set_arr_str(g, name, pointers.data(), pointers.size());
        return;
    }
    const std::size_t size = elementSize(element);
    const auto *data = static_cast<const std::uint8_t *>(gguf_get_arr_data(original, id));
    std::vector<std::uint8_t> bytes(data, data + n * size);
    if (value == Value::Zero) {
        bytes.clear();
    } else if (value == Value::Huge) {
        for (int i = 0; i < 2; ++i)
            bytes.insert(bytes.end(), bytes.begin(), bytes.end());
    } else if (n > 0) {
        const double v = value == Value::MinusOne ? -1.0 : value == Value::Int32Max ? 2147483647.0 : -2147483648.0;
        switch (element) {
        case GGUF_TYPE_INT32: { const std::int32_t x = std::int32_t(v); std::memcpy(bytes.data(), &x, 4); break; }
        case GGUF_TYPE_UINT32: { const std::uint32_t x = v < 0 ? 0xffffffffU : std::uint32_t(v); std::memcpy(bytes.data(), &x, 4); break; }
        case GGUF_TYPE_FLOAT32: { const float x = float(v); std::memcpy(bytes.data(), &x, 4); break; }
        default: std::memset(bytes.data(), 0xff, size); break;
        }
    }
    gguf_set_arr_data(g, name, element, bytes.data(), bytes.size() / size);
}

// A value of another type than the key's.
void setWrongType(gguf_context *g, const char *name, gguf_type type)
{
    switch (type) {
    case GGUF_TYPE_STRING: gguf_set_val_u32(g, name, 1); break;
    case GGUF_TYPE_ARRAY: gguf_set_val_u32(g, name, 1); break;
    case GGUF_TYPE_FLOAT32: gguf_set_val_u32(g, name, 1); break;
    case GGUF_TYPE_BOOL: gguf_set_val_u32(g, name, 1); break;
    case GGUF_TYPE_UINT32: gguf_set_val_i32(g, name, 1); break;
    default: gguf_set_val_str(g, name, "1"); break;
    }
}

// The sweep over every key of `original`.
void addSweep(std::vector<Mutant> &mutants, const std::shared_ptr<gguf_context> &original, bool projector,
              const QString &pair)
{
    const gguf_context *g = original.get();
    for (std::int64_t id = 0; id < gguf_get_n_kv(g); ++id) {
        const std::string key = gguf_get_key(g, id);
        if (key == "general.alignment")
            continue; // the GGUF layout itself, not a value llama.cpp reads
        const gguf_type type = gguf_get_kv_type(g, id);
        const QString base = QStringLiteral("%1 %2 %3").arg(pair, projector ? QStringLiteral("mmproj") : QStringLiteral("model"),
                                                           QString::fromStdString(key));
        const std::pair<Value, const char *> values[] = {
            {Value::Zero, "0"}, {Value::MinusOne, "-1"}, {Value::Int32Max, "2^31-1"}, {Value::Int32Min, "-2^31"},
            {Value::Huge, "huge"}};
        for (const auto &[value, label] : values) {
            mutants.push_back({base + QStringLiteral(" = ") + QLatin1String(label), projector,
                               [original, id, key, type, value = value](gguf_context *edited) {
                                   if (type == GGUF_TYPE_ARRAY)
                                       setArray(edited, original.get(), id, key.c_str(), value);
                                   else
                                       setScalar(edited, key.c_str(), type, value);
                               }, {}});
        }
        // Twice: a copy under a name of the same length, renamed back in the bytes.
        std::string alias = key;
        alias[0] = alias[0] == '~' ? '^' : '~';
        mutants.push_back({base + QStringLiteral(" twice"), projector,
                           [original, id, alias](gguf_context *edited) {
                               camchat::test::copyGgufKey(edited, original.get(), id, alias.c_str());
                           },
                           {{QByteArray::fromStdString(alias), QByteArray::fromStdString(key)}}});
        mutants.push_back({base + QStringLiteral(" wrong type"), projector,
                           [key, type](gguf_context *edited) { setWrongType(edited, key.c_str(), type); }, {}});
        mutants.push_back({base + QStringLiteral(" deleted"), projector,
                           [key](gguf_context *edited) { gguf_remove_key(edited, key.c_str()); }, {}});
    }
}

// The files issue 14 names (each aborted camchat before the preflight's value rules).
void addNamedCases(std::vector<Mutant> &mutants, const QString &pair)
{
    const auto text = [&](const char *name, std::function<void(gguf_context *)> edit) {
        mutants.push_back({pair + QStringLiteral(" named: ") + QLatin1String(name), false, std::move(edit), {}});
    };
    const auto projector = [&](const char *name, std::function<void(gguf_context *)> edit) {
        mutants.push_back({pair + QStringLiteral(" named: ") + QLatin1String(name), true, std::move(edit), {}});
    };
    text("block_count 0", [](gguf_context *g) { gguf_set_val_u32(g, "llama.block_count", 0); });
    text("block_count 513", [](gguf_context *g) { gguf_set_val_u32(g, "llama.block_count", 513); });
    text("unknown rope scaling", [](gguf_context *g) { gguf_set_val_str(g, "llama.rope.scaling.type", "sideways"); });
    text("expert_count 1025", [](gguf_context *g) {
        gguf_set_val_u32(g, "llama.expert_count", 1025);
        gguf_set_val_u32(g, "llama.expert_used_count", 2);
    });
    text("expert_used_count above expert_count", [](gguf_context *g) {
        gguf_set_val_u32(g, "llama.expert_count", 4);
        gguf_set_val_u32(g, "llama.expert_used_count", 8);
    });
    text("expert_used_count without experts", [](gguf_context *g) { gguf_set_val_u32(g, "llama.expert_used_count", 2); });
    text("expert_group_count without experts", [](gguf_context *g) { gguf_set_val_u32(g, "llama.expert_group_count", 2); });
    text("nextn_predict_layers = block_count", [](gguf_context *g) {
        gguf_set_val_u32(g, "llama.nextn_predict_layers", gguf_get_val_u32(g, gguf_find_key(g, "llama.block_count")));
    });
    text("token repeated", [](gguf_context *g) {
        const std::int64_t id = gguf_find_key(g, "tokenizer.ggml.tokens");
        std::vector<std::string> tokens;
        for (std::size_t i = 0; i < gguf_get_arr_n(g, id); ++i)
            tokens.emplace_back(gguf_get_arr_str(g, id, i));
        tokens.back() = tokens.at(tokens.size() - 2);
        std::vector<const char *> pointers;
        for (const std::string &t : tokens)
            pointers.push_back(t.c_str());
        gguf_set_arr_str(g, "tokenizer.ggml.tokens", pointers.data(), pointers.size());
    });
    text("rms epsilon negative", [](gguf_context *g) { gguf_set_val_f32(g, "llama.attention.layer_norm_rms_epsilon", -1e-5f); });
    text("rms epsilon NaN", [](gguf_context *g) { gguf_set_val_f32(g, "llama.attention.layer_norm_rms_epsilon", std::nanf("")); });

    projector("internvl min_tiles 0", [](gguf_context *g) {
        gguf_set_val_str(g, "clip.projector_type", "internvl");
        gguf_set_val_u32(g, "clip.vision.preproc_min_tiles", 0);
    });
    projector("internvl min above max", [](gguf_context *g) {
        gguf_set_val_str(g, "clip.projector_type", "internvl");
        gguf_set_val_u32(g, "clip.vision.preproc_min_tiles", 9);
        gguf_set_val_u32(g, "clip.vision.preproc_max_tiles", 3);
    });
    projector("internvl huge max_tiles", [](gguf_context *g) {
        gguf_set_val_str(g, "clip.projector_type", "internvl");
        gguf_set_val_u32(g, "clip.vision.preproc_max_tiles", 0x7ffffffe);
    });
    projector("granite4_vision without pinpoints", [](gguf_context *g) {
        gguf_set_val_str(g, "clip.projector_type", "granite4_vision");
        gguf_remove_key(g, "clip.vision.image_grid_pinpoints");
    });
    projector("minicpmv4_6 scale 3", [](gguf_context *g) {
        gguf_set_val_str(g, "clip.projector_type", "minicpmv4_6");
        gguf_set_val_u32(g, "clip.vision.projector.scale_factor", 3);
    });
    projector("minimax_m3 spatial_merge_size 0", [](gguf_context *g) {
        gguf_set_val_str(g, "clip.projector_type", "minimax_m3");
        gguf_set_val_u32(g, "clip.vision.spatial_merge_size", 0);
    });
    projector("mimovl wa_pattern_mode too short", [](gguf_context *g) {
        gguf_set_val_str(g, "clip.projector_type", "mimovl");
        const std::int32_t pattern[] = {0};
        gguf_set_arr_data(g, "clip.vision.wa_pattern_mode", GGUF_TYPE_INT32, pattern, 1);
    });
    projector("deepseekocr max_tiles 257", [](gguf_context *g) {
        gguf_set_val_str(g, "clip.projector_type", "deepseekocr");
        gguf_set_val_u32(g, "clip.vision.preproc_max_tiles", 257);
    });
    projector("clip epsilon negative", [](gguf_context *g) { gguf_set_val_f32(g, "clip.vision.attention.layer_norm_epsilon", -1e-5f); });
    projector("clip epsilon NaN", [](gguf_context *g) { gguf_set_val_f32(g, "clip.vision.attention.layer_norm_epsilon", std::nanf("")); });
    projector("sam head_count a string", [](gguf_context *g) {
        gguf_set_val_str(g, "clip.projector_type", "deepseekocr");
        gguf_set_val_str(g, "clip.vision.sam.head_count", "12");
    });
    projector("audio key wrong type", [](gguf_context *g) {
        gguf_set_val_bool(g, "clip.has_audio_encoder", true);
        gguf_set_val_f32(g, "clip.audio.embedding_length", 64.0f);
    });
}

constexpr int kRefusedStride = 8;

struct Outcome {
    QString mutant;
    bool ranProcess = false;
    bool preflightRefused = false;
    bool duplicate = false; // the same bytes as the original or an earlier mutant
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::NormalExit;
    QByteArray err;
};

} // namespace

class TestGgufMutation : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_temp;
    QString m_image;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_temp.isValid());
        // The in-process preflight's gguf reader reports every refused file; camchat's own
        // output is what the test reads.
        ggml_log_set([](ggml_log_level, const char *, void *) {}, nullptr);
        QVERIFY2(QFile::exists(fixture("tiny-idefics3.gguf")), "fixtures missing: build camchat_fixtures");
        m_image = m_temp.filePath(QStringLiteral("picture.png"));
        QImage picture(24, 16, QImage::Format_RGB32);
        picture.fill(qRgb(90, 140, 200));
        QVERIFY(picture.save(m_image));
    }

    void noMutantEndsCamchatBySignal()
    {
        std::vector<Mutant> mutants;
        const QString pairs[] = {QStringLiteral("idefics3"), QStringLiteral("internvl")};
        for (const QString &pair : pairs) {
            for (const bool projector : {false, true}) {
                // The two text models differ in general.name only: one sweep covers both.
                if (!projector && pair != QLatin1String("idefics3"))
                    continue;
                const QString source = fixture(QStringLiteral("tiny-%1%2.gguf").arg(pair, projector ? QStringLiteral("-mmproj") : QString()));
                std::shared_ptr<gguf_context> original(openGguf(source).release(), GgufDeleter());
                QVERIFY(original);
                addSweep(mutants, original, projector, pair);
            }
            addNamedCases(mutants, pair);
        }
        QVERIFY2(mutants.size() >= 500, qPrintable(QString::number(mutants.size())));

        QProcessEnvironment environment = camchat::test::camchatEnvironment();
        environment.insert(QStringLiteral("GGML_NO_BACKTRACE"), QStringLiteral("1"));
        // One more than the CPUs: an ask waiting for its probe child uses none.
        const int parallel = std::max(2, QThread::idealThreadCount()) + 1;
        struct Running {
            std::unique_ptr<QProcess> process;
            std::size_t index;
            QString file;
        };
        std::vector<Running> running;
        std::vector<Outcome> outcomes(mutants.size());
        int refused = 0;
        int duplicates = 0;
        std::set<QByteArray> seen;
        for (const QString &name : {QStringLiteral("idefics3"), QStringLiteral("internvl")}) {
            for (const QString &suffix : {QString(), QStringLiteral("-mmproj")}) {
                QFile original(fixture(QStringLiteral("tiny-%1%2.gguf").arg(name, suffix)));
                QVERIFY(original.open(QIODevice::ReadOnly));
                seen.insert(QCryptographicHash::hash(original.readAll(), QCryptographicHash::Sha1));
            }
        }
        std::size_t next = 0;
        QElapsedTimer clock;
        clock.start();
        // Ends when any running process ends (each one's finished() quits it).
        QEventLoop anyFinished;
        const auto collect = [&](Running &job) {
            Outcome &outcome = outcomes[job.index];
            outcome.ranProcess = true;
            outcome.exitCode = job.process->exitCode();
            outcome.status = job.process->exitStatus();
            outcome.err = job.process->readAllStandardError();
            QFile::remove(job.file);
        };
        while (next < mutants.size() || !running.empty()) {
            while (running.size() < std::size_t(parallel) && next < mutants.size()) {
                const std::size_t index = next++;
                const Mutant &mutant = mutants[index];
                outcomes[index].mutant = mutant.name;
                const QString pair = mutant.name.section(QLatin1Char(' '), 0, 0);
                const QString model = fixture(QStringLiteral("tiny-%1.gguf").arg(pair));
                const QString mmproj = fixture(QStringLiteral("tiny-%1-mmproj.gguf").arg(pair));
                const QString file = m_temp.filePath(QStringLiteral("mutant-%1.gguf").arg(index));
                QVERIFY2(camchat::test::rewriteGgufMetadata(mutant.projector ? mmproj : model, file, mutant.edit, mutant.patches),
                         qPrintable(mutant.name));
                // A mutant that leaves the file as it was, or as another mutant made it
                // (a bool set to -1 and to 2^31-1 is true both times), has that verdict.
                QFile written(file);
                QVERIFY(written.open(QIODevice::ReadOnly));
                if (!seen.insert(QCryptographicHash::hash(written.readAll(), QCryptographicHash::Sha1)).second) {
                    ++duplicates;
                    outcomes[index].duplicate = true;
                    QFile::remove(file);
                    continue;
                }
                const QString usedModel = mutant.projector ? model : file;
                const QString usedMmproj = mutant.projector ? file : mmproj;
                // The preflight in this process too: what it refuses, camchat ask must refuse with 3.
                outcomes[index].preflightRefused = bool(GgufPreflight::checkPair(usedModel, usedMmproj));
                refused += outcomes[index].preflightRefused ? 1 : 0;
                // Every mutant the preflight lets through runs as a process (the probe's
                // work), and every kRefusedStride-th one it refuses (exit 3 by the same
                // check): all of them as processes take longer than a unit test may.
                if (outcomes[index].preflightRefused && refused % kRefusedStride != 1) {
                    QFile::remove(file);
                    continue;
                }
                auto process = std::make_unique<QProcess>();
                process->setProcessEnvironment(environment);
                process->setWorkingDirectory(m_temp.path());
                process->setStandardOutputFile(QProcess::nullDevice());
                process->start(QStringLiteral(CAMCHAT_EXECUTABLE),
                               {QStringLiteral("ask"), QStringLiteral("--image"), m_image, QStringLiteral("--model-file"),
                                usedModel, QStringLiteral("--mmproj"), usedMmproj, QStringLiteral("--max-tokens"),
                                QStringLiteral("1"), QStringLiteral("--threads"), QStringLiteral("1"),
                                QStringLiteral("--temperature"), QStringLiteral("0")});
                QObject::connect(process.get(), &QProcess::finished, &anyFinished, &QEventLoop::quit);
                running.push_back({std::move(process), index, file});
            }
            if (running.empty())
                continue;
            const auto done = [](const Running &job) { return job.process->state() == QProcess::NotRunning; };
            if (std::none_of(running.begin(), running.end(), done))
                anyFinished.exec();
            for (auto it = running.begin(); it != running.end();) {
                if (done(*it)) {
                    collect(*it);
                    it = running.erase(it);
                } else {
                    ++it;
                }
            }
        }

        QStringList failures;
        QMap<int, int> codes;
        int processes = 0;
        int caughtByProbe = 0;
        QStringList caught; // what only the probe stopped: files the preflight has no rule for
        for (const Outcome &outcome : outcomes) {
            if (!outcome.ranProcess)
                continue; // refused by the preflight in this process
            ++processes;
            if (outcome.err.contains("the probe process")) {
                ++caughtByProbe;
                caught.append(outcome.mutant + QStringLiteral(": ")
                              + QString::fromUtf8(outcome.err).section(QStringLiteral("the probe process"), 1).simplified().left(160));
            }
            if (outcome.status == QProcess::NormalExit)
                ++codes[outcome.exitCode];
            const bool ok = outcome.status == QProcess::NormalExit
                && (outcome.exitCode == 3 || (outcome.exitCode == 0 && !outcome.preflightRefused));
            if (!ok) {
                failures.append(QStringLiteral("%1: %2 %3 (preflight %4): %5")
                                    .arg(outcome.mutant,
                                         outcome.status == QProcess::CrashExit ? QStringLiteral("signal") : QStringLiteral("exit"))
                                    .arg(outcome.exitCode)
                                    .arg(outcome.preflightRefused ? QStringLiteral("refused") : QStringLiteral("passed"),
                                         QString::fromUtf8(outcome.err.right(400)).simplified()));
            }
        }
        QStringList summary;
        for (auto it = codes.cbegin(); it != codes.cend(); ++it)
            summary.append(QStringLiteral("exit %1: %2").arg(it.key()).arg(it.value()));
        qInfo("%zu mutants (%d the same file as another), %d refused by the preflight, %d run as camchat ask, "
              "%d of them stopped by the probe, in %.1f s; %s", mutants.size(), duplicates, refused, processes, caughtByProbe, double(clock.elapsed()) / 1000.0, qPrintable(summary.join(QLatin1String(", "))));
        qInfo("stopped by the probe:\n%s", qPrintable(caught.join(QLatin1Char('\n'))));
        QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("%1 mutants:\n").arg(failures.size()) + failures.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestGgufMutation)
#include "test_ggufmutation.moc"
