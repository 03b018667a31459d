#pragma once

#include "model/JobSpecFields.h"

#include <QCommandLineParser>
#include <vector>

namespace jobdeck {

class JobStore;

// The options of every command that defines a job: --payload, --queue, --priority, --max-attempts, --timeout,
// --backoff.
QList<QCommandLineOption> jobOptions();
// Reads them into `f`; returns an error for a malformed --payload.
QString readJobOptions(const QCommandLineParser &parser, SpecFields &f);

// Reads jobs written one JSON object per line, as `enqueue --file` takes them ("-": stdin), and checks each as a
// job on the command line is checked. Returns an error naming the line, or empty.
QString readJobLines(const QString &path, const HandlerRegistry &handlers, qint64 nowMs, std::vector<JobSpec> &specs);

// A callback URL's form is checked before anything is opened (loopback hosts need nothing more); another host
// against the allow list the database keeps. Both return an error, or empty.
QString callbackFormProblem(const JobSpec &spec);
QString callbackHostProblem(const JobSpec &spec, JobStore &store);
// callbackHostProblem for each job of a file: an error naming the job, or empty.
QString callbackHostsProblem(const std::vector<JobSpec> &specs, JobStore &store);

} // namespace jobdeck
