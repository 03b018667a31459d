#include "JobDefinitionReader.h"

#include "model/Duration.h"
#include "schedule/CronParser.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>

namespace jobdeck {

namespace {

const QStringList s_settingsKeys = {QStringLiteral("schedule"),  QStringLiteral("is_singleton"),
                                    QStringLiteral("stopping_wait_time"), QStringLiteral("timeout"),
                                    QStringLiteral("max_attempts"), QStringLiteral("queue"),
                                    QStringLiteral("priority"), QStringLiteral("steps")};
constexpr qsizetype kMaxSteps = 100;

// A number of seconds (as in WebJobs' settings.job), or a duration such as "90s" or "5m".
QString readDuration(const QJsonValue &v, const QString &key, qint64 &targetMs)
{
    if (v.isDouble() && v.toDouble() >= 0) {
        targetMs = qint64(std::llround(v.toDouble() * 1000));
        return {};
    }
    if (v.isString()) {
        if (const auto ms = parseDuration(v.toString())) {
            targetMs = *ms;
            return {};
        }
    }
    return QStringLiteral("\"%1\" must be a number of seconds or a duration such as \"90s\" or \"5m\"").arg(key);
}

QString readWholeNumber(const QJsonValue &v, const QString &key, int minimum, int &target)
{
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || d != std::floor(d) || d < minimum || d > 1e9)
        return minimum > INT_MIN ? QStringLiteral("\"%1\" must be a whole number of at least %2").arg(key).arg(minimum)
                                 : QStringLiteral("\"%1\" must be a whole number").arg(key);
    target = int(d);
    return {};
}

QByteArray fileStamp(const QString &path)
{
    const QFileInfo info(path);
    return path.toUtf8() + ':' + QByteArray::number(info.size()) + ':'
        + QByteArray::number(info.lastModified().toMSecsSinceEpoch()) + ';';
}

} // namespace

const QStringList &JobDefinitionReader::entryScriptNames()
{
    static const QStringList s_names = {QStringLiteral("run.sh"), QStringLiteral("run.py"), QStringLiteral("run.js"),
                                        QStringLiteral("run")};
    return s_names;
}

QString JobDefinitionReader::readSettings(const QByteArray &json, JobDefinition &d)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return QStringLiteral("not valid JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset);
    if (!doc.isObject())
        return QStringLiteral("must be a JSON object, such as {\"is_singleton\": true}");
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!s_settingsKeys.contains(it.key()))
            return QStringLiteral("unknown setting \"%1\" (known: %2)").arg(it.key(), s_settingsKeys.join(QStringLiteral(", ")));
    }
    if (o.contains(QLatin1String("schedule"))) {
        const QJsonValue v = o.value(QLatin1String("schedule"));
        if (!v.isString())
            return QStringLiteral("\"schedule\" must be a cron expression in a string, such as \"0 3 * * *\"");
        const CronParser::Result cron = CronParser::parse(v.toString());
        if (!cron.expression)
            return QStringLiteral("\"schedule\": %1").arg(cron.error);
        d.schedule = v.toString().trimmed();
    }
    if (o.contains(QLatin1String("is_singleton"))) {
        if (!o.value(QLatin1String("is_singleton")).isBool())
            return QStringLiteral("\"is_singleton\" must be true or false");
        d.isSingleton = o.value(QLatin1String("is_singleton")).toBool();
    }
    if (o.contains(QLatin1String("stopping_wait_time"))) {
        if (QString e = readDuration(o.value(QLatin1String("stopping_wait_time")), QStringLiteral("stopping_wait_time"), d.stoppingWaitMs);
            !e.isEmpty())
            return e;
    }
    if (o.contains(QLatin1String("timeout"))) {
        if (QString e = readDuration(o.value(QLatin1String("timeout")), QStringLiteral("timeout"), d.timeoutMs); !e.isEmpty())
            return e;
    }
    if (o.contains(QLatin1String("max_attempts"))) {
        if (QString e = readWholeNumber(o.value(QLatin1String("max_attempts")), QStringLiteral("max_attempts"), 1, d.maxAttempts);
            !e.isEmpty())
            return e;
    }
    if (o.contains(QLatin1String("queue"))) {
        const QString queue = o.value(QLatin1String("queue")).toString();
        if (queue.trimmed().isEmpty())
            return QStringLiteral("\"queue\" must be a queue name");
        d.queue = queue;
    }
    if (o.contains(QLatin1String("priority"))) {
        if (QString e = readWholeNumber(o.value(QLatin1String("priority")), QStringLiteral("priority"), INT_MIN, d.priority);
            !e.isEmpty())
            return e;
    }
    if (o.contains(QLatin1String("steps"))) {
        // Checked in full (kinds, payloads) when the pipeline starts, against the handlers and definitions of then.
        const QJsonValue v = o.value(QLatin1String("steps"));
        if (!v.isArray() || v.toArray().isEmpty())
            return QStringLiteral("\"steps\" must list the pipeline's steps, such as [{\"kind\": \"render\"}, {\"kind\": \"upload\"}]");
        if (v.toArray().size() > kMaxSteps)
            return QStringLiteral("\"steps\": a pipeline has at most %1 steps").arg(kMaxSteps);
        int number = 0;
        for (const QJsonValue &step : v.toArray()) {
            ++number;
            if (!step.isObject() || !step.toObject().value(QLatin1String("kind")).isString())
                return QStringLiteral("\"steps\": step %1 must be a JSON object with a \"kind\"").arg(number);
        }
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() != QLatin1String("steps"))
                return QStringLiteral("\"%1\" is for a job with an entry script: a pipeline (\"steps\") starts with "
                                      "jobdeck run NAME, and each step takes its own queue, attempts and timeout")
                    .arg(it.key());
        }
        d.steps = v.toArray();
    }
    return {};
}

