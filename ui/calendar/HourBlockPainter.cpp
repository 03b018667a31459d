#include "HourBlockPainter.h"

#include <QPainter>
#include <QPainterPath>

namespace jobdeck {

void HourBlockPainter::paint(QPainter &p, const Block &block, const QPalette &pal, const QFont &font)
{
    const QColor base = pal.color(QPalette::Base), text = pal.color(QPalette::Text);
    const auto mix = [&](double t) {
        return QColor::fromRgbF(float(base.redF() + (text.redF() - base.redF()) * t),
                                float(base.greenF() + (text.greenF() - base.greenF()) * t),
                                float(base.blueF() + (text.blueF() - base.blueF()) * t));
    };
    const bool fold = block.fold;
    const QRectF r = QRectF(block.rect).adjusted(0.5, 0.5, -0.5, -0.5);
    QPainterPath path;
    path.addRoundedRect(r, 4, 4);
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    // A raised, neutral tile with an edge: it reads as something to click, unlike the tinted chips of runs.
    p.fillPath(path, mix(fold ? 0.04 : 0.08));
    p.setPen(QPen(mix(0.28), 1));
    p.drawPath(path);
    p.setClipPath(path);
    p.fillRect(QRectF(r.left(), r.top(), 3.5, r.height()), block.accent);
    p.setClipping(false);

    QFont bold = font;
    bold.setPointSizeF(bold.pointSizeF() * 0.9);
    bold.setBold(true);
    QFont normal = bold;
    normal.setBold(false);
    const QRect inner = block.rect.adjusted(9, 0, -8, 0);
    const QString action = fold ? QStringLiteral("Fold ▴") : QStringLiteral("▾");
    const int actionWidth = QFontMetrics(normal).horizontalAdvance(action);
    p.setFont(normal);
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(inner, Qt::AlignVCenter | Qt::AlignRight | Qt::TextSingleLine, action);
    // The text sits on one line at the top of tall blocks, where the eye looks for the hour's first entry.
    QRect line = inner.adjusted(0, 0, -actionWidth - 6, 0);
    if (line.height() > 22)
        line.setHeight(20);
    p.setFont(bold);
    p.setPen(text);
    const QString count = fold ? QStringLiteral("%1, %2:00–%2:59").arg(block.count).arg(block.hour, 2, 10, QLatin1Char('0'))
                               : block.count;
    const QString shown = QFontMetrics(bold).elidedText(count, Qt::ElideRight, line.width());
    p.drawText(line, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, shown);
    const int used = QFontMetrics(bold).horizontalAdvance(shown) + 8;
    // Only where a few names fit: a name cut to its first letters is noise (the tooltip has them all).
    if (line.width() - used >= 80 && !block.detail.isEmpty()) {
        p.setFont(normal);
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(line.adjusted(used, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine,
                   QFontMetrics(normal).elidedText(block.detail, Qt::ElideRight, line.width() - used));
    }
    p.restore();
}

} // namespace jobdeck
