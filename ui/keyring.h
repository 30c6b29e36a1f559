#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

namespace camchat::ui {

// The model server's API key in the desktop keyring (QtKeychain: the Secret Service or
// KWallet), one entry per endpoint, and in this process's memory
// (inference::remotekeys), where the backend reads it. Where no keyring runs the key stays
// in memory for this session only; it is never written anywhere else (no insecure
// fallback to a settings file). GUI thread; every call answers by a signal.
class Keyring : public QObject
{
    Q_OBJECT

public:
    explicit Keyring(QObject *parent = nullptr);

    // Takes `key` for `endpoint` into memory at once, then into the keyring; stored()
    // follows. An empty key removes it from both, without a signal.
    void store(const QString &endpoint, const QByteArray &key);
    // Reads the key for `endpoint` from the keyring into memory; loaded() follows.
    void load(const QString &endpoint);

Q_SIGNALS:
    // `inKeyring`: it will be there next time; else it lasts until camchat quits, and
    // `detail` says why (no keyring running, access refused).
    void stored(bool inKeyring, const QString &detail);
    void loaded(bool found);

private:
    static QString entryName(const QString &endpoint);
};

} // namespace camchat::ui
