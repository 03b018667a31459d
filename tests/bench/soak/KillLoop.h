#pragma once

#include <QString>
#include <QStringList>
#include <functional>
#include <random>

namespace jobdeck::soak {

// What the runners went through.
struct KillFigures {
    int kills = 0;             // runners killed with SIGKILL
    int integrityChecks = 0;
    int integrityFailures = 0;
    int runnerExits = 0;       // runners that ended on their own before their kill (a runner never should)
    int drainRuns = 0;         // `--drain` runs needed until one exited 0
    bool drained = false;
    QStringList notes;         // what went wrong, one line each
};

// Starts a headless runner on `db`, kills it at a random moment (seeded), checks the database, and again,
// `kills` times; then runs `--drain` until it exits 0.
class KillLoop {
public:
    KillLoop(QString jobdeck, QString db, QString stderrFile, int workers);

    void run(int kills, std::mt19937 &random, const std::function<void(const QString &)> &progress);
    void drain(const std::function<void(const QString &)> &progress);
    const KillFigures &figures() const { return m_figures; }

    // The range of the random delay from a runner's start to its kill: from its start-up to well into its work.
    static constexpr int kMinDelayMs = 50;
    static constexpr int kMaxDelayMs = 1500;

private:
    QStringList runnerArguments() const;
    void check(const QString &after);

    QString m_jobdeck;
    QString m_db;
    QString m_stderrFile;
    int m_workers;
    KillFigures m_figures;
};

} // namespace jobdeck::soak
