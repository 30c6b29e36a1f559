#pragma once

#include <QFrame>

class QComboBox;
class QLabel;
class QToolButton;

namespace camchat::ui {

class NpuFallback;

// The bar above the main window's picture and conversation that says what went wrong: a
// sentence, the technical detail behind "Show details", a dismiss button, and room for
// the "Use <CPU model> instead" offer (NpuFallback), which a new message withdraws.
// Hidden until there is something to say. GUI thread.
class ErrorBar : public QFrame
{
    Q_OBJECT

public:
    // `modelPicker` is what the NPU fallback switches when its offer is taken.
    explicit ErrorBar(QComboBox *modelPicker, QWidget *parent = nullptr);

    void showError(const QString &message, const QString &detail);
    void hideError();
    NpuFallback *npuFallback() const { return m_npuFallback; }

private:
    QLabel *m_message = nullptr;
    QLabel *m_details = nullptr;
    QToolButton *m_detailsButton = nullptr;
    NpuFallback *m_npuFallback = nullptr;
};

} // namespace camchat::ui
