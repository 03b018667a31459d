#include "PipelineDetail.h"

#include "runner/Engine.h"
#include "storage/ReadThread.h"

namespace jobdeck {

namespace {

constexpr int kReloadDelayMs = 250; // coalesces bursts of job events

} // namespace

PipelineDetail::PipelineDetail(Engine &engine, ReadThread &reads, QObject *parent)
    : QObject(parent), m_reads(reads), m_reload(kReloadDelayMs, [this] { read(); }, this)
{
    // Any job event may be one of its steps starting, retrying or ending: a read is cheap next to a wrong picture.
    connect(&engine, &Engine::externalChange, this, [this] {
        if (m_id > 0)
            m_reload.soon();
    });
    connect(&engine, &Engine::jobsChanged, this, [this] {
        if (m_id > 0)
            m_reload.soon();
    });
}

void PipelineDetail::setPipeline(qint64 id)
{
    if (id == m_id)
        return;
    m_id = id;
    m_pipeline.reset();
    Q_EMIT loaded();
    if (id > 0)
        m_reload.now();
}

void PipelineDetail::read()
{
    const qint64 id = m_id;
    if (id <= 0) {
        m_reload.finished();
        return;
    }
    m_reads.read<std::optional<PipelineRecord>>(
        this, [id](StoreReader &reader) { return reader.pipeline(id); },
        [this, id](const std::optional<PipelineRecord> &pipeline) {
            m_reload.finished();
            if (id != m_id) // another pipeline was selected meanwhile; finished() reads that one
                return;
            m_pipeline = pipeline;
            Q_EMIT loaded();
        },
        [this](const QString &message) {
            m_reload.finished();
            Q_EMIT readFailed(message);
        });
}

} // namespace jobdeck
