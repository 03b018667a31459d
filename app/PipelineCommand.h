#pragma once

#include <QStringList>

namespace jobdeck {

class HandlerRegistry;
class JobStore;
struct StartPipeline;

// `jobdeck pipeline run|list|show ...`: steps that run one after another, each passing its result to the next, with
// compensations that undo the steps that succeeded when a later one fails.
int runPipeline(const QStringList &arguments, const HandlerRegistry &handlers);

// Checks the callbacks of its jobs against the database's allow list, creates the pipeline and prints its id; the
// exit code. For `pipeline run` and `run NAME` of a jobs-folder pipeline.
int submitPipeline(const StartPipeline &pipeline, JobStore &store);

} // namespace jobdeck
