#pragma once

#include <QListWidget>

namespace jobdeck {

// Things to drag onto the calendar: job definitions of the jobs folder (scheduled once where dropped) and job
// kinds (a one-off job there). Each item carries "definition:NAME" or "kind:NAME" as CalendarView's palette type.
class JobPalette final : public QListWidget {
    Q_OBJECT
public:
    explicit JobPalette(QWidget *parent = nullptr);

    void setItems(const QStringList &definitions, const QStringList &kinds);

protected:
    QMimeData *mimeData(const QList<QListWidgetItem *> &items) const override;
    QStringList mimeTypes() const override;
};

} // namespace jobdeck
