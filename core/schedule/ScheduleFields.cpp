#include "ScheduleFields.h"

#include "model/Duration.h"
#include "model/JobJson.h"

#include <QJsonArray>
#include <QSet>

namespace jobdeck::ScheduleInput {

namespace {

const QStringList kWhen = {QStringLiteral("cron"), QStringLiteral("every"), QStringLiteral("at")};
const QStringList kWhat = {QStringLiteral("definition"), QStringLiteral("job")};

// What `--json` output has beside the fields: accepted and ignored, so a schedule read can be written back.
bool isOutputOnly(const QString &key)
{
    static const QSet<QString> keys = {
        QStringLiteral("id"),           QStringLiteral("kind"),         QStringLiteral("every_ms"),
        QStringLiteral("description"),  QStringLiteral("enabled"),      QStringLiteral("paused_until"),
        QStringLiteral("next_fire_at"), QStringLiteral("next_fire_at_local"), QStringLiteral("last_fire_at"),
        QStringLiteral("created_at"),   QStringLiteral("updated_at"),
    };
    return keys.contains(key);
}

QString msText(qint64 ms)
{
    return QString::number(ms) + QStringLiteral("ms");
}

} // namespace

QString read(const QJsonObject &o, ScheduleFields &f)
{
    const std::pair<const char *, QString ScheduleFields::*> strings[] = {
        {"name", &ScheduleFields::name},       {"cron", &ScheduleFields::cron},
        {"every", &ScheduleFields::every},     {"anchor", &ScheduleFields::anchor},
        {"at", &ScheduleFields::at},           {"time_zone", &ScheduleFields::zone},
        {"definition", &ScheduleFields::definition}, {"misfire", &ScheduleFields::misfire},
        {"catch_up_limit", &ScheduleFields::catchUpLimit}, {"overlap", &ScheduleFields::overlap},
    };
    QSet<QString> known = {QStringLiteral("job"), QStringLiteral("exclusions")};
    for (const auto &[key, member] : strings) {
        known.insert(QLatin1String(key));
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            continue;
        if (v.isDouble())
            f.*member = QString::number(v.toDouble(), 'g', 17);
        else if (v.isString())
            f.*member = v.toString();
        else
            return QStringLiteral("\"%1\" must be a string").arg(QLatin1String(key));
    }
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key()) && !isOutputOnly(it.key()))
            return QStringLiteral("unknown field \"%1\"").arg(it.key());
    }
    if (const QJsonValue job = o.value(QLatin1String("job")); !job.isUndefined() && !job.isNull()) {
        if (!job.isObject())
            return QStringLiteral("\"job\" must be an object with the fields of a job (kind, payload, queue ...)");
        SpecFields fields;
        if (const QString error = readSpecFields(job.toObject(), fields); !error.isEmpty())
            return QStringLiteral("job: ") + error;
        f.job = fields;
    }
    if (const QJsonValue list = o.value(QLatin1String("exclusions")); !list.isUndefined() && !list.isNull()) {
        if (!list.isArray())
            return QStringLiteral("\"exclusions\" must be an array of calendar names");
        for (const QJsonValue &name : list.toArray()) {
            if (!name.isString() || name.toString().trimmed().isEmpty())
                return QStringLiteral("\"exclusions\" must be an array of calendar names");
            f.exclusions << name.toString().trimmed();
        }
    }
    return {};
}

