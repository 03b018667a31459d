#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace jobdeck {

// The bearer token every API request but /health must carry. It comes from JOBDECK_API_TOKEN when set, else
// from a file beside the database (mode 0600), generated at first use. The token itself is never logged.
class ApiToken {
public:
    // The file beside `databasePath` that keeps its token.
    static QString filePathFor(const QString &databasePath);
    // Reads (or, when `create` and there is none, generates) the token for `databasePath`. Empty optional and
    // `error` set when the file cannot be read or written.
    static std::optional<ApiToken> load(const QString &databasePath, bool create, QString *error);

    // Whether `presented` is the token, in time that does not depend on where they differ.
    bool matches(const QByteArray &presented) const;
    // Where the token came from: the file's path, or "JOBDECK_API_TOKEN".
    QString source() const { return m_source; }
    QByteArray value() const { return m_value; }

private:
    ApiToken(QByteArray value, QString source) : m_value(std::move(value)), m_source(std::move(source)) {}

    QByteArray m_value;
    QString m_source;
};

} // namespace jobdeck
