#include "CommandLine.h"

#include "storage/StoreError.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace jobdeck {

namespace {
// Options of the runner that take a value, so their values are not mistaken for a command.
const QStringList s_valueOptions = {QStringLiteral("--db"),       QStringLiteral("--workers"),
                                    QStringLiteral("--durability"), QStringLiteral("--stopping-wait"),
                                    QStringLiteral("--retry-cap"), QStringLiteral("--lease")};
}

QTextStream &out()
{
    static QTextStream s_out(stdout);
    return s_out;
}

QTextStream &err()
{
    static QTextStream s_err(stderr);
    return s_err;
}

int fail(int code, const QString &message)
{
    err() << "jobdeck: " << message << Qt::endl;
    return code;
}

CommandLine::CommandLine(QStringList arguments) : m_arguments(std::move(arguments))
{
    // The first word that is neither an option nor an option's value names the subcommand.
    for (qsizetype i = 1; i < m_arguments.size(); ++i) {
        const QString &a = m_arguments[i];
        if (a.startsWith(u'-')) {
            if (s_valueOptions.contains(a))
                ++i;
            continue;
        }
        m_command = a;
        break;
    }
}

void CommandLine::addGlobalOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("db"), QStringLiteral("Database file (default: $JOBDECK_DB or the app data folder)."),
                      QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("workers"), QStringLiteral("Worker threads (default: one per core)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("durability"), QStringLiteral("full (default) or normal."),
                      QStringLiteral("MODE")});
    parser.addOption({QStringLiteral("quiet"), QStringLiteral("Print only errors.")});
    parser.addHelpOption();
}

bool CommandLine::parse(QCommandLineParser &parser, const QStringList &arguments)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(arguments)) {
        fail(ExitBadInput, parser.errorText());
        return false;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitOk); // prints the command's options and exits
    return true;
}

bool CommandLine::readGlobals(const QCommandLineParser &parser, GlobalOptions &o)
{
    o.db = parser.value(QStringLiteral("db"));
    if (o.db.isEmpty())
        o.db = qEnvironmentVariable("JOBDECK_DB");
    if (parser.isSet(QStringLiteral("workers"))) {
        bool ok = false;
        o.workers = parser.value(QStringLiteral("workers")).toInt(&ok);
        if (!ok || o.workers < 1 || o.workers > 1024) {
            fail(ExitBadInput, QStringLiteral("--workers must be a number from 1 to 1024"));
            return false;
        }
    }
    const QString durability = parser.value(QStringLiteral("durability"));
    if (durability == QLatin1String("normal"))
        o.durability = Durability::Normal;
    else if (!durability.isEmpty() && durability != QLatin1String("full")) {
        fail(ExitBadInput, QStringLiteral("--durability must be full or normal, not \"%1\"").arg(durability));
        return false;
    }
    o.quiet = parser.isSet(QStringLiteral("quiet"));
    return true;
}

QStringList CommandLine::subcommandWords(const QStringList &arguments, const QString &command,
                                         const QStringList &valueOptions)
{
    QStringList words;
    const qsizetype at = arguments.indexOf(command);
    for (qsizetype i = at + 1; at > 0 && i < arguments.size(); ++i) {
        const QString &a = arguments[i];
        if (a.startsWith(u'-')) {
            if ((s_valueOptions.contains(a) || valueOptions.contains(a)) && !a.contains(u'='))
                ++i;
            continue;
        }
        words << a;
    }
    return words;
}

QString CommandLine::defaultDatabasePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QDir(dir).filePath(QStringLiteral("jobdeck.db"));
}

std::unique_ptr<SqliteStore> CommandLine::openStore(const GlobalOptions &options)
{
    QString path = options.db;
    if (path.isEmpty()) {
        path = defaultDatabasePath();
        QDir().mkpath(QFileInfo(path).absolutePath()); // only the default location is created for the user
    }
    try {
        return SqliteStore::open(path, SqliteStore::Options{options.durability, 50});
    } catch (const StoreError &e) {
        fail(ExitFailed, e.message());
        return nullptr;
    }
}

} // namespace jobdeck
