#include "PipelineFile.h"

#include "model/JobSpecFields.h"
#include "runner/HandlerRegistry.h"

#include <QJsonArray>

namespace jobdeck {

namespace {
constexpr qsizetype kMaxSteps = 100;

QString readJob(const QJsonValue &value, const HandlerRegistry &handlers, const DefinitionJobs &definitions, qint64 nowMs,
                JobSpec &spec)
{
    if (!value.isObject())
        return QStringLiteral("must be a JSON object");
    const QJsonObject o = value.toObject();
    if (o.contains(QLatin1String("after")) || o.contains(QLatin1String("on")))
        return QStringLiteral("cannot have \"after\" or \"on\": it runs after the step before it");
    SpecFields f;
    if (QString e = readSpecFields(o, f); !e.isEmpty())
        return e;
    // A runner's handlers find the jobs folder's kinds too, but only the definition gives their settings.
    if (!f.kind.isEmpty() && definitions && f.payload.isObject()) {
        QString error;
        if (const auto job = definitions(f.kind, f.payload.toObject(), &error)) {
            spec = *job;
            return applySpecFields(f, nowMs, spec);
        }
        if (!error.isEmpty())
            return error; // a definition that cannot run says why
    }
    return buildSpec(f, handlers, nowMs, spec);
}
} // namespace

QString readPipelineFile(const QJsonObject &object, const HandlerRegistry &handlers, qint64 nowMs, StartPipeline &out,
                         const DefinitionJobs &definitions)
{
    const QJsonValue name = object.value(QLatin1String("name"));
    if (!name.isUndefined() && (!name.isString() || name.toString().trimmed().isEmpty()))
        return QStringLiteral("\"name\" must be a non-empty string");
    if (name.toString().size() > 200)
        return QStringLiteral("\"name\" has at most 200 characters");
    out.name = name.toString().trimmed();
    const QJsonValue steps = object.value(QLatin1String("steps"));
    if (!steps.isArray() || steps.toArray().isEmpty())
        return QStringLiteral("\"steps\" must list the pipeline's steps");
    if (steps.toArray().size() > kMaxSteps)
        return QStringLiteral("a pipeline has at most %1 steps, not %2").arg(kMaxSteps).arg(steps.toArray().size());
    out.nowMs = nowMs;
    out.steps.clear();
    int number = 0;
    for (const QJsonValue &value : steps.toArray()) {
        ++number;
        PipelineStep step;
        if (QString e = readJob(value, handlers, definitions, nowMs, step.job); !e.isEmpty())
            return QStringLiteral("step %1: %2").arg(number).arg(e);
        const QJsonValue compensate = value.toObject().value(QLatin1String("compensate"));
        if (!compensate.isUndefined()) {
            JobSpec undo;
            if (QString e = readJob(compensate, handlers, definitions, nowMs, undo); !e.isEmpty())
                return QStringLiteral("step %1's compensation: %2").arg(number).arg(e);
            step.compensation = undo;
        }
        out.steps.push_back(std::move(step));
    }
    return {};
}

} // namespace jobdeck
