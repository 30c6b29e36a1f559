#pragma once

#include "inference/stagetimings.h"

#include <QWidget>

#include <array>
#include <optional>

class QLabel;
class QProgressBar;

namespace camchat::ui {

// Shows how long each pipeline stage of the last request took, with a bar for each
// stage's share of the total.
class LatencyPanel : public QWidget
{
    Q_OBJECT

public:
    explicit LatencyPanel(QWidget *parent = nullptr);

    // Shows `timings`; stages without a duration show "—". Ends any running indicator:
    // call setStageRunning() afterwards for the stage now under way.
    void setTimings(const inference::StageTimings &timings);
    // Marks `stage` as under way. Call clear() first when a new request starts.
    void setStageRunning(inference::Stage stage);
    // Shows one stage's duration while the request still runs (the full timings follow
    // with setTimings()); ends the running indicator if it was on that stage.
    void setStageDuration(inference::Stage stage, std::int64_t durationUs);
    // Ends the running indicator and keeps what was measured (a stopped or failed request).
    void stopRunning();
    // Back to "No request yet".
    void clear();
    bool hasTimings() const;

private:
    struct Row {
        QLabel *name = nullptr;
        QLabel *value = nullptr;
        QProgressBar *bar = nullptr;
        QLabel *extra = nullptr;
    };

    void refresh();

    std::array<Row, inference::kAllStages.size()> m_rows;
    QLabel *m_status = nullptr;
    QLabel *m_totalValue = nullptr;
    QLabel *m_peakMemory = nullptr;
    QLabel *m_preparedAhead = nullptr; // "Encoded while you typed: 6.00 s"
    std::optional<inference::StageTimings> m_timings;
    std::optional<inference::Stage> m_running;
    // A request is under way: stages without a value yet are blank, not "did not run".
    bool m_inProgress = false;
};

} // namespace camchat::ui
