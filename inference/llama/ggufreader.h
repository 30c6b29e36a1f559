#pragma once

// Reading the keys of one GGUF file for the preflight (private to inference/llama/):
// an open file, typed lookups, and the type rules libmtmd asserts on.

#include "inference/inferenceerror.h"

#include <gguf.h>

#include <QString>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace camchat::inference::preflight {

// The type a key must have: libmtmd reads scalars with gguf_get_val_<type>, which asserts
// on any other type.
struct KeyRule {
    const char *key;
    gguf_type type;
    gguf_type arrayType; // for GGUF_TYPE_ARRAY
    bool required;
};

constexpr gguf_type kNoArray = GGUF_TYPE_COUNT;


struct GgufDeleter {
    void operator()(gguf_context *context) const { gguf_free(context); }
};
using GgufPtr = std::unique_ptr<gguf_context, GgufDeleter>;

inline QString typeName(gguf_type type)
{
    return QString::fromLatin1(gguf_type_name(type));
}

// An open, structurally sound GGUF file and the checks on its keys.
class Reader
{
public:
    Reader(QString path, GgufPtr gguf) : m_path(std::move(path)), m_gguf(std::move(gguf)) {}

    const QString &path() const { return m_path; }

    InferenceError invalid(const QString &what) const
    {
        return {InferenceErrorCode::ModelFileInvalid, m_path + QStringLiteral(": ") + what};
    }

    bool has(const char *key) const { return gguf_find_key(m_gguf.get(), key) >= 0; }

