#pragma once

#include "SqliteConnection.h"
#include "storage/WatchReader.h"

namespace jobdeck {

// Reads watched folders over a connection of its own. Use on the thread that created it.
class SqliteWatchReader final : public WatchReader {
public:
    explicit SqliteWatchReader(const QString &path);

    std::vector<WatchRecord> watches() override;
    std::optional<WatchRecord> watch(const QString &name) override;
    std::vector<WatchSkip> skips(qint64 watchId, int limit) override;
    std::vector<WatchedFile> filesAt(const QString &path, int limit) override;
    std::optional<WatchedFile> fileOfJob(qint64 jobId) override;
    QString version() override;

private:
    std::vector<WatchRecord> read(const QString &where, const QVariantList &values);
    std::vector<WatchedFile> readFiles(const QString &where, const QVariantList &values);
    SqliteConnection m_connection;
};

} // namespace jobdeck
