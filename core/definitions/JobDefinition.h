#pragma once

#include "model/JobSpec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace jobdeck {

// One job of the jobs folder: DIR/triggered/NAME or DIR/continuous/NAME, with its entry script and the settings
// of its optional settings.job. Value type.
struct JobDefinition {
    enum class Type { Triggered, Continuous };

    QString name;
    Type type = Type::Triggered;
    QString folder;      // absolute
    QString entryScript; // absolute; empty when there is none

    // settings.job
    QString schedule;            // a cron expression for the scheduler; empty: none
    bool isSingleton = false;    // never two of its jobs running at once
    qint64 stoppingWaitMs = 5000; // from "stop" (SIGTERM) to SIGKILL, on cancel, timeout and shutdown
    qint64 timeoutMs = 0;        // 0: none
    int maxAttempts = 5;
    QString queue;               // default: "default", or "continuous" for continuous jobs
    int priority = 0;
    QJsonArray steps;            // a pipeline: its steps, as in `jobdeck pipeline run`; empty: one job of the script

    QString error;       // why it cannot run (settings.job malformed, no entry script, name taken); empty if it can
    QByteArray revision; // changes whenever the script or settings.job change

    bool isValid() const { return error.isEmpty(); }
    bool isContinuous() const { return type == Type::Continuous; }
    bool isPipeline() const { return !steps.isEmpty(); }
    static QString typeName(Type type);

    // The job that runs this definition once (a continuous one: the job that keeps it running). Its kind is the
    // definition's name, its payload what the script gets as JOBDECK_PAYLOAD, and settings.job gives the rest.
    JobSpec jobSpec(const QJsonObject &payload = {}) const;

    // For `jobdeck definitions --json`.
    QJsonObject toJson() const;
};

} // namespace jobdeck
