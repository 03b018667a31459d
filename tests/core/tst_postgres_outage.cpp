// A network that fails at the worst moment between the PostgreSQL store and its server. A real proxy on a loopback
// port stands between them and loses either the server's answer to a COMMIT (the transaction committed, but the
// writer cannot know) or the COMMIT itself (nothing committed). Either way the batch is written exactly once:
// the writer asks the server what became of the transaction before it applies the batch again.

#include "CoreTestSupport.h"
#include "storage/postgres/PostgresStore.h"
#include "storage/postgres/PostgresUrl.h"

#include <QPointer>
#include <QSemaphore>
#include <QThread>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>
#include <atomic>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {

// Forwards every connection to the server's port; armed, it loses one COMMIT or the answer to one.
class LossyProxy final : public QObject {
public:
    // Commit: the COMMIT is lost and both connections are cut. CommitAnswer: the server commits, and its answer is
    // lost. CommitHeld: the COMMIT is lost and only the client's side is cut; the server's process waits on, in its
    // transaction, as after a network drop it has not noticed.
    enum class Loss { None, Commit, CommitAnswer, CommitHeld };

    explicit LossyProxy(quint16 serverPort) : m_serverPort(serverPort)
    {
        m_listener.listen(QHostAddress::LocalHost);
        QObject::connect(&m_listener, &QTcpServer::newConnection, this, [this] { accept(); });
    }

    ~LossyProxy() override
    {
        // Sockets send their last signals while they are destroyed: none may reach a handler any more.
        for (QTcpSocket *socket : findChildren<QTcpSocket *>())
            QObject::disconnect(socket, nullptr, this, nullptr);
        for (QTcpSocket *socket : m_listener.findChildren<QTcpSocket *>())
            QObject::disconnect(socket, nullptr, this, nullptr);
    }

    quint16 port() const { return m_listener.serverPort(); }
    void arm(Loss loss) { m_loss = loss; }
    bool hasLost() const { return m_lost.load(); }

private:
    void accept()
    {
        while (QTcpSocket *client = m_listener.nextPendingConnection()) {
            auto *server = new QTcpSocket(this); // not the client's child: a held connection outlives its client
            server->connectToHost(QHostAddress::LocalHost, m_serverPort);
            if (!server->waitForConnected(10'000)) {
                server->deleteLater();
                client->abort();
                client->deleteLater();
                continue;
            }
            auto dropAnswer = std::make_shared<bool>(false);
            auto held = std::make_shared<bool>(false);
            const QPointer<QTcpSocket> c(client);
            const QPointer<QTcpSocket> s(server);
            const auto cut = [this, c, s] {
                m_lost = true;
                if (s)
                    s->abort();
                if (c) {
                    c->abort();
                    c->deleteLater();
                }
            };
            QObject::connect(client, &QTcpSocket::readyRead, this, [this, c, s, dropAnswer, held, cut] {
                if (!c || !s)
                    return;
                const QByteArray data = c->readAll();
                // A simple-protocol query ending in COMMIT, with the string's terminating zero.
                const bool commit = data.startsWith('Q') && data.contains(QByteArray("COMMIT", 7));
                if (commit && m_loss == Loss::Commit) {
                    m_loss = Loss::None;
                    cut();
                    return;
                }
                if (commit && m_loss == Loss::CommitHeld) {
                    m_loss = Loss::None;
                    m_lost = true;
                    *held = true;
                    c->abort();
                    return;
                }
                if (commit && m_loss == Loss::CommitAnswer) {
                    m_loss = Loss::None;
                    *dropAnswer = true;
                }
                s->write(data);
            });
            QObject::connect(server, &QTcpSocket::readyRead, this, [c, s, dropAnswer, cut] {
                if (!c || !s)
                    return;
                const QByteArray data = s->readAll();
                if (*dropAnswer) {
                    cut(); // the server committed and answered; the answer never arrives
                    return;
                }
                c->write(data);
            });
            QObject::connect(client, &QTcpSocket::disconnected, this, [c, s, held] {
                if (s && !*held) {
                    s->abort();
                    s->deleteLater();
                }
                if (c)
                    c->deleteLater();
            });
            QObject::connect(server, &QTcpSocket::disconnected, this, [c] {
                if (c)
                    c->disconnectFromHost();
            });
        }
    }

    QTcpServer m_listener;
    const quint16 m_serverPort;
    std::atomic<Loss> m_loss{Loss::None};
    std::atomic<bool> m_lost{false};
};

// The proxy on a thread of its own: the store connects, and waits for its server, on the test's thread.
class ProxyThread final : public QThread {
public:
    explicit ProxyThread(quint16 serverPort) : m_serverPort(serverPort)
    {
        start();
        m_ready.acquire();
    }
    ~ProxyThread() override
    {
        quit();
        wait();
    }

