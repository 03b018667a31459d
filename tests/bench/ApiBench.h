#pragma once

#include "BenchOptions.h"

namespace jobdeck::bench {

struct ApiResult {
    int requests = 0;                    // per awaited run
    double awaitedPerSecond = 0;         // one keep-alive client, each POST /api/jobs awaited (committed) before the next
    double singleInsertPerSecond = 0;    // baseline: raw SQLite, one insert per transaction, same durability
    double awaitedNoWritePerSecond = 0;  // the same client and server, the route answering 201 without writing
    int clients = 16;
    double concurrentPerSecond = 0;      // `clients` keep-alive clients at once
    double concurrentNoWritePerSecond = 0;
    double pacedRate = 1000;             // requests per second, spread over four clients
    double pacedP50Ms = 0, pacedP99Ms = 0, pacedMaxMs = 0;
    int events = 0;                      // completions heard on /api/events
    double eventP50Ms = 0, eventP99Ms = 0, eventMaxMs = 0;
    QString problem;                     // empty when every request was answered as expected
};

// The HTTP API of a runner in this process (an engine with options.workers workers and its ApiService on a
// loopback port), driven by raw HTTP/1.1 keep-alive clients on threads of their own; a second server with the
// same request handling whose POST /api/jobs reads and checks the job but writes nothing shows the API's own
// cost. Databases go in `dir`.
ApiResult measureApi(const QString &dir, const BenchOptions &options);

} // namespace jobdeck::bench
