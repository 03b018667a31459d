#include "Pipeline.h"

#include "Duration.h"
#include "JobJson.h"

#include <QJsonArray>
#include <array>

namespace jobdeck {

namespace {

constexpr std::array<std::pair<PipelineState, const char *>, 4> kNames{{
    {PipelineState::Running, "running"},
    {PipelineState::Compensating, "compensating"},
    {PipelineState::Succeeded, "succeeded"},
    {PipelineState::Failed, "failed"},
}};

QJsonValue time(qint64 ms)
{
    return ms > 0 ? QJsonValue(formatIsoTime(ms)) : QJsonValue(QJsonValue::Null);
}

QJsonValue stateOrNull(const std::optional<JobState> &state)
{
    return state ? QJsonValue(stateName(*state)) : QJsonValue(QJsonValue::Null);
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QString pipelineStateName(PipelineState state)
{
    for (const auto &[value, name] : kNames) {
        if (value == state)
            return QLatin1String(name);
    }
    return QStringLiteral("running");
}

std::optional<PipelineState> pipelineStateFromName(const QString &name)
{
    for (const auto &[value, text] : kNames) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

QString pipelinePosition(const PipelineRecord &p)
{
    switch (p.state) {
    case PipelineState::Running:
        return QStringLiteral("step %1 of %2").arg(p.step).arg(p.stepCount);
    case PipelineState::Compensating:
        return QStringLiteral("step %1 of %2 failed, undoing step %3").arg(p.failedStep).arg(p.stepCount).arg(p.step);
    case PipelineState::Succeeded:
        return p.stepCount == 1 ? QStringLiteral("1 step") : QStringLiteral("%1 steps").arg(p.stepCount);
    case PipelineState::Failed:
        return QStringLiteral("step %1 of %2 failed").arg(p.failedStep).arg(p.stepCount);
    }
    return {};
}

namespace PipelineJson {

QJsonObject pipeline(const PipelineRecord &p)
{
    QJsonObject o{
        {QStringLiteral("id"), double(p.id)},
        {QStringLiteral("name"), p.name},
        {QStringLiteral("state"), pipelineStateName(p.state)},
        {QStringLiteral("step"), p.step},
        {QStringLiteral("step_count"), p.stepCount},
        {QStringLiteral("failed_step"), p.failedStep > 0 ? QJsonValue(p.failedStep) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("reason"), p.reason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(p.reason)},
        {QStringLiteral("result"), JobJson::parse(p.result)},
        {QStringLiteral("created_at"), time(p.createdAtMs)},
        {QStringLiteral("finished_at"), time(p.finishedAtMs)},
    };
    if (!p.steps.empty()) {
        QJsonArray steps;
        for (const PipelineStepRecord &s : p.steps) {
            QJsonValue compensation(QJsonValue::Null);
            if (!s.compensationKind.isEmpty()) {
                compensation = QJsonObject{
                    {QStringLiteral("kind"), s.compensationKind},
                    {QStringLiteral("job"), s.compensationJobId > 0 ? QJsonValue(double(s.compensationJobId)) : QJsonValue()},
                    {QStringLiteral("state"), stateOrNull(s.compensationState)},
                    {QStringLiteral("attempts"), s.compensationAttempts},
                    {QStringLiteral("error"), textOrNull(s.compensationError)},
                };
            }
            steps.append(QJsonObject{{QStringLiteral("step"), s.step},
                                     {QStringLiteral("job"), double(s.jobId)},
                                     {QStringLiteral("kind"), s.kind},
                                     {QStringLiteral("state"), stateOrNull(s.state)},
                                     {QStringLiteral("attempts"), s.attempts},
                                     {QStringLiteral("error"), textOrNull(s.error)},
                                     {QStringLiteral("finished_at"), time(s.finishedAtMs)},
                                     {QStringLiteral("compensation"), compensation}});
        }
        o.insert(QStringLiteral("steps"), steps);
    }
    return o;
}

} // namespace PipelineJson

} // namespace jobdeck
