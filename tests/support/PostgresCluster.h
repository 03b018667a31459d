#pragma once

#include <QString>
#include <QTemporaryDir>

namespace jobdeck::test {

// A private PostgreSQL server for one test program: a cluster made with Debian's initdb in a temporary
// folder, on a free port of 127.0.0.1 with its socket in that folder, stopped and removed with this object.
// Run as root, the server runs as the unprivileged user "nobody", as PostgreSQL requires.
//
// Connections over TCP need the password; the database user is "jobdeck".
class PostgresCluster {
public:
    struct Options {
        QString password = QStringLiteral("cluster-pass-7f3a");
        bool fsync = false; // tests do not need their commits to survive a power cut
    };

    PostgresCluster() : PostgresCluster(Options{}) {}
    explicit PostgresCluster(Options options);
    ~PostgresCluster();
    PostgresCluster(const PostgresCluster &) = delete;
    PostgresCluster &operator=(const PostgresCluster &) = delete;

    // Creates and starts the cluster; false with error() set when it cannot.
    bool start();
    void stop();
    // Stops the server at once (fast shutdown: its connections are cut) and starts it again on the same port.
    bool restart();
    // Starts the server stopped by stop() again, on the same port with the same data.
    bool startAgain();
    QString error() const { return m_error; }

    // Creates an empty database; false with error() set when it cannot.
    bool createDatabase(const QString &name);
    // postgresql://jobdeck:PASSWORD@127.0.0.1:PORT/NAME
    QString url(const QString &database) const;
    QString password() const { return m_options.password; }
    int port() const { return m_port; }
    QString serverLog() const;

private:
    bool run(const QString &program, const QStringList &arguments);
    QString binary(const QString &name) const;

    Options m_options;
    QTemporaryDir m_dir;
    QString m_bin;
    int m_port = 0;
    QString m_serverOptions;
    bool m_running = false;
    QString m_error;
};

} // namespace jobdeck::test
