#pragma once

#include "ThreadCalls.h"
#include "storage/JobStore.h"

#include <QObject>
#include <QTimer>
#include <functional>

namespace jobdeck {

class Clock;
class StoreReader;

// Retention: now and then deletes finished jobs, and log lines, older than the retention period (the store's
// "retention_ms" setting; 0 or unset keeps everything), and per-minute figures older than a week. It works in
// small batches through the writer, one after the other, so runners' writes never wait behind a long delete.
// Main thread only.
class Pruner final : public QObject {
    Q_OBJECT
public:
    static constexpr int kBatch = 500;
    static constexpr int kIntervalMs = 5 * 60'000;
    static constexpr qint64 kMinutesKeptMs = 7 * 24 * 3'600'000LL;
    static inline const QString kSetting = QStringLiteral("retention_ms");

    // How batches are written: the engine's submit, so deletions reach its listeners as events.
    using Submit = std::function<void(WriteBatch, JobStore::Done)>;

    Pruner(Submit submit, StoreReader &reader, const Clock &clock, QObject *parent = nullptr);

    // Prunes soon, then every kIntervalMs.
    void start(int firstDelayMs = 10'000);
    void stop();
    // One pass now (batches until nothing old is left).
    void pruneNow();

Q_SIGNALS:
    // A pass finished; `removed` counts the jobs and log lines it deleted.
    void pruned(qint64 removed);
    void failed(const QString &message);

private:
    void batch(qint64 beforeMs, qint64 removedSoFar);

    Submit m_submit;
    StoreReader &m_reader;
    const Clock &m_clock;
    QTimer m_timer;
    bool m_running = false; // a pass is in progress
    ThreadCalls m_calls; // the writer's answers, run on this object's thread
};

} // namespace jobdeck
