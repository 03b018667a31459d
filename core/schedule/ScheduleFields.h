#pragma once

#include "ScheduleSpec.h"
#include "model/JobSpecFields.h"

#include <QJsonObject>
#include <QStringList>
#include <optional>

namespace jobdeck {

class HandlerRegistry;

// A schedule as a user writes it: the options of `schedule add`, or a request to the HTTP API. Strings, so
// both share one set of checks and one set of messages.
struct ScheduleFields {
    QString name;
    QString cron, every, anchor, at; // exactly one of cron, every and at; anchor only with every
    QString zone;                    // IANA name; empty: the system's
    QString definition;              // a job definition of the jobs folder, or
    std::optional<SpecFields> job;   // the job each occurrence enqueues
    QString misfire, catchUpLimit, overlap;
    QStringList exclusions;
};

namespace ScheduleInput {
// How messages name the fields: as `schedule add` options (--every) or as JSON keys ("every").
enum class Spelling { Options, Json };

// Reads a schedule's JSON object: "name", "cron" | "every" (a duration) | "at", "anchor", "time_zone",
// "definition" | "job" (the fields of `enqueue --file`), "misfire", "catch_up_limit", "overlap", "exclusions".
// The keys only `--json` output has (id, next_fire_at ...) are ignored, so a schedule read can be written back;
// any other key is an error. Returns an error message, or empty.
QString read(const QJsonObject &object, ScheduleFields &f);
// Returns an error message, or empty and fills `spec`. Needs `handlers` to check the job; calendars are not
// checked here (they live in the database).
QString build(const ScheduleFields &f, const HandlerRegistry &handlers, qint64 nowMs, ScheduleSpec &spec,
              Spelling spelling = Spelling::Json);
// The spec as `read` takes it back: the base a partial change (the API's PATCH) is merged into.
QJsonObject write(const ScheduleSpec &spec);
// RFC 7386 merge of `patch` into `base`: objects merge key by key, null removes a key. Naming one of cron,
// every and at (or definition and job) in the patch drops the others from the base; an interval keeps its anchor.
QJsonObject merge(QJsonObject base, const QJsonObject &patch);
} // namespace ScheduleInput

} // namespace jobdeck
