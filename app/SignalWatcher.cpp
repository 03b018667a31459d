#include "SignalWatcher.h"

#include "model/Duration.h"
#include "runner/Engine.h"

#include <QSocketNotifier>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace jobdeck {

namespace {
int s_fds[2] = {-1, -1};

void onSignal(int number)
{
    const char byte = char(number);
    [[maybe_unused]] const auto written = ::write(s_fds[0], &byte, 1);
}
} // namespace

SignalWatcher::SignalWatcher(QObject *parent) : QObject(parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_fds) != 0)
        return;
    m_notifier = new QSocketNotifier(s_fds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        if (::read(s_fds[1], &byte, 1) == 1)
            Q_EMIT stopRequested(int(byte));
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

SignalWatcher::~SignalWatcher()
{
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
}

void SignalWatcher::stopOnSignal(Engine &engine, Announce announce)
{
    connect(this, &SignalWatcher::stopRequested, &engine, [&engine, announce = std::move(announce)](int number) {
        if (engine.status() == Engine::Status::Stopping) {
            // A second signal: the user does not want to wait for running jobs.
            announce(QStringLiteral("stopping now; running jobs resume from their checkpoints on the next start"), true);
            engine.stopAndWait();
            return;
        }
        announce(QStringLiteral("received %1: stopping (running jobs get up to %2 to finish)")
                     .arg(number == SIGINT ? QStringLiteral("SIGINT") : QStringLiteral("SIGTERM"),
                          formatDuration(engine.options().stoppingWaitMs)),
                 false);
        engine.stop();
    });
}

} // namespace jobdeck
