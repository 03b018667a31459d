#include "OverviewPage.h"

#include "Console.h"
#include "StateCounter.h"
#include "StateStyle.h"
#include "model/Duration.h"
#include "models/ActivitySeries.h"
#include "models/HealthMonitor.h"
#include "runner/Engine.h"
#include "widgets/ActivityChart.h"
#include "widgets/PageHeader.h"
#include "widgets/StatTile.h"

#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

QFrame *card(const QString &title, QWidget *content, QWidget *parent)
{
    auto *frame = new QFrame(parent);
    frame->setProperty("card", true);
    auto *label = new QLabel(title, frame);
    QFont font = label->font();
    font.setWeight(QFont::DemiBold);
    label->setFont(font);
    auto *layout = new QVBoxLayout(frame);
    layout->setContentsMargins(14, 12, 14, 10);
    layout->addWidget(label);
    layout->addWidget(content, 1);
    return frame;
}

QColor healthColor(HealthStatus status, const QPalette &palette)
{
    switch (status) {
    case HealthStatus::Healthy: return StateStyle::color(JobState::Succeeded, palette);
    case HealthStatus::Degraded: return StateStyle::color(JobState::Failed, palette);
    case HealthStatus::Unhealthy: return StateStyle::color(JobState::Dead, palette);
    }
    return {};
}

} // namespace

OverviewPage::OverviewPage(Console &console, HealthMonitor &health, QWidget *parent)
    : QWidget(parent), m_console(console), m_health(health)
{
    const QString db = QFileInfo(console.engine.store().location()).fileName();
    m_header = new PageHeader(tr("Overview"), tr("What runs, what waits and what failed on %1").arg(db), this);
    m_series = new ActivitySeries(console.engine, console.reads, this);

    auto *tiles = new QGridLayout;
    tiles->setSpacing(12);
    const auto place = [tiles](StatTile *tile, int row, int column) { tiles->addWidget(tile, row, column); };
    place(addTile(QStringLiteral("running"), tr("Running"), QStringLiteral("running")), 0, 0);
    place(addTile(QStringLiteral("queued"), tr("Queued"), QStringLiteral("queue")), 0, 1);
    place(addTile(QStringLiteral("scheduled"), tr("Scheduled"), QStringLiteral("queue")), 0, 2);
    place(addTile(QStringLiteral("oldest"), tr("Longest wait"), QStringLiteral("queue")), 0, 3);
    place(addTile(QStringLiteral("workers"), tr("Workers busy"), QStringLiteral("running")), 0, 4);
    place(addTile(QStringLiteral("succeeded"), tr("Succeeded, last hour"), QStringLiteral("history"), {JobState::Succeeded}), 1, 0);
    place(addTile(QStringLiteral("failed"), tr("Failed attempts, last hour"), QStringLiteral("history"), {JobState::Dead}), 1, 1);
    place(addTile(QStringLiteral("dead"), tr("Poison"), QStringLiteral("poison")), 1, 2);
    place(addTile(QStringLiteral("throughput"), tr("Throughput"), QStringLiteral("history")), 1, 3);
    place(addTile(QStringLiteral("health"), tr("Health"), QStringLiteral("health")), 1, 4);

    m_throughput = new ActivityChart(ActivityChart::Kind::Throughput, this);
    m_throughput->setObjectName(QStringLiteral("throughputChart"));
    m_depth = new ActivityChart(ActivityChart::Kind::Depth, this);
    m_depth->setObjectName(QStringLiteral("depthChart"));
    auto *charts = new QHBoxLayout;
    charts->setSpacing(12);
    charts->addWidget(card(tr("Jobs done per minute"), m_throughput, this), 1);
    charts->addWidget(card(tr("Queue depth"), m_depth, this), 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 16);
    layout->setSpacing(14);
    layout->addWidget(m_header);
    layout->addLayout(tiles);
    layout->addLayout(charts, 1);

    connect(&console.counts, &StateCounter::countsChanged, this, &OverviewPage::updateCounts);
    connect(m_series, &ActivitySeries::changed, this, &OverviewPage::updateSeries);
    connect(&health, &HealthMonitor::reportChanged, this, &OverviewPage::updateHealth);
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, [this] {
        updateCounts();
        updateSeries();
    });
    m_clock.start();
    updateCounts();
    updateSeries();
    updateHealth();
}

StatTile *OverviewPage::addTile(const QString &name, const QString &title, const QString &page,
                                const QList<JobState> &states)
{
    auto *tile = new StatTile(title, this);
    tile->setObjectName(name + QStringLiteral("Tile"));
    connect(tile, &StatTile::activated, this, [this, page, states] { Q_EMIT openPage(page, states); });
    m_tiles.insert(name, tile);
    return tile;
}

