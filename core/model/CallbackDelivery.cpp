#include "CallbackDelivery.h"

namespace jobdeck {

QString deliveryStateName(DeliveryState state)
{
    switch (state) {
    case DeliveryState::Pending:
        return QStringLiteral("pending");
    case DeliveryState::Delivered:
        return QStringLiteral("delivered");
    case DeliveryState::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("pending");
}

DeliveryState deliveryStateFromName(const QString &name)
{
    if (name == QLatin1String("delivered"))
        return DeliveryState::Delivered;
    if (name == QLatin1String("failed"))
        return DeliveryState::Failed;
    return DeliveryState::Pending;
}

} // namespace jobdeck
