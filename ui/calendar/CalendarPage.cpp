#include "CalendarPage.h"

#include "Icons.h"
#include "CalendarActions.h"
#include "CalendarData.h"
#include "CalendarLegend.h"
#include "CalendarStyle.h"
#include "EntryDetails.h"
#include "JobPalette.h"
#include "MonthView.h"
#include "TimeGridView.h"
#include "ZoneCombo.h"
#include "definitions/JobDefinitions.h"
#include "runner/Engine.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QStackedWidget>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

QToolButton *toolButton(const QString &objectName, const QString &text, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(objectName);
    b->setText(text);
    b->setAutoRaise(true);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return b;
}

QComboBox *filterCombo(const QString &objectName, const QString &all, QWidget *parent)
{
    auto *c = new QComboBox(parent);
    c->setObjectName(objectName);
    c->addItem(all, QString());
    // A steady width: growing with its items would widen the toolbar, and the page with it, as data arrives.
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(12);
    return c;
}

} // namespace

CalendarPage::CalendarPage(Engine &engine, QWidget *parent) : QWidget(parent), m_engine(engine)
{
    setObjectName(QStringLiteral("calendarPage"));
    m_data = new CalendarData(engine, this);
    m_actions = new CalendarActions(engine, *m_data, this);

    m_month = new MonthView(this);
    m_grid = new TimeGridView(this);
    m_grid->setClock(&engine.clock());
    m_views = new QStackedWidget(this);
    m_views->addWidget(m_month);
    m_views->addWidget(m_grid);
    m_details = new EntryDetails(this);
    m_palette = new JobPalette(this);

    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_details, 1);
    auto *paletteLabel = new QLabel(tr("Drag onto the calendar"), side);
    paletteLabel->setForegroundRole(QPalette::PlaceholderText);
    sideLayout->addWidget(paletteLabel);
    sideLayout->addWidget(m_palette, 1);
    // A fixed width: the details' wrapped text must not make the calendar jump when something is selected.
    side->setFixedWidth(250);

    auto *body = new QHBoxLayout;
    body->setSpacing(10);
    body->addWidget(m_views, 1);
    body->addWidget(side);

    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("calendarNotice"));
    m_notice->setForegroundRole(QPalette::PlaceholderText);
    m_notice->setVisible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(createToolbar());
    layout->addLayout(body, 1);
    layout->addWidget(m_notice);
    layout->addWidget(new CalendarLegend(this));

    for (CalendarView *view : {static_cast<CalendarView *>(m_month), static_cast<CalendarView *>(m_grid)}) {
        connect(view, &CalendarView::entrySelected, this, &CalendarPage::onEntrySelected);
        connect(view, &CalendarView::entryMoved, m_actions, &CalendarActions::move);
        connect(view, &CalendarView::slotActivated, m_actions,
                [this](const QDate &date, const QTime &time) { m_actions->offerAt(date, time); });
        connect(view, &CalendarView::paletteDropped, m_actions, &CalendarActions::dropAt);
    }
    connect(m_details, &EntryDetails::editScheduleRequested, m_actions, &CalendarActions::editSchedule);
    connect(m_details, &EntryDetails::runNowRequested, m_actions, &CalendarActions::runNow);
    connect(m_actions, &CalendarActions::message, this, &CalendarPage::message);
    connect(m_data, &CalendarData::changed, this, &CalendarPage::refreshView);
    connect(m_data, &CalendarData::readFailed, this,
            [this](const QString &error) { Q_EMIT message(tr("Could not read the calendar: %1").arg(error)); });

    QStringList kinds = engine.handlers().kinds();
    kinds.sort();
    m_palette->setItems({}, kinds);
    m_date = m_data->displayZone()->dateAt(engine.clock().nowMs());
    setMode(Mode::Month);
}

CalendarPage::~CalendarPage() = default;

