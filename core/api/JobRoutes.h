#pragma once

#include "ApiRouter.h"

#include <QJsonObject>
#include <QObject>
#include <memory>

namespace jobdeck {

class CallbackHosts;
class Engine;
class JobWaiter;
class ReadThread;
class StoreReader;

// The API's job routes, as thin adapters over the engine's commands (the same transitions as the window and
// the command line) and a store reader: enqueue one or a batch, read one or a page, cancel, requeue, delete,
// wait for the end; and the open /health. Main thread only.
class JobRoutes final : public QObject {
    Q_OBJECT
public:
    // `reader` is the API's read connection on this thread, for a row that decides what to do; pages and
    // documents are read on `reads`. All three are kept by ApiService.
    JobRoutes(Engine &engine, StoreReader &reader, ReadThread &reads, CallbackHosts &callbackHosts, ApiRouter &router,
              QObject *parent = nullptr);
    ~JobRoutes() override;

private:
    void enqueue(const ApiRequest &request, const ApiReply &reply);
    void enqueueBatch(const ApiRequest &request, const ApiReply &reply);
    void show(qint64 id, const ApiReply &reply);
    // Reads job `id` and sends it with `status`.
    void sendJob(qint64 id, int status, const ApiReply &reply);
    void list(const ApiRequest &request, const ApiReply &reply);
    void cancel(qint64 id, const ApiReply &reply);
    void requeue(qint64 id, const ApiRequest &request, const ApiReply &reply);
    void remove(qint64 id, const ApiReply &reply);
    void wait(qint64 id, const ApiRequest &request, const ApiReply &reply);
    void health(const ApiReply &reply);
    // A job's JSON with its callback deliveries, as `show --json` has them.
    static QJsonObject withDeliveries(QJsonObject job, StoreReader &reader, qint64 id);

    Engine &m_engine;
    StoreReader &m_reader;
    ReadThread &m_reads;
    CallbackHosts &m_callbackHosts;
    JobWaiter *m_waiter;
};

} // namespace jobdeck
