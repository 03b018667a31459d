#include "ScheduleCli.h"
#include "model/Clock.h"
#include "model/Duration.h"
#include "schedule/OccurrencePlanner.h"
#include "schedule/Recurrence.h"
#include "schedule/ScheduleJson.h"
#include "storage/StoreError.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace jobdeck::ScheduleCli {

namespace {

constexpr int kMaxCount = 10'000;
constexpr int kShowNext = 5;
constexpr int kShowRecent = 10;

QString stateText(const ScheduleRecord &r)
{
    if (!r.enabled)
        return QStringLiteral("disabled");
    if (r.pausedUntilMs > SystemClock::instance().nowMs())
        return QStringLiteral("paused until %1").arg(localTime(r, r.pausedUntilMs));
    if (r.nextFireAtMs <= 0)
        return QStringLiteral("done");
    return QStringLiteral("enabled");
}

QString jobText(const ScheduleSpec &s)
{
    if (!s.definition.isEmpty())
        return QStringLiteral("job definition %1").arg(s.definition);
    QString text = s.job.kind;
    if (s.job.payload != "{}")
        text += u' ' + QString::fromUtf8(s.job.payload);
    return text;
}

} // namespace

int list(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the schedules with their next occurrence."));
    parser.addPositionalArgument(QStringLiteral("schedule list"), QStringLiteral("The command."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON array.")});
    Session session;
    if (!parse(parser, arguments, 2, session))
        return ExitBadInput;
    if (!open(session))
        return ExitFailed;
    std::vector<ScheduleRecord> schedules;
    try {
        schedules = session.reader->schedules();
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray array;
        for (const ScheduleRecord &r : schedules)
            array.append(ScheduleJson::schedule(r));
        printJson(array);
        return ExitOk;
    }
    if (schedules.empty()) {
        out() << "no schedules (add one with jobdeck schedule add)" << Qt::endl;
        return ExitOk;
    }
    QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("NEXT"), QStringLiteral("STATE"),
                             QStringLiteral("ZONE"), QStringLiteral("WHEN"), QStringLiteral("RUNS")}};
    for (const ScheduleRecord &r : schedules) {
        const auto recurrence = r.spec.recurrence();
        const qint64 next = r.enabled && recurrence ? OccurrencePlanner::resumeCursor(r, *recurrence) : 0;
        rows.append({r.spec.name, localTime(r, next), stateText(r), r.spec.zone,
                     recurrence ? recurrence->describe() : QStringLiteral("?"), jobText(r.spec)});
    }
    printTable(rows);
    return ExitOk;
}

