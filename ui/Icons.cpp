#include "Icons.h"

#include <QAction>
#include <QFile>
#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

namespace jobdeck {

namespace {

const char *const kNameProperty = "jobdeckIcon";
const int kSizes[] = {16, 20, 24, 32, 40, 48, 64};

QByteArray svgSource(const QString &name)
{
    static QHash<QString, QByteArray> s_sources;
    auto it = s_sources.find(name);
    if (it == s_sources.end()) {
        QFile file(QStringLiteral(":/icons/%1.svg").arg(name));
        it = s_sources.insert(name, file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray());
        if (it->isEmpty())
            qWarning("jobdeck: no icon named %s", qPrintable(name));
    }
    return *it;
}

void addRendering(QIcon &icon, const QByteArray &svg, QIcon::Mode mode)
{
    QSvgRenderer renderer(svg);
    for (const int size : kSizes) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        renderer.render(&p);
        p.end();
        icon.addPixmap(pm, mode);
    }
}

QByteArray inColour(QByteArray svg, const QColor &color)
{
    return svg.replace("currentColor", color.name(QColor::HexRgb).toLatin1());
}

} // namespace

QIcon Icons::get(const QString &name, const QPalette &palette)
{
    // Built once per name and palette: the window asks for the same icons on every theme change and repaint.
    static QHash<QString, QIcon> s_cache;
    const QColor normal = palette.color(QPalette::Active, QPalette::WindowText);
    const QColor disabled = palette.color(QPalette::Disabled, QPalette::WindowText);
    const QColor selected = palette.color(QPalette::Active, QPalette::HighlightedText);
    const QString key = name + normal.name() + disabled.name() + selected.name();
    const auto it = s_cache.constFind(key);
    if (it != s_cache.constEnd())
        return *it;
    const QByteArray svg = svgSource(name);
    QIcon icon;
    addRendering(icon, inColour(svg, normal), QIcon::Normal);
    addRendering(icon, inColour(svg, normal), QIcon::Active);
    addRendering(icon, inColour(svg, disabled), QIcon::Disabled);
    addRendering(icon, inColour(svg, selected), QIcon::Selected);
    s_cache.insert(key, icon);
    return icon;
}

QIcon Icons::tinted(const QString &name, const QColor &color)
{
    QIcon icon;
    addRendering(icon, inColour(svgSource(name), color), QIcon::Normal);
    return icon;
}

QIcon Icons::fixed(const QString &name)
{
    QIcon icon;
    addRendering(icon, svgSource(name), QIcon::Normal);
    return icon;
}

QIcon Icons::app()
{
    static const QIcon s_app = fixed(QStringLiteral("jobdeck"));
    return s_app;
}

void Icons::set(QAction *action, const QString &name, const QPalette &palette)
{
    action->setProperty(kNameProperty, name);
    action->setIcon(get(name, palette));
}

void Icons::refresh(const QObject &owner, const QPalette &palette)
{
    for (QAction *action : owner.findChildren<QAction *>()) {
        const QString name = action->property(kNameProperty).toString();
        if (!name.isEmpty())
            action->setIcon(get(name, palette));
    }
}

} // namespace jobdeck
