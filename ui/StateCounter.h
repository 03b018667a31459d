#pragma once

#include "model/JobRecord.h"

#include <QObject>
#include <QTimer>
#include <array>
#include <memory>

namespace jobdeck {

class Engine;
class StoreReader;

// How many jobs are in each state, across the whole database.
//
// The store keeps the counts, but a busy runner changes them hundreds of times a second: they are read once and
// then moved along by the engine's events (deletions included). They are read again after another process wrote
// (its changes carry no events here) and now and then while jobs change, to correct any drift. count() is always
// current; countsChanged comes at most a few times a second, since every page redraws something on it.
// Main thread only.
class StateCounter final : public QObject {
    Q_OBJECT
public:
    static constexpr int kExternalResyncMs = 1'000;
    static constexpr int kDriftResyncMs = 30'000;
    static constexpr int kNotifyMs = 150; // countsChanged at most this often while jobs stream by

    explicit StateCounter(Engine &engine, QObject *parent = nullptr);
    ~StateCounter() override;

    qint64 count(JobState state) const { return m_counts[size_t(state)]; }
    qint64 total() const;
    // Reads the counts from the store now.
    void resync();

Q_SIGNALS:
    void countsChanged();
    void readFailed(const QString &message);

private:
    void onJobsChanged(const QList<jobdeck::JobEvent> &events);

    std::unique_ptr<StoreReader> m_reader;
    std::array<qint64, kStateCount> m_counts{};
    bool m_changedSinceResync = false;
    QTimer m_externalTimer;
    QTimer m_driftTimer;
    QTimer m_notify;
};

} // namespace jobdeck