QWidget *CalendarPage::createToolbar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout;
    auto *previous = toolButton(QStringLiteral("previousButton"), QStringLiteral("‹"), bar);
    auto *today = toolButton(QStringLiteral("todayButton"), tr("Today"), bar);
    auto *next = toolButton(QStringLiteral("nextButton"), QStringLiteral("›"), bar);
    previous->setToolTip(tr("Earlier"));
    next->setToolTip(tr("Later"));
    for (QToolButton *b : {previous, next}) {
        QFont f = b->font();
        f.setPointSizeF(f.pointSizeF() * 1.5);
        b->setFont(f);
    }
    connect(previous, &QToolButton::clicked, this, [this] { step(-1); });
    connect(next, &QToolButton::clicked, this, [this] { step(1); });
    connect(today, &QToolButton::clicked, this,
            [this] { showDate(m_data->displayZone()->dateAt(m_engine.clock().nowMs())); });
    m_period = new QLabel(bar);
    m_period->setObjectName(QStringLiteral("periodLabel"));
    QFont title = m_period->font();
    title.setPointSizeF(title.pointSizeF() * 1.35);
    title.setBold(true);
    m_period->setFont(title);
    // Room for most periods' names, so stepping through them rarely moves the buttons after it.
    m_period->setMinimumWidth(m_period->fontMetrics().horizontalAdvance(QStringLiteral("28 September – 4 Oct 2026")));

    m_modes = new QButtonGroup(this);
    auto *modeBox = new QWidget(bar);
    auto *modeRow = new QHBoxLayout(modeBox);
    modeRow->setContentsMargins(0, 0, 0, 0);
    modeRow->setSpacing(0);
    const QList<std::pair<QString, QString>> modes = {{QStringLiteral("monthButton"), tr("Month")},
                                                      {QStringLiteral("weekButton"), tr("Week")},
                                                      {QStringLiteral("dayButton"), tr("Day")}};
    for (int i = 0; i < modes.size(); ++i) {
        auto *b = toolButton(modes[i].first, modes[i].second, modeBox);
        b->setCheckable(true);
        b->setAutoRaise(false);
        m_modes->addButton(b, i);
        modeRow->addWidget(b);
    }
    connect(m_modes, &QButtonGroup::idClicked, this, [this](int id) { setMode(Mode(id)); });

    m_zone = new ZoneCombo(bar);
    m_zone->setObjectName(QStringLiteral("displayZoneCombo"));
    m_zone->setToolTip(tr("The time zone the calendar shows dates and times in"));
    connect(m_zone, &QComboBox::currentTextChanged, this, [this](const QString &zone) {
        if (ZoneRules::isKnownZone(zone))
            setDisplayZone(zone);
    });

    m_scheduleFilter = filterCombo(QStringLiteral("scheduleFilter"), tr("All schedules"), bar);
    m_queueFilter = filterCombo(QStringLiteral("queueFilter"), tr("All queues"), bar);
    m_kindFilter = filterCombo(QStringLiteral("kindFilter"), tr("All kinds"), bar);
    for (QComboBox *c : {m_scheduleFilter, m_queueFilter, m_kindFilter})
        connect(c, &QComboBox::activated, this, &CalendarPage::applyFilter);

    // Fixed labels, the command in the tooltip: a label that grew with each move would widen the toolbar.
    auto *undo = toolButton(QStringLiteral("undoButton"), tr("Undo"), bar);
    auto *redo = toolButton(QStringLiteral("redoButton"), tr("Redo"), bar);
    auto *undoAction = new QAction(tr("Undo"), this);
    auto *redoAction = new QAction(tr("Redo"), this);
    undoAction->setShortcut(QKeySequence::Undo);
    redoAction->setShortcut(QKeySequence::Redo);
    for (QAction *a : {undoAction, redoAction}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setEnabled(false);
        addAction(a);
    }
    QUndoStack *stack = undoStack();
    connect(undoAction, &QAction::triggered, stack, &QUndoStack::undo);
    connect(redoAction, &QAction::triggered, stack, &QUndoStack::redo);
    connect(stack, &QUndoStack::canUndoChanged, undoAction, &QAction::setEnabled);
    connect(stack, &QUndoStack::canRedoChanged, redoAction, &QAction::setEnabled);
    connect(stack, &QUndoStack::undoTextChanged, undoAction, [undoAction](const QString &text) { undoAction->setToolTip(text); });
    connect(stack, &QUndoStack::redoTextChanged, redoAction, [redoAction](const QString &text) { redoAction->setToolTip(text); });
    undo->setDefaultAction(undoAction);
    redo->setDefaultAction(redoAction);
    auto *add = new QToolButton(bar);
    add->setObjectName(QStringLiteral("newScheduleButton"));
    add->setIcon(Icons::get(QStringLiteral("new-job"), palette()));
    add->setText(tr("New schedule…"));
    add->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    add->setAutoRaise(true);
    connect(add, &QToolButton::clicked, this, [this] { openScheduleEditor(); });

    row->addWidget(previous);
    row->addWidget(today);
    row->addWidget(next);
    row->addSpacing(8);
    row->addWidget(m_period);
    row->addStretch();
    row->addWidget(modeBox);
    row->addSpacing(12);
    row->addWidget(undo);
    row->addWidget(redo);
    row->addWidget(add);

    // What is shown, and in which zone: a second, quieter row.
    auto *filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    const auto caption = [bar](const QString &text) {
        auto *label = new QLabel(text, bar);
        label->setForegroundRole(QPalette::PlaceholderText);
        return label;
    };
    filters->addWidget(caption(tr("Times in")));
    filters->addWidget(m_zone);
    filters->addSpacing(16);
    filters->addWidget(caption(tr("Show")));
    filters->addWidget(m_scheduleFilter);
    filters->addWidget(m_queueFilter);
    filters->addWidget(m_kindFilter);
    filters->addStretch();
    auto *rows = new QVBoxLayout(bar);
    rows->setContentsMargins(0, 0, 0, 4);
    rows->setSpacing(4);
    rows->addLayout(row);
    rows->addLayout(filters);
    return bar;
}

