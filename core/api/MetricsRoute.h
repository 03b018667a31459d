#pragma once

#include "ApiRouter.h"
#include "PrometheusText.h"

#include <QObject>
#include <memory>

namespace jobdeck {

class Engine;
class JobMetrics;
class ReadThread;

// GET /metrics: the runner and its database in Prometheus' text format — jobs by queue and state, jobs ended
// and attempt durations (this runner's, since it started), the age of the oldest queued job by queue, workers
// busy and in all, the scheduler's lag and the database's size. Main thread only.
class MetricsRoute final : public QObject {
    Q_OBJECT
public:
    // The database's figures are read on `reads`, kept by ApiService.
    MetricsRoute(Engine &engine, ReadThread &reads, ApiRouter &router, QObject *parent = nullptr);
    ~MetricsRoute() override;

private:
    void serve(const ApiReply &reply);
    // The database's figures followed by this runner's.
    QByteArray withRunner(PrometheusText database) const;

    Engine &m_engine;
    ReadThread &m_reads;
    JobMetrics *m_jobs;
};

} // namespace jobdeck
