#pragma once

#include "ApiRouter.h"

#include <QObject>
#include <optional>

namespace jobdeck {

class Engine;
class ReadThread;
class ScheduleReader;
struct ScheduleRecord;

// The API's schedule routes: list, add, show, change (a JSON merge patch), delete, run now, pause and resume,
// with the rules of `jobdeck schedule`: a schedule of the jobs folder (jobs/NAME) is only run, paused or
// resumed here. Main thread only.
class ScheduleRoutes final : public QObject {
    Q_OBJECT
public:
    // `schedules` is the API's read connection on this thread, for the schedule a change starts from; lists and
    // documents are read on `reads`. Both are kept by ApiService.
    ScheduleRoutes(Engine &engine, ScheduleReader &schedules, ReadThread &reads, ApiRouter &router, QObject *parent = nullptr);
    ~ScheduleRoutes() override;

private:
    void list(const ApiReply &reply);
    void add(const ApiRequest &request, const ApiReply &reply);
    void show(const QString &name, const ApiReply &reply);
    void change(const QString &name, const ApiRequest &request, const ApiReply &reply);
    void remove(const QString &name, const ApiReply &reply);
    void runNow(const QString &name, const ApiReply &reply);
    void pause(const QString &name, const ApiRequest &request, const ApiReply &reply);
    void resume(const QString &name, const ApiReply &reply);

    // The stored schedule, or nothing with the answer (404, or 500 when the database fails) already sent.
    std::optional<ScheduleRecord> find(const QString &name, const ApiReply &reply);
    // Saves a checked schedule (new, or replacing `existing`) and answers with it.
    void save(const QJsonObject &input, const std::optional<ScheduleRecord> &existing, const ApiReply &reply);
    void sendSchedule(const QString &name, int status, const ApiReply &reply);

    Engine &m_engine;
    ScheduleReader &m_schedules;
    ReadThread &m_reads;
};

} // namespace jobdeck
