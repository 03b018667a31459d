#pragma once

#include <QComboBox>

namespace jobdeck {

// Picks an IANA time zone: the system's zones by region/city name, typed with completion on any part of the
// name ("berl" finds Europe/Berlin). Starts at the system's zone.
class ZoneCombo final : public QComboBox {
    Q_OBJECT
public:
    explicit ZoneCombo(QWidget *parent = nullptr);
};

} // namespace jobdeck
