#include "Navigator.h"

#include "Icons.h"
#include "SidebarDelegate.h"

#include <QEvent>
#include <QListWidget>
#include <QShortcut>
#include <QStackedWidget>

namespace jobdeck {

namespace {

// Repaints the sidebar's icons when the palette changes (a switch between light and dark).
class PaletteWatcher final : public QObject {
public:
    PaletteWatcher(QObject *parent, std::function<void()> onChange) : QObject(parent), m_onChange(std::move(onChange)) {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::PaletteChange)
            m_onChange();
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_onChange;
};

} // namespace

Navigator::Navigator(QWidget *sidebarParent, QWidget *pageParent) : QObject(sidebarParent)
{
    m_list = new QListWidget(sidebarParent);
    m_list->setObjectName(QStringLiteral("sidebar"));
    m_list->setItemDelegate(new SidebarDelegate(m_list));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_list->setMouseTracking(true);
    m_list->setUniformItemSizes(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->viewport()->setAutoFillBackground(false);
    m_list->setAutoFillBackground(false);
    m_stack = new QStackedWidget(pageParent);
    m_stack->setObjectName(QStringLiteral("pages"));
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || row >= m_ids.size())
            return;
        m_stack->setCurrentIndex(row);
        Q_EMIT currentChanged(m_ids[row]);
    });
    m_list->installEventFilter(new PaletteWatcher(this, [this] { refreshIcons(); }));
}

int Navigator::addPage(const QString &id, const QString &title, const QString &iconName, QWidget *page)
{
    Q_ASSERT(!m_ids.contains(id));
    const int position = int(m_ids.size());
    m_ids << id;
    m_iconNames.insert(id, iconName);
    page->setObjectName(page->objectName().isEmpty() ? id + QStringLiteral("Page") : page->objectName());
    m_stack->addWidget(page);
    auto *item = new QListWidgetItem(Icons::get(iconName, m_list->palette()), title);
    item->setData(Qt::UserRole, id);
    // Ctrl+1 to Ctrl+9, then Ctrl+0 for the tenth page, as the digits lie on the keyboard.
    const int digit = (position + 1) % 10;
    item->setToolTip(position < 10 ? tr("%1 (Ctrl+%2)").arg(title).arg(digit) : title);
    m_list->addItem(item);
    if (position < 10) {
        // Window-wide: whichever widget of the window has the focus.
        auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + digit)), m_list);
        shortcut->setContext(Qt::WindowShortcut);
        connect(shortcut, &QShortcut::activated, this, [this, id] { showPage(id); });
    }
    if (m_list->currentRow() < 0)
        m_list->setCurrentRow(0);
    return position;
}

void Navigator::setBadge(const QString &id, const QString &text, BadgeTone tone)
{
    const int row = int(m_ids.indexOf(id));
    if (row < 0)
        return;
    QListWidgetItem *item = m_list->item(row);
    item->setData(SidebarDelegate::BadgeRole, text);
    item->setData(SidebarDelegate::BadgeToneRole, static_cast<int>(tone));
}

QString Navigator::badge(const QString &id) const
{
    const int row = int(m_ids.indexOf(id));
    return row < 0 ? QString() : m_list->item(row)->data(SidebarDelegate::BadgeRole).toString();
}

void Navigator::showPage(const QString &id)
{
    const int row = int(m_ids.indexOf(id));
    if (row >= 0)
        m_list->setCurrentRow(row);
}

QString Navigator::currentId() const
{
    const int row = m_list->currentRow();
    return row >= 0 && row < m_ids.size() ? m_ids[row] : QString();
}

QWidget *Navigator::page(const QString &id) const
{
    const int row = int(m_ids.indexOf(id));
    return row < 0 ? nullptr : m_stack->widget(row);
}

void Navigator::refreshIcons()
{
    for (int row = 0; row < m_ids.size(); ++row)
        m_list->item(row)->setIcon(Icons::get(m_iconNames.value(m_ids[row]), m_list->palette()));
}

} // namespace jobdeck
