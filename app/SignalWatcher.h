#pragma once

#include <QObject>
#include <functional>

class QSocketNotifier;

namespace jobdeck {

class Engine;

// Turns SIGINT and SIGTERM into a Qt signal on the main thread (a signal handler may only write a pipe).
// Main thread only; one per process.
class SignalWatcher final : public QObject {
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    // Tells what a stop does before it is done: `atOnce` when running jobs are not waited for.
    using Announce = std::function<void(const QString &message, bool atOnce)>;
    // The stop every host does on a signal, for as long as `engine` lives: the first stops it gracefully (no new
    // claims; running jobs get the stopping wait, then go back to the queue; the runner is retired), one while it
    // is already stopping stops it at once.
    void stopOnSignal(Engine &engine, Announce announce);

Q_SIGNALS:
    void stopRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace jobdeck
