#pragma once

#include "model/JobRecord.h"

#include <QHash>
#include <QObject>
#include <memory>
#include <vector>

class QWebSocket;

namespace jobdeck {

class ApiServer;
class ApiToken;
class Engine;
class StoreReader;

// GET /api/events: WebSocket clients that follow jobs as they change — each state change, progress and log
// line as one JSON text message, optionally only of one job (?job=ID), queue (?queue=Q) or kind (?kind=K). A
// caller enqueues, then listens for its job's end instead of polling. Changes of state come from the database's
// record of them, so clients hear those every process commits (another runner's, the command line's); progress
// and log lines are this runner's own. The token is checked as for every route
// (the Authorization header, or ?access_token= for browsers, which cannot set headers on a WebSocket). A client
// that reads too slowly to keep up is disconnected rather than buffered without bound. Main thread only.
class EventStream final : public QObject {
    Q_OBJECT
public:
    EventStream(Engine &engine, StoreReader &reader, ApiServer &server, const ApiToken &token, QObject *parent = nullptr);
    ~EventStream() override;

private:
    struct Filter {
        qint64 job = 0;
        QString queue;
        QString kind;
        bool accepts(qint64 jobId, const QString &jobQueue, const QString &jobKind) const;
    };
    struct Subscriber {
        QWebSocket *socket;
        Filter filter;
        JobState lastState = JobState::Queued; // of the followed job, for changes other processes make
        bool stateKnown = false;
    };

    void accept();
    void onEvents(const QList<JobEvent> &events);
    void onProgress(qint64 jobId, double fraction, const QString &text);
    void onLogged(qint64 jobId, const QList<LogLine> &lines, int dropped);
    void onExternalChange();
    // Streams the changes committed since the cursor, this runner's and other processes' alike.
    void catchUp();
    void stream(const JobEvent &event);
    void publish(qint64 jobId, const QString &queue, const QString &kind, const QByteArray &message);
    void send(Subscriber &subscriber, const QByteArray &message);
    void drop(QWebSocket *socket);

    Engine &m_engine;
    const ApiToken &m_token;
    ApiServer &m_server;
    StoreReader &m_reader;
    std::vector<Subscriber> m_subscribers;
    QHash<qint64, QPair<QString, QString>> m_running; // job -> (queue, kind) while it runs here
    qint64 m_cursor = 0; // the last change of the database's record streamed
};

} // namespace jobdeck
