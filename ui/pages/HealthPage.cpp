#include "HealthPage.h"

#include "Console.h"
#include "Icons.h"
#include "StateStyle.h"
#include "model/Duration.h"
#include "models/HealthMonitor.h"
#include "runner/Engine.h"
#include "storage/postgres/PostgresUrl.h"
#include "widgets/PageHeader.h"

#include <QAction>
#include <QDateTime>
#include <QFrame>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

QColor colorOf(HealthStatus status, const QPalette &palette)
{
    switch (status) {
    case HealthStatus::Healthy: return StateStyle::color(JobState::Succeeded, palette);
    case HealthStatus::Degraded: return StateStyle::color(JobState::Failed, palette);
    case HealthStatus::Unhealthy: return StateStyle::color(JobState::Dead, palette);
    }
    return {};
}

QString dataSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QFrame *figureCard(const QString &title, QWidget *parent, QVBoxLayout *&content)
{
    auto *frame = new QFrame(parent);
    frame->setProperty("card", true);
    frame->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // the cards share the width evenly
    frame->setMinimumWidth(150);
    auto *label = new QLabel(title, frame);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    content = new QVBoxLayout(frame);
    content->setContentsMargins(14, 12, 14, 12);
    content->setSpacing(6);
    content->addWidget(label);
    return frame;
}

QLabel *bigLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 1.5);
    font.setWeight(QFont::DemiBold);
    label->setFont(font);
    return label;
}

} // namespace

