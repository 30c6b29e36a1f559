// The Rockchip ABI headers (their static_asserts are the layout check) and the fake
// runtimes built from them: every declared symbol is exported, and the fakes behave the
// way the rk backend's tests rely on.

#include "fakecontrol.h"
#include "inference/rk/rkllmabi.h"
#include "inference/rk/rknnabi.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <dlfcn.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace camchat::inference::rk;

namespace {

class Library
{
public:
    explicit Library(const QString &path)
        : m_handle(dlopen(QFile::encodeName(path).constData(), RTLD_NOW | RTLD_LOCAL))
    {
        if (!m_handle)
            qWarning("dlopen: %s", dlerror());
    }
    ~Library()
    {
        if (m_handle)
            dlclose(m_handle);
    }
    Library(const Library &) = delete;
    Library &operator=(const Library &) = delete;

    bool isLoaded() const { return m_handle != nullptr; }
    void *symbol(const char *name) const { return m_handle ? dlsym(m_handle, name) : nullptr; }
    template<typename Fn>
    Fn get(const char *name) const
    {
        return reinterpret_cast<Fn>(symbol(name));
    }

private:
    void *m_handle;
};

QString libDir(bool v13)
{
    return QString::fromUtf8(v13 ? CAMCHAT_FAKE_RK13_LIB_DIR : CAMCHAT_FAKE_RK_LIB_DIR);
}

struct Collected {
    std::vector<LLMCallState> states;
    std::vector<bool> textIsNull;
    std::string text; // NORMAL pieces
    std::string errorText;
    RKLLMPerfStat perf{};
    std::atomic<int> normalCount{0};
};

int collect(RKLLMResult *result, void *userdata, LLMCallState state)
{
    auto *c = static_cast<Collected *>(userdata);
    c->states.push_back(state);
    c->textIsNull.push_back(result->text == nullptr);
    if (state == LLMCallState::Normal && result->text) {
        c->text += result->text;
        ++c->normalCount;
    } else if (state == LLMCallState::Error && result->text) {
        c->errorText = result->text;
    } else if (state == LLMCallState::Finish) {
        c->perf = result->perf;
    }
    return kRkllmCallbackContinue;
}

int countState(const Collected &c, LLMCallState state)
{
    int n = 0;
    for (LLMCallState s : c.states)
        n += s == state ? 1 : 0;
    return n;
}

} // namespace

