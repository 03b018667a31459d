#pragma once

#include <QByteArray>
#include <QString>
#include <array>
#include <cstddef>
#include <optional>

namespace jobdeck {

// SHA-256, SHA-1 or MD5 whose running state is plain bytes, so a long hash can be saved in a checkpoint and
// continued by a later attempt without reading the data hashed so far again (QCryptographicHash cannot be
// saved). The digests are the standard ones: what sha256sum, sha1sum and md5sum print. Value type.
class ResumableHash {
public:
    enum class Algorithm { Sha256, Sha1, Md5 };

    explicit ResumableHash(Algorithm algorithm);

    static std::optional<Algorithm> algorithmFromName(const QString &name);
    static QString algorithmName(Algorithm algorithm);

    Algorithm algorithm() const { return m_algorithm; }
    void addData(const char *data, qsizetype size);
    // The digest of everything added so far, in lower-case hex. The hash can go on afterwards.
    QByteArray hexDigest() const;

    // The running state, to store and to continue from with restore().
    QByteArray saveState() const;
    // Empty when the state was not saved by this algorithm (or by another build's layout).
    static std::optional<ResumableHash> restore(Algorithm algorithm, const QByteArray &state);

private:
    Algorithm m_algorithm;
    alignas(std::max_align_t) std::array<unsigned char, 128> m_context{}; // the OpenSSL context, a plain struct
};

} // namespace jobdeck
