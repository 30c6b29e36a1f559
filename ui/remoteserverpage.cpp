#include "remoteserverpage.h"

#include "errortext.h"
#include "keyring.h"

#include "inference/remote/openaiprotocol.h"
#include "inference/remote/remotekeys.h"
#include "session/remoteserver.h"

#include <QBuffer>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace camchat::ui {

namespace {

// What Test connection shows the model: a small grey square, as a JPEG.
QByteArray probeJpeg()
{
    QImage image(32, 32, QImage::Format_RGB32);
    image.fill(QColor(128, 128, 128));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 80);
    return bytes;
}

} // namespace

RemoteServerPage::RemoteServerPage(Keyring *keyring, QWidget *parent)
    : QWidget(parent)
    , m_keyring(keyring)
    , m_check(new inference::ServerCheck(this))
{
    auto *server = new QGroupBox(tr("Model server"), this);
    auto *form = new QFormLayout(server);
    m_endpoint = new QLineEdit(server);
    m_endpoint->setObjectName(QStringLiteral("remoteEndpoint"));
    m_endpoint->setPlaceholderText(QStringLiteral("http://gpu-box:8000/v1"));
    m_endpoint->setClearButtonEnabled(true);
    m_endpoint->setToolTip(tr("The API address of an OpenAI-compatible server: llama-server, vLLM, Ollama "
                              "(…:11434/v1) or LM Studio (…:1234/v1). Empty: no server."));
    form->addRow(tr("&Address:"), m_endpoint);

    m_model = new QComboBox(server);
    m_model->setObjectName(QStringLiteral("remoteModel"));
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->lineEdit()->setPlaceholderText(tr("The first model the server lists"));
    m_model->setToolTip(tr("Test connection fills this list with the server's models."));
    form->addRow(tr("&Model:"), m_model);

    m_key = new QLineEdit(server);
    m_key->setObjectName(QStringLiteral("remoteKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("None"));
    m_key->setClearButtonEnabled(true);
    m_key->setToolTip(tr("Kept in the desktop keyring, never in camchat's settings. Without a keyring it "
                         "lasts until camchat quits."));
    form->addRow(tr("API &key:"), m_key);

    m_test = new QPushButton(tr("&Test connection"), server);
    m_test->setObjectName(QStringLiteral("remoteTest"));
    connect(m_test, &QPushButton::clicked, this, &RemoteServerPage::testConnection);
    m_result = new QLabel(server);
    m_result->setObjectName(QStringLiteral("remoteResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test, 0, Qt::AlignTop);
    testRow->addWidget(m_result, 1);
    form->addRow(QString(), testRow);

    auto *note = new QLabel(tr("The server appears in the model picker. Pictures go to it as JPEG; the "
                               "conversation stays in this window."),
                            this);
    note->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(server);
    layout->addWidget(note);
    layout->addStretch();

    const session::RemoteServerSettings saved = session::remoteServerFromSettings();
    m_savedEndpoint = saved.endpoint;
    m_savedModel = saved.model;
    m_savedKey = inference::remotekeys::get(saved.endpoint);
    m_endpoint->setText(saved.endpoint);
    m_model->setEditText(saved.model);
    m_key->setText(QString::fromUtf8(m_savedKey));

    connect(m_check, &inference::ServerCheck::modelsListed, this, &RemoteServerPage::onModelsListed);
    connect(m_check, &inference::ServerCheck::finished, this, &RemoteServerPage::onChecked);
    connect(m_endpoint, &QLineEdit::textChanged, this, &RemoteServerPage::updateTestEnabled);
    updateTestEnabled();
}

void RemoteServerPage::updateTestEnabled()
{
    m_test->setEnabled(!m_endpoint->text().trimmed().isEmpty());
}

void RemoteServerPage::testConnection()
{
    const QString endpoint = m_endpoint->text().trimmed();
    if (endpoint.isEmpty())
        return;
    m_test->setEnabled(false);
    m_result->setText(tr("Asking %1…").arg(inference::openai::hostAndPort(QUrl(endpoint))));
    m_check->check(endpoint, m_model->currentText(), m_key->text().trimmed().toUtf8(), probeJpeg());
}

void RemoteServerPage::onModelsListed(const QStringList &models)
{
    const QString typed = m_model->currentText();
    m_model->clear();
    m_model->addItems(models);
    m_model->setEditText(typed);
}

void RemoteServerPage::onChecked(const inference::ServerCheckResult &result)
{
    updateTestEnabled();
    if (result.error) {
        m_result->setText(describeInferenceError(result.error));
        m_result->setToolTip(result.error.detail);
    } else {
        QString text = tr("Answered in %n ms.", nullptr, int(result.roundTripMs));
        if (result.model.isEmpty())
            text += QLatin1Char(' ') + tr("It lists no models.");
        else if (result.seesImages == true)
            text += QLatin1Char(' ') + tr("%1 accepts images.").arg(result.model);
        else if (result.seesImages == false)
            text += QLatin1Char(' ') + tr("%1 does not accept images: it cannot answer about pictures.").arg(result.model);
        m_result->setText(text);
        m_result->setToolTip({});
    }
    Q_EMIT checked(result);
}

bool RemoteServerPage::hasValidEndpoint() const
{
    const QString text = m_endpoint->text().trimmed();
    if (text.isEmpty())
        return true;
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty()
        && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
}

bool RemoteServerPage::apply()
{
    const session::RemoteServerSettings server{m_endpoint->text().trimmed(), m_model->currentText().trimmed()};
    const QByteArray key = server.endpoint.isEmpty() ? QByteArray() : m_key->text().trimmed().toUtf8();
    const bool serverChanged = server.endpoint != m_savedEndpoint || server.model != m_savedModel;
    const bool keyChanged = key != m_savedKey || (serverChanged && !key.isEmpty());
    session::saveRemoteServer(server);
    if (serverChanged && !m_savedEndpoint.isEmpty() && m_savedEndpoint != server.endpoint)
        m_keyring->store(m_savedEndpoint, {}); // the old server's key goes with it
    if (keyChanged && !server.endpoint.isEmpty())
        m_keyring->store(server.endpoint, key);
    return serverChanged || keyChanged;
}

} // namespace camchat::ui