HealthPage::HealthPage(Console &console, HealthMonitor &health, QWidget *parent)
    : QWidget(parent), m_console(console), m_health(health)
{
    m_header = new PageHeader(tr("Health"), tr("The checks of the command “jobdeck health”, made every few seconds"), this);
    auto *checkNow = new QAction(tr("Check now"), this);
    Icons::set(checkNow, QStringLiteral("refresh"), palette());
    checkNow->setObjectName(QStringLiteral("checkHealthAction"));
    connect(checkNow, &QAction::triggered, &health, &HealthMonitor::checkNow);
    m_header->addAction(checkNow);

    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("healthBanner"));
    m_banner->setProperty("card", true);
    m_dot = new QLabel(m_banner);
    m_dot->setFixedSize(22, 22);
    m_status = bigLabel(m_banner);
    m_status->setObjectName(QStringLiteral("healthStatus"));
    m_reasons = new QLabel(m_banner);
    m_reasons->setObjectName(QStringLiteral("healthReasons"));
    m_reasons->setWordWrap(true);
    m_reasons->setTextFormat(Qt::RichText);
    m_checked = new QLabel(m_banner);
    m_checked->setForegroundRole(QPalette::PlaceholderText);
    auto *statusRow = new QHBoxLayout;
    statusRow->setSpacing(10);
    statusRow->addWidget(m_dot);
    statusRow->addWidget(m_status);
    statusRow->addStretch(1);
    statusRow->addWidget(m_checked);
    auto *banner = new QVBoxLayout(m_banner);
    banner->setContentsMargins(16, 14, 16, 14);
    banner->addLayout(statusRow);
    banner->addWidget(m_reasons);

    QVBoxLayout *content = nullptr;
    auto *workersCard = figureCard(tr("Workers busy"), this, content);
    m_workersText = bigLabel(workersCard);
    m_workers = new QProgressBar(workersCard);
    m_workers->setTextVisible(false);
    m_workers->setMaximumHeight(8);
    content->addWidget(m_workersText);
    content->addWidget(m_workers);
    content->addStretch(1);
    auto *throughputCard = figureCard(tr("Done per minute, last 5 min"), this, content);
    m_throughput = bigLabel(throughputCard);
    content->addWidget(m_throughput);
    content->addStretch(1);
    auto *failuresCard = figureCard(tr("Failed attempts, last 15 min"), this, content);
    m_failures = bigLabel(failuresCard);
    m_failures->setObjectName(QStringLiteral("healthFailures"));
    m_failuresText = new QLabel(failuresCard);
    m_failuresText->setObjectName(QStringLiteral("healthFailuresText"));
    m_failuresText->setForegroundRole(QPalette::PlaceholderText);
    content->addWidget(m_failures);
    content->addWidget(m_failuresText);
    content->addStretch(1);
    auto *databaseCard = figureCard(tr("Database size"), this, content);
    m_database = bigLabel(databaseCard);
    m_database->setObjectName(QStringLiteral("healthDatabase"));
    const bool onServer = PostgresUrl::isPostgres(m_console.engine.store().location());
    auto *databaseText = new QLabel(onServer ? tr("the database on its PostgreSQL server") : tr("the file and its write-ahead log"),
                                    databaseCard);
    databaseText->setForegroundRole(QPalette::PlaceholderText);
    databaseText->setWordWrap(true);
    content->addWidget(m_database);
    content->addWidget(databaseText);
    content->addStretch(1);
    // The disk apart from the database, its bar the disk's own: a bar beside the database's size was read as how
    // full the database is.
    auto *diskCard = figureCard(tr("Free disk space"), this, content);
    diskCard->setObjectName(QStringLiteral("healthDiskCard"));
    m_diskFree = bigLabel(diskCard);
    m_diskFree->setObjectName(QStringLiteral("healthDiskFree"));
    m_disk = new QProgressBar(diskCard);
    m_disk->setObjectName(QStringLiteral("healthDiskBar"));
    m_disk->setTextVisible(false);
    m_disk->setMaximumHeight(8);
    m_diskText = new QLabel(diskCard);
    m_diskText->setObjectName(QStringLiteral("healthDiskText"));
    m_diskText->setForegroundRole(QPalette::PlaceholderText);
    m_diskText->setWordWrap(true);
    content->addWidget(m_diskFree);
    content->addWidget(m_disk);
    content->addWidget(m_diskText);
    content->addStretch(1);
    auto *figures = new QGridLayout;
    figures->setSpacing(12);
    const QList<QFrame *> cards{workersCard, throughputCard, failuresCard, databaseCard, diskCard};
    for (int i = 0; i < cards.size(); ++i) {
        figures->addWidget(cards[i], 0, i);
        figures->setColumnStretch(i, 1);
    }

    m_runners = new QTreeWidget(this);
    m_runners->setObjectName(QStringLiteral("runnersList"));
    m_runners->setRootIsDecorated(false);
    m_runners->setAlternatingRowColors(true);
    m_runners->setHeaderLabels({tr("Runner"), tr("Host"), tr("Process"), tr("Workers"), tr("Last heartbeat"), tr("Started")});
    m_runners->header()->setStretchLastSection(true);
    m_runners->setColumnWidth(0, m_runners->fontMetrics().horizontalAdvance(QStringLiteral("hostname-long:123456:abcd")) + 20);
    m_noRunners = new QLabel(tr("No runner is serving this database. Start one with “jobdeck --no-gui”, or open the "
                                "window without --no-runner."),
                             this);
    m_noRunners->setObjectName(QStringLiteral("noRunners"));
    m_noRunners->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_noRunners->setWordWrap(true);
    m_noRunners->setForegroundRole(QPalette::PlaceholderText);
    m_noRunners->setContentsMargins(24, 24, 24, 24);
    m_noRunners->setVisible(false);
    auto *runnersLabel = new QLabel(tr("Runners serving this database"), this);
    runnersLabel->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 16);
    layout->setSpacing(12);
    layout->addWidget(m_header);
    layout->addWidget(m_banner);
    layout->addLayout(figures);
    layout->addWidget(runnersLabel);
    layout->addWidget(m_runners, 1);
    layout->addWidget(m_noRunners, 1);
    connect(&health, &HealthMonitor::reportChanged, this, &HealthPage::refresh);
    refresh();
}

