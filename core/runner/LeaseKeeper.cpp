#include "LeaseKeeper.h"

#include "storage/StoreReader.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSysInfo>
#include <cerrno>
#include <csignal>
#include <sys/types.h>

namespace jobdeck {

QString LeaseKeeper::hostName()
{
    return QSysInfo::machineHostName();
}

bool LeaseKeeper::processExists(qint64 pid)
{
    if (pid <= 0)
        return false;
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

QString LeaseKeeper::makeRunnerId()
{
    return QStringLiteral("%1:%2:%3")
        .arg(hostName())
        .arg(QCoreApplication::applicationPid())
        .arg(QRandomGenerator::global()->bounded(0x10000), 4, 16, QLatin1Char('0'));
}

RegisterRunner LeaseKeeper::registration(int workers, qint64 nowMs) const
{
    return {m_runnerId, hostName(), QCoreApplication::applicationPid(), workers, nowMs};
}

RecoverLeases LeaseKeeper::recovery(StoreReader &reader, qint64 nowMs) const
{
    RecoverLeases r;
    r.nowMs = nowMs;
    r.excludeOwner = m_runnerId;
    r.goneOwners = reader.ownersWithoutLiveRunner();
    const QString host = hostName();
    for (const auto &row : reader.runnersHoldingLeases()) {
        if (row.id == m_runnerId || r.goneOwners.contains(row.id))
            continue;
        if (row.retired || (row.host == host && !processExists(row.pid)))
            r.goneOwners << row.id;
    }
    r.goneOwners.removeAll(m_runnerId);
    return r;
}

} // namespace jobdeck
