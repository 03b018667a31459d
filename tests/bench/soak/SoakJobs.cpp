#include "SoakJobs.h"

#include "StepScript.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <algorithm>
#include <vector>

namespace jobdeck::soak {

namespace {

// Shares of the mix: most jobs are short, so kills land among many state changes; the step jobs carry the
// checkpoint checks, and the sleep jobs hold workers long enough to be interrupted often.
constexpr int kStepsPercent = 12;
constexpr int kSleepPercent = 2;

QJsonObject jobLine(SoakKind kind, const SoakSetup &setup, std::mt19937 &random)
{
    QJsonObject line{
        {QStringLiteral("max_attempts"), setup.maxAttempts},
        {QStringLiteral("backoff"), QStringLiteral("100ms")},
    };
    switch (kind) {
    case SoakKind::Noop:
        line.insert(QStringLiteral("kind"), QStringLiteral("noop"));
        break;
    case SoakKind::Sleep:
        line.insert(QStringLiteral("kind"), QStringLiteral("sleep"));
        line.insert(QStringLiteral("payload"),
                    QJsonObject{{QStringLiteral("ms"), std::uniform_int_distribution<int>(300, 1500)(random)}});
        break;
    case SoakKind::Steps:
        line.insert(QStringLiteral("kind"), QStringLiteral("process"));
        line.insert(QStringLiteral("timeout"), QStringLiteral("5m"));
        line.insert(QStringLiteral("payload"),
                    QJsonObject{{QStringLiteral("program"), setup.python},
                                {QStringLiteral("args"),
                                 QJsonArray{setup.script, setup.record, setup.jobdeck, setup.db,
                                            QString::number(StepScript::kSteps)}},
                                {QStringLiteral("grace_ms"), 1000}});
        break;
    }
    return line;
}

} // namespace

int SoakJobs::count(SoakKind kind) const
{
    return int(std::count(kinds.cbegin(), kinds.cend(), kind));
}

std::optional<SoakJobs> enqueueSoakJobs(const SoakSetup &setup, std::mt19937 &random, QString &error)
{
    std::vector<SoakKind> mix(size_t(setup.jobs), SoakKind::Noop);
    const int steps = std::max(1, setup.jobs * kStepsPercent / 100);
    const int sleeps = std::min(setup.jobs - steps, std::max(1, setup.jobs * kSleepPercent / 100));
    std::fill_n(mix.begin(), steps, SoakKind::Steps);
    std::fill_n(mix.begin() + steps, sleeps, SoakKind::Sleep);
    std::shuffle(mix.begin(), mix.end(), random);

    const QString path = QDir(setup.dir).filePath(QStringLiteral("soak-jobs.jsonl"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    for (SoakKind kind : mix)
        file.write(QJsonDocument(jobLine(kind, setup, random)).toJson(QJsonDocument::Compact) + '\n');
    file.close();

    QProcess enqueue;
    enqueue.start(setup.jobdeck, {QStringLiteral("enqueue"), QStringLiteral("--file"), path, QStringLiteral("--db"),
                                  setup.db});
    if (!enqueue.waitForFinished(600'000) || enqueue.exitStatus() != QProcess::NormalExit || enqueue.exitCode() != 0) {
        const QString said = QString::fromLocal8Bit(enqueue.readAllStandardError()).trimmed();
        error = QStringLiteral("jobdeck enqueue --file failed: %1").arg(said.isEmpty() ? enqueue.errorString() : said);
        return std::nullopt;
    }
    const QList<QByteArray> ids = enqueue.readAllStandardOutput().split('\n');
    SoakJobs jobs;
    for (size_t i = 0; i < mix.size(); ++i) {
        bool ok = false;
        const qint64 id = i < size_t(ids.size()) ? ids.at(qsizetype(i)).trimmed().toLongLong(&ok) : 0;
        if (!ok) {
            error = QStringLiteral("jobdeck enqueue --file printed %1 ids for %2 jobs").arg(ids.size()).arg(mix.size());
            return std::nullopt;
        }
        jobs.kinds.insert(id, mix[i]);
    }
    return jobs;
}

} // namespace jobdeck::soak
