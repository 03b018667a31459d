#include "ResumableHash.h"

// The low-level digest functions are deprecated in OpenSSL 3 in favour of EVP, whose contexts are opaque and
// cannot be saved; their plain context structs are exactly what a resumable hash needs.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/md5.h>
#include <openssl/sha.h>

#include <cstring>

namespace jobdeck {

namespace {

static_assert(sizeof(SHA256_CTX) <= 128 && sizeof(SHA_CTX) <= 128 && sizeof(MD5_CTX) <= 128);

size_t contextSize(ResumableHash::Algorithm algorithm)
{
    switch (algorithm) {
    case ResumableHash::Algorithm::Sha256:
        return sizeof(SHA256_CTX);
    case ResumableHash::Algorithm::Sha1:
        return sizeof(SHA_CTX);
    case ResumableHash::Algorithm::Md5:
        return sizeof(MD5_CTX);
    }
    return 0;
}

template<typename Context>
Context *as(std::array<unsigned char, 128> &bytes)
{
    return reinterpret_cast<Context *>(bytes.data());
}

} // namespace

ResumableHash::ResumableHash(Algorithm algorithm) : m_algorithm(algorithm)
{
    switch (m_algorithm) {
    case Algorithm::Sha256:
        SHA256_Init(as<SHA256_CTX>(m_context));
        break;
    case Algorithm::Sha1:
        SHA1_Init(as<SHA_CTX>(m_context));
        break;
    case Algorithm::Md5:
        MD5_Init(as<MD5_CTX>(m_context));
        break;
    }
}

std::optional<ResumableHash::Algorithm> ResumableHash::algorithmFromName(const QString &name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("sha256"))
        return Algorithm::Sha256;
    if (n == QLatin1String("sha1"))
        return Algorithm::Sha1;
    if (n == QLatin1String("md5"))
        return Algorithm::Md5;
    return std::nullopt;
}

QString ResumableHash::algorithmName(Algorithm algorithm)
{
    switch (algorithm) {
    case Algorithm::Sha256:
        return QStringLiteral("sha256");
    case Algorithm::Sha1:
        return QStringLiteral("sha1");
    case Algorithm::Md5:
        return QStringLiteral("md5");
    }
    return {};
}

void ResumableHash::addData(const char *data, qsizetype size)
{
    switch (m_algorithm) {
    case Algorithm::Sha256:
        SHA256_Update(as<SHA256_CTX>(m_context), data, size_t(size));
        break;
    case Algorithm::Sha1:
        SHA1_Update(as<SHA_CTX>(m_context), data, size_t(size));
        break;
    case Algorithm::Md5:
        MD5_Update(as<MD5_CTX>(m_context), data, size_t(size));
        break;
    }
}

QByteArray ResumableHash::hexDigest() const
{
    // Finishing destroys a context, so a copy is finished and the hash itself can go on.
    std::array<unsigned char, 128> copy = m_context;
    QByteArray digest;
    switch (m_algorithm) {
    case Algorithm::Sha256:
        digest.resize(SHA256_DIGEST_LENGTH);
        SHA256_Final(reinterpret_cast<unsigned char *>(digest.data()), as<SHA256_CTX>(copy));
        break;
    case Algorithm::Sha1:
        digest.resize(SHA_DIGEST_LENGTH);
        SHA1_Final(reinterpret_cast<unsigned char *>(digest.data()), as<SHA_CTX>(copy));
        break;
    case Algorithm::Md5:
        digest.resize(MD5_DIGEST_LENGTH);
        MD5_Final(reinterpret_cast<unsigned char *>(digest.data()), as<MD5_CTX>(copy));
        break;
    }
    return digest.toHex();
}

QByteArray ResumableHash::saveState() const
{
    return QByteArray(reinterpret_cast<const char *>(m_context.data()), qsizetype(contextSize(m_algorithm)));
}

std::optional<ResumableHash> ResumableHash::restore(Algorithm algorithm, const QByteArray &state)
{
    if (size_t(state.size()) != contextSize(algorithm))
        return std::nullopt;
    ResumableHash hash(algorithm);
    std::memcpy(hash.m_context.data(), state.constData(), size_t(state.size()));
    return hash;
}

} // namespace jobdeck
