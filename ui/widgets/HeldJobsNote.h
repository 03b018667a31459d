#pragma once

#include <QFrame>
#include <QTimer>

class QLabel;

namespace jobdeck {

struct Console;
struct QueueSummary;

// A line over a list of jobs saying why queued jobs do not start: the runners are paused, or their queue is. Read
// on the read thread (QueueSummary, as the Queue page and `jobdeck queue list` have it) whenever counts, queue
// settings or the pause change; hidden while nothing is held. Main thread only.
class HeldJobsNote final : public QFrame {
    Q_OBJECT
public:
    static constexpr int kSettleMs = 200; // changes that come together are read once

    // `queuesShown`: the list of queues is on the same page (the hint points above rather than to the Queue page).
    HeldJobsNote(Console &console, bool queuesShown, QWidget *parent = nullptr);

    // Only this queue's held jobs; empty: every queue.
    void setQueue(const QString &queue);
    QString text() const;

private:
    void read();
    void show(const std::vector<QueueSummary> &queues);

    Console &m_console;
    QLabel *m_icon;
    QLabel *m_text;
    QString m_queue;
    const bool m_queuesShown;
    QTimer m_settle;
};

} // namespace jobdeck
