#pragma once

#include "model/JobState.h"

#include <QColor>
#include <QIcon>
#include <QPalette>

namespace jobdeck {

enum class PipelineState;

// How a job state looks wherever it is shown: one colour per state, tuned for both light and dark palettes,
// so the table, the dialogs and later the dashboards agree.
class StateStyle {
public:
    // A colour readable on the palette's base colour.
    static QColor color(JobState state, const QPalette &palette);
    // A pipeline's colour: a running one as a running job, one undoing its steps as a job awaiting a retry (a
    // warning), an ended one as a succeeded or dead job.
    static QColor color(PipelineState state, const QPalette &palette);
    // A small filled dot in that colour.
    static QIcon icon(JobState state, const QPalette &palette);
    // "Running", "Succeeded"... for labels; the table keeps the lower-case names the command line prints.
    static QString label(JobState state);
    // Whether the palette's base colour is dark: colours drawn on it are tuned for it.
    static bool isDark(const QPalette &palette);
};

} // namespace jobdeck
