#include "JobDocument.h"

#include "model/JobJson.h"
#include "storage/StoreReader.h"

namespace jobdeck::JobDocument {

QJsonObject read(StoreReader &reader, const JobRecord &job)
{
    QJsonObject o = JobJson::job(job, reader.attempts(job.id));
    QJsonArray lines;
    for (const LogLine &l : reader.logTail(job.id, kLogLines))
        lines.append(JobJson::logLine(l));
    o.insert(QStringLiteral("log"), lines);
    o.insert(QStringLiteral("callback_deliveries"), JobJson::deliveries(reader.callbackDeliveries(job.id)));
    return o;
}

} // namespace jobdeck::JobDocument