void HealthPage::refresh()
{
    if (!m_health.hasReport()) {
        m_status->setText(tr("Checking…"));
        return;
    }
    const HealthReport &r = m_health.report();
    const QPalette &pal = palette();
    const QColor colour = colorOf(r.status, pal);
    QString name = healthStatusName(r.status);
    name[0] = name[0].toUpper();
    m_status->setText(name);
    QPalette statusPalette = m_status->palette();
    statusPalette.setColor(QPalette::WindowText, colour);
    m_status->setPalette(statusPalette);
    m_dot->setPixmap(Icons::tinted(r.status == HealthStatus::Healthy ? QStringLiteral("health") : QStringLiteral("poison"), colour)
                         .pixmap(22, 22));
    // The words come from the figures (HealthReport::passed): each check says what it found.
    const QString quiet = pal.color(QPalette::PlaceholderText).name();
    QStringList items;
    if (r.reasons.empty())
        items << tr("All checks pass:");
    for (const HealthReport::Reason &reason : r.reasons) {
        items << QStringLiteral("<span style='color:%1'>●</span>&nbsp; %2")
                     .arg(colorOf(reason.severity, pal).name(), reason.text.toHtmlEscaped());
    }
    // What passed, quieter beside problems, plain when all is well.
    const QString fineColour = r.reasons.empty() ? pal.color(QPalette::WindowText).name() : quiet;
    for (const QString &fine : r.passed) {
        QString text = fine;
        text[0] = text[0].toUpper();
        items << QStringLiteral("<span style='color:%1'>✓</span>&nbsp; <span style='color:%2'>%3.</span>")
                     .arg(colorOf(HealthStatus::Healthy, pal).name(), fineColour, text.toHtmlEscaped());
    }
    m_reasons->setText(items.join(QStringLiteral("<br>")));
    m_checked->setText(tr("checked %1").arg(QDateTime::fromMSecsSinceEpoch(m_health.checkedAtMs()).toString(QStringLiteral("HH:mm:ss"))));

    const int total = m_console.engine.runsJobs() ? m_console.engine.workers() : r.workersTotal;
    const qint64 busy = m_console.engine.runsJobs() ? m_console.engine.busyWorkers() : r.workersBusy;
    m_workersText->setText(QStringLiteral("%1 / %2").arg(busy).arg(total));
    m_workers->setRange(0, std::max(1, total));
    m_workers->setValue(int(std::min<qint64>(busy, total)));
    m_throughput->setText(QLocale().toString(r.perMinute, 'f', r.perMinute < 10 ? 1 : 0));
    if (r.attemptsInWindow > 0) {
        m_failures->setText(QStringLiteral("%1%").arg(qRound(r.failureRate * 100)));
        m_failuresText->setText(r.attemptsInWindow == 1 ? tr("%1 of 1 attempt").arg(r.failedInWindow)
                                                        : tr("%1 of %2 attempts").arg(QLocale().toString(r.failedInWindow),
                                                                                      QLocale().toString(r.attemptsInWindow)));
    } else {
        m_failures->setText(QStringLiteral("—"));
        m_failuresText->setText(tr("no attempt ended"));
    }
    // No database is empty: nothing means it could not be read.
    m_database->setText(r.databaseBytes > 0 ? dataSize(r.databaseBytes) : QStringLiteral("—"));
    if (r.isDiskKnown()) {
        const qint64 used = r.diskTotalBytes - r.diskAvailableBytes;
        m_diskFree->setText(dataSize(r.diskAvailableBytes));
        m_disk->setRange(0, 1000);
        m_disk->setValue(int(1000 * used / r.diskTotalBytes));
        m_disk->setToolTip(tr("The disk: %1 used of %2").arg(dataSize(used), dataSize(r.diskTotalBytes)));
        m_diskText->setText(tr("free of %1 on the database's disk (%2% used)")
                                .arg(dataSize(r.diskTotalBytes))
                                .arg(qRound(100.0 * double(used) / double(r.diskTotalBytes))));
        m_disk->setVisible(true);
    } else {
        m_diskFree->setText(QStringLiteral("—"));
        m_diskText->setText(PostgresUrl::isPostgres(m_console.engine.store().location()) ? tr("the server's to watch")
                                                                                      : tr("not known"));
        m_disk->setVisible(false);
    }

    m_runners->clear();
    const bool anyRunner = !m_health.snapshot().runners.empty();
    m_runners->setVisible(anyRunner);
    m_noRunners->setVisible(!anyRunner);
    const qint64 now = m_health.snapshot().nowMs;
    for (const auto &runner : m_health.snapshot().runners) {
        auto *item = new QTreeWidgetItem(m_runners);
        const qint64 silence = std::max<qint64>(0, now - runner.heartbeatMs);
        item->setText(0, runner.id == m_console.engine.runnerId() && m_console.engine.runsJobs()
                             ? tr("%1 (this window)").arg(runner.id)
                             : runner.id);
        item->setText(1, runner.host);
        item->setText(2, QString::number(runner.pid));
        item->setText(3, QString::number(runner.workers));
        item->setText(4, tr("%1 ago").arg(formatDuration(silence / 1000 * 1000)));
        item->setText(5, QDateTime::fromMSecsSinceEpoch(runner.startedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        if (silence > HealthCheck::Thresholds().runnerSilenceMs)
            item->setForeground(4, StateStyle::color(JobState::Dead, pal));
    }
}

} // namespace jobdeck
