#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <optional>

// One value from a database, read as another program would (-1 when it cannot be read).
inline qint64 databaseScalar(const QString &db, const QString &sql)
{
    static int s_connections = 0;
    const QString name = QStringLiteral("process-test-%1").arg(++s_connections);
    qint64 value = -1;
    {
        QSqlDatabase d = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        d.setDatabaseName(db);
        d.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (d.open()) {
            QSqlQuery q(d);
            if (q.exec(sql) && q.next())
                value = q.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

// Runs the real jobdeck binary for process-level tests.
struct CliResult {
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

class JobdeckProcess {
public:
    explicit JobdeckProcess(QString db) : m_db(std::move(db)) {}

    static QString binary() { return QStringLiteral(JOBDECK_BINARY); }

    // Runs one command to completion, against this database.
    CliResult run(const QStringList &arguments, const QByteArray &stdinData = {}, int timeoutMs = 60'000) const
    {
        QProcess p;
        if (m_environment)
            p.setProcessEnvironment(*m_environment);
        p.setProgram(binary());
        p.setArguments(QStringList{QStringLiteral("--db"), m_db} + arguments);
        p.start();
        p.waitForStarted();
        if (!stdinData.isEmpty())
            p.write(stdinData);
        p.closeWriteChannel();
        if (!p.waitForFinished(timeoutMs))
            p.kill();
        p.waitForFinished();
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    // Starts a headless runner in the background.
    void startRunner(QProcess &runner, const QStringList &extra = {}) const
    {
        runner.setProgram(binary());
        runner.setArguments(QStringList{QStringLiteral("--no-gui"), QStringLiteral("--db"), m_db} + extra);
        runner.setProcessChannelMode(QProcess::SeparateChannels);
        runner.start();
        runner.waitForStarted();
    }

    QJsonObject show(qint64 id) const { return run({QStringLiteral("show"), QString::number(id), QStringLiteral("--json")}).json(); }

    qint64 enqueue(const QStringList &arguments) const
    {
        const CliResult r = run(QStringList{QStringLiteral("enqueue")} + arguments);
        if (r.exitCode != 0)
            qWarning("enqueue failed with exit code %d: %s", r.exitCode, qPrintable(r.err));
        return r.exitCode == 0 ? r.out.trimmed().toLongLong() : -1;
    }

    const QString &db() const { return m_db; }

    // The environment run() starts the binary with (default: this process's).
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }

private:
    QString m_db;
    std::optional<QProcessEnvironment> m_environment;
};
