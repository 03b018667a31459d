#include "AttemptTimeline.h"

#include "StateStyle.h"
#include "model/Duration.h"

#include <QDateTime>
#include <QPainter>

namespace jobdeck {

namespace {

QColor outcomeColor(AttemptOutcome outcome, const QPalette &palette)
{
    switch (outcome) {
    case AttemptOutcome::Running: return StateStyle::color(JobState::Running, palette);
    case AttemptOutcome::Succeeded: return StateStyle::color(JobState::Succeeded, palette);
    case AttemptOutcome::Failed:
    case AttemptOutcome::TimedOut: return StateStyle::color(JobState::Failed, palette);
    case AttemptOutcome::Abandoned: return StateStyle::color(JobState::Dead, palette);
    case AttemptOutcome::Cancelled:
    case AttemptOutcome::Interrupted: return StateStyle::color(JobState::Cancelled, palette);
    }
    return palette.color(QPalette::Text);
}

} // namespace

AttemptTimeline::AttemptTimeline(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
}

void AttemptTimeline::setAttempts(const std::vector<AttemptRecord> &attempts, qint64 nowMs)
{
    m_attempts = attempts;
    m_nowMs = nowMs;
    updateGeometry();
    update();
}

int AttemptTimeline::rowHeight() const
{
    return fontMetrics().height() * 2 + 14;
}

QSize AttemptTimeline::sizeHint() const
{
    return {400, std::max(1, int(m_attempts.size())) * rowHeight() + 8};
}

void AttemptTimeline::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QFontMetrics fm = fontMetrics();
    if (m_attempts.empty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No attempt has started yet"));
        return;
    }
    qint64 first = m_attempts.front().startedAtMs;
    qint64 last = first + 1;
    for (const AttemptRecord &a : m_attempts) {
        first = std::min(first, a.startedAtMs);
        last = std::max(last, a.finishedAtMs ? a.finishedAtMs : m_nowMs);
    }
    const int labelWidth = fm.horizontalAdvance(QStringLiteral("#00")) + 12;
    const int left = labelWidth;
    const int width = std::max(40, this->width() - left - 8);
    int y = 4;
    for (const AttemptRecord &a : m_attempts) {
        const qint64 end = a.finishedAtMs ? a.finishedAtMs : m_nowMs;
        const double x0 = left + double(a.startedAtMs - first) / double(last - first) * width;
        const double x1 = std::max(x0 + 4, left + double(end - first) / double(last - first) * width);
        const QColor colour = outcomeColor(a.outcome, pal);
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(0, y, labelWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("#%1").arg(a.number));
        QColor track = pal.color(QPalette::Mid);
        track.setAlphaF(0.2);
        p.setPen(Qt::NoPen);
        p.setBrush(track);
        p.drawRoundedRect(QRectF(left, y + 3, width, fm.height() - 6), 3, 3);
        p.setBrush(colour);
        p.drawRoundedRect(QRectF(x0, y + 3, x1 - x0, fm.height() - 6), 3, 3);
        QStringList facts{outcomeName(a.outcome), a.finishedAtMs ? formatDuration(a.durationMs()) : tr("running for %1").arg(formatDuration((m_nowMs - a.startedAtMs) / 1000 * 1000)),
                          QDateTime::fromMSecsSinceEpoch(a.startedAtMs).toString(QStringLiteral("HH:mm:ss"))};
        if (!a.worker.isEmpty())
            facts << a.worker;
        if (a.fromCheckpoint)
            facts << tr("resumed from checkpoint");
        QString line = facts.join(QStringLiteral(" · "));
        if (!a.error.isEmpty())
            line += QStringLiteral(" — ") + a.error.simplified();
        p.setPen(a.error.isEmpty() ? pal.color(QPalette::Text) : colour);
        p.drawText(QRect(left, y + fm.height() + 2, width, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(line, Qt::ElideRight, width));
        y += rowHeight();
    }
}

} // namespace jobdeck
