#include "CallbackHosts.h"

#include "callbacks/CallbackUrl.h"
#include "runner/Engine.h"
#include "storage/StoreError.h"
#include "storage/StoreReader.h"

namespace jobdeck {

CallbackHosts::CallbackHosts(Engine &engine, StoreReader &reader, QObject *parent) : QObject(parent), m_reader(reader)
{
    connect(&engine, &Engine::configChanged, this, [this] { m_hosts.reset(); });
}

QStringList CallbackHosts::hosts()
{
    try {
        if (!m_hosts)
            m_hosts = CallbackUrl::parseHosts(m_reader.setting(CallbackUrl::kAllowSetting, {}));
        return *m_hosts;
    } catch (const StoreError &) {
        return {};
    }
}

} // namespace jobdeck
