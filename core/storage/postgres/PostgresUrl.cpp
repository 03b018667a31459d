#include "PostgresUrl.h"

#include <QUrl>
#include <libpq-fe.h>
#include <QUrlQuery>

namespace jobdeck {

namespace {

// libpq's own parameters that may follow `?`; anything else is a typo the user would rather hear about.
const QStringList s_parameters = {
    QStringLiteral("sslmode"),
    QStringLiteral("sslrootcert"),
    QStringLiteral("sslcert"),
    QStringLiteral("sslkey"),
    QStringLiteral("sslcrl"),
    QStringLiteral("sslpassword"),
    QStringLiteral("connect_timeout"),
    QStringLiteral("application_name"),
    QStringLiteral("target_session_attrs"),
    QStringLiteral("passfile"),
    QStringLiteral("options"),
    QStringLiteral("keepalives"),
    QStringLiteral("keepalives_idle"),
    QStringLiteral("keepalives_interval"),
    QStringLiteral("keepalives_count"),
    QStringLiteral("tcp_user_timeout"),
    QStringLiteral("host"),
    QStringLiteral("port"),
    QStringLiteral("user"),
    QStringLiteral("dbname"),
    QStringLiteral("channel_binding"),
    QStringLiteral("gssencmode"),
    QStringLiteral("service"),
};

const QStringList s_sslModes = {QStringLiteral("disable"),   QStringLiteral("allow"),
                                QStringLiteral("prefer"),    QStringLiteral("require"),
                                QStringLiteral("verify-ca"), QStringLiteral("verify-full")};

} // namespace

bool PostgresUrl::isPostgres(const QString &text)
{
    return text.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) ||
           text.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
}

std::optional<PostgresUrl> PostgresUrl::parse(const QString &text, QString *error)
{
    auto refuse = [error](const QString &why) {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (!isPostgres(text))
        return refuse(QStringLiteral("a PostgreSQL database is named postgresql://user@host[:port]/dbname"));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return refuse(QStringLiteral(
            "malformed PostgreSQL URL (write it as postgresql://user[:password]@host[:port]/dbname)"));

    PostgresUrl result;
    result.m_text = text;
    result.m_user = url.userName(QUrl::FullyDecoded);
    result.m_password = url.password(QUrl::FullyDecoded);
    result.m_host = url.host(QUrl::FullyDecoded);
    result.m_database = url.path(QUrl::FullyDecoded).mid(1);
    const QUrlQuery query(url);
    if (url.port() == 0)
        return refuse(QStringLiteral("the port of a PostgreSQL URL must be a number from 1 to 65535"));
    if (url.port() > 0)
        result.m_port = url.port();
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!s_parameters.contains(key))
            return refuse(QStringLiteral("unknown parameter \"%1\" in the PostgreSQL URL").arg(key));
        if (key == QLatin1String("sslmode") && !s_sslModes.contains(value))
            return refuse(QStringLiteral("sslmode must be one of %1, not \"%2\"")
                              .arg(s_sslModes.join(QStringLiteral(", ")), value));
        if (key == QLatin1String("host") && result.m_host.isEmpty())
            result.m_host = value;
        if (key == QLatin1String("dbname") && result.m_database.isEmpty())
            result.m_database = value;
    }
    if (result.m_database.isEmpty())
        return refuse(QStringLiteral("the PostgreSQL URL names no database (postgresql://user@host/dbname)"));
    if (result.m_database.contains(u'/'))
        return refuse(
            QStringLiteral("malformed database name \"%1\" in the PostgreSQL URL").arg(result.m_database));

    QUrl shown = url;
    shown.setPassword(QString());
    shown.setQuery(QString());
    result.m_display = shown.toString();
    if (!query.isEmpty()) {
        QUrlQuery shownQuery;
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
            shownQuery.addQueryItem(key, key == QLatin1String("sslpassword") ? QStringLiteral("***") : value);
        result.m_display += u'?' + shownQuery.toString(QUrl::FullyEncoded);
    }
    return result;
}

QString PostgresUrl::scrub(const QString &message) const
{
    if (m_password.isEmpty())
        return message;
    QString clean = message;
    clean.replace(m_password, QStringLiteral("***"));
    return clean;
}

QList<QPair<QByteArray, QByteArray>> PostgresUrl::settings() const
{
    QList<QPair<QByteArray, QByteArray>> out;
    const QByteArray text = connectionString();
    PQconninfoOption *options = PQconninfoParse(text.constData(), nullptr);
    if (!options)
        return out;
    for (const PQconninfoOption *o = options; o->keyword; ++o) {
        if (o->val && *o->val)
            out.append({QByteArray(o->keyword), QByteArray(o->val)});
    }
    PQconninfoFree(options);
    return out;
}

QList<QPair<QByteArray, QByteArray>> PostgresUrl::defaults()
{
    return {{"connect_timeout", "10"}, {"keepalives_idle", "10"}, {"keepalives_interval", "5"},
            {"keepalives_count", "3"}, {"application_name", "jobdeck"}};
}

} // namespace jobdeck
