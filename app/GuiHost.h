#pragma once

#include "CommandLine.h"
#include "api/ApiService.h"
#include "runner/Engine.h"

namespace jobdeck {

class HandlerRegistry;

// What the command line said for the window. `workersGiven` / `durabilityGiven`: the user's Settings do not
// override options given on the command line.
struct WindowOptions {
    GlobalOptions globals;
    EngineOptions engine;
    bool workersGiven = false;
    bool durabilityGiven = false;
    QString jobsDir; // --jobs-dir: remembered for the database opened first
    std::optional<ApiOptions> api; // --http: the window's runner serves the HTTP API too
};

// Runs the window over its engine (the runner, or a console with --no-runner) until it is closed, or quit from
// the tray. "Open database…" ends the session and starts one on the chosen file. Returns the exit code.
int runWindow(WindowOptions options, const HandlerRegistry &handlers);

} // namespace jobdeck
