#include "SqliteToPostgres.h"

#include "PostgresConnection.h"
#include "PostgresSchema.h"
#include "storage/sqlite/SqliteHandle.h"
#include "storage/sqlite/SqliteStatement.h"
#include "storage/sqlite/SqliteStore.h"

#include <sqlite3.h>

namespace jobdeck {

namespace {

constexpr qsizetype kCopyChunk = 1 << 20;

QStringList sqliteColumns(SqliteHandle &source, const QString &table)
{
    SqliteStatement info(source.get(), QStringLiteral("SELECT name FROM pragma_table_info(?)"));
    info.bindValue(0, table);
    info.exec();
    QStringList columns;
    while (info.next())
        columns << info.value(0).toString();
    return columns;
}

QStringList postgresColumns(PostgresConnection &target, const QString &table)
{
    const auto result = target.exec(QStringLiteral("SELECT column_name FROM information_schema.columns "
                                                   "WHERE table_schema = $1 AND table_name = $2"),
                                    {QByteArray(PostgresSchema::kSchema), table.toUtf8()});
    QStringList columns;
    for (int row = 0; row < result.rows(); ++row)
        columns << result.text(row, 0);
    return columns;
}

// The tables of the SQLite file that hold data of their own (the full-text index is rebuilt by PostgreSQL's).
QStringList sqliteTables(SqliteHandle &source)
{
    SqliteStatement tables(source.get(),
                           QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'table' "
                                          "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'job_search%'"));
    tables.exec();
    QStringList names;
    while (tables.next())
        names << tables.value(0).toString();
    return names;
}

// A value in COPY's text format: \N for NULL, backslash escapes for the characters that separate fields and
// rows.
void appendValue(QByteArray &out, sqlite3_stmt *row, int column)
{
    switch (sqlite3_column_type(row, column)) {
    case SQLITE_NULL:
        out += "\\N";
        return;
    case SQLITE_INTEGER:
        out += QByteArray::number(sqlite3_column_int64(row, column));
        return;
    case SQLITE_FLOAT:
        out += QByteArray::number(sqlite3_column_double(row, column), 'g', 17);
        return;
    default:
        break;
    }
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(row, column));
    const int length = sqlite3_column_bytes(row, column);
    for (int i = 0; i < length; ++i) {
        const char c = text[i];
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += c;
        }
    }
}

qint64 copyTable(SqliteHandle &source, PostgresConnection &target, const QString &table)
{
    const QStringList columns = sqliteColumns(source, table);
    const QStringList targetColumns = postgresColumns(target, table);
    for (const QString &column : columns) {
        // A column the PostgreSQL schema lacks would be lost without a word: refuse instead.
        if (!targetColumns.contains(column))
            throw StoreError(
                QStringLiteral("column %1.%2 of the SQLite database has no place in PostgreSQL's schema")
                    .arg(table, column));
    }
    const QString list = columns.join(QStringLiteral(", "));
    target.beginCopy(QStringLiteral("COPY %1 (%2) FROM STDIN").arg(table, list));
    QByteArray chunk;
    chunk.reserve(kCopyChunk + 4096);
    qint64 read = 0;
    sqlite3_stmt *statement = nullptr;
    const QByteArray select = QStringLiteral("SELECT %1 FROM %2").arg(list, table).toUtf8();
    if (sqlite3_prepare_v2(source.get(), select.constData(), int(select.size()), &statement, nullptr) !=
        SQLITE_OK)
        throw StoreError(QStringLiteral("cannot read table %1: %2")
                             .arg(table, QString::fromUtf8(sqlite3_errmsg(source.get()))));
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
        for (int c = 0; c < columns.size(); ++c) {
            if (c > 0)
                chunk += '\t';
            appendValue(chunk, statement, c);
        }
        chunk += '\n';
        ++read;
        if (chunk.size() >= kCopyChunk) {
            target.sendCopyData(chunk);
            chunk.clear();
        }
    }
    sqlite3_finalize(statement);
    if (step != SQLITE_DONE)
        throw StoreError(QStringLiteral("cannot read table %1: %2")
                             .arg(table, QString::fromUtf8(sqlite3_errmsg(source.get()))));
    if (!chunk.isEmpty())
        target.sendCopyData(chunk);
    const qint64 written = target.endCopy();
    if (written != read)
        throw StoreError(
            QStringLiteral("table %1: %2 rows read, %3 written").arg(table).arg(read).arg(written));
    return written;
}

