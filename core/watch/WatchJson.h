#pragma once

#include "WatchSpec.h"

#include <QJsonObject>

namespace jobdeck {

// The stable JSON shape of watches, skipped files and file lineage for `--json` output (documented in the
// README). Keys are snake_case; times are ISO 8601 UTC strings.
namespace WatchJson {
QJsonObject watch(const WatchRecord &watch);
QJsonObject skip(const WatchSkip &skip);
QJsonObject file(const WatchedFile &file);
} // namespace WatchJson

} // namespace jobdeck
