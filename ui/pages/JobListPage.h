#pragma once

#include "JobColumns.h"
#include "storage/JobFilter.h"

#include <QWidget>
#include <functional>

class QAction;
class QMenu;
class QSplitter;

namespace jobdeck {

struct Console;
class JobTableModel;
class JobTableView;
class PageHeader;

// A page that lists jobs of some states, live, newest first (the Running and Poison pages): a header with the
// page's commands, the table, a context menu with the same commands, and details on double-click or Enter.
class JobListPage : public QWidget {
    Q_OBJECT
public:
    JobListPage(Console &console, const QString &title, const QString &subtitle, const JobFilter &filter,
                const QList<JobColumn> &columns, QWidget *parent = nullptr);

    JobTableModel *model() const { return m_model; }
    JobTableView *table() const { return m_table; }
    PageHeader *header() const { return m_header; }
    QList<qint64> selectedIds() const;
    const JobRecord *currentJob() const; // the row with the focus, if any

protected:
    using Run = std::function<void(const QList<qint64> &ids)>;
    using Allowed = std::function<bool(const JobRecord &job)>;
    // A command on the selected jobs, in the header and the context menu, enabled while some selected job is
    // `allowed`; `shortcut` works while the table has the focus.
    QAction *addJobAction(const QString &objectName, const QString &text, const QString &icon, Run run,
                          Allowed allowed, const QKeySequence &shortcut = {});
    // A command not about the selection (in the header only), enabled while `enabled` says there is something to
    // act on (always, without it); call updateActions() when that may have changed.
    QAction *addPageAction(const QString &objectName, const QString &text, const QString &icon,
                           std::function<void()> run, std::function<bool()> enabled = {});
    // Shows `banner` between the header and the table, across the page.
    void addBanner(QWidget *banner);
    // Shows `panel` right of the table (the Poison page's inspector).
    void setSidePanel(QWidget *panel);
    virtual void selectionChanged();
    void updateActions();
    Console &m_console;

private:

    JobTableModel *m_model;
    JobTableView *m_table;
    PageHeader *m_header;
    QSplitter *m_splitter;
    QMenu *m_menu;
    struct Command {
        QAction *action;
        Allowed allowed;               // a command on the selected jobs
        std::function<bool()> enabled; // a page command; empty: always enabled
    };
    QList<Command> m_commands;
};

} // namespace jobdeck
