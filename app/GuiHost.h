#pragma once

namespace jobdeck {

class Engine;

// Shows the main window over a running engine; returns the exit code when the window closes.
int runWindow(Engine &engine);

} // namespace jobdeck
