#pragma once

#include "model/JobSpec.h"

#include <QJsonObject>
#include <QJsonValue>

namespace jobdeck {

class HandlerRegistry;

// The fields of one job as a user writes them: options on the command line, a line of `enqueue --file`, or a
// request to the HTTP API. Strings, so all of them share one set of checks.
struct SpecFields {
    QString kind;
    QJsonValue payload = QJsonObject();
    QString queue, priority, maxAttempts, timeout, key, backoff, in, at;
    QString after, on; // parent job ids separated by commas; success, failure or any
    QString callback; // copied as is: its caller checks it with CallbackUrl::check against the allow list
    QStringList mutexes; // names, as given
    QString orderKey, seq, orderWait;
};

// Reads a job's JSON object ("kind", "payload", "queue", "priority", "max_attempts", "timeout", "key", "backoff",
// "in", "at", "callback_url", "after" (an id, ids separated by commas, or an array of ids), "on", "mutex" (a name
// or an array of names), "order_key", "seq", "order_wait") into `f`. Returns an error message, or empty.
QString readSpecFields(const QJsonObject &object, SpecFields &f);

// Returns an error message, or empty and fills `spec`.
QString buildSpec(const SpecFields &f, const HandlerRegistry &handlers, qint64 nowMs, JobSpec &spec);
// The fields besides the kind and payload, over what `spec` has: those not given keep its values (a jobs-folder
// definition's settings, for one). Returns an error message, or empty.
QString applySpecFields(const SpecFields &f, qint64 nowMs, JobSpec &spec);

} // namespace jobdeck
