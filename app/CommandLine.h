#pragma once

#include "storage/sqlite/SqliteStore.h"

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>
#include <memory>

namespace jobdeck {

enum ExitCode { ExitOk = 0, ExitFailed = 1, ExitBadInput = 2, ExitTimedOut = 3 };

// Options every mode shares, and the one way to open the database from the command line.
struct GlobalOptions {
    QString db;
    int workers = 0;
    Durability durability = Durability::Full;
    bool quiet = false;
};

class CommandLine {
public:
    explicit CommandLine(QStringList arguments);

    // The subcommand (enqueue, list, ...), or empty for the window / headless runner.
    QString command() const { return m_command; }
    const QStringList &arguments() const { return m_arguments; }

    // Adds --db, --workers, --durability, --quiet, --help.
    static void addGlobalOptions(QCommandLineParser &parser);
    // Parses; on bad input prints one line to stderr and returns false.
    static bool parse(QCommandLineParser &parser, const QStringList &arguments);
    static bool readGlobals(const QCommandLineParser &parser, GlobalOptions &out);

    // The words after `command` that are neither options nor values of the global options or of `valueOptions`:
    // for `jobdeck schedule --tz X add NAME` with command "schedule" and valueOptions {"--tz"}, {"add", "NAME"}.
    static QStringList subcommandWords(const QStringList &arguments, const QString &command,
                                       const QStringList &valueOptions);

    static QString defaultDatabasePath();
    // Opens the store or prints the reason; returns null on failure.
    static std::unique_ptr<SqliteStore> openStore(const GlobalOptions &options);

private:
    QStringList m_arguments;
    QString m_command;
};

QTextStream &out();
QTextStream &err();
// Prints "jobdeck: <message>" to stderr and returns `code`.
int fail(int code, const QString &message);

} // namespace jobdeck
