#pragma once

#include <QString>
#include <QTableView>

namespace jobdeck {

// A table of jobs that says what to do when there is nothing to show, instead of a bare grid.
class JobTableView final : public QTableView {
    Q_OBJECT
public:
    explicit JobTableView(QWidget *parent = nullptr);

    void setEmptyText(const QString &title, const QString &hint);
    QString emptyTitle() const { return m_emptyTitle; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_emptyTitle;
    QString m_emptyHint;
};

} // namespace jobdeck
