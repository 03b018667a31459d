#include "SqlitePipelines.h"

#include "model/JobJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVariant>

namespace jobdeck {

namespace {

// A compensation waits as the JSON of its job: the fields a job keeps from its spec.
QByteArray specJson(const JobSpec &s)
{
    return QJsonDocument(QJsonObject{
                             {QStringLiteral("kind"), s.kind},
                             {QStringLiteral("queue"), s.queue},
                             {QStringLiteral("priority"), s.priority},
                             {QStringLiteral("payload"), JobJson::parse(s.payload)},
                             {QStringLiteral("max_attempts"), s.maxAttempts},
                             {QStringLiteral("timeout_ms"), double(s.timeoutMs)},
                             {QStringLiteral("backoff_ms"), double(s.backoffMs)},
                             {QStringLiteral("mutexes"), QJsonArray::fromStringList(s.mutexes)},
                             {QStringLiteral("callback_url"), s.callbackUrl},
                             {QStringLiteral("order_key"), s.orderKey},
                             {QStringLiteral("order_wait_ms"), double(s.orderWaitMs)},
                         })
        .toJson(QJsonDocument::Compact);
}

JobSpec specFrom(const QByteArray &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    JobSpec s;
    s.kind = o.value(QLatin1String("kind")).toString();
    s.queue = o.value(QLatin1String("queue")).toString(s.queue);
    s.priority = o.value(QLatin1String("priority")).toInt();
    s.payload = QJsonDocument(o.value(QLatin1String("payload")).toObject()).toJson(QJsonDocument::Compact);
    s.maxAttempts = o.value(QLatin1String("max_attempts")).toInt(s.maxAttempts);
    s.timeoutMs = qint64(o.value(QLatin1String("timeout_ms")).toDouble());
    s.backoffMs = qint64(o.value(QLatin1String("backoff_ms")).toDouble(double(s.backoffMs)));
    for (const QJsonValue &name : o.value(QLatin1String("mutexes")).toArray())
        s.mutexes << name.toString();
    s.callbackUrl = o.value(QLatin1String("callback_url")).toString();
    s.orderKey = o.value(QLatin1String("order_key")).toString();
    s.orderWaitMs = qint64(o.value(QLatin1String("order_wait_ms")).toDouble(double(s.orderWaitMs)));
    return s;
}

QByteArray withField(const QByteArray &payload, const QString &name, const QJsonValue &value)
{
    QJsonObject o = QJsonDocument::fromJson(payload).object();
    o.insert(name, value);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

SqlitePipelines::SqlitePipelines(SqlStatementCache &statements, Enqueue enqueue, Move move)
    : m_statements(statements), m_enqueue(std::move(enqueue)), m_move(std::move(move))
{
}

MutationResult SqlitePipelines::start(const StartPipeline &m, std::vector<JobEvent> &events)
{
    MutationResult result;
    auto &insert = statement(QStringLiteral(
        "INSERT INTO pipelines (name, state, step, step_count, created_at) VALUES (?, 'running', 1, ?, ?) RETURNING id"));
    insert.bindValue(0, m.name);
    insert.bindValue(1, qint64(m.steps.size()));
    insert.bindValue(2, m.nowMs);
    insert.exec();
    insert.next();
    result.rowId = insert.value(0).toLongLong();
    insert.finish();
    auto &step = statement(QStringLiteral(
        "INSERT INTO pipeline_steps (pipeline_id, step, job_id, compensation) VALUES (?, ?, ?, ?)"));
    for (size_t i = 0; i < m.steps.size(); ++i) {
        const int number = int(i) + 1;
        const QString wait = number == 1 ? QString()
                                         : QStringLiteral("step %1 of pipeline %2: waits for step %3")
                                               .arg(number)
                                               .arg(result.rowId)
                                               .arg(number - 1);
        const qint64 jobId = m_enqueue(EnqueueJob{m.steps[i].job, m.nowMs}, result.rowId, wait, events).jobId;
        step.bindValue(0, result.rowId);
        step.bindValue(1, number);
        step.bindValue(2, jobId);
        step.bindValue(3, m.steps[i].compensation ? QVariant(QString::fromUtf8(specJson(*m.steps[i].compensation))) : QVariant());
        step.exec();
        result.jobIds.push_back(jobId);
    }
    result.jobId = result.jobIds.empty() ? 0 : result.jobIds.front();
    result.affected = int(m.steps.size());
    return result;
}

void SqlitePipelines::jobMoved(const ClaimedJob &row, JobState from, JobState to, qint64 atMs, std::vector<JobEvent> &events)
{
    if (row.pipelineId <= 0 || !isFinal(to) || isFinal(from))
        return;
    auto &find = statement(QStringLiteral(
        "SELECT s.step, s.job_id <> ?2, p.state, p.step_count, p.reason FROM pipeline_steps s "
        "JOIN pipelines p ON p.id = s.pipeline_id WHERE s.pipeline_id = ?1 AND (s.job_id = ?2 OR s.compensation_job_id = ?2)"));
    find.bindValue(0, row.pipelineId);
    find.bindValue(1, row.id);
    find.exec();
    if (!find.next()) {
        find.finish();
        return;
    }
    const Place p{row.pipelineId, find.value(0).toInt(), find.value(1).toBool(), find.value(2).toString(),
                  find.value(3).toInt(), find.value(4).toString()};
    find.finish();
    if (p.compensation) {
        if (to == JobState::Succeeded) {
            compensateBelow(p.pipelineId, p.step, atMs, events);
        } else {
            finish(p.pipelineId, QStringLiteral("failed"),
                   p.reason + QStringLiteral("; ") + ending(QStringLiteral("the compensation of step %1").arg(p.step), row.id, to),
                   QVariant(), atMs);
        }
        return;
    }
    // A step requeued and ended again after its pipeline moved on changes nothing.
    if (p.state != QLatin1String("running"))
        return;
    if (to == JobState::Succeeded)
        stepSucceeded(p, row.id, atMs, events);
    else
        stepFailed(p, row.id, to, atMs, events);
}

void SqlitePipelines::stepSucceeded(const Place &p, qint64 jobId, qint64 atMs, std::vector<JobEvent> &events)
{
    auto &result = statement(QStringLiteral("SELECT result FROM jobs WHERE id = ?"));
    result.bindValue(0, jobId);
    result.exec();
    const QByteArray output = result.next() ? result.value(0).toString().toUtf8() : QByteArray();
    result.finish();
    if (p.step >= p.stepCount) {
        finish(p.pipelineId, QStringLiteral("succeeded"), QString(),
               output.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(output)), atMs);
        return;
    }
    auto &next = statement(QStringLiteral(
        "SELECT s.job_id, j.payload FROM pipeline_steps s JOIN jobs j ON j.id = s.job_id WHERE s.pipeline_id = ? AND s.step = ?"));
    next.bindValue(0, p.pipelineId);
    next.bindValue(1, p.step + 1);
    next.exec();
    if (!next.next()) {
        next.finish();
        finish(p.pipelineId, QStringLiteral("failed"), QStringLiteral("step %1's job was deleted").arg(p.step + 1), QVariant(), atMs);
        return;
    }
    const qint64 nextJob = next.value(0).toLongLong();
    const QByteArray payload = next.value(1).toString().toUtf8();
    next.finish();
    auto &advance = statement(QStringLiteral("UPDATE pipelines SET step = ? WHERE id = ?"));
    advance.bindValue(0, p.step + 1);
    advance.bindValue(1, p.pipelineId);
    advance.exec();
    Transition t;
    t.jobId = nextJob;
    t.from = {JobState::Waiting};
    t.to = JobState::Queued;
    t.reason = QStringLiteral("step %1 of pipeline %2: step %3 succeeded").arg(p.step + 1).arg(p.pipelineId).arg(p.step);
    t.atMs = atMs;
    t.payload = withField(payload, QStringLiteral("input"), JobJson::parse(output));
    if (!m_move(t, events).applied)
        finish(p.pipelineId, QStringLiteral("failed"), QStringLiteral("step %1's job was no longer waiting").arg(p.step + 1), QVariant(), atMs);
}

void SqlitePipelines::stepFailed(const Place &p, qint64 jobId, JobState to, qint64 atMs, std::vector<JobEvent> &events)
{
    const QString reason = ending(QStringLiteral("step %1").arg(p.step), jobId, to);
    // Marked first: the later steps cancelled below are this pipeline's jobs too, and must not fail it again.
    auto &mark = statement(QStringLiteral("UPDATE pipelines SET state = 'compensating', reason = ?, failed_step = ? WHERE id = ?"));
    mark.bindValue(0, reason);
    mark.bindValue(1, p.step);
    mark.bindValue(2, p.pipelineId);
    mark.exec();
    auto &later = statement(QStringLiteral("SELECT job_id FROM pipeline_steps WHERE pipeline_id = ? AND step > ? ORDER BY step"));
    later.bindValue(0, p.pipelineId);
    later.bindValue(1, p.step);
    later.exec();
    std::vector<qint64> ids;
    while (later.next())
        ids.push_back(later.value(0).toLongLong());
    later.finish();
    for (const qint64 id : ids) {
        Transition t;
        t.jobId = id;
        t.from = {JobState::Waiting};
        t.to = JobState::Cancelled;
        t.reason = QStringLiteral("pipeline %1 failed at step %2").arg(p.pipelineId).arg(p.step);
        t.atMs = atMs;
        m_move(t, events);
    }
    compensateBelow(p.pipelineId, p.step, atMs, events);
}

void SqlitePipelines::compensateBelow(qint64 pipelineId, int below, qint64 atMs, std::vector<JobEvent> &events)
{
    auto &undo = statement(QStringLiteral(
        "SELECT s.step, s.compensation, s.job_id, j.result FROM pipeline_steps s LEFT JOIN jobs j ON j.id = s.job_id "
        "WHERE s.pipeline_id = ? AND s.step < ? AND s.compensation IS NOT NULL ORDER BY s.step DESC LIMIT 1"));
    undo.bindValue(0, pipelineId);
    undo.bindValue(1, below);
    undo.exec();
    if (!undo.next()) {
        undo.finish();
        auto &reason = statement(QStringLiteral(
            "SELECT p.reason, (SELECT group_concat(step, ', ') FROM (SELECT step FROM pipeline_steps WHERE pipeline_id = p.id "
            "AND compensation_job_id IS NOT NULL ORDER BY step DESC) AS done) FROM pipelines p WHERE p.id = ?"));
        reason.bindValue(0, pipelineId);
        reason.exec();
        QString text;
        QString undone;
        if (reason.next()) {
            text = reason.value(0).toString();
            undone = reason.value(1).toString();
        }
        reason.finish();
        // The first failure stays first; what was undone follows once.
        if (!undone.isEmpty() && !text.contains(QLatin1String("; undone:")))
            text += QStringLiteral("; undone: step %1").arg(undone);
        finish(pipelineId, QStringLiteral("failed"), text, QVariant(), atMs);
        return;
    }
    const int step = undo.value(0).toInt();
    JobSpec spec = specFrom(undo.value(1).toString().toUtf8());
    const qint64 stepJob = undo.value(2).toLongLong();
    const QByteArray stepResult = undo.value(3).toString().toUtf8();
    undo.finish();
    spec.payload = withField(spec.payload, QStringLiteral("compensates"),
                             QJsonObject{{QStringLiteral("pipeline"), double(pipelineId)},
                                         {QStringLiteral("step"), step},
                                         {QStringLiteral("job"), double(stepJob)},
                                         {QStringLiteral("result"), JobJson::parse(stepResult)}});
    const qint64 job = m_enqueue(EnqueueJob{spec, atMs}, pipelineId, QString(), events).jobId;
    auto &link = statement(QStringLiteral("UPDATE pipeline_steps SET compensation_job_id = ? WHERE pipeline_id = ? AND step = ?"));
    link.bindValue(0, job);
    link.bindValue(1, pipelineId);
    link.bindValue(2, step);
    link.exec();
    auto &mark = statement(QStringLiteral("UPDATE pipelines SET state = 'compensating', step = ?, finished_at = NULL WHERE id = ?"));
    mark.bindValue(0, step);
    mark.bindValue(1, pipelineId);
    mark.exec();
}

void SqlitePipelines::finish(qint64 pipelineId, const QString &state, const QString &reason, const QVariant &result, qint64 atMs)
{
    auto &q = statement(QStringLiteral("UPDATE pipelines SET state = ?, reason = ?, result = ?, finished_at = ? WHERE id = ?"));
    q.bindValue(0, state);
    q.bindValue(1, reason);
    q.bindValue(2, result);
    q.bindValue(3, atMs);
    q.bindValue(4, pipelineId);
    q.exec();
}

QString SqlitePipelines::ending(const QString &what, qint64 jobId, JobState to)
{
    auto &q = statement(QStringLiteral("SELECT kind, error FROM jobs WHERE id = ?"));
    q.bindValue(0, jobId);
    q.exec();
    QString kind;
    QString error;
    if (q.next()) {
        kind = q.value(0).toString();
        error = q.value(1).toString();
    }
    q.finish();
    QString text = QStringLiteral("%1 (%2, job %3) ended %4").arg(what, kind).arg(jobId).arg(stateName(to));
    if (!error.isEmpty())
        text += QStringLiteral(": ") + error;
    return text;
}

} // namespace jobdeck
