#include "ProcessLaunch.h"

#include "ProcessLine.h"
#include "runner/JobContext.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTimer>
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace jobdeck {

namespace {

constexpr int kPollMs = 50;
constexpr qint64 kReadChunkBytes = 64 * 1024;

struct Command {
    QString program;
    QStringList arguments;
};

// Which program runs `path`: an interpreter for known script types, the file itself otherwise.
Command resolve(const QString &path, const QStringList &args)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    QString interpreter;
    if (suffix == QLatin1String("sh"))
        interpreter = QStringLiteral("/bin/sh");
    else if (suffix == QLatin1String("py"))
        interpreter = QStringLiteral("python3");
    else if (suffix == QLatin1String("js"))
        interpreter = QStringLiteral("node");
    if (interpreter.isEmpty()) {
        const QString found = path.contains(u'/') ? path : QStandardPaths::findExecutable(path);
        if (found.isEmpty() || !QFileInfo(found).isFile())
            throw JobFailure(QStringLiteral("program not found: %1").arg(path), false);
        if (!QFileInfo(found).isExecutable())
            throw JobFailure(QStringLiteral("%1 is not executable").arg(found), false);
        return {found, args};
    }
    if (!QFileInfo::exists(path))
        throw JobFailure(QStringLiteral("script not found: %1").arg(path), false);
    const QString resolved = interpreter.startsWith(u'/') ? interpreter : QStandardPaths::findExecutable(interpreter);
    if (resolved.isEmpty() || !QFileInfo(resolved).isExecutable())
        throw JobFailure(QStringLiteral("%1 is needed to run %2 but is not installed").arg(interpreter, path), false);
    return {resolved, QStringList{path} + args};
}

void signalGroup(qint64 pid, int signal)
{
    if (pid > 0)
        ::kill(-pid_t(pid), signal); // the negative pid addresses the whole process group
}

void drain(QProcess &process, QProcess::ProcessChannel channel, ProcessLineReader &reader)
{
    process.setReadChannel(channel);
    while (process.bytesAvailable() > 0)
        reader.feed(process.read(kReadChunkBytes));
}

constexpr qsizetype kLargestEnvironmentValue = 96 * 1024;

QString compactJson(const QJsonValue &value)
{
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

} // namespace

QJsonValue ProcessLaunch::run(JobContext &ctx) const
{
    const Command command = resolve(program, arguments);
    QProcess process;
    process.setProgram(command.program);
    process.setArguments(command.arguments);
    if (!workingDirectory.isEmpty()) {
        if (!QDir(workingDirectory).exists())
            ctx.fail(QStringLiteral("working directory not found: %1").arg(workingDirectory), false);
        process.setWorkingDirectory(workingDirectory);
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Python buffers a pipe's output in blocks; its log and progress lines should arrive as they are printed.
    env.insert(QStringLiteral("PYTHONUNBUFFERED"), QStringLiteral("1"));
    for (auto it = environment.begin(); it != environment.end(); ++it)
        env.insert(it.key(), it.value().isString() ? it.value().toString() : it.value().toVariant().toString());
    env.insert(QStringLiteral("JOBDECK_JOB_ID"), QString::number(ctx.jobId()));
    env.insert(QStringLiteral("JOBDECK_ATTEMPT"), QString::number(ctx.attempt()));
    env.insert(QStringLiteral("JOBDECK_PAYLOAD"), compactJson(payload));
    if (ctx.hasCheckpoint())
        env.insert(QStringLiteral("JOBDECK_CHECKPOINT"), compactJson(ctx.checkpoint()));
    else
        env.remove(QStringLiteral("JOBDECK_CHECKPOINT")); // a runner started from a job must not pass on its own
    env.remove(QStringLiteral("JOBDECK_PARENTS"));
    env.remove(QStringLiteral("JOBDECK_PARENTS_FILE"));
    QTemporaryFile parentsFile(QDir::temp().filePath(QStringLiteral("jobdeck-parents-XXXXXX.json")));
    if (const QJsonArray parents = ctx.parents(); !parents.isEmpty()) {
        const QString json = compactJson(parents);
        const QByteArray bytes = json.toUtf8();
        // The kernel refuses to start a program with one environment string over 128 KiB: a big batch's results
        // go to a file instead.
        if (bytes.size() <= kLargestEnvironmentValue) {
            env.insert(QStringLiteral("JOBDECK_PARENTS"), json);
        } else {
            if (!parentsFile.open() || parentsFile.write(bytes) < 0 || !parentsFile.flush())
                ctx.fail(QStringLiteral("could not write the parents' results to %1: %2")
                             .arg(parentsFile.fileName(), parentsFile.errorString()));
            env.insert(QStringLiteral("JOBDECK_PARENTS_FILE"), parentsFile.fileName());
        }
    }
    if (const QJsonObject batch = ctx.batch(); !batch.isEmpty())
        env.insert(QStringLiteral("JOBDECK_BATCH"), compactJson(batch));
    else
        env.remove(QStringLiteral("JOBDECK_BATCH"));
    process.setProcessEnvironment(env);
    // Its own process group, so a timeout can stop everything the job started; and killed by the kernel if the
    // runner dies (kill -9, crash), so a job recovered by the next runner never runs twice at once.
    const pid_t runner = ::getpid();
    process.setChildProcessModifier([runner] {
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != runner)
            ::_exit(127); // the runner died before the line above took effect
    });
    // The runner must not give up on this attempt while the program still has its grace period to stop.
    ctx.setStopGrace(graceMs);

    process.start();
    if (!process.waitForStarted())
        ctx.fail(QStringLiteral("could not start %1: %2").arg(command.program, process.errorString()), false);
    const qint64 pid = process.processId();
    if (!standardInput.isEmpty())
        process.write(standardInput);
    process.closeWriteChannel();

    // Output is read as it arrives, one pipe's worth at a time, so QProcess never buffers more than that. Waiting
    // in waitForFinished() instead would let it read everything a fast child writes between two polls.
    ProcessLineReader out(ctx, LogLevel::Info);
    ProcessLineReader err(ctx, LogLevel::Error);
    QObject::connect(&process, &QProcess::readyReadStandardOutput,
                     [&] { drain(process, QProcess::StandardOutput, out); });
    QObject::connect(&process, &QProcess::readyReadStandardError,
                     [&] { drain(process, QProcess::StandardError, err); });
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QElapsedTimer sinceTerm;
    QTimer cancelWatch;
    QObject::connect(&cancelWatch, &QTimer::timeout, [&] {
        if (!ctx.isCancellationRequested())
            return;
        if (!sinceTerm.isValid()) {
            signalGroup(pid, SIGTERM);
            sinceTerm.start();
        } else if (sinceTerm.elapsed() > graceMs) {
            signalGroup(pid, SIGKILL);
        }
    });
    cancelWatch.start(kPollMs);
    if (process.state() != QProcess::NotRunning)
        loop.exec();
    drain(process, QProcess::StandardOutput, out);
    drain(process, QProcess::StandardError, err);
    out.finish();
    err.finish();
    if (ctx.isCancellationRequested()) {
        signalGroup(pid, SIGKILL); // children that outlived the script
        throw JobCancelled();
    }
    const QString tail = err.tail().join(u'\n');
    const QString detail = tail.isEmpty() ? QString() : QStringLiteral(": ") + tail;
    if (process.exitStatus() == QProcess::CrashExit)
        ctx.fail(QStringLiteral("%1 was killed by a signal%2").arg(QFileInfo(program).fileName(), detail));
    if (process.exitCode() != 0)
        ctx.fail(QStringLiteral("exit code %1%2").arg(process.exitCode()).arg(detail));
    return out.result().isUndefined() ? QJsonValue(QJsonObject{{QStringLiteral("exit_code"), 0}}) : out.result();
}

} // namespace jobdeck
