#include "ggufedit.h"

#include <gguf.h>

#include <QFile>
#include <QList>

#include <vector>

namespace camchat::test {

bool rewriteGgufMetadata(const QString &source, const QString &target, const GgufEdit &edit,
                         const QList<std::pair<QByteArray, QByteArray>> &metadataPatches)
{
    gguf_init_params params{};
    params.no_alloc = true;
    params.ctx = nullptr;
    gguf_context *gguf = gguf_init_from_file(QFile::encodeName(source).constData(), params);
    if (!gguf)
        return false;
    const auto dataOffset = qint64(gguf_get_data_offset(gguf));
    edit(gguf);
    QByteArray meta(qsizetype(gguf_get_meta_size(gguf)), '\0');
    gguf_get_meta_data(gguf, meta.data());
    gguf_free(gguf);
    for (const auto &[from, to] : metadataPatches) {
        const qsizetype at = meta.indexOf(from);
        if (at < 0 || from.size() != to.size())
            return false;
        meta.replace(at, from.size(), to);
    }
    QFile in(source);
    QFile out(target);
    if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly))
        return false;
    in.seek(dataOffset);
    return out.write(meta) == meta.size() && out.write(in.readAll()) >= 0;
}

void copyGgufKey(gguf_context *target, const gguf_context *source, long long id, const char *name)
{
    switch (gguf_get_kv_type(source, id)) {
    case GGUF_TYPE_UINT8: gguf_set_val_u8(target, name, gguf_get_val_u8(source, id)); break;
    case GGUF_TYPE_INT8: gguf_set_val_i8(target, name, gguf_get_val_i8(source, id)); break;
    case GGUF_TYPE_UINT16: gguf_set_val_u16(target, name, gguf_get_val_u16(source, id)); break;
    case GGUF_TYPE_INT16: gguf_set_val_i16(target, name, gguf_get_val_i16(source, id)); break;
    case GGUF_TYPE_UINT32: gguf_set_val_u32(target, name, gguf_get_val_u32(source, id)); break;
    case GGUF_TYPE_INT32: gguf_set_val_i32(target, name, gguf_get_val_i32(source, id)); break;
    case GGUF_TYPE_FLOAT32: gguf_set_val_f32(target, name, gguf_get_val_f32(source, id)); break;
    case GGUF_TYPE_UINT64: gguf_set_val_u64(target, name, gguf_get_val_u64(source, id)); break;
    case GGUF_TYPE_INT64: gguf_set_val_i64(target, name, gguf_get_val_i64(source, id)); break;
    case GGUF_TYPE_FLOAT64: gguf_set_val_f64(target, name, gguf_get_val_f64(source, id)); break;
    case GGUF_TYPE_BOOL: gguf_set_val_bool(target, name, gguf_get_val_bool(source, id)); break;
    case GGUF_TYPE_STRING: gguf_set_val_str(target, name, gguf_get_val_str(source, id)); break;
    case GGUF_TYPE_ARRAY: {
        const gguf_type element = gguf_get_arr_type(source, id);
        const std::size_t n = gguf_get_arr_n(source, id);
        if (element == GGUF_TYPE_STRING) {
            std::vector<const char *> strings(n);
            for (std::size_t i = 0; i < n; ++i)
                strings[i] = gguf_get_arr_str(source, id, i);
            gguf_set_arr_str(target, name, strings.data(), n);
        } else {
            gguf_set_arr_data(target, name, element, gguf_get_arr_data(source, id), n);
        }
        break;
    }
    case GGUF_TYPE_COUNT: break;
    }
}

} // namespace camchat::test
