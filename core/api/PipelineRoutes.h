#pragma once

#include "ApiRouter.h"

#include <QObject>

namespace jobdeck {

class CallbackHosts;
class Engine;
class ReadThread;

// The API's pipeline routes: start one from the JSON of a pipeline file, list the newest, and read one with its
// steps, as `jobdeck pipeline run|list|show` do. Main thread only.
class PipelineRoutes final : public QObject {
    Q_OBJECT
public:
    // Lists and documents are read on `reads`; both it and `callbackHosts` are kept by ApiService.
    PipelineRoutes(Engine &engine, CallbackHosts &callbackHosts, ReadThread &reads, ApiRouter &router,
                   QObject *parent = nullptr);
    ~PipelineRoutes() override;

private:
    void start(const ApiRequest &request, const ApiReply &reply);
    void list(const ApiRequest &request, const ApiReply &reply);
    void show(const QString &id, const ApiReply &reply);

    Engine &m_engine;
    CallbackHosts &m_callbackHosts;
    ReadThread &m_reads;
};

} // namespace jobdeck
