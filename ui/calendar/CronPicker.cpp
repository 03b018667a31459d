#include "CronPicker.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimeEdit>
#include <QToolButton>

namespace jobdeck {

namespace {

QString ordinal(int n)
{
    const int lastTwo = n % 100;
    const char *suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
    return QStringLiteral("%1%2").arg(n).arg(QLatin1String(suffix));
}

// Cron's day-of-week numbers (Sunday 0) of the ticked days, runs of three or more written as ranges: "1-5", "0,6".
QString daysField(const std::array<bool, 7> &mondayFirst)
{
    std::array<bool, 7> sundayFirst{};
    for (int i = 0; i < 7; ++i)
        sundayFirst[size_t((i + 1) % 7)] = mondayFirst[size_t(i)];
    if (std::all_of(sundayFirst.begin(), sundayFirst.end(), [](bool b) { return b; }))
        return QStringLiteral("*");
    QStringList parts;
    for (int d = 0; d < 7;) {
        if (!sundayFirst[size_t(d)]) {
            ++d;
            continue;
        }
        int end = d;
        while (end + 1 < 7 && sundayFirst[size_t(end + 1)])
            ++end;
        if (end - d >= 2)
            parts << QStringLiteral("%1-%2").arg(d).arg(end);
        else
            for (int i = d; i <= end; ++i)
                parts << QString::number(i);
        d = end + 1;
    }
    return parts.join(u',');
}

// The inverse, for the forms daysField writes (and 7 for Sunday); nothing for anything else.
std::optional<std::array<bool, 7>> parseDays(const QString &field)
{
    std::array<bool, 7> mondayFirst{};
    if (field == QLatin1String("*")) {
        mondayFirst.fill(true);
        return mondayFirst;
    }
    static const QRegularExpression s_item(QStringLiteral("^([0-7])(?:-([0-7]))?$"));
    for (const QString &item : field.split(u',')) {
        const auto m = s_item.match(item);
        if (!m.hasMatch())
            return std::nullopt;
        const int first = m.captured(1).toInt();
        const int last = m.captured(2).isEmpty() ? first : m.captured(2).toInt();
        if (last < first)
            return std::nullopt;
        for (int d = first; d <= last; ++d)
            mondayFirst[size_t((d + 6) % 7)] = true;
    }
    return mondayFirst;
}

} // namespace

CronPicker::CronPicker(QWidget *parent) : QWidget(parent)
{
    m_case = new QComboBox(this);
    m_case->setObjectName(QStringLiteral("pickerCombo"));
    m_case->addItem(tr("Custom expression"));
    m_case->addItem(tr("Every N minutes"));
    m_case->addItem(tr("Every N hours"));
    m_case->addItem(tr("Daily"));
    m_case->addItem(tr("Weekly"));
    m_case->addItem(tr("Monthly"));
    m_case->setToolTip(tr("Pick a common case: the cron expression below is written for you"));

    m_everyLabel = new QLabel(tr("every"), this);
    m_count = new QSpinBox(this);
    m_count->setObjectName(QStringLiteral("pickerCount"));
    m_count->setRange(1, 59);
    m_count->setValue(15);
    m_unitLabel = new QLabel(this);
    m_minuteLabel = new QLabel(tr("at minute"), this);
    m_minute = new QSpinBox(this);
    m_minute->setObjectName(QStringLiteral("pickerMinute"));
    m_minute->setRange(0, 59);

    m_onLabel = new QLabel(tr("on"), this);
    const QLocale english(QLocale::English);
    auto *days = new QHBoxLayout;
    days->setSpacing(2);
    // A ticked day must read as ticked at a glance, in light and dark palettes alike.
    const QString dayStyle = QStringLiteral(
        "QToolButton { padding: 2px 6px; border: 1px solid palette(mid); border-radius: 4px; }"
        "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text); border-color: palette(highlight); }");
    for (int i = 0; i < 7; ++i) {
        auto *b = new QToolButton(this);
        b->setObjectName(QStringLiteral("pickerDay%1").arg(i + 1));
        b->setText(english.dayName(i + 1, QLocale::ShortFormat).left(2));
        b->setToolTip(english.dayName(i + 1));
        b->setCheckable(true);
        b->setChecked(i < 5);
        b->setStyleSheet(dayStyle);
        connect(b, &QToolButton::toggled, this, [this, b](bool on) {
            // At least one day: unticking the last one leaves it ticked.
            if (!on && std::none_of(m_days.begin(), m_days.end(), [](const QToolButton *d) { return d->isChecked(); })) {
                const QSignalBlocker block(b);
                b->setChecked(true);
                return;
            }
            emitPicked();
        });
        m_days[size_t(i)] = b;
        days->addWidget(b);
    }
    m_monthDay = new QComboBox(this);
    m_monthDay->setObjectName(QStringLiteral("pickerMonthDay"));
    for (int d = 1; d <= 31; ++d)
        m_monthDay->addItem(tr("the %1").arg(ordinal(d)), d);
    m_monthDay->addItem(tr("the last day"), kLastDay);
    m_monthDay->addItem(tr("the last weekday"), kLastWeekday);
    m_monthDay->setMaxVisibleItems(12);
    m_atLabel = new QLabel(tr("at"), this);
    m_time = new QTimeEdit(QTime(9, 0), this);
    m_time->setObjectName(QStringLiteral("pickerTime"));
    m_time->setDisplayFormat(QStringLiteral("HH:mm"));

    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_case);
    for (QWidget *w : std::initializer_list<QWidget *>{m_everyLabel, m_count, m_unitLabel, m_minuteLabel, m_minute, m_onLabel})
        row->addWidget(w);
    row->addLayout(days);
    for (QWidget *w : std::initializer_list<QWidget *>{m_monthDay, m_atLabel, m_time})
        row->addWidget(w);
    row->addStretch(1);

