#pragma once

#include "inference/inferenceerror.h"
#include "inference/modelprofile.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

class QComboBox;
class QPushButton;
class QWidget;

namespace camchat::ui {

// The CPU (llama) profile to offer when `chosen`, an NPU (rk) profile, cannot run: one of
// the same family whose files are all present. Among several, the one whose id shares
// the longest start with `chosen`'s ("smolvlm-256m-npu" -> "smolvlm-256m-cpu" before
// "smolvlm-500m-cpu"), then the smallest id. Nothing for a non-rk or family-less profile.
std::optional<inference::ModelProfile> cpuFallbackFor(const inference::ModelProfile &chosen,
                                                      const QList<inference::ModelProfile> &profiles);

// Whether a CPU model could help after a load failed with `code`: the NPU runtime is
// missing or refused the files. Other codes (a missing file, a bad profile) are the
// user's to fix and a CPU model would only hide them.
bool cpuFallbackHelps(inference::InferenceErrorCode code);

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

    // After `failed` could not load with `error`: shows the button when a CPU sibling can
    // take over, hides it otherwise. Returns whether it is offered.
    bool offer(const inference::ModelProfile &failed, const inference::InferenceError &error,
               const QList<inference::ModelProfile> &profiles);
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
