#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>
#include <utility>

struct gguf_context;

namespace camchat::test {

// Writes a copy of the GGUF file `source` to `target` with its metadata edited by `edit`
// (gguf_set_*, gguf_remove_key, ...): the tensor list stays, and the data section is
// copied byte for byte. `edit` may return pairs of equally long byte strings to replace
// in the written metadata (e.g. a renamed key given back its first name, which gguf_set_*
// cannot do: a key twice). False when the source does not parse or the write fails.
using GgufEdit = std::function<void(gguf_context *gguf)>;
bool rewriteGgufMetadata(const QString &source, const QString &target, const GgufEdit &edit,
                         const QList<std::pair<QByteArray, QByteArray>> &metadataPatches = {});

// Copies the key `id` of `source` into `target` under `name` (same type and value).
void copyGgufKey(gguf_context *target, const gguf_context *source, long long id, const char *name);

} // namespace camchat::test
