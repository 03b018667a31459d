#include "PoisonPage.h"

#include "Console.h"
#include "JobColumns.h"
#include "JobTableModel.h"
#include "JobTableView.h"
#include "StateCounter.h"
#include "StateStyle.h"
#include "actions/JobActions.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "runner/JobHandler.h"
#include "widgets/JsonEditor.h"
#include "widgets/PageHeader.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFrame>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace jobdeck {

PoisonPage::PoisonPage(Console &console, QWidget *parent)
    : JobListPage(console, tr("Poison"), QString(), JobFilter{{JobState::Dead}, {}, {}, 0, 500},
                  {JobColumn::Id, JobColumn::Kind, JobColumn::Queue, JobColumn::Attempts, JobColumn::Finished,
                   JobColumn::Error},
                  parent)
{
    table()->setObjectName(QStringLiteral("poisonTable"));
    table()->setEmptyText(tr("No poison jobs"),
                          tr("A job that fails every attempt, or fails in a way retrying cannot fix, lands here with "
                             "its last error, instead of blocking the queue."),
                          QStringLiteral("poison"));
    const auto isDead = [](const JobRecord &job) { return job.state == JobState::Dead; };
    addJobAction(QStringLiteral("requeueAction"), tr("&Requeue"), QStringLiteral("requeue"),
                 [this](const QList<qint64> &ids) { m_console.actions.requeue(ids); }, isDead,
                 QKeySequence(Qt::CTRL | Qt::Key_R));
    addJobAction(QStringLiteral("deleteAction"), tr("&Delete"), QStringLiteral("delete"),
                 [this](const QList<qint64> &ids) {
                     if (m_console.actions.confirm(
                             {ConfirmKind::DeleteJobs, tr("Delete jobs"),
                              tr("Delete %n job(s) with their attempts and log? This cannot be undone.", nullptr,
                                 int(ids.size())),
                              int(ids.size())}))
                         m_console.actions.remove(ids);
                 },
                 isDead, QKeySequence::Delete);
    addJobAction(QStringLiteral("exportAction"), tr("&Export…"), QStringLiteral("export"),
                 [this](const QList<qint64> &) { exportSelected(); }, isDead, QKeySequence(Qt::CTRL | Qt::Key_E));
    addPageAction(QStringLiteral("requeueAllAction"), tr("Requeue &all"), QStringLiteral("requeue"), [this] {
        const qint64 dead = m_console.counts.count(JobState::Dead);
        if (dead > 0
            && m_console.actions.confirm({ConfirmKind::RequeueAll, tr("Requeue all"),
                                          tr("Give all %1 dead jobs a fresh round of attempts?").arg(dead), int(dead)}))
            m_console.actions.requeueAllDead();
    }, [this] { return m_console.counts.count(JobState::Dead) > 0; });

    // The inspector: the job's last error and its payload, editable, to requeue with a fix.
    m_inspector = new QFrame(this);
    m_inspector->setObjectName(QStringLiteral("poisonInspector"));
    m_inspector->setProperty("card", true);
    m_inspectedTitle = new QLabel(m_inspector);
    QFont titleFont = m_inspectedTitle->font();
    titleFont.setWeight(QFont::DemiBold);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_inspectedTitle->setFont(titleFont);
    m_inspectedFacts = new QLabel(m_inspector);
    m_inspectedFacts->setForegroundRole(QPalette::PlaceholderText);
    m_inspectedError = new QLabel(m_inspector);
    m_inspectedError->setObjectName(QStringLiteral("inspectedError"));
    m_inspectedError->setWordWrap(true);
    m_inspectedError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette errorPalette = m_inspectedError->palette();
    errorPalette.setColor(QPalette::WindowText, StateStyle::color(JobState::Dead, palette()));
    m_inspectedError->setPalette(errorPalette);
    m_payload = new JsonEditor(QStringLiteral("poisonPayload"), m_inspector);
    m_requeueEdited = new QPushButton(tr("Requeue with this payload"), m_inspector);
    m_requeueEdited->setObjectName(QStringLiteral("requeueEditedButton"));
    m_requeueEdited->setDefault(true);
    // Without a job to inspect the editor would be an empty box: it shows only with one.
    m_payloadArea = new QWidget(m_inspector);
    auto *payloadLabel = new QLabel(tr("Payload"), m_payloadArea);
    payloadLabel->setForegroundRole(QPalette::PlaceholderText);
    auto *payloadLayout = new QVBoxLayout(m_payloadArea);
    payloadLayout->setContentsMargins(0, 6, 0, 0);
    payloadLayout->addWidget(payloadLabel);
    payloadLayout->addWidget(m_payload, 1);
    payloadLayout->addWidget(m_requeueEdited, 0, Qt::AlignRight);
    auto *inspector = new QVBoxLayout(m_inspector);
    inspector->setContentsMargins(14, 12, 14, 12);
    inspector->addWidget(m_inspectedTitle);
    inspector->addWidget(m_inspectedFacts);
    inspector->addSpacing(4);
    inspector->addWidget(m_inspectedError);
    inspector->addWidget(m_payloadArea, 1);
    inspector->addStretch();
    setSidePanel(m_inspector);
    connect(m_payload, &JsonEditor::edited, this, [this] { m_requeueEdited->setEnabled(m_inspectedId && m_payload->isValid()); });
    connect(m_requeueEdited, &QPushButton::clicked, this, &PoisonPage::requeueEdited);
    connect(&console.counts, &StateCounter::countsChanged, this, [this] {
        updateSubtitle();
        updateActions(); // Requeue all has something to act on, or no longer
    });
    m_choosePath = [this] {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        return QFileDialog::getSaveFileName(this, tr("Export jobs"), QDir(folder).filePath(QStringLiteral("poison-jobs.json")),
                                            tr("JSON (*.json)"));
    };
    updateSubtitle();
    showInspected();
}

