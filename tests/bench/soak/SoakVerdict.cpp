#include "SoakVerdict.h"

#include "model/JobState.h"
#include "storage/sqlite/SqliteStore.h"

#include <algorithm>

namespace jobdeck::soak {

namespace {

constexpr int kMaxExamples = 10;

void example(SoakVerdict &v, const QString &text)
{
    if (v.examples.size() < kMaxExamples)
        v.examples << text;
}

// True when the attempts show the job running again after one of its attempts succeeded.
bool ranAfterSuccess(const std::vector<AttemptRecord> &attempts)
{
    const auto success = std::find_if(attempts.begin(), attempts.end(),
                                      [](const AttemptRecord &a) { return a.outcome == AttemptOutcome::Succeeded; });
    return success != attempts.end()
           && std::any_of(attempts.begin(), attempts.end(),
                          [&](const AttemptRecord &a) { return a.number > success->number; });
}

void judgeRuns(SoakVerdict &v, qint64 id, bool succeeded, const std::vector<ScriptRun> &runs, bool &rerun)
{
    int done = 0;
    for (const ScriptRun &r : runs) {
        ++v.scriptRuns;
        if (r.fromStep > 0)
            ++v.resumedRuns;
        if (r.fromStep < r.savedBefore) {
            ++(r.fromStep == 0 ? v.restartedFromZero : v.restartedBehind);
            example(v, QStringLiteral("job %1: a run began at step %2 though the checkpoint of step %3 was committed")
                           .arg(id)
                           .arg(r.fromStep)
                           .arg(r.savedBefore));
        }
        if (r.sawSuccess && !rerun) {
            rerun = true;
            example(v, QStringLiteral("job %1: its script ran again after the job had succeeded").arg(id));
        }
        done += r.done ? 1 : 0;
    }
    if (succeeded && done == 0) {
        ++v.succeededUnfinished;
        example(v, QStringLiteral("job %1: succeeded, but no run of its script reached its end").arg(id));
    }
    if (done > 1 && !rerun)
        ++v.completedAgainBeforeSuccess;
}

} // namespace

SoakVerdict judge(const QString &db, const SoakJobs &jobs, const SoakRecord &record)
{
    SoakVerdict v;
    v.malformedRecordLines = record.malformedLines();
    auto store = SqliteStore::open(db);
    auto reader = store->openReader();
    QList<qint64> ids = jobs.kinds.keys();
    std::sort(ids.begin(), ids.end());
    for (qint64 id : ids) {
        const std::optional<JobRecord> job = reader->job(id);
        if (!job) {
            ++v.lost;
            ++v.lostBy[QStringLiteral("missing")];
            example(v, QStringLiteral("job %1: missing").arg(id));
            continue;
        }
        const bool succeeded = job->state == JobState::Succeeded;
        if (!succeeded) {
            ++v.lost;
            ++v.lostBy[stateName(job->state)];
            example(v, QStringLiteral("job %1 (%2): ended %3: %4").arg(id).arg(job->kind, stateName(job->state),
                                                                          job->stateReason));
        }
        const std::vector<AttemptRecord> attempts = reader->attempts(id);
        v.abandonedAttempts += int(std::count_if(attempts.begin(), attempts.end(), [](const AttemptRecord &a) {
            return a.outcome == AttemptOutcome::Abandoned;
        }));
        bool rerun = ranAfterSuccess(attempts);
        if (rerun)
            example(v, QStringLiteral("job %1 (%2): an attempt started after its attempt that succeeded").arg(id).arg(job->kind));
        if (jobs.kinds.value(id) == SoakKind::Steps)
            judgeRuns(v, id, succeeded, record.runs(id), rerun);
        v.rerunCompleted += rerun ? 1 : 0;
    }
    return v;
}

} // namespace jobdeck::soak
