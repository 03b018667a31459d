#include "CallbackUrl.h"

#include <QHostAddress>
#include <QRegularExpression>
#include <QUrl>

namespace jobdeck::CallbackUrl {

bool isLoopback(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString masked(const QString &url)
{
    // The authority runs from "//" to the next '/', '?' or '#'; userinfo ends at its last '@'.
    const qsizetype start = url.indexOf(QLatin1String("//"));
    if (start < 0) {
        // Not a URL with an authority, yet it may still hold a password before an '@'.
        const qsizetype at = url.lastIndexOf(u'@');
        return at < 0 ? url : QLatin1String("***") + url.mid(at);
    }
    qsizetype end = url.size();
    for (const QChar c : {u'/', u'?', u'#'}) {
        const qsizetype at = url.indexOf(c, start + 2);
        if (at >= 0 && at < end)
            end = at;
    }
    const qsizetype at = url.lastIndexOf(u'@', end - 1);
    if (at < start + 2)
        return url;
    return url.left(start + 2) + QLatin1String("***") + url.mid(at);
}

CallbackUrlCheck check(const QString &text, const QStringList &allowedHosts)
{
    const QString shown = masked(text);
    const QUrl url(text, QUrl::StrictMode);
    if (text.trimmed().isEmpty() || !url.isValid() || url.isRelative())
        return {CallbackUrlError::Malformed,
                QStringLiteral("bad callback URL \"%1\": write an absolute URL like "
                               "http://127.0.0.1:8080/done")
                    .arg(shown)};
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return {CallbackUrlError::BadScheme,
                QStringLiteral("bad callback URL \"%1\": only http and https are allowed").arg(shown)};
    const QString host = url.host();
    if (host.isEmpty())
        return {CallbackUrlError::NoHost,
                QStringLiteral("bad callback URL \"%1\": it has no host").arg(shown)};
    if (!isLoopback(host) && !allowedHosts.contains(host.toLower()))
        return {
            CallbackUrlError::HostNotAllowed,
            QStringLiteral("callback host \"%1\" is not allowed: only loopback hosts are, unless a runner's "
                           "--callback-allow or the window's settings allow it")
                .arg(host)};
    return {};
}

QString errorCode(CallbackUrlError error)
{
    return error == CallbackUrlError::HostNotAllowed ? QStringLiteral("callback_host_not_allowed")
                                                     : QStringLiteral("bad_callback_url");
}

QStringList parseHosts(const QString &setting)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    QStringList hosts;
    for (const QString &host : setting.split(separators, Qt::SkipEmptyParts)) {
        const QString h = host.toLower();
        if (!hosts.contains(h))
            hosts << h;
    }
    return hosts;
}

QString formatHosts(const QStringList &hosts)
{
    return parseHosts(hosts.join(u',')).join(u',');
}

} // namespace jobdeck::CallbackUrl
