#pragma once

#include "HttpAddress.h"
#include "HttpLimits.h"

#include <QObject>
#include <memory>
#include <optional>

namespace jobdeck {

class ApiServer;
class Engine;
class ReadThread;
class ScheduleReader;
class StoreReader;

// How the runner serves its HTTP API (--http, --tls-cert, --tls-key, --insecure-http, --http-connections).
struct ApiOptions {
    HttpAddress address;
    QString tlsCertificate; // PEM files; both or neither
    QString tlsKey;
    bool insecure = false;  // plain HTTP on a non-loopback address, asked for explicitly
    HttpLimits limits;
};

// The HTTP API of one runner or window: its token, server and routes over the engine. Main thread only.
class ApiService final : public QObject {
    Q_OBJECT
public:
    ApiService(Engine &engine, ApiOptions options, QObject *parent = nullptr);
    ~ApiService() override;

    // Loads the token (generating it beside the database at first use) and TLS files, and listens. False with
    // `error` set on any problem; nothing is served then.
    bool start(QString *error);
    quint16 port() const;
    // "http://127.0.0.1:8080" (https with TLS), with the port actually bound.
    QString url() const;
    // Where the token is kept: a file path, or JOBDECK_API_TOKEN.
    QString tokenSource() const { return m_tokenSource; }
    ApiServer *server() const { return m_server; }

private:
    Engine &m_engine;
    ApiOptions m_options;
    ApiServer *m_server = nullptr;
    QString m_tokenSource;
    std::unique_ptr<StoreReader> m_reader; // shared by the routes, which ~ApiService deletes first
    std::unique_ptr<ScheduleReader> m_scheduleReader; // the same
    std::unique_ptr<ReadThread> m_reads;                // the same
};

} // namespace jobdeck
