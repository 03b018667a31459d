#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace jobdeck {

// One command's --help, as QCommandLineParser writes it, read back into its parts: the manual page and the shell
// completion are made from exactly what --help prints.
struct HelpText {
    struct Entry {
        QStringList names;  // "-h", "--help"; for an argument, its name ("NAME")
        QString valueName;  // "PATH" for "--db <PATH>"; empty for a flag
        QString description;
    };
    QString usage; // the words after the program's name: "[options] schedule add NAME"
    QString description;
    std::vector<Entry> options;
    std::vector<Entry> arguments;

    static HelpText parse(const QString &text);
};

} // namespace jobdeck
