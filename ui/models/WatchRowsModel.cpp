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
    : LiveTableModel(ColumnCount, kReloadDelayMs, parent), m_reads(reads)
{
    connect(&engine, &Engine::watchesChanged, this, &WatchRowsModel::reloadSoon);
    followJobs(engine); // a watch's counts move as its jobs are made and end
    reload();
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
        [this](const std::vector<WatchRow> &rows) { replaceRows(m_rows, rows, [](const WatchRow &r) { return r.record.id; }); },
        [this](const QString &message) { failRead(message); });
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
