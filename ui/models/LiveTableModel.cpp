#include "LiveTableModel.h"

#include "runner/Engine.h"

namespace jobdeck {

LiveTableModel::LiveTableModel(int columnCount, int reloadDelayMs, QObject *parent)
    : QAbstractTableModel(parent), m_columns(columnCount), m_reload(reloadDelayMs, [this] { read(); }, this)
{
}

int LiveTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : rowsHeld();
}

int LiveTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columns;
}

void LiveTableModel::followJobs(Engine &engine)
{
    connect(&engine, &Engine::externalChange, this, &LiveTableModel::reloadSoon);
    connect(&engine, &Engine::jobsChanged, this, [this](const QList<JobEvent> &events) {
        for (const JobEvent &e : events) {
            if (e.created || e.removed || isFinal(e.to) || isFinal(e.from)) {
                reloadSoon();
                return;
            }
        }
    });
}

void LiveTableModel::rowsRead()
{
    m_loaded = true;
    m_reload.finished();
    Q_EMIT loaded();
}

void LiveTableModel::failRead(const QString &message)
{
    m_reload.finished();
    Q_EMIT readFailed(message);
}

} // namespace jobdeck
