#include "OpenApiDocument.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

// A static library's resources are linked in only when something names them.
static void initApiResources()
{
    Q_INIT_RESOURCE(api);
}

namespace jobdeck {

QJsonObject OpenApiDocument::build(const ApiRouter &router)
{
    initApiResources();
    QFile file(QStringLiteral(":/jobdeck/api/openapi-operations.json"));
    const bool opened = file.open(QIODevice::ReadOnly);
    Q_ASSERT(opened);
    const QJsonObject described = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonObject operations = described.value(QLatin1String("operations")).toObject();

    QJsonObject paths;
    for (const ApiRouter::Route &route : router.routes()) {
        const QString key = QString::fromLatin1(route.method) + u' ' + route.pattern;
        QJsonObject operation = operations.value(key).toObject();
        if (operation.isEmpty())
            operation.insert(QStringLiteral("x-undescribed"), true);
        QJsonArray parameters = operation.value(QLatin1String("parameters")).toArray();
        for (const QString &segment : route.segments) {
            if (segment.startsWith(u'{'))
                parameters.prepend(QJsonObject{{QStringLiteral("name"), segment.mid(1, segment.size() - 2)},
                                               {QStringLiteral("in"), QStringLiteral("path")},
                                               {QStringLiteral("required"), true},
                                               {QStringLiteral("schema"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}});
        }
        if (!parameters.isEmpty())
            operation.insert(QStringLiteral("parameters"), parameters);
        QJsonObject responses = operation.value(QLatin1String("responses")).toObject();
        if (route.access == ApiRouter::Access::Token && !responses.contains(QLatin1String("401")))
            responses.insert(QStringLiteral("401"), QJsonObject{{QStringLiteral("description"), QStringLiteral("No token, or a wrong one.")}});
        operation.insert(QStringLiteral("responses"), responses);
        QJsonObject path = paths.value(route.pattern).toObject();
        path.insert(QString::fromLatin1(route.method).toLower(), operation);
        paths.insert(route.pattern, path);
    }
    return QJsonObject{
        {QStringLiteral("openapi"), QStringLiteral("3.1.0")},
        {QStringLiteral("info"), QJsonObject{{QStringLiteral("title"), QStringLiteral("Jobdeck")},
                                             {QStringLiteral("version"), QCoreApplication::applicationVersion()},
                                             {QStringLiteral("description"),
                                              QStringLiteral("Start jobs and follow them on a Jobdeck runner.")}}},
        {QStringLiteral("security"), QJsonArray{QJsonObject{{QStringLiteral("bearer"), QJsonArray()}}}},
        {QStringLiteral("components"), described.value(QLatin1String("components"))},
        {QStringLiteral("paths"), paths},
    };
}

} // namespace jobdeck
