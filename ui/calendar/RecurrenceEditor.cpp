#include "RecurrenceEditor.h"

#include "CronPicker.h"
#include "StateStyle.h"
#include "ZoneCombo.h"
#include "model/Clock.h"
#include "schedule/CalendarProjection.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

constexpr qint64 kUnits[] = {1000, 60'000, 3'600'000, 86'400'000};

QDateTimeEdit *dateTimeEdit(const QString &objectName, QWidget *parent)
{
    auto *edit = new QDateTimeEdit(parent);
    edit->setObjectName(objectName);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd  HH:mm"));
    edit->setTimeSpec(Qt::UTC); // its fields are a wall-clock time in the schedule's zone, not in this machine's
    return edit;
}

} // namespace

RecurrenceEditor::RecurrenceEditor(const Clock &clock, QWidget *parent) : QWidget(parent), m_clock(clock)
{
    m_repeats = new QComboBox(this);
    m_repeats->setObjectName(QStringLiteral("repeatsCombo"));
    m_repeats->addItems({tr("Cron expression"), tr("Every…"), tr("Once")});

    m_pages = new QStackedWidget(this);
    // As tall as its tallest page wants, not as tall as the form could make it: a one-line field stays one line.
    m_pages->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_cron = new QLineEdit(this);
    m_cron->setObjectName(QStringLiteral("cronEdit"));
    m_cron->setPlaceholderText(QStringLiteral("30 2 * * 1-5"));
    m_cron->setToolTip(tr("Minute, hour, day of month, month, day of week — or six fields with seconds first, or @daily"));
    m_picker = new CronPicker(this);
    m_picker->setObjectName(QStringLiteral("cronPicker"));
    auto *cronPage = new QWidget(this);
    auto *cronRows = new QVBoxLayout(cronPage);
    cronRows->setContentsMargins(0, 0, 0, 0);
    cronRows->addWidget(m_picker);
    cronRows->addWidget(m_cron);
    m_pages->addWidget(cronPage);
    connect(m_picker, &CronPicker::picked, m_cron, &QLineEdit::setText);
    // Typed by hand: the picker shows it if it is one of its cases, else "Custom".
    connect(m_cron, &QLineEdit::textEdited, m_picker, &CronPicker::showExpression);

    auto *every = new QWidget(this);
    auto *everyRow = new QHBoxLayout(every);
    everyRow->setContentsMargins(0, 0, 0, 0);
    m_everyCount = new QSpinBox(every);
    m_everyCount->setObjectName(QStringLiteral("everyCount"));
    m_everyCount->setRange(1, 100'000);
    m_everyCount->setValue(15);
    m_everyUnit = new QComboBox(every);
    m_everyUnit->setObjectName(QStringLiteral("everyUnit"));
    m_everyUnit->addItems({tr("seconds"), tr("minutes"), tr("hours"), tr("days")});
    m_everyUnit->setCurrentIndex(1);
    m_anchor = dateTimeEdit(QStringLiteral("anchorEdit"), every);
    everyRow->addWidget(m_everyCount);
    everyRow->addWidget(m_everyUnit);
    everyRow->addWidget(new QLabel(tr("from"), every));
    everyRow->addWidget(m_anchor, 1);
    m_pages->addWidget(every);

    m_once = dateTimeEdit(QStringLiteral("onceEdit"), this);
    m_pages->addWidget(m_once);

    m_zone = new ZoneCombo(this);
    m_zone->setObjectName(QStringLiteral("zoneCombo"));

    m_description = new QLabel(this);
    m_description->setObjectName(QStringLiteral("descriptionLabel"));
    m_description->setWordWrap(true);
    QFont bold = m_description->font();
    bold.setBold(true);
    m_description->setFont(bold);
    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("recurrenceError"));
    m_errorLabel->setWordWrap(true);
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, StateStyle::color(JobState::Dead, palette()));
    m_errorLabel->setPalette(errorPalette);
    m_next = new QListWidget(this);
    m_next->setObjectName(QStringLiteral("nextOccurrences"));
    m_next->setSelectionMode(QAbstractItemView::NoSelection);
    m_next->setFocusPolicy(Qt::NoFocus);
    // Exactly the ten rows: an empty list below them would only look like something is missing.
    m_next->setFixedHeight(m_next->fontMetrics().lineSpacing() * kShownOccurrences + 2 * m_next->frameWidth() + 6);

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Repeats"), m_repeats);
    form->addRow(QString(), m_pages);
    form->addRow(tr("Time zone"), m_zone);
    form->addRow(QString(), m_description);
    form->addRow(QString(), m_errorLabel);
    form->addRow(tr("Next %1").arg(kShownOccurrences), m_next);

    const qint64 now = m_clock.nowMs();
    showInstant(m_anchor, now - now % 60'000 + 60'000);
    showInstant(m_once, now - now % 3'600'000 + 3'600'000);
    connect(m_repeats, &QComboBox::currentIndexChanged, m_pages, &QStackedWidget::setCurrentIndex);
    connect(m_repeats, &QComboBox::currentIndexChanged, this, &RecurrenceEditor::refresh);
    connect(m_everyUnit, &QComboBox::currentIndexChanged, this, &RecurrenceEditor::refresh);
    connect(m_cron, &QLineEdit::textChanged, this, &RecurrenceEditor::refresh);
    connect(m_everyCount, &QSpinBox::valueChanged, this, &RecurrenceEditor::refresh);
    connect(m_anchor, &QDateTimeEdit::dateTimeChanged, this, &RecurrenceEditor::refresh);
    connect(m_once, &QDateTimeEdit::dateTimeChanged, this, &RecurrenceEditor::refresh);
    connect(m_zone, &QComboBox::currentTextChanged, this, &RecurrenceEditor::refresh);
    refresh();
}

