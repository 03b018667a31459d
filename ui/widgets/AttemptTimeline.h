#pragma once

#include "model/JobRecord.h"

#include <QWidget>

namespace jobdeck {

// A job's attempts on one time line: a bar per attempt from start to end, coloured by outcome, with its number,
// duration, worker, whether it resumed from a checkpoint, and its error.
class AttemptTimeline final : public QWidget {
    Q_OBJECT
public:
    explicit AttemptTimeline(QWidget *parent = nullptr);

    void setAttempts(const std::vector<AttemptRecord> &attempts, qint64 nowMs);
    int attemptCount() const { return int(m_attempts.size()); }

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int rowHeight() const;

    std::vector<AttemptRecord> m_attempts;
    qint64 m_nowMs = 0;
};

} // namespace jobdeck
