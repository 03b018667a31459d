#include "SoakRecord.h"

#include <QFile>
#include <algorithm>

namespace jobdeck::soak {

bool SoakRecord::read(const QString &path, QString &error)
{
    QFile file(path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.isEmpty())
            add(line.split(' '));
    }
    return true;
}

void SoakRecord::add(const QList<QByteArray> &words)
{
    bool ok = words.size() >= 3;
    const qint64 job = ok ? words[1].toLongLong(&ok) : 0;
    const QString run = ok ? QString::fromLatin1(words[2]) : QString();
    std::vector<ScriptRun> &runs = m_runs[job];
    // A line of a run that has no start line, or of an unknown verb, is as suspect as a torn line.
    const auto current = std::find_if(runs.rbegin(), runs.rend(), [&](const ScriptRun &r) { return r.run == run; });
    if (ok && words[0] == "start" && words.size() == 5) {
        ScriptRun r;
        r.run = run;
        r.fromStep = words[3].toInt(&ok);
        r.sawSuccess = words[4] == "1";
        r.savedBefore = m_saved.value(job);
        runs.push_back(r);
    } else if (ok && words[0] == "saved" && words.size() == 4 && current != runs.rend()) {
        const int step = words[3].toInt(&ok);
        m_saved[job] = std::max(m_saved.value(job), step);
    } else if (ok && words[0] == "done" && words.size() == 3 && current != runs.rend()) {
        current->done = true;
    } else {
        ok = false;
    }
    if (!ok)
        ++m_malformed;
    if (runs.empty())
        m_runs.remove(job);
}

} // namespace jobdeck::soak
