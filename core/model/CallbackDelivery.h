#pragma once

#include <QString>
#include <vector>

namespace jobdeck {

// A job's callback: when the job ends, its document is POSTed to its URL until a receiver accepts it.
// One delivery per ending of the job (a job requeued and ended again is delivered again). Value types.
enum class DeliveryState { Pending, Delivered, Failed };
QString deliveryStateName(DeliveryState state);
DeliveryState deliveryStateFromName(const QString &name);

// One POST of a delivery, as recorded.
struct CallbackAttempt {
    int number = 0;
    qint64 atMs = 0;
    int httpStatus = 0;     // 0: no answer (see error)
    QString error;          // empty when the receiver accepted it
    qint64 nextTryAtMs = 0; // 0: this attempt was the last
};

struct CallbackDelivery {
    qint64 id = 0; // also the delivery id a receiver dedups on
    qint64 jobId = 0;
    QString url; // as given, with any userinfo: mask it before showing it (CallbackUrl::masked)
    DeliveryState state = DeliveryState::Pending;
    qint64 createdAtMs = 0;
    qint64 nextTryAtMs = 0; // pending only
    int attempts = 0;
    std::vector<CallbackAttempt> tries; // oldest first
};

} // namespace jobdeck
