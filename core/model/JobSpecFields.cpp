#include "JobSpecFields.h"

#include "model/Duration.h"
#include "runner/HandlerRegistry.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace jobdeck {

namespace {
constexpr size_t kMaxParents = 1000;
constexpr qsizetype kMaxMutexes = 16;
constexpr qsizetype kMaxMutexName = 200;
constexpr qsizetype kMaxOrderKey = 200;
}

QString readSpecFields(const QJsonObject &o, SpecFields &f)
{
    const QJsonValue kind = o.value(QLatin1String("kind"));
    if (!kind.isUndefined() && !kind.isString())
        return QStringLiteral("\"kind\" must be a string");
    f.kind = kind.toString();
    f.payload = o.contains(QLatin1String("payload")) ? o.value(QLatin1String("payload")) : QJsonValue(QJsonObject());
    // A field that is there must say something, as an option must.
    const std::pair<const char *, QString SpecFields::*> fields[] = {
        {"queue", &SpecFields::queue},     {"priority", &SpecFields::priority}, {"max_attempts", &SpecFields::maxAttempts},
        {"timeout", &SpecFields::timeout}, {"key", &SpecFields::key},           {"backoff", &SpecFields::backoff},
        {"in", &SpecFields::in},           {"at", &SpecFields::at},             {"callback_url", &SpecFields::callback},
        {"on", &SpecFields::on},           {"order_key", &SpecFields::orderKey}, {"seq", &SpecFields::seq},
        {"order_wait", &SpecFields::orderWait},
    };
    if (const QJsonValue after = o.value(QLatin1String("after")); after.isArray()) {
        QStringList ids;
        for (const QJsonValue &id : after.toArray()) {
            if (!id.isDouble() && !id.isString())
                return QStringLiteral("\"after\" must list job ids");
            ids << (id.isDouble() ? QString::number(id.toDouble(), 'g', 17) : id.toString());
        }
        f.after = ids.join(u',');
        if (f.after.isEmpty())
            return QStringLiteral("\"after\" must list at least one job id");
    } else if (after.isDouble()) {
        f.after = QString::number(after.toDouble(), 'g', 17);
    } else if (after.isString() && !after.toString().isEmpty()) {
        f.after = after.toString();
    } else if (!after.isUndefined()) {
        return QStringLiteral("\"after\" must be a job id or a list of them");
    }
    if (const QJsonValue mutex = o.value(QLatin1String("mutex")); mutex.isArray()) {
        for (const QJsonValue &name : mutex.toArray()) {
            if (!name.isString())
                return QStringLiteral("\"mutex\" must list names (strings)");
            f.mutexes << name.toString();
        }
    } else if (mutex.isString()) {
        f.mutexes << mutex.toString();
    } else if (!mutex.isUndefined()) {
        return QStringLiteral("\"mutex\" must be a name or a list of names");
    }
    for (const auto &[key, member] : fields) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            continue;
        if (v.isDouble())
            f.*member = QString::number(v.toDouble(), 'g', 17);
        else if (v.isString() && !v.toString().isEmpty())
            f.*member = v.toString();
        else
            return QStringLiteral("\"%1\" must be a non-empty string or a number").arg(QLatin1String(key));
    }
    return {};
}

QString buildSpec(const SpecFields &f, const HandlerRegistry &handlers, qint64 nowMs, JobSpec &spec)
{
    if (f.kind.isEmpty())
        return QStringLiteral("a job kind is required");
    JobHandler *handler = handlers.find(f.kind);
    if (!handler)
        return QStringLiteral("unknown job kind \"%1\" (known: %2)").arg(f.kind, handlers.kinds().join(QStringLiteral(", ")));
    if (!f.payload.isObject())
        return QStringLiteral("the payload must be a JSON object");
    const QString invalid = handler->validate(f.payload.toObject());
    if (!invalid.isEmpty())
        return invalid;
    spec.kind = f.kind;
    spec.payload = QJsonDocument(f.payload.toObject()).toJson(QJsonDocument::Compact);
    return applySpecFields(f, nowMs, spec);
}

