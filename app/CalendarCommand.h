#pragma once

#include <QStringList>

namespace jobdeck {

// `jobdeck calendar add NAME --dates LIST` and `jobdeck calendar list [--json]`: exclusion calendars.
int runCalendar(const QStringList &arguments);

} // namespace jobdeck