void refuseLiveRunners(SqliteHandle &source, const SqliteToPostgres::Options &options)
{
    SqliteStatement live(
        source.get(), QStringLiteral("SELECT id FROM runners WHERE retired_at IS NULL AND heartbeat_at > ?"));
    live.bindValue(0, options.nowMs - options.runnerSilenceMs);
    live.exec();
    if (live.next())
        throw StoreError(
            QStringLiteral("runner %1 is running on this database; stop it first, so that no job changes "
                           "after the copy")
                .arg(live.value(0).toString()),
            StoreErrorCode::Busy);
}

void refuseNonEmpty(PostgresConnection &target)
{
    QStringList holding;
    for (const QString &table : PostgresSchema::dataTables()) {
        if (target.exec(QStringLiteral("SELECT EXISTS (SELECT 1 FROM %1)").arg(table)).text(0, 0) ==
            QLatin1String("t"))
            holding << table;
    }
    if (!holding.isEmpty())
        throw StoreError(
            QStringLiteral("%1 already holds Jobdeck data (in %2); db migrate copies only into an empty "
                           "database")
                .arg(target.url().display(), holding.join(QStringLiteral(", "))));
}

} // namespace

std::vector<SqliteToPostgres::TableCount>
SqliteToPostgres::copy(const QString &sqlitePath, const PostgresUrl &target, const Options &options)
{
    // Opening checks that the file is a Jobdeck database and brings it to this build's schema, which the
    // PostgreSQL schema mirrors.
    {
        const auto store = SqliteStore::open(sqlitePath);
    }
    SqliteHandle source(sqlitePath, 5000);
    source.exec("BEGIN"); // one snapshot of every table
    refuseLiveRunners(source, options);
    for (const QString &table : sqliteTables(source)) {
        if (!PostgresSchema::dataTables().contains(table))
            throw StoreError(
                QStringLiteral("table %1 of the SQLite database has no place in PostgreSQL's schema")
                    .arg(table));
    }

    PostgresConnection connection(target);
    PostgresSchema::migrate(connection);
    std::vector<TableCount> counts;
    connection.exec(QStringLiteral("BEGIN"));
    try {
        // No other program may add rows between the check and the copy.
        connection.exec(QStringLiteral("LOCK TABLE %1 IN EXCLUSIVE MODE")
                            .arg(PostgresSchema::dataTables().join(QStringLiteral(", "))));
        refuseNonEmpty(connection);
        // The history rows are copied as they are; the triggers would write a second, new one for each job.
        connection.exec(QStringLiteral("ALTER TABLE jobs DISABLE TRIGGER USER"));
        for (const QString &table : PostgresSchema::dataTables()) {
            const TableCount count{table, copyTable(source, connection, table)};
            counts.push_back(count);
            if (options.copied)
                options.copied(count);
        }
        connection.exec(QStringLiteral("ALTER TABLE jobs ENABLE TRIGGER USER"));
        // New rows continue the numbering after the copied ones.
        const auto identities = connection.exec(
            QStringLiteral("SELECT table_name FROM information_schema.columns WHERE table_schema = $1 "
                           "AND column_name = 'id' AND is_identity = 'YES'"),
            {QByteArray(PostgresSchema::kSchema)});
        for (int row = 0; row < identities.rows(); ++row) {
            const QString table = identities.text(row, 0);
            connection.exec(
                QStringLiteral("SELECT setval(pg_get_serial_sequence('%1.%2', 'id'), max(id)) FROM %2 "
                               "HAVING max(id) IS NOT NULL")
                    .arg(QLatin1String(PostgresSchema::kSchema), table));
        }
        connection.exec(QStringLiteral("COMMIT"));
    } catch (...) {
        connection.rollback();
        throw;
    }
    source.rollback();
    // The planner's statistics of the tables just filled, so the first window on them chooses its plans well
    // instead of waiting for autovacuum. The copy is committed by now: without them it is only slower at first.
    try {
        connection.exec(QStringLiteral("ANALYZE %1").arg(PostgresSchema::dataTables().join(QStringLiteral(", "))));
    } catch (const StoreError &) {
    }
    return counts;
}

} // namespace jobdeck