qint64 RecurrenceEditor::wallClockToInstant(const QDateTimeEdit *edit) const
{
    const auto zone = ZoneRules::forZone(m_zone->currentText());
    const QDateTime wall = edit->dateTime();
    return CalendarProjection::instantOf(wall.date(), wall.time(), zone ? *zone : *ZoneRules::forZone(QStringLiteral("UTC")));
}

void RecurrenceEditor::showInstant(QDateTimeEdit *edit, qint64 ms) const
{
    const auto zone = ZoneRules::forZone(m_zone ? m_zone->currentText() : ZoneRules::systemZoneId());
    const ZoneRules &rules = zone ? *zone : *ZoneRules::forZone(QStringLiteral("UTC"));
    edit->setDateTime(QDateTime(rules.dateAt(ms), rules.timeAt(ms), Qt::UTC));
}

void RecurrenceEditor::load(const ScheduleSpec &spec)
{
    m_zone->setCurrentText(spec.zone.isEmpty() ? ZoneRules::systemZoneId() : spec.zone);
    m_repeats->setCurrentIndex(int(spec.kind));
    m_cron->setText(spec.cron);
    m_picker->showExpression(spec.cron);
    if (spec.kind == ScheduleKind::Interval) {
        int unit = 3;
        while (unit > 0 && spec.everyMs % kUnits[unit] != 0)
            --unit;
        m_everyUnit->setCurrentIndex(unit);
        m_everyCount->setValue(int(spec.everyMs / kUnits[unit]));
        showInstant(m_anchor, spec.atMs);
    } else if (spec.kind == ScheduleKind::Once) {
        showInstant(m_once, spec.atMs);
    }
    refresh();
}

void RecurrenceEditor::save(ScheduleSpec &spec) const
{
    spec.kind = ScheduleKind(m_repeats->currentIndex());
    spec.zone = m_zone->currentText().trimmed();
    spec.cron = spec.kind == ScheduleKind::Cron ? m_cron->text().simplified() : QString();
    spec.everyMs = spec.kind == ScheduleKind::Interval ? m_everyCount->value() * kUnits[m_everyUnit->currentIndex()] : 0;
    if (spec.kind == ScheduleKind::Interval)
        spec.atMs = wallClockToInstant(m_anchor);
    else if (spec.kind == ScheduleKind::Once)
        spec.atMs = wallClockToInstant(m_once);
    else
        spec.atMs = 0;
}

void RecurrenceEditor::refresh()
{
    ScheduleSpec spec;
    save(spec);
    m_next->clear();
    m_error.clear();
    const auto recurrence = spec.kind == ScheduleKind::Cron && spec.cron.isEmpty() ? std::nullopt : spec.recurrence(&m_error);
    if (spec.kind == ScheduleKind::Cron && spec.cron.isEmpty())
        m_error = tr("Enter a cron expression, such as 30 2 * * 1-5");
    if (recurrence) {
        std::optional<qint64> at = m_clock.nowMs();
        const QLocale english(QLocale::English);
        for (int i = 0; i < kShownOccurrences; ++i) {
            at = recurrence->next(*at);
            if (!at)
                break;
            const QDate day = recurrence->zone().dateAt(*at);
            m_next->addItem(QStringLiteral("%1  %2").arg(english.dayName(day.dayOfWeek(), QLocale::ShortFormat),
                                                         formatLocalIso(*at, recurrence->zone())));
        }
        if (m_next->count() == 0)
            m_error = spec.kind == ScheduleKind::Once ? tr("The time is in the past") : tr("It never fires again");
    }
    m_description->setText(recurrence && m_error.isEmpty() ? recurrence->describe() : QString());
    m_errorLabel->setText(m_error);
    m_errorLabel->setVisible(!m_error.isEmpty());
    m_description->setVisible(m_error.isEmpty());
    Q_EMIT changed();
}

} // namespace jobdeck