    quint16 port() const { return m_port; }
    LossyProxy &proxy() { return *m_proxy; }

protected:
    void run() override
    {
        LossyProxy proxy(m_serverPort);
        m_proxy = &proxy;
        m_port = proxy.port();
        m_ready.release();
        exec();
    }

private:
    const quint16 m_serverPort;
    QSemaphore m_ready;
    LossyProxy *m_proxy = nullptr; // set before m_ready is released, valid until the thread ends
    quint16 m_port = 0;
};

struct Outcome {
    std::atomic<bool> done{false};
    std::atomic<bool> ok{false};
    std::atomic<qint64> jobId{0};
};

} // namespace

class TestPostgresOutage : public QObject {
    Q_OBJECT

private:
    // Enqueues one job through a store that reaches its server through the proxy, losing `loss` on the way.
    static void enqueueThroughALossyNetwork(LossyProxy::Loss loss)
    {
        const QString direct = newPostgresDatabase();
        QString error;
        const std::optional<PostgresUrl> url = PostgresUrl::parse(direct, &error);
        QVERIFY2(url, qPrintable(error));
        ProxyThread thread(quint16(url->port()));
        LossyProxy &proxy = thread.proxy();
        QString viaProxy = direct;
        viaProxy.replace(QStringLiteral(":%1/").arg(url->port()), QStringLiteral(":%1/").arg(thread.port()));
        const std::optional<PostgresUrl> proxied = PostgresUrl::parse(viaProxy, &error);
        QVERIFY2(proxied, qPrintable(error));

        auto store = PostgresStore::open(*proxied);
        store->flush(); // the writer is connected, and nothing else is on its way
        proxy.arm(loss);
        auto outcome = std::make_shared<Outcome>();
        store->submit({EnqueueJob{makeSpec(QStringLiteral("noop"), {{QStringLiteral("n"), 1}}), 1'000}},
                      [outcome](const BatchResult &r) {
                          outcome->ok = r.ok && r.results.size() == 1 && r.results.front().created;
                          outcome->jobId = r.ok && !r.results.empty() ? r.results.front().jobId : 0;
                          outcome->done = true;
                      });
        QTRY_VERIFY_WITH_TIMEOUT(outcome->done.load(), 60'000);
        QVERIFY(proxy.hasLost());
        QVERIFY(outcome->ok.load());
        // Written once, with the id the batch was told.
        QCOMPARE(scalar(direct, QStringLiteral("SELECT count(*) FROM jobs")), qint64(1));
        QCOMPARE(scalar(direct, QStringLiteral("SELECT id FROM jobs")), outcome->jobId.load());
        QCOMPARE(scalar(direct, QStringLiteral("SELECT sum(n) FROM job_counts WHERE state = 'queued'")), qint64(1));
        // And the store goes on writing through the proxy.
        QVERIFY(store->apply({EnqueueJob{makeSpec(QStringLiteral("noop")), 2'000}}).ok);
        QCOMPARE(scalar(direct, QStringLiteral("SELECT count(*) FROM jobs")), qint64(2));
    }

private Q_SLOTS:
    void aCommitWhoseAnswerIsLostIsNotAppliedTwice() { enqueueThroughALossyNetwork(LossyProxy::Loss::CommitAnswer); }
    void aCommitThatNeverArrivedIsAppliedOnce() { enqueueThroughALossyNetwork(LossyProxy::Loss::Commit); }
    // The server's process still holds the transaction (and the writer lock): the writer ends it, then applies
    // the batch once.
    void aTransactionLeftOpenByALostClientIsEndedAndAppliedOnce()
    {
        enqueueThroughALossyNetwork(LossyProxy::Loss::CommitHeld);
    }
};

QTEST_GUILESS_MAIN(TestPostgresOutage)
#include "tst_postgres_outage.moc"
