#pragma once

#include "JobRowsModel.h"

#include <QTimer>

namespace jobdeck {

class Engine;
class ReadThread;

// The jobs of one batch in the order they were created: the first kPage of them, more as a view scrolls down.
// Read on the read thread, and again (at most a few times a second) while its jobs change here or in another
// process. The selection stays with its jobs. Main thread only.
class BatchJobsModel final : public JobRowsModel {
    Q_OBJECT
public:
    static constexpr int kPage = 1000;

    BatchJobsModel(Engine &engine, ReadThread &reads, QObject *parent = nullptr);

    // Shows this batch's jobs; 0: none.
    void setBatch(qint64 batchId);
    qint64 batchId() const { return m_batchId; }
    void refresh();
    bool hasLoaded() const { return m_loaded; }

    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void loaded();
    void readFailed(const QString &message);

protected:
    qint64 nowMs() const override;

private:
    void refreshSoon();

    Engine &m_engine;
    ReadThread &m_reads;
    qint64 m_batchId = 0;
    int m_limit = kPage;
    bool m_full = false; // the last read filled the limit: more may follow
    bool m_reading = false;
    bool m_stale = false;
    bool m_loaded = false;
    QTimer m_refresh;
};

} // namespace jobdeck
