#pragma once

#include "storage/OpenJobStore.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QTextStream>
#include <memory>
#include <optional>

namespace jobdeck {

enum ExitCode { ExitOk = 0, ExitFailed = 1, ExitBadInput = 2, ExitTimedOut = 3 };

// Options every mode shares, and the one way to open the database from the command line.
struct GlobalOptions {
    QString db;
    int workers = 0;    // 0: one per core; the least workers of a range
    int maxWorkers = 0; // above `workers`: --workers MIN..MAX, a pool that scales between the two
    Durability durability = Durability::Full;
    bool quiet = false;
};

class CommandLine {
public:
    explicit CommandLine(QStringList arguments);

    // The subcommand (enqueue, list, ...), or empty for the window / headless runner.
    QString command() const { return m_command; }
    const QStringList &arguments() const { return m_arguments; }

    // The process's arguments as text; nothing after printing why when one is not valid UTF-8 (a path or value
    // with bytes Qt would silently replace names something else than the user gave).
    static std::optional<QStringList> decodeArguments(int argc, char **argv);

    // Adds --db, --workers, --durability, --quiet, --help.
    static void addGlobalOptions(QCommandLineParser &parser);
    // Parses and refuses what no command accepts: an option given an empty value, and more than `maxWords`
    // positional words (the command's own words included: `jobdeck show ID` has 2). On bad input prints one line
    // to stderr and returns false.
    static bool parse(QCommandLineParser &parser, const QStringList &arguments, qsizetype maxWords);
    // While a sink is set, parse() writes the command's --help text there and returns false, so the command stops
    // before doing anything: how the manual page and the shell completion read every command's options from the
    // parsers that check them. Null stops capturing.
    static void captureHelp(QString *sink);
    static bool readGlobals(const QCommandLineParser &parser, GlobalOptions &out);
    // addGlobalOptions, parse and readGlobals in one, for a command whose own options are already added.
    static bool parseCommand(QCommandLineParser &parser, const QStringList &arguments, qsizetype maxWords,
                             GlobalOptions &out);
    // The one positional word at `index` (a schedule's or a watch's name), which must be the last and not blank;
    // otherwise prints the usage and returns nothing.
    static std::optional<QString> nameArgument(const QCommandLineParser &parser, const QString &usage, int index = 2);
    // The --payload option, a JSON object; left empty when the option is not given. Returns an error for bad input.
    static QString readPayload(const QCommandLineParser &parser, std::optional<QJsonObject> &payload);
    // Parses JSON the user wrote (an option's value, a line of a file). Stricter than QJsonDocument, which lets raw
    // control characters through: JSON wants them escaped, and they are a sign of a mangled file or argument.
    // Returns an error ("... at offset N"), or empty and fills `document`.
    static QString parseJson(const QByteArray &text, QJsonDocument &document);

    // The words after `command` that are neither options nor values of the global options or of `valueOptions`:
    // for `jobdeck schedule --tz X add NAME` with command "schedule" and valueOptions {"--tz"}, {"add", "NAME"}.
    static QStringList subcommandWords(const QStringList &arguments, const QString &command,
                                       const QStringList &valueOptions);

    static QString defaultDatabasePath();
    // Opens the store or prints the reason; returns null on failure.
    static std::unique_ptr<JobStore> openStore(const GlobalOptions &options);

private:
    QStringList m_arguments;
    QString m_command;
};

QTextStream &out();
QTextStream &err();
// Prints "jobdeck: <message>" to stderr and returns `code`.
int fail(int code, const QString &message);
// Prints an object or array as indented JSON to stdout.
void printJson(const QJsonValue &value);
// Prints rows as columns padded to their widest cell; the last one is not padded.
void printTable(const QList<QStringList> &rows);

} // namespace jobdeck
