#include "MetricsRoute.h"

#include "ApiJson.h"
#include "JobMetrics.h"
#include "PrometheusText.h"
#include "model/JobState.h"
#include "runner/Engine.h"
#include "schedule/Scheduler.h"
#include "storage/QueueSummary.h"
#include "storage/ReadThread.h"

namespace jobdeck {

MetricsRoute::MetricsRoute(Engine &engine, ReadThread &reads, ApiRouter &router, QObject *parent)
    : QObject(parent), m_engine(engine), m_reads(reads), m_jobs(new JobMetrics(engine, this))
{
    router.add("GET", QStringLiteral("/metrics"),
               [this](const ApiRequest &, const RouteParams &, const ApiReply &reply) { serve(reply); });
}

MetricsRoute::~MetricsRoute() = default;

void MetricsRoute::serve(const ApiReply &reply)
{
    const qint64 now = m_engine.clock().nowMs();
    // The database's part on the read thread, then this runner's own figures here.
    m_reads.read<PrometheusText>(
        this,
        [now](StoreReader &reader) {
            PrometheusText out;
            const std::vector<QueueSummary> queues = QueueSummary::read(reader);
            out.family("jobdeck_jobs", "gauge", QStringLiteral("Jobs in the database, by queue and state."));
            for (const QueueSummary &q : queues) {
                for (const JobState state : allStates())
                    out.sample("jobdeck_jobs", {{"queue", q.name}, {"state", stateName(state)}}, double(q.count(state)));
            }
            out.family("jobdeck_queue_oldest_job_age_seconds", "gauge",
                       QStringLiteral("How long the oldest queued job of each queue has waited since it was due (0: none waits)."));
            for (const QueueSummary &q : queues) {
                const qint64 since = reader.oldestQueuedSinceMs(q.name);
                out.sample("jobdeck_queue_oldest_job_age_seconds", {{"queue", q.name}},
                           since > 0 ? std::max<qint64>(0, now - since) / 1000.0 : 0.0);
            }
            out.family("jobdeck_queue_paused", "gauge", QStringLiteral("1 when the queue is paused."));
            for (const QueueSummary &q : queues)
                out.sample("jobdeck_queue_paused", {{"queue", q.name}}, q.paused ? 1 : 0);
            out.family("jobdeck_database_size_bytes", "gauge",
                       QStringLiteral("The database: SQLite's file with its write-ahead log, or PostgreSQL's database on its server."));
            out.sample("jobdeck_database_size_bytes", {}, double(reader.databaseBytes()));
            return out;
        },
        [this, reply](const PrometheusText &database) { reply.send(HttpResponse::text(200, PrometheusText::kContentType, withRunner(database))); },
        [reply](const QString &message) { reply.send(ApiJson::storeFailed(message)); });
}

QByteArray MetricsRoute::withRunner(PrometheusText out) const
{
    m_jobs->write(out);
    out.family("jobdeck_workers", "gauge", QStringLiteral("Worker threads of this runner."));
    out.sample("jobdeck_workers", {}, m_engine.workers());
    // A runner started with --workers MIN..MAX scales between these; a fixed pool's are both its size.
    const WorkerRange range = m_engine.workerRange();
    out.family("jobdeck_workers_min", "gauge", QStringLiteral("The fewest worker threads this runner scales down to."));
    out.sample("jobdeck_workers_min", {}, range.min);
    out.family("jobdeck_workers_max", "gauge", QStringLiteral("The most worker threads this runner scales up to."));
    out.sample("jobdeck_workers_max", {}, range.max);
    out.family("jobdeck_workers_busy", "gauge", QStringLiteral("Worker threads of this runner running a job now."));
    out.sample("jobdeck_workers_busy", {}, m_engine.busyWorkers());
    out.family("jobdeck_scheduler_leader", "gauge", QStringLiteral("1 when this runner fires the schedules."));
    out.sample("jobdeck_scheduler_leader", {}, m_engine.scheduler().isLeader() ? 1 : 0);
    out.family("jobdeck_scheduler_lag_seconds", "gauge",
               QStringLiteral("How late this runner's last round of firing was behind its earliest due occurrence."));
    out.sample("jobdeck_scheduler_lag_seconds", {}, m_engine.scheduler().lastLagMs() / 1000.0);
    return out.text();
}

} // namespace jobdeck
