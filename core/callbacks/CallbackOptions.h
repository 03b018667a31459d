#pragma once

#include <QStringList>
#include <QtGlobal>

namespace jobdeck {

// How a runner delivers callbacks. Value type.
struct CallbackOptions {
    qint64 backoffMs = 10'000; // first retry delay; doubles (with jitter) up to the runner's retry cap
    qint64 giveUpAfterMs = 86'400'000; // no retry is planned later than this after the job ended
    qint64 timeoutMs = 30'000;         // one POST, from sending to the whole answer
    QStringList allowHosts;            // --callback-allow: added to the database's allow list at start
};

} // namespace jobdeck
