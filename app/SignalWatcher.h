#pragma once

#include <QObject>

class QSocketNotifier;

namespace jobdeck {

// Turns SIGINT and SIGTERM into a Qt signal on the main thread (a signal handler may only write a pipe).
class SignalWatcher final : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void stopRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace jobdeck
