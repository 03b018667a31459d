#include "StepScript.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace jobdeck::soak {

namespace {

// argv: record file, jobdeck binary, database, number of steps.
const char *const kScript = R"(import json, os, subprocess, sys, time
record, jobdeck, db, steps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
job = os.environ['JOBDECK_JOB_ID']
run = '%d-%s' % (os.getpid(), os.urandom(6).hex())
out = os.open(record, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

def note(*words):
    # One write of a short line to an O_APPEND file: lines of parallel runs never interleave.
    os.write(out, (' '.join(str(w) for w in words) + '\n').encode())

def show():
    while True:
        r = subprocess.run([jobdeck, 'show', job, '--json', '--db', db], capture_output=True)
        if r.returncode == 0:
            return json.loads(r.stdout)
        time.sleep(0.02)  # the database was busy: ask again

seen = show()
succeeded = any(a.get('outcome') == 'succeeded' for a in seen.get('attempts', []))
start = json.loads(os.environ.get('JOBDECK_CHECKPOINT') or '{"step": 0}')['step']
note('start', job, run, start, int(succeeded))
for step in range(start + 1, steps + 1):
    time.sleep(0.02)  # the step's work
    print('##jobdeck[checkpoint] ' + json.dumps({'step': step}), flush=True)
    # Saved means committed: only then must every later run start at this step or after it.
    while (show().get('checkpoint') or {}).get('step') != step:
        time.sleep(0.01)
    note('saved', job, run, step)
note('done', job, run)
)";

} // namespace

QString StepScript::write(const QString &dir, QString &error)
{
    const QString path = QDir(dir).filePath(QStringLiteral("soak-steps.py"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(kScript) < 0) {
        error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return {};
    }
    return path;
}

QString StepScript::interpreter(QString &error)
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty()) {
        error = QStringLiteral("python3 not found on PATH (the soak's process jobs are Python scripts)");
        return {};
    }
    QProcess p;
    p.start(python, {QStringLiteral("-c"), QStringLiteral("import sys; print(sys.executable)")});
    if (!p.waitForFinished(30'000) || p.exitCode() != 0) {
        error = QStringLiteral("%1 does not run: %2").arg(python, p.errorString());
        return {};
    }
    const QString real = QString::fromLocal8Bit(p.readAllStandardOutput()).trimmed();
    return real.isEmpty() ? python : real;
}

} // namespace jobdeck::soak
