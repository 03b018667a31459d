#include "PostgresCluster.h"

#include "storage/StoreError.h"
#include "storage/postgres/PostgresConnection.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QTcpServer>
#include <unistd.h>

namespace jobdeck::test {

namespace {

constexpr uid_t kNobody = 65534;
constexpr gid_t kNogroup = 65534;

bool runsAsRoot()
{
    return geteuid() == 0;
}

int freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

// The newest server Debian installed: /usr/lib/postgresql/VERSION/bin.
QString serverBinDir()
{
    QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(),
              [](const QString &a, const QString &b) { return a.toInt() < b.toInt(); });
    for (auto it = versions.crbegin(); it != versions.crend(); ++it) {
        const QString bin = root.filePath(*it + QStringLiteral("/bin"));
        if (QFile::exists(bin + QStringLiteral("/initdb")))
            return bin;
    }
    return {};
}

} // namespace

PostgresCluster::PostgresCluster(Options options) : m_options(std::move(options)), m_bin(serverBinDir()) {}

PostgresCluster::~PostgresCluster()
{
    stop();
}

QString PostgresCluster::binary(const QString &name) const
{
    return m_bin + u'/' + name;
}

bool PostgresCluster::run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setWorkingDirectory(m_dir.path());
    if (runsAsRoot()) {
        process.setProgram(QStringLiteral("setpriv"));
        process.setArguments(QStringList{QStringLiteral("--reuid=%1").arg(kNobody),
                                         QStringLiteral("--regid=%1").arg(kNogroup),
                                         QStringLiteral("--clear-groups"), QStringLiteral("--"), program} +
                             arguments);
    } else {
        process.setProgram(program);
        process.setArguments(arguments);
    }
    process.start();
    if (!process.waitForFinished(120'000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        m_error =
            QStringLiteral("%1 failed: %2")
                .arg(QFileInfo(program).fileName(), QString::fromLocal8Bit(process.readAll()).trimmed());
        return false;
    }
    return true;
}

bool PostgresCluster::start()
{
    if (m_bin.isEmpty()) {
        m_error = QStringLiteral(
            "no PostgreSQL server under /usr/lib/postgresql (packaging/install-deps.sh installs it)");
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    const QString passwordFile = m_dir.filePath(QStringLiteral("password"));
    {
        QFile file(passwordFile);
        if (!file.open(QIODevice::WriteOnly)) {
            m_error = QStringLiteral("cannot write %1").arg(passwordFile);
            return false;
        }
        file.write(m_options.password.toUtf8() + '\n');
    }
    if (runsAsRoot()) {
        for (const QString &path : {m_dir.path(), passwordFile}) {
            if (chown(QFile::encodeName(path).constData(), kNobody, kNogroup) != 0) {
                m_error = QStringLiteral("cannot hand %1 to the user nobody").arg(path);
                return false;
            }
        }
    }
    const QString data = m_dir.filePath(QStringLiteral("data"));
    if (!run(binary(QStringLiteral("initdb")),
             {QStringLiteral("-D"), data, QStringLiteral("-U"), QStringLiteral("jobdeck"),
              QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
              QStringLiteral("--no-sync"), QStringLiteral("--auth-local=trust"),
              QStringLiteral("--auth-host=scram-sha-256"), QStringLiteral("--pwfile=%1").arg(passwordFile)}))
        return false;
    // A port that was free a moment ago may be taken by the time the server binds it: try a few.
    for (int tries = 0; tries < 5 && !m_running; ++tries) {
        m_port = freePort();
        m_serverOptions = QStringLiteral("-c listen_addresses=127.0.0.1 -p %1 -k %2 -c fsync=%3")
                              .arg(m_port)
                              .arg(m_dir.path(), m_options.fsync ? QStringLiteral("on") : QStringLiteral("off"));
        startAgain();
    }
    if (!m_running)
        m_error += QStringLiteral("\n") + serverLog();
    return m_running;
}

void PostgresCluster::stop()
{
    if (!m_running)
        return;
    run(binary(QStringLiteral("pg_ctl")),
        {QStringLiteral("-D"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("-m"),
         QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop")});
    m_running = false;
}

bool PostgresCluster::startAgain()
{
    m_running = run(binary(QStringLiteral("pg_ctl")),
                    {QStringLiteral("-D"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("-l"),
                     m_dir.filePath(QStringLiteral("server.log")), QStringLiteral("-w"), QStringLiteral("-t"),
                     QStringLiteral("60"), QStringLiteral("-o"), m_serverOptions, QStringLiteral("start")});
    return m_running;
}

bool PostgresCluster::restart()
{
    // pg_ctl starts it again with the options of the last start (postmaster.opts).
    return m_running
        && run(binary(QStringLiteral("pg_ctl")),
               {QStringLiteral("-D"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("-l"),
                m_dir.filePath(QStringLiteral("server.log")), QStringLiteral("-m"), QStringLiteral("fast"),
                QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("restart")});
}

QString PostgresCluster::url(const QString &database) const
{
    return QStringLiteral("postgresql://jobdeck:%1@127.0.0.1:%2/%3")
        .arg(m_options.password)
        .arg(m_port)
        .arg(database);
}

bool PostgresCluster::createDatabase(const QString &name)
{
    try {
        QString error;
        PostgresConnection admin(*PostgresUrl::parse(url(QStringLiteral("postgres")), &error));
        admin.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(name));
        return true;
    } catch (const StoreError &e) {
        m_error = e.message();
        return false;
    }
}

QString PostgresCluster::serverLog() const
{
    QFile log(m_dir.filePath(QStringLiteral("server.log")));
    return log.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(log.readAll()) : QString();
}

} // namespace jobdeck::test
