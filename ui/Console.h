#pragma once

#include <functional>

namespace jobdeck {

class Engine;
class JobActions;
class JobDefinitions;
class JobsFolder;
class ReadThread;
class StateCounter;

// What every page of the window works with: the engine (the runner here, or the console over another process's
// runner), the thread for slow reads, the live counts, and the shared job commands; and, once the host gives them
// (MainWindow::setJobsFolder), the database's jobs folder and its definitions.
struct Console {
    Engine &engine;
    ReadThread &reads;
    StateCounter &counts;
    JobActions &actions;
    JobsFolder *jobsFolder = nullptr;
    const JobDefinitions *definitions = nullptr;
};

} // namespace jobdeck
