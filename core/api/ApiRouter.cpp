#include "ApiRouter.h"

#include <QUrl>
#include <limits>

namespace jobdeck {

namespace {

QStringList segmentsOf(const QString &pattern)
{
    return pattern.split(u'/', Qt::SkipEmptyParts);
}

// Split before decoding: a name holding a slash (a schedule jobs/backup) arrives as one segment, jobs%2Fbackup.
QStringList decodedSegmentsOf(const QString &encodedPath)
{
    QStringList segments = segmentsOf(encodedPath);
    for (QString &segment : segments)
        segment = QUrl::fromPercentEncoding(segment.toUtf8());
    return segments;
}

bool matches(const QStringList &pattern, const QStringList &path, RouteParams &params)
{
    if (pattern.size() != path.size())
        return false;
    RouteParams found;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QString &p = pattern[i];
        if (p.startsWith(u'{') && p.endsWith(u'}'))
            found.insert(p.mid(1, p.size() - 2), path[i]);
        else if (p != path[i])
            return false;
    }
    params = std::move(found);
    return true;
}

} // namespace

void ApiRouter::add(const QByteArray &method, const QString &pattern, RouteHandler handler, Access access)
{
    m_routes.push_back(Route{method, pattern, segmentsOf(pattern), access, std::move(handler)});
}

ApiRouter::Match ApiRouter::match(const QByteArray &method, const QString &encodedPath) const
{
    // A literal segment wins over a parameter: of the routes whose pattern fits the path, only those with the
    // fewest parameters count, so "GET /api/jobs/batch" is a wrong method on the batch route, not job "batch".
    Match result;
    const QStringList segments = decodedSegmentsOf(encodedPath);
    int fewest = std::numeric_limits<int>::max();
    for (const Route &route : m_routes) {
        RouteParams params;
        if (!matches(route.segments, segments, params))
            continue;
        const int count = int(params.size());
        if (count > fewest)
            continue;
        if (count < fewest) {
            fewest = count;
            result = Match{};
        }
        if (route.method == method) {
            result.route = &route;
            result.params = std::move(params);
        } else if (!result.allowed.contains(route.method)) {
            result.allowed << route.method;
        }
    }
    return result;
}

} // namespace jobdeck
