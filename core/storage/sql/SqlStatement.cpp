#include "SqlStatement.h"

namespace jobdeck {

void SqlStatement::bindValue(int index, const QVariant &value)
{
    if (value.isNull()) {
        bindNull(index);
        return;
    }
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Bool:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        bindInteger(index, value.toLongLong());
        break;
    case QMetaType::Double:
        bindReal(index, value.toDouble());
        break;
    default:
        bindText(index, value.toString().toUtf8());
    }
}

} // namespace jobdeck
