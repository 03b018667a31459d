#pragma once

#include <QWidget>
#include <functional>
#include <optional>

class QAction;
class QLabel;
class QSortFilterProxyModel;

namespace jobdeck {

struct Console;
struct JobBatchRecord;
class BatchJobsModel;
class BatchRowsModel;
class JobTableView;
class PageHeader;

// The batches of the database, newest first and live: how far each is (jobs ended of all, succeeded, dead,
// cancelled) and its completion job. Below, the selected batch's jobs. Commands: Cancel batch (through the engine,
// which stops its jobs running here at once), Completion job details, and job details from the list below.
// Objects for tests: batchesTable, batchJobsTable, batchJobsTitle, and the actions cancelBatchAction,
// completionDetailsAction. Main thread only.
class BatchesPage final : public QWidget {
    Q_OBJECT
public:
    BatchesPage(Console &console, QWidget *parent = nullptr);

    BatchRowsModel *model() const { return m_model; }
    BatchJobsModel *jobsModel() const { return m_jobs; }
    JobTableView *table() const { return m_table; }
    JobTableView *jobsTable() const { return m_jobsTable; }
    bool selectBatch(qint64 id);
    std::optional<JobBatchRecord> selectedBatch() const;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void cancelSelected();
    void updateActions();
    void updateSubtitle();
    void updateJobsTitle();

    Console &m_console;
    PageHeader *m_header = nullptr;
    BatchRowsModel *m_model = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
    JobTableView *m_table = nullptr;
    BatchJobsModel *m_jobs = nullptr;
    QLabel *m_jobsTitle = nullptr;
    JobTableView *m_jobsTable = nullptr;
    QAction *m_cancel = nullptr;
    QAction *m_completion = nullptr;
    QAction *m_jobDetails = nullptr;
};

} // namespace jobdeck
