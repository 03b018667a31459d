#pragma once

#include "ApiRouter.h"

#include <QObject>
#include <memory>

namespace jobdeck {

class Engine;
class ReadThread;

// The API's queue and count routes: list queues with their settings and counts, pause and resume one, set its rate
// limit, and the
// counts of `stats --json`. Main thread only.
class QueueRoutes final : public QObject {
    Q_OBJECT
public:
    // Counts are read on `reads`, kept by ApiService.
    QueueRoutes(Engine &engine, ReadThread &reads, ApiRouter &router, QObject *parent = nullptr);
    ~QueueRoutes() override;

private:
    void list(const ApiReply &reply);
    void setPaused(const QString &queue, bool paused, const ApiReply &reply);
    void setRate(const QString &queue, const ApiRequest &request, const ApiReply &reply);
    void stats(const ApiReply &reply);

    Engine &m_engine;
    ReadThread &m_reads;
};

} // namespace jobdeck
