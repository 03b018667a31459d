#pragma once

#include "PostgresResult.h"
#include "PostgresUrl.h"
#include "storage/StoreError.h"

#include <QByteArrayList>
#include <QString>
#include <vector>

struct pg_conn;

namespace jobdeck {

// One libpq connection, used by one thread at a time. Every failure throws StoreError with a code decided
// from the SQLSTATE or the connection's status, and a message without the password.
class PostgresConnection {
public:
    explicit PostgresConnection(const PostgresUrl &url); // connects; throws StoreError
    ~PostgresConnection();
    PostgresConnection(const PostgresConnection &) = delete;
    PostgresConnection &operator=(const PostgresConnection &) = delete;

    PostgresResult exec(const QString &sql);
    // $1, $2, … bound to `parameters` as text; a null QByteArray binds NULL.
    PostgresResult exec(const QString &sql, const QByteArrayList &parameters);

    // A named statement of this connection, prepared once; its parameters' types are left to PostgreSQL to infer.
    void prepare(const QByteArray &name, const QString &sql);
    PostgresResult execPrepared(const QByteArray &name, const std::vector<QByteArray> &parameters);

    // LISTEN/NOTIFY: the socket to wait on, and the channels' notifications that arrived (read without blocking).
    // Each notification names the server process that sent it, so a writer can tell its own commits apart.
    int socket() const;
    struct Notification {
        QByteArray channel;
        int senderPid = 0;
    };
    std::vector<Notification> takeNotifications(); // throws StoreError when the connection broke
    int serverPid() const;
    bool isBroken() const;

    // COPY … FROM STDIN: starts it with `sql`, then sends `data` (text format) in pieces as it is filled.
    void beginCopy(const QString &sql);
    void sendCopyData(const QByteArray &data);
    qint64 endCopy(); // the rows copied

    void rollback() noexcept;
    const PostgresUrl &url() const { return m_url; }

    // The code a SQLSTATE stands for (53100 disk full, 40P01 deadlock, …).
    static StoreErrorCode codeOf(const QByteArray &sqlState);

private:
    [[noreturn]] void fail(pg_result *result, const QString &what);
    PostgresResult check(pg_result *result, const QString &sql);

    PostgresUrl m_url;
    pg_conn *m_conn = nullptr;
};

} // namespace jobdeck
