#include "BatchRowsModel.h"

#include "JobColumns.h"
#include "JobRoles.h"
#include "StateStyle.h"
#include "runner/Engine.h"
#include "storage/ReadThread.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

namespace jobdeck {

namespace {

constexpr int kReloadDelayMs = 300; // coalesces bursts of job events

QString stateText(JobBatchState state)
{
    switch (state) {
    case JobBatchState::Running:
        return QObject::tr("Running");
    case JobBatchState::Completed:
        return QObject::tr("Completed");
    case JobBatchState::Cancelled:
        return QObject::tr("Cancelled");
    }
    return {};
}

// The job state the progress bar is drawn for: live while the batch runs, "done" once complete, greyed when cancelled.
JobState progressState(JobBatchState state)
{
    switch (state) {
    case JobBatchState::Running:
        return JobState::Running;
    case JobBatchState::Completed:
        return JobState::Succeeded;
    case JobBatchState::Cancelled:
        return JobState::Cancelled;
    }
    return JobState::Running;
}

} // namespace

BatchRowsModel::BatchRowsModel(Engine &engine, ReadThread &reads, QObject *parent)
    : LiveTableModel(ColumnCount, kReloadDelayMs, parent), m_reads(reads)
{
    followJobs(engine);
    reload();
}

int BatchRowsModel::rowOfBatch(qint64 id) const
{
    for (size_t row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row].id == id)
            return int(row);
    }
    return -1;
}

void BatchRowsModel::read()
{
    m_reads.read<std::vector<JobBatchRecord>>(
        this, [](StoreReader &reader) { return reader.jobBatches(kShown); },
        [this](const std::vector<JobBatchRecord> &rows) { replaceRows(m_rows, rows, [](const JobBatchRecord &b) { return b.id; }); },
        [this](const QString &message) { failRead(message); });
}

QVariant BatchRowsModel::display(const JobBatchRecord &b, int column) const
{
    const QLocale locale;
    switch (column) {
    case Id:
        return b.id;
    case Name:
        return b.name;
    case Progress:
        if (b.state() == JobBatchState::Cancelled) // its jobs "ended" by being cancelled: say how many ran
            return tr("%1 of %2 ran").arg(locale.toString(b.succeeded + b.dead), locale.toString(b.total));
        return tr("%1 of %2").arg(locale.toString(b.ended()), locale.toString(b.total));
    case Succeeded:
        return locale.toString(b.succeeded);
    case Dead:
        return locale.toString(b.dead);
    case Cancelled:
        return locale.toString(b.cancelled);
    case State:
        return stateText(b.state());
    case Completion:
        if (b.thenJobId <= 0)
            return tr("none");
        if (!b.thenState)
            return tr("job %1 (deleted)").arg(b.thenJobId);
        return tr("%1 · %2").arg(b.thenKind, stateName(*b.thenState));
    case Created:
        return JobColumns::shortTime(b.createdAtMs);
    case Ended: {
        const qint64 ended = b.cancelledAtMs > 0 ? b.cancelledAtMs : b.completedAtMs;
        return ended > 0 ? JobColumns::shortTime(ended) : QString();
    }
    }
    return {};
}

QVariant BatchRowsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const JobBatchRecord &b = m_rows[size_t(index.row())];
    const QPalette palette = QGuiApplication::palette();
    switch (role) {
    case Qt::DisplayRole:
        return display(b, index.column());
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Name:
            return b.name;
        case Progress:
            if (b.state() == JobBatchState::Cancelled)
                return tr("Cancelled: %1 of %2 jobs ran before, %3 were cancelled").arg(b.succeeded + b.dead).arg(b.total).arg(b.cancelled);
            return tr("%1 of %2 jobs have ended; %3 still to run").arg(b.ended()).arg(b.total).arg(b.pending());
        case Completion:
            return b.thenJobId > 0 ? tr("Job %1 runs once every job of the batch has ended").arg(b.thenJobId)
                                   : tr("This batch has no completion job");
        case Created:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(b.createdAtMs), QLocale::LongFormat);
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return index.column() == Id || (index.column() >= Succeeded && index.column() <= Cancelled)
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == Dead && b.dead > 0)
            return StateStyle::color(JobState::Dead, palette);
        if (index.column() == Succeeded && b.succeeded > 0)
            return StateStyle::color(JobState::Succeeded, palette);
        if ((index.column() == Dead && b.dead == 0) || (index.column() == Cancelled && b.cancelled == 0)
            || (index.column() == Succeeded && b.succeeded == 0) || index.column() == Id
            || (index.column() == Completion && b.thenJobId <= 0)
            || (index.column() == Progress && b.state() == JobBatchState::Cancelled))
            return palette.color(QPalette::PlaceholderText);
        if (index.column() == State)
            return StateStyle::color(progressState(b.state()), palette);
        if (index.column() == Completion && b.thenState)
            return StateStyle::color(*b.thenState, palette);
        return {};
    // No bar for a cancelled batch: a full one would say it did all its work.
    case JobRoles::StateRole:
        return index.column() == Progress && b.state() != JobBatchState::Cancelled ? QVariant(int(progressState(b.state())))
                                                                                   : QVariant();
    case JobRoles::ProgressRole:
        return index.column() == Progress && b.total > 0 && b.state() != JobBatchState::Cancelled
            ? QVariant(double(b.ended()) / double(b.total))
            : QVariant();
    case JobRoles::ProgressTextRole:
        return index.column() == Progress ? display(b, Progress) : QVariant();
    case BatchIdRole:
        return b.id;
    case SortRole:
        switch (index.column()) {
        case Id:
            return b.id;
        case Progress:
            return b.total > 0 ? double(b.ended()) / double(b.total) : 0.0;
        case Succeeded:
            return b.succeeded;
        case Dead:
            return b.dead;
        case Cancelled:
            return b.cancelled;
        case Created:
            return b.createdAtMs;
        case Ended:
            return std::max(b.cancelledAtMs, b.completedAtMs);
        default:
            return display(b, index.column());
        }
    }
    return {};
}

QVariant BatchRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section == Id || (section >= Succeeded && section <= Cancelled) ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                                               : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("ID");
    case Name:
        return tr("Batch");
    case Progress:
        return tr("Progress");
    case Succeeded:
        return tr("Succeeded");
    case Dead:
        return tr("Dead");
    case Cancelled:
        return tr("Cancelled");
    case State:
        return tr("State");
    case Completion:
        return tr("Completion job");
    case Created:
        return tr("Created");
    case Ended:
        return tr("Ended");
    }
    return {};
}

} // namespace jobdeck
