#include "CalendarLegend.h"

#include "CalendarStyle.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>

namespace jobdeck {

namespace {

// A filled or hollow dot in a colour, for the legend.
QPixmap dot(const QColor &color, bool hollow)
{
    QPixmap pm(12, 12);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(color, 1.5));
    p.setBrush(hollow ? QBrush(Qt::NoBrush) : QBrush(color));
    p.drawRoundedRect(QRectF(1.5, 1.5, 9, 9), 2.5, 2.5);
    return pm;
}

} // namespace

CalendarLegend::CalendarLegend(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("calendarLegend"));
    // A narrow window cuts the legend short rather than being held wide by it.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    QWidget *legend = this;
    auto *row = new QHBoxLayout(legend);
    row->setContentsMargins(0, 4, 0, 0);
    row->setSpacing(6);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    const auto add = [&](const QPixmap &icon, const QString &text) {
        auto *i = new QLabel(legend);
        i->setPixmap(icon);
        auto *t = new QLabel(text, legend);
        t->setFont(small);
        t->setForegroundRole(QPalette::PlaceholderText);
        row->addWidget(i);
        row->addWidget(t);
        row->addSpacing(8);
    };
    for (const CalendarStyle::Key &k : CalendarStyle::legend(palette()))
        add(dot(k.color, k.hollow), k.label);
    add(dot(CalendarStyle::daylightColor(palette()), false), tr("Clocks change"));
    QPixmap hatch(12, 12);
    hatch.fill(Qt::transparent);
    {
        QPainter p(&hatch);
        QColor c = CalendarStyle::excludedColor(palette());
        p.fillRect(hatch.rect(), QBrush(c, Qt::BDiagPattern));
        p.setPen(c);
        p.drawRect(hatch.rect().adjusted(0, 0, -1, -1));
    }
    add(hatch, tr("Excluded day"));
    row->addStretch();
}

} // namespace jobdeck