QString build(const ScheduleFields &f, const HandlerRegistry &handlers, qint64 now, ScheduleSpec &spec, Spelling spelling)
{
    // "catch_up_limit" is "--catch-up-limit" on the command line.
    const auto n = [spelling](const char *field) {
        const QString key = QLatin1String(field);
        return spelling == Spelling::Options ? QStringLiteral("--") + QString(key).replace(u'_', u'-') : key;
    };
    spec.name = f.name;
    if (spec.name.trimmed().isEmpty())
        return QStringLiteral("a schedule needs a name");
    const bool cron = !f.cron.isEmpty();
    const bool every = !f.every.isEmpty();
    const bool at = !f.at.isEmpty();
    if (int(cron) + int(every) + int(at) != 1)
        return QStringLiteral("give one of %1, %2 or %3").arg(n("cron"), n("every"), n("at"));
    spec.zone = f.zone;
    if (cron) {
        spec.kind = ScheduleKind::Cron;
        spec.cron = f.cron;
    } else if (every) {
        spec.kind = ScheduleKind::Interval;
        const auto ms = parseDuration(f.every);
        if (!ms || *ms < 1000 || *ms % 1000 != 0)
            return QStringLiteral("bad %1 \"%2\": write whole seconds or more, like 30s, 15m or 2h").arg(n("every"), f.every);
        spec.everyMs = *ms;
        spec.atMs = now / 1000 * 1000; // occurrences on whole seconds
        if (!f.anchor.isEmpty()) {
            const auto anchor = parseIsoTime(f.anchor);
            if (!anchor)
                return QStringLiteral("bad %1 \"%2\": write ISO 8601 with an offset, like 2026-03-29T02:30:00+01:00")
                    .arg(n("anchor"), f.anchor);
            spec.atMs = *anchor;
        }
    } else {
        spec.kind = ScheduleKind::Once;
        const auto when = parseIsoTime(f.at);
        if (!when)
            return QStringLiteral("bad %1 \"%2\": write ISO 8601 with an offset, like 2026-03-29T02:30:00+01:00").arg(n("at"), f.at);
        spec.atMs = *when;
    }
    if (!f.anchor.isEmpty() && !every)
        return QStringLiteral("%1 goes with %2").arg(n("anchor"), n("every"));

    const bool definition = !f.definition.isEmpty();
    if (definition == f.job.has_value())
        return QStringLiteral("give either \"job\" (its kind and payload) or \"definition\" (a job of the jobs folder)");
    if (f.job) {
        if (!f.job->in.isEmpty() || !f.job->at.isEmpty())
            return QStringLiteral("a schedule's job runs at the schedule's times: leave out its in and at");
        if (const QString error = buildSpec(*f.job, handlers, now, spec.job); !error.isEmpty())
            return error;
    } else {
        spec.definition = f.definition;
        spec.job = JobSpec{};
    }

    if (!f.misfire.isEmpty()) {
        const auto policy = misfireFromName(f.misfire);
        if (!policy)
            return QStringLiteral("%1 must be fire-once, skip or catch-up, not \"%2\"").arg(n("misfire"), f.misfire);
        spec.misfire = *policy;
    }
    if (!f.catchUpLimit.isEmpty()) {
        bool ok = false;
        spec.catchUpLimit = f.catchUpLimit.toInt(&ok);
        if (!ok || spec.catchUpLimit < 1)
            return QStringLiteral("%1 must be a number of at least 1").arg(n("catch_up_limit"));
    }
    if (!f.overlap.isEmpty()) {
        const auto policy = overlapFromName(f.overlap);
        if (!policy)
            return QStringLiteral("%1 must be allow, skip, queue-one or replace, not \"%2\"").arg(n("overlap"), f.overlap);
        spec.overlap = *policy;
    }
    spec.exclusions.clear();
    for (const QString &name : f.exclusions) {
        if (!spec.exclusions.contains(name))
            spec.exclusions << name;
    }
    return {}; // the rest (cron, zone, name) is checked where the schedule is saved

}

QJsonObject write(const ScheduleSpec &s)
{
    QJsonObject o{{QStringLiteral("name"), s.name}};
    switch (s.kind) {
    case ScheduleKind::Cron:
        o.insert(QStringLiteral("cron"), s.cron);
        break;
    case ScheduleKind::Interval:
        o.insert(QStringLiteral("every"), msText(s.everyMs));
        o.insert(QStringLiteral("anchor"), formatIsoTime(s.atMs));
        break;
    case ScheduleKind::Once:
        o.insert(QStringLiteral("at"), formatIsoTime(s.atMs));
        break;
    }
    if (!s.zone.isEmpty())
        o.insert(QStringLiteral("time_zone"), s.zone);
    if (!s.definition.isEmpty()) {
        o.insert(QStringLiteral("definition"), s.definition);
    } else {
        o.insert(QStringLiteral("job"), QJsonObject{
                                            {QStringLiteral("kind"), s.job.kind},
                                            {QStringLiteral("payload"), JobJson::parse(s.job.payload)},
                                            {QStringLiteral("queue"), s.job.queue},
                                            {QStringLiteral("priority"), s.job.priority},
                                            {QStringLiteral("max_attempts"), s.job.maxAttempts},
                                            {QStringLiteral("timeout"), msText(s.job.timeoutMs)},
                                            {QStringLiteral("backoff"), msText(s.job.backoffMs)},
                                        });
    }
    o.insert(QStringLiteral("misfire"), misfireName(s.misfire));
    o.insert(QStringLiteral("catch_up_limit"), s.catchUpLimit);
    o.insert(QStringLiteral("overlap"), overlapName(s.overlap));
    o.insert(QStringLiteral("exclusions"), QJsonArray::fromStringList(s.exclusions));
    return o;
}

QJsonObject merge(QJsonObject base, const QJsonObject &patch)
{
    // Naming one member of a group replaces the others: {"every": "1h"} on a cron schedule drops its cron.
    const auto dropOthers = [&](const QStringList &group) {
        for (const QString &key : group) {
            if (patch.contains(key) && !patch.value(key).isNull()) {
                for (const QString &other : group) {
                    if (other != key)
                        base.remove(other);
                }
                if (group == kWhen && key != QLatin1String("every"))
                    base.remove(QStringLiteral("anchor"));
                return;
            }
        }
    };
    dropOthers(kWhen);
    dropOthers(kWhat);
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it->isNull())
            base.remove(it.key());
        else if (it->isObject() && base.value(it.key()).isObject())
            base.insert(it.key(), merge(base.value(it.key()).toObject(), it->toObject()));
        else
            base.insert(it.key(), *it);
    }
    return base;
}

} // namespace jobdeck::ScheduleInput
