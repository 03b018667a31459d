#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace jobdeck::soak {

// What the command line asked for.
struct SoakOptions {
    int kills = 20;
    int jobs = 2000;
    int workers = 4;
    quint32 seed = 0;    // the random kill moments and job mix; chosen at random unless --seed
    bool json = false;
    QString jobdeck;     // empty: <build>/app/jobdeck next to this binary
    QString dir;         // empty: a temporary directory, removed afterwards
};

// Parses the arguments (the first one is the program). On a bad or help request returns nothing and sets
// `message` (and `exitCode`: 0 for --help, 2 for bad input).
std::optional<SoakOptions> parseSoakOptions(const QStringList &arguments, QString &message, int &exitCode);

} // namespace jobdeck::soak
