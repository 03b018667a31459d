#include "ApiService.h"

#include "ApiServer.h"
#include "CallbackHosts.h"
#include "EventStream.h"
#include "JobRoutes.h"
#include "MetricsRoute.h"
#include "OpenApiDocument.h"
#include "PipelineRoutes.h"
#include "QueueRoutes.h"
#include "ScheduleRoutes.h"
#include "runner/Engine.h"
#include "storage/JobStore.h"
#include "storage/ReadThread.h"
#include "storage/StoreReader.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

namespace jobdeck {

namespace {

std::optional<QSslConfiguration> loadTls(const ApiOptions &o, QString *error)
{
    QFile certFile(o.tlsCertificate);
    if (!certFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read --tls-cert %1: %2").arg(o.tlsCertificate, certFile.errorString());
        return std::nullopt;
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromDevice(&certFile, QSsl::Pem);
    if (chain.isEmpty()) {
        *error = QStringLiteral("--tls-cert %1 holds no PEM certificate").arg(o.tlsCertificate);
        return std::nullopt;
    }
    QFile keyFile(o.tlsKey);
    if (!keyFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read --tls-key %1: %2").arg(o.tlsKey, keyFile.errorString());
        return std::nullopt;
    }
    const QByteArray pem = keyFile.readAll();
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull()) {
        *error = QStringLiteral("--tls-key %1 holds no unencrypted PEM RSA or EC private key").arg(o.tlsKey);
        return std::nullopt;
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}

} // namespace

ApiService::ApiService(Engine &engine, ApiOptions options, QObject *parent)
    : QObject(parent), m_engine(engine), m_options(std::move(options))
{
}

ApiService::~ApiService()
{
    // The routes read through m_reader, so they go before it does.
    qDeleteAll(findChildren<QObject *>(Qt::FindDirectChildrenOnly));
}

bool ApiService::start(QString *error)
{
    Q_ASSERT(!m_server);
    const bool wantsTls = !m_options.tlsCertificate.isEmpty() || !m_options.tlsKey.isEmpty();
    if (wantsTls && (m_options.tlsCertificate.isEmpty() || m_options.tlsKey.isEmpty())) {
        *error = QStringLiteral("give both --tls-cert and --tls-key");
        return false;
    }
    if (!m_options.address.isLoopback() && !wantsTls && !m_options.insecure) {
        *error = QStringLiteral("--http %1 is reachable from other machines, and the token would cross the network in "
                                "the clear: give --tls-cert FILE --tls-key FILE, or --insecure-http if you really mean it")
                     .arg(m_options.address.toString());
        return false;
    }
    std::optional<QSslConfiguration> tls;
    if (wantsTls) {
        if (!QSslSocket::supportsSsl()) {
            *error = QStringLiteral("this system's Qt has no TLS backend, so --tls-cert cannot be served");
            return false;
        }
        tls = loadTls(m_options, error);
        if (!tls)
            return false;
    }
    auto token = ApiToken::load(m_engine.store().location(), true, error);
    if (!token)
        return false;
    m_tokenSource = token->source();
    auto *server = new ApiServer(std::move(*token), m_options.limits, this);
    if (!server->listen(m_options.address, tls, error)) {
        delete server;
        return false;
    }
    m_server = server;
    // One read connection serves every route: they all run on this thread.
    m_reader = m_engine.store().openReader();
    m_scheduleReader = m_engine.store().openScheduleReader();
    // Pages, documents and counts are read on a thread of their own: the thread serving the API (the window's,
    // or the runner's) never waits for a read that grows with the data.
    m_reads = std::make_unique<ReadThread>(m_engine.store());
    auto *callbackHosts = new CallbackHosts(m_engine, *m_reader, this);
    new JobRoutes(m_engine, *m_reader, *m_reads, *callbackHosts, m_server->router(), this);
    new QueueRoutes(m_engine, *m_reads, m_server->router(), this);
    new PipelineRoutes(m_engine, *callbackHosts, *m_reads, m_server->router(), this);
    new ScheduleRoutes(m_engine, *m_scheduleReader, *m_reads, m_server->router(), this);
    new MetricsRoute(m_engine, *m_reads, m_server->router(), this);
    new EventStream(m_engine, *m_reader, *m_server, m_server->token(), this);
    m_server->router().add("GET", QStringLiteral("/api/openapi.json"),
                           [router = &m_server->router()](const ApiRequest &, const RouteParams &, const ApiReply &reply) {
                               reply.send(HttpResponse::json(200, OpenApiDocument::build(*router)));
                           });
    return true;
}

quint16 ApiService::port() const
{
    return m_server ? m_server->port() : 0;
}

QString ApiService::url() const
{
    HttpAddress bound = m_options.address;
    bound.port = port();
    return (m_server && m_server->usesTls() ? QStringLiteral("https://") : QStringLiteral("http://")) + bound.toString();
}

} // namespace jobdeck
