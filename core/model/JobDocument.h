#pragma once

#include "model/JobRecord.h"

#include <QJsonObject>

namespace jobdeck {

class StoreReader;

// The whole of one job as `jobdeck show --json` prints it and a callback delivers it: the job, its attempts,
// the tail of its log and its callback deliveries. Reads through `reader`, on its thread; throws StoreError.
namespace JobDocument {
constexpr int kLogLines = 50;
QJsonObject read(StoreReader &reader, const JobRecord &job);
} // namespace JobDocument

} // namespace jobdeck
