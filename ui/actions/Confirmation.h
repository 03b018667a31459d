#pragma once

#include <QString>

namespace jobdeck {

// The destructive commands that ask first. Each can be told "Don't ask again" on its own; Settings brings the
// questions back.
enum class ConfirmKind { CancelRunning, DeleteJobs, RequeueAll, DeleteSchedule, DeleteWatch, CancelBatch };

// One question put to the user: what it is about and how to say it. `count` is how many jobs (or schedules) the
// command touches, which the question names.
struct Confirmation {
    ConfirmKind kind;
    QString title;
    QString question;
    int count = 1;
};

// The user's answer: go ahead or not, and whether to skip this kind of question from now on.
struct ConfirmAnswer {
    bool accepted = false;
    bool dontAskAgain = false;
};

// The key under which "Don't ask again" is remembered for `kind` (stable across versions: it is stored).
QString confirmKey(ConfirmKind kind);

} // namespace jobdeck
