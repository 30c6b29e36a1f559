#include "rknnvisionencoder.h"

#include "rkruntime.h"

#include <QFile>
#include <QStringList>

#include <chrono>
#include <cstring>
#include <mutex>

namespace camchat::inference {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t microsecondsSince(Clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

QString dimsText(const rk::RknnTensorAttr &attr)
{
    QStringList dims;
    for (std::uint32_t i = 0; i < attr.n_dims && i < std::uint32_t(rk::kRknnMaxDims); ++i)
        dims << QString::number(attr.dims[i]);
    return QLatin1Char('[') + dims.join(QLatin1Char(',')) + QLatin1Char(']');
}

QString typeName(rk::RknnTensorType type)
{
    switch (type) {
    case rk::RknnTensorType::Float32:
        return QStringLiteral("float32");
    case rk::RknnTensorType::Float16:
        return QStringLiteral("float16");
    case rk::RknnTensorType::Int8:
        return QStringLiteral("int8");
    case rk::RknnTensorType::Uint8:
        return QStringLiteral("uint8");
    }
    return QStringLiteral("type %1").arg(int(type));
}

} // namespace

RknnVisionEncoder::RknnVisionEncoder(std::shared_ptr<const RkRuntime> runtime)
    : m_runtime(std::move(runtime))
{
}

RknnVisionEncoder::~RknnVisionEncoder()
{
    unload();
}

void RknnVisionEncoder::unload()
{
    if (m_context != 0) {
        const std::lock_guard lock(RkRuntime::npuMutex());
        m_runtime->rknn().destroy(m_context);
        m_context = 0;
    }
    m_path.clear();
    m_inputWidth = m_inputHeight = m_tokens = m_embeddingWidth = 0;
    m_warmUpUs = 0;
}

InferenceError RknnVisionEncoder::load(const QString &path, const VisionSpec &spec, int coreMask)
{
    unload();
    const RknnApi &api = m_runtime->rknn();
    QByteArray encodedPath = QFile::encodeName(path);
    {
        const std::lock_guard lock(RkRuntime::npuMutex());
        rk::RknnContext context = 0;
        // Size 0: the runtime reads the model from the path itself.
        const int result = api.init(&context, encodedPath.data(), 0, 0, nullptr);
        if (result != rk::kRknnSucc) {
            return {InferenceErrorCode::ModelLoadFailed,
                    QStringLiteral("%1: rknn_init failed (%2)").arg(path).arg(result)};
        }
        m_context = context;
    }
    m_path = path;
    if (InferenceError error = checkTensors(spec)) {
        unload();
        return error;
    }
    {
        const std::lock_guard lock(RkRuntime::npuMutex());
        const int result = api.setCoreMask(m_context, rk::RknnCoreMask(coreMask));
        if (result != rk::kRknnSucc) {
            unload();
            return {InferenceErrorCode::ModelLoadFailed,
                    QStringLiteral("%1: rknn_set_core_mask(%2) failed (%3)").arg(path).arg(coreMask).arg(result)};
        }
    }

    // The warm-up: a grey picture of the fill colour, the answer thrown away.
    const std::size_t bytes = std::size_t(m_inputWidth) * std::size_t(m_inputHeight) * 3;
    auto pixels = std::make_shared<std::uint8_t[]>(bytes);
    for (std::size_t i = 0; i < bytes; ++i)
        pixels[i] = spec.fill[i % 3];
    std::vector<float> embeddings;
    std::int64_t durationUs = 0;
    if (InferenceError error = encode({m_inputWidth, m_inputHeight, pixels, {}}, embeddings, durationUs)) {
        unload();
        error.code = InferenceErrorCode::ModelLoadFailed;
        error.detail = QStringLiteral("%1: the warm-up run failed: %2").arg(path, error.detail);
        return error;
    }
    m_warmUpUs = durationUs;
    return {};
}

InferenceError RknnVisionEncoder::checkTensors(const VisionSpec &spec)
{
    const RknnApi &api = m_runtime->rknn();
    const std::lock_guard lock(RkRuntime::npuMutex());

    rk::RknnInputOutputNum counts{};
    int result = api.query(m_context, rk::RknnQueryCmd::InOutNum, &counts, sizeof counts);
    if (result != rk::kRknnSucc)
        return {InferenceErrorCode::ModelFileInvalid, QStringLiteral("%1: rknn_query(IN_OUT_NUM) failed (%2)").arg(m_path).arg(result)};
    if (counts.n_input != 1 || counts.n_output < 1) {
        return {InferenceErrorCode::ModelFileInvalid,
                QStringLiteral("%1: a vision encoder has 1 input and at least 1 output; this model has %2 and %3")
                    .arg(m_path).arg(counts.n_input).arg(counts.n_output)};
    }

    rk::RknnTensorAttr input{};
    input.index = 0;
    result = api.query(m_context, rk::RknnQueryCmd::InputAttr, &input, sizeof input);
    if (result != rk::kRknnSucc)
        return {InferenceErrorCode::ModelFileInvalid, QStringLiteral("%1: rknn_query(INPUT_ATTR) failed (%2)").arg(m_path).arg(result)};
    // NHWC: dims are [1, height, width, 3].
    if (input.n_dims != 4 || input.fmt != rk::RknnTensorFormat::Nhwc || input.type != rk::RknnTensorType::Uint8 || input.dims[3] != 3) {
        return {InferenceErrorCode::ModelFileInvalid,
                QStringLiteral("%1: the encoder input is %2 %3 (%4); camchat feeds uint8 NHWC RGB")
                    .arg(m_path, typeName(input.type), dimsText(input),
                         input.fmt == rk::RknnTensorFormat::Nhwc ? QStringLiteral("NHWC") : QStringLiteral("not NHWC"))};
    }
    m_inputHeight = int(input.dims[1]);
    m_inputWidth = int(input.dims[2]);
    if (m_inputWidth != spec.width || m_inputHeight != spec.height) {
        return {InferenceErrorCode::ModelFileInvalid,
                QStringLiteral("%1: the encoder takes %2x%3 images; the profile's vision size is %4x%5")
                    .arg(m_path).arg(m_inputWidth).arg(m_inputHeight).arg(spec.width).arg(spec.height)};
    }

    rk::RknnTensorAttr output{};
    output.index = 0;
    result = api.query(m_context, rk::RknnQueryCmd::OutputAttr, &output, sizeof output);
    if (result != rk::kRknnSucc)
        return {InferenceErrorCode::ModelFileInvalid, QStringLiteral("%1: rknn_query(OUTPUT_ATTR) failed (%2)").arg(m_path).arg(result)};
    // [1, tokens, width] or [tokens, width]: the dims above 1, the last one the width.
    std::vector<std::uint32_t> dims;
    for (std::uint32_t i = 0; i < output.n_dims && i < std::uint32_t(rk::kRknnMaxDims); ++i) {
        if (output.dims[i] > 1)
            dims.push_back(output.dims[i]);
    }
    if (dims.size() < 2 && !dims.empty())
        dims.insert(dims.begin(), 1); // one token
    if (dims.size() != 2) {
        return {InferenceErrorCode::ModelFileInvalid,
                QStringLiteral("%1: the encoder output %2 is not tokens x width").arg(m_path, dimsText(output))};
    }
    m_tokens = int(dims[0]);
    m_embeddingWidth = int(dims[1]);
    if (m_tokens != spec.imageTokens || m_embeddingWidth != spec.embeddingWidth) {
        return {InferenceErrorCode::ModelFileInvalid,
                QStringLiteral("%1: the encoder gives %2 x %3 (image tokens x embedding width); the profile expects %4 x %5")
                    .arg(m_path).arg(m_tokens).arg(m_embeddingWidth).arg(spec.imageTokens).arg(spec.embeddingWidth)};
    }
    return {};
}

InferenceError RknnVisionEncoder::encode(const RgbImage &image, std::vector<float> &embeddings, std::int64_t &durationUs)
{
    if (!isLoaded())
        return {InferenceErrorCode::NotLoaded, QStringLiteral("no vision encoder loaded")};
    if (!image.isValid() || image.width != m_inputWidth || image.height != m_inputHeight) {
        return {InferenceErrorCode::ImageInvalid,
                QStringLiteral("the encoder takes %1x%2 images, got %3x%4")
                    .arg(m_inputWidth).arg(m_inputHeight).arg(image.width).arg(image.height)};
    }
    const RknnApi &api = m_runtime->rknn();
    const std::size_t count = std::size_t(m_tokens) * std::size_t(m_embeddingWidth);

    const std::lock_guard lock(RkRuntime::npuMutex());
    const Clock::time_point start = Clock::now();
    rk::RknnInput input{};
    input.index = 0;
    // The runtime only reads the buffer; its declaration just lacks the const.
    input.buf = const_cast<std::uint8_t *>(image.pixels.get());
    input.size = std::uint32_t(std::size_t(image.width) * std::size_t(image.height) * 3);
    input.pass_through = 0;
    input.type = rk::RknnTensorType::Uint8;
    input.fmt = rk::RknnTensorFormat::Nhwc;
    int result = api.inputsSet(m_context, 1, &input);
    if (result != rk::kRknnSucc)
        return {InferenceErrorCode::ImageEncodeFailed, QStringLiteral("rknn_inputs_set failed (%1)").arg(result)};
    result = api.run(m_context, nullptr);
    if (result != rk::kRknnSucc)
        return {InferenceErrorCode::ImageEncodeFailed, QStringLiteral("rknn_run failed (%1)").arg(result)};
    rk::RknnOutput output{};
    output.want_float = 1;
    output.is_prealloc = 0;
    output.index = 0;
    result = api.outputsGet(m_context, 1, &output, nullptr);
    if (result != rk::kRknnSucc)
        return {InferenceErrorCode::ImageEncodeFailed, QStringLiteral("rknn_outputs_get failed (%1)").arg(result)};
    InferenceError error;
    if (!output.buf || output.size < count * sizeof(float)) {
        error = {InferenceErrorCode::ImageEncodeFailed,
                 QStringLiteral("the encoder returned %1 bytes; %2 x %3 floats need %4")
                     .arg(output.size).arg(m_tokens).arg(m_embeddingWidth).arg(count * sizeof(float))};
    } else {
        embeddings.resize(count);
        std::memcpy(embeddings.data(), output.buf, count * sizeof(float));
    }
    api.outputsRelease(m_context, 1, &output);
    durationUs = microsecondsSince(start);
    return error;
}

} // namespace camchat::inference
