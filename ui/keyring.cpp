#include "keyring.h"

#include "inference/remote/remotekeys.h"

#include <qt6keychain/keychain.h>

namespace camchat::ui {

namespace {

const QString kService = QStringLiteral("camchat");

} // namespace

Keyring::Keyring(QObject *parent)
    : QObject(parent)
{
}

QString Keyring::entryName(const QString &endpoint)
{
    return QStringLiteral("model server API key %1").arg(endpoint.trimmed());
}

void Keyring::store(const QString &endpoint, const QByteArray &key)
{
    inference::remotekeys::set(endpoint, key);
    QKeychain::Job *job = nullptr;
    if (key.isEmpty()) {
        job = new QKeychain::DeletePasswordJob(kService, this);
    } else {
        auto *write = new QKeychain::WritePasswordJob(kService, this);
        write->setBinaryData(key);
        job = write;
    }
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(entryName(endpoint));
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *done) {
        if (key.isEmpty())
            return; // removed from memory already; a keyring that is not there holds nothing
        const bool ok = done->error() == QKeychain::NoError;
        Q_EMIT stored(ok, ok ? QString() : done->errorString());
    });
    job->start();
}

void Keyring::load(const QString &endpoint)
{
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(entryName(endpoint));
    connect(job, &QKeychain::Job::finished, this, [this, endpoint](QKeychain::Job *done) {
        const auto *read = static_cast<QKeychain::ReadPasswordJob *>(done);
        const bool found = read->error() == QKeychain::NoError && !read->binaryData().isEmpty();
        // A key typed in this session wins over an older one the keyring still holds.
        if (found && inference::remotekeys::get(endpoint).isEmpty())
            inference::remotekeys::set(endpoint, read->binaryData());
        Q_EMIT loaded(found);
    });
    job->start();
}

} // namespace camchat::ui
