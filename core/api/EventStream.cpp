#include "EventStream.h"

#include "ApiServer.h"
#include "ApiToken.h"
#include "model/Duration.h"
#include "model/JobJson.h"
#include "model/JobState.h"
#include "runner/Engine.h"
#include "storage/StoreError.h"
#include "storage/StoreReader.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>

namespace jobdeck {

namespace {

// A client this far behind is not keeping up; dropping it bounds the memory it can cost.
constexpr qint64 kMaxUnsentBytes = 4 << 20;
constexpr int kCatchUpBatch = 1000; // changes read at once
constexpr int kCatchUpRounds = 10;  // reads before the thread is given back

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray stateMessage(qint64 jobId, const QString &queue, const QString &kind, JobState from, JobState to,
                        const QString &reason, qint64 atMs, bool removed)
{
    return compact(QJsonObject{{QStringLiteral("type"), removed ? QStringLiteral("removed") : QStringLiteral("state")},
                               {QStringLiteral("job_id"), jobId},
                               {QStringLiteral("queue"), queue},
                               {QStringLiteral("kind"), kind},
                               {QStringLiteral("from"), stateName(from)},
                               {QStringLiteral("to"), stateName(to)},
                               {QStringLiteral("final"), isFinal(to)},
                               {QStringLiteral("reason"), reason},
                               {QStringLiteral("at"), formatIsoTime(atMs)}});
}

} // namespace

bool EventStream::Filter::accepts(qint64 jobId, const QString &jobQueue, const QString &jobKind) const
{
    return (job == 0 || job == jobId) && (queue.isEmpty() || queue == jobQueue) && (kind.isEmpty() || kind == jobKind);
}

EventStream::EventStream(Engine &engine, StoreReader &reader, ApiServer &server, const ApiToken &token, QObject *parent)
    : QObject(parent), m_engine(engine), m_token(token), m_server(server), m_reader(reader)
{
    connect(&server, &ApiServer::newWebSocketConnection, this, &EventStream::accept);
    // The path answers plain requests too, saying how to connect.
    server.router().add("GET", QStringLiteral("/api/events"), [](const ApiRequest &, const RouteParams &, const ApiReply &reply) {
        HttpResponse response = HttpResponse::error(426, "upgrade_required", QStringLiteral("connect with a WebSocket"));
        response.headers << qMakePair(QByteArray("Upgrade"), QByteArray("websocket"));
        reply.send(response);
    });
    connect(&engine, &Engine::jobsChanged, this, &EventStream::onEvents);
    connect(&engine, &Engine::progressChanged, this, &EventStream::onProgress);
    connect(&engine, &Engine::logged, this, &EventStream::onLogged);
    connect(&engine, &Engine::externalChange, this, &EventStream::onExternalChange);
}

EventStream::~EventStream()
{
    for (const Subscriber &s : m_subscribers) {
        s.socket->disconnect(this);
        s.socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("the runner is stopping"));
        s.socket->deleteLater();
    }
}

