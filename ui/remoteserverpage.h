#pragma once

#include "inference/remote/servercheck.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace camchat::ui {

class Keyring;

// Settings → Remote server: an OpenAI-compatible model server (llama-server, vLLM,
// Ollama, LM Studio) as a model in the picker. Its address, the model (a list filled from
// the server's /models), the API key, and Test connection, which reports the round trip
// and whether the model accepts images. The address and model go to QSettings on OK; the
// key only to the keyring (Keyring), never to a file. GUI thread.
class RemoteServerPage : public QWidget
{
    Q_OBJECT

public:
    // `keyring` outlives the page (it finishes storing after the dialog has closed).
    explicit RemoteServerPage(Keyring *keyring, QWidget *parent = nullptr);

    // The address is empty (no server) or an http:// or https:// URL with a host.
    bool hasValidEndpoint() const;
    // Saves what the user entered (the Settings dialog's OK). True when the server or key changed.
    bool apply();
    // Starts Test connection; checked() follows.
    void testConnection();

Q_SIGNALS:
    void checked(const camchat::inference::ServerCheckResult &result);

private:
    void onModelsListed(const QStringList &models);
    void onChecked(const inference::ServerCheckResult &result);
    void updateTestEnabled();

    Keyring *m_keyring = nullptr;
    inference::ServerCheck *m_check = nullptr;
    QString m_savedEndpoint;
    QString m_savedModel;
    QByteArray m_savedKey;

    QLineEdit *m_endpoint = nullptr;
    QComboBox *m_model = nullptr;
    QLineEdit *m_key = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_result = nullptr;
};

} // namespace camchat::ui