void OverviewPage::updateCounts()
{
    const QLocale locale;
    const StateCounter &c = m_console.counts;
    const QPalette &pal = palette();
    const auto set = [&](const QString &name, qint64 value, const QString &caption, JobState colourOf) {
        StatTile *t = m_tiles.value(name);
        t->setValue(locale.toString(value));
        t->setCaption(caption);
        t->setAccent(StateStyle::color(colourOf, pal));
    };
    set(QStringLiteral("running"), c.count(JobState::Running), tr("now"), JobState::Running);
    set(QStringLiteral("queued"), c.count(JobState::Queued),
        m_console.engine.isPaused() ? tr("runners paused") : tr("waiting for a worker"), JobState::Queued);
    set(QStringLiteral("scheduled"), c.count(JobState::Scheduled),
        tr("%1 waiting for a retry").arg(locale.toString(c.count(JobState::Failed))), JobState::Scheduled);
    set(QStringLiteral("dead"), c.count(JobState::Dead), c.count(JobState::Dead) ? tr("need a look") : tr("none"),
        JobState::Dead);
    if (!c.count(JobState::Dead))
        m_tiles.value(QStringLiteral("dead"))->setAccent(QColor());

    StatTile *workers = m_tiles.value(QStringLiteral("workers"));
    if (m_console.engine.runsJobs()) {
        workers->setValue(QStringLiteral("%1 / %2").arg(m_console.engine.busyWorkers()).arg(m_console.engine.workers()));
        workers->setCaption(tr("this runner"));
    } else if (m_health.hasReport()) {
        const HealthReport &r = m_health.report();
        workers->setValue(QStringLiteral("%1 / %2").arg(r.workersBusy).arg(r.workersTotal));
        workers->setCaption(r.liveRunners == 1 ? tr("1 runner") : tr("%1 runners").arg(r.liveRunners));
    }
    workers->setAccent(StateStyle::color(JobState::Running, pal));
}

void OverviewPage::updateSeries()
{
    if (!m_series->isLoaded())
        return;
    const QLocale locale;
    const QPalette &pal = palette();
    StatTile *succeeded = m_tiles.value(QStringLiteral("succeeded"));
    succeeded->setValue(locale.toString(m_series->succeededLastHour()));
    succeeded->setAccent(StateStyle::color(JobState::Succeeded, pal));
    succeeded->setCaption(tr("jobs"));
    StatTile *failed = m_tiles.value(QStringLiteral("failed"));
    failed->setValue(locale.toString(m_series->failedLastHour()));
    failed->setAccent(m_series->failedLastHour() ? StateStyle::color(JobState::Failed, pal) : QColor());
    const qint64 attempts = m_series->succeededLastHour() + m_series->failedLastHour();
    failed->setCaption(attempts ? tr("%1% of attempts").arg(qRound(100.0 * double(m_series->failedLastHour()) / double(attempts)))
                                : tr("no attempts"));
    StatTile *throughput = m_tiles.value(QStringLiteral("throughput"));
    throughput->setValue(tr("%1 /min").arg(locale.toString(m_series->perMinute(), 'f', m_series->perMinute() < 10 ? 1 : 0)));
    throughput->setCaption(tr("done, last 5 minutes"));
    throughput->setAccent(StateStyle::color(JobState::Succeeded, pal));
    StatTile *oldest = m_tiles.value(QStringLiteral("oldest"));
    const qint64 since = m_series->oldestQueuedSinceMs();
    const qint64 now = m_console.engine.clock().nowMs();
    oldest->setValue(since > 0 && m_console.counts.count(JobState::Queued) > 0 ? formatDuration(std::max<qint64>(0, now - since) / 1000 * 1000)
                                                                                : QStringLiteral("—"));
    oldest->setCaption(tr("oldest queued job"));
    oldest->setAccent(StateStyle::color(JobState::Queued, pal));
    m_throughput->setMinutes(m_series->minutes());
    m_depth->setMinutes(m_series->minutes());
}

void OverviewPage::updateHealth()
{
    StatTile *tile = m_tiles.value(QStringLiteral("health"));
    if (!m_health.hasReport())
        return;
    const HealthReport &r = m_health.report();
    QString name = healthStatusName(r.status);
    name[0] = name[0].toUpper();
    tile->setValue(name);
    tile->setCaption(r.reasons.empty() ? tr("all checks pass") : r.reasons.front().text);
    tile->setAccent(healthColor(r.status, palette()));
    updateCounts(); // the workers of other runners come with the report
}

} // namespace jobdeck