void PoisonPage::selectionChanged()
{
    JobListPage::selectionChanged();
    const JobRecord *job = currentJob();
    const qint64 id = job ? job->id : 0;
    if (id != m_inspectedId) {
        m_inspectedId = id;
        showInspected();
    }
}

void PoisonPage::showInspected()
{
    const JobRecord *job = currentJob();
    const bool shown = job && job->id == m_inspectedId;
    if (!shown) {
        m_inspectedTitle->setText(tr("No job selected"));
        m_inspectedFacts->setText(tr("Select a dead job to see why it failed, fix its payload and requeue it."));
        m_inspectedError->clear();
        m_payload->setText(QString());
        m_payload->setEnabled(false);
        m_requeueEdited->setEnabled(false);
        m_payloadArea->setVisible(false);
        return;
    }
    m_inspectedTitle->setText(tr("Job %1 · %2").arg(job->id).arg(job->kind));
    m_inspectedFacts->setText(tr("Queue %1 · %2 of %3 attempts · died %4")
                                  .arg(job->queue)
                                  .arg(job->attempts)
                                  .arg(job->maxAttempts)
                                  .arg(JobColumns::shortTime(job->finishedAtMs)));
    m_inspectedError->setText(job->error.isEmpty() ? tr("(no error recorded)") : job->error);
    const QString kind = job->kind;
    m_payload->setCheck([this, kind](const QJsonObject &payload) {
        const JobHandler *handler = m_console.engine.handlers().find(kind);
        return handler ? handler->validate(payload) : QString();
    });
    m_payload->setJson(job->payload);
    m_payload->setEnabled(true);
    m_payloadArea->setVisible(true);
    m_requeueEdited->setEnabled(m_payload->isValid());
}

void PoisonPage::requeueEdited()
{
    if (!m_inspectedId || !m_payload->isValid())
        return;
    m_console.actions.requeueWithPayload(m_inspectedId, m_payload->compactJson());
}

void PoisonPage::exportSelected()
{
    const QList<qint64> ids = selectedIds();
    const QString path = m_choosePath();
    if (path.isEmpty())
        return;
    QString error;
    if (!m_console.actions.exportJson(ids, path, &error))
        Q_EMIT m_console.actions.message(tr("Could not export to %1: %2").arg(path, error), true);
}

void PoisonPage::updateSubtitle()
{
    const qint64 dead = m_console.counts.count(JobState::Dead);
    header()->setSubtitle(dead == 0 ? tr("Nothing has failed for good")
                                    : tr("%1 dead · select one to inspect and fix its payload, or requeue them all")
                                          .arg(dead == 1 ? tr("1 job") : tr("%1 jobs").arg(dead)));
}

} // namespace jobdeck
