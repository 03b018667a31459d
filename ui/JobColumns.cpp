#include "JobColumns.h"

#include "StateStyle.h"
#include "model/Duration.h"

#include <QDateTime>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

namespace jobdeck {

namespace {

QString firstLine(const QString &text)
{
    const qsizetype nl = text.indexOf(u'\n');
    return nl < 0 ? text : text.left(nl) + QStringLiteral(" …");
}

QString longTime(qint64 ms)
{
    return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::LongFormat) : QString();
}

qint64 elapsedOf(const JobRecord &job, qint64 nowMs)
{
    if (job.startedAtMs <= 0)
        return 0;
    if (job.state == JobState::Running)
        return std::max<qint64>(0, nowMs - job.startedAtMs);
    return job.finishedAtMs >= job.startedAtMs ? job.finishedAtMs - job.startedAtMs : 0;
}

} // namespace

QString JobColumns::shortTime(qint64 ms)
{
    if (ms <= 0)
        return {};
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms);
    // Today's times are what one scans for; older ones need the date to mean anything.
    if (t.date() == QDate::currentDate())
        return t.toString(QStringLiteral("HH:mm:ss"));
    return QLocale().toString(t.date(), QStringLiteral("d MMM")) + u' ' + t.toString(QStringLiteral("HH:mm"));
}

QString JobColumns::eta(double progress, qint64 elapsedMs)
{
    // Early estimates swing wildly; say nothing until there is something to go on.
    if (progress < 0.02 || progress >= 1.0 || elapsedMs < 1000)
        return {};
    const qint64 left = qint64(double(elapsedMs) * (1.0 - progress) / progress);
    return formatDuration(std::max<qint64>(1000, left / 1000 * 1000));
}

QString JobColumns::title(JobColumn column)
{
    switch (column) {
    case JobColumn::Id: return QObject::tr("ID");
    case JobColumn::Kind: return QObject::tr("Kind");
    case JobColumn::Queue: return QObject::tr("Queue");
    case JobColumn::State: return QObject::tr("State");
    case JobColumn::Progress: return QObject::tr("Progress");
    case JobColumn::Attempts: return QObject::tr("Attempts");
    case JobColumn::Updated: return QObject::tr("Updated");
    case JobColumn::Error: return QObject::tr("Last error");
    case JobColumn::Priority: return QObject::tr("Priority");
    case JobColumn::Due: return QObject::tr("Due");
    case JobColumn::Created: return QObject::tr("Created");
    case JobColumn::Finished: return QObject::tr("Finished");
    case JobColumn::Duration: return QObject::tr("Took");
    case JobColumn::Elapsed: return QObject::tr("Elapsed");
    case JobColumn::Eta: return QObject::tr("Left");
    case JobColumn::Worker: return QObject::tr("Worker");
    }
    return {};
}

QVariant JobColumns::headerData(JobColumn column, int role)
{
    if (role == Qt::DisplayRole)
        return title(column);
    if (role == Qt::TextAlignmentRole)
        return alignment(column);
    return {};
}

