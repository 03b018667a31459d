#include "ScheduleRoutes.h"

#include "ApiJson.h"
#include "ReadAnswer.h"
#include "definitions/DefinitionSchedules.h"
#include "model/Duration.h"
#include "model/JobJson.h"
#include "runner/Engine.h"
#include "schedule/ScheduleCommands.h"
#include "schedule/ScheduleFields.h"
#include "schedule/ScheduleJson.h"
#include "schedule/Scheduler.h"
#include "storage/ReadThread.h"
#include "storage/ScheduleReader.h"
#include "storage/StoreError.h"
#include "storage/StoreReader.h"

#include <QJsonArray>

namespace jobdeck {

namespace {

const QString kBy = QStringLiteral("HTTP API");

HttpResponse folderOwned(const QString &name)
{
    return HttpResponse::error(409, "folder_schedule",
                               QStringLiteral("schedule %1 belongs to the jobs folder: change its \"schedule\" in the job's "
                                              "settings.job (here it can only be run, paused or resumed)")
                                   .arg(name));
}

HttpResponse noSuchSchedule(const QString &name)
{
    return HttpResponse::error(404, "no_such_schedule", QStringLiteral("there is no schedule \"%1\"").arg(name));
}

} // namespace

ScheduleRoutes::ScheduleRoutes(Engine &engine, ScheduleReader &schedules, ReadThread &reads, ApiRouter &router,
                               QObject *parent)
    : QObject(parent), m_engine(engine), m_schedules(schedules), m_reads(reads)
{
    // A name may hold a slash (jobs/NAME): clients send it as %2F, and the router decodes it within its segment.
    const auto byName = [](std::function<void(const QString &, const ApiRequest &, const ApiReply &)> handler) {
        return [handler = std::move(handler)](const ApiRequest &request, const RouteParams &params, const ApiReply &reply) {
            handler(params.value(QStringLiteral("name")), request, reply);
        };
    };
    router.add("GET", QStringLiteral("/api/schedules"),
               [this](const ApiRequest &, const RouteParams &, const ApiReply &reply) { list(reply); });
    router.add("POST", QStringLiteral("/api/schedules"),
               [this](const ApiRequest &r, const RouteParams &, const ApiReply &reply) { add(r, reply); });
    router.add("GET", QStringLiteral("/api/schedules/{name}"),
               byName([this](const QString &name, const ApiRequest &, const ApiReply &reply) { show(name, reply); }));
    router.add("PATCH", QStringLiteral("/api/schedules/{name}"),
               byName([this](const QString &name, const ApiRequest &r, const ApiReply &reply) { change(name, r, reply); }));
    router.add("DELETE", QStringLiteral("/api/schedules/{name}"),
               byName([this](const QString &name, const ApiRequest &, const ApiReply &reply) { remove(name, reply); }));
    router.add("POST", QStringLiteral("/api/schedules/{name}/run"),
               byName([this](const QString &name, const ApiRequest &, const ApiReply &reply) { runNow(name, reply); }));
    router.add("POST", QStringLiteral("/api/schedules/{name}/pause"),
               byName([this](const QString &name, const ApiRequest &r, const ApiReply &reply) { pause(name, r, reply); }));
    router.add("POST", QStringLiteral("/api/schedules/{name}/resume"),
               byName([this](const QString &name, const ApiRequest &, const ApiReply &reply) { resume(name, reply); }));
}

ScheduleRoutes::~ScheduleRoutes() = default;

void ScheduleRoutes::list(const ApiReply &reply)
{
    answerFromScheduleReads(m_reads, this, reply, [](ScheduleReader &reader) {
        QJsonArray schedules;
        for (const ScheduleRecord &s : reader.schedules())
            schedules.append(ScheduleJson::schedule(s));
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("schedules"), schedules}});
    });
}

std::optional<ScheduleRecord> ScheduleRoutes::find(const QString &name, const ApiReply &reply)
{
    try {
        auto record = m_schedules.schedule(name);
        if (!record)
            reply.send(noSuchSchedule(name));
        return record;
    } catch (const StoreError &e) {
        reply.send(ApiJson::storeFailed(e.message()));
        return std::nullopt;
    }
}