class TestRkAbi : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Library> m_rknn;
    std::unique_ptr<Library> m_rkllm;

    QString writeFile(const QString &name, const QByteArray &content)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(content);
        return path;
    }

    QString vlmModel()
    {
        return writeFile(QStringLiteral("vlm.rkllm"),
                         "camchat-fake-rkllm 1\nimage_tokens=2\nembed_width=6\nimage_width=8\n"
                         "image_height=4\nimg_start=<s>\nimg_end=</s>\nimg_content=<c>\n");
    }

    int violations() const
    {
        return m_rknn->get<CamchatFakeViolationsFn>("camchat_fake_violations")();
    }
    QByteArray lastViolation() const
    {
        return m_rknn->get<CamchatFakeLastViolationFn>("camchat_fake_last_violation")();
    }
    long counter(const char *name) const
    {
        return m_rknn->get<CamchatFakeCounterFn>("camchat_fake_counter")(name);
    }

    RkllmHandle initVlm(Collected *, int baseDomain = kRkllmMultimodalBaseDomainId)
    {
        RKLLMParam param = m_rkllm->get<RkllmCreateDefaultParamFn>(kRkllmCreateDefaultParamName)();
        const QByteArray path = QFile::encodeName(vlmModel());
        param.model_path = path.constData();
        param.max_context_len = 256;
        param.max_new_tokens = 32;
        param.img_start = "<s>";
        param.img_end = "</s>";
        param.img_content = "<c>";
        param.extend_param.base_domain_id = baseDomain;
        RkllmHandle handle = nullptr;
        const int rc = m_rkllm->get<RkllmInitFn>(kRkllmInitName)(&handle, &param, collect);
        return rc == 0 ? handle : nullptr;
    }

    int runVlm(RkllmHandle handle, Collected *c, std::vector<float> *embed, const char *prompt,
               int keepHistory = 1)
    {
        std::string text = prompt;
        RKLLMInput input{};
        if (embed) {
            input.input_type = RKLLMInputType::MultiModal;
            input.multimodal_input.prompt = text.data();
            input.multimodal_input.image_embed = embed->data();
            input.multimodal_input.n_image_tokens = 2;
            input.multimodal_input.n_image = 1;
            input.multimodal_input.image_width = 8;
            input.multimodal_input.image_height = 4;
        } else {
            input.input_type = RKLLMInputType::Prompt;
            input.prompt_input = text.c_str();
        }
        input.role = "user";
        RKLLMInferParam infer{};
        infer.mode = RKLLMInferMode::Generate;
        infer.keep_history = keepHistory;
        return m_rkllm->get<RkllmRunFn>(kRkllmRunName)(handle, &input, &infer, c);
    }

    void destroy(RkllmHandle handle)
    {
        QCOMPARE(m_rkllm->get<RkllmDestroyFn>(kRkllmDestroyName)(handle), 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_rknn = std::make_unique<Library>(libDir(false) + QStringLiteral("/librknnrt.so"));
        m_rkllm = std::make_unique<Library>(libDir(false) + QStringLiteral("/librkllmrt.so"));
        QVERIFY(m_rknn->isLoaded());
        QVERIFY(m_rkllm->isLoaded());
    }

    void init()
    {
        for (const char *name : {"CAMCHAT_FAKE_RKLLM_FAIL_INIT", "CAMCHAT_FAKE_RKLLM_ERROR_AFTER",
                                 "CAMCHAT_FAKE_RKLLM_TOKEN_DELAY_MS", "CAMCHAT_FAKE_RKLLM_TOKENS",
                                 "CAMCHAT_FAKE_RKNN_RUN_MS"})
            qunsetenv(name);
        m_rknn->get<CamchatFakeResetFn>("camchat_fake_reset")();
    }

    void exportsEveryDeclaredSymbol_data()
    {
        QTest::addColumn<bool>("v13");
        QTest::newRow("1.2.3") << false;
        QTest::newRow("1.3.0") << true;
    }

    void exportsEveryDeclaredSymbol()
    {
        QFETCH(bool, v13);
        const Library rknn(libDir(v13) + QStringLiteral("/librknnrt.so"));
        const Library rkllm(libDir(v13) + QStringLiteral("/librkllmrt.so"));
        QVERIFY(rknn.isLoaded());
        QVERIFY(rkllm.isLoaded());
        for (const char *name : kRknnSymbolNames)
            QVERIFY2(rknn.symbol(name), name);
        for (const char *name : kRkllmSymbolNames)
            QVERIFY2(rkllm.symbol(name), name);
        for (const Library *lib : {&rknn, &rkllm}) {
            for (const char *name : {"camchat_fake_violations", "camchat_fake_last_violation",
                                     "camchat_fake_reset", "camchat_fake_counter",
                                     "camchat_fake_last_value"})
                QVERIFY2(lib->symbol(name), name);
        }
        // Nothing of the other runtime leaks into a library.
        QVERIFY(!rknn.symbol(kRkllmInitName));
        QVERIFY(!rkllm.symbol(kRknnInitName));
    }

    void embedsVersionString_data()
    {
        QTest::addColumn<bool>("v13");
        QTest::addColumn<QByteArray>("version");
        QTest::newRow("1.2.3") << false << QByteArray("rkllm-runtime version: 1.2.3");
        QTest::newRow("1.3.0") << true << QByteArray("rkllm-runtime version: 1.3.0");
    }

    void embedsVersionString()
    {
        QFETCH(bool, v13);
        QFETCH(QByteArray, version);
        QFile file(libDir(v13) + QStringLiteral("/librkllmrt.so"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.contains(version));
        QVERIFY(bytes.contains(kRkllmVersionPrefix));
    }

    void rknnEncodesImage()
    {
        const QByteArray path = QFile::encodeName(writeFile(
            QStringLiteral("enc.rknn"),
            "camchat-fake-rknn 1\ninput_width=8\ninput_height=4\noutput_tokens=2\n"
            "output_width=6\n"));
        RknnContext ctx = 0;
        QCOMPARE(m_rknn->get<RknnInitFn>(kRknnInitName)(&ctx, const_cast<char *>(path.constData()),
                                                       0, 0, nullptr),
                 kRknnSucc);
        QVERIFY(ctx != 0);
        const auto query = m_rknn->get<RknnQueryFn>(kRknnQueryName);
        RknnInputOutputNum num{};
        QCOMPARE(query(ctx, RknnQueryCmd::InOutNum, &num, sizeof num), kRknnSucc);
        QCOMPARE(num.n_input, 1u);
        QCOMPARE(num.n_output, 1u);
        RknnTensorAttr in{};
        QCOMPARE(query(ctx, RknnQueryCmd::InputAttr, &in, sizeof in), kRknnSucc);
        QCOMPARE(in.n_dims, 4u);
        QCOMPARE(in.dims[1], 4u);
        QCOMPARE(in.dims[2], 8u);
        QCOMPARE(in.dims[3], 3u);
        QCOMPARE(in.type, RknnTensorType::Uint8);
        QCOMPARE(in.fmt, RknnTensorFormat::Nhwc);
        RknnTensorAttr out{};
        QCOMPARE(query(ctx, RknnQueryCmd::OutputAttr, &out, sizeof out), kRknnSucc);
        QCOMPARE(out.n_dims, 3u);
        QCOMPARE(out.dims[1], 2u);
        QCOMPARE(out.dims[2], 6u);
        QCOMPARE(m_rknn->get<RknnSetCoreMaskFn>(kRknnSetCoreMaskName)(ctx, RknnCoreMask::Core012),
                 kRknnSucc);
        QCOMPARE(counter("rknn_core_mask"), 7L);

        const auto setInputs = m_rknn->get<RknnInputsSetFn>(kRknnInputsSetName);
        std::vector<std::uint8_t> pixels(8 * 4 * 3, 200);
        RknnInput input{};
        input.buf = pixels.data();
        input.size = 8 * 4 * 3 - 1; // one byte short
        input.type = RknnTensorType::Uint8;
        input.fmt = RknnTensorFormat::Nhwc;
        QCOMPARE(setInputs(ctx, 1, &input), kRknnErrInputInvalid);
        QCOMPARE(violations(), 1);

        auto encode = [&](std::uint8_t value) {
            std::fill(pixels.begin(), pixels.end(), value);
            input.size = static_cast<std::uint32_t>(pixels.size());
            std::vector<float> result;
            if (setInputs(ctx, 1, &input) != kRknnSucc
                || m_rknn->get<RknnRunFn>(kRknnRunName)(ctx, nullptr) != kRknnSucc)
                return result;
            RknnOutput output{};
            output.want_float = 1;
            if (m_rknn->get<RknnOutputsGetFn>(kRknnOutputsGetName)(ctx, 1, &output, nullptr)
                != kRknnSucc)
                return result;
            const auto *values = static_cast<const float *>(output.buf);
            result.assign(values, values + output.size / sizeof(float));
            m_rknn->get<RknnOutputsReleaseFn>(kRknnOutputsReleaseName)(ctx, 1, &output);
            return result;
        };
        const std::vector<float> bright = encode(200);
        const std::vector<float> dark = encode(10);
        QCOMPARE(bright.size(), size_t(12));
        QCOMPARE(dark.size(), size_t(12));
        QVERIFY(bright != dark);
        QCOMPARE(encode(200), bright);
        QCOMPARE(counter("rknn_outputs_held"), 0L);
        QCOMPARE(m_rknn->get<RknnDestroyFn>(kRknnDestroyName)(ctx), kRknnSucc);
        QCOMPARE(violations(), 1);
        QCOMPARE(m_rknn->get<RknnDestroyFn>(kRknnDestroyName)(ctx), kRknnErrCtxInvalid);
        QCOMPARE(violations(), 2);
    }

    void rkllmStreamsAndKeepsHistory()
    {
        Collected first;
        RkllmHandle handle = initVlm(&first);
        QVERIFY(handle);
        QCOMPARE(QByteArray(m_rknn->get<CamchatFakeLastValueFn>("camchat_fake_last_value")(
                     "rkllm_img_start")),
                 QByteArray("<s>"));
        std::vector<float> imageA(12, 0.25f);
        QCOMPARE(runVlm(handle, &first, &imageA, "<image>What is this?"), 0);
        QCOMPARE(violations(), 0);
        QCOMPARE(first.states.back(), LLMCallState::Finish);
        QCOMPARE(countState(first, LLMCallState::Finish), 1);
        QCOMPARE(countState(first, LLMCallState::Waiting), 1);
        QCOMPARE(first.perf.generate_tokens, 8);
        QVERIFY(first.perf.prefill_tokens > 2);
        // Whole only once joined: é after WAITING, the emoji split across two tokens.
        const QString answer = QString::fromUtf8(first.text);
        QVERIFY2(answer.contains(QStringLiteral(" caf\u00e9 \U0001F642")), first.text.c_str());
        QVERIFY(answer.startsWith(QStringLiteral("[img:")));
        QVERIFY(answer.contains(QStringLiteral("turn1")));

        Collected followUp;
        QCOMPARE(runVlm(handle, &followUp, nullptr, "And the colour?"), 0);
        QCOMPARE(followUp.text.substr(0, 14), first.text.substr(0, 14));
        QVERIFY(followUp.text.find("turn2") != std::string::npos);

        // A new image without clearing the cache: the answer is about the old one.
        Collected stale;
        std::vector<float> imageB(12, -0.25f);
        QCOMPARE(runVlm(handle, &stale, &imageB, "<image>And now?"), 0);
        QCOMPARE(violations(), 1);
        QCOMPARE(counter("old_image_answers"), 1L);
        QCOMPARE(stale.text.substr(0, 14), first.text.substr(0, 14));

        QCOMPARE(m_rkllm->get<RkllmClearKvCacheFn>(kRkllmClearKvCacheName)(handle, 0, nullptr,
                                                                           nullptr),
                 0);
        Collected fresh;
        QCOMPARE(runVlm(handle, &fresh, &imageB, "<image>And now?"), 0);
        QVERIFY(fresh.text.substr(0, 14) != first.text.substr(0, 14));
        QVERIFY(fresh.text.find("turn1") != std::string::npos);
        QCOMPARE(violations(), 1);
        destroy(handle);
        QCOMPARE(counter("live_rkllm_handles"), 0L);
    }

    void rkllmChecksMultimodalUse()
    {
        Collected c;
        QVERIFY(!initVlm(&c, 0)); // base_domain_id must be 1 for a VLM
        QCOMPARE(violations(), 1);

        RkllmHandle handle = initVlm(&c);
        QVERIFY(handle);
        std::vector<float> image(12, 0.5f);
        QCOMPARE(runVlm(handle, &c, &image, "<image><image>Two?"), -1);
        QCOMPARE(violations(), 2);
        QVERIFY(lastViolation().contains("<image>"));
        QCOMPARE(runVlm(handle, &c, &image, "No tag"), -1);
        QCOMPARE(violations(), 3);
        destroy(handle);
    }

    void rkllmFailsLikeAnOldDriver()
    {
        Collected c;
        RkllmHandle handle = initVlm(&c);
        QVERIFY(handle);
        qputenv("CAMCHAT_FAKE_RKLLM_ERROR_AFTER", "2");
        std::vector<float> image(12, 0.5f);
        QCOMPARE(runVlm(handle, &c, &image, "<image>Hi"), -1);
        QCOMPARE(c.normalCount.load(), 2);
        QCOMPARE(c.states.back(), LLMCallState::Error);
        QCOMPARE(c.errorText, std::string("matmul(w8a8) run failed"));
        QCOMPARE(countState(c, LLMCallState::Finish), 0);
        destroy(handle);

        qputenv("CAMCHAT_FAKE_RKLLM_FAIL_INIT", "1");
        QVERIFY(!initVlm(&c));
        QCOMPARE(violations(), 0);
    }

    void rkllmTokenCountAndAbort()
    {
        qputenv("CAMCHAT_FAKE_RKLLM_TOKENS", "3");
        Collected c;
        RkllmHandle handle = initVlm(&c);
        QVERIFY(handle);
        QCOMPARE(runVlm(handle, &c, nullptr, "Hello"), 0);
        QCOMPARE(c.normalCount.load(), 3);
        QCOMPARE(c.text.substr(0, 7), std::string("[noimg]"));

        // Abort from another thread stops the stream early, then FINISH arrives.
        qputenv("CAMCHAT_FAKE_RKLLM_TOKENS", "50");
        qputenv("CAMCHAT_FAKE_RKLLM_TOKEN_DELAY_MS", "5");
        Collected aborted;
        std::thread stopper([&] {
            while (aborted.normalCount.load() < 2)
                std::this_thread::yield();
            m_rkllm->get<RkllmAbortFn>(kRkllmAbortName)(handle);
        });
        QCOMPARE(runVlm(handle, &aborted, nullptr, "Go on"), 0);
        stopper.join();
        QVERIFY(aborted.normalCount.load() < 32);
        QCOMPARE(aborted.states.back(), LLMCallState::Finish);
        QCOMPARE(violations(), 0);
        destroy(handle);
    }

    void detectsNpuOverlap()
    {
        const QByteArray path = QFile::encodeName(writeFile(
            QStringLiteral("enc2.rknn"),
            "camchat-fake-rknn 1\ninput_width=8\ninput_height=4\noutput_tokens=2\n"
            "output_width=6\n"));
        RknnContext ctx = 0;
        QCOMPARE(m_rknn->get<RknnInitFn>(kRknnInitName)(&ctx, const_cast<char *>(path.constData()),
                                                       0, 0, nullptr),
                 kRknnSucc);
        std::vector<std::uint8_t> pixels(8 * 4 * 3, 1);
        RknnInput input{};
        input.buf = pixels.data();
        input.size = static_cast<std::uint32_t>(pixels.size());
        input.type = RknnTensorType::Uint8;
        input.fmt = RknnTensorFormat::Nhwc;
        QCOMPARE(m_rknn->get<RknnInputsSetFn>(kRknnInputsSetName)(ctx, 1, &input), kRknnSucc);

        Collected c;
        RkllmHandle handle = initVlm(&c);
        QVERIFY(handle);
        qputenv("CAMCHAT_FAKE_RKLLM_TOKEN_DELAY_MS", "20");
        std::thread llm([&] { runVlm(handle, &c, nullptr, "Talk"); });
        while (c.normalCount.load() < 1)
            std::this_thread::yield();
        m_rknn->get<RknnRunFn>(kRknnRunName)(ctx, nullptr);
        llm.join();
        QCOMPARE(violations(), 1);
        QVERIFY(lastViolation().contains("NPU overlap"));
        destroy(handle);
        QCOMPARE(m_rknn->get<RknnDestroyFn>(kRknnDestroyName)(ctx), kRknnSucc);
    }

    void runtime13RefusesTheOldAbi()
    {
        const Library rkllm13(libDir(true) + QStringLiteral("/librkllmrt.so"));
        QVERIFY(rkllm13.isLoaded());
        RKLLMParam param{};
        RkllmHandle handle = nullptr;
        QCOMPARE(rkllm13.get<RkllmInitFn>(kRkllmInitName)(&handle, &param, collect), -1);
        QVERIFY(!handle);
        QCOMPARE(violations(), 1);
        QVERIFY(lastViolation().contains("1.3.0"));
    }

    void cleanupTestCase()
    {
        QCOMPARE(counter("live_rknn_contexts"), 0L);
        QCOMPARE(counter("live_rkllm_handles"), 0L);
    }
};

QTEST_GUILESS_MAIN(TestRkAbi)
#include "test_rkabi.moc"
