#pragma once

#include <QWidget>
#include <functional>
#include <optional>

class QAction;
class QMenu;
class QTableView;

namespace jobdeck {

struct Console;
class JobTableView;
class HeldJobsNote;
class PageHeader;
class QueueSummaryModel;
class WaitingJobsModel;

// The queues with their counts, limits and pause switches, and below them the jobs waiting to run in the order
// runners take them (for the selected queue, or all): run now, change priority, cancel.
class QueuePage final : public QWidget {
    Q_OBJECT
public:
    explicit QueuePage(Console &console, QWidget *parent = nullptr);

    QueueSummaryModel *queues() const { return m_queues; }
    WaitingJobsModel *waiting() const { return m_waiting; }
    QTableView *queueTable() const { return m_queueTable; }
    JobTableView *waitingTable() const { return m_waitingTable; }
    HeldJobsNote *heldNote() const { return m_held; }
    // How Priority… asks for the new priority (a dialog by default).
    void setPriorityChooser(std::function<std::optional<int>(int current)> chooser) { m_choosePriority = std::move(chooser); }
    // The selected queue's name; empty for all queues.
    QString selectedQueue() const;

protected:

private:
    void updateActions();
    void updateSubtitle();

    Console &m_console;
    PageHeader *m_header;
    QueueSummaryModel *m_queues;
    WaitingJobsModel *m_waiting;
    QTableView *m_queueTable;
    JobTableView *m_waitingTable;
    HeldJobsNote *m_held;
    QMenu *m_menu;
    QAction *m_runNow;
    QAction *m_priority;
    QAction *m_cancel;
    QAction *m_details;
    QAction *m_pauseQueue;
    QAction *m_limit;
    std::function<std::optional<int>(int)> m_choosePriority;
};

} // namespace jobdeck
