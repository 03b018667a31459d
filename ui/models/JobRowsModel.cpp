#include "JobRowsModel.h"

#include <QDateTime>
#include <QHash>
#include <QSet>

namespace jobdeck {

namespace {

bool sameForDisplay(const JobRecord &a, const JobRecord &b)
{
    return a.state == b.state && a.updatedAtMs == b.updatedAtMs && a.progress == b.progress && a.priority == b.priority
        && a.runAtMs == b.runAtMs && a.attempts == b.attempts && a.error == b.error && a.worker == b.worker
        && a.progressText == b.progressText;
}

} // namespace

JobRowsModel::JobRowsModel(const QList<JobColumn> &columns, QObject *parent)
    : QAbstractTableModel(parent), m_columns(columns)
{
}

int JobRowsModel::rowOfJob(qint64 id) const
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == id)
            return int(i);
    }
    return -1;
}

int JobRowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JobRowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

qint64 JobRowsModel::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

QVariant JobRowsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const JobRecord &job = m_rows[size_t(index.row())];
    switch (role) {
    case JobRoles::JobIdRole:
        return job.id;
    case JobRoles::StateRole:
        return static_cast<int>(job.state);
    case JobRoles::ProgressRole:
        return job.state == JobState::Succeeded ? 1.0 : job.progress;
    case JobRoles::ProgressTextRole:
        return job.progressText;
    case JobRoles::KindRole:
        return job.kind;
    case JobRoles::QueueRole:
        return job.queue;
    default:
        break;
    }
    const JobColumns::Live live{job.state == JobState::Succeeded ? 1.0 : job.progress, job.progressText, nowMs()};
    return JobColumns::data(job, m_columns[index.column()], role, live);
}

QVariant JobRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    return JobColumns::headerData(m_columns[section], role);
}

void JobRowsModel::setRows(std::vector<JobRecord> fresh)
{
    QSet<qint64> freshIds;
    for (const JobRecord &j : fresh)
        freshIds.insert(j.id);
    // 1. Rows that left, in runs from the bottom so earlier row numbers stay valid.
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (freshIds.contains(m_rows[size_t(row)].id)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !freshIds.contains(m_rows[size_t(first - 1)].id))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + row + 1);
        endRemoveRows();
        row = first - 1;
    }
    // 2. The rows that stay, in their new order: a layout change that carries selections along.
    QHash<qint64, int> rank;
    for (size_t i = 0; i < fresh.size(); ++i)
        rank.insert(fresh[i].id, int(i));
    const bool ordered = std::is_sorted(m_rows.begin(), m_rows.end(), [&rank](const JobRecord &a, const JobRecord &b) {
        return rank.value(a.id) < rank.value(b.id);
    });
    if (!ordered) {
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        const QModelIndexList persistent = persistentIndexList();
        QList<qint64> idsBefore;
        for (const QModelIndex &index : persistent)
            idsBefore << m_rows[size_t(index.row())].id;
        std::stable_sort(m_rows.begin(), m_rows.end(), [&rank](const JobRecord &a, const JobRecord &b) {
            return rank.value(a.id) < rank.value(b.id);
        });
        QHash<qint64, int> rowNow;
        for (size_t i = 0; i < m_rows.size(); ++i)
            rowNow.insert(m_rows[i].id, int(i));
        QModelIndexList after;
        for (int i = 0; i < persistent.size(); ++i)
            after << index(rowNow.value(idsBefore[i]), persistent[i].column());
        changePersistentIndexList(persistent, after);
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }
    // 3. New rows where they belong, a run of them at a time (a page of new jobs above is one insertion), and
    // changed contents. The rows that stay are in fresh's order now, so the next one ends a run of new ones.
    for (size_t i = 0; i < fresh.size();) {
        if (i < m_rows.size() && m_rows[i].id == fresh[i].id) {
            if (!sameForDisplay(m_rows[i], fresh[i])) {
                m_rows[i] = std::move(fresh[i]);
                Q_EMIT dataChanged(index(int(i), 0), index(int(i), columnCount() - 1));
            } else {
                m_rows[i] = std::move(fresh[i]);
            }
            ++i;
            continue;
        }
        size_t end = i + 1;
        while (end < fresh.size() && !(i < m_rows.size() && m_rows[i].id == fresh[end].id))
            ++end;
        beginInsertRows({}, int(i), int(end) - 1);
        m_rows.insert(m_rows.begin() + qsizetype(i), std::make_move_iterator(fresh.begin() + qsizetype(i)),
                      std::make_move_iterator(fresh.begin() + qsizetype(end)));
        endInsertRows();
        i = end;
    }
}

void JobRowsModel::appendRows(std::vector<JobRecord> more)
{
    if (more.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(more.size()) - 1);
    m_rows.insert(m_rows.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
    endInsertRows();
}

void JobRowsModel::resetRows(std::vector<JobRecord> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void JobRowsModel::replaceJob(const JobRecord &job)
{
    const int row = rowOfJob(job.id);
    if (row < 0)
        return;
    const bool changed = !sameForDisplay(m_rows[size_t(row)], job);
    m_rows[size_t(row)] = job;
    if (changed)
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void JobRowsModel::removeJobs(const QSet<qint64> &ids)
{
    for (int row = int(m_rows.size()) - 1; !ids.isEmpty() && row >= 0; --row) {
        if (!ids.contains(m_rows[size_t(row)].id))
            continue;
        beginRemoveRows({}, row, row);
        m_rows.erase(m_rows.begin() + row);
        endRemoveRows();
    }
}

} // namespace jobdeck
