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

// The job state a pipeline is coloured as: live while it runs, warning while it undoes, done or dead once it ended.
JobState colourState(PipelineState state)
{
    switch (state) {
    case PipelineState::Running:
        return JobState::Running;
    case PipelineState::Compensating:
        return JobState::Failed;
    case PipelineState::Succeeded:
        return JobState::Succeeded;
    case PipelineState::Failed:
        return JobState::Dead;
    }
    return JobState::Running;
}

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
    : QAbstractTableModel(parent), m_engine(engine), m_reads(reads), m_reload(kReloadDelayMs, [this] { read(); }, this)
{
    connect(&engine, &Engine::externalChange, &m_reload, &LiveReload::soon);
    connect(&engine, &Engine::jobsChanged, this, [this](const QList<JobEvent> &events) {
        // A pipeline moves when one of its jobs is created or ends (or is deleted, or requeued from an end).
        for (const JobEvent &e : events) {
            if (e.created || e.removed || isFinal(e.to) || isFinal(e.from)) {
                m_reload.soon();
                return;
            }
        }
    });
    m_reload.now();
}

int PipelineRowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PipelineRowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
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
        [this](const std::vector<PipelineRecord> &rows) {
            apply(rows);
            m_reload.finished();
        },
        [this](const QString &message) {
            m_reload.finished();
            Q_EMIT readFailed(message);
        });
}

void PipelineRowsModel::apply(std::vector<PipelineRecord> rows)
{
    const bool sameIds = rows.size() == m_rows.size()
        && std::equal(rows.begin(), rows.end(), m_rows.begin(),
                      [](const PipelineRecord &a, const PipelineRecord &b) { return a.id == b.id; });
    if (sameIds) {
        m_rows = std::move(rows);
        if (!m_rows.empty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }
    m_loaded = true;
    Q_EMIT loaded();
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
            return StateStyle::color(colourState(p.state), palette);
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
