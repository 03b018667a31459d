#pragma once

#include "ApiRouter.h"

#include <QObject>

namespace jobdeck {

class Engine;
class ReadThread;
class StoreReader;

// The API's pipeline routes: start one from the JSON of a pipeline file, list the newest, and read one with its
// steps, as `jobdeck pipeline run|list|show` do. Main thread only.
class PipelineRoutes final : public QObject {
    Q_OBJECT
public:
    // `reader` is the API's read connection on this thread (for the callback allow list); lists and documents are
    // read on `reads`. Both are kept by ApiService.
    PipelineRoutes(Engine &engine, StoreReader &reader, ReadThread &reads, ApiRouter &router, QObject *parent = nullptr);
    ~PipelineRoutes() override;

private:
    void start(const ApiRequest &request, const ApiReply &reply);
    void list(const ApiRequest &request, const ApiReply &reply);
    void show(const QString &id, const ApiReply &reply);

    Engine &m_engine;
    StoreReader &m_reader;
    ReadThread &m_reads;
};

} // namespace jobdeck
