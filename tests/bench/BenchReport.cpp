#include "BenchReport.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QLocale>
#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace jobdeck::bench {

namespace {

double ratioOf(const BenchResults &r)
{
    return r.baseline.perSecond > 0 ? r.endToEnd.perSecond / r.baseline.perSecond : 0.0;
}

double processRatioOf(const BenchResults &r)
{
    return r.baseline.processPerSecond > 0 ? r.endToEnd.perSecond / r.baseline.processPerSecond : 0.0;
}

// How many times faster the field-by-field search is than testing one second after another.
double scanRatioOf(const BenchResults &r)
{
    return r.nextOccurrence.fieldSearchOnScanSetUs > 0
        ? r.nextOccurrence.scanPerComputationUs / r.nextOccurrence.fieldSearchOnScanSetUs
        : 0.0;
}

// How many times sooner a runner woken by datagrams starts another process's job than one that only polls (p99).
double pickupRatioOf(const BenchResults &r)
{
    return r.pickup.p99Ms && r.pickupPollOnly.p99Ms && *r.pickup.p99Ms > 0 ? *r.pickupPollOnly.p99Ms / *r.pickup.p99Ms
                                                                             : 0.0;
}

QJsonValue jsonMs(const std::optional<double> &ms)
{
    return ms ? QJsonValue(std::round(*ms * 10) / 10) : QJsonValue(QJsonValue::Null);
}

// What each target came to; empty for a measurement that did not run (--only), so it neither passes nor fails.
struct Verdicts {
    std::optional<bool> endToEnd;
    std::optional<bool> ratio;
    std::optional<bool> latency;
    std::optional<bool> runnerRss;
    std::optional<bool> pickup;
    std::optional<bool> nextOccurrence;
    std::optional<bool> firing;
    std::optional<bool> apiAwaited, apiConcurrent, apiPaced, apiEvents;
    std::optional<bool> watch;
    std::optional<bool> batch, chain, mutex, ordered;
    bool all() const
    {
        bool any = false;
        for (const std::optional<bool> &v : {endToEnd, ratio, latency, runnerRss, pickup, nextOccurrence, firing, apiAwaited,
                                             apiConcurrent, apiPaced, apiEvents, watch, batch, chain, mutex,
                                             ordered}) {
            if (v && !*v)
                return false;
            any = any || v.has_value();
        }
        return any;
    }
};

Verdicts verdicts(const BenchOptions &options, const BenchResults &r)
{
    Verdicts v;
    if (options.runs(QStringLiteral("end-to-end")))
        v.endToEnd = r.endToEnd.problem.isEmpty() && r.endToEnd.perSecond >= BenchTargets::endToEndPerSecond;
    if (options.runs(QStringLiteral("end-to-end")) && options.runs(QStringLiteral("baseline")))
        v.ratio = r.endToEnd.problem.isEmpty() && ratioOf(r) >= BenchTargets::ratio;
    if (options.runs(QStringLiteral("latency")))
        v.latency = r.latency.problem.isEmpty() && r.latency.measured > 0 && r.latency.p99Ms <= BenchTargets::latencyP99Ms;
    if (options.runs(QStringLiteral("runner")))
        v.runnerRss = r.runner.peakRssMb && *r.runner.peakRssMb < BenchTargets::runnerPeakRssMb;
    if (options.runs(QStringLiteral("pickup")))
        v.pickup = r.pickup.p99Ms && *r.pickup.p99Ms <= BenchTargets::pickupP99Ms;
    if (options.runs(QStringLiteral("next")))
        v.nextOccurrence = r.nextOccurrence.computations > 0 && r.nextOccurrence.totalMs < BenchTargets::nextOccurrenceTotalMs;
    if (options.runs(QStringLiteral("schedules")))
        v.firing = r.firing.schedules > 0 && r.firing.problem.isEmpty() && r.firing.p99Ms < BenchTargets::firingP99Ms;
    if (options.runs(QStringLiteral("api"))) {
        const ApiResult &a = r.api;
        const bool answered = a.problem.isEmpty();
        v.apiAwaited = answered && a.singleInsertPerSecond > 0
            && a.awaitedPerSecond / a.singleInsertPerSecond >= BenchTargets::apiAwaitedRatio;
        v.apiConcurrent = answered && a.concurrentPerSecond >= BenchTargets::apiConcurrentPerSecond;
        v.apiPaced = answered && a.pacedP99Ms > 0 && a.pacedP99Ms <= BenchTargets::apiPacedP99Ms;
        v.apiEvents = answered && a.events > 0 && a.eventP99Ms <= BenchTargets::apiEventP99Ms;
    }
    if (options.runs(QStringLiteral("watch")))
        v.watch = r.watch.enqueued > 0 && r.watch.problem.isEmpty() && r.watch.p99Ms < BenchTargets::watchP99Ms;
    if (options.runs(QStringLiteral("multistep"))) {
        const MultistepResult &m = r.multistep;
        v.batch = m.problem.isEmpty() && m.batchRatio() >= BenchTargets::batchRatio;
        v.chain = m.problem.isEmpty() && m.chainPerSecond >= BenchTargets::chainPerSecond;
        v.mutex = m.problem.isEmpty() && m.mutexRatio() >= BenchTargets::mutexRatio;
        v.ordered = m.problem.isEmpty() && m.orderedRatio() >= BenchTargets::mutexRatio;
    }
    return v;
}

double rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

QString number(double value, int decimals)
{
    return QLocale(QLocale::English).toString(value, 'f', decimals);
}

QJsonValue jsonVerdict(std::optional<bool> v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QString verdictText(std::optional<bool> v)
{
    return !v ? QStringLiteral("n/a") : *v ? QStringLiteral("PASS") : QStringLiteral("FAIL");
}

} // namespace

QJsonObject toJson(const BenchOptions &options, const BenchResults &r)
{
    const Verdicts v = verdicts(options, r);
    QJsonObject targets{
        {QStringLiteral("end_to_end"), jsonVerdict(v.endToEnd)},
        {QStringLiteral("ratio"), jsonVerdict(v.ratio)},
        {QStringLiteral("latency_p99"), jsonVerdict(v.latency)},
        {QStringLiteral("runner_peak_rss"), jsonVerdict(v.runnerRss)},
        {QStringLiteral("external_pickup_p99"), jsonVerdict(v.pickup)},
        {QStringLiteral("api_awaited_ratio"), jsonVerdict(v.apiAwaited)},
        {QStringLiteral("api_concurrent"), jsonVerdict(v.apiConcurrent)},
        {QStringLiteral("api_request_p99"), jsonVerdict(v.apiPaced)},
        {QStringLiteral("api_event_p99"), jsonVerdict(v.apiEvents)},
        {QStringLiteral("watch_enqueue_p99"), jsonVerdict(v.watch)},
        {QStringLiteral("batch_ratio"), jsonVerdict(v.batch)},
        {QStringLiteral("continuation_chain"), jsonVerdict(v.chain)},
        {QStringLiteral("mutex_ratio"), jsonVerdict(v.mutex)},
        {QStringLiteral("ordered_ratio"), jsonVerdict(v.ordered)},
    };
    QJsonObject o{
        {QStringLiteral("jobs"), options.jobs},
        {QStringLiteral("workers"), options.workers},
        {QStringLiteral("durability"), durabilityName(options.durability)},
        {QStringLiteral("batch"), options.batch},
        {QStringLiteral("enqueue_per_s"), rounded(r.enqueue.perSecond, 1)},
        {QStringLiteral("end_to_end_per_s"), rounded(r.endToEnd.perSecond, 1)},
        {QStringLiteral("end_to_end_s"), rounded(r.endToEnd.seconds, 3)},
        {QStringLiteral("latency_jobs"), r.latency.measured},
        {QStringLiteral("latency_p50_ms"), rounded(r.latency.p50Ms, 3)},
        {QStringLiteral("latency_p90_ms"), rounded(r.latency.p90Ms, 3)},
        {QStringLiteral("latency_p99_ms"), rounded(r.latency.p99Ms, 3)},
        {QStringLiteral("latency_max_ms"), rounded(r.latency.maxMs, 3)},
        {QStringLiteral("baseline_end_to_end_per_s"), rounded(r.baseline.perSecond, 1)},
        {QStringLiteral("baseline_process_per_s"), rounded(r.baseline.processPerSecond, 1)},
        {QStringLiteral("baseline_steps_s"),
         QJsonObject{{QStringLiteral("enqueue"), rounded(r.baseline.enqueueSeconds, 3)},
                     {QStringLiteral("claim"), rounded(r.baseline.claimSeconds, 3)},
                     {QStringLiteral("start"), rounded(r.baseline.startSeconds, 3)},
                     {QStringLiteral("complete"), rounded(r.baseline.completeSeconds, 3)}}},
        {QStringLiteral("ratio"), rounded(ratioOf(r), 3)},
        {QStringLiteral("ratio_process"), rounded(processRatioOf(r), 3)},
        {QStringLiteral("peak_rss_mb"), rounded(r.peakRssMb, 1)},
        {QStringLiteral("runner_peak_rss_mb"),
         r.runner.peakRssMb ? QJsonValue(rounded(*r.runner.peakRssMb, 1)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("external_pickup_p50_ms"), jsonMs(r.pickup.p50Ms)},
        {QStringLiteral("external_pickup_p99_ms"), jsonMs(r.pickup.p99Ms)},
        {QStringLiteral("external_pickup_max_ms"), jsonMs(r.pickup.maxMs)},
        {QStringLiteral("external_pickup_poll_p50_ms"), jsonMs(r.pickupPollOnly.p50Ms)},
        {QStringLiteral("external_pickup_poll_p99_ms"), jsonMs(r.pickupPollOnly.p99Ms)},
        {QStringLiteral("external_pickup_poll_max_ms"), jsonMs(r.pickupPollOnly.maxMs)},
        {QStringLiteral("external_pickup_ratio"), rounded(pickupRatioOf(r), 1)},
        {QStringLiteral("runner_end_to_end_per_s"),
         r.runner.perSecond ? QJsonValue(rounded(*r.runner.perSecond, 1)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("next_occurrence_computations"), r.nextOccurrence.computations},
        {QStringLiteral("next_occurrence_total_ms"), rounded(r.nextOccurrence.totalMs, 2)},
        {QStringLiteral("next_occurrence_us"), rounded(r.nextOccurrence.perComputationUs, 3)},
        {QStringLiteral("next_occurrence_scan_baseline_us"), rounded(r.nextOccurrence.scanPerComputationUs, 1)},
        {QStringLiteral("next_occurrence_scan_ratio"), rounded(scanRatioOf(r), 1)},
        {QStringLiteral("schedules"), r.firing.schedules},
        {QStringLiteral("schedules_fired"), r.firing.fired},
        {QStringLiteral("schedules_load_ms"), rounded(r.firing.loadMs, 1)},
        {QStringLiteral("schedule_delay_p50_ms"), rounded(r.firing.p50Ms, 2)},
        {QStringLiteral("schedule_delay_p99_ms"), rounded(r.firing.p99Ms, 2)},
        {QStringLiteral("schedule_delay_max_ms"), rounded(r.firing.maxMs, 2)},
        {QStringLiteral("schedule_baseline_p50_ms"), rounded(r.firing.baselineP50Ms, 2)},
        {QStringLiteral("schedule_baseline_p99_ms"), rounded(r.firing.baselineP99Ms, 2)},
        {QStringLiteral("api_awaited_per_s"), rounded(r.api.awaitedPerSecond, 1)},
        {QStringLiteral("api_single_insert_per_s"), rounded(r.api.singleInsertPerSecond, 1)},
        {QStringLiteral("api_awaited_no_write_per_s"), rounded(r.api.awaitedNoWritePerSecond, 1)},
        {QStringLiteral("api_concurrent_per_s"), rounded(r.api.concurrentPerSecond, 1)},
        {QStringLiteral("api_concurrent_no_write_per_s"), rounded(r.api.concurrentNoWritePerSecond, 1)},
        {QStringLiteral("api_request_p50_ms"), rounded(r.api.pacedP50Ms, 2)},
        {QStringLiteral("api_request_p99_ms"), rounded(r.api.pacedP99Ms, 2)},
        {QStringLiteral("api_event_p50_ms"), rounded(r.api.eventP50Ms, 2)},
        {QStringLiteral("api_event_p99_ms"), rounded(r.api.eventP99Ms, 2)},
        {QStringLiteral("watched_files"), r.watch.files},
        {QStringLiteral("watched_files_enqueued"), r.watch.enqueued},
        {QStringLiteral("watch_settle_ms"), r.watch.settleMs},
        {QStringLiteral("watch_enqueue_after_settle_p50_ms"), rounded(r.watch.p50Ms, 2)},
        {QStringLiteral("watch_enqueue_after_settle_p99_ms"), rounded(r.watch.p99Ms, 2)},
        {QStringLiteral("watch_enqueue_after_settle_max_ms"), rounded(r.watch.maxMs, 2)},
        {QStringLiteral("batch_jobs"), r.multistep.batchJobs},
        {QStringLiteral("plain_jobs_per_s"), rounded(r.multistep.plainPerSecond, 0)},
        {QStringLiteral("batch_jobs_per_s"), rounded(r.multistep.batchPerSecond, 0)},
        {QStringLiteral("batch_ratio"), rounded(r.multistep.batchRatio(), 3)},
        {QStringLiteral("mutex_jobs_per_s"), rounded(r.multistep.mutexPerSecond, 0)},
        {QStringLiteral("mutex_ratio"), rounded(r.multistep.mutexRatio(), 3)},
        {QStringLiteral("ordered_jobs_per_s"), rounded(r.multistep.orderedPerSecond, 0)},
        {QStringLiteral("ordered_ratio"), rounded(r.multistep.orderedRatio(), 3)},
        {QStringLiteral("chain_links"), r.multistep.chainLinks},
        {QStringLiteral("chain_links_per_s"), rounded(r.multistep.chainPerSecond, 0)},
        {QStringLiteral("targets_met"), targets},
        {QStringLiteral("all_targets_met"), v.all()},
        {QStringLiteral("notes"), QJsonArray::fromStringList(r.notes)},
    };
    return o;
}

QString toTable(const BenchOptions &options, const BenchResults &r)
{
    const Verdicts v = verdicts(options, r);
    struct Row {
        QString metric, value, target, verdict;
    };
    const QString none = QStringLiteral("-");
    const QString na = QStringLiteral("n/a");
    std::vector<Row> rows = {
        {QStringLiteral("enqueue rate"), number(r.enqueue.perSecond, 0) + QStringLiteral(" jobs/s"), none, none},
        {QStringLiteral("end-to-end rate"), number(r.endToEnd.perSecond, 0) + QStringLiteral(" jobs/s"),
         QStringLiteral(">= ") + number(BenchTargets::endToEndPerSecond, 0), verdictText(v.endToEnd)},
        {QStringLiteral("baseline (raw SQLite, 4 steps)"), number(r.baseline.perSecond, 0) + QStringLiteral(" jobs/s"),
         none, none},
        {QStringLiteral("baseline without enqueue"), number(r.baseline.processPerSecond, 0) + QStringLiteral(" jobs/s"),
         none, none},
        {QStringLiteral("ratio end-to-end / baseline"), number(ratioOf(r), 3),
         QStringLiteral(">= ") + number(BenchTargets::ratio, 2), verdictText(v.ratio)},
        {QStringLiteral("ratio vs baseline without enqueue"), number(processRatioOf(r), 3), none, none},
        {QStringLiteral("enqueue-to-start p50"), number(r.latency.p50Ms, 2) + QStringLiteral(" ms"), none, none},
        {QStringLiteral("enqueue-to-start p99"), number(r.latency.p99Ms, 2) + QStringLiteral(" ms"),
         QStringLiteral("<= ") + number(BenchTargets::latencyP99Ms, 0) + QStringLiteral(" ms"), verdictText(v.latency)},
        {QStringLiteral("enqueue-to-start max"), number(r.latency.maxMs, 2) + QStringLiteral(" ms"), none, none},
        {QStringLiteral("bench peak RSS"), number(r.peakRssMb, 1) + QStringLiteral(" MB"), none, none},
        {QStringLiteral("runner peak RSS"),
         r.runner.peakRssMb ? number(*r.runner.peakRssMb, 1) + QStringLiteral(" MB") : na,
         QStringLiteral("< ") + number(BenchTargets::runnerPeakRssMb, 0) + QStringLiteral(" MB"),
         verdictText(v.runnerRss)},
        {QStringLiteral("runner process rate (with start-up)"),
         r.runner.perSecond ? number(*r.runner.perSecond, 0) + QStringLiteral(" jobs/s") : na, none, none},
        {QStringLiteral("other process's enqueue to start p50"),
         r.pickup.p50Ms ? number(*r.pickup.p50Ms, 1) + QStringLiteral(" ms") : na, none, none},
        {QStringLiteral("other process's enqueue to start p99"),
         r.pickup.p99Ms ? number(*r.pickup.p99Ms, 1) + QStringLiteral(" ms") : na,
         QStringLiteral("<= ") + number(BenchTargets::pickupP99Ms, 0) + QStringLiteral(" ms"), verdictText(v.pickup)},
        {QStringLiteral("other process's enqueue to start max"),
         r.pickup.maxMs ? number(*r.pickup.maxMs, 1) + QStringLiteral(" ms") : na, none, none},
        {QStringLiteral("other process's enqueue, poll alone (baseline): p50 / p99"),
         r.pickupPollOnly.p50Ms && r.pickupPollOnly.p99Ms
             ? number(*r.pickupPollOnly.p50Ms, 1) + QStringLiteral(" / ") + number(*r.pickupPollOnly.p99Ms, 1)
                 + QStringLiteral(" ms")
             : na,
         none, none},
        {QStringLiteral("other process's enqueue, ratio p99 poll alone / wake-up"),
         number(pickupRatioOf(r), 1) + QStringLiteral("x"), none, none},
    };
    if (r.nextOccurrence.computations > 0) {
        rows.push_back({QStringLiteral("10,000 next-occurrence computations"),
                        number(r.nextOccurrence.totalMs, 1) + QStringLiteral(" ms"),
                        QStringLiteral("< ") + number(BenchTargets::nextOccurrenceTotalMs, 0) + QStringLiteral(" ms"),
                        verdictText(r.nextOccurrence.totalMs < BenchTargets::nextOccurrenceTotalMs)});
        rows.push_back({QStringLiteral("next occurrence, per computation"),
                        number(r.nextOccurrence.perComputationUs, 2) + QStringLiteral(" us"), none, none});
        rows.push_back({QStringLiteral("baseline: second-by-second scan"),
                        number(r.nextOccurrence.scanPerComputationUs, 0) + QStringLiteral(" us"), none, none});
        rows.push_back({QStringLiteral("ratio scan / field-by-field"), number(scanRatioOf(r), 0) + QStringLiteral("x"),
                        none, none});
    }
    if (r.firing.schedules > 0) {
        const bool met = r.firing.problem.isEmpty() && r.firing.p99Ms < BenchTargets::firingP99Ms;
        rows.push_back({QStringLiteral("10,000 schedules: loading them"), number(r.firing.loadMs, 0) + QStringLiteral(" ms"),
                        none, none});
        rows.push_back({QStringLiteral("due time to enqueue p50"), number(r.firing.p50Ms, 2) + QStringLiteral(" ms"), none, none});
        rows.push_back({QStringLiteral("due time to enqueue p99"), number(r.firing.p99Ms, 2) + QStringLiteral(" ms"),
                        QStringLiteral("< ") + number(BenchTargets::firingP99Ms, 0) + QStringLiteral(" ms"), verdictText(met)});
        rows.push_back({QStringLiteral("due time to enqueue max"), number(r.firing.maxMs, 2) + QStringLiteral(" ms"), none, none});
        rows.push_back({QStringLiteral("baseline: bare timer, p50 / p99"),
                        number(r.firing.baselineP50Ms, 2) + QStringLiteral(" / ") + number(r.firing.baselineP99Ms, 2)
                            + QStringLiteral(" ms"),
                        none, none});
        rows.push_back({QStringLiteral("ratio p99 scheduler / baseline"),
                        number(r.firing.baselineP99Ms > 0 ? r.firing.p99Ms / r.firing.baselineP99Ms : 0, 2), none, none});
    }
    if (options.runs(QStringLiteral("api"))) {
        const ApiResult &a = r.api;
        const double ratio = a.singleInsertPerSecond > 0 ? a.awaitedPerSecond / a.singleInsertPerSecond : 0;
        rows.push_back({QStringLiteral("API: one client, each POST awaited"), number(a.awaitedPerSecond, 0) + QStringLiteral(" jobs/s"),
                        none, none});
        rows.push_back({QStringLiteral("baseline: raw SQLite, one insert per commit"),
                        number(a.singleInsertPerSecond, 0) + QStringLiteral(" jobs/s"), none, none});
        rows.push_back({QStringLiteral("ratio awaited POST / one-insert commit"), number(ratio, 2),
                        QStringLiteral(">= ") + number(BenchTargets::apiAwaitedRatio, 1), verdictText(v.apiAwaited)});
        rows.push_back({QStringLiteral("API: one client, answered without writing"),
                        number(a.awaitedNoWritePerSecond, 0) + QStringLiteral(" requests/s"), none, none});
        rows.push_back({QStringLiteral("API: %1 clients at once").arg(a.clients), number(a.concurrentPerSecond, 0) + QStringLiteral(" jobs/s"),
                        QStringLiteral(">= ") + number(BenchTargets::apiConcurrentPerSecond, 0), verdictText(v.apiConcurrent)});
        rows.push_back({QStringLiteral("API: %1 clients, answered without writing").arg(a.clients),
                        number(a.concurrentNoWritePerSecond, 0) + QStringLiteral(" requests/s"), none, none});
        rows.push_back({QStringLiteral("API request at %1/s: p50 / max").arg(number(a.pacedRate, 0)),
                        number(a.pacedP50Ms, 2) + QStringLiteral(" / ") + number(a.pacedMaxMs, 2) + QStringLiteral(" ms"), none, none});
        rows.push_back({QStringLiteral("API request at %1/s: p99").arg(number(a.pacedRate, 0)), number(a.pacedP99Ms, 2) + QStringLiteral(" ms"),
                        QStringLiteral("<= ") + number(BenchTargets::apiPacedP99Ms, 0) + QStringLiteral(" ms"), verdictText(v.apiPaced)});
        rows.push_back({QStringLiteral("commit to /api/events: p50 / max"),
                        number(a.eventP50Ms, 2) + QStringLiteral(" / ") + number(a.eventMaxMs, 2) + QStringLiteral(" ms"), none, none});
        rows.push_back({QStringLiteral("commit to /api/events: p99 (%1 jobs)").arg(a.events), number(a.eventP99Ms, 2) + QStringLiteral(" ms"),
                        QStringLiteral("<= ") + number(BenchTargets::apiEventP99Ms, 0) + QStringLiteral(" ms"), verdictText(v.apiEvents)});
    }
    if (r.watch.files > 0) {
        const bool met = r.watch.problem.isEmpty() && r.watch.p99Ms < BenchTargets::watchP99Ms;
        rows.push_back({QStringLiteral("watched folder: complete file to enqueue, minus settle p50"),
                        number(r.watch.p50Ms, 2) + QStringLiteral(" ms"), none, none});
        rows.push_back({QStringLiteral("watched folder: complete file to enqueue, minus settle p99"),
                        number(r.watch.p99Ms, 2) + QStringLiteral(" ms"),
                        QStringLiteral("< ") + number(BenchTargets::watchP99Ms, 0) + QStringLiteral(" ms"), verdictText(met)});
        rows.push_back({QStringLiteral("watched folder: complete file to enqueue, minus settle max"),
                        number(r.watch.maxMs, 2) + QStringLiteral(" ms"), none, none});
    }
    if (options.runs(QStringLiteral("multistep"))) {
        const MultistepResult &m = r.multistep;
        rows.push_back({QStringLiteral("%1 plain noop jobs, enqueue + run").arg(number(m.batchJobs, 0)),
                        number(m.plainPerSecond, 0) + QStringLiteral(" jobs/s"), none, none});
        rows.push_back({QStringLiteral("the same as one batch, until its completion job ran"),
                        number(m.batchPerSecond, 0) + QStringLiteral(" jobs/s"), none, none});
        rows.push_back({QStringLiteral("ratio batch / plain jobs"), number(m.batchRatio(), 2),
                        QStringLiteral(">= ") + number(BenchTargets::batchRatio, 1), verdictText(v.batch)});
        rows.push_back({QStringLiteral("the same, each holding one of %1 mutexes").arg(m.mutexNames),
                        number(m.mutexPerSecond, 0) + QStringLiteral(" jobs/s"), none, none});
        rows.push_back({QStringLiteral("ratio mutexes / plain jobs"), number(m.mutexRatio(), 2),
                        QStringLiteral(">= ") + number(BenchTargets::mutexRatio, 1), verdictText(v.mutex)});
        rows.push_back({QStringLiteral("the same, under one of %1 ordering keys").arg(m.orderKeys),
                        number(m.orderedPerSecond, 0) + QStringLiteral(" jobs/s"), none, none});
        rows.push_back({QStringLiteral("ratio ordering keys / plain jobs"), number(m.orderedRatio(), 2),
                        QStringLiteral(">= ") + number(BenchTargets::mutexRatio, 1), verdictText(v.ordered)});
        rows.push_back({QStringLiteral("chain of %1 continuations").arg(number(m.chainLinks, 0)),
                        number(m.chainPerSecond, 0) + QStringLiteral(" jobs/s"),
                        QStringLiteral(">= ") + number(BenchTargets::chainPerSecond, 0), verdictText(v.chain)});
    }
    // Rows of measurements --only left out say nothing: they go.
    const auto measuredBy = [](const QString &metric) {
        if (metric.startsWith(QLatin1String("enqueue rate")))
            return QStringLiteral("enqueue");
        if (metric.startsWith(QLatin1String("end-to-end")))
            return QStringLiteral("end-to-end");
        if (metric.startsWith(QLatin1String("baseline (")) || metric.startsWith(QLatin1String("baseline without"))
            || metric.startsWith(QLatin1String("ratio end-to-end")) || metric.startsWith(QLatin1String("ratio vs")))
            return QStringLiteral("baseline");
        if (metric.startsWith(QLatin1String("enqueue-to-start")))
            return QStringLiteral("latency");
        if (metric.startsWith(QLatin1String("runner")))
            return QStringLiteral("runner");
        if (metric.startsWith(QLatin1String("other process")))
            return QStringLiteral("pickup");
        return QString();
    };
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [&](const Row &row) {
                                  const QString id = measuredBy(row.metric);
                                  return !id.isEmpty() && !options.runs(id);
                              }),
               rows.end());
    const QString header = QStringLiteral("Metric");
    int widths[3] = {int(header.size()), 5, 6};
    for (const Row &row : rows) {
        widths[0] = std::max(widths[0], int(row.metric.size()));
        widths[1] = std::max(widths[1], int(row.value.size()));
        widths[2] = std::max(widths[2], int(row.target.size()));
    }
    const auto line = [&](const QString &a, const QString &b, const QString &c, const QString &d) {
        return a.leftJustified(widths[0]) + QStringLiteral("  ") + b.rightJustified(widths[1]) + QStringLiteral("  ")
            + c.leftJustified(widths[2]) + QStringLiteral("  ") + d + u'\n';
    };
    QString out = QStringLiteral("jobdeck-bench: %1 noop jobs, %2 workers, durability %3, %4 latency jobs at %5/s\n\n")
                      .arg(options.jobs)
                      .arg(options.workers)
                      .arg(durabilityName(options.durability))
                      .arg(r.latency.submitted)
                      .arg(1000 / options.latencyIntervalMs);
    out += line(header, QStringLiteral("Value"), QStringLiteral("Target"), QStringLiteral("Result"));
    out += line(QString(widths[0], u'-'), QString(widths[1], u'-'), QString(widths[2], u'-'), QStringLiteral("------"));
    for (const Row &row : rows)
        out += line(row.metric, row.value, row.target, row.verdict);
    out += QStringLiteral("\nall targets met: %1\n").arg(v.all() ? QStringLiteral("yes") : QStringLiteral("no"));
    for (const QString &note : r.notes)
        out += QStringLiteral("note: %1\n").arg(note);
    return out;
}

} // namespace jobdeck::bench
