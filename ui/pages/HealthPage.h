#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QTreeWidget;
class QVBoxLayout;

namespace jobdeck {

struct Console;
class HealthMonitor;
class PageHeader;

// The runner's health: Healthy, Degraded or Unhealthy with the reasons (the checks `jobdeck health` makes),
// worker use, throughput and failures, the database's size and the disk's free space, and the runners serving
// the database.
class HealthPage final : public QWidget {
    Q_OBJECT
public:
    HealthPage(Console &console, HealthMonitor &health, QWidget *parent = nullptr);

    QLabel *statusLabel() const { return m_status; }
    QLabel *reasonsLabel() const { return m_reasons; }
    QLabel *failuresLabel() const { return m_failures; }

private:
    void refresh();

    Console &m_console;
    HealthMonitor &m_health;
    PageHeader *m_header;
    QWidget *m_banner;
    QLabel *m_dot;
    QLabel *m_status;
    QLabel *m_reasons;
    QLabel *m_checked;
    QProgressBar *m_workers;
    QLabel *m_workersText;
    QLabel *m_throughput;
    QLabel *m_failures;
    QLabel *m_failuresText;
    QLabel *m_database;
    QLabel *m_diskFree;
    QProgressBar *m_disk;
    QLabel *m_diskText;
    QTreeWidget *m_runners;
    QLabel *m_noRunners;
};

} // namespace jobdeck
