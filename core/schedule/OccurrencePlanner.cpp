#include "OccurrencePlanner.h"

#include "CivilTime.h"
#include "model/Duration.h"

#include <algorithm>
#include <deque>

namespace jobdeck {

namespace {

constexpr qint64 kRecentWindowMs = 86'400'000; // after the scan limit, only the last day is looked at
constexpr qint64 kReportLateMs = 1000;         // a fire this late says so in its reason

// What a new occurrence of the schedule finds: the run before it, in the store or earlier in this plan.
struct Overlap {
    std::optional<OccurrencePlanner::PreviousRun> stored;
    int planned = -1; // index of a decision of this plan that fired
    bool waiting = false;
};

} // namespace

qint64 OccurrencePlanner::resumeCursor(const ScheduleRecord &schedule, const Recurrence &recurrence, bool *endPause)
{
    if (endPause)
        *endPause = false;
    qint64 cursor = schedule.nextFireAtMs;
    if (cursor > 0 && schedule.pausedUntilMs > 0 && cursor < schedule.pausedUntilMs) {
        cursor = recurrence.next(schedule.pausedUntilMs - 1).value_or(0);
        if (endPause)
            *endPause = true;
    }
    return cursor;
}

OccurrencePlanner::Plan OccurrencePlanner::plan(const Input &in) const
{
    Plan p;
    const ScheduleSpec &spec = in.schedule.spec;
    const qint64 cursor = resumeCursor(in.schedule, in.recurrence, &p.endPause);
    p.nextFireAtMs = cursor;
    if (cursor == 0 || cursor > in.nowMs)
        return p;

    // Every due occurrence is counted, but only the most recent are kept: a schedule that fires each second and
    // was down for a week has 600,000 of them.
    const size_t keep = size_t(std::max(m_options.recordLimit, spec.catchUpLimit)) + 1;
    std::deque<qint64> recent;
    qint64 total = 0;
    std::optional<qint64> at = cursor;
    while (at && *at <= in.nowMs) {
        ++total;
        recent.push_back(*at);
        if (recent.size() > keep)
            recent.pop_front();
        if (total >= m_options.scanLimit && *at < in.nowMs - kRecentWindowMs) {
            at = in.recurrence.next(in.nowMs - kRecentWindowMs);
            recent.clear();
            continue;
        }
        at = in.recurrence.next(*at);
    }
    p.nextFireAtMs = at.value_or(0);
    p.lastFireAtMs = recent.empty() ? 0 : recent.back();

    std::vector<qint64> missed, onTime;
    for (qint64 t : recent)
        (in.nowMs - t > m_options.misfireThresholdMs ? missed : onTime).push_back(t);
    p.missedCount = total - qint64(recent.size()) + qint64(missed.size());

    const auto excludedBy = [&](qint64 t) -> QString {
        if (in.calendars.empty())
            return {};
        const QDate day = in.recurrence.zone().dateAt(t);
        for (const ExclusionCalendar *c : in.calendars) {
            if (c->excludes(day))
                return QStringLiteral("excluded by calendar %1 (%2)").arg(c->name, day.toString(Qt::ISODate));
        }
        return {};
    };

    std::vector<Decision> &out = p.decisions;
    Overlap overlap{in.previous, -1, in.waiting};
    const auto fire = [&](qint64 t, const QString &reason) {
        const bool busy = overlap.stored || overlap.planned >= 0;
        if (spec.overlap == OverlapPolicy::Allow || !busy) {
            out.push_back({t, OccurrenceOutcome::Fired, reason, 0});
            overlap.planned = int(out.size()) - 1;
            return;
        }
        const QString previous = overlap.stored
            ? QStringLiteral("job %1 is still %2").arg(overlap.stored->jobId).arg(overlap.stored->running ? QStringLiteral("running") : QStringLiteral("queued"))
            : QStringLiteral("the run of %1 has not finished").arg(formatIsoTime(out[size_t(overlap.planned)].fireAtMs));
        switch (spec.overlap) {
        case OverlapPolicy::Allow:
            break;
        case OverlapPolicy::Skip:
            out.push_back({t, OccurrenceOutcome::Skipped, previous + QStringLiteral(" (overlap policy skip)"), 0});
            return;
        case OverlapPolicy::QueueOne:
            if (overlap.waiting) {
                out.push_back({t, OccurrenceOutcome::Skipped,
                               previous + QStringLiteral(" and an earlier occurrence already waits for it (overlap policy queue-one)"), 0});
            } else {
                out.push_back({t, OccurrenceOutcome::Waiting,
                               previous + QStringLiteral("; waits for it to finish (overlap policy queue-one)"), 0});
                overlap.waiting = true;
            }
            return;
        case OverlapPolicy::Replace:
            if (overlap.planned >= 0 && !overlap.stored) {
                // The run it replaces was planned here and never enqueued: it simply does not happen.
                Decision &earlier = out[size_t(overlap.planned)];
                earlier.outcome = OccurrenceOutcome::Skipped;
                earlier.reason = QStringLiteral("replaced by the occurrence of %1 before it ran (overlap policy replace)")
                                     .arg(formatIsoTime(t));
                out.push_back({t, OccurrenceOutcome::Fired, reason, 0});
            } else {
                out.push_back({t, OccurrenceOutcome::Fired,
                               QStringLiteral("replaced job %1, which was still %2 (overlap policy replace)")
                                   .arg(overlap.stored->jobId)
                                   .arg(overlap.stored->running ? QStringLiteral("running") : QStringLiteral("queued")),
                               overlap.stored->jobId});
                overlap.stored.reset();
            }
            overlap.planned = int(out.size()) - 1;
            return;
        }
    };

    const QString because = in.missedBecause.isEmpty() ? QStringLiteral("while no runner was firing schedules") : in.missedBecause;
    const auto missedText = [&](qint64 t) {
        return QStringLiteral("missed, %1 late, %2").arg(formatDuration(in.nowMs - t), because);
    };
    std::vector<qint64> runnable; // missed and not excluded
    for (qint64 t : missed) {
        if (const QString why = excludedBy(t); !why.isEmpty())
            out.push_back({t, OccurrenceOutcome::Excluded, why, 0});
        else
            runnable.push_back(t);
    }
    bool onTimeRuns = false;
    for (qint64 t : onTime)
        onTimeRuns = onTimeRuns || excludedBy(t).isEmpty();
    size_t runFrom = runnable.size(); // runnable[runFrom...] get a run
    QString givenUp;
    switch (spec.misfire) {
    case MisfirePolicy::Skip:
        givenUp = QStringLiteral("; skipped (misfire policy skip)");
        break;
    case MisfirePolicy::FireOnce:
        runFrom = onTimeRuns || runnable.empty() ? runnable.size() : runnable.size() - 1;
        givenUp = onTimeRuns ? QStringLiteral("; a later occurrence ran (misfire policy fire-once)")
                             : QStringLiteral("; one run stands for all missed (misfire policy fire-once)");
        break;
    case MisfirePolicy::CatchUp:
        runFrom = runnable.size() - std::min(runnable.size(), size_t(spec.catchUpLimit));
        givenUp = QStringLiteral("; beyond the catch-up limit of %1 (misfire policy catch-up)").arg(spec.catchUpLimit);
        break;
    }
    for (size_t i = 0; i < runnable.size(); ++i) {
        const qint64 t = runnable[i];
        if (i < runFrom) {
            out.push_back({t, OccurrenceOutcome::Misfired, missedText(t) + givenUp, 0});
        } else if (spec.misfire == MisfirePolicy::FireOnce) {
            fire(t, QStringLiteral("run %1 late, once for %2 missed occurrence(s) (misfire policy fire-once)")
                        .arg(formatDuration(in.nowMs - t))
                        .arg(p.missedCount - (qint64(missed.size()) - qint64(runnable.size()))));
        } else {
            fire(t, QStringLiteral("caught up %1 late (misfire policy catch-up)").arg(formatDuration(in.nowMs - t)));
        }
    }
    for (qint64 t : onTime) {
        if (const QString why = excludedBy(t); !why.isEmpty())
            out.push_back({t, OccurrenceOutcome::Excluded, why, 0});
        else
            fire(t, in.nowMs - t >= kReportLateMs ? QStringLiteral("%1 late").arg(formatDuration(in.nowMs - t)) : QString());
    }
    std::stable_sort(out.begin(), out.end(), [](const Decision &a, const Decision &b) { return a.fireAtMs < b.fireAtMs; });
    return p;
}

} // namespace jobdeck
