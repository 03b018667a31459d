#include "ProcessHandler.h"

#include "ProcessLine.h"
#include "runner/JobContext.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <csignal>
#include <unistd.h>

namespace jobdeck {

namespace {

constexpr int kPollMs = 50;
constexpr qint64 kDefaultGraceMs = 5000;

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

} // namespace

QString ProcessHandler::validate(const QJsonObject &payload) const
{
    if (!payload.value(QLatin1String("program")).isString() || payload.value(QLatin1String("program")).toString().isEmpty())
        return QStringLiteral("process: \"program\" (a path) is required");
    if (payload.contains(QLatin1String("args"))) {
        if (!payload.value(QLatin1String("args")).isArray())
            return QStringLiteral("process: \"args\" must be an array of strings");
        for (const QJsonValue a : payload.value(QLatin1String("args")).toArray()) {
            if (!a.isString())
                return QStringLiteral("process: \"args\" must be an array of strings");
        }
    }
    if (payload.contains(QLatin1String("env")) && !payload.value(QLatin1String("env")).isObject())
        return QStringLiteral("process: \"env\" must be an object");
    return {};
}

void ProcessHandler::run(JobContext &ctx)
{
    const QJsonObject p = ctx.payload();
    if (const QString invalid = validate(p); !invalid.isEmpty())
        ctx.fail(invalid, false);
    QStringList args;
    for (const QJsonValue a : p.value(QLatin1String("args")).toArray())
        args << a.toString();
    const Command command = resolve(p.value(QLatin1String("program")).toString(), args);
    const qint64 graceMs = qint64(p.value(QLatin1String("grace_ms")).toDouble(kDefaultGraceMs));

    QProcess process;
    process.setProgram(command.program);
    process.setArguments(command.arguments);
    if (const QString cwd = p.value(QLatin1String("cwd")).toString(); !cwd.isEmpty()) {
        if (!QDir(cwd).exists())
            ctx.fail(QStringLiteral("working directory not found: %1").arg(cwd), false);
        process.setWorkingDirectory(cwd);
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QJsonObject extra = p.value(QLatin1String("env")).toObject();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        env.insert(it.key(), it.value().isString() ? it.value().toString() : it.value().toVariant().toString());
    env.insert(QStringLiteral("JOBDECK_JOB_ID"), QString::number(ctx.jobId()));
    env.insert(QStringLiteral("JOBDECK_ATTEMPT"), QString::number(ctx.attempt()));
    env.insert(QStringLiteral("JOBDECK_PAYLOAD"), QString::fromUtf8(QJsonDocument(p).toJson(QJsonDocument::Compact)));
    if (ctx.hasCheckpoint()) {
        const QByteArray checkpoint = QJsonDocument(QJsonArray{ctx.checkpoint()}).toJson(QJsonDocument::Compact);
        env.insert(QStringLiteral("JOBDECK_CHECKPOINT"), QString::fromUtf8(checkpoint.mid(1, checkpoint.size() - 2)));
    }
    process.setProcessEnvironment(env);
    // Its own process group, so a timeout can stop everything the job started.
    process.setChildProcessModifier([] { ::setpgid(0, 0); });

    process.start();
    if (!process.waitForStarted())
        ctx.fail(QStringLiteral("could not start %1: %2").arg(command.program, process.errorString()), false);
    const qint64 pid = process.processId();
    if (const QString input = p.value(QLatin1String("stdin")).toString(); !input.isEmpty())
        process.write(input.toUtf8());
    process.closeWriteChannel();

    ProcessLineReader out(ctx, LogLevel::Info);
    ProcessLineReader err(ctx, LogLevel::Error);
    QElapsedTimer sinceTerm;
    bool finished = false;
    while (!finished) {
        finished = process.waitForFinished(kPollMs);
        out.feed(process.readAllStandardOutput());
        err.feed(process.readAllStandardError());
        if (ctx.isCancellationRequested()) {
            if (!sinceTerm.isValid()) {
                signalGroup(pid, SIGTERM);
                sinceTerm.start();
            } else if (sinceTerm.elapsed() > graceMs) {
                signalGroup(pid, SIGKILL);
            }
        }
    }
    out.finish();
    err.finish();
    if (ctx.isCancellationRequested()) {
        signalGroup(pid, SIGKILL); // children that outlived the script
        throw JobCancelled();
    }
    const QString tail = err.tail().join(u'\n');
    if (process.exitStatus() == QProcess::CrashExit)
        ctx.fail(QStringLiteral("%1 crashed%2").arg(QFileInfo(command.arguments.value(0, command.program)).fileName(),
                                                    tail.isEmpty() ? QString() : QStringLiteral(": ") + tail));
    if (process.exitCode() != 0)
        ctx.fail(QStringLiteral("exit code %1%2").arg(process.exitCode()).arg(tail.isEmpty() ? QString() : QStringLiteral(": ") + tail));
    ctx.setResult(QJsonObject{{QStringLiteral("exit_code"), 0}});
}

} // namespace jobdeck
