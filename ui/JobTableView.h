#pragma once

#include <QString>
#include <QTableView>

namespace jobdeck {

// A table of jobs that says what to do when there is nothing to show, instead of a bare grid: an icon, a title
// and a short paragraph, centred and wrapped to the width there is (the icon left out when there is little room).
class JobTableView final : public QTableView {
    Q_OBJECT
public:
    explicit JobTableView(QWidget *parent = nullptr);

    // `hint` is one paragraph: it is wrapped to the width there is, so it carries no line breaks of its own.
    void setEmptyText(const QString &title, const QString &hint, const QString &icon = {});
    QString emptyTitle() const { return m_emptyTitle; }
    QString emptyHint() const { return m_emptyHint; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_emptyTitle;
    QString m_emptyHint;
    QString m_emptyIcon;
};

} // namespace jobdeck