void ScheduleRoutes::sendSchedule(const QString &name, int status, const ApiReply &reply)
{
    answerFromScheduleReads(m_reads, this, reply, [name, status](ScheduleReader &reader) {
        const auto record = reader.schedule(name);
        return record ? HttpResponse::json(status, ScheduleJson::schedule(*record)) : noSuchSchedule(name);
    });
}

void ScheduleRoutes::show(const QString &name, const ApiReply &reply)
{
    sendSchedule(name, 200, reply);
}

void ScheduleRoutes::add(const ApiRequest &request, const ApiReply &reply)
{
    HttpResponse error;
    const auto doc = ApiJson::body(request, error);
    if (!doc)
        return reply.send(error);
    if (!doc->isObject())
        return reply.send(HttpResponse::error(400, "not_an_object", QStringLiteral("a schedule must be a JSON object")));
    const QString name = doc->object().value(QLatin1String("name")).toString();
    if (DefinitionSchedules::isFolderOwned(name))
        return reply.send(HttpResponse::error(
            422, "folder_schedule",
            QStringLiteral("schedule names starting with \"%1\" belong to the jobs folder: give the job a \"schedule\" in "
                           "its settings.job instead")
                .arg(DefinitionSchedules::namePrefix())));
    save(doc->object(), std::nullopt, reply);
}

void ScheduleRoutes::change(const QString &name, const ApiRequest &request, const ApiReply &reply)
{
    HttpResponse error;
    const auto doc = ApiJson::body(request, error);
    if (!doc)
        return reply.send(error);
    if (!doc->isObject())
        return reply.send(HttpResponse::error(400, "not_an_object", QStringLiteral("a change must be a JSON object")));
    if (DefinitionSchedules::isFolderOwned(name))
        return reply.send(folderOwned(name));
    const QJsonObject patch = doc->object();
    if (patch.contains(QLatin1String("name")) && patch.value(QLatin1String("name")).toString() != name)
        return reply.send(HttpResponse::error(422, "rename", QStringLiteral("a schedule cannot be renamed: add a new one "
                                                                           "and delete this one")));
    const auto existing = find(name, reply);
    if (!existing)
        return;
    save(ScheduleInput::merge(ScheduleInput::write(existing->spec), patch), existing, reply);
}

void ScheduleRoutes::save(const QJsonObject &input, const std::optional<ScheduleRecord> &existing, const ApiReply &reply)
{
    const qint64 now = m_engine.clock().nowMs();
    ScheduleFields fields;
    ScheduleSpec spec;
    QString problem = ScheduleInput::read(input, fields);
    if (problem.isEmpty())
        problem = ScheduleInput::build(fields, m_engine.handlers(), now, spec);
    std::optional<SaveSchedule> saved;
    if (problem.isEmpty())
        saved = ScheduleCommands::save(spec, now, existing.has_value(), &problem);
    if (!saved)
        return reply.send(HttpResponse::error(422, "invalid_schedule", problem));
    try {
        const auto calendars = m_schedules.calendars();
        for (const QString &wanted : spec.exclusions) {
            if (std::none_of(calendars.begin(), calendars.end(), [&](const ExclusionCalendar &c) { return c.name == wanted; }))
                return reply.send(HttpResponse::error(422, "unknown_calendar",
                                                      QStringLiteral("unknown calendar \"%1\" (create it with jobdeck "
                                                                     "calendar add %1 --dates ...)")
                                                          .arg(wanted)));
        }
    } catch (const StoreError &e) {
        return reply.send(ApiJson::storeFailed(e.message()));
    }
    if (existing) {
        // A change of what or when keeps where the schedule stands: paused stays paused, its last run stays known.
        saved->schedule.enabled = existing->enabled;
        saved->schedule.pausedUntilMs = existing->pausedUntilMs;
        saved->schedule.lastFireAtMs = existing->lastFireAtMs;
    }
    const QString name = spec.name;
    const bool created = !existing;
    m_engine.submit({*saved}, this, [this, name, created, reply](const BatchResult &r) {
        if (!r.ok)
            return reply.send(ApiJson::storeFailed(r.error));
        if (!r.results.front().applied)
            return reply.send(HttpResponse::error(409, "schedule_exists",
                                                  QStringLiteral("a schedule named \"%1\" exists already (change it with "
                                                                 "PATCH, or delete it first)")
                                                      .arg(name)));
        sendSchedule(name, created ? 201 : 200, reply);
    });
}

