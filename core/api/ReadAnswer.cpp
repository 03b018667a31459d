#include "ReadAnswer.h"

#include "ApiJson.h"
#include "storage/ReadThread.h"

namespace jobdeck {

void answerFromReads(ReadThread &reads, QObject *context, const ApiReply &reply,
                     std::function<HttpResponse(StoreReader &)> work)
{
    reads.read<HttpResponse>(
        context, std::move(work), [reply](const HttpResponse &response) { reply.send(response); },
        [reply](const QString &message) { reply.send(ApiJson::storeFailed(message)); });
}

void answerFromScheduleReads(ReadThread &reads, QObject *context, const ApiReply &reply,
                             std::function<HttpResponse(ScheduleReader &)> work)
{
    reads.readSchedules<HttpResponse>(
        context, std::move(work), [reply](const HttpResponse &response) { reply.send(response); },
        [reply](const QString &message) { reply.send(ApiJson::storeFailed(message)); });
}

} // namespace jobdeck
