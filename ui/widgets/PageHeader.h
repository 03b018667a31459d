#pragma once

#include <QWidget>

class QAction;
class QHBoxLayout;
class QLabel;

namespace jobdeck {

// A page's title, a line saying what it shows, and the page's main commands at the right.
class PageHeader final : public QWidget {
    Q_OBJECT
public:
    PageHeader(const QString &title, const QString &subtitle, QWidget *parent = nullptr);

    void setSubtitle(const QString &text);
    // A button for `action` (text beside its icon), left of those added before.
    void addAction(QAction *action);
    void addWidget(QWidget *widget);

private:
    QLabel *m_title;
    QLabel *m_subtitle;
    QHBoxLayout *m_tools;
};

} // namespace jobdeck
