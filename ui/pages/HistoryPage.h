#pragma once

#include "storage/HistoryQuery.h"
#include "storage/JobFilter.h"

#include <QTimer>
#include <QVariantMap>
#include <QWidget>

class QAction;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QMenu;
class QPushButton;

namespace jobdeck {

struct Console;
class HistoryModel;
class JobTableView;
class PageHeader;

// Every finished job, newest first (or sorted by id or oldest first from the column headers), filtered by state,
// kind, queue and finishing time, and searched in payloads, errors and log lines. Pages are read as the table
// scrolls, on the read thread. Details, requeue, delete and export for the selected jobs. The rows follow the jobs
// live while the user is at the top of a newest-first order; otherwise new jobs wait behind a button so the rows
// under the user's eyes stay put, and only shown jobs that changed are updated where they are.
class HistoryPage final : public QWidget {
    Q_OBJECT
public:
    explicit HistoryPage(Console &console, QWidget *parent = nullptr);

    HistoryModel *model() const { return m_model; }
    JobTableView *table() const { return m_table; }
    QLineEdit *searchField() const { return m_search; }
    // Applies the filters now instead of after the typing pause (tests, and Enter in the search field).
    void applyFilters();
    // Lists `states` only (the Overview's tiles open the page so).
    void showStates(const QList<JobState> &states);
    // The filters and the order that outlive a session (the window remembers them); the search words do not.
    QVariantMap viewState() const;
    void restoreViewState(const QVariantMap &state);
    void setExportPathChooser(std::function<QString()> chooser) { m_choosePath = std::move(chooser); }

protected:
    void showEvent(QShowEvent *event) override;

private:
    HistoryQuery queryFromFilters() const;
    void fillChoices();
    void showChoices(const std::vector<JobCount> &counts);
    void updateStatus();
    // The rows shown are narrowed by a filter or a search (the words "match" and "change the filters" apply).
    bool isFiltered() const;
    void updateEmptyText();
    // Live: visible, scrolled to the top, newest first, where new jobs come in above without moving what is seen.
    bool followsLive() const;
    void catchUp();
    void updateActions();
    void onHeaderClicked(int section);

    Console &m_console;
    PageHeader *m_header;
    HistoryModel *m_model;
    JobTableView *m_table;
    QLineEdit *m_search;
    QComboBox *m_state;
    QComboBox *m_kind;
    QComboBox *m_queue;
    QComboBox *m_time;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QPushButton *m_newJobs;
    QLabel *m_status;
    QMenu *m_menu;
    QAction *m_requeue = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_export = nullptr;
    QAction *m_details = nullptr;
    QTimer m_typing;
    QTimer m_catchUp; // coalesces changes into one read
    bool m_atTop = true;
    HistoryQuery::Order m_order = HistoryQuery::Order::FinishedNewest;
    std::function<QString()> m_choosePath;
    bool m_choicesFilled = false;
};

} // namespace jobdeck
