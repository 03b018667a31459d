#pragma once

#include "JobListPage.h"

namespace jobdeck {

// The jobs running now, on this runner or any other on the database: live progress with its text and the time
// left, elapsed time, attempt, worker; cancel.
class HeldJobsNote;

class RunningPage final : public JobListPage {
    Q_OBJECT
public:
    explicit RunningPage(Console &console, QWidget *parent = nullptr);

    // Why queued jobs do not start, when runners or queues are paused.
    HeldJobsNote *heldNote() const { return m_held; }

private:
    void updateSubtitle();

    HeldJobsNote *m_held;
};

} // namespace jobdeck
