#include "QueueSummaryModel.h"

#include "StateStyle.h"
#include "model/Clock.h"
#include "model/Duration.h"
#include "runner/Engine.h"
#include "storage/StoreError.h"

#include <QDateTime>
#include <QFont>
#include <QGuiApplication>
#include <QPointer>

namespace jobdeck {

QueueSummaryModel::QueueSummaryModel(Engine &engine, QObject *parent)
    : QAbstractTableModel(parent), m_engine(engine), m_reader(engine.store().openReader())
{
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(kRefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &QueueSummaryModel::refresh);
    connect(&engine, &Engine::jobsChanged, this, &QueueSummaryModel::scheduleRefresh);
    connect(&engine, &Engine::externalChange, this, &QueueSummaryModel::scheduleRefresh);
    m_nextStart.setSingleShot(true);
    connect(&m_nextStart, &QTimer::timeout, this, [this] {
        Q_EMIT dataChanged(index(0, StateColumn), index(rowCount() - 1, StateColumn));
        followNextStarts();
    });
    refresh();
}

QueueSummaryModel::~QueueSummaryModel() = default;

void QueueSummaryModel::scheduleRefresh()
{
    if (!m_refresh.isActive())
        m_refresh.start();
}

void QueueSummaryModel::refresh()
{
    m_refresh.stop();
    std::vector<Row> fresh(1); // all queues first
    try {
        for (Row &r : QueueSummary::read(*m_reader)) {
            for (size_t i = 0; i < r.counts.size(); ++i)
                fresh.front().counts[i] += r.counts[i];
            fresh.push_back(std::move(r));
        }
    } catch (const StoreError &e) {
        Q_EMIT readFailed(e.message());
        return;
    }
    const bool sameQueues = fresh.size() == m_rows.size()
        && std::equal(fresh.begin(), fresh.end(), m_rows.begin(), [](const Row &a, const Row &b) { return a.name == b.name; });
    if (!sameQueues) {
        beginResetModel();
        m_rows = std::move(fresh);
        endResetModel();
        followNextStarts();
        return;
    }
    for (size_t i = 0; i < fresh.size(); ++i) {
        if (fresh[i] == m_rows[i])
            continue;
        m_rows[i] = fresh[i];
        Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
    }
    followNextStarts();
}

bool QueueSummaryModel::waitsForRate(const Row &r) const
{
    return !r.paused && r.rate.isLimited() && r.nextStartAtMs > m_engine.clock().nowMs();
}

void QueueSummaryModel::followNextStarts()
{
    const qint64 now = m_engine.clock().nowMs();
    qint64 next = 0;
    for (const Row &r : m_rows) {
        if (waitsForRate(r))
            next = next == 0 ? r.nextStartAtMs : std::min(next, r.nextStartAtMs);
    }
    if (next == 0)
        m_nextStart.stop();
    else
        m_nextStart.start(int(std::clamp<qint64>(next - now + 1, 1, 60'000)));
}

void QueueSummaryModel::submitConfig(const ConfigureQueue &change)
{
    // A queue's settings carry no job events: read again once the change is written.
    m_engine.submit({change}, this, [this](const BatchResult &) { refresh(); });
}

void QueueSummaryModel::setPaused(const QString &queue, bool paused)
{
    if (queue.isEmpty())
        return;
    ConfigureQueue c;
    c.name = queue;
    c.paused = paused;
    submitConfig(c);
}

void QueueSummaryModel::setRate(const QString &queue, const QueueRate &rate)
{
    if (queue.isEmpty())
        return;
    ConfigureQueue c;
    c.name = queue;
    c.rate = rate;
    submitConfig(c);
}

void QueueSummaryModel::setLimit(const QString &queue, int limit)
{
    if (queue.isEmpty() || limit < 0)
        return;
    ConfigureQueue c;
    c.name = queue;
    c.concurrency = limit;
    submitConfig(c);
}

int QueueSummaryModel::rowOfQueue(const QString &queue) const
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].name == queue)
            return int(i);
    }
    return -1;
}

QStringList QueueSummaryModel::queueNames() const
{
    QStringList names;
    for (const Row &r : m_rows) {
        if (!r.name.isEmpty())
            names << r.name;
    }
    return names;
}

int QueueSummaryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int QueueSummaryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueueSummaryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows[size_t(index.row())];
    if (role == QueueNameRole)
        return r.name;
    if (role == PausedRole)
        return r.paused;
    const auto count = [&r](JobState s) { return r.count(s); };
    const int column = index.column();
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (column) {
        case NameColumn: return r.name.isEmpty() ? tr("All queues") : r.name;
        case QueuedColumn: return count(JobState::Queued);
        case RunningColumn: return count(JobState::Running);
        case ScheduledColumn: return count(JobState::Scheduled);
        case RetryingColumn: return count(JobState::Failed);
        case DeadColumn: return count(JobState::Dead);
        case LimitColumn:
            if (r.name.isEmpty())
                return QString();
            if (role == Qt::EditRole)
                return r.limit;
            return r.limit > 0 ? QString::number(r.limit) : tr("no limit");
        case RateColumn:
            if (r.name.isEmpty())
                return QString();
            if (role == Qt::EditRole)
                return r.rate.toString();
            return r.rate.isLimited() ? tr("%1 per %2").arg(r.rate.count).arg(formatDuration(r.rate.windowMs)) : tr("no limit");
        case StateColumn:
            if (r.name.isEmpty())
                return QString();
            if (waitsForRate(r)) {
                return tr("next start %1")
                    .arg(QDateTime::fromMSecsSinceEpoch(r.nextStartAtMs).toString(QStringLiteral("HH:mm:ss")));
            }
            return r.paused ? tr("paused") : tr("active");
        default: return {};
        }
    }
    if (role == Qt::FontRole && r.name.isEmpty()) {
        QFont bold;
        bold.setWeight(QFont::DemiBold);
        return bold;
    }
    if (role == Qt::ForegroundRole) {
        const QPalette palette = QGuiApplication::palette();
        if (column == StateColumn && r.paused)
            return StateStyle::color(JobState::Failed, palette);
        if (column == StateColumn && waitsForRate(r))
            return StateStyle::color(JobState::Scheduled, palette);
        if (column == DeadColumn && count(JobState::Dead) > 0)
            return StateStyle::color(JobState::Dead, palette);
        if (column == RunningColumn && count(JobState::Running) > 0)
            return StateStyle::color(JobState::Running, palette);
        if ((column == LimitColumn && r.limit == 0) || (column == RateColumn && !r.rate.isLimited()))
            return palette.color(QPalette::PlaceholderText);
        return {};
    }
    if (role == Qt::ToolTipRole && column == LimitColumn && !r.name.isEmpty())
        return tr("At most this many of the queue's jobs run at once per runner; double-click to change (0: no limit)");
    if (role == Qt::ToolTipRole && column == RateColumn && !r.name.isEmpty())
        return tr("At most this many of the queue's jobs start in any window of this length, on all runners together; "
                  "double-click to change (such as 100/1m or 10/1s, or off)");
    if (role == Qt::ToolTipRole && column == StateColumn && waitsForRate(r))
        return tr("The rate limit has used this window's starts: the next of the queue's jobs starts at this time");
    if (role == Qt::TextAlignmentRole)
        return column == NameColumn ? int(Qt::AlignLeft | Qt::AlignVCenter)
               : column == StateColumn ? int(Qt::AlignCenter) // apart from the limit's number beside it
                                       : int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant QueueSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn: return tr("Queue");
        case QueuedColumn: return tr("Queued");
        case RunningColumn: return tr("Running");
        case ScheduledColumn: return tr("Scheduled");
        case RetryingColumn: return tr("Retrying");
        case DeadColumn: return tr("Dead");
        case LimitColumn: return tr("Limit");
        case RateColumn: return tr("Rate");
        case StateColumn: return tr("State");
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return section == NameColumn ? int(Qt::AlignLeft | Qt::AlignVCenter)
               : section == StateColumn ? int(Qt::AlignCenter)
                                        : int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

Qt::ItemFlags QueueSummaryModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && (index.column() == LimitColumn || index.column() == RateColumn)
        && !m_rows[size_t(index.row())].name.isEmpty())
        f |= Qt::ItemIsEditable;
    return f;
}

bool QueueSummaryModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || (index.column() != LimitColumn && index.column() != RateColumn))
        return false;
    const Row &r = m_rows[size_t(index.row())];
    if (index.column() == RateColumn) {
        const auto rate = QueueRate::parse(value.toString());
        if (r.name.isEmpty() || !rate)
            return false;
        setRate(r.name, *rate);
        return true;
    }
    bool ok = false;
    const int limit = value.toInt(&ok);
    if (r.name.isEmpty() || !ok || limit < 0)
        return false;
    setLimit(r.name, limit);
    return true;
}

} // namespace jobdeck
