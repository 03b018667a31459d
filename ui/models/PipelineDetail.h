#pragma once

#include "LiveReload.h"
#include "model/Pipeline.h"

#include <QObject>
#include <optional>

namespace jobdeck {

class Engine;
class ReadThread;

// One pipeline with its steps and compensations, read on the read thread and again (at most a few times a second)
// while jobs change here or in another process and the view is live. Main thread only.
class PipelineDetail final : public QObject {
    Q_OBJECT
public:
    PipelineDetail(Engine &engine, ReadThread &reads, QObject *parent = nullptr);

    // Follows this pipeline; 0: none.
    void setPipeline(qint64 id);
    qint64 pipelineId() const { return m_id; }
    // The last read of it; unset before the first read, for none, or once it was deleted.
    const std::optional<PipelineRecord> &pipeline() const { return m_pipeline; }
    void setLive(bool live) { m_reload.setLive(live); }

Q_SIGNALS:
    void loaded();
    void readFailed(const QString &message);

private:
    void read();

    ReadThread &m_reads;
    qint64 m_id = 0;
    std::optional<PipelineRecord> m_pipeline;
    LiveReload m_reload;
};

} // namespace jobdeck
