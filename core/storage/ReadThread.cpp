#include "storage/ReadThread.h"

#include "storage/JobStore.h"

namespace jobdeck {

ReadThread::ReadThread(JobStore &store, QObject *parent) : QObject(parent), m_store(store)
{
    m_thread.setObjectName(QStringLiteral("jobdeck-reads"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

ReadThread::~ReadThread()
{
    // The reader's connection belongs to the read thread: close it there, after the reads already asked for.
    handOver();
    QMetaObject::invokeMethod(
        m_worker,
        [this] {
            takeOver();
            m_scheduleReader.reset();
            m_watchReader.reset();
            m_reader.reset();
            handOver();
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    takeOver();
}

void ReadThread::post(std::function<void(StoreReader &)> job, std::function<void(const QString &)> failed)
{
    handOver();
    QMetaObject::invokeMethod(
        m_worker,
        [this, job = std::move(job), failed = std::move(failed)] {
            takeOver();
            try {
                if (!m_reader)
                    m_reader = m_store.openReader();
            } catch (const StoreError &e) {
                failed(e.message());
                return;
            }
            job(*m_reader);
        },
        Qt::QueuedConnection);
}

ScheduleReader &ReadThread::scheduleReader()
{
    Q_ASSERT(QThread::currentThread() == &m_thread);
    if (!m_scheduleReader)
        m_scheduleReader = m_store.openScheduleReader();
    return *m_scheduleReader;
}

WatchReader &ReadThread::watchReader()
{
    Q_ASSERT(QThread::currentThread() == &m_thread);
    if (!m_watchReader)
        m_watchReader = m_store.openWatchReader();
    return *m_watchReader;
}

void ReadThread::deliver(std::function<void()> onMainThread)
{
    handOver();
    QMetaObject::invokeMethod(
        this,
        [this, onMainThread = std::move(onMainThread)] {
            takeOver();
            onMainThread();
        },
        Qt::QueuedConnection);
}

} // namespace jobdeck