void ScheduleRoutes::remove(const QString &name, const ApiReply &reply)
{
    if (DefinitionSchedules::isFolderOwned(name))
        return reply.send(folderOwned(name));
    m_engine.submit({DeleteSchedule{name}}, this, [name, reply](const BatchResult &r) {
        if (!r.ok)
            return reply.send(ApiJson::storeFailed(r.error));
        if (!r.results.front().applied)
            return reply.send(noSuchSchedule(name));
        reply.send(HttpResponse::text(204, {}, {}));
    });
}

void ScheduleRoutes::runNow(const QString &name, const ApiReply &reply)
{
    const auto record = find(name, reply);
    if (!record)
        return;
    QString error;
    const auto job = ScheduleCommands::jobFor(record->spec, m_engine.scheduler().definitionResolver(), &error);
    if (!job)
        return reply.send(HttpResponse::error(409, "cannot_run", error));
    m_engine.submit({ScheduleCommands::runNow(*record, *job, m_engine.clock().nowMs(), kBy)}, this,
                    [this, reply](const BatchResult &r) {
                        if (!r.ok)
                            return reply.send(ApiJson::storeFailed(r.error));
                        const MutationResult &m = r.results.front();
                        if (!m.applied)
                            return reply.send(HttpResponse::error(409, "not_recorded",
                                                                  QStringLiteral("the run was not recorded; try again")));
                        const qint64 id = m.jobId;
                        answerFromReads(m_reads, this, reply, [id](StoreReader &reader) {
                            const auto created = reader.job(id);
                            return created ? HttpResponse::json(201, JobJson::job(*created, {}))
                                           : HttpResponse::error(404, "job_gone", QStringLiteral("job %1 was deleted").arg(id));
                        });
                    });
}

void ScheduleRoutes::pause(const QString &name, const ApiRequest &request, const ApiReply &reply)
{
    const qint64 now = m_engine.clock().nowMs();
    qint64 until = 0;
    if (!request.body.trimmed().isEmpty()) {
        HttpResponse error;
        const auto doc = ApiJson::body(request, error);
        if (!doc)
            return reply.send(error);
        const QJsonValue value = doc->object().value(QLatin1String("until"));
        if (!doc->isObject() || !(value.isUndefined() || value.isNull() || value.isString()))
            return reply.send(HttpResponse::error(400, "bad_pause", QStringLiteral("the body is {\"until\": ISO 8601 time}, or empty")));
        if (value.isString()) {
            const auto at = parseIsoTime(value.toString());
            if (!at || *at <= now)
                return reply.send(HttpResponse::error(422, "bad_until",
                                                      QStringLiteral("until must be a future ISO 8601 time with an offset, "
                                                                     "like 2026-03-29T02:30:00+01:00")));
            until = *at;
        }
    }
    if (!find(name, reply))
        return;
    m_engine.submit({ScheduleCommands::pause(name, until, now)}, this, [this, name, reply](const BatchResult &r) {
        if (!r.ok)
            return reply.send(ApiJson::storeFailed(r.error));
        sendSchedule(name, 200, reply);
    });
}

void ScheduleRoutes::resume(const QString &name, const ApiReply &reply)
{
    const auto record = find(name, reply);
    if (!record)
        return;
    m_engine.submit({ScheduleCommands::resume(*record, m_engine.clock().nowMs())}, this,
                    [this, name, reply](const BatchResult &r) {
                        if (!r.ok)
                            return reply.send(ApiJson::storeFailed(r.error));
                        sendSchedule(name, 200, reply);
                    });
}

} // namespace jobdeck
