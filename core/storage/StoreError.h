#pragma once

#include <QString>
#include <stdexcept>

namespace jobdeck {

// What went wrong, for code to decide by (retry, report, refuse); the message is for people.
enum class StoreErrorCode {
    Other,
    Busy,        // another connection holds a lock for now
    Locked,      // a lock conflict inside this process's own connections
    Corrupt,     // the file is damaged
    ReadOnly,    // the file, its folder or the medium cannot be written
    NotJobdeck,  // not a SQLite database, or one of another application
    NewerSchema, // written by a newer Jobdeck
    DiskFull,
    Io,          // the operating system failed a read or write
    CantOpen,    // missing folder, unreadable file, or a directory
    Closed,      // the store is shutting down
    NotFound,    // a write names a row that does not exist (a continuation's parent)
};

// A storage failure: a code and a one-line message meant for the user.
class StoreError : public std::runtime_error {
public:
    explicit StoreError(const QString &message, StoreErrorCode code = StoreErrorCode::Other)
        : std::runtime_error(message.toStdString()), m_code(code)
    {
    }
    QString message() const { return QString::fromStdString(what()); }
    StoreErrorCode code() const { return m_code; }
    // Another program (or connection) holds the database for now: worth waiting for, not worth failing.
    bool isLockConflict() const { return isLockConflict(m_code); }
    static bool isLockConflict(StoreErrorCode code) { return code == StoreErrorCode::Busy || code == StoreErrorCode::Locked; }

private:
    StoreErrorCode m_code;
};

} // namespace jobdeck
