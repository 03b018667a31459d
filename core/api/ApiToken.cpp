#include "ApiToken.h"

#include "storage/postgres/PostgresUrl.h"

#include <QCryptographicHash>
#include <QDir>
#include <QStandardPaths>

#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace jobdeck {

namespace {

QByteArray generateToken()
{
    // 32 bytes from the system's cryptographic source, as URL-safe base64 (43 characters).
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

QString ApiToken::filePathFor(const QString &databasePath)
{
    if (!PostgresUrl::isPostgres(databasePath))
        return databasePath + QStringLiteral(".api-token");
    // A server's database has no folder of this machine's beside it: the token lives in this user's data folder,
    // one file per database (named by a digest of the URL without its password).
    const auto url = PostgresUrl::parse(databasePath, nullptr);
    const QByteArray name = url ? url->display().toUtf8() : databasePath.toUtf8();
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dir);
    return QDir(dir).filePath(QStringLiteral("postgresql-%1.api-token")
                                  .arg(QString::fromLatin1(QCryptographicHash::hash(name, QCryptographicHash::Sha256).toHex().left(16))));
}

std::optional<ApiToken> ApiToken::load(const QString &databasePath, bool create, QString *error)
{
    if (const QByteArray fromEnv = qgetenv("JOBDECK_API_TOKEN").trimmed(); !fromEnv.isEmpty())
        return ApiToken(fromEnv, QStringLiteral("JOBDECK_API_TOKEN"));
    const QString path = filePathFor(databasePath);
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read the API token file %1: %2").arg(path, file.errorString());
            return std::nullopt;
        }
        const QByteArray value = file.readAll().trimmed();
        if (value.size() < 16) {
            *error = QStringLiteral("the API token file %1 holds no usable token (16 characters at least)").arg(path);
            return std::nullopt;
        }
        return ApiToken(value, path);
    }
    if (!create) {
        *error = QStringLiteral("no API token yet: %1 does not exist (it is made when the runner first serves "
                                "--http, or set JOBDECK_API_TOKEN)")
                     .arg(path);
        return std::nullopt;
    }
    const QByteArray value = generateToken();
    // Created owner-only before any byte of the token is in it; O_EXCL so two runners starting at once cannot
    // both write one: the second reads the first's.
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return load(databasePath, false, error);
        *error = QStringLiteral("cannot create the API token file %1: %2").arg(path, QString::fromLocal8Bit(strerror(errno)));
        return std::nullopt;
    }
    QFile out;
    if (!out.open(fd, QIODevice::WriteOnly, QFileDevice::AutoCloseHandle) || out.write(value + '\n') < 0 || !out.flush()) {
        *error = QStringLiteral("cannot write the API token file %1: %2").arg(path, out.errorString());
        out.close();
        QFile::remove(path);
        return std::nullopt;
    }
    return ApiToken(value, path);
}

bool ApiToken::matches(const QByteArray &presented) const
{
    // Every byte of the longer one is looked at, whatever the first difference.
    const qsizetype n = std::max(presented.size(), m_value.size());
    unsigned char diff = presented.size() == m_value.size() ? 0 : 1;
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char a = i < presented.size() ? uchar(presented[i]) : 0;
        const unsigned char b = i < m_value.size() ? uchar(m_value[i]) : 0;
        diff |= a ^ b;
    }
    return diff == 0;
}

} // namespace jobdeck
