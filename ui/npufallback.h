#pragma once

#include "inference/modelprofile.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

class QComboBox;
class QPushButton;
class QWidget;

namespace camchat::ui {

// The "Use <CPU profile> instead" button in the main window's error bar. Clicking it
// chooses the CPU profile in the model picker (as a click in the list would, so the
// choice is remembered and the model loads) and dismisses the bar. GUI thread.
class NpuFallback : public QObject
{
    Q_OBJECT

public:
    // The button is created hidden, as a child of `bar`; the caller puts it in the bar's
    // layout. `picker` lists the profiles by id (Qt::UserRole).
    NpuFallback(QWidget *bar, QComboBox *picker);

    QPushButton *button() const { return m_button; }

    // After `failed` could not load: shows the button when there is a CPU profile to take
    // over (ModelCatalog::fallbackAfter()), hides it otherwise. Returns whether it is offered.
    bool offer(const inference::ModelProfile &failed, const std::optional<inference::ModelProfile> &cpu);
    // Hides the button (another message took over the bar).
    void withdraw();
    // The id of the profile on offer; empty when nothing is.
    QString offeredId() const { return m_offeredId; }

Q_SIGNALS:
    // The user took the offer; emitted after the picker was switched.
    void accepted(const QString &profileId);

private:
    void accept();

    QPointer<QWidget> m_bar;
    QPointer<QComboBox> m_picker;
    QPushButton *m_button = nullptr;
    QString m_offeredId;
};

} // namespace camchat::ui
