#pragma once

#include <QIcon>
#include <QPalette>

class QAction;
class QObject;

namespace jobdeck {

// The window's icons: SVG files in resources/icons, drawn in the palette's text colour (dimmed when disabled,
// in the highlighted-text colour when selected) so they suit light and dark themes alike and need no icon theme.
class Icons {
public:
    // `name` is the file name without ".svg": "pause", "history", …
    static QIcon get(const QString &name, const QPalette &palette);
    // Gives `action` the icon `name` in `palette`'s colours and remembers the name, so refresh() can repaint it.
    static void set(QAction *action, const QString &name, const QPalette &palette);
    // Repaints the icons set() gave to the actions among `owner`'s children in `palette`'s colours (on a switch
    // between light and dark).
    static void refresh(const QObject &owner, const QPalette &palette);
    // The same drawing in one colour.
    static QIcon tinted(const QString &name, const QColor &color);
    // Drawings with colours of their own: the application, and the tray's idle / busy / problem states.
    static QIcon app();
    static QIcon fixed(const QString &name);
};

} // namespace jobdeck
