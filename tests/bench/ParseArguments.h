#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace jobdeck::bench {

// The part every benchmark program parses alike: unknown options and stray words are bad input (exit code 2),
// --help is answered with exit code 0. Returns true when the program should go on; otherwise `message` and
// `exitCode` say what to print and how to end.
inline bool parseArguments(QCommandLineParser &parser, const QStringList &arguments, QString &message, int &exitCode)
{
    exitCode = 2;
    if (!parser.parse(arguments)) {
        message = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        message = parser.helpText();
        exitCode = 0;
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        message = QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first());
        return false;
    }
    return true;
}

} // namespace jobdeck::bench
