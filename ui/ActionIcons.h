#pragma once

#include <QIcon>
#include <QPalette>

namespace jobdeck {

// The toolbar's icons, drawn in the palette's text colour so they match any theme and need no icon theme or
// resource files (a bare desktop or a CI screen has neither).
class ActionIcons {
public:
    static QIcon newJob(const QPalette &palette);
    static QIcon cancel(const QPalette &palette);
    static QIcon pause(const QPalette &palette);
    static QIcon resume(const QPalette &palette);
    static QIcon refresh(const QPalette &palette);
};

} // namespace jobdeck
