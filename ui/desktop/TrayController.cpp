#include "desktop/TrayController.h"

#include "Icons.h"
#include "MainWindow.h"
#include "StateCounter.h"
#include "models/HealthMonitor.h"
#include "runner/Engine.h"

#include <QAction>
#include <QMenu>
#include <QSystemTrayIcon>

namespace jobdeck {

TrayController::TrayController(MainWindow &window, Engine &engine, StateCounter &counts, HealthMonitor &health,
                               QObject *parent)
    : QObject(parent), m_window(window), m_engine(engine), m_counts(counts), m_health(health)
{
    m_notify.setSingleShot(true);
    m_notify.setInterval(kNotifyDelayMs);
    connect(&m_notify, &QTimer::timeout, this, &TrayController::notifyPoison);
    connect(&counts, &StateCounter::countsChanged, this, &TrayController::onCountsChanged);
    connect(&health, &HealthMonitor::reportChanged, this, &TrayController::update);
    connect(&engine, &Engine::jobsChanged, this, &TrayController::onJobsChanged);
    connect(&engine, &Engine::pausedChanged, this, &TrayController::update);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_menu = new QMenu;
        m_showAction = m_menu->addAction(tr("Show Jobdeck"), this, &TrayController::toggleWindow);
        m_menu->addAction(tr("New job…"), &window, [this] {
            m_window.showNormal();
            m_window.raise();
            m_window.openNewJobDialog();
        });
        m_pauseAction = m_menu->addAction(tr("Pause runner"), this, [this] { m_engine.setPaused(!m_engine.isPaused()); });
        m_menu->addSeparator();
        m_menu->addAction(tr("Quit Jobdeck"), this, &TrayController::quitRequested);
        m_icon = new QSystemTrayIcon(this);
        m_icon->setContextMenu(m_menu);
        connect(m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger)
                toggleWindow();
        });
        connect(m_icon, &QSystemTrayIcon::messageClicked, this, [this] {
            m_window.showNormal();
            m_window.raise();
            m_window.activateWindow();
            m_window.showPage(QStringLiteral("poison"));
        });
        m_icon->show();
    }
    m_lastDead = counts.count(JobState::Dead);
    update();
}

TrayController::~TrayController()
{
    delete m_menu;
}

bool TrayController::isAvailable() const
{
    return m_icon != nullptr;
}

void TrayController::toggleWindow()
{
    if (m_window.isVisible() && !m_window.isMinimized()) {
        m_window.hide();
    } else {
        m_window.showNormal();
        m_window.raise();
        m_window.activateWindow();
    }
}

void TrayController::update()
{
    const qint64 running = m_counts.count(JobState::Running);
    const qint64 queued = m_counts.count(JobState::Queued);
    const qint64 dead = m_counts.count(JobState::Dead);
    const bool problem = m_health.hasReport() && m_health.report().status != HealthStatus::Healthy;
    m_state = problem ? State::Problem : running > 0 ? State::Busy : State::Idle;
    QStringList lines{tr("Jobdeck — %1 running, %2 queued, %3 dead").arg(running).arg(queued).arg(dead)};
    if (m_engine.isPaused())
        lines << tr("Runner paused");
    if (problem && !m_health.report().reasons.empty())
        lines << m_health.report().reasons.front().text;
    m_toolTip = lines.join(u'\n');
    if (!m_icon)
        return;
    static const char *names[] = {"tray-idle", "tray-busy", "tray-problem"};
    m_icon->setIcon(Icons::fixed(QLatin1String(names[static_cast<int>(m_state)])));
    m_icon->setToolTip(m_toolTip);
    m_pauseAction->setText(m_engine.isPaused() ? tr("Resume runner") : tr("Pause runner"));
    m_showAction->setText(m_window.isVisible() ? tr("Hide Jobdeck") : tr("Show Jobdeck"));
}

void TrayController::onJobsChanged(const QList<JobEvent> &events)
{
    for (const JobEvent &e : events) {
        if (e.to == JobState::Dead && !e.created && !e.removed && e.from != JobState::Dead) {
            if (m_newPoison.isEmpty())
                m_firstPoisonError = e.reason;
            m_newPoison << e.jobId;
        }
    }
    if (!m_newPoison.isEmpty() && !m_notify.isActive())
        m_notify.start();
}

void TrayController::onCountsChanged()
{
    // Another process's runner: its poison shows only as a higher count.
    const qint64 dead = m_counts.count(JobState::Dead);
    if (!m_engine.runsJobs() && m_lastDead >= 0 && dead > m_lastDead && !m_notify.isActive())
        m_notify.start();
    if (m_engine.runsJobs())
        m_lastDead = dead;
    update();
}

void TrayController::notifyPoison()
{
    const qint64 dead = m_counts.count(JobState::Dead);
    QString title;
    QString text;
    if (m_newPoison.size() == 1) {
        title = tr("Job %1 became poison").arg(m_newPoison.first());
        text = m_firstPoisonError;
    } else if (!m_newPoison.isEmpty()) {
        title = tr("%1 jobs became poison").arg(m_newPoison.size());
        text = tr("The first: %1").arg(m_firstPoisonError);
    } else if (dead > m_lastDead) {
        title = tr("%1 jobs became poison").arg(dead - m_lastDead);
        text = tr("%1 dead jobs in all").arg(dead);
    }
    m_newPoison.clear();
    m_lastDead = dead;
    if (title.isEmpty())
        return;
    m_lastNotification = title + QStringLiteral(": ") + text;
    Q_EMIT notified(title, text);
    if (m_icon)
        m_icon->showMessage(title, text, QSystemTrayIcon::Warning, 8000);
}

} // namespace jobdeck
