#pragma once

#include <QStringList>

namespace jobdeck {

// `jobdeck api token`: prints the HTTP API's bearer token for the database (made now if the runner has not made
// it yet), for scripts and clients to send as "Authorization: Bearer TOKEN".
int runApi(const QStringList &arguments);

} // namespace jobdeck
