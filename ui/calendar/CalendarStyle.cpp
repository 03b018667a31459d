#include "CalendarStyle.h"

#include "StateStyle.h"

namespace jobdeck {

QColor CalendarStyle::skippedColor(const QPalette &palette)
{
    return StateStyle::isDark(palette) ? QColor(0xd8, 0xb4, 0x4a) : QColor(0x9a, 0x6b, 0x00);
}

QColor CalendarStyle::excludedColor(const QPalette &palette)
{
    return StateStyle::isDark(palette) ? QColor(0x8a, 0x8f, 0x98) : QColor(0x7a, 0x80, 0x8a);
}

QColor CalendarStyle::misfiredColor(const QPalette &palette)
{
    return StateStyle::isDark(palette) ? QColor(0xe0, 0x7b, 0xc4) : QColor(0xa3, 0x2a, 0x86);
}

QColor CalendarStyle::plannedColor(const QPalette &palette)
{
    return StateStyle::isDark(palette) ? QColor(0x4f, 0xc3, 0xc8) : QColor(0x0b, 0x7a, 0x86);
}

QColor CalendarStyle::daylightColor(const QPalette &palette)
{
    return StateStyle::isDark(palette) ? QColor(0xf2, 0xb0, 0x4a) : QColor(0xc2, 0x6a, 0x00);
}

bool CalendarStyle::isHollow(const CalendarEntry &e)
{
    return e.type == CalendarEntry::Type::Projected || e.type == CalendarEntry::Type::OneOffJob
        || e.outcome == OccurrenceOutcome::Waiting;
}

QColor CalendarStyle::color(const CalendarEntry &e, const QPalette &palette)
{
    switch (e.type) {
    case CalendarEntry::Type::Projected:
        return e.excluded ? excludedColor(palette) : plannedColor(palette);
    case CalendarEntry::Type::OneOffJob:
        return StateStyle::color(e.jobState.value_or(JobState::Scheduled), palette);
    case CalendarEntry::Type::Recorded:
        break;
    }
    switch (e.outcome.value_or(OccurrenceOutcome::Fired)) {
    case OccurrenceOutcome::Fired:
        // The run's outcome; a run whose job was deleted since counts as done.
        return StateStyle::color(e.jobState.value_or(JobState::Succeeded), palette);
    case OccurrenceOutcome::Skipped:
        return skippedColor(palette);
    case OccurrenceOutcome::Excluded:
        return excludedColor(palette);
    case OccurrenceOutcome::Misfired:
        return misfiredColor(palette);
    case OccurrenceOutcome::Waiting:
        return StateStyle::color(JobState::Queued, palette);
    }
    return palette.color(QPalette::Text);
}

QString CalendarStyle::statusText(const CalendarEntry &e)
{
    switch (e.type) {
    case CalendarEntry::Type::Projected:
        return e.excluded ? QStringLiteral("Planned, on an excluded day") : QStringLiteral("Planned");
    case CalendarEntry::Type::OneOffJob:
        return QStringLiteral("One-off job, %1").arg(stateName(e.jobState.value_or(JobState::Scheduled)));
    case CalendarEntry::Type::Recorded:
        break;
    }
    const OccurrenceOutcome outcome = e.outcome.value_or(OccurrenceOutcome::Fired);
    if (outcome == OccurrenceOutcome::Fired)
        return e.jobState ? StateStyle::label(*e.jobState) : QStringLiteral("Ran (job deleted since)");
    QString text = occurrenceOutcomeName(outcome);
    text[0] = text[0].toUpper();
    return text;
}

QList<CalendarStyle::Key> CalendarStyle::legend(const QPalette &palette)
{
    return {
        {QStringLiteral("Succeeded"), StateStyle::color(JobState::Succeeded, palette)},
        {QStringLiteral("Failed"), StateStyle::color(JobState::Failed, palette)},
        {QStringLiteral("Dead"), StateStyle::color(JobState::Dead, palette)},
        {QStringLiteral("Running"), StateStyle::color(JobState::Running, palette)},
        {QStringLiteral("Skipped"), skippedColor(palette)},
        {QStringLiteral("Excluded"), excludedColor(palette)},
        {QStringLiteral("Misfired"), misfiredColor(palette)},
        {QStringLiteral("Planned"), plannedColor(palette), true},
        {QStringLiteral("One-off job"), StateStyle::color(JobState::Scheduled, palette), true},
    };
}

} // namespace jobdeck
