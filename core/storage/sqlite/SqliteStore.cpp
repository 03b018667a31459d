#include "SqliteStore.h"

#include "SqliteReader.h"
#include "SqliteScheduleReader.h"
#include "SqliteWatchReader.h"
#include "SqliteErrors.h"
#include "SqliteSchema.h"
#include "SqliteWriter.h"
#include "WakeUpChannel.h"
#include "storage/StoreError.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <exception>

namespace jobdeck {

namespace {

QString describe(const QString &path, const QString &problem)
{
    // One line: SQLite's own words may span several (quick_check lists each damaged page on its own line).
    return QStringLiteral("cannot open database %1: %2").arg(path, problem.simplified());
}

[[noreturn]] void refuse(const QString &path, const QString &problem, StoreErrorCode code)
{
    throw StoreError(describe(path, problem), code);
}

// An error met while opening, in the words the user sees; its code says what it was.
[[noreturn]] void refuseOpening(const QString &path, const StoreError &e, const QString &sqlError)
{
    switch (e.code()) {
    case StoreErrorCode::Busy:
    case StoreErrorCode::Locked:
        refuse(path, QStringLiteral("it is locked by another process"), StoreErrorCode::Busy);
    case StoreErrorCode::Corrupt:
    case StoreErrorCode::NotJobdeck:
        refuse(path, QStringLiteral("the database is corrupt (%1)").arg(sqlError), StoreErrorCode::Corrupt);
    default:
        refuse(path, sqlError, e.code());
    }
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

// Opening a file SQLite then refuses may create an empty write-ahead log and shared-memory file beside it. Those
// that did not exist before are removed again unless the opening succeeded (dismiss()).
class LeftBehind {
public:
    explicit LeftBehind(const QString &path)
    {
        for (const QString &suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            if (!QFileInfo::exists(path + suffix))
                m_new << path + suffix;
        }
    }
    ~LeftBehind()
    {
        if (std::uncaught_exceptions() == 0)
            return;
        for (const QString &file : m_new) {
            const QFileInfo info(file);
            if (info.exists() && (info.size() == 0 || file.endsWith(QLatin1String("-shm"))))
                QFile::remove(file);
        }
    }
    LeftBehind(const LeftBehind &) = delete;
    LeftBehind &operator=(const LeftBehind &) = delete;

private:
    QStringList m_new;
};

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
        refuse(path, QStringLiteral("directory %1 does not exist").arg(dir.absoluteFilePath()), StoreErrorCode::CantOpen);
    if (info.exists() && info.isDir())
        refuse(path, QStringLiteral("it is a directory"), StoreErrorCode::CantOpen);
    if (!info.exists()) {
        if (!dir.isWritable())
            refuse(path, QStringLiteral("directory %1 is not writable").arg(dir.absoluteFilePath()), StoreErrorCode::ReadOnly);
        return;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        refuse(path, QStringLiteral("the file is not readable (%1)").arg(file.errorString()), StoreErrorCode::CantOpen);
    const QByteArray header = file.read(100);
    file.close();
    if (!header.isEmpty()) {
        if (!header.startsWith(QByteArrayLiteral("SQLite format 3\0")) || header.size() < 100)
            refuse(path, QStringLiteral("it is not a SQLite database"), StoreErrorCode::NotJobdeck);
        const quint32 appId = quint32(quint8(header[68])) << 24 | quint32(quint8(header[69])) << 16
            | quint32(quint8(header[70])) << 8 | quint32(quint8(header[71]));
        if (appId != quint32(SqliteSchema::kApplicationId) && appId != 0)
            refuse(path, QStringLiteral("it is a SQLite database of another application"), StoreErrorCode::NotJobdeck);
    }
    if (!info.isWritable())
        refuse(path, QStringLiteral("the file is read-only"), StoreErrorCode::ReadOnly);
    if (!dir.isWritable())
        refuse(path, QStringLiteral("directory %1 is not writable (SQLite needs to create its journal there)")
                         .arg(dir.absoluteFilePath()), StoreErrorCode::ReadOnly);

    // Read the schema without writing anything: a corrupt file must stay as it is, with nothing left beside it.
    const LeftBehind leftBehind(path);
    SqliteConnection probe(path, SqliteConnection::Mode::ReadOnly, 2000);
    if (!probe.isOpen())
        refuse(path, plainSqlError(probe.openError()), probe.openErrorCode());
    int count = 0;
    int appIdValue = 0;
    QString verdict = QStringLiteral("ok");
    try {
        auto tables = probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"));
        count = tables.next() ? tables.value(0).toInt() : 0;
        tables.finish();
        auto id = probe.exec(QStringLiteral("PRAGMA application_id"));
        appIdValue = id.next() ? id.value(0).toInt() : 0;
        id.finish();
        // quick_check reads every page: affordable only for small files, and those are most often hand-made.
        if (count > 0 && appIdValue == SqliteSchema::kApplicationId && info.size() < 32 * 1024 * 1024) {
            auto check = probe.exec(QStringLiteral("PRAGMA quick_check(1)"));
            verdict = check.next() ? check.value(0).toString() : QString();
        }
    } catch (const StoreError &e) {
        refuseOpening(path, e, plainSqlError(e.message()));
    }
    if (count > 0 && appIdValue != SqliteSchema::kApplicationId)
        refuse(path, QStringLiteral("it is a SQLite database of another application"), StoreErrorCode::NotJobdeck);
    if (verdict != QLatin1String("ok"))
        refuse(path, QStringLiteral("the database is corrupt (%1)").arg(verdict), StoreErrorCode::Corrupt);
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
            if (!e.isLockConflict() || deadline.hasExpired())
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
    checkOneSqliteLibrary();
    validate(absolute);
    {
        SqliteConnection setup(absolute, SqliteConnection::Mode::ReadWrite, 2000);
        if (!setup.isOpen())
            refuse(absolute, plainSqlError(setup.openError()), setup.openErrorCode());
        try {
            auto mode = setup.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
            const QString journal = mode.next() ? mode.value(0).toString() : QString();
            mode.finish();
            if (journal.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
                throw StoreError(QStringLiteral("could not switch to WAL mode (journal mode is %1)").arg(journal),
                                 StoreErrorCode::Io);
            // Fails fast when another program holds the write lock, instead of stalling every write later.
            setup.exec(QStringLiteral("BEGIN IMMEDIATE"));
            setup.exec(QStringLiteral("ROLLBACK"));
            SqliteSchema::migrate(setup);
        } catch (const StoreError &e) {
            if (e.isLockConflict())
                refuse(absolute, QStringLiteral("it is locked by another process"), StoreErrorCode::Busy);
            refuse(absolute, plainSqlError(e.message()), e.code());
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

std::unique_ptr<WatchReader> SqliteStore::openWatchReader()
{
    return std::make_unique<SqliteWatchReader>(m_path);
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
