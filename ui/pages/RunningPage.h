#pragma once

#include "JobListPage.h"

namespace jobdeck {

// The jobs running now, on this runner or any other on the database: live progress with its text and the time
// left, elapsed time, attempt, worker; cancel.
class RunningPage final : public JobListPage {
    Q_OBJECT
public:
    explicit RunningPage(Console &console, QWidget *parent = nullptr);

private:
    void updateSubtitle();
};

} // namespace jobdeck
