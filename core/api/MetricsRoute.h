#pragma once

#include "ApiRouter.h"

#include <QObject>
#include <memory>

namespace jobdeck {

class Engine;
class JobMetrics;
class StoreReader;

// GET /metrics: the runner and its database in Prometheus' text format — jobs by queue and state, jobs ended
// and attempt durations (this runner's, since it started), the age of the oldest queued job by queue, workers
// busy and in all, the scheduler's lag and the database's size. Main thread only.
class MetricsRoute final : public QObject {
    Q_OBJECT
public:
    // `reader` is the API's one read connection, kept by ApiService.
    MetricsRoute(Engine &engine, StoreReader &reader, ApiRouter &router, QObject *parent = nullptr);
    ~MetricsRoute() override;

private:
    void serve(const ApiReply &reply);

    Engine &m_engine;
    StoreReader &m_reader;
    JobMetrics *m_jobs;
};

} // namespace jobdeck
