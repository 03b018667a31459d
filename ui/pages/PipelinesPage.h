#pragma once

#include <QWidget>
#include <optional>

class QAction;
class QLabel;
class QSortFilterProxyModel;

namespace jobdeck {

struct Console;
struct PipelineRecord;
class JobTableView;
class PageHeader;
class PipelineChain;
class PipelineDetail;
class PipelineRowsModel;

// The pipelines of the database, newest first and live: where each stands (its step, or the step being undone) and
// how it ended. Beside them, the selected pipeline as a chain of its steps with their compensations indented under
// them, following the runner live. Commands: Step details (the job of the card selected in the chain; a double click
// on a card does the same). Objects for tests: pipelinesTable, pipelineChain, pipelineTitle, stepDetailsAction.
// Main thread only.
class PipelinesPage final : public QWidget {
    Q_OBJECT
public:
    PipelinesPage(Console &console, QWidget *parent = nullptr);

    PipelineRowsModel *model() const { return m_model; }
    PipelineDetail *detail() const { return m_detail; }
    JobTableView *table() const { return m_table; }
    PipelineChain *chain() const { return m_chain; }
    bool selectPipeline(qint64 id);
    std::optional<PipelineRecord> selectedPipeline() const;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void updateSubtitle();
    void updateTitle();

    Console &m_console;
    PageHeader *m_header = nullptr;
    PipelineRowsModel *m_model = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
    JobTableView *m_table = nullptr;
    PipelineDetail *m_detail = nullptr;
    QLabel *m_title = nullptr;
    PipelineChain *m_chain = nullptr;
    QAction *m_stepDetails = nullptr;
};

} // namespace jobdeck
