#pragma once

#include "api/ApiService.h"

#include <QObject>
#include <memory>
#include <optional>

namespace jobdeck {

class Engine;

// The window's HTTP API: the command line's --http when given, else the one Settings turns on, started, moved
// or stopped whenever the settings change. Main thread only.
class WindowApi final : public QObject {
    Q_OBJECT
public:
    WindowApi(Engine &engine, std::optional<ApiOptions> commandLine, QObject *parent = nullptr);
    ~WindowApi() override;

    // Serves what is wanted now. Returns a line for the status bar when that changed something, else empty.
    QString apply();
    bool isServing() const { return m_service != nullptr; }
    QString url() const;

private:
    std::optional<ApiOptions> wanted() const;

    Engine &m_engine;
    std::optional<ApiOptions> m_commandLine;
    std::unique_ptr<ApiService> m_service;
    QString m_serving; // the address the running service was asked for; empty: none
};

} // namespace jobdeck
