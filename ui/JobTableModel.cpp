#include "JobTableModel.h"

#include "StateStyle.h"
#include "runner/Engine.h"
#include "storage/StoreError.h"

#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>
#include <algorithm>

namespace jobdeck {

namespace {

// Rows are kept id-descending, so a job's row is found by binary search instead of an index to maintain.
auto lowerBound(const std::vector<JobRecord> &rows, qint64 id)
{
    return std::lower_bound(rows.begin(), rows.end(), id,
                            [](const JobRecord &r, qint64 value) { return r.id > value; });
}

bool sameForDisplay(const JobRecord &a, const JobRecord &b)
{
    return a.state == b.state && a.updatedAtMs == b.updatedAtMs && a.progress == b.progress
        && a.progressText == b.progressText && a.attempts == b.attempts && a.maxAttempts == b.maxAttempts
        && a.error == b.error && a.stateReason == b.stateReason && a.cancelRequested == b.cancelRequested
        && a.kind == b.kind && a.queue == b.queue && a.priority == b.priority;
}

// Marks the model as mid-change for the scope, so fetchMore called from a view's slot does not interleave.
class ChangeScope {
public:
    explicit ChangeScope(int &depth) : m_depth(depth) { ++m_depth; }
    ~ChangeScope() { --m_depth; }
    ChangeScope(const ChangeScope &) = delete;
    ChangeScope &operator=(const ChangeScope &) = delete;

private:
    int &m_depth;
};

} // namespace

JobTableModel::JobTableModel(Engine &engine, QObject *parent)
    : QAbstractTableModel(parent), m_engine(engine), m_reader(engine.store().openReader()),
      m_columns{JobColumn::Id,       JobColumn::Kind,    JobColumn::Queue, JobColumn::State,
                JobColumn::Progress, JobColumn::Attempts, JobColumn::Updated, JobColumn::Error}
{
    m_clockTimer.setInterval(1000);
    connect(&m_clockTimer, &QTimer::timeout, this, &JobTableModel::tickClocks);
    m_applyTimer.setSingleShot(true);
    m_applyTimer.setInterval(kApplyIntervalMs);
    connect(&m_applyTimer, &QTimer::timeout, this, &JobTableModel::applyPending);
    connect(&engine, &Engine::jobsChanged, this, &JobTableModel::onJobsChanged);
    connect(&engine, &Engine::progressChanged, this, &JobTableModel::onProgress);
    connect(&engine, &Engine::externalChange, this, [this] {
        m_refreshPending = true;
        scheduleApply();
    });
    reload();
}

JobTableModel::~JobTableModel() = default;

void JobTableModel::setFilter(const JobFilter &filter)
{
    beginResetModel();
    m_filter = filter;
    m_rows.clear();
    m_live.clear();
    m_pendingIds.clear();
    m_refreshPending = false;
    m_limit = m_pageSize;
    m_hasMore = false;
    endResetModel();
    reload();
}

void JobTableModel::setColumns(const QList<JobColumn> &columns)
{
    beginResetModel();
    m_columns = columns;
    endResetModel();
    if (m_columns.contains(JobColumn::Elapsed) || m_columns.contains(JobColumn::Eta))
        m_clockTimer.start();
    else
        m_clockTimer.stop();
}

void JobTableModel::tickClocks()
{
    // Only the time columns of running rows change by themselves.
    const int elapsed = columnOf(JobColumn::Elapsed);
    const int eta = columnOf(JobColumn::Eta);
    for (int row = 0; row < int(m_rows.size()); ++row) {
        if (m_rows[size_t(row)].state != JobState::Running)
            continue;
        for (const int column : {elapsed, eta}) {
            if (column >= 0)
                Q_EMIT dataChanged(index(row, column), index(row, column), {Qt::DisplayRole});
        }
    }
}

void JobTableModel::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
    setFilter(m_filter);
}

void JobTableModel::refresh()
{
    m_refreshPending = false;
    m_pendingIds.clear(); // the fresh page covers them
    reload();
}

void JobTableModel::applyPendingNow()
{
    m_applyTimer.stop();
    applyPending();
}

qint64 JobTableModel::jobIdAt(int row) const
{
    return row >= 0 && size_t(row) < m_rows.size() ? m_rows[size_t(row)].id : 0;
}

int JobTableModel::rowOfJob(qint64 jobId) const
{
    const auto it = lowerBound(m_rows, jobId);
    return it != m_rows.end() && it->id == jobId ? int(it - m_rows.begin()) : -1;
}

QModelIndex JobTableModel::indexOfJob(qint64 jobId, int column) const
{
    const int row = rowOfJob(jobId);
    return row < 0 ? QModelIndex() : index(row, column);
}

int JobTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JobTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

