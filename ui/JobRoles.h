#pragma once

#include <Qt>

namespace jobdeck {

// Item data roles of the job models, shared by every view of jobs (the table, later the dashboards) so a view
// can read typed values instead of parsing display text. Any column of a row answers them.
namespace JobRoles {
enum : int {
    JobIdRole = Qt::UserRole + 1, // qint64
    StateRole,                    // int: static_cast<int>(JobState)
    ProgressRole,                 // double 0..1: live while running, else as last stored
    ProgressTextRole,             // QString: the handler's progress text
    KindRole,                     // QString
    QueueRole,                    // QString
};
} // namespace JobRoles

} // namespace jobdeck