void CalendarPage::setJobDefinitions(const QStringList &names, DefinitionResolver resolver)
{
    m_actions->setDefinitions(names, std::move(resolver));
    QStringList kinds = m_engine.handlers().kinds();
    kinds.sort();
    m_palette->setItems(names, kinds);
    refreshFilters();
}

void CalendarPage::followJobDefinitions(const JobDefinitions &definitions)
{
    const auto update = [this, &definitions] {
        QStringList names;
        for (const JobDefinition &d : definitions.definitions()) {
            if (!d.isContinuous() && d.isValid()) // what can be enqueued
                names << d.name;
        }
        setJobDefinitions(names, [&definitions](const QString &name, QString *error) {
            return definitions.jobFor(name, {}, error);
        });
    };
    connect(&definitions, &JobDefinitions::changed, this, update);
    update();
}

QUndoStack *CalendarPage::undoStack() const
{
    return m_actions->undoStack();
}

ScheduleEditorDialog *CalendarPage::openScheduleEditor(const std::optional<ScheduleSpec> &preset, bool existing)
{
    return m_actions->openScheduleEditor(preset, existing);
}

NewJobDialog *CalendarPage::openOneOffJobDialog(qint64 atMs, const QString &kind)
{
    return m_actions->openOneOffJobDialog(atMs, kind);
}

ScheduleEditorDialog *CalendarPage::scheduleEditor() const
{
    return m_actions->scheduleEditor();
}

NewJobDialog *CalendarPage::oneOffJobDialog() const
{
    return m_actions->oneOffJobDialog();
}

CalendarView *CalendarPage::currentView() const
{
    return m_mode == Mode::Month ? static_cast<CalendarView *>(m_month) : static_cast<CalendarView *>(m_grid);
}

void CalendarPage::setMode(Mode mode)
{
    m_mode = mode;
    m_modes->button(int(mode))->setChecked(true);
    m_views->setCurrentWidget(currentView());
    if (mode != Mode::Month)
        m_grid->setDays(mode == Mode::Week ? 7 : 1);
    showDate(m_date);
}

void CalendarPage::setDisplayZone(const QString &zone)
{
    if (m_zone->currentText() != zone)
        m_zone->setCurrentText(zone); // comes back here through currentTextChanged
    m_data->setDisplayZone(zone);
    showDate(m_date);
}

