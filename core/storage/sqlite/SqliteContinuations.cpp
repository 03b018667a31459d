#include "SqliteContinuations.h"

#include "SqliteJobRows.h"
#include "model/JobJson.h"
#include "storage/StoreError.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QVariant>

namespace jobdeck {

namespace {

QString endedPhrase(qint64 parentId, const QString &ended)
{
    if (ended == stateName(JobState::Succeeded))
        return QStringLiteral("parent %1 succeeded").arg(parentId);
    if (ended == stateName(JobState::Dead))
        return QStringLiteral("parent %1 ended dead").arg(parentId);
    return QStringLiteral("parent %1 was %2").arg(parentId).arg(ended);
}

} // namespace

SqliteContinuations::SqliteContinuations(SqlStatementCache &statements, Move move)
    : m_statements(statements), m_move(std::move(move))
{
}

void SqliteContinuations::addParents(qint64 jobId, const JobSpec &spec, qint64 nowMs, std::vector<JobEvent> &events)
{
    // A parent that has already ended counts as ended; one that does not exist is refused, since nothing would
    // ever release the child.
    // On PostgreSQL a parent's end may be committing beside this without the writer lock: the parent's row is
    // locked, so either that end waits for this edge (and then sees it), or this waits for the end (and reads it).
    const bool postgres = m_statements.dialect() == SqlDialect::Postgres;
    auto &add = statement(QStringLiteral(
        "INSERT INTO job_parents (parent_id, job_id, ended) SELECT j.id, ?, "
        "CASE WHEN j.state IN ('succeeded', 'dead', 'cancelled') THEN j.state END "
        "FROM json_each(?) p JOIN jobs j ON j.id = CAST(p.value AS BIGINT)%1")
                              .arg(postgres ? QStringLiteral(" FOR SHARE OF j") : QString()));
    add.bindValue(0, jobId);
    add.bindValue(1, SqliteJobRows::idList(spec.after));
    add.exec();
    if (size_t(add.numRowsAffected()) != spec.after.size()) {
        auto &missing = statement(QStringLiteral(
            "SELECT p.value FROM json_each(?) p WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE id = CAST(p.value AS BIGINT)) LIMIT 1"));
        missing.bindValue(0, SqliteJobRows::idList(spec.after));
        missing.exec();
        const qint64 id = missing.next() ? missing.value(0).toLongLong() : 0;
        missing.finish();
        throw StoreError(QStringLiteral("there is no job %1 to wait for").arg(id), StoreErrorCode::NotFound);
    }
    settle(jobId, nowMs, events);
    drain(events);
}

void SqliteContinuations::jobMoved(qint64 jobId, JobState from, JobState to, qint64 atMs, std::vector<JobEvent> &events)
{
    if (isFinal(to))
        m_work.push_back({jobId, stateName(to), atMs});
    else if (isFinal(from))
        m_work.push_back({jobId, QString(), atMs});
    else
        return;
    drain(events);
}

void SqliteContinuations::jobDeleted(qint64 jobId, qint64 atMs, std::vector<JobEvent> &events)
{
    m_work.push_back({jobId, QStringLiteral("deleted"), atMs});
    drain(events);
}

void SqliteContinuations::drain(std::vector<JobEvent> &events)
{
    if (m_draining)
        return;
    m_draining = true;
    struct Reset {
        SqliteContinuations &self;
        ~Reset()
        {
            self.m_draining = false;
            self.m_work.clear(); // left over only when a statement threw: the transaction rolls back
        }
    } reset{*this};
    while (!m_work.empty()) {
        const Work w = m_work.front();
        m_work.pop_front();
        if (w.ended.isEmpty())
            parentRequeued(w, events);
        else
            parentEnded(w, events);
    }
}

std::vector<qint64> SqliteContinuations::markEdges(qint64 parentId, const QVariant &ended)
{
    auto &mark = statement(QStringLiteral("UPDATE job_parents SET ended = ? WHERE parent_id = ? RETURNING job_id"));
    mark.bindValue(0, ended);
    mark.bindValue(1, parentId);
    mark.exec();
    std::vector<qint64> children;
    while (mark.next())
        children.push_back(mark.value(0).toLongLong());
    mark.finish();
    return children;
}

void SqliteContinuations::parentEnded(const Work &w, std::vector<JobEvent> &events)
{
    for (const qint64 child : markEdges(w.jobId, w.ended))
        settle(child, w.atMs, events);
}

void SqliteContinuations::parentRequeued(const Work &w, std::vector<JobEvent> &events)
{
    auto &cancelled = statement(QStringLiteral(
        "SELECT 1 FROM jobs WHERE id = ? AND state = 'cancelled' AND cancelled_by_parent = ?"));
    for (const qint64 child : markEdges(w.jobId, QVariant())) {
        cancelled.bindValue(0, child);
        cancelled.bindValue(1, w.jobId);
        cancelled.exec();
        const bool rearm = cancelled.next();
        cancelled.finish();
        if (!rearm)
            continue;
        Transition t;
        t.jobId = child;
        t.from = {JobState::Cancelled};
        t.to = JobState::Waiting;
        t.reason = QStringLiteral("parent %1 was requeued; waiting for it again").arg(w.jobId);
        t.atMs = w.atMs;
        m_move(t, events);
    }
}

void SqliteContinuations::settle(qint64 childId, qint64 atMs, std::vector<JobEvent> &events)
{
    auto &child = statement(QStringLiteral("SELECT continue_on, run_at FROM jobs WHERE id = ? AND state = 'waiting'"));
    child.bindValue(0, childId);
    child.exec();
    if (!child.next()) {
        child.finish();
        return;
    }
    const ContinueOn on = continueOnFromName(child.value(0).toString()).value_or(ContinueOn::Success);
    const qint64 runAt = child.value(1).toLongLong();
    child.finish();

    auto &parents = statement(QStringLiteral("SELECT parent_id, ended FROM job_parents WHERE job_id = ? ORDER BY parent_id"));
    parents.bindValue(0, childId);
    parents.exec();
    std::vector<std::pair<qint64, QString>> ended;
    bool allEnded = true;
    while (parents.next()) {
        if (parents.value(1).isNull())
            allEnded = false;
        ended.emplace_back(parents.value(0).toLongLong(), parents.value(1).toString());
    }
    parents.finish();
    if (!allEnded)
        return;

    Transition t;
    t.jobId = childId;
    t.from = {JobState::Waiting};
    t.atMs = atMs;
    for (const auto &[parent, how] : ended) {
        if (parentEndMeets(on, how))
            continue;
        t.to = JobState::Cancelled;
        t.reason = endedPhrase(parent, how);
        if (m_move(t, events).applied) {
            auto &mark = statement(QStringLiteral("UPDATE jobs SET cancelled_by_parent = ? WHERE id = ?"));
            mark.bindValue(0, parent);
            mark.bindValue(1, childId);
            mark.exec();
        }
        return;
    }
    QStringList how;
    for (const auto &[parent, state] : ended)
        how << endedPhrase(parent, state);
    if (runAt > atMs) {
        t.to = JobState::Scheduled;
        t.runAtMs = runAt;
    } else {
        t.to = JobState::Queued;
        t.runAtMs = atMs; // it has waited for its parents, not in the queue
    }
    t.reason = how.join(QStringLiteral(", "));
    m_move(t, events);
}

QByteArray SqliteContinuations::parentsJson(qint64 jobId)
{
    auto &q = statement(QStringLiteral(
        "SELECT p.parent_id, p.ended, j.result FROM job_parents p LEFT JOIN jobs j ON j.id = p.parent_id "
        "WHERE p.job_id = ? ORDER BY p.parent_id"));
    q.bindValue(0, jobId);
    q.exec();
    QJsonArray parents;
    while (q.next()) {
        parents.append(QJsonObject{{QStringLiteral("id"), double(q.value(0).toLongLong())},
                                   {QStringLiteral("state"), q.value(1).toString()},
                                   {QStringLiteral("result"), JobJson::parse(q.value(2).toString().toUtf8())}});
    }
    q.finish();
    return QJsonDocument(parents).toJson(QJsonDocument::Compact);
}

} // namespace jobdeck
