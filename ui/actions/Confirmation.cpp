#include "Confirmation.h"

namespace jobdeck {

QString confirmKey(ConfirmKind kind)
{
    switch (kind) {
    case ConfirmKind::CancelRunning:
        return QStringLiteral("cancelRunning");
    case ConfirmKind::DeleteJobs:
        return QStringLiteral("deleteJobs");
    case ConfirmKind::RequeueAll:
        return QStringLiteral("requeueAll");
    case ConfirmKind::DeleteSchedule:
        return QStringLiteral("deleteSchedule");
    case ConfirmKind::DeleteWatch:
        return QStringLiteral("deleteWatch");
    case ConfirmKind::CancelBatch:
        return QStringLiteral("cancelBatch");
    }
    Q_UNREACHABLE();
    return {};
}

} // namespace jobdeck