void EventStream::accept()
{
    while (m_server.hasPendingWebSocketConnections()) {
        QWebSocket *socket = m_server.nextPendingWebSocketConnection().release();
        socket->setParent(this);
        const QUrl url = socket->requestUrl();
        const QUrlQuery query(url);
        const auto refuse = [socket](QWebSocketProtocol::CloseCode code, const QString &why) {
            // Deleted once the closing handshake is over, so the client hears the code and why.
            connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            QTimer::singleShot(10'000, socket, &QObject::deleteLater);
            socket->close(code, why);
        };
        if (url.path() != QLatin1String("/api/events")) {
            refuse(QWebSocketProtocol::CloseCodeProtocolError, QStringLiteral("WebSockets are served on /api/events only"));
            continue;
        }
        QByteArray presented = socket->request().rawHeader("Authorization");
        presented = presented.size() > 7 && presented.left(7).toLower() == "bearer " ? presented.mid(7).trimmed()
                                                                                      : query.queryItemValue(QStringLiteral("access_token")).toUtf8();
        if (!m_token.matches(presented)) {
            refuse(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("unauthorized: send the API token"));
            continue;
        }
        Subscriber s{socket, {}, JobState::Queued, false};
        if (const QString job = query.queryItemValue(QStringLiteral("job")); !job.isEmpty()) {
            bool ok = false;
            s.filter.job = job.toLongLong(&ok);
            if (!ok || s.filter.job <= 0) {
                refuse(QWebSocketProtocol::CloseCodeProtocolError, QStringLiteral("job=%1 is not a job id").arg(job));
                continue;
            }
        }
        s.filter.queue = query.queryItemValue(QStringLiteral("queue"));
        s.filter.kind = query.queryItemValue(QStringLiteral("kind"));
        // Nothing is read from clients; their messages are ignored.
        connect(socket, &QWebSocket::disconnected, this, [this, socket] { drop(socket); });
        if (m_subscribers.empty()) {
            // With no one listening the record was not followed: the first client hears what comes next.
            try {
                m_cursor = m_reader.lastEventId();
            } catch (const StoreError &) {
            }
        }
        m_subscribers.push_back(s);
        Subscriber &added = m_subscribers.back();
        // A client following one job first hears where it stands, so it cannot miss an end that came before.
        if (added.filter.job) {
            try {
                if (const auto job = m_reader.job(added.filter.job)) {
                    added.lastState = job->state;
                    added.stateKnown = true;
                    send(added, compact(QJsonObject{{QStringLiteral("type"), QStringLiteral("snapshot")},
                                                    {QStringLiteral("job"), JobJson::job(*job, {})}}));
                }
            } catch (const StoreError &) {
            }
        }
    }
}

void EventStream::onEvents(const QList<JobEvent> &events)
{
    bool changed = false;
    for (const JobEvent &e : events) {
        if (e.to == JobState::Running && !e.removed)
            m_running.insert(e.jobId, {e.queue, e.kind});
        else
            m_running.remove(e.jobId);
        // A deletion leaves no record of itself in the database: it goes out from here. The rest is read back,
        // in the order the database committed it, with the changes of other processes.
        if (e.removed)
            stream(e);
        else
            changed = true;
    }
    if (changed)
        catchUp();
}

void EventStream::catchUp()
{
    if (m_subscribers.empty())
        return;
    try {
        for (int round = 0; round < kCatchUpRounds; ++round) {
            const std::vector<JobEvent> events = m_reader.eventsAfter(m_cursor, kCatchUpBatch);
            for (const JobEvent &e : events) {
                m_cursor = e.eventId;
                stream(e);
            }
            if (int(events.size()) < kCatchUpBatch)
                return;
        }
        // A great burst from another process: the rest on the next turn, so the thread is not held.
        QTimer::singleShot(0, this, &EventStream::catchUp);
    } catch (const StoreError &) {
        // Read again at the next change.
    }
}

void EventStream::stream(const JobEvent &e)
{
    QByteArray message;
    for (Subscriber &s : m_subscribers) {
        if (!s.filter.accepts(e.jobId, e.queue, e.kind))
            continue;
        if (s.filter.job) {
            // A change the snapshot already showed is not told again.
            if (!e.removed && s.stateKnown && s.lastState == e.to)
                continue;
            s.lastState = e.to;
            s.stateKnown = !e.removed;
        }
        if (message.isEmpty())
            message = stateMessage(e.jobId, e.queue, e.kind, e.from, e.to, e.reason, e.atMs, e.removed);
        send(s, message);
    }
}

void EventStream::onProgress(qint64 jobId, double fraction, const QString &text)
{
    if (m_subscribers.empty())
        return;
    const auto where = m_running.value(jobId);
    publish(jobId, where.first, where.second,
            compact(QJsonObject{{QStringLiteral("type"), QStringLiteral("progress")},
                                {QStringLiteral("job_id"), jobId},
                                {QStringLiteral("fraction"), fraction},
                                {QStringLiteral("text"), text}}));
}

void EventStream::onLogged(qint64 jobId, const QList<LogLine> &lines, int dropped)
{
    if (m_subscribers.empty())
        return;
    const auto where = m_running.value(jobId);
    for (const LogLine &line : lines) {
        QJsonObject o = JobJson::logLine(line);
        o.insert(QStringLiteral("type"), QStringLiteral("log"));
        o.insert(QStringLiteral("job_id"), jobId);
        publish(jobId, where.first, where.second, compact(o));
    }
    if (dropped > 0)
        publish(jobId, where.first, where.second,
                compact(QJsonObject{{QStringLiteral("type"), QStringLiteral("log_skipped")},
                                    {QStringLiteral("job_id"), jobId},
                                    {QStringLiteral("lines"), dropped}}));
}

void EventStream::onExternalChange()
{
    // Another process committed: its changes of state are in the database's record, read from where this left.
    catchUp();
    // A deletion by another process leaves no record: a client following that job is told it is gone.
    for (Subscriber &s : m_subscribers) {
        if (!s.filter.job || !s.stateKnown)
            continue;
        try {
            if (!m_reader.job(s.filter.job)) {
                send(s, stateMessage(s.filter.job, {}, {}, s.lastState, s.lastState, QStringLiteral("deleted"),
                                     m_engine.clock().nowMs(), true));
                s.stateKnown = false;
            }
        } catch (const StoreError &) {
        }
    }
}

void EventStream::publish(qint64 jobId, const QString &queue, const QString &kind, const QByteArray &message)
{
    for (Subscriber &s : m_subscribers) {
        // Progress and log lines of a job whose queue is not known here reach only clients that filter by job.
        if ((queue.isEmpty() && (!s.filter.queue.isEmpty() || !s.filter.kind.isEmpty())) || !s.filter.accepts(jobId, queue, kind))
            continue;
        send(s, message);
    }
}

void EventStream::send(Subscriber &subscriber, const QByteArray &message)
{
    if (subscriber.socket->bytesToWrite() > kMaxUnsentBytes) {
        QWebSocket *socket = subscriber.socket;
        QMetaObject::invokeMethod(this, [this, socket] {
            socket->close(QWebSocketProtocol::CloseCodeTooMuchData, QStringLiteral("too far behind"));
            drop(socket);
        }, Qt::QueuedConnection);
        return;
    }
    subscriber.socket->sendTextMessage(QString::fromUtf8(message));
}

void EventStream::drop(QWebSocket *socket)
{
    const auto it = std::find_if(m_subscribers.begin(), m_subscribers.end(), [socket](const Subscriber &s) { return s.socket == socket; });
    if (it == m_subscribers.end())
        return;
    m_subscribers.erase(it);
    socket->deleteLater();
}

} // namespace jobdeck