void CalendarPage::step(int direction)
{
    switch (m_mode) {
    case Mode::Month:
        showDate(m_date.addMonths(direction));
        break;
    case Mode::Week:
        showDate(m_date.addDays(7 * direction));
        break;
    case Mode::Day:
        showDate(m_date.addDays(direction));
        break;
    }
}

void CalendarPage::showDate(const QDate &date)
{
    m_date = date;
    const QLocale english(QLocale::English);
    QDate first;
    int days = 1;
    switch (m_mode) {
    case Mode::Month: {
        const QDate start(date.year(), date.month(), 1);
        first = start.addDays(1 - start.dayOfWeek());
        days = 42;
        m_period->setText(english.toString(start, QStringLiteral("MMMM yyyy")));
        break;
    }
    case Mode::Week:
        first = date.addDays(1 - date.dayOfWeek());
        days = 7;
        m_period->setText(first.month() == first.addDays(6).month()
                              ? QStringLiteral("%1 – %2").arg(first.day()).arg(english.toString(first.addDays(6), QStringLiteral("d MMMM yyyy")))
                              : QStringLiteral("%1 – %2").arg(english.toString(first, QStringLiteral("d MMMM")),
                                                              english.toString(first.addDays(6), QStringLiteral("d MMMM yyyy"))));
        break;
    case Mode::Day:
        first = date;
        m_period->setText(english.toString(date, QStringLiteral("dddd d MMMM yyyy")));
        break;
    }
    const ZoneRules &zone = *m_data->displayZone();
    currentView()->setContents({}, m_data->displayZone(), first, zone.dateAt(m_engine.clock().nowMs()));
    m_data->setRange(CalendarProjection::instantOf(first, QTime(0, 0), zone),
                     CalendarProjection::instantOf(first.addDays(days), QTime(0, 0), zone));
}

void CalendarPage::refreshView()
{
    CalendarView *view = currentView();
    const ZoneRules &zone = *m_data->displayZone();
    view->setContents(m_data->result(), m_data->displayZone(), view->firstDate(),
                      zone.dateAt(m_engine.clock().nowMs()));
    refreshFilters();
    const QStringList &cut = m_data->result().truncated;
    m_notice->setText(cut.isEmpty() ? QString()
                                    : tr("Only the first occurrences of %1 are shown: a shorter period shows them all.")
                                          .arg(cut.join(QStringLiteral(", "))));
    m_notice->setVisible(!cut.isEmpty());
    if (const CalendarEntry *selected = view->selectedEntry())
        onEntrySelected(*selected, 0);
    else
        m_details->clear();
}

void CalendarPage::refreshFilters()
{
    // Keeps each combo's choice while its list follows the data.
    const auto fill = [](QComboBox *combo, QStringList values) {
        values.removeDuplicates();
        values.sort();
        const QString current = combo->currentData().toString();
        QStringList have;
        for (int i = 1; i < combo->count(); ++i)
            have << combo->itemData(i).toString();
        if (have == values)
            return;
        while (combo->count() > 1)
            combo->removeItem(1);
        for (const QString &v : values)
            combo->addItem(v, v);
        combo->setCurrentIndex(std::max(0, combo->findData(current)));
    };
    QStringList names, kinds = m_engine.handlers().kinds();
    for (const ScheduleRecord &s : m_data->schedules())
        names << s.spec.name;
    kinds << m_actions->definitions();
    fill(m_scheduleFilter, names);
    fill(m_queueFilter, m_data->queues());
    fill(m_kindFilter, kinds);
}

void CalendarPage::applyFilter()
{
    m_data->setFilter({m_scheduleFilter->currentData().toString(), m_queueFilter->currentData().toString(),
                       m_kindFilter->currentData().toString()});
}

void CalendarPage::onEntrySelected(const CalendarEntry &entry, int more)
{
    std::shared_ptr<const ZoneRules> scheduleZone;
    if (entry.scheduleId > 0) {
        if (const auto s = m_data->schedule(entry.scheduleId))
            scheduleZone = ZoneRules::forZone(s->spec.zone);
    }
    m_details->show(entry, *m_data->displayZone(), scheduleZone.get(), more);
}

} // namespace jobdeck
