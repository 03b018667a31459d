#include "JobRunnable.h"

#include "Engine.h"
#include "JobContext.h"
#include "JobHandler.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>
#include <atomic>

namespace jobdeck {

namespace {

QString workerName()
{
    static std::atomic<int> s_workers{0};
    thread_local QString t_name;
    if (t_name.isEmpty()) {
        t_name = QStringLiteral("worker-%1").arg(s_workers.fetch_add(1) + 1);
        QThread::currentThread()->setObjectName(QStringLiteral("jobdeck-") + t_name);
    }
    return t_name;
}

QByteArray toJson(const QJsonValue &value)
{
    if (value.isUndefined())
        return {};
    QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return json.mid(1, json.size() - 2);
}

} // namespace

void JobRunnable::run()
{
    [[maybe_unused]] const bool handedOver = m_handedOver.load(std::memory_order_acquire);
    Q_ASSERT(handedOver);
    RunState &s = *m_state;
    s.worker = workerName();
    if (!m_engine.attemptStarted(m_state)) {
        m_engine.runRefused(m_state);
        m_engine.workerLeft();
        return;
    }

    AttemptEnd end;
    JobHandler *handler = m_engine.handlers().find(s.job.kind);
    if (!handler) {
        end.kind = AttemptEnd::Kind::Failed;
        end.error = QStringLiteral("no handler or job definition for kind \"%1\"").arg(s.job.kind);
        end.retryable = false;
    } else {
        try {
            JobContext ctx(m_state, m_engine.store(), m_engine.clock(), m_engine.logCap());
            handler->run(ctx);
            if (s.cancel.isCancelled()) {
                end.kind = AttemptEnd::Kind::Cancelled;
            } else {
                end.result = toJson(ctx.result());
            }
        } catch (const JobCancelled &) {
            end.kind = AttemptEnd::Kind::Cancelled;
        } catch (const JobFailure &f) {
            end.kind = s.cancel.isCancelled() ? AttemptEnd::Kind::Cancelled : AttemptEnd::Kind::Failed;
            end.error = QString::fromStdString(f.what());
            end.retryable = f.isRetryable();
        } catch (const std::exception &e) {
            end.kind = AttemptEnd::Kind::Failed;
            end.error = QString::fromStdString(e.what());
        } catch (...) {
            end.kind = AttemptEnd::Kind::Failed;
            end.error = QStringLiteral("the handler threw an unknown exception");
        }
    }
    end.cancelReason = s.cancel.reason();
    m_engine.attemptEnded(m_state, end);
    m_engine.workerLeft();
}

} // namespace jobdeck