int JobColumns::alignment(JobColumn column)
{
    switch (column) {
    case JobColumn::Attempts:
    case JobColumn::Priority:
        return int(Qt::AlignHCenter | Qt::AlignVCenter);
    case JobColumn::Id:
    case JobColumn::Duration:
    case JobColumn::Elapsed:
    case JobColumn::Eta:
        return int(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    }
}

int JobColumns::width(JobColumn column, const QFontMetrics &fm)
{
    const auto fit = [&fm](const QString &sample, int extra = 0) { return fm.horizontalAdvance(sample) + 24 + extra; };
    switch (column) {
    case JobColumn::Id: return fit(QStringLiteral("0000000"));
    case JobColumn::Kind: return fit(QStringLiteral("nightly-report")); // definitions of the jobs folder too
    case JobColumn::Queue: return fit(QStringLiteral("thumbnails"));
    case JobColumn::State: return fit(QStringLiteral("succeeded"), 20);
    case JobColumn::Progress: return fit(QStringLiteral("90000000 of 90000000"), 130);
    case JobColumn::Attempts: return fit(title(JobColumn::Attempts));
    case JobColumn::Priority: return fit(title(JobColumn::Priority));
    case JobColumn::Updated:
    case JobColumn::Due:
    case JobColumn::Created:
    case JobColumn::Finished: return fit(QStringLiteral("30 Nov 00:00"));
    case JobColumn::Duration:
    case JobColumn::Elapsed:
    case JobColumn::Eta: return fit(QStringLiteral("59m59s"));
    case JobColumn::Worker: return fit(QStringLiteral("worker-16"));
    case JobColumn::Error: return fit(QStringLiteral("decoding stopped at byte 4096 of"));
    }
    return 100;
}

QVariant JobColumns::data(const JobRecord &job, JobColumn column, int role, const Live &live)
{
    if (role == Qt::DisplayRole) {
        switch (column) {
        case JobColumn::Id: return QString::number(job.id);
        case JobColumn::Kind: return job.kind;
        case JobColumn::Queue: return job.queue;
        case JobColumn::State: return stateName(job.state);
        case JobColumn::Progress:
            if (job.continuous && live.progress <= 0)
                return job.state == JobState::Running ? QObject::tr("runs continuously") : QString();
            if (live.progress <= 0 && job.state != JobState::Running)
                return QString();
            return QStringLiteral("%1%").arg(int(live.progress * 100));
        case JobColumn::Attempts:
            // A continuous job is never out of attempts: it counts its runs.
            return job.maxAttempts > 0 ? QStringLiteral("%1/%2").arg(job.attempts).arg(job.maxAttempts)
                                       : QStringLiteral("%1/∞").arg(job.totalAttempts);
        case JobColumn::Updated: return shortTime(job.updatedAtMs);
        case JobColumn::Error: return firstLine(job.error);
        case JobColumn::Priority: return QString::number(job.priority);
        case JobColumn::Due:
            if (job.state == JobState::Waiting) // due when its parents end, not at a time
                return job.parents.size() == 1 ? QObject::tr("after job %1").arg(job.parents.front())
                                               : QObject::tr("after %1 jobs").arg(job.parents.size());
            return job.state == JobState::Queued ? QObject::tr("now") : shortTime(job.runAtMs);
        case JobColumn::Created: return shortTime(job.createdAtMs);
        case JobColumn::Finished: return isFinal(job.state) ? shortTime(job.finishedAtMs) : QString();
        case JobColumn::Duration:
        case JobColumn::Elapsed: {
            const qint64 ms = elapsedOf(job, live.nowMs);
            return ms > 0 || job.state == JobState::Running ? formatDuration(ms / 1000 * 1000 + (ms < 1000 ? ms : 0))
                                                            : QString();
        }
        case JobColumn::Eta:
            return job.state == JobState::Running ? eta(live.progress, elapsedOf(job, live.nowMs)) : QString();
        case JobColumn::Worker: return job.worker;
        }
        return {};
    }
    if (role == Qt::ToolTipRole) {
        switch (column) {
        case JobColumn::State: {
            QString tip = StateStyle::label(job.state);
            if (!job.stateReason.isEmpty())
                tip += QStringLiteral(": ") + job.stateReason;
            if (job.cancelRequested && job.state == JobState::Running)
                tip += QObject::tr(" (cancel requested)");
            return tip;
        }
        case JobColumn::Progress: return live.progressText;
        case JobColumn::Kind: return QString::fromUtf8(job.payload);
        case JobColumn::Attempts:
            if (job.maxAttempts <= 0)
                return QObject::tr("run %1 of a continuous job").arg(job.totalAttempts);
            return QObject::tr("%1 of %2 attempts in this round, %3 in all")
                .arg(job.attempts).arg(job.maxAttempts).arg(job.totalAttempts);
        case JobColumn::Updated: return longTime(job.updatedAtMs);
        case JobColumn::Due: return longTime(job.runAtMs);
        case JobColumn::Created: return longTime(job.createdAtMs);
        case JobColumn::Finished: return longTime(job.finishedAtMs);
        case JobColumn::Error: return job.error;
        case JobColumn::Worker: return job.leaseOwner.isEmpty() ? job.worker : job.worker + QStringLiteral(" · ") + job.leaseOwner;
        default: return {};
        }
    }
    if (role == Qt::ForegroundRole) {
        const QPalette palette = QGuiApplication::palette();
        if (column == JobColumn::State)
            return StateStyle::color(job.state, palette);
        if (column == JobColumn::Progress && job.continuous)
            return palette.color(QPalette::PlaceholderText);
        if (column == JobColumn::Error && job.state == JobState::Dead)
            return StateStyle::color(JobState::Dead, palette);
        if (column == JobColumn::Id || column == JobColumn::Updated || column == JobColumn::Worker
            || column == JobColumn::Created || column == JobColumn::Eta)
            return palette.color(QPalette::PlaceholderText); // secondary information reads quieter
        return {};
    }
    if (role == Qt::DecorationRole && column == JobColumn::State)
        return StateStyle::icon(job.state, QGuiApplication::palette());
    if (role == Qt::TextAlignmentRole)
        return alignment(column);
    return {};
}

} // namespace jobdeck
