#pragma once

#include <QHash>
#include <QString>
#include <vector>

namespace jobdeck::soak {

// One run of the step script, as its lines in the record tell it.
struct ScriptRun {
    QString run;
    int fromStep = 0;
    bool sawSuccess = false;  // the database already held a succeeded attempt of the job when the run began
    int savedBefore = 0;      // the highest step whose checkpoint an earlier run had seen committed
    bool done = false;
};

// The record the step scripts appended to (see StepScript), read back per job, runs in the order they began.
class SoakRecord {
public:
    // Reads `path`; a missing file is an empty record (no step job ran). False (and `error`) when unreadable.
    bool read(const QString &path, QString &error);

    std::vector<ScriptRun> runs(qint64 jobId) const { return m_runs.value(jobId); }
    int malformedLines() const { return m_malformed; }

private:
    void add(const QList<QByteArray> &words);

    QHash<qint64, std::vector<ScriptRun>> m_runs;
    QHash<qint64, int> m_saved; // job -> highest committed step seen so far, while reading
    int m_malformed = 0;
};

} // namespace jobdeck::soak