double JobTableModel::progressOf(const JobRecord &job) const
{
    if (job.state == JobState::Succeeded)
        return 1.0; // the stored value is at most a second old when it finished and may stop short
    if (!isFinal(job.state)) {
        const auto it = m_live.constFind(job.id);
        if (it != m_live.constEnd())
            return it->fraction;
    }
    return job.progress;
}

QString JobTableModel::progressTextOf(const JobRecord &job) const
{
    if (!isFinal(job.state)) {
        const auto it = m_live.constFind(job.id);
        if (it != m_live.constEnd())
            return it->text;
    }
    return job.progressText;
}

QVariant JobTableModel::data(const QModelIndex &index, int role) const
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
        if (job.continuous && progressOf(job) <= 0)
            return {}; // a job that runs until stopped has no bar to fill; the text says so
        return progressOf(job);
    case JobRoles::ProgressTextRole:
        return progressTextOf(job);
    case JobRoles::KindRole:
        return job.kind;
    case JobRoles::QueueRole:
        return job.queue;
    default:
        break;
    }

    const JobColumns::Live live{progressOf(job), progressTextOf(job), m_engine.clock().nowMs()};
    return JobColumns::data(job, m_columns[index.column()], role, live);
}

QVariant JobTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    return JobColumns::headerData(m_columns[section], role);
}

bool JobTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_hasMore && m_changing == 0;
}

void JobTableModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const ChangeScope scope(m_changing);
    bool more = false;
    std::vector<JobRecord> page;
    try {
        page = readPages(m_rows.empty() ? 0 : m_rows.back().id, m_pageSize, more);
    } catch (const StoreError &e) {
        Q_EMIT readFailed(e.message());
        return;
    }
    m_limit = int(m_rows.size()) + m_pageSize;
    m_hasMore = more;
    if (page.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(page.size()) - 1);
    m_rows.insert(m_rows.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
    endInsertRows();
}

void JobTableModel::onJobsChanged(const QList<JobEvent> &events)
{
    for (const JobEvent &e : events) {
        // With a state filter, a change between two states it does not show concerns no row of this model (a
        // busy runner's thousands of claims are nothing to a list of dead jobs).
        if (!m_filter.states.isEmpty() && !m_filter.states.contains(e.to)
            && (e.created || !m_filter.states.contains(e.from)) && rowOfJob(e.jobId) < 0)
            continue;
        m_pendingIds.insert(e.jobId);
    }
    if (!m_pendingIds.isEmpty())
        scheduleApply();
}

void JobTableModel::onProgress(qint64 jobId, double fraction, const QString &text)
{
    const int row = rowOfJob(jobId);
    if (row < 0) {
        // Not shown yet: a job claimed right after it was created may report before its row is read in.
        if (m_pendingIds.contains(jobId))
            m_live.insert(jobId, {fraction, text});
        return;
    }
    if (isFinal(m_rows[size_t(row)].state))
        return; // a late report of an attempt that has already ended
    m_live.insert(jobId, {fraction, text});
    const int column = columnOf(JobColumn::Progress);
    if (column < 0)
        return;
    const QModelIndex cell = index(row, column);
    Q_EMIT dataChanged(cell, cell,
                       {Qt::DisplayRole, Qt::ToolTipRole, JobRoles::ProgressRole, JobRoles::ProgressTextRole});
}

void JobTableModel::scheduleApply()
{
    // A busy runner commits hundreds of events a second; views gain nothing from more than ~10 updates a second.
    if (!m_applyTimer.isActive())
        m_applyTimer.start();
}

void JobTableModel::applyPending()
{
    // A burst touching more jobs than half the window (a bulk enqueue) is cheaper as one page read.
    if (m_refreshPending || m_pendingIds.size() > std::max(m_limit / 2, 50)) {
        refresh();
        return;
    }
    if (m_pendingIds.isEmpty())
        return;
    QList<qint64> ids = m_pendingIds.values();
    m_pendingIds.clear();
    applyChanged(std::move(ids));
}

void JobTableModel::applyChanged(QList<qint64> ids)
{
    const ChangeScope scope(m_changing);
    // Newest first, so new rows go in at the top in order and trimming drops the oldest.
    std::sort(ids.begin(), ids.end(), std::greater<>());
    for (const qint64 id : ids) {
        if (rowOfJob(id) < 0 && !belongsInWindow(id)) {
            m_live.remove(id); // an old job beyond the window: not worth a read
            continue;
        }
        std::optional<JobRecord> job;
        try {
            job = m_reader->job(id);
        } catch (const StoreError &e) {
            m_refreshPending = true; // catch up with a full page on the next change
            Q_EMIT readFailed(e.message());
            return;
        }
        const int row = rowOfJob(id);
        if (!job || !matches(*job)) {
            m_live.remove(id);
            if (row >= 0) {
                beginRemoveRows({}, row, row);
                m_rows.erase(m_rows.begin() + row);
                endRemoveRows();
            }
            continue;
        }
        if (job->state != JobState::Running)
            m_live.remove(id);
        if (row >= 0) {
            replaceRow(row, std::move(*job));
        } else if (belongsInWindow(id)) {
            const int at = int(lowerBound(m_rows, id) - m_rows.begin());
            beginInsertRows({}, at, at);
            m_rows.insert(m_rows.begin() + at, std::move(*job));
            endInsertRows();
        } else {
            m_live.remove(id);
        }
    }
    trimToLimit();
}

