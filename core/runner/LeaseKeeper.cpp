#include "LeaseKeeper.h"

#include "storage/StoreReader.h"

#include <QCoreApplication>
#include <QFile>
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

qint64 LeaseKeeper::processStart(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return 0;
    // The command name in parentheses may hold spaces and parentheses: fields are counted after the last ')'.
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0)
        return 0;
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    constexpr int kStartTimeField = 22 - 3; // field 22 of stat(5), counted from field 3 (the state)
    return fields.size() > kStartTimeField ? fields[kStartTimeField].toLongLong() : 0;
}

bool LeaseKeeper::runnerProcessAlive(qint64 pid, qint64 start)
{
    if (!processExists(pid))
        return false;
    const qint64 now = processStart(pid);
    // Unknown on either side: the process check alone decides.
    return start == 0 || now == 0 || now == start;
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
    const qint64 pid = QCoreApplication::applicationPid();
    return {m_runnerId, hostName(), pid, workers, nowMs, processStart(pid)};
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
        if (row.retired || (row.host == host && !runnerProcessAlive(row.pid, row.processStart)))
            r.goneOwners << row.id;
    }
    r.goneOwners.removeAll(m_runnerId);
    return r;
}

} // namespace jobdeck
