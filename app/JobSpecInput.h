#pragma once

#include "model/JobSpecFields.h"

#include <QCommandLineParser>

namespace jobdeck {

// The options of every command that defines a job: --payload, --queue, --priority, --max-attempts, --timeout,
// --backoff.
QList<QCommandLineOption> jobOptions();
// Reads them into `f`; returns an error for a malformed --payload.
QString readJobOptions(const QCommandLineParser &parser, SpecFields &f);

} // namespace jobdeck
