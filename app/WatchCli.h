#pragma once

#include "CommandLine.h"
#include "storage/WatchReader.h"

#include <memory>
#include <optional>

namespace jobdeck {

class HandlerRegistry;

// The `watch` subcommands and `files`, and what they share.
namespace WatchCli {

struct Session {
    GlobalOptions globals;
    std::unique_ptr<JobStore> store;
    std::unique_ptr<WatchReader> reader;
};

bool parse(QCommandLineParser &parser, const QStringList &arguments, qsizetype maxWords, Session &session);
bool open(Session &session);
// The stored watch (opening the session first if it is not open), or nothing after printing why not.
std::optional<WatchRecord> find(Session &session, const QString &name);

int add(const QStringList &arguments, const HandlerRegistry &handlers);
int list(const QStringList &arguments);
int show(const QStringList &arguments);
int remove(const QStringList &arguments);
int setPaused(const QStringList &arguments, bool paused);
int files(const QStringList &arguments);

} // namespace WatchCli

} // namespace jobdeck
