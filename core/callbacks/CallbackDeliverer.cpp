#include "CallbackDeliverer.h"

#include "CallbackUrl.h"
#include "model/Duration.h"
#include "model/JobDocument.h"
#include "runner/Engine.h"
#include "storage/StoreError.h"
#include "storage/StoreReader.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>
#include <algorithm>

namespace jobdeck {

namespace {

constexpr qint64 kLeaseMarginMs = 60'000; // a lease outlives the POST's timeout by this much

QString statusText(int status, const QNetworkReply *reply)
{
    const QString phrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    return phrase.isEmpty() ? QStringLiteral("HTTP %1").arg(status)
                            : QStringLiteral("HTTP %1 %2").arg(status).arg(phrase);
}

} // namespace

CallbackDeliverer::CallbackDeliverer(Engine &engine, StoreReader &reader, CallbackOptions options,
                                     RetryPolicy retry, QObject *parent)
    : QObject(parent), m_engine(engine), m_reader(reader), m_options(std::move(options)),
      m_retry(std::move(retry))
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &CallbackDeliverer::wake);
    // A redirect is an answer, not a new destination: following it would leave the allow list behind.
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    connect(&m_network, &QNetworkAccessManager::finished, this, &CallbackDeliverer::answered);
}

CallbackDeliverer::~CallbackDeliverer()
{
    Q_ASSERT_X(!m_running, "CallbackDeliverer", "destroyed without stop()");
}

void CallbackDeliverer::start()
{
    m_running = true;
    readAllowList();
    // The runner's --callback-allow joins the stored list, so that enqueues from other processes see it too.
    QStringList hosts = m_allowed;
    for (const QString &host : CallbackUrl::parseHosts(m_options.allowHosts.join(u',')))
        if (!hosts.contains(host))
            hosts << host;
    if (hosts != m_allowed) {
        m_allowed = hosts;
        // Committed before the runner reports it started, so a script may enqueue to these hosts right after.
        const BatchResult r =
            m_engine.store().apply({SetSetting{CallbackUrl::kAllowSetting, CallbackUrl::formatHosts(hosts)}});
        if (!r.ok)
            Q_EMIT failed(r.error);
    }
    wake();
}

void CallbackDeliverer::readAllowList()
{
    try {
        m_allowed = CallbackUrl::parseHosts(m_reader.setting(CallbackUrl::kAllowSetting, {}));
    } catch (const StoreError &e) {
        Q_EMIT failed(e.message());
    }
}

void CallbackDeliverer::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_timer.stop();
    const auto inFlight = m_inFlight;
    m_inFlight.clear();
    for (auto it = inFlight.cbegin(); it != inFlight.cend(); ++it) {
        QNetworkReply *reply = it.key();
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
        // Due again at once: the runner that takes it over sends it again under the same delivery id.
        RecordCallbackAttempt r;
        r.deliveryId = it->id;
        r.owner = m_engine.runnerId();
        r.atMs = m_engine.clock().nowMs();
        r.error = QStringLiteral("the runner stopped before an answer came");
        r.nextTryAtMs = r.atMs;
        m_engine.submit({r});
    }
}

void CallbackDeliverer::wake()
{
    if (!m_running)
        return;
    if (m_claiming)
        return; // the claim wakes it again when it comes back
    if (m_inFlight.size() >= kMaxInFlight)
        return; // an answer wakes it again
    qint64 due = 0;
    try {
        readAllowList(); // the window's settings may have changed it
        due = m_reader.nextCallbackDueMs();
    } catch (const StoreError &e) {
        Q_EMIT failed(e.message());
        planNext(0);
        return;
    }
    // A read, not a write, tells whether anything is due: most jobs that end have no callback.
    if (due == 0 || due > m_engine.clock().nowMs())
        return planNext(due);
    claim();
}

void CallbackDeliverer::claim()
{
    const qint64 now = m_engine.clock().nowMs();
    ClaimCallbacks c{m_engine.runnerId(), now, now + m_options.timeoutMs + kLeaseMarginMs,
                     int(kMaxInFlight - m_inFlight.size())};
    m_claiming = true;
    m_engine.submit({c}, this, [this](const BatchResult &r) {
        m_claiming = false;
        if (!r.ok) {
            Q_EMIT failed(r.error);
            planNext(0);
            return;
        }
        std::vector<CallbackDelivery> claimed =
            r.results.empty() ? std::vector<CallbackDelivery>{} : r.results.front().deliveries;
        if (!m_running) {
            // Stopped while the claim was on its way: hand them back untouched.
            for (const CallbackDelivery &d : claimed) {
                RecordCallbackAttempt back{d.id,
                                           m_engine.runnerId(),
                                           m_engine.clock().nowMs(),
                                           0,
                                           QStringLiteral("the runner stopped before sending it"),
                                           m_engine.clock().nowMs(),
                                           false};
                m_engine.submit({back});
            }
            return;
        }
        if (claimed.empty()) {
            // Another runner took what was due; never a loop of empty claims.
            planNext(m_engine.clock().nowMs() + kEmptyClaimPauseMs);
            return;
        }
        for (const CallbackDelivery &d : claimed)
            post(d);
        // More may be due (beyond this claim's limit, or made due while it was on its way); otherwise this
        // plans the timer for the next one.
        wake();
    });
}