    // Error when a present key has another type than `rule` says, or a required one is missing.
    std::optional<InferenceError> checkRule(const KeyRule &rule, const QString &why = {}) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), rule.key);
        if (id < 0) {
            if (!rule.required)
                return std::nullopt;
            QString what = QStringLiteral("missing key %1").arg(QLatin1String(rule.key));
            if (!why.isEmpty())
                what += QStringLiteral(" (") + why + QLatin1Char(')');
            return invalid(what);
        }
        const gguf_type type = gguf_get_kv_type(m_gguf.get(), id);
        if (type != rule.type) {
            return invalid(QStringLiteral("key %1 has type %2, expected %3")
                               .arg(QLatin1String(rule.key), typeName(type), typeName(rule.type)));
        }
        if (type == GGUF_TYPE_ARRAY) {
            const gguf_type element = gguf_get_arr_type(m_gguf.get(), id);
            if (element != rule.arrayType) {
                return invalid(QStringLiteral("key %1 is an array of %2, expected %3")
                                   .arg(QLatin1String(rule.key), typeName(element), typeName(rule.arrayType)));
            }
        }
        return std::nullopt;
    }

    QString string(const char *key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key);
        if (id < 0 || gguf_get_kv_type(m_gguf.get(), id) != GGUF_TYPE_STRING)
            return {};
        return QString::fromUtf8(gguf_get_val_str(m_gguf.get(), id));
    }

    // Callers have checked the type with checkRule().
    std::uint32_t u32(const char *key, std::uint32_t fallback = 0) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key);
        if (id < 0 || gguf_get_kv_type(m_gguf.get(), id) != GGUF_TYPE_UINT32)
            return fallback;
        return gguf_get_val_u32(m_gguf.get(), id);
    }
    bool boolean(const char *key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key);
        return id >= 0 && gguf_get_kv_type(m_gguf.get(), id) == GGUF_TYPE_BOOL && gguf_get_val_bool(m_gguf.get(), id);
    }
    std::size_t arraySize(const char *key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key);
        if (id < 0 || gguf_get_kv_type(m_gguf.get(), id) != GGUF_TYPE_ARRAY)
            return 0;
        return gguf_get_arr_n(m_gguf.get(), id);
    }

    // An integer of any GGUF integer type (llama.cpp's get_key converts between them).
    std::optional<std::int64_t> integer(const std::string &key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key.c_str());
        if (id < 0)
            return std::nullopt;
        gguf_context *g = m_gguf.get();
        switch (gguf_get_kv_type(g, id)) {
        case GGUF_TYPE_UINT8: return gguf_get_val_u8(g, id);
        case GGUF_TYPE_INT8: return gguf_get_val_i8(g, id);
        case GGUF_TYPE_UINT16: return gguf_get_val_u16(g, id);
        case GGUF_TYPE_INT16: return gguf_get_val_i16(g, id);
        case GGUF_TYPE_UINT32: return gguf_get_val_u32(g, id);
        case GGUF_TYPE_INT32: return gguf_get_val_i32(g, id);
        case GGUF_TYPE_UINT64: return std::int64_t(std::min<std::uint64_t>(gguf_get_val_u64(g, id), INT64_MAX));
        case GGUF_TYPE_INT64: return gguf_get_val_i64(g, id);
        case GGUF_TYPE_BOOL: return gguf_get_val_bool(g, id) ? 1 : 0;
        default: return std::nullopt;
        }
    }
    // The largest value of an integer key that may also be a per-layer array.
    std::optional<std::int64_t> maxInteger(const std::string &key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key.c_str());
        if (id < 0)
            return std::nullopt;
        gguf_context *g = m_gguf.get();
        if (gguf_get_kv_type(g, id) != GGUF_TYPE_ARRAY)
            return integer(key);
        const gguf_type element = gguf_get_arr_type(g, id);
        const void *data = element == GGUF_TYPE_STRING ? nullptr : gguf_get_arr_data(g, id);
        const std::size_t n = gguf_get_arr_n(g, id);
        std::optional<std::int64_t> best;
        for (std::size_t i = 0; data && i < n; ++i) {
            std::int64_t v = 0;
            if (element == GGUF_TYPE_UINT32)
                v = static_cast<const std::uint32_t *>(data)[i];
            else if (element == GGUF_TYPE_INT32)
                v = static_cast<const std::int32_t *>(data)[i];
            else
                return std::nullopt;
            best = best ? std::max(*best, v) : v;
        }
        return best;
    }
    std::optional<double> real(const std::string &key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key.c_str());
        if (id < 0)
            return std::nullopt;
        if (gguf_get_kv_type(m_gguf.get(), id) == GGUF_TYPE_FLOAT32)
            return gguf_get_val_f32(m_gguf.get(), id);
        if (gguf_get_kv_type(m_gguf.get(), id) == GGUF_TYPE_FLOAT64)
            return gguf_get_val_f64(m_gguf.get(), id);
        return std::nullopt;
    }
    QString stringValue(const std::string &key) const { return string(key.c_str()); }
    // The first string that occurs twice in a string array, if any.
    std::optional<QString> duplicateString(const char *key) const
    {
        const std::int64_t id = gguf_find_key(m_gguf.get(), key);
        if (id < 0 || gguf_get_kv_type(m_gguf.get(), id) != GGUF_TYPE_ARRAY
            || gguf_get_arr_type(m_gguf.get(), id) != GGUF_TYPE_STRING)
            return std::nullopt;
        const std::size_t n = gguf_get_arr_n(m_gguf.get(), id);
        std::unordered_set<std::string_view> seen;
        seen.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            const std::string_view token(gguf_get_arr_str(m_gguf.get(), id, i));
            if (!seen.insert(token).second)
                return QString::fromUtf8(token.data(), qsizetype(token.size()));
        }
        return std::nullopt;
    }

    // Shape (ggml order) and type of a tensor, if the file has it.
    struct Tensor {
        std::array<std::int64_t, 4> ne{};
        ggml_type type = GGML_TYPE_F32;
    };
    std::optional<Tensor> tensor(const char *name) const
    {
        const std::int64_t id = gguf_find_tensor(m_gguf.get(), name);
        if (id < 0)
            return std::nullopt;
        Tensor info;
        const std::int64_t *ne = gguf_get_tensor_ne(m_gguf.get(), id);
        std::copy(ne, ne + 4, info.ne.begin());
        info.type = gguf_get_tensor_type(m_gguf.get(), id);
        return info;
    }

    // The data section must hold every tensor: a cut-off download passes the metadata
    // parse but llama.cpp/mtmd would read past the end.
    std::optional<InferenceError> checkDataSize(qint64 fileSize) const
    {
        const std::uint64_t dataOffset = gguf_get_data_offset(m_gguf.get());
        std::uint64_t needed = dataOffset;
        const std::int64_t count = gguf_get_n_tensors(m_gguf.get());
        QString last;
        for (std::int64_t i = 0; i < count; ++i) {
            const std::uint64_t end = dataOffset + gguf_get_tensor_offset(m_gguf.get(), i)
                + gguf_get_tensor_size(m_gguf.get(), i);
            if (end > needed) {
                needed = end;
                last = QString::fromUtf8(gguf_get_tensor_name(m_gguf.get(), i));
            }
        }
        if (needed > std::uint64_t(fileSize)) {
            return invalid(QStringLiteral("truncated: the tensor data needs %1 bytes (up to tensor %2) but the file has %3")
                               .arg(needed).arg(last).arg(fileSize));
        }
        return std::nullopt;
    }

private:
    QString m_path;
    GgufPtr m_gguf;
};

} // namespace camchat::inference::preflight
