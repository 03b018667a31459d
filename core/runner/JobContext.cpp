#include "JobContext.h"

#include "model/Clock.h"
#include "storage/JobStore.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace jobdeck {

JobContext::JobContext(std::shared_ptr<RunState> state, JobStore &store, const Clock &clock, int logCap)
    : m_state(std::move(state)), m_store(store), m_clock(clock), m_logCap(logCap), m_logged(m_state->job.logCount)
{
    m_payload = QJsonDocument::fromJson(m_state->job.payload).object();
    if (!m_state->job.checkpoint.isEmpty()) {
        // Wrapped so a checkpoint may be any JSON value, not only an object.
        const auto doc = QJsonDocument::fromJson("[" + m_state->job.checkpoint + "]");
        if (doc.isArray() && !doc.array().isEmpty())
            m_checkpoint = doc.array().first();
    }
}

QJsonArray JobContext::parents() const
{
    return QJsonDocument::fromJson(m_state->job.parents).array();
}

QJsonObject JobContext::batch() const
{
    return QJsonDocument::fromJson(m_state->job.batch).object();
}

QString JobContext::databasePath() const
{
    return m_store.location();
}

bool JobContext::saveCheckpoint(const QJsonValue &value)
{
    QJsonArray wrapper{value};
    QByteArray json = QJsonDocument(wrapper).toJson(QJsonDocument::Compact);
    json = json.mid(1, json.size() - 2);
    const BatchResult r = m_store.apply({SaveCheckpoint{jobId(), json, m_clock.nowMs()}});
    if (r.ok)
        m_checkpoint = value;
    return r.ok;
}

void JobContext::setProgress(double fraction, const QString &text)
{
    m_state->setProgress(fraction, text);
}

void JobContext::log(LogLevel level, const QString &text)
{
    if (m_logged > m_logCap)
        return;
    LogLine line{0, m_clock.nowMs(), level, m_state->job.attemptNumber, text.left(kLineLengthCap)};
    if (text.size() > kLineLengthCap)
        line.text += QStringLiteral(" … [line cut at %1 characters]").arg(kLineLengthCap);
    if (m_logged == m_logCap) {
        line.level = LogLevel::Error;
        line.text = QStringLiteral("[log cap of %1 lines per job reached; further lines are dropped]").arg(m_logCap);
    }
    ++m_logged;
    m_state->relayLog(line);
    m_store.submit({AppendLog{jobId(), line}});
}

void JobContext::throwIfCancelled() const
{
    if (isCancellationRequested())
        throw JobCancelled();
}

bool JobContext::sleepFor(qint64 ms)
{
    return !m_state->cancel.waitForCancel(ms);
}

void JobContext::fail(const QString &message, bool retryable)
{
    throw JobFailure(message, retryable);
}

} // namespace jobdeck
