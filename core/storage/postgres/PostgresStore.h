#pragma once

#include "PostgresUrl.h"
#include "storage/JobStore.h"

#include <memory>

namespace jobdeck {

class PostgresListener;
class PostgresWriter;

// The PostgreSQL backend: the same mutations and reads as SQLite's, run on a server that several runners, windows
// and commands on several machines share. One writer thread per process commits in groups; readers are Qt SQL
// connections per thread; other processes' commits arrive by LISTEN/NOTIFY.
class PostgresStore final : public JobStore {
public:
    // Connects and migrates. Throws StoreError with a one-line message without the password.
    static std::unique_ptr<PostgresStore> open(const PostgresUrl &url);
    ~PostgresStore() override;

    void submit(WriteBatch batch, Done done) override;
    std::unique_ptr<StoreReader> openReader() override;
    std::unique_ptr<ScheduleReader> openScheduleReader() override;
    std::unique_ptr<WatchReader> openWatchReader() override;
    void setExternalChangeCallback(std::function<void()> callback) override;
    void flush() override;
    QString location() const override { return m_url.display(); }
    // The writer's last try to reach the server failed, or the listener's connection broke: each waits for the
    // server to come back (and the writer keeps the batches submitted meanwhile).
    bool isWaitingForServer() const override;

private:
    explicit PostgresStore(PostgresUrl url);

    PostgresUrl m_url;
    std::unique_ptr<PostgresWriter> m_writer;
    std::unique_ptr<PostgresListener> m_listener; // after m_writer: it nudges the writer until destroyed
};

} // namespace jobdeck