void JobTableModel::replaceRow(int row, JobRecord record)
{
    JobRecord &current = m_rows[size_t(row)];
    const bool changed = !sameForDisplay(current, record);
    current = std::move(record);
    if (changed)
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
}

bool JobTableModel::matches(const JobRecord &job) const
{
    return (m_filter.states.isEmpty() || m_filter.states.contains(job.state))
        && (m_filter.kind.isEmpty() || m_filter.kind == job.kind)
        && (m_filter.queue.isEmpty() || m_filter.queue == job.queue);
}

bool JobTableModel::belongsInWindow(qint64 jobId) const
{
    // With older jobs beyond the window, only a job newer than the last row can be one of the newest.
    return !m_hasMore || (!m_rows.empty() && jobId > m_rows.back().id);
}

void JobTableModel::trimToLimit()
{
    if (int(m_rows.size()) <= m_limit)
        return;
    const ChangeScope scope(m_changing);
    beginRemoveRows({}, m_limit, int(m_rows.size()) - 1);
    for (auto it = m_rows.begin() + m_limit; it != m_rows.end(); ++it)
        m_live.remove(it->id);
    m_rows.erase(m_rows.begin() + m_limit, m_rows.end());
    endRemoveRows();
    m_hasMore = true;
}

std::vector<JobRecord> JobTableModel::readPages(qint64 beforeId, int rows, bool &more)
{
    std::vector<JobRecord> out;
    JobFilter f = m_filter;
    f.beforeId = beforeId;
    more = false;
    while (int(out.size()) < rows) {
        const int want = std::min(m_pageSize, rows - int(out.size()));
        f.limit = want + 1; // one extra row tells whether older jobs remain
        std::vector<JobRecord> page = m_reader->jobs(f);
        more = int(page.size()) > want;
        if (more)
            page.pop_back();
        if (page.empty())
            break;
        f.beforeId = page.back().id;
        out.insert(out.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
        if (!more)
            break;
    }
    return out;
}

void JobTableModel::reload()
{
    bool more = false;
    std::vector<JobRecord> fresh;
    try {
        fresh = readPages(0, m_limit, more);
    } catch (const StoreError &e) {
        Q_EMIT readFailed(e.message());
        return;
    }
    merge(std::move(fresh));
    m_hasMore = more;
}

void JobTableModel::merge(std::vector<JobRecord> fresh)
{
    // Both lists are id-descending: one walk turns the old rows into the new with row-level removes, inserts
    // and changes, so views keep their selection and scroll position (a reset would lose both).
    const ChangeScope scope(m_changing);
    size_t i = 0;
    size_t j = 0;
    while (i < m_rows.size() || j < fresh.size()) {
        if (j == fresh.size() || (i < m_rows.size() && m_rows[i].id > fresh[j].id)) {
            size_t end = i + 1;
            while (end < m_rows.size() && (j == fresh.size() || m_rows[end].id > fresh[j].id))
                ++end;
            beginRemoveRows({}, int(i), int(end) - 1);
            for (size_t k = i; k < end; ++k)
                m_live.remove(m_rows[k].id);
            m_rows.erase(m_rows.begin() + qsizetype(i), m_rows.begin() + qsizetype(end));
            endRemoveRows();
        } else if (i == m_rows.size() || m_rows[i].id < fresh[j].id) {
            size_t end = j + 1;
            while (end < fresh.size() && (i == m_rows.size() || m_rows[i].id < fresh[end].id))
                ++end;
            beginInsertRows({}, int(i), int(i + (end - j)) - 1);
            m_rows.insert(m_rows.begin() + qsizetype(i), std::make_move_iterator(fresh.begin() + qsizetype(j)),
                          std::make_move_iterator(fresh.begin() + qsizetype(end)));
            endInsertRows();
            i += end - j;
            j = end;
        } else {
            if (fresh[j].state != JobState::Running)
                m_live.remove(fresh[j].id);
            replaceRow(int(i), std::move(fresh[j]));
            ++i;
            ++j;
        }
    }
}

} // namespace jobdeck
