#include "SoakReport.h"

#include <QJsonArray>

namespace jobdeck::soak {

bool SoakResult::passed() const
{
    return problems.isEmpty() && runners.drained && verdict.lost == 0 && verdict.rerunCompleted == 0
           && verdict.restartedFromZero == 0 && runners.integrityFailures == 0 && verdict.restartedBehind == 0
           && verdict.succeededUnfinished == 0 && verdict.malformedRecordLines == 0 && runners.runnerExits == 0;
}

QStringList toLines(const SoakOptions &options, const SoakResult &result)
{
    const SoakVerdict &v = result.verdict;
    const KillFigures &k = result.runners;
    QStringList lost;
    for (auto it = v.lostBy.cbegin(); it != v.lostBy.cend(); ++it)
        lost << QStringLiteral("%1 %2").arg(it.value()).arg(it.key());
    QStringList lines{
        QStringLiteral("seed %1, %2 workers, %3 s").arg(options.seed).arg(options.workers).arg(result.seconds, 0, 'f', 1),
        QStringLiteral("jobs: %1 (%2 noop, %3 step scripts, %4 sleep)")
            .arg(result.jobs.kinds.size())
            .arg(result.jobs.count(SoakKind::Noop))
            .arg(result.jobs.count(SoakKind::Steps))
            .arg(result.jobs.count(SoakKind::Sleep)),
        QStringLiteral("kills: %1 (runners that ended on their own: %2); drain runs: %3%4")
            .arg(k.kills)
            .arg(k.runnerExits)
            .arg(k.drainRuns)
            .arg(k.drained ? QString() : QStringLiteral(", never drained")),
        QStringLiteral("what the kills did: %1 attempts abandoned; %2 script runs, %3 resumed from a checkpoint; "
                       "%4 jobs whose script ended twice (killed before the success was recorded: allowed)")
            .arg(v.abandonedAttempts)
            .arg(v.scriptRuns)
            .arg(v.resumedRuns)
            .arg(v.completedAgainBeforeSuccess),
        QStringLiteral("jobs lost: %1%2").arg(v.lost).arg(lost.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(lost.join(QStringLiteral(", ")))),
        QStringLiteral("completed jobs run again: %1").arg(v.rerunCompleted),
        QStringLiteral("checkpointed jobs restarted from zero: %1 (behind their checkpoint: %2)")
            .arg(v.restartedFromZero)
            .arg(v.restartedBehind),
        QStringLiteral("integrity failures: %1 of %2 checks").arg(k.integrityFailures).arg(k.integrityChecks),
    };
    if (v.succeededUnfinished > 0)
        lines << QStringLiteral("step jobs succeeded without their script ending: %1").arg(v.succeededUnfinished);
    if (v.malformedRecordLines > 0)
        lines << QStringLiteral("malformed record lines: %1").arg(v.malformedRecordLines);
    for (const QString &note : result.problems + k.notes + v.examples)
        lines << QStringLiteral("  %1").arg(note);
    lines << (result.passed() ? QStringLiteral("PASS") : QStringLiteral("FAIL"));
    return lines;
}

QJsonObject toJson(const SoakOptions &options, const SoakResult &result)
{
    const SoakVerdict &v = result.verdict;
    const KillFigures &k = result.runners;
    QJsonObject lostBy;
    for (auto it = v.lostBy.cbegin(); it != v.lostBy.cend(); ++it)
        lostBy.insert(it.key(), it.value());
    return {
        {QStringLiteral("kills"), k.kills},
        {QStringLiteral("jobs"), int(result.jobs.kinds.size())},
        {QStringLiteral("lost"), v.lost},
        {QStringLiteral("rerun_completed"), v.rerunCompleted},
        {QStringLiteral("restarted_from_zero"), v.restartedFromZero},
        {QStringLiteral("integrity_failures"), k.integrityFailures},
        {QStringLiteral("restarted_behind_checkpoint"), v.restartedBehind},
        {QStringLiteral("succeeded_unfinished"), v.succeededUnfinished},
        {QStringLiteral("runner_exits"), k.runnerExits},
        {QStringLiteral("malformed_record_lines"), v.malformedRecordLines},
        {QStringLiteral("drained"), k.drained},
        {QStringLiteral("drain_runs"), k.drainRuns},
        {QStringLiteral("integrity_checks"), k.integrityChecks},
        {QStringLiteral("abandoned_attempts"), v.abandonedAttempts},
        {QStringLiteral("script_runs"), v.scriptRuns},
        {QStringLiteral("resumed_runs"), v.resumedRuns},
        {QStringLiteral("completed_again_before_success"), v.completedAgainBeforeSuccess},
        {QStringLiteral("lost_by"), lostBy},
        {QStringLiteral("seed"), qint64(options.seed)},
        {QStringLiteral("workers"), options.workers},
        {QStringLiteral("seconds"), qRound(result.seconds * 10) / 10.0},
        {QStringLiteral("problems"), QJsonArray::fromStringList(result.problems + k.notes)},
        {QStringLiteral("passed"), result.passed()},
    };
}

} // namespace jobdeck::soak
