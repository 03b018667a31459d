#include "JobActions.h"

#include "AppSettings.h"
#include "WriteOutcome.h"
#include "model/JobJson.h"
#include "runner/Engine.h"
#include "runner/JobCommands.h"
#include "storage/StoreError.h"

#include <QApplication>
#include <QCheckBox>
#include <QDesktopServices>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageBox>
#include <QPointer>
#include <QSaveFile>

namespace jobdeck {

namespace {

QString jobs(int n)
{
    return n == 1 ? QObject::tr("1 job") : QObject::tr("%1 jobs").arg(n);
}

} // namespace

JobActions::JobActions(Engine &engine, QObject *parent) : QObject(parent), m_engine(engine)
{
    m_prompt = [](const Confirmation &question) {
        QMessageBox box(QMessageBox::Question, question.title, question.question, QMessageBox::Yes | QMessageBox::Cancel,
                        QApplication::activeWindow());
        box.setDefaultButton(QMessageBox::Cancel);
        auto *dontAsk = new QCheckBox(tr("Don't ask again"), &box);
        box.setCheckBox(dontAsk);
        const bool accepted = box.exec() == QMessageBox::Yes;
        return ConfirmAnswer{accepted, dontAsk->isChecked()};
    };
    m_opener = [](const QUrl &url) { QDesktopServices::openUrl(url); };
}

void JobActions::open(const QUrl &url)
{
    if (url.isLocalFile() && !QFileInfo::exists(url.toLocalFile())) {
        Q_EMIT message(tr("%1 is no longer there").arg(url.toLocalFile()), true);
        return;
    }
    m_opener(url);
}

bool JobActions::confirm(const Confirmation &question) const
{
    if (AppSettings::skipsConfirmation(question.kind))
        return true;
    const ConfirmAnswer answer = m_prompt(question);
    if (answer.accepted && answer.dontAskAgain)
        AppSettings::setSkipsConfirmation(question.kind, true);
    return answer.accepted;
}

void JobActions::write(WriteBatch batch, std::function<QString(int applied, int total)> describe)
{
    if (batch.empty())
        return;
    m_engine.submit(std::move(batch), this, [this, describe = std::move(describe)](const BatchResult &r) {
        const WriteOutcome outcome = WriteOutcome::of(r, describe);
        Q_EMIT message(outcome.text, outcome.problem);
    });
}

void JobActions::cancel(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return;
    // One at a time through the engine: a job running here is stopped at once, others through their runner.
    auto remaining = std::make_shared<int>(int(ids.size()));
    auto accepted = std::make_shared<int>(0);
    for (const qint64 id : ids) {
        m_engine.cancel(id, this, [this, remaining, accepted, total = int(ids.size())](const MutationResult &r) {
            *accepted += r.applied ? 1 : 0;
            if (--*remaining > 0)
                return;
            if (*accepted == total)
                Q_EMIT message(tr("Cancelling %1").arg(jobs(total)), false);
            else
                Q_EMIT message(tr("Cancelling %1 of %2; the others had already finished").arg(*accepted).arg(jobs(total)),
                               true);
        });
    }
}

bool JobActions::cancelRunning(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return false;
    const int n = int(ids.size());
    const QString question = n == 1 ? tr("Cancel job %1? It stops where it is; what it has done so far is not undone.").arg(ids.first())
                                    : tr("Cancel %1 running jobs? Each stops where it is; what they have done so far is not undone.").arg(n);
    if (!confirm({ConfirmKind::CancelRunning, n == 1 ? tr("Cancel job") : tr("Cancel jobs"), question, n}))
        return false;
    cancel(ids);
    return true;
}

void JobActions::requeue(const QList<qint64> &ids)
{
    WriteBatch batch;
    const qint64 now = m_engine.clock().nowMs();
    for (const qint64 id : ids)
        batch.push_back(JobCommands::requeue(id, std::nullopt, now, kBy));
    write(std::move(batch), [](int applied, int total) {
        return applied == total ? tr("Requeued %1").arg(jobs(total))
                                : tr("Requeued %1 of %2 (only finished jobs can be requeued)").arg(applied).arg(jobs(total));
    });
}

void JobActions::requeueWithPayload(qint64 id, const QByteArray &payload)
{
    write({JobCommands::requeue(id, payload, m_engine.clock().nowMs(), kBy)}, [id](int applied, int) {
        return applied ? tr("Requeued job %1 with the edited payload").arg(id)
                       : tr("Job %1 could not be requeued: it is no longer finished").arg(id);
    });
}

void JobActions::requeueAllDead()
{
    m_engine.submit({JobCommands::requeueAllDead(m_engine.clock().nowMs(), kBy)}, this, [this](const BatchResult &r) {
        if (!r.ok)
            Q_EMIT message(tr("The database refused the change: %1").arg(r.error), true);
        else if (const int n = r.results.front().affected; n == 0)
            Q_EMIT message(tr("No dead jobs to requeue"), false);
        else
            Q_EMIT message(tr("Requeued %1 from the poison list").arg(jobs(n)), false);
    });
}

void JobActions::remove(const QList<qint64> &ids)
{
    WriteBatch batch;
    const qint64 now = m_engine.clock().nowMs();
    for (const qint64 id : ids)
        batch.push_back(DeleteJob{id, now});
    write(std::move(batch), [](int applied, int total) {
        return applied == total ? tr("Deleted %1").arg(jobs(total))
                                : tr("Deleted %1 of %2 (running jobs are cancelled first)").arg(applied).arg(jobs(total));
    });
}

void JobActions::runNow(const QList<qint64> &ids)
{
    WriteBatch batch;
    const qint64 now = m_engine.clock().nowMs();
    for (const qint64 id : ids)
        batch.push_back(JobCommands::runNow(id, now, kBy));
    write(std::move(batch), [](int applied, int total) {
        return applied == total ? tr("%1 due now").arg(jobs(total))
                                : tr("%1 of %2 due now (the others were not waiting for a time)").arg(applied).arg(jobs(total));
    });
}

void JobActions::setPriority(const QList<qint64> &ids, int priority)
{
    WriteBatch batch;
    const qint64 now = m_engine.clock().nowMs();
    for (const qint64 id : ids)
        batch.push_back(JobCommands::setPriority(id, priority, now));
    write(std::move(batch), [priority](int applied, int total) {
        return applied == total ? tr("Priority %1 for %2").arg(priority).arg(jobs(total))
                                : tr("Priority %1 for %2 of %3 (jobs that started keep theirs)")
                                      .arg(priority).arg(applied).arg(jobs(total));
    });
}

bool JobActions::exportJson(const QList<qint64> &ids, const QString &path, QString *error)
{
    QJsonArray array;
    try {
        auto reader = m_engine.store().openReader();
        for (const qint64 id : ids) {
            if (const auto job = reader->job(id))
                array.append(JobJson::job(*job, reader->attempts(id)));
        }
    } catch (const StoreError &e) {
        *error = e.message();
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    file.write(QJsonDocument(array).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    Q_EMIT message(tr("Exported %1 to %2").arg(jobs(int(array.size())), path), false);
    return true;
}

} // namespace jobdeck
