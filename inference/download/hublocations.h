#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace camchat::inference {

// Where the hub is and where other programs keep the files they downloaded from it,
// read from the environment each time (tests and users change it between runs).
namespace hub {

// $MODEL_ENDPOINT, else $HF_ENDPOINT, else https://huggingface.co; without a trailing "/".
QString endpoint();
// $HF_TOKEN (empty when unset): sent only to the endpoint's origin.
QByteArray token();
// {endpoint}/{repo}/resolve/{revision}/{name}
QUrl resolveUrl(const QString &repo, const QString &revision, const QString &name);
// {endpoint}/api/models/{repo}/tree/{revision}[/{folder}]
QUrl treeUrl(const QString &repo, const QString &revision, const QString &folder);

// Same scheme, host and port (the port defaulted from the scheme).
bool sameOrigin(const QUrl &a, const QUrl &b);

// llama.cpp's cache: $LLAMA_CACHE, else $XDG_CACHE_HOME/llama.cpp, else ~/.cache/llama.cpp.
QString llamaCacheDir();
// The hub cache: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub.
QString hubCacheDir();
// Files that may hold `repo`'s `name` already, most likely first: llama.cpp's flat
// {owner}_{repo}_{name} ("/" -> "_"), then every hub snapshot's {name}. Only existing
// regular files (after following links).
QStringList cachedCandidates(const QString &repo, const QString &name);
// `path` (after following links) lies inside one of the two caches: never ours to delete.
bool isInForeignCache(const QString &path);

} // namespace hub

// What camchat remembers about files it hashed in other programs' caches, so a 500 MB
// file is hashed once, not on every start: the sha256 keyed by canonical path, size and
// modification time, in $XDG_CACHE_HOME/camchat/verified-files.json. Main thread only.
class VerifiedFiles
{
public:
    // The remembered sha256 of `path` if its size and mtime are unchanged; else "".
    static QString lookup(const QString &path);
    static void remember(const QString &path, const QString &sha256);
    static QString storePath();
};

} // namespace camchat::inference