int show(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show a schedule, its next occurrences and its recent ones."));
    parser.addPositionalArgument(QStringLiteral("schedule show"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The schedule."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print a JSON object.")});
    Session session;
    if (!parse(parser, arguments, 3, session))
        return ExitBadInput;
    const auto name = nameArgument(parser, QStringLiteral("jobdeck schedule show NAME [--json]"));
    if (!name)
        return ExitBadInput;
    const auto record = find(session, *name);
    if (!record)
        return ExitFailed;
    std::vector<OccurrenceRecord> recent;
    try {
        recent = session.reader->occurrences({0, std::numeric_limits<qint64>::max(), record->id, kShowRecent, true});
    } catch (const StoreError &e) {
        return fail(ExitFailed, e.message());
    }
    std::reverse(recent.begin(), recent.end());
    const auto recurrence = record->spec.recurrence();
    std::vector<qint64> upcoming;
    if (recurrence && record->enabled && record->nextFireAtMs > 0) {
        std::optional<qint64> at = OccurrencePlanner::resumeCursor(*record, *recurrence);
        for (int i = 0; at && i < kShowNext; ++i, at = recurrence->next(*at))
            upcoming.push_back(*at);
    }
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject o = ScheduleJson::schedule(*record);
        QJsonArray next, occurrences;
        for (qint64 at : upcoming)
            next.append(localTime(*record, at));
        for (const OccurrenceRecord &occurrence : recent)
            occurrences.append(ScheduleJson::occurrence(occurrence));
        o.insert(QStringLiteral("next"), next);
        o.insert(QStringLiteral("occurrences"), occurrences);
        printJson(o);
        return ExitOk;
    }
    const ScheduleSpec &s = record->spec;
    QString when = recurrence ? recurrence->describe() : QStringLiteral("?");
    if (s.kind == ScheduleKind::Cron)
        when += QStringLiteral(" (cron \"%1\")").arg(s.cron);
    QList<QStringList> rows{
        {QStringLiteral("name:"), s.name},
        {QStringLiteral("when:"), when},
        {QStringLiteral("time zone:"), s.zone},
        {QStringLiteral("runs:"), jobText(s)},
    };
    if (s.definition.isEmpty()) {
        rows.append({QStringLiteral("job options:"),
                     QStringLiteral("queue %1, priority %2, %3 attempts, timeout %4")
                         .arg(s.job.queue)
                         .arg(s.job.priority)
                         .arg(s.job.maxAttempts)
                         .arg(s.job.timeoutMs > 0 ? formatDuration(s.job.timeoutMs) : QStringLiteral("none"))});
    }
    rows.append({QStringLiteral("misfire:"), s.misfire == MisfirePolicy::CatchUp
                                                 ? QStringLiteral("catch-up (at most %1)").arg(s.catchUpLimit)
                                                 : misfireName(s.misfire)});
    rows.append({QStringLiteral("overlap:"), overlapName(s.overlap)});
    rows.append({QStringLiteral("exclusions:"), s.exclusions.isEmpty() ? QStringLiteral("none") : s.exclusions.join(QStringLiteral(", "))});
    rows.append({QStringLiteral("state:"), stateText(*record)});
    for (size_t i = 0; i < upcoming.size(); ++i)
        rows.append({i == 0 ? QStringLiteral("next:") : QString(), localTime(*record, upcoming[i])});
    printTable(rows);
    if (recent.empty())
        return ExitOk;
    out() << "\nrecent occurrences:\n";
    QList<QStringList> history;
    for (const OccurrenceRecord &o : recent) {
        QString job = o.jobId > 0 ? QStringLiteral("job %1").arg(o.jobId) : QStringLiteral("-");
        if (o.jobState)
            job += QStringLiteral(" (%1)").arg(stateName(*o.jobState));
        history.append({QStringLiteral("  ") + localTime(*record, o.fireAtMs), occurrenceOutcomeName(o.outcome), job, o.reason});
    }
    printTable(history);
    return ExitOk;
}

int next(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the next occurrences of a cron expression, one per line, as local date-times with their offset."));
    parser.addPositionalArgument(QStringLiteral("schedule next"), QStringLiteral("The command."));
    parser.addPositionalArgument(QStringLiteral("EXPR"),
                                 QStringLiteral("Cron expression: 5 fields, or 6 with seconds first, or a macro (@daily)."));
    parser.addOptions({
        {QStringLiteral("tz"), QStringLiteral("IANA time zone (default: the system's)."), QStringLiteral("ZONE")},
        {QStringLiteral("from"), QStringLiteral("Start after this ISO 8601 time (default: now)."), QStringLiteral("TIME")},
        {QStringLiteral("count"), QStringLiteral("How many occurrences (default 10)."), QStringLiteral("N")},
    });
    Session session;
    if (!parse(parser, arguments, 3, session))
        return ExitBadInput;
    const auto expression =
        nameArgument(parser, QStringLiteral("jobdeck schedule next EXPR [--tz ZONE] [--from ISO8601] [--count N]"));
    if (!expression)
        return ExitBadInput;
    QString error;
    const auto recurrence = Recurrence::parseCron(*expression, parser.value(QStringLiteral("tz")), &error);
    if (!recurrence)
        return fail(ExitBadInput, error);
    qint64 from = SystemClock::instance().nowMs();
    if (parser.isSet(QStringLiteral("from"))) {
        const auto at = parseIsoTime(parser.value(QStringLiteral("from")));
        if (!at)
            return fail(ExitBadInput, QStringLiteral("bad --from \"%1\": write ISO 8601 with an offset, like "
                                                     "2026-03-29T02:30:00+01:00")
                                          .arg(parser.value(QStringLiteral("from"))));
        from = *at;
    }
    int count = 10;
    if (parser.isSet(QStringLiteral("count"))) {
        bool ok = false;
        count = parser.value(QStringLiteral("count")).toInt(&ok);
        if (!ok || count < 1 || count > kMaxCount)
            return fail(ExitBadInput, QStringLiteral("--count must be a number from 1 to %1").arg(kMaxCount));
    }
    std::optional<qint64> at = from;
    for (int i = 0; i < count; ++i) {
        at = recurrence->next(*at);
        if (!at)
            break;
        out() << formatLocalIso(*at, recurrence->zone()) << '\n';
    }
    out().flush();
    return ExitOk;
}

} // namespace jobdeck::ScheduleCli
