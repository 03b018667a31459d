#pragma once

#include "ApiReply.h"

#include <QObject>
#include <functional>

namespace jobdeck {

class ReadThread;
class ScheduleReader;
class StoreReader;

// Answers a request with what `work` makes of the database on the read thread (the reads and the JSON alike),
// so the thread that serves the API — the window's, or the runner's — never waits for a read that grows with the
// data. A database error is answered 503. The answer is dropped if `context` is gone by then. Main thread only.
void answerFromReads(ReadThread &reads, QObject *context, const ApiReply &reply,
                     std::function<HttpResponse(StoreReader &)> work);
void answerFromScheduleReads(ReadThread &reads, QObject *context, const ApiReply &reply,
                             std::function<HttpResponse(ScheduleReader &)> work);

} // namespace jobdeck
