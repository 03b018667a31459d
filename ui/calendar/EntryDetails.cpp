#include "EntryDetails.h"

#include "CalendarStyle.h"
#include "definitions/DefinitionSchedules.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

QString whenText(qint64 ms, const ZoneRules &zone)
{
    const QDate day = zone.dateAt(ms);
    const QTime time = zone.timeAt(ms);
    const QString iso = formatLocalIso(ms, zone);
    return QStringLiteral("%1, %2 <span style='color:gray'>(UTC%3, %4)</span>")
        .arg(QLocale(QLocale::English).toString(day, QStringLiteral("ddd d MMM yyyy")),
             time.toString(time.second() ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm")), iso.right(6), zone.id());
}

QLabel *wrapped(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

EntryDetails::EntryDetails(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("entryDetails"));
    setFrameShape(QFrame::StyledPanel);
    m_title = wrapped(QStringLiteral("detailsTitle"), this);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    m_title->setFont(big);
    m_status = wrapped(QStringLiteral("detailsStatus"), this);
    m_when = wrapped(QStringLiteral("detailsWhen"), this);
    m_when->setTextFormat(Qt::RichText);
    m_job = wrapped(QStringLiteral("detailsJob"), this);
    m_reason = wrapped(QStringLiteral("detailsReason"), this);
    m_hint = wrapped(QStringLiteral("detailsHint"), this);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_edit = new QPushButton(tr("Edit schedule…"), this);
    m_edit->setObjectName(QStringLiteral("editScheduleButton"));
    m_runNow = new QPushButton(tr("Run now"), this);
    m_runNow->setObjectName(QStringLiteral("runNowButton"));
    connect(m_edit, &QPushButton::clicked, this, [this] { Q_EMIT editScheduleRequested(m_scheduleId); });
    connect(m_runNow, &QPushButton::clicked, this, [this] { Q_EMIT runNowRequested(m_scheduleId); });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_edit);
    buttons->addWidget(m_runNow);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addWidget(m_when);
    layout->addWidget(m_job);
    layout->addWidget(m_reason);
    layout->addWidget(m_hint);
    layout->addLayout(buttons);
    layout->addStretch();
    clear();
}

void EntryDetails::clear()
{
    m_scheduleId = 0;
    m_title->setText(tr("Nothing selected"));
    m_status->clear();
    m_when->clear();
    m_job->clear();
    m_reason->clear();
    m_hint->setText(tr("Click a run or an occurrence for its details. Double-click a day to add a job or a schedule; "
                       "drag a one-off job to move it (Ctrl+Z undoes); drag from the palette below to schedule once."));
    for (QWidget *w : {static_cast<QWidget *>(m_status), static_cast<QWidget *>(m_when), static_cast<QWidget *>(m_job),
                       static_cast<QWidget *>(m_reason), static_cast<QWidget *>(m_edit), static_cast<QWidget *>(m_runNow)})
        w->setVisible(false);
}

void EntryDetails::show(const CalendarEntry &e, const ZoneRules &displayZone, const ZoneRules *scheduleZone, int more)
{
    m_scheduleId = e.scheduleId;
    m_title->setText(e.title);
    const QColor c = CalendarStyle::color(e, palette());
    m_status->setText(QStringLiteral("<span style='color:%1'>●</span> %2%3")
                          .arg(c.name(), CalendarStyle::statusText(e),
                               e.type == CalendarEntry::Type::Recorded ? QString() : QStringLiteral(" · not run yet")));
    m_status->setTextFormat(Qt::RichText);
    QString when = whenText(e.atMs, displayZone);
    if (scheduleZone && scheduleZone->id() != displayZone.id())
        when += QStringLiteral("<br>") + whenText(e.atMs, *scheduleZone);
    m_when->setText(when);
    QStringList job;
    if (e.jobId > 0)
        job << tr("Job %1").arg(e.jobId) + (e.jobState ? QStringLiteral(" (%1)").arg(stateName(*e.jobState)) : QString());
    if (!e.kind.isEmpty())
        job << tr("kind %1").arg(e.kind);
    if (!e.queue.isEmpty())
        job << tr("queue %1").arg(e.queue);
    m_job->setText(job.join(QStringLiteral(" · ")));
    m_reason->setText(e.reason);
    m_hint->setText(more > 0 ? tr("%n more in this group; a narrower view shows them one by one.", nullptr, more)
                             : e.movable ? tr("Drag it to another day or time to move it.") : QString());
    m_status->setVisible(true);
    m_when->setVisible(true);
    m_job->setVisible(!job.isEmpty());
    m_reason->setVisible(!e.reason.isEmpty());
    m_edit->setVisible(e.scheduleId > 0);
    // The jobs folder keeps its schedules as settings.job says: an edit here would not last.
    const bool folderOwned = DefinitionSchedules::isFolderOwned(e.title);
    m_edit->setEnabled(!folderOwned);
    m_edit->setToolTip(folderOwned ? tr("Made from the settings.job of job definition %1: change its \"schedule\" there")
                                         .arg(e.title.mid(DefinitionSchedules::namePrefix().size()))
                                   : QString());
    m_runNow->setVisible(e.scheduleId > 0);
}

} // namespace jobdeck
