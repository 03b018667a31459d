#pragma once

#include "CallbackOptions.h"
#include "model/CallbackDelivery.h"
#include "model/RetryPolicy.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

class QNetworkReply;

namespace jobdeck {

class Engine;
class StoreReader;

// Delivers the callbacks of ended jobs: claims due deliveries in the store (a lease, so that of several
// runners on one database only one posts each), POSTs the job's document without ever blocking the engine's
// thread, and records every attempt with its answer and the next try. Connection errors, timeouts, 429 and
// 5xx are retried with backoff for up to a day; any other answer ends the delivery. Part of a runner; a
// console never delivers. Main thread only.
class CallbackDeliverer final : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaxInFlight = 16;
    static constexpr qint64 kRecheckMs =
        60'000; // a delivery another process made due is found at least this often
    static constexpr qint64 kEmptyClaimPauseMs = 1000;

    CallbackDeliverer(Engine &engine, StoreReader &reader, CallbackOptions options, RetryPolicy retry,
                      QObject *parent = nullptr);
    ~CallbackDeliverer() override;

    void start();
    // Abandons the POSTs under way and records them as interrupted, due again at once (for another runner).
    void stop();
    // Looks for due deliveries now.
    void wake();

Q_SIGNALS:
    void failed(const QString &message);

private:
    void readAllowList();
    void claim();
    void post(const CallbackDelivery &delivery);
    void answered(QNetworkReply *reply);
    // Records the attempt: `retry` plans the next one unless a day has gone by.
    void record(const CallbackDelivery &delivery, int httpStatus, QString error, bool retry);
    void planNext(qint64 dueMs);

    Engine &m_engine;
    StoreReader &m_reader;
    CallbackOptions m_options;
    RetryPolicy m_retry;
    QNetworkAccessManager m_network;
    QTimer m_timer;
    QHash<QNetworkReply *, CallbackDelivery> m_inFlight; // the POSTs under way
    QStringList m_allowed;
    bool m_running = false;
    bool m_claiming = false;
};

} // namespace jobdeck
