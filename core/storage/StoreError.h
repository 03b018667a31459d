#pragma once

#include <QString>
#include <stdexcept>

namespace jobdeck {

// A storage failure with a one-line message meant for the user.
class StoreError : public std::runtime_error {
public:
    explicit StoreError(const QString &message) : std::runtime_error(message.toStdString()) {}
    QString message() const { return QString::fromStdString(what()); }
};

} // namespace jobdeck
