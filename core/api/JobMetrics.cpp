#include "JobMetrics.h"

#include "PrometheusText.h"
#include "model/JobState.h"
#include "runner/Engine.h"

namespace jobdeck {

JobMetrics::JobMetrics(Engine &engine, QObject *parent) : QObject(parent)
{
    connect(&engine, &Engine::jobsChanged, this, &JobMetrics::onEvents);
}

void JobMetrics::onEvents(const QList<JobEvent> &events)
{
    for (const JobEvent &e : events) {
        if (e.removed)
            continue;
        if (e.to == JobState::Running && e.from != JobState::Running) {
            m_startedAt.insert(e.jobId, e.atMs);
            continue;
        }
        if (e.from == JobState::Running && e.to != JobState::Running) {
            if (const auto it = m_startedAt.constFind(e.jobId); it != m_startedAt.cend()) {
                const double seconds = std::max<qint64>(0, e.atMs - it.value()) / 1000.0;
                Histogram &h = m_durations[e.kind];
                const auto bucket = std::lower_bound(kBucketsSeconds.begin(), kBucketsSeconds.end(), seconds);
                if (bucket != kBucketsSeconds.end())
                    ++h.buckets[std::size_t(bucket - kBucketsSeconds.begin())];
                ++h.count;
                h.sumSeconds += seconds;
                m_startedAt.erase(it);
            }
        }
        if (isFinal(e.to) && e.from != e.to)
            ++m_finished[{e.queue, stateName(e.to)}];
    }
}

void JobMetrics::write(PrometheusText &out) const
{
    out.family("jobdeck_jobs_finished_total", "counter",
               QStringLiteral("Jobs that ended while this runner ran, by queue and outcome."));
    for (const auto &[key, count] : m_finished)
        out.sample("jobdeck_jobs_finished_total", {{"queue", key.first}, {"outcome", key.second}}, double(count));

    out.family("jobdeck_attempt_duration_seconds", "histogram",
               QStringLiteral("How long the attempts this runner ran took, by kind."));
    for (const auto &[kind, h] : m_durations) {
        qint64 cumulative = 0;
        for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
            cumulative += h.buckets[i];
            out.sample("jobdeck_attempt_duration_seconds_bucket", {{"kind", kind}, {"le", QString::number(kBucketsSeconds[i])}},
                       double(cumulative));
        }
        out.sample("jobdeck_attempt_duration_seconds_bucket", {{"kind", kind}, {"le", QStringLiteral("+Inf")}}, double(h.count));
        out.sample("jobdeck_attempt_duration_seconds_sum", {{"kind", kind}}, h.sumSeconds);
        out.sample("jobdeck_attempt_duration_seconds_count", {{"kind", kind}}, double(h.count));
    }
}

} // namespace jobdeck
