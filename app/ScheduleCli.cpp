#include "ScheduleCli.h"

#include "model/Duration.h"
#include "schedule/Recurrence.h"
#include "storage/StoreError.h"

namespace jobdeck::ScheduleCli {

bool parse(QCommandLineParser &parser, const QStringList &arguments, qsizetype maxWords, Session &session)
{
    return CommandLine::parseCommand(parser, arguments, maxWords, session.globals);
}

bool open(Session &session)
{
    session.store = CommandLine::openStore(session.globals);
    if (!session.store)
        return false;
    try {
        session.reader = session.store->openScheduleReader();
    } catch (const StoreError &e) {
        fail(ExitFailed, e.message());
        return false;
    }
    return true;
}

std::optional<QString> nameArgument(const QCommandLineParser &parser, const QString &usage, int index)
{
    return CommandLine::nameArgument(parser, usage, index);
}

QString noSuchSchedule(const QString &name)
{
    return QStringLiteral("no schedule named \"%1\" (see jobdeck schedule list)").arg(name);
}

std::optional<ScheduleRecord> find(Session &session, const QString &name)
{
    if (!session.reader && !open(session))
        return std::nullopt;
    try {
        if (auto record = session.reader->schedule(name))
            return record;
        fail(ExitFailed, noSuchSchedule(name));
    } catch (const StoreError &e) {
        fail(ExitFailed, e.message());
    }
    return std::nullopt;
}

std::optional<BatchResult> apply(Session &session, WriteBatch batch)
{
    BatchResult r = session.store->apply(std::move(batch));
    if (!r.ok) {
        fail(ExitFailed, r.error);
        return std::nullopt;
    }
    return r;
}

QString localTime(const ScheduleRecord &schedule, qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("-");
    const auto zone = ZoneRules::forZone(schedule.spec.zone);
    return zone ? formatLocalIso(ms, *zone) : formatIsoTime(ms);
}

} // namespace jobdeck::ScheduleCli
