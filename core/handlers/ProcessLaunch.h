#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace jobdeck {

class JobContext;

// A program run as a job's attempt: what to start, with what, and how long it gets to stop. Shared by the
// `process` handler and the jobs folder. Runs without a shell; scripts run by extension (.sh with /bin/sh,
// .py with python3, .js with node). Every stdout line becomes an INFO log line, every stderr line an ERROR
// one; `##jobdeck[progress]`, `##jobdeck[checkpoint]` and `##jobdeck[result]` lines on stdout are commands. On timeout or cancel
// the whole process group gets SIGTERM, then SIGKILL after the grace period, so no child is left behind; if
// the runner itself dies, the kernel kills the program with it.
struct ProcessLaunch {
    QString program;          // a path, or a name looked up in PATH
    QStringList arguments;
    QString workingDirectory; // empty: the runner's
    QJsonObject environment;  // added to the runner's environment
    QByteArray standardInput;
    qint64 graceMs = 5000;    // from SIGTERM to SIGKILL
    QJsonObject payload;      // what the program gets as JOBDECK_PAYLOAD

    // Runs to the end: on exit code 0 returns the job's result (what the program's last `##jobdeck[result] JSON`
    // line gave, else {"exit_code": 0}); throws JobFailure or JobCancelled otherwise.
    QJsonValue run(JobContext &ctx) const;

    static constexpr int kErrorTailLines = 10; // stderr lines quoted in a failure
};

} // namespace jobdeck
