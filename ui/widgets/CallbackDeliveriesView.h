#pragma once

#include "model/CallbackDelivery.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QTreeWidget;

namespace jobdeck {

struct Console;

// A job's callback: its URL (without its password) and every attempt of every delivery, with the answer and
// when the next try is due. Read on the read thread; re-read while a delivery is pending, since attempts are
// not job events. Main thread only.
class CallbackDeliveriesView final : public QWidget {
    Q_OBJECT
public:
    static constexpr int kPendingRereadMs = 1000;

    CallbackDeliveriesView(Console &console, qint64 jobId, QWidget *parent = nullptr);

    void setUrl(const QString &url);
    // Reads the deliveries again.
    void reload();
    QTreeWidget *tree() const { return m_tree; }
    int attemptCount() const { return m_attempts; }

Q_SIGNALS:
    void loaded(int attempts);

private:
    void showDeliveries(const std::vector<CallbackDelivery> &deliveries);

    Console &m_console;
    const qint64 m_jobId;
    QLabel *m_url;
    QLabel *m_summary;
    QTreeWidget *m_tree;
    QTimer m_reread;
    int m_attempts = 0;
};

} // namespace jobdeck
