#pragma once

#include <QObject>
#include <QTimer>
#include <memory>

namespace jobdeck {

class Engine;
class StoreReader;
struct JobEvent;

// Runs the engine without a window: logs state changes, stops gracefully on SIGINT/SIGTERM, and with
// --drain exits once nothing is queued, running or waiting for a retry. Main thread only.
class HeadlessHost final : public QObject {
    Q_OBJECT
public:
    struct Options {
        bool quiet = false;
        bool drain = false;
    };
    HeadlessHost(Engine &engine, Options options, QObject *parent = nullptr);
    ~HeadlessHost() override;

    // Starts the engine and the event loop; returns the exit code.
    int exec();

private:
    // What a change of the scheduler lease means, in the runner's log.
    QString leadershipText(bool leader) const;
    void log(const QList<JobEvent> &events);
    void checkDrained();

    Engine &m_engine;
    Options m_options;
    std::unique_ptr<StoreReader> m_reader;
    QTimer m_drainCheck;
    int m_exitCode = 0;
    bool m_registered = false;
};

} // namespace jobdeck
