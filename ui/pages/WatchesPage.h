#pragma once

#include "storage/Mutation.h"
#include "watch/WatchSpec.h"

#include <functional>

#include <QWidget>

class QAction;
class QSortFilterProxyModel;
class QTreeWidget;
class QLabel;

namespace jobdeck {

struct Console;
class JobTableView;
class PageHeader;
class WatchDialog;
class WatchRowsModel;

// Every watched folder of the database, live: its folder and file patterns, the job each file runs, what happens
// to a file after its job, whether it is watching, and how many files it enqueued, finished, failed and skipped.
// Below, the skipped files of the selected watch with their reasons. Commands: New watched folder, Pause, Resume,
// Remove, written through the engine. Objects for tests: watchesTable, watchSkips, and the actions
// newWatchAction, pauseWatchAction, resumeWatchAction, removeWatchAction. Main thread only.
class WatchesPage final : public QWidget {
    Q_OBJECT
public:
    WatchesPage(Console &console, QWidget *parent = nullptr);

    WatchRowsModel *model() const { return m_model; }
    JobTableView *table() const { return m_table; }
    QTreeWidget *skips() const { return m_skips; }
    std::vector<WatchRecord> selectedWatches() const;
    bool selectWatch(const QString &name);
    // The dialog New watched folder opens, until it is closed.
    WatchDialog *openNewWatchDialog();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QAction *addCommand(const QString &objectName, const QString &text, const QString &icon, const QKeySequence &shortcut);
    void setPaused(bool paused);
    void removeSelected();
    void updateActions();
    void updateSubtitle();
    void showSkips();
    void write(WriteBatch batch, const QString &done);

    Console &m_console;
    PageHeader *m_header = nullptr;
    WatchRowsModel *m_model = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
    JobTableView *m_table = nullptr;
    QLabel *m_skipsTitle = nullptr;
    QTreeWidget *m_skips = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_resume = nullptr;
    QAction *m_remove = nullptr;
};

} // namespace jobdeck