JobDefinition JobDefinitionReader::readJob(const QString &folder, JobDefinition::Type type)
{
    JobDefinition d;
    const QFileInfo info(folder);
    d.name = info.fileName();
    d.type = type;
    d.folder = QDir::cleanPath(info.absoluteFilePath());
    d.queue = type == JobDefinition::Type::Continuous ? QStringLiteral("continuous") : QStringLiteral("default");
    const QDir dir(d.folder);
    QStringList scripts;
    for (const QString &name : entryScriptNames()) {
        if (QFileInfo(dir.filePath(name)).isFile())
            scripts << name;
    }
    QByteArray stamp;
    if (scripts.size() == 1) {
        d.entryScript = dir.filePath(scripts.front());
        stamp += fileStamp(d.entryScript);
    }
    const QString settingsPath = dir.filePath(settingsFileName());
    if (QFileInfo::exists(settingsPath)) {
        QFile settings(settingsPath);
        if (!settings.open(QIODevice::ReadOnly)) {
            d.error = QStringLiteral("cannot read settings.job: %1").arg(settings.errorString());
        } else {
            const QByteArray json = settings.readAll();
            stamp += json;
            if (const QString e = readSettings(json, d); !e.isEmpty())
                d.error = QStringLiteral("settings.job: %1").arg(e);
            else if (type == JobDefinition::Type::Continuous && !d.schedule.isEmpty())
                d.error = QStringLiteral("settings.job: \"schedule\" is for triggered jobs; a continuous job runs all the time");
        }
    }
    if (d.error.isEmpty() && d.isPipeline()) {
        if (type == JobDefinition::Type::Continuous)
            d.error = QStringLiteral("settings.job: \"steps\" is for triggered jobs: a pipeline ends");
        else if (!scripts.isEmpty())
            d.error = QStringLiteral("a pipeline's steps are its work: remove %1 or \"steps\"").arg(scripts.join(QStringLiteral(", ")));
    } else if (d.error.isEmpty()) {
        if (scripts.isEmpty())
            d.error = QStringLiteral("no entry script: add run.sh, run.py, run.js or an executable file named run");
        else if (scripts.size() > 1)
            d.error = QStringLiteral("more than one entry script (%1): keep one").arg(scripts.join(QStringLiteral(", ")));
        else if (scripts.front() == QLatin1String("run") && !QFileInfo(d.entryScript).isExecutable())
            d.error = QStringLiteral("run is not executable (chmod +x %1)").arg(d.entryScript);
    }
    d.revision = QCryptographicHash::hash(stamp + d.error.toUtf8(), QCryptographicHash::Sha1).toHex();
    return d;
}

std::vector<JobDefinition> JobDefinitionReader::readFolder(const QString &dir, const QStringList &taken)
{
    std::vector<JobDefinition> out;
    for (const auto type : {JobDefinition::Type::Triggered, JobDefinition::Type::Continuous}) {
        const QDir typeDir(QDir(dir).filePath(JobDefinition::typeName(type)));
        for (const QString &name : typeDir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
            out.push_back(readJob(typeDir.filePath(name), type));
    }
    QHash<QString, int> uses;
    for (const JobDefinition &d : out)
        uses[d.name] += 1;
    for (JobDefinition &d : out) {
        if (taken.contains(d.name))
            d.error = QStringLiteral("the name \"%1\" is taken by a built-in job kind; rename the folder").arg(d.name);
        else if (uses.value(d.name) > 1)
            d.error = QStringLiteral("a triggered and a continuous job are both named \"%1\"; rename one").arg(d.name);
    }
    std::stable_sort(out.begin(), out.end(), [](const JobDefinition &a, const JobDefinition &b) { return a.name < b.name; });
    return out;
}

} // namespace jobdeck
