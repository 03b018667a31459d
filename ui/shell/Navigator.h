#pragma once

#include <QHash>
#include <QObject>
#include <QStringList>

class QListWidget;
class QStackedWidget;
class QWidget;

namespace jobdeck {

// The window's pages: a sidebar list and the page area it switches. Another part of the window adds a page with
// one call (addPage); the first nine pages open with Ctrl+1 … Ctrl+9 in the order they were added. Pages may show
// a badge (a count) beside their name. Main thread only.
class Navigator final : public QObject {
    Q_OBJECT
public:
    enum class BadgeTone { Quiet, Accent, Warning, Danger };

    // The sidebar list and the page stack are created as children of the given widgets; lay them out as you like.
    Navigator(QWidget *sidebarParent, QWidget *pageParent);

    // `iconName` names an SVG in resources/icons. Returns the page's position.
    int addPage(const QString &id, const QString &title, const QString &iconName, QWidget *page);
    void setBadge(const QString &id, const QString &text, BadgeTone tone = BadgeTone::Quiet);
    QString badge(const QString &id) const;
    void showPage(const QString &id);
    QString currentId() const;
    QWidget *page(const QString &id) const;
    QStringList pageIds() const { return m_ids; }

    QListWidget *sidebar() const { return m_list; }
    QStackedWidget *pages() const { return m_stack; }

Q_SIGNALS:
    void currentChanged(const QString &id);

private:
    void refreshIcons();

    QListWidget *m_list;
    QStackedWidget *m_stack;
    QStringList m_ids;
    QHash<QString, QString> m_iconNames;
};

} // namespace jobdeck
