#pragma once

#include <QJsonObject>
#include <QString>

namespace jobdeck {

class JobContext;

// Does the work of one kind of job. One instance per kind, called concurrently from worker threads, so
// keep per-run state in locals. Return to succeed; throw JobFailure (or call ctx.fail) to fail; any other
// exception fails the attempt with its message.
class JobHandler {
public:
    virtual ~JobHandler() = default;
    virtual QString kind() const = 0;
    virtual void run(JobContext &ctx) = 0;
    // Checks a payload before it is enqueued; returns an error message, or empty if it is fine.
    virtual QString validate(const QJsonObject &payload) const { return {}; }
};

} // namespace jobdeck
