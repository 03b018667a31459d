#pragma once

#include "model/JobSpec.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QJsonValue>

namespace jobdeck {

class HandlerRegistry;

// The fields of one job, as given on the command line or in a JSON line. Strings, so both share checks.
struct SpecFields {
    QString kind;
    QJsonValue payload = QJsonObject();
    QString queue, priority, maxAttempts, timeout, key, backoff, in, at;
};

// Returns an error message, or empty and fills `spec`.
QString buildSpec(const SpecFields &f, const HandlerRegistry &handlers, qint64 nowMs, JobSpec &spec);

// The options of every command that defines a job: --payload, --queue, --priority, --max-attempts, --timeout,
// --backoff.
QList<QCommandLineOption> jobOptions();
// Reads them into `f`; returns an error for a malformed --payload.
QString readJobOptions(const QCommandLineParser &parser, SpecFields &f);

} // namespace jobdeck
