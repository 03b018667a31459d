#include "PipelineRowsModel.h"

#include "JobColumns.h"
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

// Sorts by how far a pipeline got: steps done of all, a failed one by the step it failed at.
double doneFraction(const PipelineRecord &p)
{
    if (p.stepCount <= 0)
        return 0;
    if (p.state == PipelineState::Succeeded)
        return 1.0;
    return double((p.failedStep > 0 ? p.failedStep : p.step) - 1) / double(p.stepCount);
}

} // namespace

PipelineRowsModel::PipelineRowsModel(Engine &engine, ReadThread &reads, QObject *parent)
    : LiveTableModel(ColumnCount, kReloadDelayMs, parent), m_reads(reads)
{
    followJobs(engine);
    reload();
}

int PipelineRowsModel::rowOfPipeline(qint64 id) const
{
    for (size_t row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row].id == id)
            return int(row);
    }
    return -1;
}

void PipelineRowsModel::read()
{
    m_reads.read<std::vector<PipelineRecord>>(
        this, [](StoreReader &reader) { return reader.pipelines(kShown); },
        [this](const std::vector<PipelineRecord> &rows) { replaceRows(m_rows, rows, [](const PipelineRecord &p) { return p.id; }); },
        [this](const QString &message) { failRead(message); });
}

QString PipelineRowsModel::stateText(const PipelineRecord &p)
{
    switch (p.state) {
    case PipelineState::Running:
        return tr("Running");
    case PipelineState::Compensating:
        return tr("Undoing step %1").arg(p.step);
    case PipelineState::Succeeded:
        return tr("Succeeded");
    case PipelineState::Failed:
        return tr("Failed");
    }
    return {};
}

QVariant PipelineRowsModel::display(const PipelineRecord &p, int column) const
{
    switch (column) {
    case Id:
        return p.id;
    case Name:
        return p.name;
    case Progress:
        switch (p.state) {
        case PipelineState::Running:
            return tr("step %1 of %2").arg(p.step).arg(p.stepCount);
        case PipelineState::Succeeded:
            return p.stepCount == 1 ? tr("1 step done") : tr("all %1 steps done").arg(p.stepCount);
        case PipelineState::Compensating:
        case PipelineState::Failed:
            return tr("step %1 of %2 failed").arg(p.failedStep).arg(p.stepCount);
        }
        return {};
    case State:
        return stateText(p);
    case Outcome:
        if (!p.reason.isEmpty())
            return p.reason;
        if (p.state == PipelineState::Succeeded)
            return p.result.isEmpty() ? tr("no result") : QString::fromUtf8(p.result);
        return {};
    case Created:
        return JobColumns::shortTime(p.createdAtMs);
    case Ended:
        return p.finishedAtMs > 0 ? JobColumns::shortTime(p.finishedAtMs) : QString();
    }
    return {};
}

QVariant PipelineRowsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const PipelineRecord &p = m_rows[size_t(index.row())];
    const QPalette palette = QGuiApplication::palette();
    switch (role) {
    case Qt::DisplayRole:
        return display(p, index.column());
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Name:
            return p.name;
        case Outcome:
            return display(p, Outcome);
        case Created:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(p.createdAtMs), QLocale::LongFormat);
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return index.column() == Id ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == Id || (index.column() == Outcome && p.state == PipelineState::Succeeded))
            return palette.color(QPalette::PlaceholderText);
        if (index.column() == State || (index.column() == Outcome && !p.reason.isEmpty())
            || (index.column() == Progress && p.failedStep > 0))
            return StateStyle::color(p.state, palette);
        return {};
    case PipelineIdRole:
        return p.id;
    case SortRole:
        switch (index.column()) {
        case Id:
            return p.id;
        case Progress:
            return doneFraction(p);
        case Created:
            return p.createdAtMs;
        case Ended:
            return p.finishedAtMs;
        default:
            return display(p, index.column());
        }
    }
    return {};
}

QVariant PipelineRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section == Id ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("ID");
    case Name:
        return tr("Pipeline");
    case Progress:
        return tr("Progress");
    case State:
        return tr("State");
    case Outcome:
        return tr("Result or reason");
    case Created:
        return tr("Created");
    case Ended:
        return tr("Ended");
    }
    return {};
}

} // namespace jobdeck
