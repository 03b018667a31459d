#include "ZoneCombo.h"

#include "schedule/ZoneRules.h"

#include <QCompleter>

namespace jobdeck {

ZoneCombo::ZoneCombo(QWidget *parent) : QComboBox(parent)
{
    setEditable(true);
    addItems(ZoneRules::regionZoneIds());
    setInsertPolicy(QComboBox::NoInsert);
    completer()->setFilterMode(Qt::MatchContains);
    completer()->setCaseSensitivity(Qt::CaseInsensitive);
    setCurrentText(ZoneRules::systemZoneId());
    // A steady width whatever is typed.
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(18);
}

} // namespace jobdeck
