#pragma once

#include "JobListPage.h"

class QLabel;
class QPushButton;

namespace jobdeck {

class JsonEditor;

// Dead jobs: out of attempts or failed for good. Their last error and attempts; an inspector to edit a job's
// payload (checked as typed) and requeue it; requeue the selected ones or all, delete, export to JSON.
class PoisonPage final : public JobListPage {
    Q_OBJECT
public:
    explicit PoisonPage(Console &console, QWidget *parent = nullptr);

    JsonEditor *payloadEditor() const { return m_payload; }
    // Where Export writes, asked for with a file dialog unless set (tests set it).
    void setExportPathChooser(std::function<QString()> chooser) { m_choosePath = std::move(chooser); }

protected:
    void selectionChanged() override;

private:
    void showInspected();
    void requeueEdited();
    void exportSelected();
    void updateSubtitle();

    QWidget *m_inspector = nullptr;
    QLabel *m_inspectedTitle = nullptr;
    QLabel *m_inspectedError = nullptr;
    QLabel *m_inspectedFacts = nullptr;
    JsonEditor *m_payload = nullptr;
    QWidget *m_payloadArea = nullptr;
    QPushButton *m_requeueEdited = nullptr;
    qint64 m_inspectedId = 0;
    std::function<QString()> m_choosePath;
};

} // namespace jobdeck
