#pragma once

#include "JobDefinition.h"

#include <QStringList>
#include <vector>

namespace jobdeck {

// Reads job definitions from a jobs folder on disk. Stateless; thread-safe.
//
// DIR/triggered/NAME/ and DIR/continuous/NAME/ each hold one entry script (run.sh, run.py, run.js, or an
// executable run) and an optional settings.job. Whatever is wrong with one job folder is that job's error; the
// others are read as usual.
class JobDefinitionReader {
public:
    // Every job of the folder, by name. Names in `taken` (the kinds of the built-in handlers) and a name used by
    // both a triggered and a continuous job are errors of those jobs. Folders starting with a dot are skipped.
    static std::vector<JobDefinition> readFolder(const QString &dir, const QStringList &taken);
    static JobDefinition readJob(const QString &folder, JobDefinition::Type type);
    // Fills the settings of `definition` from the text of a settings.job; returns an error, or empty.
    static QString readSettings(const QByteArray &json, JobDefinition &definition);

    static const QStringList &entryScriptNames();
    static QString settingsFileName() { return QStringLiteral("settings.job"); }
};

} // namespace jobdeck