void CallbackDeliverer::post(const CallbackDelivery &d)
{
    const CallbackUrlCheck allowed = CallbackUrl::check(d.url, m_allowed);
    if (!allowed)
        return record(d, 0, allowed.message, false);
    QByteArray body;
    try {
        const auto job = m_reader.job(d.jobId);
        if (!job)
            return record(d, 0, QStringLiteral("the job was deleted"), false);
        body = QJsonDocument(JobDocument::read(m_reader, *job)).toJson(QJsonDocument::Compact);
    } catch (const StoreError &e) {
        return record(d, 0, QStringLiteral("the job could not be read: %1").arg(e.message()), true);
    }
    QUrl url(d.url);
    QNetworkRequest request;
    // Userinfo becomes a Basic authorization header and leaves the URL, so nothing downstream can print it.
    if (!url.userInfo().isEmpty()) {
        const QByteArray credentials =
            url.userName(QUrl::FullyDecoded).toUtf8() + ':' + url.password(QUrl::FullyDecoded).toUtf8();
        request.setRawHeader("Authorization", "Basic " + credentials.toBase64());
        url.setUserInfo({});
    }
    request.setUrl(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Jobdeck"));
    request.setRawHeader("Jobdeck-Job-Id", QByteArray::number(d.jobId));
    request.setRawHeader("Jobdeck-Delivery-Id", QByteArray::number(d.id));
    request.setRawHeader("Idempotency-Key", "jobdeck-delivery-" + QByteArray::number(d.id));
    request.setTransferTimeout(int(std::min<qint64>(m_options.timeoutMs, INT_MAX)));
    QNetworkReply *reply = m_network.post(request, body);
    m_inFlight.insert(reply, d);
}

void CallbackDeliverer::answered(QNetworkReply *reply)
{
    reply->deleteLater();
    const auto it = m_inFlight.constFind(reply);
    if (it == m_inFlight.cend())
        return;
    const CallbackDelivery delivery = *it;
    m_inFlight.erase(it);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300)
        record(delivery, status, {}, false);
    else if (status == 429 || status >= 500)
        record(delivery, status, statusText(status, reply), true);
    else if (status > 0) // 4xx, and redirects, which are not followed: the receiver said no
        record(delivery, status, statusText(status, reply), false);
    else if (reply->error() == QNetworkReply::OperationCanceledError)
        record(delivery, 0, QStringLiteral("no answer within %1").arg(formatDuration(m_options.timeoutMs)),
               true);
    else
        record(delivery, 0, CallbackUrl::masked(reply->errorString()), true);
    wake();
}

void CallbackDeliverer::record(const CallbackDelivery &d, int httpStatus, QString error, bool retry)
{
    RecordCallbackAttempt r;
    r.deliveryId = d.id;
    r.owner = m_engine.runnerId();
    r.atMs = m_engine.clock().nowMs();
    r.httpStatus = httpStatus;
    r.delivered = retry == false && error.isEmpty();
    if (retry) {
        const qint64 next = r.atMs + m_retry.delayMs(m_options.backoffMs, d.attempts + 1);
        if (next - d.createdAtMs > m_options.giveUpAfterMs)
            error += QStringLiteral("; gave up after %1").arg(formatDuration(m_options.giveUpAfterMs));
        else
            r.nextTryAtMs = next;
    }
    r.error = error;
    m_engine.submit({r}, this, [this](const BatchResult &result) {
        if (!result.ok)
            Q_EMIT failed(result.error);
        wake(); // the next try's time is now in the store
    });
}

void CallbackDeliverer::planNext(qint64 dueMs)
{
    const qint64 now = m_engine.clock().nowMs();
    const qint64 wait = dueMs > 0 ? std::clamp<qint64>(dueMs - now, 0, kRecheckMs) : kRecheckMs;
    m_timer.start(int(wait));
}

} // namespace jobdeck
