#include "JobPalette.h"

#include "CalendarView.h"

#include <QMimeData>

namespace jobdeck {

namespace {
constexpr int kPayloadRole = Qt::UserRole + 1;
}

JobPalette::JobPalette(QWidget *parent) : QListWidget(parent)
{
    setObjectName(QStringLiteral("palette"));
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setToolTip(tr("Drag onto a day or a time to schedule it once"));
}

void JobPalette::setItems(const QStringList &definitions, const QStringList &kinds)
{
    clear();
    const auto header = [this](const QString &text) {
        auto *item = new QListWidgetItem(text, this);
        item->setFlags(Qt::NoItemFlags);
        QFont f = font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 0.85);
        item->setFont(f);
        item->setForeground(palette().color(QPalette::PlaceholderText));
    };
    const auto entry = [this](const QString &text, const QString &payload) {
        auto *item = new QListWidgetItem(text, this);
        item->setData(kPayloadRole, payload);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
    };
    header(tr("JOB DEFINITIONS"));
    if (definitions.isEmpty()) {
        auto *none = new QListWidgetItem(tr("  none (no jobs folder)"), this);
        none->setFlags(Qt::NoItemFlags);
    }
    for (const QString &d : definitions)
        entry(QStringLiteral("  ") + d, QStringLiteral("definition:") + d);
    header(tr("JOB KINDS"));
    for (const QString &k : kinds)
        entry(QStringLiteral("  ") + k, QStringLiteral("kind:") + k);
}

QStringList JobPalette::mimeTypes() const
{
    return {CalendarView::kPaletteMimeType};
}

QMimeData *JobPalette::mimeData(const QList<QListWidgetItem *> &items) const
{
    if (items.isEmpty() || !items.front()->data(kPayloadRole).isValid())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setData(CalendarView::kPaletteMimeType, items.front()->data(kPayloadRole).toString().toUtf8());
    return mime;
}

} // namespace jobdeck
