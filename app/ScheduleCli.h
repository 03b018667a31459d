#pragma once

#include "CommandLine.h"
#include "storage/ScheduleReader.h"

#include <memory>
#include <optional>

namespace jobdeck {

class HandlerRegistry;

// The `schedule` and `calendar` subcommands, and what they share.
namespace ScheduleCli {

struct Session {
    GlobalOptions globals;
    std::unique_ptr<JobStore> store;
    std::unique_ptr<ScheduleReader> reader;
};

// Adds the global options and parses (at most `maxWords` positional words, as CommandLine::parse); on bad input
// prints one line and returns false.
bool parse(QCommandLineParser &parser, const QStringList &arguments, qsizetype maxWords, Session &session);
// Opens the database and a schedule reader; prints the reason and returns false on failure.
bool open(Session &session);
// The NAME after the subcommand (positional `index`), or nothing after printing the usage.
std::optional<QString> nameArgument(const QCommandLineParser &parser, const QString &usage, int index = 2);
// "no schedule named "NAME" (see jobdeck schedule list)"
QString noSuchSchedule(const QString &name);
// The stored schedule (opening the session first if it is not open), or nothing after printing why not.
std::optional<ScheduleRecord> find(Session &session, const QString &name);
// Applies one batch; prints the reason and returns nothing when it fails.
std::optional<BatchResult> apply(Session &session, WriteBatch batch);
// "2026-03-29T03:00:00+02:00" in the schedule's zone.
QString localTime(const ScheduleRecord &schedule, qint64 ms);

int add(const QStringList &arguments, const HandlerRegistry &handlers);
int list(const QStringList &arguments);
int show(const QStringList &arguments);
int next(const QStringList &arguments);
int remove(const QStringList &arguments);
int pause(const QStringList &arguments);
int resume(const QStringList &arguments);
int run(const QStringList &arguments, const HandlerRegistry &handlers);

} // namespace ScheduleCli

} // namespace jobdeck
