#pragma once

#include "model/JobState.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

namespace jobdeck {

struct Console;
class ActivityChart;
class ActivitySeries;
class HealthMonitor;
class PageHeader;
class StatTile;

// The console at a glance: tiles for what runs, waits, succeeded and failed in the last hour, the poison list,
// throughput, the longest wait, the workers and the health verdict; and charts of the last hour's throughput and
// queue depth. Every tile opens the view behind its figure.
class OverviewPage final : public QWidget {
    Q_OBJECT
public:
    OverviewPage(Console &console, HealthMonitor &health, QWidget *parent = nullptr);

    StatTile *tile(const QString &name) const { return m_tiles.value(name); }
    ActivitySeries *series() const { return m_series; }
    ActivityChart *throughputChart() const { return m_throughput; }
    ActivityChart *depthChart() const { return m_depth; }

Q_SIGNALS:
    // A tile was clicked: open the page `id`; for history, only jobs in `states` (empty: all finished).
    void openPage(const QString &id, const QList<jobdeck::JobState> &states);

private:
    StatTile *addTile(const QString &name, const QString &title, const QString &page, const QList<JobState> &states = {});
    void updateCounts();
    void updateSeries();
    void updateHealth();

    Console &m_console;
    HealthMonitor &m_health;
    PageHeader *m_header;
    ActivitySeries *m_series;
    ActivityChart *m_throughput;
    ActivityChart *m_depth;
    QHash<QString, StatTile *> m_tiles;
    QTimer m_clock; // the longest wait grows by itself
};

} // namespace jobdeck
