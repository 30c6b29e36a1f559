#pragma once

#include <QWidget>

class QPushButton;

namespace camchat::session {
class ModelCatalog;
struct AskState;
}

namespace camchat::ui {

class ModelPicker;
class PromptEdit;

// The question side of the main window: preset questions, the prompt box, the model
// picker, Stop and Ask. The window decides when Stop is enabled; Ask shows the session's
// AskState. GUI thread.
class PromptArea : public QWidget
{
    Q_OBJECT

public:
    explicit PromptArea(session::ModelCatalog *models, QWidget *parent = nullptr);

    PromptEdit *edit() const { return m_prompt; }
    QPushButton *askButton() const { return m_askButton; }
    QPushButton *stopButton() const { return m_stopButton; }
    ModelPicker *modelPicker() const { return m_modelPicker; }

    // Enables Ask when the question can be asked; its tool tip says why not, or what
    // asking would do.
    void showAskState(const session::AskState &state);

    // Replaces the prompt with `question`; one Ctrl+Z brings a draft back.
    void usePreset(const QString &question);

Q_SIGNALS:
    // usePreset() replaced text the user had typed.
    void draftReplaced();

private:
    static QString askToolTip(const session::AskState &state);

    PromptEdit *m_prompt = nullptr;
    QPushButton *m_askButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    ModelPicker *m_modelPicker = nullptr;
};

} // namespace camchat::ui
