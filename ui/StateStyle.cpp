#include "StateStyle.h"

#include "model/Pipeline.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace jobdeck {

QColor StateStyle::color(PipelineState state, const QPalette &palette)
{
    switch (state) {
    case PipelineState::Running:
        return color(JobState::Running, palette);
    case PipelineState::Compensating:
        return color(JobState::Failed, palette);
    case PipelineState::Succeeded:
        return color(JobState::Succeeded, palette);
    case PipelineState::Failed:
        break;
    }
    return color(JobState::Dead, palette);
}

bool StateStyle::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor StateStyle::color(JobState state, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (state) {
    case JobState::Running:
        return dark ? QColor(0x6c, 0xa8, 0xff) : QColor(0x1d, 0x5f, 0xc9);
    case JobState::Succeeded:
        return dark ? QColor(0x5c, 0xc9, 0x72) : QColor(0x1a, 0x7f, 0x37);
    case JobState::Failed: // waits for a retry: a warning, not yet final
        return dark ? QColor(0xf2, 0x9a, 0x4a) : QColor(0xb5, 0x4a, 0x08);
    case JobState::Dead:
        return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc0, 0x1f, 0x1f);
    case JobState::Scheduled:
        return dark ? QColor(0xb9, 0x9c, 0xf7) : QColor(0x6f, 0x42, 0xc1);
    case JobState::Waiting: // for its parent jobs
        return dark ? QColor(0x4f, 0xc1, 0xc9) : QColor(0x0f, 0x76, 0x7d);
    case JobState::Cancelled:
        return palette.color(QPalette::Disabled, QPalette::Text);
    case JobState::Queued:
        break;
    }
    return palette.color(QPalette::Text);
}

QIcon StateStyle::icon(JobState state, const QPalette &palette)
{
    // Icons are requested for every visible cell on every repaint; a handful of pixmaps serve them all.
    static QHash<quint64, QIcon> cache;
    const QColor c = color(state, palette);
    const quint64 key = (quint64(c.rgba()) << 8) | quint64(static_cast<int>(state));
    const auto it = cache.constFind(key);
    if (it != cache.constEnd())
        return *it;

    QIcon icon;
    for (const int size : {12, 16, 24, 32}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        const qreal d = size * 0.55;
        const QRectF dot((size - d) / 2, (size - d) / 2, d, d);
        if (state == JobState::Queued || state == JobState::Scheduled || state == JobState::Waiting) {
            // Waiting jobs get a ring: present, but not doing anything yet.
            p.setPen(QPen(c, std::max(1.0, size / 10.0)));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(dot.adjusted(0.5, 0.5, -0.5, -0.5));
        } else {
            p.setPen(Qt::NoPen);
            p.setBrush(c);
            p.drawEllipse(dot);
        }
        p.end();
        icon.addPixmap(pm);
    }
    cache.insert(key, icon);
    return icon;
}

QString StateStyle::label(JobState state)
{
    QString name = stateName(state);
    if (!name.isEmpty())
        name[0] = name[0].toUpper();
    return name;
}

} // namespace jobdeck
