#include "ActivitySeries.h"

#include "storage/ReadThread.h"
#include "runner/Engine.h"

namespace jobdeck {

namespace {

constexpr qint64 kMinuteMs = 60'000;

struct Read {
    std::vector<MinuteStats> minutes;
    qint64 oldestQueued = 0;
};

} // namespace

ActivitySeries::ActivitySeries(Engine &engine, ReadThread &reads, QObject *parent)
    : QObject(parent), m_engine(engine), m_reads(reads)
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ActivitySeries::refresh);
    m_timer.start();
    refresh();
}

void ActivitySeries::refresh()
{
    if (m_pending)
        return;
    m_pending = true;
    const qint64 now = m_engine.clock().nowMs();
    const qint64 firstMinute = now / kMinuteMs - kMinutes + 1;
    m_reads.read<Read>(
        this,
        [firstMinute](StoreReader &reader) {
            // From a day back, so the depth at the window's start is known even after a quiet hour.
            return Read{reader.minutes((firstMinute - 24 * 60) * kMinuteMs), reader.oldestQueuedSinceMs()};
        },
        [this, firstMinute](const Read &read) {
            m_pending = false;
            std::vector<Minute> out(kMinutes);
            qint64 queued = 0;
            qint64 running = 0;
            size_t next = 0;
            for (; next < read.minutes.size() && read.minutes[next].minute < firstMinute; ++next) {
                if (read.minutes[next].queued >= 0)
                    queued = read.minutes[next].queued;
                if (read.minutes[next].running >= 0)
                    running = read.minutes[next].running;
            }
            for (int i = 0; i < kMinutes; ++i) {
                const qint64 minute = firstMinute + i;
                Minute &m = out[size_t(i)];
                m.startMs = minute * kMinuteMs;
                if (next < read.minutes.size() && read.minutes[next].minute == minute) {
                    const MinuteStats &s = read.minutes[next++];
                    m.succeeded = s.succeeded;
                    m.failed = s.failed;
                    if (s.queued >= 0)
                        queued = s.queued;
                    if (s.running >= 0)
                        running = s.running;
                }
                m.queued = queued;
                m.running = running;
            }
            m_minutes = std::move(out);
            m_oldestQueuedSinceMs = read.oldestQueued;
            m_loaded = true;
            Q_EMIT changed();
        },
        [this](const QString &) { m_pending = false; });
}

qint64 ActivitySeries::succeededLastHour() const
{
    qint64 n = 0;
    for (const Minute &m : m_minutes)
        n += m.succeeded;
    return n;
}

qint64 ActivitySeries::failedLastHour() const
{
    qint64 n = 0;
    for (const Minute &m : m_minutes)
        n += m.failed;
    return n;
}

double ActivitySeries::perMinute() const
{
    // The minute in progress counts in part: the five before it say more.
    qint64 done = 0;
    const size_t count = m_minutes.size();
    for (size_t i = count >= 6 ? count - 6 : 0; i + 1 < count; ++i)
        done += m_minutes[i].succeeded + m_minutes[i].failed;
    return double(done) / 5.0;
}

} // namespace jobdeck
