#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <optional>

namespace jobdeck {

// A PostgreSQL database named the way libpq users write it:
// postgresql://user[:password]@host[:port]/dbname[?…] (or postgres://). The password stays inside: display()
// and every message leave it out.
class PostgresUrl {
public:
    // Whether a --db value names PostgreSQL rather than a SQLite file.
    static bool isPostgres(const QString &text);
    // Parses and checks a URL; on failure returns nothing and sets `error` to a message without the password.
    static std::optional<PostgresUrl> parse(const QString &text, QString *error);

    // What libpq connects with (the URL itself, so PGPASSFILE, ~/.pgpass and the query parameters work as
    // usual).
    QByteArray connectionString() const { return m_text.toUtf8(); }
    // The connection's settings as libpq reads them from the URL (host, port, dbname, user, password, sslmode, …),
    // for a client that takes them one by one (Qt's driver). Holds the password: never print it.
    QList<QPair<QByteArray, QByteArray>> settings() const;
    // Settings every Jobdeck connection has unless its URL says otherwise: a server that does not answer is an
    // error after a while instead of a hang, a network that drops silently is noticed within half a minute (TCP
    // keepalives), and the server's activity lists say which program a connection is.
    static QList<QPair<QByteArray, QByteArray>> defaults();
    // The URL without its password, for messages and logs.
    QString display() const { return m_display; }
    QString host() const { return m_host; }
    int port() const { return m_port; }
    QString database() const { return m_database; }
    QString user() const { return m_user; }

    // Replaces every occurrence of the URL's password in a message from libpq or the server.
    QString scrub(const QString &message) const;

private:
    QString m_text;
    QString m_display;
    QString m_host;
    int m_port = 5432;
    QString m_database;
    QString m_user;
    QString m_password;
};

} // namespace jobdeck
