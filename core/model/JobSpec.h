#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include "model/Continuation.h"

#include <vector>

namespace jobdeck {

// What a caller asks for when it enqueues a job. Value type.
struct JobSpec {
    QString kind;
    QString queue = QStringLiteral("default");
    int priority = 0;                                   // higher runs first; FIFO within a priority
    QByteArray payload = QByteArrayLiteral("{}");       // compact JSON
    qint64 runAtMs = 0;                                 // 0: now
    int maxAttempts = 5;
    qint64 timeoutMs = 0;                               // 0: none
    qint64 backoffMs = 5000;                            // first retry delay; doubles up to the cap
    QString idempotencyKey;                             // empty: none
    bool singleton = false;  // never two jobs of this kind running at once, whichever runner runs them
    bool continuous = false; // kept running by a runner's ContinuousSupervisor; never claimed by a dispatcher
    QString callbackUrl;     // empty: none; the job's document is POSTed here when it ends (see CallbackUrl)
    std::vector<qint64> after; // parents: the job waits until they have all ended (a continuation)
    ContinueOn on = ContinueOn::Success;
    QStringList mutexes; // sorted names: jobs sharing one never run at the same time, whichever runners run them
    // Jobs sharing an ordering key run one at a time, in sequence order, whichever runners run them.
    QString orderKey;          // empty: none
    qint64 orderSeq = 0;       // 0: after the key's last job, in enqueue order
    qint64 orderWaitMs = 60'000; // how long a job waits for a missing predecessor in sequence before it runs anyway
};

} // namespace jobdeck
