#pragma once

#include "ThreadCalls.h"
#include "model/JobRecord.h"
#include "model/JobSpec.h"

#include <QHash>
#include <QObject>
#include <QTimer>
#include <memory>
#include <vector>

namespace jobdeck {

class Engine;
class StoreReader;
struct BatchResult;
struct ClaimedJob;

// A job kept running while a runner runs: a continuous job of the jobs folder.
struct ContinuousJob {
    JobSpec spec;        // kind: the job's name; continuous, with an idempotency key so that it has one row for good
    QByteArray revision; // changes with its script or settings; the running job then starts again
};

// Keeps the engine's continuous jobs running. Each has one job row and each run of it is an attempt. The row is
// claimed by one runner (another finds it running), run on a thread of its own rather than a worker, and when
// the run ends it waits in `scheduled` or `failed` until its restart time (see AttemptResolver), then is claimed
// again. Runs are told to stop as soon as the engine stops; a job a user cancels stays stopped until requeued.
// Main thread only.
class ContinuousSupervisor final : public QObject {
    Q_OBJECT
public:
    explicit ContinuousSupervisor(Engine &engine);
    ~ContinuousSupervisor() override;

    void setJobs(std::vector<ContinuousJob> jobs);
    void start();
    void stop();
    // Something may be claimable now (a pause lifted, a job requeued by another process).
    void wake();

private:
    void onEvents(const QList<JobEvent> &events);
    void claim();
    void onClaimed(const BatchResult &result, const QStringList &kinds, const QHash<QString, QByteArray> &revisions);
    void release(const ClaimedJob &job);
    void stopOutdatedRuns();
    void restartAt(qint64 atMs);
    QStringList kindsNotRunningHere() const;

    Engine &m_engine;
    std::unique_ptr<StoreReader> m_reader;
    QHash<QString, ContinuousJob> m_jobs;    // by kind
    QHash<qint64, QByteArray> m_runRevision; // job id -> the revision its run started with
    QTimer m_claimSoon;
    QTimer m_restartTimer;
    qint64 m_restartAtMs = 0;
    bool m_active = false;
    bool m_claimInFlight = false;
    bool m_claimAgain = false;
    ThreadCalls m_calls; // the writer's answers, run on this object's thread
};

} // namespace jobdeck
