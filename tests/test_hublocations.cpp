// The pieces of the downloads that need no server: the hub endpoint and token from the
// environment, "same origin", where llama.cpp's and the hub's caches are and what in them
// may be a profile's file, the remembered checks, and the per-file lock.
#include "inference/download/downloadlock.h"
#include "inference/download/hublocations.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace camchat::inference;

namespace {

bool write(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestHubLocations : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void init()
    {
        for (const char *name : {"MODEL_ENDPOINT", "HF_ENDPOINT", "HF_TOKEN", "LLAMA_CACHE", "HF_HOME", "HF_HUB_CACHE"})
            qunsetenv(name);
        qputenv("HOME", m_dir.filePath(QStringLiteral("home")).toUtf8());
        qputenv("XDG_CACHE_HOME", m_dir.filePath(QStringLiteral("xdgcache")).toUtf8());
    }

    void endpointAndUrls()
    {
        QCOMPARE(hub::endpoint(), QStringLiteral("https://huggingface.co"));
        qputenv("HF_ENDPOINT", "http://mirror.lan:8080/");
        QCOMPARE(hub::endpoint(), QStringLiteral("http://mirror.lan:8080"));
        QCOMPARE(hub::resolveUrl(QStringLiteral("o/r"), QStringLiteral("main"), QStringLiteral("a/b.gguf")),
                 QUrl(QStringLiteral("http://mirror.lan:8080/o/r/resolve/main/a/b.gguf")));
        QCOMPARE(hub::treeUrl(QStringLiteral("o/r"), QStringLiteral("v2"), QString()),
                 QUrl(QStringLiteral("http://mirror.lan:8080/api/models/o/r/tree/v2")));
        qputenv("MODEL_ENDPOINT", "https://first.example");
        QCOMPARE(hub::endpoint(), QStringLiteral("https://first.example"));
        qputenv("HF_TOKEN", " hf_abc \n");
        QCOMPARE(hub::token(), QByteArray("hf_abc"));
    }

    void originIsSchemeHostAndPort()
    {
        const QUrl hubUrl(QStringLiteral("https://huggingface.co/o/r/resolve/main/x"));
        QVERIFY(hub::sameOrigin(hubUrl, QUrl(QStringLiteral("https://huggingface.co:443/api"))));
        QVERIFY(hub::sameOrigin(hubUrl, QUrl(QStringLiteral("https://HuggingFace.co/"))));
        QVERIFY(!hub::sameOrigin(hubUrl, QUrl(QStringLiteral("http://huggingface.co/"))));
        QVERIFY(!hub::sameOrigin(hubUrl, QUrl(QStringLiteral("https://cdn-lfs.huggingface.co/"))));
        QVERIFY(!hub::sameOrigin(QUrl(QStringLiteral("http://127.0.0.1:4000/")), QUrl(QStringLiteral("http://127.0.0.1:4001/"))));
    }

    void cacheDirectories()
    {
        QCOMPARE(hub::llamaCacheDir(), m_dir.filePath(QStringLiteral("xdgcache/llama.cpp")));
        QCOMPARE(hub::hubCacheDir(), m_dir.filePath(QStringLiteral("xdgcache/huggingface/hub")));
        qunsetenv("XDG_CACHE_HOME");
        QCOMPARE(hub::llamaCacheDir(), m_dir.filePath(QStringLiteral("home/.cache/llama.cpp")));
        QCOMPARE(hub::hubCacheDir(), m_dir.filePath(QStringLiteral("home/.cache/huggingface/hub")));
        qputenv("HF_HOME", "/hf");
        QCOMPARE(hub::hubCacheDir(), QStringLiteral("/hf/hub"));
        qputenv("HF_HUB_CACHE", "/hubcache");
        QCOMPARE(hub::hubCacheDir(), QStringLiteral("/hubcache"));
        qputenv("LLAMA_CACHE", "/llama");
        QCOMPARE(hub::llamaCacheDir(), QStringLiteral("/llama"));
    }

    void candidatesInBothCaches()
    {
        const QString llama = m_dir.filePath(QStringLiteral("xdgcache/llama.cpp"));
        const QString hubRoot = m_dir.filePath(QStringLiteral("xdgcache/huggingface/hub"));
        QVERIFY(write(llama + QStringLiteral("/ggml-org_Smol-GGUF_sub_m.gguf"), "x"));
        QVERIFY(write(hubRoot + QStringLiteral("/models--ggml-org--Smol-GGUF/blobs/abc"), "y"));
        QVERIFY(QDir().mkpath(hubRoot + QStringLiteral("/models--ggml-org--Smol-GGUF/snapshots/c1/sub")));
        QVERIFY(QFile::link(hubRoot + QStringLiteral("/models--ggml-org--Smol-GGUF/blobs/abc"),
                            hubRoot + QStringLiteral("/models--ggml-org--Smol-GGUF/snapshots/c1/sub/m.gguf")));
        // A dangling snapshot link is no candidate.
        QVERIFY(QDir().mkpath(hubRoot + QStringLiteral("/models--ggml-org--Smol-GGUF/snapshots/c2/sub")));
        QVERIFY(QFile::link(hubRoot + QStringLiteral("/gone"),
                            hubRoot + QStringLiteral("/models--ggml-org--Smol-GGUF/snapshots/c2/sub/m.gguf")));
        const QStringList found = hub::cachedCandidates(QStringLiteral("ggml-org/Smol-GGUF"), QStringLiteral("sub/m.gguf"));
        QCOMPARE(found.size(), 2);
        QVERIFY(found.at(0).endsWith(QLatin1String("llama.cpp/ggml-org_Smol-GGUF_sub_m.gguf")));
        QVERIFY(found.at(1).endsWith(QLatin1String("snapshots/c1/sub/m.gguf")));
        QVERIFY(hub::isInForeignCache(found.at(0)));
        QVERIFY(hub::isInForeignCache(found.at(1)));
        QVERIFY(!hub::isInForeignCache(m_dir.filePath(QStringLiteral("home"))));
    }

    void verifiedFilesAreRememberedUntilTheFileChanges()
    {
        const QString file = m_dir.filePath(QStringLiteral("blob"));
        QVERIFY(write(file, "content"));
        QVERIFY(VerifiedFiles::lookup(file).isEmpty());
        VerifiedFiles::remember(file, QStringLiteral("aa"));
        QCOMPARE(VerifiedFiles::lookup(file), QStringLiteral("aa"));
        QVERIFY(VerifiedFiles::storePath().startsWith(m_dir.filePath(QStringLiteral("xdgcache/camchat"))));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(-3600), QFileDevice::FileModificationTime));
        f.close();
        QVERIFY(VerifiedFiles::lookup(file).isEmpty());
    }

    void lockNamesItsHolder()
    {
        const QString path = m_dir.filePath(QStringLiteral("m.gguf.lock"));
        DownloadLock first;
        qint64 holder = -1;
        QString error;
        QVERIFY(first.acquire(path, &holder, &error));
        DownloadLock second;
        QVERIFY(!second.acquire(path, &holder, &error));
        QVERIFY(error.isEmpty());
        QCOMPARE(holder, qint64(::getpid()));
        first.release();
        QVERIFY(!QFileInfo::exists(path));
        QVERIFY(second.acquire(path, &holder, &error));
        QVERIFY(!second.acquire(m_dir.filePath(QStringLiteral("no/such/dir/x.lock")), &holder, &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHubLocations)
#include "test_hublocations.moc"
