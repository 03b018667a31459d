#pragma once

#include "storage/Mutation.h"

#include <QJsonObject>
#include <functional>
#include <optional>

namespace jobdeck {

class HandlerRegistry;

// A pipeline as a user writes it (`jobdeck pipeline run FILE.json`):
//   {"name": "publish", "steps": [{"kind": "render", "payload": {...}, "compensate": {"kind": "unrender", ...}}, ...]}
// Each step, and each compensation, has the fields of a line of `enqueue --file` ("after" aside: a step runs after
// the one before it). A kind may name a jobs-folder definition: `definitions` makes its job (with its settings.job),
// and the step's other fields change it; it answers empty without an error for a name that is no definition. Reads
// it into `out`; returns an error message naming the step, or empty.
using DefinitionJobs = std::function<std::optional<JobSpec>(const QString &name, const QJsonObject &payload, QString *error)>;
QString readPipelineFile(const QJsonObject &object, const HandlerRegistry &handlers, qint64 nowMs, StartPipeline &out,
                         const DefinitionJobs &definitions = {});

} // namespace jobdeck
