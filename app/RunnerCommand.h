#pragma once

#include "api/ApiService.h"

#include "CommandLine.h"
#include "runner/Engine.h"

#include <QStringList>
#include <variant>

namespace jobdeck {

class HandlerRegistry;

// The options of `jobdeck [--no-gui] [options]`, checked.
struct RunnerArguments {
    GlobalOptions globals;
    EngineOptions engine;
    bool workersGiven = false;
    bool durabilityGiven = false;
    QString jobsDir;
    bool drain = false;
    bool withWindow = false;
    std::optional<ApiOptions> api; // --http
};

// Parses and checks the runner's options, without opening anything: an exit code when they are bad (the reason
// printed) or were all there was to do (--help, --version), otherwise the arguments to run with.
std::variant<int, RunnerArguments> parseRunnerArguments(const QStringList &arguments, bool withWindow);

// `jobdeck [--no-gui] [options]`: the runner, with the window or headless.
int runRunner(const QStringList &arguments, const HandlerRegistry &handlers, bool withWindow);

} // namespace jobdeck
