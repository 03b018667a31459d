#pragma once

#include <QIcon>
#include <QPalette>

namespace jobdeck {

// The window's icons: SVG files in resources/icons, drawn in the palette's text colour (dimmed when disabled,
// in the highlighted-text colour when selected) so they suit light and dark themes alike and need no icon theme.
class Icons {
public:
    // `name` is the file name without ".svg": "pause", "history", …
    static QIcon get(const QString &name, const QPalette &palette);
    // The same drawing in one colour.
    static QIcon tinted(const QString &name, const QColor &color);
    // Drawings with colours of their own: the application, and the tray's idle / busy / problem states.
    static QIcon app();
    static QIcon fixed(const QString &name);
};

} // namespace jobdeck
