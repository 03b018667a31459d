#pragma once

#include "model/JobRecord.h"

#include <QList>
#include <QString>
#include <QVariant>

class QFontMetrics;

namespace jobdeck {

// The columns a job table can show. Every job model shows a list of these, so a column reads and looks the same
// on every page.
enum class JobColumn {
    Id, Kind, Queue, State, Progress, Attempts, Updated, Error,
    Priority, Due, Created, Finished, Duration, Elapsed, Eta, Worker,
};

// How a job's columns are displayed: header titles, text, tooltips, colours and alignment. Stateless.
class JobColumns {
public:
    // What is live about a running job, fresher than the stored record.
    struct Live {
        double progress = 0;
        QString progressText;
        qint64 nowMs = 0;
    };

    static QString title(JobColumn column);
    // The value for a Qt item role (display, tooltip, foreground, decoration, alignment); invalid if none.
    static QVariant data(const JobRecord &job, JobColumn column, int role, const Live &live);
    static int alignment(JobColumn column);
    // A column header's value for a Qt item role (title, alignment); invalid if none.
    static QVariant headerData(JobColumn column, int role);
    // A width that fits the column's usual content in `font`'s metrics.
    static int width(JobColumn column, const QFontMetrics &metrics);

    // "14:02:11" today, "3 Nov 14:02" before.
    static QString shortTime(qint64 ms);
    // Time left for a running job at `progress` after `elapsedMs`, or empty while it cannot be told.
    static QString eta(double progress, qint64 elapsedMs);
};

} // namespace jobdeck
