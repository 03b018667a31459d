#pragma once

#include <QObject>
#include <QStringList>
#include <optional>

namespace jobdeck {

class Engine;
class StoreReader;

// The database's callback allow list as the API's routes check URLs against it: read once, and again after any
// change of settings (this process's or another's), not once per request. Main thread only.
class CallbackHosts final : public QObject {
    Q_OBJECT
public:
    CallbackHosts(Engine &engine, StoreReader &reader, QObject *parent = nullptr);

    // The hosts besides loopback that callbacks may go to. Empty when the list cannot be read: loopback only, and
    // the write that follows reports the database's problem.
    QStringList hosts();

private:
    StoreReader &m_reader;
    std::optional<QStringList> m_hosts;
};

} // namespace jobdeck