QString applySpecFields(const SpecFields &f, qint64 nowMs, JobSpec &spec)
{
    if (!f.queue.isEmpty())
        spec.queue = f.queue;
    bool ok = true;
    if (!f.priority.isEmpty() && ((spec.priority = f.priority.toInt(&ok)), !ok))
        return QStringLiteral("priority must be a whole number, not \"%1\"").arg(f.priority);
    if (!f.maxAttempts.isEmpty() && (((spec.maxAttempts = f.maxAttempts.toInt(&ok)), !ok) || spec.maxAttempts < 1))
        return QStringLiteral("max attempts must be a number of at least 1, not \"%1\"").arg(f.maxAttempts);
    auto duration = [](const QString &text, const char *what, qint64 &target) -> QString {
        if (text.isEmpty())
            return {};
        const auto ms = parseDuration(text);
        if (!ms)
            return QStringLiteral("bad %1 \"%2\": write a duration like 250ms, 30s, 5m, 2h or 1d")
                .arg(QLatin1String(what), text);
        target = *ms;
        return {};
    };
    if (QString e = duration(f.timeout, "timeout", spec.timeoutMs); !e.isEmpty())
        return e;
    if (QString e = duration(f.backoff, "backoff", spec.backoffMs); !e.isEmpty())
        return e;
    if (!f.in.isEmpty() && !f.at.isEmpty())
        return QStringLiteral("give either --in or --at, not both");
    qint64 delay = 0;
    if (QString e = duration(f.in, "delay", delay); !e.isEmpty())
        return e;
    if (delay > 0)
        spec.runAtMs = nowMs + delay;
    if (!f.at.isEmpty()) {
        const auto at = parseIsoTime(f.at);
        if (!at)
            return QStringLiteral("bad time \"%1\": write ISO 8601 with an offset, like 2026-03-29T02:30:00+01:00")
                .arg(f.at);
        spec.runAtMs = *at;
    }
    if (!f.after.isEmpty()) {
        if (QString e = parseParentIds(f.after, spec.after); !e.isEmpty())
            return e;
        if (spec.after.size() > kMaxParents)
            return QStringLiteral("a job can wait for at most %1 parents, not %2").arg(kMaxParents).arg(spec.after.size());
    }
    if (!f.on.isEmpty()) {
        const auto on = continueOnFromName(f.on);
        if (!on)
            return QStringLiteral("bad condition \"%1\": write success, failure or any").arg(f.on);
        if (spec.after.empty())
            return QStringLiteral("a condition (on) needs parent jobs (after)");
        spec.on = *on;
    }
    for (const QString &name : f.mutexes) {
        if (name.trimmed().isEmpty())
            return QStringLiteral("a mutex needs a name");
        if (name.size() > kMaxMutexName)
            return QStringLiteral("a mutex name has at most %1 characters").arg(kMaxMutexName);
        if (name.contains(u',') || name.contains(u'\n'))
            return QStringLiteral("bad mutex name \"%1\": no commas or line breaks").arg(name);
        if (!spec.mutexes.contains(name))
            spec.mutexes << name;
    }
    if (spec.mutexes.size() > kMaxMutexes)
        return QStringLiteral("a job can hold at most %1 mutexes, not %2").arg(kMaxMutexes).arg(spec.mutexes.size());
    spec.mutexes.sort();
    if (!f.orderKey.isEmpty()) {
        if (f.orderKey.trimmed().isEmpty())
            return QStringLiteral("an ordering key needs a name");
        if (f.orderKey.size() > kMaxOrderKey)
            return QStringLiteral("an ordering key has at most %1 characters").arg(kMaxOrderKey);
        spec.orderKey = f.orderKey;
    } else if (!f.seq.isEmpty() || !f.orderWait.isEmpty()) {
        return QStringLiteral("a sequence number (seq) or order wait needs an ordering key (order_key)");
    }
    if (!f.seq.isEmpty() && (((spec.orderSeq = f.seq.toLongLong(&ok)), !ok) || spec.orderSeq < 1))
        return QStringLiteral("a sequence number must be a whole number of at least 1, not \"%1\"").arg(f.seq);
    if (QString e = duration(f.orderWait, "order wait", spec.orderWaitMs); !e.isEmpty())
        return e;
    if (spec.continuous && !spec.orderKey.isEmpty())
        return QStringLiteral("a continuous job cannot have an ordering key");
    spec.idempotencyKey = f.key;
    spec.callbackUrl = f.callback.trimmed();
    return {};
}

} // namespace jobdeck
