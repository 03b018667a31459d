#include "SqliteStore.h"

#include "SqliteReader.h"
#include "SqliteScheduleReader.h"
#include "SqliteSchema.h"
#include "SqliteWriter.h"
#include "WakeUpChannel.h"
#include "storage/StoreError.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

namespace jobdeck {

namespace {

QString describe(const QString &path, const QString &problem)
{
    // One line: SQLite's own words may span several (quick_check lists each damaged page on its own line).
    return QStringLiteral("cannot open database %1: %2").arg(path, problem.simplified());
}

QString plainSqlError(QString text)
{
    // Qt appends "Unable to fetch row" and the like; the driver's own words come first.
    text = text.trimmed();
    for (const QString &noise : {QStringLiteral(" Unable to fetch row"), QStringLiteral(" Unable to execute statement"),
                                 QStringLiteral(" Error opening database")}) {
        if (text.endsWith(noise))
            text.chop(noise.size());
    }
    return text.trimmed();
}

} // namespace

SqliteStore::SqliteStore(QString path, Options options) : m_path(std::move(path)), m_options(options) {}

SqliteStore::~SqliteStore()
{
    if (m_writer)
        m_writer->shutdown();
}

void SqliteStore::validate(const QString &path)
{
    const QFileInfo info(path);
    const QFileInfo dir(info.absolutePath());
    if (!dir.exists())
        throw StoreError(describe(path, QStringLiteral("directory %1 does not exist").arg(dir.absoluteFilePath())));
    if (info.exists() && info.isDir())
        throw StoreError(describe(path, QStringLiteral("it is a directory")));
    if (!info.exists()) {
        if (!dir.isWritable())
            throw StoreError(describe(path, QStringLiteral("directory %1 is not writable").arg(dir.absoluteFilePath())));
        return;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw StoreError(describe(path, QStringLiteral("the file is not readable (%1)").arg(file.errorString())));
    const QByteArray header = file.read(100);
    file.close();
    if (!header.isEmpty()) {
        if (!header.startsWith(QByteArrayLiteral("SQLite format 3\0")) || header.size() < 100)
            throw StoreError(describe(path, QStringLiteral("it is not a SQLite database")));
        const quint32 appId = quint32(quint8(header[68])) << 24 | quint32(quint8(header[69])) << 16
            | quint32(quint8(header[70])) << 8 | quint32(quint8(header[71]));
        if (appId != quint32(SqliteSchema::kApplicationId) && appId != 0)
            throw StoreError(describe(path, QStringLiteral("it is a SQLite database of another application")));
    }
    if (!info.isWritable())
        throw StoreError(describe(path, QStringLiteral("the file is read-only")));
    if (!dir.isWritable())
        throw StoreError(describe(path, QStringLiteral("directory %1 is not writable (SQLite needs to create its "
                                                       "journal there)").arg(dir.absoluteFilePath())));

    // Read the schema without writing anything: a corrupt file must stay as it is.
    SqliteConnection probe(path, SqliteConnection::Mode::ReadOnly, 2000);
    if (!probe.isOpen())
        throw StoreError(describe(path, plainSqlError(probe.openError())));
    try {
        auto tables = probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"));
        const int count = tables.next() ? tables.value(0).toInt() : 0;
        tables.finish();
        auto id = probe.exec(QStringLiteral("PRAGMA application_id"));
        const int appIdValue = id.next() ? id.value(0).toInt() : 0;
        id.finish();
        if (count > 0 && appIdValue != SqliteSchema::kApplicationId)
            throw StoreError(describe(path, QStringLiteral("it is a SQLite database of another application")));
        // quick_check reads every page: affordable only for small files, and those are most often hand-made.
        if (count > 0 && info.size() < 32 * 1024 * 1024) {
            auto check = probe.exec(QStringLiteral("PRAGMA quick_check(1)"));
            const QString verdict = check.next() ? check.value(0).toString() : QString();
            if (verdict != QLatin1String("ok"))
                throw StoreError(describe(path, QStringLiteral("the database is corrupt (%1)").arg(verdict)));
        }
    } catch (const StoreError &e) {
        const QString message = e.message();
        if (message.startsWith(QLatin1String("cannot open database")))
            throw;
        const QString sqlError = plainSqlError(message);
        if (sqlError.contains(QLatin1String("locked")) || sqlError.contains(QLatin1String("busy")))
            throw StoreError(describe(path, QStringLiteral("it is locked by another process")));
        if (sqlError.contains(QLatin1String("not a database")) || sqlError.contains(QLatin1String("malformed")))
            throw StoreError(describe(path, QStringLiteral("the database is corrupt (%1)").arg(sqlError)));
        throw StoreError(describe(path, sqlError));
    }
}

std::unique_ptr<SqliteStore> SqliteStore::open(const QString &path, Options options)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    // SQLite answers "busy" at once, without waiting, where waiting could deadlock: while another process
    // creates the file, switches it to WAL or recovers its WAL. Two processes starting on one new database
    // meet exactly that, so the opening is retried for as long as a statement would wait for a lock.
    QDeadlineTimer deadline(options.busyTimeoutMs);
    for (;;) {
        try {
            prepare(absolute);
            break;
        } catch (const StoreError &e) {
            if (!e.message().endsWith(QLatin1String("it is locked by another process")) || deadline.hasExpired())
                throw;
            QThread::msleep(20);
        }
    }
    std::unique_ptr<SqliteStore> store(new SqliteStore(absolute, options));
    store->m_writer = std::make_unique<SqliteWriter>(absolute, options.durability, options.busyTimeoutMs);
    store->m_wakeUps = WakeUpChannel::open(absolute);
    if (WakeUpChannel *wakeUps = store->m_wakeUps.get())
        store->m_writer->setCommitObserver([wakeUps] { wakeUps->announce(); });
    store->m_writer->start();
    return store;
}

void SqliteStore::prepare(const QString &absolute)
{
    validate(absolute);
    {
        SqliteConnection setup(absolute, SqliteConnection::Mode::ReadWrite, 2000);
        if (!setup.isOpen())
            throw StoreError(describe(absolute, plainSqlError(setup.openError())));
        try {
            auto mode = setup.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
            const QString journal = mode.next() ? mode.value(0).toString() : QString();
            mode.finish();
            if (journal.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
                throw StoreError(QStringLiteral("could not switch to WAL mode (journal mode is %1)").arg(journal));
            // Fails fast when another program holds the write lock, instead of stalling every write later.
            setup.exec(QStringLiteral("BEGIN IMMEDIATE"));
            setup.exec(QStringLiteral("ROLLBACK"));
            SqliteSchema::migrate(setup);
        } catch (const StoreError &e) {
            QString sqlError = plainSqlError(e.message());
            if (sqlError.contains(QLatin1String("locked")) || sqlError.contains(QLatin1String("busy")))
                sqlError = QStringLiteral("it is locked by another process");
            throw StoreError(describe(absolute, sqlError));
        }
    }
}

void SqliteStore::submit(WriteBatch batch, Done done)
{
    m_writer->submit(std::move(batch), std::move(done));
}

std::unique_ptr<StoreReader> SqliteStore::openReader()
{
    return std::make_unique<SqliteReader>(m_path);
}

std::unique_ptr<ScheduleReader> SqliteStore::openScheduleReader()
{
    return std::make_unique<SqliteScheduleReader>(m_path);
}

void SqliteStore::setExternalChangeCallback(std::function<void()> callback)
{
    SqliteWriter *writer = m_writer.get();
    const bool announced = callback && m_wakeUps && m_wakeUps->listen([writer] { writer->nudge(); });
    m_writer->setExternalChangeCallback(std::move(callback), announced ? m_options.wakeUpPollMs : m_options.externalPollMs);
}

int SqliteStore::lockWaits() const
{
    return m_writer->lockWaits();
}

void SqliteStore::flush()
{
    apply({});
}

} // namespace jobdeck
