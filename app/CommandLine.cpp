#include "CommandLine.h"

#include "runner/WorkerRange.h"
#include "storage/StoreError.h"
#include "storage/postgres/PostgresUrl.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QStringDecoder>

namespace jobdeck {

namespace {
// Options of the runner that take a value, so their values are not mistaken for a command.
const QStringList s_valueOptions = {QStringLiteral("--db"),       QStringLiteral("--workers"),
                                    QStringLiteral("--durability"), QStringLiteral("--stopping-wait"),
                                    QStringLiteral("--retry-cap"), QStringLiteral("--lease"),
                                    QStringLiteral("--jobs-dir"), QStringLiteral("--http"),
                                    QStringLiteral("--tls-cert"), QStringLiteral("--tls-key"),
                                    QStringLiteral("--http-connections"), QStringLiteral("--http-timeout"),
                                    QStringLiteral("--callback-allow"), QStringLiteral("--callback-backoff"),
                                    QStringLiteral("--callback-timeout"), QStringLiteral("--grow-after"),
                                    QStringLiteral("--shrink-after")};

QString *s_helpSink = nullptr;
} // namespace

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

std::optional<QStringList> CommandLine::decodeArguments(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i) {
        QStringDecoder decoder(QStringDecoder::System);
        arguments << QString(decoder.decode(QByteArrayView(argv[i])));
        if (decoder.hasError()) {
            fail(ExitBadInput, QStringLiteral("argument \"%1\" is not valid UTF-8 text").arg(arguments.last()));
            return std::nullopt;
        }
    }
    return arguments;
}

void CommandLine::addGlobalOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("db"), QStringLiteral("Database file (default: $JOBDECK_DB or the app data folder)."),
                      QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("workers"), QStringLiteral("Worker threads, or MIN..MAX to grow while jobs wait and "
                                                                "shrink when workers idle (default: one per core)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("durability"), QStringLiteral("full (default) or normal."),
                      QStringLiteral("MODE")});
    parser.addOption({QStringLiteral("quiet"), QStringLiteral("Print only errors.")});
    parser.addHelpOption();
}

void CommandLine::captureHelp(QString *sink)
{
    s_helpSink = sink;
}

bool CommandLine::parse(QCommandLineParser &parser, const QStringList &arguments, qsizetype maxWords)
{
    if (s_helpSink) {
        *s_helpSink = parser.helpText();
        return false;
    }
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(arguments)) {
        fail(ExitBadInput, parser.errorText());
        return false;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(ExitOk); // prints the command's options and exits
    // An empty value is a variable that was not set or quotes left empty, never a wish for the default: taking it
    // as the default would write a job, or a database, the user did not ask for.
    for (const QString &name : parser.optionNames()) {
        if (parser.values(name).contains(QString())) {
            fail(ExitBadInput, QStringLiteral("%1%2 is empty: give a value or leave the option out")
                                   .arg(name.size() > 1 ? QLatin1String("--") : QLatin1String("-"), name));
            return false;
        }
    }
    const QStringList words = parser.positionalArguments();
    if (words.size() > maxWords) {
        fail(ExitBadInput, QStringLiteral("unexpected argument \"%1\"").arg(words.at(maxWords)));
        return false;
    }
    return true;
}

bool CommandLine::parseCommand(QCommandLineParser &parser, const QStringList &arguments, qsizetype maxWords,
                               GlobalOptions &out)
{
    addGlobalOptions(parser);
    return parse(parser, arguments, maxWords) && readGlobals(parser, out);
}

std::optional<QString> CommandLine::nameArgument(const QCommandLineParser &parser, const QString &usage, int index)
{
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != index + 1 || positional[index].trimmed().isEmpty()) {
        fail(ExitBadInput, QStringLiteral("usage: %1").arg(usage));
        return std::nullopt;
    }
    return positional[index];
}

bool CommandLine::readGlobals(const QCommandLineParser &parser, GlobalOptions &o)
{
    o.db = parser.value(QStringLiteral("db"));
    if (o.db.isEmpty())
        o.db = qEnvironmentVariable("JOBDECK_DB");
    if (QString error; PostgresUrl::isPostgres(o.db) && !PostgresUrl::parse(o.db, &error)) {
        // The URL as the user wrote it may hold a password: the message leaves it out.
        fail(ExitBadInput, QStringLiteral("--db: %1").arg(error));
        return false;
    }
    if (parser.isSet(QStringLiteral("workers"))) {
        QString error;
        const auto range = WorkerRange::parse(parser.value(QStringLiteral("workers")), &error);
        if (!range) {
            fail(ExitBadInput, error);
            return false;
        }
        o.workers = range->min;
        o.maxWorkers = range->isFixed() ? 0 : range->max;
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

QString CommandLine::readPayload(const QCommandLineParser &parser, std::optional<QJsonObject> &payload)
{
    if (!parser.isSet(QStringLiteral("payload")))
        return {};
    QJsonDocument doc;
    if (const QString error = parseJson(parser.value(QStringLiteral("payload")).toUtf8(), doc); !error.isEmpty())
        return QStringLiteral("malformed --payload JSON: %1").arg(error);
    if (!doc.isObject())
        return QStringLiteral("the payload must be a JSON object");
    payload = doc.object();
    return {};
}

QString CommandLine::parseJson(const QByteArray &text, QJsonDocument &document)
{
    QJsonParseError parseError;
    document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return QStringLiteral("%1 at offset %2").arg(parseError.errorString()).arg(parseError.offset);
    // Outside strings Qt already refuses them; tab, line feed and carriage return are whitespace there.
    for (qsizetype i = 0; i < text.size(); ++i) {
        const uchar c = uchar(text.at(i));
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            document = {};
            return QStringLiteral("unescaped control character at offset %1 (write it as \\u%2)")
                .arg(i)
                .arg(uint(c), 4, 16, QLatin1Char('0'));
        }
    }
    return {};
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

std::unique_ptr<JobStore> CommandLine::openStore(const GlobalOptions &options)
{
    QString path = options.db;
    if (path.isEmpty()) {
        path = defaultDatabasePath();
        QDir().mkpath(QFileInfo(path).absolutePath()); // only the default location is created for the user
    }
    try {
        return openJobStore(path, SqliteStore::Options{options.durability, 50});
    } catch (const StoreError &e) {
        fail(ExitFailed, e.message());
        return nullptr;
    }
}

void printJson(const QJsonValue &v)
{
    out() << (v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject())).toJson(QJsonDocument::Indented);
    out().flush();
}

void printTable(const QList<QStringList> &rows)
{
    QList<int> widths;
    for (const QStringList &row : rows) {
        for (int i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = std::max(widths[i], int(row[i].size()));
        }
    }
    for (const QStringList &row : rows) {
        QString line;
        for (int i = 0; i < row.size(); ++i)
            line += i + 1 < row.size() ? row[i].leftJustified(widths[i] + 2) : row[i];
        while (line.endsWith(u' '))
            line.chop(1);
        out() << line << '\n';
    }
    out().flush();
}

} // namespace jobdeck
