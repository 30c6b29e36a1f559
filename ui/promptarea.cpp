#include "promptarea.h"

#include "modelpicker.h"
#include "promptedit.h"

#include "session/askstate.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTextCursor>
#include <QVBoxLayout>

namespace camchat::ui {

PromptArea::PromptArea(session::ModelCatalog *models, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("promptArea"));

    struct Preset {
        QString label;
        QString question;
        const char *objectName;
    };
    const Preset presets[] = {
        {tr("Describe this image"), tr("Describe this image in detail."), "presetDescribe"},
        {tr("Read all the text"), tr("Read all the text in this image, exactly as written."), "presetReadText"},
        {tr("What is unusual here?"), tr("What is unusual or unexpected in this image?"), "presetUnusual"},
    };
    auto *presetRow = new QHBoxLayout;
    presetRow->setSpacing(6);
    for (const Preset &preset : presets) {
        auto *button = new QPushButton(preset.label, this);
        button->setObjectName(QLatin1String(preset.objectName));
        button->setToolTip(tr("Puts “%1” into the prompt box").arg(preset.question));
        button->setFocusPolicy(Qt::TabFocus);
        connect(button, &QPushButton::clicked, this, [this, question = preset.question] { usePreset(question); });
        presetRow->addWidget(button);
    }
    presetRow->addStretch();

    m_prompt = new PromptEdit(this);
    m_prompt->setObjectName(QStringLiteral("promptEdit"));

    m_stopButton = new QPushButton(QIcon::fromTheme(QStringLiteral("process-stop"),
                                                    style()->standardIcon(QStyle::SP_BrowserStop)),
                                   tr("Stop"), this);
    m_stopButton->setObjectName(QStringLiteral("stopButton"));
    m_stopButton->setEnabled(false); // nothing can run without a model
    m_stopButton->setToolTip(tr("Stop the answer that is being written"));

    m_askButton = new QPushButton(tr("Ask"), this);
    m_askButton->setObjectName(QStringLiteral("askButton"));
    m_askButton->setEnabled(false);
    m_askButton->setToolTip(tr("No model is configured, so there is nothing to ask yet."));
    m_askButton->setMinimumWidth(m_askButton->sizeHint().width() * 3 / 2);

    m_modelPicker = new ModelPicker(models, this);
    auto *modelLabel = new QLabel(tr("&Model:"), this);
    modelLabel->setBuddy(m_modelPicker);

    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(modelLabel);
    buttonRow->addWidget(m_modelPicker);
    buttonRow->addStretch();
    buttonRow->addWidget(m_stopButton);
    buttonRow->addWidget(m_askButton);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 6);
    layout->setSpacing(6);
    layout->addLayout(presetRow);
    layout->addWidget(m_prompt, 1);
    layout->addLayout(buttonRow);
}

void PromptArea::showAskState(const session::AskState &state)
{
    m_askButton->setEnabled(state.canAsk());
    m_askButton->setToolTip(askToolTip(state));
}

QString PromptArea::askToolTip(const session::AskState &state)
{
    using session::AskBlocker;
    using session::AskKind;
    switch (state.blocker) {
    case AskBlocker::Busy:
        return tr("Wait for the answer to finish, or press Stop.");
    case AskBlocker::ModelLoading:
        return tr("The model is still loading.");
    case AskBlocker::NoModelConfigured:
        return tr("No model is configured, so there is nothing to ask yet.");
    case AskBlocker::NoModelChosen:
        return tr("Choose a model first.");
    case AskBlocker::WaitingForLivePicture:
        return tr("Wait for the live picture, or pick another source.");
    case AskBlocker::NoImage:
        return tr("Open, paste or grab an image first.");
    case AskBlocker::NoQuestion:
        return tr("Type a question first.");
    case AskBlocker::None:
        break;
    }
    switch (state.kind) {
    case AskKind::SnapAndAsk:
        return tr("Snap the live picture and ask about it (Enter)");
    case AskKind::NewConversation:
        return tr("Ask about the new image; this starts a new conversation (Enter)");
    case AskKind::AboutImage:
        return tr("Ask about the image (Enter)");
    case AskKind::FollowUp:
        break;
    }
    return tr("Ask a follow-up question about the same image (Enter)");
}

void PromptArea::usePreset(const QString &question)
{
    const bool hadDraft = !m_prompt->toPlainText().trimmed().isEmpty() && m_prompt->toPlainText() != question;
    // One edit block replacing the whole document: a single Ctrl+Z brings the draft back.
    QTextCursor cursor(m_prompt->document());
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.insertText(question);
    cursor.endEditBlock();
    m_prompt->moveCursor(QTextCursor::End);
    m_prompt->setFocus();
    if (hadDraft)
        Q_EMIT draftReplaced();
}

} // namespace camchat::ui
