#include "PostgresStore.h"

#include "PostgresConnection.h"
#include "PostgresListener.h"
#include "PostgresSchema.h"
#include "PostgresWriter.h"
#include "storage/sqlite/SqliteReader.h"
#include "storage/sqlite/SqliteScheduleReader.h"
#include "storage/sqlite/SqliteWatchReader.h"

namespace jobdeck {

PostgresStore::PostgresStore(PostgresUrl url) : m_url(std::move(url)) {}

PostgresStore::~PostgresStore()
{
    m_listener.reset();
    m_writer.reset();
}

std::unique_ptr<PostgresStore> PostgresStore::open(const PostgresUrl &url)
{
    {
        PostgresConnection connection(url);
        PostgresSchema::migrate(connection);
    }
    std::unique_ptr<PostgresStore> store(new PostgresStore(url));
    store->m_writer = std::make_unique<PostgresWriter>(url);
    store->m_writer->start();
    return store;
}

void PostgresStore::submit(WriteBatch batch, Done done)
{
    m_writer->submit(std::move(batch), std::move(done));
}

// Readers take the URL as SQLite's take a path: their connection opens Qt's PostgreSQL driver for it.
std::unique_ptr<StoreReader> PostgresStore::openReader()
{
    return std::make_unique<SqliteReader>(QString::fromUtf8(m_url.connectionString()));
}

std::unique_ptr<ScheduleReader> PostgresStore::openScheduleReader()
{
    return std::make_unique<SqliteScheduleReader>(QString::fromUtf8(m_url.connectionString()));
}

std::unique_ptr<WatchReader> PostgresStore::openWatchReader()
{
    return std::make_unique<SqliteWatchReader>(QString::fromUtf8(m_url.connectionString()));
}

void PostgresStore::setExternalChangeCallback(std::function<void()> callback)
{
    const bool listen = bool(callback);
    m_writer->setExternalChangeCallback(std::move(callback));
    if (listen && !m_listener) {
        PostgresWriter *writer = m_writer.get();
        m_listener = std::make_unique<PostgresListener>(
            m_url, [writer] { return writer->serverPid(); }, [writer] { writer->nudge(); });
        m_listener->start();
    } else if (!listen) {
        m_listener.reset();
    }
}

void PostgresStore::flush()
{
    apply({});
}

bool PostgresStore::isWaitingForServer() const
{
    return m_writer->isDisconnected() || (m_listener && m_listener->hasLostServer());
}

} // namespace jobdeck
