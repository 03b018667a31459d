#pragma once

#include "SqliteConnection.h"
#include "storage/JobStore.h"

#include <memory>

namespace jobdeck {

class SqliteWriter;
class WakeUpChannel;

// The embedded SQLite backend: WAL, one writer thread with group commit, a reader per thread.
class SqliteStore final : public JobStore {
public:
    struct Options {
        Durability durability = Durability::Full;
        int externalPollMs = 50;
        int busyTimeoutMs = 5000; // how long one statement waits for another program's lock
        // The poll while other processes' commits announce themselves (WakeUpChannel); it catches what a
        // datagram missed, such as a commit by another program.
        int wakeUpPollMs = 250;
    };

    // Validates, creates if missing, and migrates. Throws StoreError with a one-line message; a file that is
    // not a Jobdeck database, or cannot be used, is left as it was.
    static std::unique_ptr<SqliteStore> open(const QString &path, Options options);
    static std::unique_ptr<SqliteStore> open(const QString &path) { return open(path, Options{}); }
    ~SqliteStore() override;

    void submit(WriteBatch batch, Done done) override;
    std::unique_ptr<StoreReader> openReader() override;
    std::unique_ptr<ScheduleReader> openScheduleReader() override;
    std::unique_ptr<WatchReader> openWatchReader() override;
    void setExternalChangeCallback(std::function<void()> callback) override;
    void flush() override;
    QString location() const override { return m_path; }
    // How often a commit found the database locked by another program and waited to retry.
    int lockWaits() const;

private:
    SqliteStore(QString path, Options options);
    static void validate(const QString &path);
    // Checks the file, switches it to WAL and applies the migrations.
    static void prepare(const QString &absolute);

    QString m_path;
    Options m_options;
    std::unique_ptr<SqliteWriter> m_writer;
    std::unique_ptr<WakeUpChannel> m_wakeUps; // after m_writer: its listener nudges the writer until destroyed
};

} // namespace jobdeck
