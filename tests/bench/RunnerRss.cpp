#include "RunnerRss.h"

#include "BenchSupport.h"
#include "storage/StoreError.h"
#include "storage/sqlite/SqliteStore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace jobdeck::bench {

namespace {

constexpr qint64 kPollMs = 5;

QString lastLines(const QString &file, int count)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList lines = QString::fromUtf8(f.readAll()).trimmed().split(u'\n', Qt::SkipEmptyParts);
    if (lines.size() > count)
        lines = lines.mid(lines.size() - count);
    return lines.join(QStringLiteral(" | "));
}

// The high-water mark of the process's own memory, in MB; nothing once it has exited.
std::optional<double> highWaterMb(pid_t pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return std::nullopt;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:")) {
            bool ok = false;
            const double kb = line.mid(6).trimmed().split(' ').value(0).toDouble(&ok);
            return ok ? std::optional<double>(kb / 1024.0) : std::nullopt;
        }
    }
    return std::nullopt;
}

} // namespace

RunnerResult measureRunner(const QString &path, const BenchOptions &options)
{
    RunnerResult result;
    const QFileInfo binary(options.jobdeck);
    if (!binary.exists() || !binary.isExecutable()) {
        result.note = QStringLiteral("no jobdeck binary at %1 (pass --jobdeck PATH)").arg(options.jobdeck);
        return result;
    }
    {
        auto store = SqliteStore::open(freshDatabase(path), SqliteStore::Options{options.durability, 50});
        enqueueNoopJobs(*store, options.jobs, options.batch);
    }
    ::sync(); // the set-up's writes reach the disk before the runner starts

    const QString errFile = path + QStringLiteral(".stderr");
    const QList<QByteArray> args = {
        options.jobdeck.toLocal8Bit(), "--no-gui", "--drain", "--quiet",
        "--workers", QByteArray::number(options.workers),
        "--durability", durabilityName(options.durability).toLatin1(),
        "--db", path.toLocal8Bit(),
    };
    std::vector<char *> argv;
    for (const QByteArray &a : args)
        argv.push_back(const_cast<char *>(a.constData()));
    argv.push_back(nullptr);

    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    const QByteArray errPath = errFile.toLocal8Bit();
    posix_spawn_file_actions_addopen(&files, STDERR_FILENO, errPath.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    // wait4() alone cannot tell the child's peak apart from ours: a spawned child starts its count from the
    // parent's high-water mark. So the child's own VmHWM is polled while it runs, and wait4's figure is used
    // only when it is above what this process had reached.
    const double ownPeakMb = selfPeakRssMb();
    std::optional<double> polledMb;
    QElapsedTimer timer;
    timer.start();
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &files, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    if (spawned != 0) {
        result.note = QStringLiteral("could not start %1: %2").arg(options.jobdeck, QString::fromLocal8Bit(strerror(spawned)));
        return result;
    }

    const qint64 timeoutMs = std::min<qint64>(600'000, 60'000 + qint64(options.jobs) * 10);
    int status = 0;
    rusage usage{};
    bool killed = false;
    for (;;) {
        const pid_t reaped = wait4(pid, &status, WNOHANG, &usage);
        if (reaped == pid)
            break;
        if (reaped < 0) {
            result.note = QStringLiteral("lost the runner process: %1").arg(QString::fromLocal8Bit(strerror(errno)));
            return result;
        }
        if (const auto hwm = highWaterMb(pid))
            polledMb = std::max(polledMb.value_or(0.0), *hwm);
        if (!killed && timer.elapsed() > timeoutMs) {
            ::kill(pid, SIGKILL);
            killed = true;
        }
        QThread::msleep(kPollMs);
    }
    const qint64 elapsedNs = timer.nsecsElapsed();
    result.seconds = double(elapsedNs) / 1e9;
    if (killed) {
        result.note = QStringLiteral("the runner did not drain within %1 s and was killed").arg(timeoutMs / 1000);
        return result;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        const QString how = WIFEXITED(status) ? QStringLiteral("exited with %1").arg(WEXITSTATUS(status))
                                              : QStringLiteral("died of signal %1").arg(WTERMSIG(status));
        const QString said = lastLines(errFile, 3);
        result.note = QStringLiteral("the runner %1%2").arg(how, said.isEmpty() ? QString() : QStringLiteral(": ") + said);
        return result;
    }
    const double reapedMb = double(usage.ru_maxrss) / 1024.0;
    if (reapedMb > ownPeakMb + 1.0)
        result.peakRssMb = std::max(reapedMb, polledMb.value_or(0.0));
    else if (polledMb)
        result.peakRssMb = polledMb;
    else
        result.note = QStringLiteral("the runner exited before its memory could be read");

    try {
        auto store = SqliteStore::open(path, SqliteStore::Options{options.durability, 50});
        const qint64 pending = store->openReader()->pendingCount();
        if (pending > 0)
            result.note = QStringLiteral("the runner exited with %1 jobs still pending").arg(pending);
        else
            result.perSecond = perSecond(options.jobs, elapsedNs);
    } catch (const StoreError &e) {
        result.note = QStringLiteral("could not check the runner's database: %1").arg(e.message());
    }
    return result;
}

} // namespace jobdeck::bench
