#pragma once

#include "model/JobState.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace jobdeck {

class Engine;
class HealthMonitor;
class MainWindow;
class StateCounter;
struct JobEvent;

// The tray icon: idle, busy or problem (with the counts in its tooltip), a menu to show the window, enqueue,
// pause and quit, and a notification when jobs become poison. Works without a tray too (then it only keeps its
// state), so the window can ask whether closing may leave the runner in the tray. Main thread only.
class TrayController final : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Busy, Problem };
    static constexpr int kNotifyDelayMs = 1500; // poison arriving together is announced together

    TrayController(MainWindow &window, Engine &engine, StateCounter &counts, HealthMonitor &health,
                   QObject *parent = nullptr);
    ~TrayController() override;

    bool isAvailable() const;
    State state() const { return m_state; }
    QString toolTip() const { return m_toolTip; }
    // The last poison notification (title and text), whether or not a tray could show it.
    QString lastNotification() const { return m_lastNotification; }

Q_SIGNALS:
    void quitRequested();
    void notified(const QString &title, const QString &text);

private:
    void update();
    void onJobsChanged(const QList<jobdeck::JobEvent> &events);
    void onCountsChanged();
    void notifyPoison();
    void toggleWindow();

    MainWindow &m_window;
    Engine &m_engine;
    StateCounter &m_counts;
    HealthMonitor &m_health;
    QSystemTrayIcon *m_icon = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_showAction = nullptr;
    QAction *m_pauseAction = nullptr;
    State m_state = State::Idle;
    QString m_toolTip;
    QString m_lastNotification;
    QTimer m_notify;
    QList<qint64> m_newPoison;  // ids from this runner's events
    QString m_firstPoisonError;
    qint64 m_lastDead = -1;     // for poison reported by other processes, seen only in the counts
};

} // namespace jobdeck
