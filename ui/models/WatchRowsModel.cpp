#include "WatchRowsModel.h"

#include "storage/ReadThread.h"
#include "StateStyle.h"
#include "runner/Engine.h"

#include <QDir>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

namespace jobdeck {

namespace {

constexpr int kReloadDelayMs = 300; // coalesces bursts of job events

QString afterText(AfterAction a)
{
    switch (a) {
    case AfterAction::Leave:
        return QObject::tr("Leave the file");
    case AfterAction::MoveDone:
        return QObject::tr("Move to done/");
    case AfterAction::Delete:
        return QObject::tr("Delete");
    }
    return {};
}

} // namespace

WatchRowsModel::WatchRowsModel(Engine &engine, ReadThread &reads, QObject *parent)
    : QAbstractTableModel(parent), m_engine(engine), m_reads(reads), m_reload(kReloadDelayMs, [this] { read(); }, this)
{
    connect(&engine, &Engine::watchesChanged, &m_reload, &LiveReload::soon);
    connect(&engine, &Engine::externalChange, &m_reload, &LiveReload::soon);
    connect(&engine, &Engine::jobsChanged, this, [this](const QList<JobEvent> &events) {
        // New jobs and finished ones move the counts.
        for (const JobEvent &e : events) {
            if (e.created || isFinal(e.to)) {
                m_reload.soon();
                return;
            }
        }
    });
    m_reload.now();
}

int WatchRowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int WatchRowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void WatchRowsModel::read()
{
    m_reads.readWatches<std::vector<WatchRow>>(
        this,
        [](WatchReader &reader) {
            std::vector<WatchRow> rows;
            for (WatchRecord &r : reader.watches()) {
                WatchRow row{std::move(r), {}};
                if (row.record.skipped > 0)
                    row.skips = reader.skips(row.record.id, kSkipsShown);
                rows.push_back(std::move(row));
            }
            return rows;
        },
        [this](const std::vector<WatchRow> &rows) {
            apply(rows);
            m_reload.finished();
        },
        [this](const QString &message) {
            m_reload.finished();
            Q_EMIT readFailed(message);
        });
}

void WatchRowsModel::apply(std::vector<WatchRow> rows)
{
    const bool sameIds = rows.size() == m_rows.size()
        && std::equal(rows.begin(), rows.end(), m_rows.begin(),
                      [](const WatchRow &a, const WatchRow &b) { return a.record.id == b.record.id; });
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

QVariant WatchRowsModel::display(const WatchRow &row, int column) const
{
    const WatchRecord &r = row.record;
    const QLocale locale;
    switch (column) {
    case Name:
        return r.spec.name;
    case Folder:
        return QDir::toNativeSeparators(r.spec.dir) + (r.spec.recursive ? tr(" (and subfolders)") : QString());
    case Patterns:
        return r.spec.patterns.isEmpty() ? tr("all files") : r.spec.patterns.join(QStringLiteral(", "));
    case Runs:
        return r.spec.definition.isEmpty() ? r.spec.job.kind : tr("definition %1").arg(r.spec.definition);
    case After:
        return afterText(r.spec.after);
    case State:
        return r.paused ? tr("Paused") : tr("Watching");
    case Enqueued:
        return locale.toString(r.enqueued);
    case Done:
        return locale.toString(r.done);
    case Failed:
        return locale.toString(r.failed);
    case Skipped:
        return locale.toString(r.skipped);
    }
    return {};
}

QVariant WatchRowsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const WatchRow &row = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == Runs && row.record.spec.definition.isEmpty())
            return tr("Payload template: %1").arg(QString::fromUtf8(row.record.spec.job.payload));
        if (index.column() == Folder)
            return row.record.spec.dir;
        return {};
    case Qt::TextAlignmentRole:
        return index.column() >= Enqueued ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == Failed && row.record.failed > 0)
            return StateStyle::color(JobState::Dead, QGuiApplication::palette());
        if ((index.column() == State && row.record.paused) || (index.column() == Failed && row.record.failed == 0)
            || (index.column() == Skipped && row.record.skipped == 0))
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case SortRole:
        switch (index.column()) {
        case Enqueued:
            return row.record.enqueued;
        case Done:
            return row.record.done;
        case Failed:
            return row.record.failed;
        case Skipped:
            return row.record.skipped;
        default:
            return display(row, index.column());
        }
    case PausedRole:
        return row.record.paused;
    }
    return {};
}

QVariant WatchRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Folder:
        return tr("Folder");
    case Patterns:
        return tr("Files");
    case Runs:
        return tr("Runs");
    case After:
        return tr("After success");
    case State:
        return tr("State");
    case Enqueued:
        return tr("Enqueued");
    case Done:
        return tr("Done");
    case Failed:
        return tr("Failed");
    case Skipped:
        return tr("Skipped");
    }
    return {};
}

} // namespace jobdeck