    connect(m_case, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibility();
        emitPicked();
    });
    connect(m_count, &QSpinBox::valueChanged, this, &CronPicker::emitPicked);
    connect(m_minute, &QSpinBox::valueChanged, this, &CronPicker::emitPicked);
    connect(m_time, &QTimeEdit::timeChanged, this, &CronPicker::emitPicked);
    connect(m_monthDay, &QComboBox::currentIndexChanged, this, &CronPicker::emitPicked);
    updateVisibility();
}

CronPicker::Case CronPicker::currentCase() const
{
    return Case(m_case->currentIndex());
}

void CronPicker::updateVisibility()
{
    const Case c = currentCase();
    const bool every = c == Case::EveryMinutes || c == Case::EveryHours;
    m_everyLabel->setVisible(every);
    m_count->setVisible(every);
    m_unitLabel->setVisible(every);
    m_unitLabel->setText(c == Case::EveryHours ? tr("hours") : tr("minutes"));
    m_count->setMaximum(c == Case::EveryHours ? 23 : 59);
    m_minuteLabel->setVisible(c == Case::EveryHours);
    m_minute->setVisible(c == Case::EveryHours);
    m_onLabel->setVisible(c == Case::Weekly || c == Case::Monthly);
    for (QToolButton *b : m_days)
        b->setVisible(c == Case::Weekly);
    m_monthDay->setVisible(c == Case::Monthly);
    const bool timed = c == Case::Daily || c == Case::Weekly || c == Case::Monthly;
    m_atLabel->setVisible(timed);
    m_time->setVisible(timed);
}

QString CronPicker::expression() const
{
    const int n = m_count->value();
    const QTime t = m_time->time();
    const QString at = QStringLiteral("%1 %2").arg(t.minute()).arg(t.hour());
    switch (currentCase()) {
    case Case::Custom:
        return {};
    case Case::EveryMinutes:
        return n == 1 ? QStringLiteral("* * * * *") : QStringLiteral("*/%1 * * * *").arg(n);
    case Case::EveryHours:
        return n == 1 ? QStringLiteral("%1 * * * *").arg(m_minute->value())
                      : QStringLiteral("%1 */%2 * * *").arg(m_minute->value()).arg(n);
    case Case::Daily:
        return at + QStringLiteral(" * * *");
    case Case::Weekly: {
        std::array<bool, 7> days{};
        for (int i = 0; i < 7; ++i)
            days[size_t(i)] = m_days[size_t(i)]->isChecked();
        return at + QStringLiteral(" * * ") + daysField(days);
    }
    case Case::Monthly: {
        const int day = m_monthDay->currentData().toInt();
        const QString field = day == kLastDay ? QStringLiteral("L") : day == kLastWeekday ? QStringLiteral("LW") : QString::number(day);
        return at + u' ' + field + QStringLiteral(" * *");
    }
    }
    return {};
}

void CronPicker::emitPicked()
{
    if (m_showing || currentCase() == Case::Custom)
        return;
    Q_EMIT picked(expression());
}

void CronPicker::showExpression(const QString &text)
{
    m_showing = true;
    const QStringList f = text.simplified().split(u' ');
    Case c = Case::Custom;
    static const QRegularExpression s_number(QStringLiteral("^\\d{1,2}$"));
    static const QRegularExpression s_step(QStringLiteral("^\\*/(\\d{1,2})$"));
    const auto number = [](const QString &s, int max) { return s_number.match(s).hasMatch() && s.toInt() <= max; };
    if (f.size() == 5 && f[2] == QLatin1String("*") && f[3] == QLatin1String("*")) {
        const auto minutes = s_step.match(f[0]);
        const auto hours = s_step.match(f[1]);
        if (f[1] == QLatin1String("*") && f[4] == QLatin1String("*") && (f[0] == QLatin1String("*") || minutes.hasMatch())) {
            c = Case::EveryMinutes;
            m_count->setValue(f[0] == QLatin1String("*") ? 1 : minutes.captured(1).toInt());
        } else if (number(f[0], 59) && f[4] == QLatin1String("*") && (f[1] == QLatin1String("*") || hours.hasMatch())) {
            c = Case::EveryHours;
            m_minute->setValue(f[0].toInt());
            m_count->setMaximum(23);
            m_count->setValue(f[1] == QLatin1String("*") ? 1 : hours.captured(1).toInt());
        } else if (number(f[0], 59) && number(f[1], 23)) {
            const auto days = parseDays(f[4]);
            if (days) {
                m_time->setTime(QTime(f[1].toInt(), f[0].toInt()));
                c = f[4] == QLatin1String("*") ? Case::Daily : Case::Weekly;
                for (int i = 0; i < 7; ++i) {
                    const QSignalBlocker block(m_days[size_t(i)]); // no day is left unticked on the way
                    m_days[size_t(i)]->setChecked((*days)[size_t(i)]);
                }
            }
        }
    } else if (f.size() == 5 && number(f[0], 59) && number(f[1], 23) && f[3] == QLatin1String("*") && f[4] == QLatin1String("*")) {
        const int day = f[2] == QLatin1String("L") ? kLastDay : f[2] == QLatin1String("LW") ? kLastWeekday
                      : number(f[2], 31) && f[2].toInt() >= 1 ? f[2].toInt() : 0;
        if (day > 0) {
            c = Case::Monthly;
            m_time->setTime(QTime(f[1].toInt(), f[0].toInt()));
            m_monthDay->setCurrentIndex(m_monthDay->findData(day));
        }
    }
    m_case->setCurrentIndex(int(c));
    m_showing = false;
}

} // namespace jobdeck
