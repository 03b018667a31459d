#include "RunningPage.h"

#include "Console.h"
#include "JobTableModel.h"
#include "JobTableView.h"
#include "StateCounter.h"
#include "actions/JobActions.h"
#include "runner/Engine.h"
#include "widgets/HeldJobsNote.h"
#include "widgets/PageHeader.h"

#include <QAction>

namespace jobdeck {

RunningPage::RunningPage(Console &console, QWidget *parent)
    : JobListPage(console, tr("Running"), QString(), JobFilter{{JobState::Running}, {}, {}, 0, 200},
                  {JobColumn::Id, JobColumn::Kind, JobColumn::Queue, JobColumn::Progress, JobColumn::Eta,
                   JobColumn::Elapsed, JobColumn::Attempts, JobColumn::Worker},
                  parent)
{
    table()->setObjectName(QStringLiteral("runningTable"));
    table()->setEmptyText(tr("Nothing is running"),
                          tr("Queued jobs start here as soon as a worker is free. Use New job (Ctrl+N) to start one."),
                          QStringLiteral("running"));
    addJobAction(QStringLiteral("cancelRunningAction"), tr("&Cancel"), QStringLiteral("cancel"),
                 [this](const QList<qint64> &ids) { m_console.actions.cancelRunning(ids); },
                 [](const JobRecord &job) { return job.state == JobState::Running; }, QKeySequence::Delete);
    m_held = new HeldJobsNote(console, false, this);
    addBanner(m_held);
    connect(&console.counts, &StateCounter::countsChanged, this, &RunningPage::updateSubtitle);
    connect(&console.engine, &Engine::workersChanged, this, &RunningPage::updateSubtitle);
    updateSubtitle();
}

void RunningPage::updateSubtitle()
{
    const qint64 running = m_console.counts.count(JobState::Running);
    QString text = running == 1 ? tr("1 job running") : tr("%1 jobs running").arg(running);
    if (m_console.engine.runsJobs()) {
        text += tr(" · %1 of %2 workers of this runner busy").arg(m_console.engine.busyWorkers()).arg(m_console.engine.workers());
        if (const WorkerRange range = m_console.engine.workerRange(); !range.isFixed())
            text += tr(", scaling between %1 and %2").arg(range.min).arg(range.max);
    }
    header()->setSubtitle(text + tr(" · double-click a job for its log"));
}

} // namespace jobdeck
