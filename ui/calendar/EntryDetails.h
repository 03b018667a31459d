#pragma once

#include "schedule/CalendarProjection.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace jobdeck {

// The selected run, occurrence or one-off job: when (in the shown zone and in its schedule's), what became of
// it and why, its job; and what can be done with it. Objects for tests: detailsTitle, detailsStatus,
// detailsWhen, detailsReason, editScheduleButton, runNowButton. Main thread only.
class EntryDetails final : public QFrame {
    Q_OBJECT
public:
    explicit EntryDetails(QWidget *parent = nullptr);

    // `scheduleZone` is the entry's schedule's zone, when it has one; `more` entries share its chip.
    void show(const CalendarEntry &entry, const ZoneRules &displayZone, const ZoneRules *scheduleZone, int more);
    void clear();

Q_SIGNALS:
    void editScheduleRequested(qint64 scheduleId);
    void runNowRequested(qint64 scheduleId);

private:
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_when = nullptr;
    QLabel *m_job = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_hint = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_runNow = nullptr;
    qint64 m_scheduleId = 0;
};

} // namespace jobdeck
