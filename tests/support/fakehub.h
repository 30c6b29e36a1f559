#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace camchat::test {

// The loopback hub the download tests start (tests/fakes/fakehub.cpp, camchat_fakehub):
// it serves the files of `dir` as the repository `repo` on 127.0.0.1, its CDN on a second
// port. set() changes a switch ("drop 1000", "corrupt 1", "ignore-range 1", "token T",
// "rate 200000") and waits until it is applied. The server ends when this object does
// (its stdin closes; killed by its PID if it hangs).
class FakeHub
{
public:
    FakeHub(const QString &dir, const QString &repo, const QStringList &extraArguments = {});
    ~FakeHub();
    FakeHub(const FakeHub &) = delete;
    FakeHub &operator=(const FakeHub &) = delete;

    bool isRunning() const { return m_hubPort != 0; }
    QString endpoint() const;      // http://127.0.0.1:HUBPORT
    int hubPort() const { return m_hubPort; }
    int cdnPort() const { return m_cdnPort; }
    bool set(const QString &command);
    // The request log: "SERVER METHOD PATH range=... if-range=... auth=yes|no" per line.
    QStringList log() const;
    void clearLog();

private:
    std::unique_ptr<QProcess> m_process;
    QString m_logPath;
    int m_hubPort = 0;
    int m_cdnPort = 0;
};

// A user profile of the tiny fixture model whose "source" is `repo` on the hub (files by
// their fixture names), for `camchat models pull`.
QJsonObject tinyDownloadProfile(const QString &id, const QString &repo);

// Copies the tiny fixture model's two GGUF files into `dir` (what the fake hub serves),
// under their own names or the names given (e.g. a built-in profile's, so a test can pull
// "smolvlm-500m-cpu" from a fake "ggml-org/SmolVLM-500M-Instruct-GGUF").
bool copyTinyModelFiles(const QString &dir, const QString &modelName = QStringLiteral("tiny-idefics3.gguf"),
                        const QString &mmprojName = QStringLiteral("tiny-idefics3-mmproj.gguf"));

} // namespace camchat::test
