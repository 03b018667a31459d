#include "KillLoop.h"

#include "IntegrityCheck.h"

#include <QFile>
#include <QProcess>

namespace jobdeck::soak {

namespace {

constexpr int kDrainTries = 5;
constexpr int kDrainTimeoutMs = 30 * 60'000;

QString lastLine(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    return QString::fromLocal8Bit(lines.constLast());
}

QString howItEnded(const QProcess &p)
{
    return p.exitStatus() == QProcess::NormalExit ? QStringLiteral("exited with %1").arg(p.exitCode())
                                                  : QStringLiteral("crashed");
}

} // namespace

KillLoop::KillLoop(QString jobdeck, QString db, QString stderrFile, int workers)
    : m_jobdeck(std::move(jobdeck)), m_db(std::move(db)), m_stderrFile(std::move(stderrFile)), m_workers(workers)
{
}

QStringList KillLoop::runnerArguments() const
{
    return {QStringLiteral("--no-gui"), QStringLiteral("--quiet"), QStringLiteral("--workers"),
            QString::number(m_workers), QStringLiteral("--db"), m_db};
}

void KillLoop::run(int kills, std::mt19937 &random, const std::function<void(const QString &)> &progress)
{
    std::uniform_int_distribution<int> delay(kMinDelayMs, kMaxDelayMs);
    for (int k = 1; k <= kills; ++k) {
        const int ms = delay(random);
        QProcess runner;
        runner.setStandardOutputFile(QProcess::nullDevice());
        runner.setStandardErrorFile(m_stderrFile, QIODevice::Append);
        runner.start(m_jobdeck, runnerArguments());
        if (!runner.waitForStarted()) {
            m_figures.notes << QStringLiteral("runner %1 did not start: %2").arg(k).arg(runner.errorString());
            ++m_figures.runnerExits;
            return;
        }
        // The wait is the random moment of the kill; a runner that ends before it is a finding of its own.
        if (runner.waitForFinished(ms)) {
            ++m_figures.runnerExits;
            m_figures.notes << QStringLiteral("runner %1 %2 before its kill: %3")
                                   .arg(k)
                                   .arg(howItEnded(runner), lastLine(m_stderrFile));
        } else {
            runner.kill();
            runner.waitForFinished(-1);
            ++m_figures.kills;
        }
        progress(QStringLiteral("kill %1/%2 after %3 ms").arg(k).arg(kills).arg(ms));
        check(QStringLiteral("kill %1").arg(k));
    }
}

void KillLoop::drain(const std::function<void(const QString &)> &progress)
{
    for (int attempt = 1; attempt <= kDrainTries && !m_figures.drained; ++attempt) {
        progress(QStringLiteral("draining (run %1)").arg(attempt));
        QProcess runner;
        runner.setStandardOutputFile(QProcess::nullDevice());
        runner.setStandardErrorFile(m_stderrFile, QIODevice::Append);
        runner.start(m_jobdeck, runnerArguments() << QStringLiteral("--drain"));
        ++m_figures.drainRuns;
        if (!runner.waitForFinished(kDrainTimeoutMs)) {
            runner.kill();
            runner.waitForFinished(-1);
            m_figures.notes << QStringLiteral("drain run %1 did not finish within %2 minutes")
                                   .arg(attempt)
                                   .arg(kDrainTimeoutMs / 60'000);
            continue;
        }
        m_figures.drained = runner.exitStatus() == QProcess::NormalExit && runner.exitCode() == 0;
        if (!m_figures.drained)
            m_figures.notes << QStringLiteral("drain run %1 %2: %3").arg(attempt).arg(howItEnded(runner),
                                                                                    lastLine(m_stderrFile));
    }
    check(QStringLiteral("the drain"));
}

void KillLoop::check(const QString &after)
{
    ++m_figures.integrityChecks;
    const IntegrityResult result = checkIntegrity(m_db);
    if (!result.ok) {
        ++m_figures.integrityFailures;
        m_figures.notes << QStringLiteral("integrity check after %1: %2").arg(after, result.detail);
    }
}

} // namespace jobdeck::soak
